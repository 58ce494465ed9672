package org.mifsync.mif;

import java.io.Serializable;
import java.util.Objects;

/**
 * One error or warning about an input, always with its place.
 *
 * <p>{@link #toString()} gives the one format every mifsync tool prints:
 * {@code source:line:column: message} for errors and
 * {@code source:line:column: warning: message} for warnings.
 *
 * <p>Immutable, thread-safe and {@link Serializable}: an exception that carries diagnostics
 * comes back whole from Java serialization.
 *
 * @param severity whether the input is refused or merely suspicious
 * @param location where the problem starts
 * @param message what is wrong, in words a person understands
 * @since 0.1
 */
public record Diagnostic(Severity severity, SourceLocation location, String message) implements Serializable {

    /** How serious a diagnostic is. */
    public enum Severity {
        /** The input is refused. */
        ERROR,
        /** The input is accepted, but something in it is unusual or was repaired. */
        WARNING
    }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    /** An error at the given place. */
    public static Diagnostic error(SourceLocation location, String message) {
        return new Diagnostic(Severity.ERROR, location, message);
    }

    /** A warning at the given place. */
    public static Diagnostic warning(SourceLocation location, String message) {
        return new Diagnostic(Severity.WARNING, location, message);
    }

    /** True for {@link Severity#ERROR}. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return location + (isError() ? ": " : ": warning: ") + message;
    }
}
