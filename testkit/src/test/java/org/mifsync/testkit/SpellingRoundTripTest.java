package org.mifsync.testkit;

import org.junit.jupiter.api.Test;
import org.mifsync.mif.MifParser;

/**
 * Every way of spelling a valid document that the language allows reads back as that document,
 * without a warning, in strict mode: the parser's freedom (case, comments, split strings,
 * escapes, number bases, statement order, synonyms, encodings) against a model known in advance.
 */
class SpellingRoundTripTest {

    private static final MifParser STRICT = MifParser.strict();
    private static final MifParser STRICT_GRAMMAR_LEXER = MifParser.builder().grammarLexer(true).build();

    @Test
    void everySpellingParsesBackEqual() {
        Budget.qt("everySpellingParsesBackEqual", 31_337L, 400).forAll(MifSpellings.spelledDocuments())
                .checkAssert(s -> {
                    WriterRoundTripTest.assertSame(s.document(),
                            WriterRoundTripTest.parse(s.document(), () -> STRICT.parse(s.bytes(), "spelled.mif")));
                    WriterRoundTripTest.assertSame(s.document(), WriterRoundTripTest.parse(s.document(),
                            () -> STRICT_GRAMMAR_LEXER.parse(s.bytes(), "spelled.mif")));
                });
    }
}
