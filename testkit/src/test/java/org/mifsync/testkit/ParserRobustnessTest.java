package org.mifsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mifsync.mif.Diagnostic;
import org.mifsync.mif.MifException;
import org.mifsync.mif.MifParser;
import org.mifsync.mif.ParseResult;
import org.mifsync.mif.SyntaxMode;
import org.mifsync.testkit.MifMutations.Mutant;
import org.mifsync.testkit.MifMutations.Sample;

/**
 * Broken input never breaks the parser: for every mutant, in strict and in lenient mode, it
 * returns a document or throws {@link MifException}, every error and warning lies inside the
 * input, and it answers in reasonable time (the timeout only catches hangs; it is far above the
 * milliseconds a parse takes). Hostile input ({@link HostileMifs}: one broken statement repeated)
 * always ends in an exception that stops at the error limit.
 */
class ParserRobustnessTest {

    private static final String SOURCE = "mutant.mif";
    private static final Duration HANG = Duration.ofSeconds(10);
    private static final List<MifParser> PARSERS = List.of(MifParser.strict(), MifParser.lenient(),
            MifParser.builder().smsChecks(true).build(),
            // the grammar's own lexer as well as the hand-written token source that stands in for it
            MifParser.builder().grammarLexer(true).mode(SyntaxMode.LENIENT).build());

    @Test
    void mutatedGeneratedDocumentsGiveDocumentOrLocatedErrors() {
        Budget.qt("mutatedGeneratedDocumentsGiveDocumentOrLocatedErrors", 7_001L, 300)
                .forAll(MifMutations.mutantsOf(MifMutations.generatedSamples()))
                .checkAssert(ParserRobustnessTest::assertWellBehaved);
    }

    @Test
    void mutatedCorpusFilesGiveDocumentOrLocatedErrors() {
        List<Sample> corpus = corpus();
        Budget.qt("mutatedCorpusFilesGiveDocumentOrLocatedErrors", 7_002L, 300)
                .forAll(MifMutations.mutantsOf(MifMutations.oneOf(corpus)))
                .checkAssert(ParserRobustnessTest::assertWellBehaved);
    }

    @Test
    void randomBytesGiveDocumentOrLocatedErrors() {
        Budget.qt("randomBytesGiveDocumentOrLocatedErrors", 7_003L, 200).forAll(MifMutations.randomBytes())
                .checkAssert(ParserRobustnessTest::assertWellBehaved);
    }

    @Test
    void randomMifWordsGiveDocumentOrLocatedErrors() {
        Budget.qt("randomMifWordsGiveDocumentOrLocatedErrors", 7_004L, 300).forAll(MifMutations.tokenSoup())
                .checkAssert(ParserRobustnessTest::assertWellBehaved);
    }

    @Test
    void hostileInputsGiveLocatedErrorsWithinTheLimit() {
        Budget.qt("hostileInputsGiveLocatedErrorsWithinTheLimit", 7_005L, 100).forAll(HostileMifs.inputs())
                .checkAssert(m -> {
                    assertWellBehaved(m);
                    for (MifParser parser : PARSERS) {
                        // every shape is broken however often it repeats: never a document
                        MifException e = catchThrowableOfType(
                                () -> parser.parse(m.bytes(), SOURCE), MifException.class);
                        assertThat(e).as("%s parser, %s", parser.mode(), m).isNotNull();
                        // the limit of 100 errors, and the line that says parsing stopped
                        assertThat(e.errors()).as("%s parser, %s", parser.mode(), m).hasSizeLessThanOrEqualTo(101);
                    }
                });
    }

    @Test
    void corpusFilesCutAnywhereGiveDocumentOrLocatedErrors() {
        for (Sample s : corpus()) {
            byte[] bytes = s.bytes();
            // every 37th offset: each region of each file, without parsing 30,000 prefixes
            for (int at = 0; at <= bytes.length; at += 37) {
                assertWellBehaved(new Mutant(s.name(), List.of("cut at byte " + at),
                        java.util.Arrays.copyOf(bytes, at)));
            }
        }
    }

    static void assertWellBehaved(Mutant m) {
        byte[] bytes = m.bytes();
        String text = LocationCheck.decode(bytes);
        for (MifParser parser : PARSERS) {
            List<Diagnostic> diagnostics = assertTimeoutPreemptively(HANG, () -> parseOrErrors(parser, bytes),
                    () -> "no answer in " + HANG + " (" + parser.mode() + ") for " + m);
            assertThat(LocationCheck.problems(text, SOURCE, diagnostics))
                    .as("%s parser, locations outside the input %s", parser.mode(), m).isEmpty();
        }
    }

    /** The warnings of a document, or the errors and warnings of the exception; anything else escapes. */
    private static List<Diagnostic> parseOrErrors(MifParser parser, byte[] bytes) {
        try {
            ParseResult r = parser.parse(bytes, SOURCE);
            assertThat(r.document()).isNotNull();
            return r.warnings();
        } catch (MifException e) {
            assertThat(e.errors()).as("a MifException has errors").isNotEmpty();
            assertThat(e.errors()).allMatch(Diagnostic::isError);
            assertThat(e.warnings()).noneMatch(Diagnostic::isError);
            List<Diagnostic> all = new ArrayList<>(e.errors());
            all.addAll(e.warnings());
            return all;
        }
    }

    /** The real corpus files; the test is skipped (saying where it looked) when they are absent. */
    static List<Sample> corpus() {
        List<Sample> out = new ArrayList<>();
        for (Path p : Corpus.mifFiles("real")) {
            try {
                out.add(new Sample(p.getFileName().toString(), Files.readAllBytes(p)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(out).as("MIF files in the corpus's real/").isNotEmpty();
        return out;
    }
}
