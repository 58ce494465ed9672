package org.mifsync.resync.site;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.mifsync.mif.Diagnostic;
import org.mifsync.mif.SourceLocation;

/**
 * A site description file with mistakes: every one found, each naming the file, the line, the
 * section and the key, e.g. {@code sites.ini:12: [site EUR] parent: unknown site 'EUX'; the sites
 * are CEN, EUR, USA}.
 *
 * <p>Not thread-safe in the sense of any exception; its problems never change, and come back whole
 * from Java serialization.
 *
 * @since 0.1
 */
public final class SiteDescriptionException extends Exception {

    // 2: the lists and fields that were transient are now serialized
    private static final long serialVersionUID = 2L;

    /** The problems, in the order of the file. */
    private final List<Problem> problems;

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
     * One mistake in a site description, at its place in the one location type of mifsync: a
     * site description is read line by line, so the place is a whole line ({@link
     * SourceLocation#ofLine}, printed {@code file:line}), or the whole file ({@link
     * SourceLocation#ofSource}) for a problem no line holds.
     *
     * <p>Immutable, thread-safe and serializable.
     *
     * @param location where: the file, as given, and the line, if any
     * @param section the section it is in, e.g. {@code site EUR}, if any
     * @param key the key concerned, e.g. {@code parent}, if any
     * @param message what is wrong and what would be right
     * @since 0.1
     */
    public record Problem(SourceLocation location, Optional<String> section, Optional<String> key, String message)
            implements Serializable {

        /**
         * Validates the fields.
         *
         * @throws NullPointerException if a field is null
         */
        public Problem {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(message, "message");
        }

        /**
         * Returns the file, as given.
         *
         * @return the location's source
         */
        public String source() {
            return location.source();
        }

        /**
         * Returns the 1-based line, or 0 for the file as a whole.
         *
         * @return the location's line
         */
        public int line() {
            return location.line();
        }

        /**
         * Returns the problem as an error {@link Diagnostic}, for a caller that shows every input's
         * problems alike; the section and key lead the message, as in {@link #toString()}.
         *
         * @return the diagnostic; its {@code toString()} equals this problem's
         */
        public Diagnostic toDiagnostic() {
            String text = toString();
            return Diagnostic.error(location, text.substring(location.toString().length() + 2));
        }

        /** Optional is not serializable: the problem travels as its parts, absent ones as null. */
        @Serial
        private Object writeReplace() {
            return new SerialForm(location, section.orElse(null), key.orElse(null), message);
        }

        private record SerialForm(SourceLocation location, String section, String key, String message)
                implements Serializable {
            @Serial
            private Object readResolve() {
                return new Problem(location, Optional.ofNullable(section), Optional.ofNullable(key), message);
            }
        }

        /**
         * Returns {@code source:line: [section] key: message}, leaving out the parts that are absent.
         *
         * @return the problem in one line
         */
        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(location.toString());
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
