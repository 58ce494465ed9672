package org.mifsync.mif;

import java.util.ArrayList;
import java.util.List;

/** Collects the errors and warnings of one parse, and stops it when there are too many. */
final class Diagnostics {

    private final String source;
    private final SyntaxMode mode;
    private final int maxErrors;
    private final List<Diagnostic> errors = new ArrayList<>();
    private final List<Diagnostic> warnings = new ArrayList<>();
    private int dropped;

    Diagnostics(String source, SyntaxMode mode, int maxErrors) {
        this.source = source;
        this.mode = mode;
        this.maxErrors = maxErrors;
    }

    SourceLocation at(int line, int column) {
        return new SourceLocation(source, Math.max(1, line), Math.max(1, column));
    }

    /**
     * Records an error, up to the limit; beyond it errors are counted but not kept. The parse goes
     * on (it is linear, and stopping from inside ANTLR's listener callbacks is not safe).
     */
    void error(SourceLocation where, String message) {
        if (errors.size() >= maxErrors) {
            dropped++;
            return;
        }
        errors.add(Diagnostic.error(where, message));
    }

    /** Whether the error limit is reached, so that callers can skip building messages. */
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

    /** The errors kept, and a last one saying how many more there were. */
    List<Diagnostic> errors() {
        if (dropped == 0) {
            return errors;
        }
        List<Diagnostic> all = new ArrayList<>(errors);
        all.add(Diagnostic.error(errors.get(errors.size() - 1).location(), "too many errors: " + dropped
                + " more not listed (the limit is " + maxErrors + ")"));
        return all;
    }

    List<Diagnostic> warnings() {
        return warnings;
    }
}
