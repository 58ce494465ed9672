package org.mifsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mifsync.mif.TextEscapes;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON escaper's literals read back through Jackson, a parser that is not ours. */
class TextEscapesJsonTest {

    @Test
    void jsonStringsAreValidJsonAndDecodeBackToTheText() throws Exception {
        String hostile = "q\"b\\s\n\r\t\u0000\u001B\u007F\u0085 é \uD83D\uDE00 \u2028";
        String literal = TextEscapes.jsonString(hostile);
        assertThat(literal).doesNotContain("\n", "\r", "\u001B", "\u007F");
        assertThat(new ObjectMapper().readValue(literal, String.class)).isEqualTo(hostile);
    }
}
