package org.mifsync.mif;

import java.util.Objects;

/**
 * A place in a source: 1-based line and column. The one location type of mifsync; model values
 * carry one but never compare it (two documents that say the same thing are equal wherever they
 * were written).
 *
 * @param source the file name or other label of the input, as given to the parser
 * @param line 1-based line number
 * @param column 1-based column number (characters, tabs count as one)
 * @since 0.1
 */
public record SourceLocation(String source, int line, int column) {

    public SourceLocation {
        Objects.requireNonNull(source, "source");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
        }
    }

    /** Formats as {@code source:line:column}. */
    @Override
    public String toString() {
        return source + ":" + line + ":" + column;
    }
}
