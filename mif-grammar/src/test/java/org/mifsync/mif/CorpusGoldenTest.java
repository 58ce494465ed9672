package org.mifsync.mif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of the shared MIF corpus against its golden outcome, in strict and lenient mode:
 * {@code real/} parses, {@code real-malformed/} fails at the right places, and
 * {@code real-fragments/} behave as their SOURCES.md says (fragments are also parsed wrapped in
 * the blocks they were cut from, so that the statements themselves are checked).
 */
class CorpusGoldenTest {

    /** Wrappers that put a fragment back into a component; prefix stays on line 1. */
    private record Wrapper(String prefix, String suffix, boolean sms) { }

    private static final String TEMPLATE_10 = "START COMPONENT NAME = \"wrapper\" START GROUP NAME = \"g2\""
            + " CLASS = \"group2 class\" KEY = 1 START ATTRIBUTE NAME = \"a1\" ID = 1 TYPE = COUNTER VALUE = 0"
            + " END ATTRIBUTE START ATTRIBUTE NAME = \"a2\" ID = 2 TYPE = INTEGER VALUE = 0 END ATTRIBUTE"
            + " START ATTRIBUTE NAME = \"a3\" ID = 3 TYPE = INTEGER VALUE = 0 END ATTRIBUTE"
            + " START ATTRIBUTE NAME = \"a4\" ID = 4 TYPE = INTEGER VALUE = 0 END ATTRIBUTE"
            + " START ATTRIBUTE NAME = \"a5\" ID = 5 TYPE = GAUGE VALUE = 0 END ATTRIBUTE"
            + " START ATTRIBUTE NAME = \"a6\" ID = 6 TYPE = STRING(32) VALUE = \"\" END ATTRIBUTE"
            + " START ATTRIBUTE NAME = \"a7\" ID = 7 TYPE = OCTETSTRING(8) VALUE = \"\" END ATTRIBUTE"
            + " START ATTRIBUTE NAME = \"a8\" ID = 8 TYPE = DATE VALUE = \"\" END ATTRIBUTE"
            + " START ATTRIBUTE NAME = \"a9\" ID = 9 TYPE = INTEGER VALUE = 0 END ATTRIBUTE"
            + " START ATTRIBUTE NAME = \"a10\" ID = 10 TYPE = INTEGER VALUE = 0 END ATTRIBUTE END GROUP ";

    private static final Map<String, Wrapper> WRAPPERS = Map.of(
            "real-fragments/os2dmi-sample-table-fragment.mif",
            new Wrapper(TEMPLATE_10, "\nEND COMPONENT\n", false),
            "real-fragments/sms12rk-architecture-id0-fragment.mif",
            new Wrapper("START COMPONENT NAME = \"wrapper\" ", "\nEND COMPONENT\n", false),
            "real-fragments/kb-Q239534-date-oneliner.mif",
            new Wrapper("START COMPONENT NAME = \"wrapper\" START GROUP NAME = \"g\" CLASS = \"c\" ID = 1"
                    + " START ATTRIBUTE NAME = \"a\" ID = 1", "\nEND ATTRIBUTE END GROUP END COMPONENT\n", true),
            "real-fragments/kb-Q202078-single-quoted-fragment.mif",
            new Wrapper("START COMPONENT NAME = \"wrapper\" ", "\nEND COMPONENT\n", false),
            "real-malformed/kb-Q169491-annotated-attribute-fragment.mif",
            new Wrapper("START COMPONENT NAME = \"wrapper\" START GROUP NAME = \"g\" CLASS = \"c\" ID = 1 ",
                    "\nEND GROUP END COMPONENT\n", false),
            "real-malformed/sms12rk-group-unquoted-class-fragment.mif",
            new Wrapper("START COMPONENT NAME = \"wrapper\" ", "\nEND COMPONENT\n", false));

    static Stream<Arguments> corpusFiles() {
        Path corpus = Corpus.require();
        List<Arguments> cases = new ArrayList<>();
        for (Path f : Corpus.mifFiles("real", "real-malformed", "real-fragments")) {
            for (SyntaxMode mode : SyntaxMode.values()) {
                cases.add(Arguments.of(corpus.relativize(f).toString().replace('\\', '/'), mode));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("corpusFiles")
    void corpusFileMatchesItsGoldenOutcome(String name, SyntaxMode mode) throws IOException {
        byte[] bytes = Files.readAllBytes(Corpus.file(name));
        MifParser parser = MifParser.builder().mode(mode).build();
        String suffix = "." + mode.name().toLowerCase(java.util.Locale.ROOT) + ".txt";
        Golden.check(Golden.root().resolve("corpus").resolve(name + suffix), Golden.outcome(parser, bytes, name));

        Wrapper w = WRAPPERS.get(name);
        if (w != null) {
            byte[] wrapped = (w.prefix() + new String(bytes, StandardCharsets.ISO_8859_1) + w.suffix())
                    .getBytes(StandardCharsets.ISO_8859_1);
            MifParser wrappedParser = MifParser.builder().mode(mode).smsChecks(w.sms()).build();
            Golden.check(Golden.root().resolve("corpus").resolve(name + ".wrapped" + suffix),
                    Golden.outcome(wrappedParser, wrapped, name));
        }
    }

    @Test
    void everyRealFileParsesStrictlyAndRoundTrips() throws IOException {
        List<Path> mifs = Corpus.mifFiles("real");
        assertThat(mifs).hasSize(9);
        for (Path f : mifs) {
            assertThatCode(() -> {
                MifDocument doc = MifParser.strict().parse(f).document();
                assertThat(MifParser.strict().parse(MifWriter.encode(doc), "written").document()).isEqualTo(doc);
            }).as(f.toString()).doesNotThrowAnyException();
        }
    }

    @Test
    void everyMalformedFileFailsInBothModesExceptTheMissingEndComponentWhichLenientCloses() throws Exception {
        for (Path f : Corpus.mifFiles("real-malformed")) {
            assertThatCode(() -> MifParser.strict().parse(f)).as(f.toString()).isInstanceOf(MifException.class);
            if (f.getFileName().toString().contains("missing-end-component")) {
                assertThat(MifParser.lenient().parse(f).warnings()).singleElement()
                        .extracting(Diagnostic::message).asString().contains("END COMPONENT is missing");
            } else {
                assertThatCode(() -> MifParser.lenient().parse(f)).as(f.toString())
                        .isInstanceOf(MifException.class);
            }
        }
    }
}
