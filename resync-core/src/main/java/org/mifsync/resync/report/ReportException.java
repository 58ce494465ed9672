package org.mifsync.resync.report;

import java.io.Serial;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.mifsync.mif.Diagnostic;

/**
 * Thrown when a parsed MIF file cannot be read as an inventory report. {@link #problem()} tells
 * whether the file is unusable ({@link Problem#MALFORMED}, e.g. a bad directive value: it goes to
 * {@code BADMIFS}) or a kind of file mifsync refuses by design ({@link Problem#NOIDMIF}, {@link
 * Problem#FOREIGN_ARCHITECTURE}: archived under {@code REFUSED/<REASON>/}).
 *
 * <p>{@link #errors()} holds every problem found as a {@link Diagnostic} naming the directive,
 * group or attribute, with its place; the exception message joins them, each printed {@code
 * file:line:col: message}, with line ends.
 *
 * <p>Its list of errors never changes and comes back whole from Java serialization; as any
 * exception, it is not otherwise meant to be shared between threads.
 *
 * @since 0.1
 */
public final class ReportException extends Exception {

    @Serial
    // 2: the lists and fields that were transient are now serialized
    private static final long serialVersionUID = 2L;

    /**
     * What is wrong with the file.
     *
     * @since 0.1
     */
    public enum Problem {
        /** A directive, group or value is unusable: the file goes to {@code BADMIFS}. */
        MALFORMED,
        /** A stand-alone NOIDMIF: groups without an Identification group, so no client to add them to. */
        NOIDMIF,
        /** An IDMIF of another architecture than Personal Computer (printers, users, ...). */
        FOREIGN_ARCHITECTURE
    }

    private final Problem problem;
    private final List<Diagnostic> errors;

    /**
     * Creates the exception.
     *
     * @param problem what is wrong
     * @param errors every error, at least one
     */
    public ReportException(Problem problem, List<Diagnostic> errors) {
        super(errors.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
        this.problem = Objects.requireNonNull(problem, "problem");
        this.errors = List.copyOf(errors);
        if (this.errors.isEmpty()) {
            throw new IllegalArgumentException("a ReportException needs at least one error");
        }
    }

    /**
     * Returns what is wrong with the file.
     *
     * @return the problem
     */
    public Problem problem() {
        return problem;
    }

    /**
     * Returns every error found, each with its place ({@link Diagnostic#toString()} prints {@code
     * file:line:col: message}).
     *
     * @return the errors, at least one
     */
    public List<Diagnostic> errors() {
        return errors;
    }
}
