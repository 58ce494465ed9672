package org.mifsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mifsync.mif.MifDocument;
import org.mifsync.mif.MifException;
import org.mifsync.mif.MifJson;
import org.mifsync.mif.MifParser;
import org.mifsync.mif.MifWriter;
import org.mifsync.mif.ParseResult;

/** Generated valid documents survive the canonical writer and the strict parser unchanged. */
class WriterRoundTripTest {

    private static final MifParser STRICT = MifParser.strict();

    @Test
    void encodedDocumentParsesBackEqual() {
        Budget.qt("encodedDocumentParsesBackEqual", 20_260_101L, 300).forAll(MifGenerators.documents())
                .checkAssert(d -> {
                    ParseResult back = parse(d, () -> STRICT.parse(MifWriter.encode(d), "generated.mif"));
                    assertSame(d, back);
                });
    }

    /** Text (not bytes) back through {@code parseText}: the same document without an encoding step. */
    @Test
    void writtenTextParsesBackEqual() {
        Budget.qt("writtenTextParsesBackEqual", 20_260_102L, 300).forAll(MifGenerators.documents())
                .checkAssert(d -> {
                    ParseResult back = parse(d, () -> STRICT.parseText(MifWriter.write(d), "generated.mif"));
                    assertSame(d, back);
                });
    }

    static void assertSame(MifDocument expected, ParseResult back) {
        assertThat(back.warnings()).as("warnings").isEmpty();
        ModelDiff.firstDifference(expected, back.document()).ifPresent(diff -> {
            throw new AssertionError(diff + "\n--- written as ---\n" + MifWriter.write(expected));
        });
        assertThat(back.document()).isEqualTo(expected);
        assertThat(MifJson.write(back.document())).isEqualTo(MifJson.write(expected));
    }

    interface Parse {
        ParseResult run() throws MifException;
    }

    static ParseResult parse(MifDocument d, Parse parse) {
        try {
            return parse.run();
        } catch (MifException e) {
            throw new AssertionError(e.getMessage() + "\n--- written as ---\n" + MifWriter.write(d), e);
        }
    }
}
