package org.mifsync.mif;

import java.io.Serializable;
import java.util.Objects;

/**
 * A place in a source: 1-based line and column. The one location type of mifsync; model values
 * carry one but never compare it (two documents that say the same thing are equal wherever they
 * were written).
 *
 * <p>A place can also be coarser than a character, for inputs that are not MIF: a column of
 * {@code 0} means the whole line ({@link #ofLine}, e.g. a key of a site description), a line of
 * {@code 0} the whole source ({@link #ofSource}, e.g. a file that is missing). The parser's
 * locations are always exact (line and column at least 1).
 *
 * <p>Immutable, thread-safe and {@link Serializable}, so that an exception carrying one survives
 * serialization whole.
 *
 * @param source the file name or other label of the input, as given to the parser
 * @param line 1-based line number, or {@code 0} for the whole source
 * @param column 1-based column number (characters, tabs count as one), or {@code 0} for the whole
 *     line
 * @since 0.1
 */
public record SourceLocation(String source, int line, int column) implements Serializable {

    /**
     * Checks the place.
     *
     * @throws NullPointerException if the source is null
     * @throws IllegalArgumentException if the line or column is negative, or a column is given
     *     without a line
     */
    public SourceLocation {
        Objects.requireNonNull(source, "source");
        if (line < 0 || column < 0 || (line == 0 && column != 0)) {
            throw new IllegalArgumentException("line and column are 1-based (0 for the whole line or source): "
                    + line + ":" + column);
        }
    }

    /**
     * A whole line of a source, for inputs whose problems are found per line rather than per
     * character.
     *
     * @param source the file name or other label of the input
     * @param line the 1-based line
     * @return the location, printed {@code source:line}
     * @since 0.1
     */
    public static SourceLocation ofLine(String source, int line) {
        if (line < 1) {
            throw new IllegalArgumentException("a line is 1-based: " + line);
        }
        return new SourceLocation(source, line, 0);
    }

    /**
     * A whole source, for a problem that no line holds (a file that is missing or empty).
     *
     * @param source the file name or other label of the input
     * @return the location, printed {@code source}
     * @since 0.1
     */
    public static SourceLocation ofSource(String source) {
        return new SourceLocation(source, 0, 0);
    }

    /**
     * Tells whether the place names a line.
     *
     * @return false for the whole source
     * @since 0.1
     */
    public boolean hasLine() {
        return line > 0;
    }

    /**
     * Tells whether the place names a column.
     *
     * @return false for a whole line or the whole source
     * @since 0.1
     */
    public boolean hasColumn() {
        return column > 0;
    }

    /**
     * Formats as {@code source:line:column}, leaving out a column or line that is not given.
     *
     * @return the place in one piece
     */
    @Override
    public String toString() {
        if (!hasLine()) {
            return source;
        }
        return hasColumn() ? source + ":" + line + ":" + column : source + ":" + line;
    }
}
