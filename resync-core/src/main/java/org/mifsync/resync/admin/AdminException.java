package org.mifsync.resync.admin;

import java.io.Serial;
import java.util.Objects;

/**
 * Thrown when an administrator's operation cannot be done as asked: the client or identity is
 * unknown or ambiguous, belongs to another site, or is not in the state the operation ends. The
 * message says what was asked, what was found and what to do instead. Nothing was changed.
 *
 * <p>Unchecked. Not meant to be shared between threads.
 *
 * @since 0.1
 */
public final class AdminException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * What went wrong.
     *
     * @since 0.1
     */
    public enum Kind {
        /** No such client, identity or class. */
        NOT_FOUND,
        /** A name matched several clients or identities; the message lists them. */
        AMBIGUOUS,
        /** The client is assigned to another site, where the command must run. */
        OTHER_SITE,
        /** The client or class is not in the state the operation ends (not quarantined, not blocked). */
        NOT_APPLICABLE,
        /** The argument is malformed (neither an SMSID nor a NetBIOS name, a bad class name). */
        INVALID
    }

    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param kind what went wrong
     * @param message what was asked, found, and what to do instead
     */
    public AdminException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * Returns what went wrong.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }
}
