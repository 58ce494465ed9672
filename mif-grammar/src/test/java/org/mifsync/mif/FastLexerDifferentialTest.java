package org.mifsync.mif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.junit.jupiter.api.Test;
import org.mifsync.mif.internal.antlr.MifLexer;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * The hand-written {@link FastLexer} must produce exactly the grammar lexer's tokens: same type,
 * channel, start, stop, line, column and text, on real files, on every feature file, on mutations
 * of them and on generated soup of MIF fragments and awkward characters.
 */
class FastLexerDifferentialTest {

    /** Pieces that exercise every lexer rule and every boundary between rules. */
    private static final String[] PIECES = {
        "start", "END", "Component", "gRoUp", "attribute", "table", "enum", "Enumeration", "path", "PATHS",
        "language", "name", "description", "id", "class", "key", "type", "access", "storage", "value", "pragma",
        "counter", "counter64", "gauge", "integer", "INT", "integer64", "int64", "string", "displaystring",
        "octetstring", "date", "read-only", "READ-WRITE", "write-only", "common", "specific", "unknown",
        "unsupported", "dos", "macos", "os2", "unix", "win16", "win32", "win9x", "winnt", "direct-interface",
        "read-", "read-on", "read-onlyx", "direct", "write", "startx", "_x", "int6", "0x", "0x1F", "0X1g", "007",
        "12abc", "-", "+", "=", ",", "{", "}", "(", ")", "*", "/", "//", "\"", "\\", "\\\"", "\"a b\"", "\"\\x41\"",
        "\"un", "//Architecture<System>", "//A <b>", "// A<b> ", "//A<b><c>\t", "//A<b> x", "//A<>", "//<x>",
        "//A<b", "<", ">", " ", "\t", "\r", "\n", "\r\n", "\f", "\u001A", "\u00e9", "\u00ff", "\u0131", "\u017f",
        "\u212a", "\u0130", "\u00b5", "'", "...", "|", "\u0000", "ı", "é\"é\"", "\"\n\"" };

    private record Tok(int type, int channel, int start, int stop, int line, int column, String text) {
        static Tok of(Token t) {
            return new Tok(t.getType(), t.getChannel(), t.getStartIndex(), t.getStopIndex(), t.getLine(),
                    t.getCharPositionInLine(), t.getText());
        }
    }

    private static List<Tok> tokens(TokenSource source) {
        CommonTokenStream stream = new CommonTokenStream(source);
        stream.fill();
        return stream.getTokens().stream().map(Tok::of).toList();
    }

    private static void assertSameTokens(String text) {
        CharStream grammarInput = CharStreams.fromString(text, "x");
        MifLexer grammar = new MifLexer(grammarInput);
        grammar.removeErrorListeners();
        List<Tok> expected = tokens(grammar);
        List<Tok> actual = tokens(new FastLexer(text, CharStreams.fromString(text, "x")));
        assertThat(actual).as("tokens of %s", show(text)).isEqualTo(expected);
    }

    private static String show(String text) {
        StringBuilder b = new StringBuilder("\"");
        text.chars().forEach(c -> b.append(c < 0x20 || c > 0x7E ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.append('"').toString();
    }

    private static List<String> files() throws Exception {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> s = Files.list(Golden.root().resolve("features"))) {
            s.filter(p -> p.toString().endsWith(".mif")).forEach(paths::add);
        }
        paths.addAll(Corpus.mifFilesIfPresent("real", "real-malformed", "real-fragments"));
        List<String> texts = new ArrayList<>();
        for (Path p : paths) {
            texts.add(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
        }
        return texts;
    }

    @Test
    void sameTokensOnEveryCorpusAndFeatureFile() throws Exception {
        List<String> texts = files();
        assertThat(texts).hasSizeGreaterThan(20);
        texts.forEach(FastLexerDifferentialTest::assertSameTokens);
    }

    @Test
    void sameTokensOnSoupOfFragmentsAndAwkwardCharacters() {
        Gen<String> piece = SourceDSL.integers().between(0, PIECES.length - 1).map(i -> PIECES[i]);
        Gen<String> soup = SourceDSL.lists().of(piece).ofSizeBetween(0, 40).map(l -> String.join("", l));
        qt().withFixedSeed(Thorough.seed(20261121L, "FastLexerDifferentialTest")).withExamples(Thorough.count(4_000, 200_000)).forAll(soup).checkAssert(FastLexerDifferentialTest::assertSameTokens);
    }

    @Test
    void sameTokensOnMutatedFiles() throws Exception {
        List<String> texts = files();
        Random random = new Random(Thorough.seed(7, "FastLexerDifferentialTest mutations"));
        for (int round = 0; round < Thorough.count(600, 30_000); round++) {
            StringBuilder text = new StringBuilder(texts.get(random.nextInt(texts.size())));
            int edits = 1 + random.nextInt(8);
            for (int e = 0; e < edits && text.length() > 0; e++) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(4)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, PIECES[random.nextInt(PIECES.length)]);
                    case 2 -> text.setCharAt(at, (char) random.nextInt(256));
                    default -> text.setLength(at);
                }
            }
            assertSameTokens(text.toString());
        }
    }

    @Test
    void sameParseOutcomeWithEitherLexerOnEveryFile() throws Exception {
        for (String text : files()) {
            byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            for (SyntaxMode mode : SyntaxMode.values()) {
                MifParser fast = MifParser.builder().mode(mode).smsChecks(true).build();
                MifParser grammar = MifParser.builder().mode(mode).smsChecks(true).grammarLexer(true).build();
                assertThat(Golden.outcome(fast, bytes, "x")).isEqualTo(Golden.outcome(grammar, bytes, "x"));
            }
        }
    }

    @Test
    void textsWithSurrogatePairsAreLeftToTheGrammarLexer() {
        assertThat(FastLexer.handles("plain \u00e9 text")).isTrue();
        assertThat(FastLexer.handles("emoji \ud83d\ude00")).isFalse();
    }
}
