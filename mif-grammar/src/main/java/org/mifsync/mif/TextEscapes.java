package org.mifsync.mif;

import java.util.Locale;
import java.util.Objects;

/**
 * The one place mifsync escapes text: for a person (a terminal, a log, an {@code .err} file, the
 * load log) and for JSON. Stateless and thread-safe.
 *
 * <p>Text that came from a client (a file name, a value from a MIF file, a message quoting one)
 * may hold anything: a newline that forges a second line in a log, an {@code ESC} that drives the
 * administrator's terminal, a lone surrogate that no encoder can write. mifsync's libraries keep
 * such text as it is in their values, exceptions and {@link Diagnostic}s, and escape it once, with
 * {@link #forDisplay}, where it leaves the program: the command line, a log record, an {@code .err}
 * file, a load-log row. An embedder printing a library message escapes it the same way.
 *
 * <pre>{@code
 * System.err.println(TextEscapes.forDisplay(diagnostic.toString()));   // always one line
 * }</pre>
 *
 * @since 0.1
 */
public final class TextEscapes {

    private TextEscapes() {
    }

    /**
     * Returns the text as one line that shows every character it holds and drives nothing: a
     * backslash becomes {@code \\}; newline, carriage return and tab become {@code \n}, {@code \r},
     * {@code \t}; other control characters (C0, DEL, C1), format characters (such as the bidi
     * overrides that reorder a line), line and paragraph separators and lone surrogates become
     * {@code \}{@code uXXXX} ({@code \UXXXXXX} beyond the BMP), except the lone surrogates U+DC80 to
     * U+DCFF, which by the "surrogateescape" convention stand for a byte that was not valid text (a
     * file name that is not UTF-8) and become {@code \}{@code xNN}. Everything else, letters of any
     * script included, is kept. Because the backslash itself is escaped, the result can be read back
     * without ambiguity, and text with nothing to escape comes back unchanged.
     *
     * @param text any text
     * @return the text safe for a terminal, a log line or a one-line record
     */
    public static String forDisplay(CharSequence text) {
        Objects.requireNonNull(text, "text");
        int first = firstToEscape(text);
        if (first < 0) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(i + 1));
                if (needsDisplayEscape(cp)) {
                    out.append(String.format(Locale.ROOT, "\\U%06X", cp));
                } else {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c >= 0xDC80 && c <= 0xDCFF) {
                        // a byte that was not valid text, kept as U+DC00 + byte ("surrogateescape")
                        out.append(String.format(Locale.ROOT, "\\x%02X", c & 0xFF));
                    } else if (Character.isSurrogate(c) || needsDisplayEscape(c)) {
                        out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static int firstToEscape(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                if (c == '\\') {
                    return i;
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                if (needsDisplayEscape(Character.toCodePoint(c, text.charAt(i + 1)))) {
                    return i;
                }
                i++;
            } else if (Character.isSurrogate(c) || needsDisplayEscape(c)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean needsDisplayEscape(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE -> true;
            default -> false;
        };
    }

    /**
     * Returns the text as a JSON string literal, quotes included: {@code "} and {@code \} escaped,
     * control characters (DEL included) as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code
     * u00XX}, and a lone surrogate as {@code \}{@code uXXXX}, so that the literal is valid JSON in
     * UTF-8 whatever the text held.
     *
     * @param text any text
     * @return the JSON string literal
     */
    public static String jsonString(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length() + 2);
        appendJsonString(out, text);
        return out.toString();
    }

    /**
     * Appends the text as a JSON string literal, as {@link #jsonString} returns it.
     *
     * @param out where to append
     * @param text any text
     */
    public static void appendJsonString(StringBuilder out, CharSequence text) {
        Objects.requireNonNull(text, "text");
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F || Character.isSurrogate(c) && !pairedSurrogate(text, i)) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean pairedSurrogate(CharSequence s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
