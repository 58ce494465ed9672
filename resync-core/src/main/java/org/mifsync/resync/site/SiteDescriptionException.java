package org.mifsync.resync.site;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A site description file with mistakes: every one found, each naming the file, the line, the
 * section and the key, e.g. {@code sites.ini:12: [site EUR] parent: unknown site 'EUX'; the sites
 * are CEN, EUR, USA}.
 *
 * <p>Not thread-safe in the sense of any exception; its problems never change.
 *
 * @since 0.1
 */
public final class SiteDescriptionException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The problems, in the order of the file. */
    private final transient List<Problem> problems;

    /**
     * Creates the exception.
     *
     * @param problems every problem found, at least one
     */
    public SiteDescriptionException(List<Problem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    private static String message(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a site description exception needs at least one problem");
        }
        return problems.stream().map(Problem::toString).collect(Collectors.joining(System.lineSeparator()));
    }

    /**
     * Returns every problem found, in the order of the file.
     *
     * @return the problems
     */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * One mistake in a site description.
     *
     * <p>Immutable and thread-safe.
     *
     * @param source the file, as given
     * @param line the 1-based line, or 0 for the file as a whole
     * @param section the section it is in, e.g. {@code site EUR}, if any
     * @param key the key concerned, e.g. {@code parent}, if any
     * @param message what is wrong and what would be right
     * @since 0.1
     */
    public record Problem(String source, int line, Optional<String> section, Optional<String> key, String message) {

        /**
         * Validates the fields.
         *
         * @throws NullPointerException if a field is null
         * @throws IllegalArgumentException if the line is negative
         */
        public Problem {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(message, "message");
            if (line < 0) {
                throw new IllegalArgumentException("line must not be negative, found " + line);
            }
        }

        /**
         * Returns {@code source:line: [section] key: message}, leaving out the parts that are absent.
         *
         * @return the problem in one line
         */
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(source);
            if (line > 0) {
                out.append(':').append(line);
            }
            out.append(": ");
            section.ifPresent(s -> out.append('[').append(s).append("] "));
            key.ifPresent(k -> out.append(k).append(": "));
            if (section.isPresent() && key.isEmpty()) {
                out.setLength(out.length() - 1);
                out.append(": ");
            }
            return out.append(message).toString();
        }
    }
}
