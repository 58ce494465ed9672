package org.mifsync.mif;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the errors and warnings of one parse, and stops it when there are too many. */
final class Diagnostics {

    private final String source;
    private final SyntaxMode mode;
    private final int maxErrors;
    private final List<Diagnostic> errors = new ArrayList<>();
    private final List<Diagnostic> warnings = new ArrayList<>();
    private SourceLocation stoppedAt;

    Diagnostics(String source, SyntaxMode mode, int maxErrors) {
        this.source = source;
        this.mode = mode;
        this.maxErrors = maxErrors;
    }

    SourceLocation at(int line, int column) {
        return new SourceLocation(source, Math.max(1, line), Math.max(1, column));
    }

    /**
     * Records an error. One more than the limit stops the parse: it throws {@link LimitReached}, out
     * of the listener or error strategy that found it, through the parser's rules (which no longer
     * call the listener, see {@link #stopped()}), to the parser's entry point.
     */
    void error(SourceLocation where, String message) {
        if (full()) {
            stop(where);
        }
        errors.add(Diagnostic.error(where, message));
    }

    /** An error beyond the limit, whose message need not be built: stops the parse. */
    void stop(SourceLocation where) {
        if (stoppedAt == null) {
            stoppedAt = where;
        }
        throw new LimitReached();
    }

    /** Whether the error limit stopped the parse. */
    boolean stopped() {
        return stoppedAt != null;
    }

    /** The parse stops here: one error more than the limit. Control flow, so no stack trace. */
    static final class LimitReached extends RuntimeException {

        private static final long serialVersionUID = 1L;

        LimitReached() {
            super("error limit reached", null, false, false);
        }
    }

    /** Whether the error limit is reached: the next error stops the parse, and needs no message. */
    boolean full() {
        return errors.size() >= maxErrors;
    }

    void warning(SourceLocation where, String message) {
        warnings.add(Diagnostic.warning(where, message));
    }

    /** An error in strict mode, a warning in lenient mode (a recovery SMS made too). */
    void breach(SourceLocation where, String message) {
        if (mode == SyntaxMode.LENIENT) {
            warning(where, message);
        } else {
            error(where, message);
        }
    }

    boolean lenient() {
        return mode == SyntaxMode.LENIENT;
    }

    int errorCount() {
        return errors.size();
    }

    /**
     * The errors in the order of the input, and, when the limit stopped the parse, a last one
     * saying so, at the error that went over the limit. What follows it was not read, so there is no
     * count of further errors to give.
     */
    List<Diagnostic> errors() {
        List<Diagnostic> all = inInputOrder(errors);
        if (stoppedAt != null) {
            all.add(Diagnostic.error(stoppedAt, "too many errors: parsing stopped here, after the limit of " + maxErrors
                    + " errors; the rest of the input was not checked"));
        }
        return all;
    }

    /** The warnings in the order of the input. */
    List<Diagnostic> warnings() {
        return inInputOrder(warnings);
    }

    /** Block checks run when a block closes; sorting restores the order of the input. */
    private static List<Diagnostic> inInputOrder(List<Diagnostic> diagnostics) {
        List<Diagnostic> sorted = new ArrayList<>(diagnostics);
        sorted.sort(Comparator.comparingInt((Diagnostic d) -> d.location().line())
                .thenComparingInt(d -> d.location().column()));
        return sorted;
    }
}
