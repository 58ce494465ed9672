package org.mifsync.mif;

import java.io.Serial;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one exception of the MIF parser: it carries every error found in one input (the parser
 * recovers and goes on, up to {@link ParseLimits#maxErrors()}), and the warnings found on the way.
 * Its message lists the errors one per line as {@code source:line:column: message}.
 *
 * @since 0.1
 */
public final class MifException extends Exception {

    @Serial
    // 2: the lists and fields that were transient are now serialized
    private static final long serialVersionUID = 2L;

    // List.copyOf gives serializable lists; their elements are serializable records, so a
    // MifException sent to another JVM (or read back from a file) keeps every diagnostic
    private final List<Diagnostic> errors;
    private final List<Diagnostic> warnings;

    /**
     * @param errors at least one error
     * @param warnings warnings found before or beside the errors
     */
    public MifException(List<Diagnostic> errors, List<Diagnostic> warnings) {
        super(errors.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a MifException needs at least one error");
        }
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
    }

    /** Every error, in the order of the input. */
    public List<Diagnostic> errors() {
        return errors;
    }

    /** The warnings found as well. */
    public List<Diagnostic> warnings() {
        return warnings;
    }
}
