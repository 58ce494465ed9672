package org.mifsync.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.mifsync.mif.Diagnostic;
import org.mifsync.mif.SourceLocation;

/**
 * Whether diagnostics point inside the input they are about. Lines are counted as the parser
 * counts them (a line ends at {@code \n}; a {@code \r} is a character of its line) and columns in
 * code points; a location may also be one past the end of a line, or the first column of the
 * line after the last, where a parser reports "unexpected end of file".
 *
 * @since 0.1
 */
public final class LocationCheck {

    private LocationCheck() {
    }

    /** Text decoded as {@code MifParser} decodes bytes: by byte-order mark, else ISO-8859-1. */
    public static String decode(byte[] bytes) {
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE);
        }
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            return new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE);
        }
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            return new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        }
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * Every diagnostic whose location is not inside {@code text} or names another source, each
     * as a line of explanation; empty when all are fine.
     */
    public static List<String> problems(String text, String source, List<Diagnostic> diagnostics) {
        String[] lines = text.split("\n", -1);
        List<String> out = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            SourceLocation at = d.location();
            if (!at.source().equals(source)) {
                out.add(d + ": source is not '" + source + "'");
                continue;
            }
            int length = at.line() <= lines.length ? lines[at.line() - 1].codePointCount(0, lines[at.line() - 1].length())
                    : 0;
            if (at.line() < 1 || at.line() > lines.length + 1) {
                out.add(d + ": line outside 1.." + (lines.length + 1));
            } else if (at.column() < 1 || at.column() > length + 1) {
                out.add(d + ": column outside 1.." + (length + 1) + " of line " + at.line());
            }
        }
        return out;
    }
}
