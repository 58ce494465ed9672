package org.mifsync.mif;

import java.util.ArrayList;
import java.util.List;

/** Collects the errors and warnings of one parse, and stops it when there are too many. */
final class Diagnostics {

    /** Thrown to stop a parse at the error limit; caught by {@link MifParser}. */
    static final class TooManyErrors extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyErrors() {
            super(null, null, false, false);
        }
    }

    private final String source;
    private final SyntaxMode mode;
    private final int maxErrors;
    private final List<Diagnostic> errors = new ArrayList<>();
    private final List<Diagnostic> warnings = new ArrayList<>();

    Diagnostics(String source, SyntaxMode mode, int maxErrors) {
        this.source = source;
        this.mode = mode;
        this.maxErrors = maxErrors;
    }

    SourceLocation at(int line, int column) {
        return new SourceLocation(source, Math.max(1, line), Math.max(1, column));
    }

    void error(SourceLocation where, String message) {
        // once stopped, rules still unwinding (and closing their blocks) must not add more
        if (errors.size() >= maxErrors) {
            throw new TooManyErrors();
        }
        errors.add(Diagnostic.error(where, message));
        if (errors.size() >= maxErrors) {
            throw new TooManyErrors();
        }
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

    List<Diagnostic> errors() {
        return errors;
    }

    List<Diagnostic> warnings() {
        return warnings;
    }

    /** Adds the last error when the limit was reached. */
    void limitReached(SourceLocation where) {
        errors.add(Diagnostic.error(where, "stopped after " + maxErrors + " errors"));
    }
}
