package org.mifsync.mif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MifParserTest {

    private static final String SMALL = """
            Start Component
                Name = "Small"
                Start Group Name = "G" Class = "ACME|G|1.0" ID = 1
                    Start Attribute Name = "a" ID = 1 Type = String(8) Value = "x" End Attribute
                End Group
            End Component
            """;

    @Test
    void fileNameIsTheSourceOfEveryLocation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.mif");
        Files.writeString(file, "Start Component\n  Name = \"x\"\n  Start Group\nEnd Component\n");
        assertThatThrownBy(() -> MifParser.strict().parse(file))
                .isInstanceOfSatisfying(MifException.class, e -> assertThat(e.errors()).isNotEmpty()
                        .allSatisfy(d -> assertThat(d.toString()).startsWith(file + ":")))
                .hasMessageContaining("expected END GROUP for group opened at 3:3, found END COMPONENT");
    }

    @Test
    void inputOverTheSizeLimitIsRefusedBeforeReading(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.mif");
        Files.writeString(file, SMALL);
        MifParser parser = MifParser.builder().limits(new ParseLimits(10, 100, 10)).build();
        assertThatThrownBy(() -> parser.parse(file)).isInstanceOf(MifException.class)
                .hasMessage(file + ":1:1: input of " + SMALL.length() + " bytes is larger than the limit of 10 bytes");
    }

    @Test
    void stringOverTheLengthLimitIsAnError() {
        MifParser parser = MifParser.builder().limits(new ParseLimits(1 << 20, 4, 10)).build();
        assertThatThrownBy(() -> parser.parseText(SMALL.replace("\"Small\"", "\"Too long\""), "s"))
                .hasMessageContaining("s:2:12: string of 8 characters is longer than the limit of 4");
    }

    @Test
    void parsingStopsAtTheErrorAfterTheLimit() {
        StringBuilder text = new StringBuilder("Start Component Name = \"many\"\n");
        for (int i = 0; i < 50; i++) {
            text.append("  Start Group Name = \"g\" Class = \"c\" ID = 0x1FFFFFFFF\n")
                    .append("    Start Attribute Name = \"a\" ID = 1 Type = Integer Value = 1 End Attribute\n")
                    .append("  End Group\n");
        }
        text.append("End Component\n");
        MifParser parser = MifParser.builder().limits(new ParseLimits(1 << 20, 100, 5)).build();
        assertThatThrownBy(() -> parser.parseText(text.toString(), "m"))
                .isInstanceOfSatisfying(MifException.class, e -> {
                    assertThat(e.errors()).hasSize(6);
                    // the sixth out-of-range group ID, on line 17, is where the parse stopped
                    assertThat(e.errors().get(5).toString()).isEqualTo("m:17:43: too many errors: parsing stopped here,"
                            + " after the limit of 5 errors; the rest of the input was not checked");
                });
    }

    @Test
    void errorLimitReachedWhileBlocksCloseStillEndsInMifException() {
        StringBuilder mif = new StringBuilder("START COMPONENT NAME = \"c\" START GROUP NAME = \"g\" CLASS = \"x\" ID = 1\n");
        for (int i = 0; i < 102; i++) { // 101 duplicates: the limit of 100, and one more
            mif.append("START ATTRIBUTE NAME = \"a\" ID = 1 TYPE = INTEGER END ATTRIBUTE\n");
        }
        mif.append("END GROUP END COMPONENT\n");
        assertThatThrownBy(() -> MifParser.strict().parseText(mif.toString(), "t.mif"))
                .isInstanceOfSatisfying(MifException.class, e -> {
                    assertThat(e.errors()).hasSize(101);
                    assertThat(e.errors().get(100).message()).startsWith("too many errors: parsing stopped here");
                });
    }

    /** A group whose ID is out of range: one error in either mode, and the syntax goes on fine. */
    private static final String BAD_GROUP = "  Start Group Name = \"g\" Class = \"c\" ID = 0x1FFFFFFFF\n"
            + "    Start Attribute Name = \"a\" ID = 1 Type = Integer Value = 1 End Attribute\n  End Group\n";

    /** A group whose only value wraps onto a second line: in lenient mode a warning, read while parsing. */
    private static final String WRAPPED = "  Start Group Name = \"w\" Class = \"w\" ID = 7\n"
            + "    Start Attribute Name = \"a\" ID = 1 Type = String(64) Value = \"wrapped\n"
            + "      here\" End Attribute\n  End Group\n";

    private static String component(String body) {
        return "Start Component Name = \"many\"\n" + body + "End Component\n";
    }

    @Test
    void theParseStopsAtTheErrorAfterTheLimitAndReadsNothingBeyondIt() {
        // 3,000 errors, then a statement that warns when it is read: past the limit it must not be
        String text = component(BAD_GROUP.repeat(3_000) + WRAPPED);
        MifParser parser = MifParser.builder().mode(SyntaxMode.LENIENT).build();
        assertThatThrownBy(() -> parser.parseText(text, "m"))
                .isInstanceOfSatisfying(MifException.class, e -> {
                    assertThat(e.errors()).hasSize(101);
                    assertThat(e.errors().subList(0, 100)).allSatisfy(d -> assertThat(d.message())
                            .isEqualTo("ID 8589934591 is larger than 4294967295"));
                    // the 101st bad group, 3 lines each after the component line, is where it stopped
                    assertThat(e.errors().get(100).toString()).isEqualTo("m:302:43: too many errors: parsing stopped"
                            + " here, after the limit of 100 errors; the rest of the input was not checked");
                    assertThat(e.warnings()).noneMatch(w -> w.message().startsWith("string runs over the end"));
                });
        // the same statement, within the limit, is read and warned about: the check above can fail
        String within = component(BAD_GROUP.repeat(99) + WRAPPED);
        assertThatThrownBy(() -> parser.parseText(within, "m"))
                .isInstanceOfSatisfying(MifException.class, e -> {
                    assertThat(e.errors()).hasSize(99);
                    assertThat(e.warnings()).anyMatch(w -> w.message().startsWith("string runs over the end"));
                });
    }

    @Test
    void syntaxErrorsStopAtTheLimitToo() {
        // one syntax error per attribute (a value missing), each recovered from at the next statement
        String attribute = "    Start Attribute Name = \"a\" ID = 1 Type = Integer Value = End Attribute\n";
        String text = component("  Start Group Name = \"g\" Class = \"c\" ID = 1\n" + attribute.repeat(5_000)
                + "  End Group\n" + WRAPPED);
        for (MifParser parser : List.of(MifParser.strict(), MifParser.lenient())) {
            assertThatThrownBy(() -> parser.parseText(text, "s"))
                    .isInstanceOfSatisfying(MifException.class, e -> {
                        assertThat(e.errors()).hasSize(101);
                        assertThat(e.errors().subList(0, 100)).allSatisfy(d -> assertThat(d.message())
                                .startsWith("expected a value"));
                        // attributes start on line 3: the 101st, on line 103, is where it stopped
                        assertThat(e.errors().get(100).location().line()).isEqualTo(103);
                        assertThat(e.errors().get(100).message()).startsWith("too many errors: parsing stopped here");
                        assertThat(e.warnings()).noneMatch(w -> w.message().startsWith("string runs over the end"));
                    });
        }
    }

    @Test
    void aSmallerLimitStopsSooner() {
        String text = component(BAD_GROUP.repeat(50));
        MifParser parser = MifParser.builder().limits(new ParseLimits(1 << 20, 100, 1)).build();
        assertThatThrownBy(() -> parser.parseText(text, "one"))
                .isInstanceOfSatisfying(MifException.class, e -> assertThat(e.errors()).extracting(Diagnostic::toString)
                        .containsExactly("one:2:43: ID 8589934591 is larger than 4294967295",
                                "one:5:43: too many errors: parsing stopped here, after the limit of 1 errors; the rest"
                                        + " of the input was not checked"));
    }

    @Test
    void missingNumbersAreErrorsNotCrashes() {
        String[] inputs = {
            "START COMPONENT NAME = \"c\" START GROUP NAME = \"g\" CLASS = \"x\" ID = END GROUP END COMPONENT",
            "START COMPONENT NAME = \"c\" START GROUP NAME = \"g\" CLASS = \"x\" ID = 1 KEY = 1, START ATTRIBUTE"
                + " NAME = \"a\" ID = 1 TYPE = INTEGER END ATTRIBUTE END GROUP END COMPONENT",
            "START COMPONENT NAME = \"c\" START GROUP NAME = \"g\" CLASS = \"x\" ID = 1 START ATTRIBUTE"
                + " NAME = \"a\" ID = 1 TYPE = STRING() END ATTRIBUTE END GROUP END COMPONENT",
            "START COMPONENT NAME = \"c\" START ENUM NAME = \"e\" - = \"x\" END ENUM END COMPONENT" };
        for (String mif : inputs) {
            for (MifParser parser : List.of(MifParser.strict(), MifParser.lenient())) {
                assertThatThrownBy(() -> parser.parseText(mif, "t.mif")).as(mif).isInstanceOf(MifException.class)
                        .hasMessageStartingWith("t.mif:1:");
            }
        }
    }

    @Test
    void textBeyondLatin1IsReadWithTheUnicodeEscapeRulesTheWriterUsed() throws Exception {
        String text = MifWriter.write(new MifDocument(List.of(), java.util.Optional.empty(), new Component(
                "\u03A9\u0001", java.util.Optional.empty(), java.util.Optional.empty(), List.of(), List.of(), List.of(),
                List.of(), new SourceLocation("t", 1, 1))));
        assertThat(MifParser.strict().parseText(text, "t").document().component().name()).isEqualTo("\u03A9\u0001");
    }

    @Test
    void everyValidCorpusAndFeatureFileIsAcceptedByTheFastSllStage() throws Exception {
        List<Path> valid = new ArrayList<>();
        try (Stream<Path> s = Files.list(Golden.root().resolve("features"))) {
            s.filter(p -> p.toString().endsWith(".mif")).filter(p -> !p.toString().contains("error-")
                    && !p.toString().contains("missing-end") && !p.toString().contains("utf")).forEach(valid::add);
        }
        valid.addAll(Corpus.mifFilesIfPresent("real"));
        for (Path p : valid) {
            String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
            assertThat(MifParser.acceptedBySll(text)).as("needs full LL: %s", p).isTrue();
        }
    }

    @Test
    void oneParserServesManyThreadsWithTheSameResults() throws Exception {
        List<byte[]> inputs = new ArrayList<>();
        for (Path p : Corpus.mifFiles("real")) {
            inputs.add(Files.readAllBytes(p));
        }
        MifParser parser = MifParser.strict();
        List<MifDocument> expected = new ArrayList<>();
        for (byte[] in : inputs) {
            expected.add(parser.parse(in, "x").document());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<MifDocument>>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    List<MifDocument> docs = new ArrayList<>();
                    for (int round = 0; round < 20; round++) {
                        docs.clear();
                        for (byte[] in : inputs) {
                            docs.add(parser.parse(in, "x").document());
                        }
                    }
                    return docs;
                }));
            }
            for (Future<List<MifDocument>> f : futures) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void keywordsAndClassesFoldTheSameUnderATurkishLocale() throws Exception {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            String text = SMALL.replace("Start Group", "start group").replace("Class = \"ACME|G|1.0\"",
                    "class = \"acme|identification|1.0\"").replace("End Component", "END COMPONENT");
            MifDocument doc = MifParser.strict().parseText(text, "t").document();
            assertThat(doc.component().group("ACME|IDENTIFICATION|1.0")).isPresent();
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void aWrongEndIsOneErrorAndErrorsComeInTheOrderOfTheInput() {
        String text = "Start Component Name = \"o\"\n"
                + "  Start Group Name = \"g\" Class = \"c\" ID = 1\n"
                + "    Start Attribute Name = \"a\" ID = 1 Type = Date Value = \"bad\"\n"
                + "  End Group\nEnd Component\n";
        assertThatThrownBy(() -> MifParser.strict().parseText(text, "o.mif"))
                .hasMessage("o.mif:3:59: date \"bad\" must have 25 characters (yyyymmddHHMMSS.uuuuuu+ooo), found 3\n"
                        + "o.mif:4:3: expected END ATTRIBUTE for attribute 'a' opened at 3:5, found END GROUP");
    }
}
