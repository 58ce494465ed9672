package org.mifsync.mif;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One escaper for people, one for JSON: every character a client can send comes out harmless. */
class TextEscapesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "plain.MIF                 | plain.MIF",
        "`a\nb`                    | a\\nb",
        "`a\rb`                    | a\\rb",
        "`a\tb`                    | a\\tb",
        "`\u001B[31mred`           | \\u001B[31mred",
        "`del\u007F`               | del\\u007F",
        "`c1\u0085\u009B`          | c1\\u0085\\u009B",
        "`back\\slash`             | back\\\\slash",
        "`\\u001B`                 | \\\\u001B",
        "`rtl\u202Eexe.MIF`        | rtl\\u202Eexe.MIF",
        "`line\u2028sep`           | line\\u2028sep",
        "`\uD800lone`              | \\uD800lone",
        "`lone\uDC00`              | lone\\uDC00",
        "`byte \uDCFF\uDC80`        | byte \\xFF\\x80",
        "`\uDBFF`                  | \\uDBFF",
        "`ünïcødé Привет`          | ünïcødé Привет",
        "`pair \uD83D\uDE00`       | pair \uD83D\uDE00",
        "`tag \uDB40\uDC01`        | tag \\U0E0001",
    })
    void displayShowsEveryCharacterOnOneLineAndDrivesNothing(String raw, String shown) {
        String escaped = TextEscapes.forDisplay(raw);
        assertThat(escaped).isEqualTo(shown);
        assertThat(escaped).doesNotContain("\n", "\r", "\u001B", "\u007F");
        assertThat(escaped.codePoints()).noneMatch(c -> Character.getType(c) == Character.CONTROL
                || Character.getType(c) == Character.SURROGATE);
    }

    @Test
    void displayIsUnambiguousBecauseTheBackslashIsEscapedToo() {
        // a client cannot make its name look like an escaped control character
        assertThat(TextEscapes.forDisplay("a\\nb")).isNotEqualTo(TextEscapes.forDisplay("a\nb"));
        assertThat(TextEscapes.forDisplay("\\u001B")).isNotEqualTo(TextEscapes.forDisplay("\u001B"));
    }

    @Test
    void aLoneSurrogateBecomesAnEscapeThatUtf8CanCarry() throws Exception {
        String literal = TextEscapes.jsonString("a\uD800b\uDC00");
        assertThat(literal).isEqualTo("\"a\\ud800b\\udc00\"");
        // the literal encodes to UTF-8 without a replacement character
        assertThat(new String(literal.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(literal);
    }
}
