package org.mifsync.resync.admin;

import java.io.Serial;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.SiteCode;

/**
 * Thrown when an administrator's operation cannot be done as asked: the client or identity is
 * unknown or ambiguous, belongs to another site, or is not in the state the operation ends. The
 * message says what was asked and what was found; {@link #kind()} and {@link #site()} let a caller
 * say what to do instead (the command line adds its advice). Nothing was changed.
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
        /** The client is assigned to another site, where the command must run; {@link #site()} names it. */
        OTHER_SITE,
        /** The client or class is not in the state the operation ends (not quarantined, not blocked). */
        NOT_APPLICABLE,
        /** The argument is malformed (neither an SMSID nor a NetBIOS name, a bad class name). */
        INVALID
    }

    private final Kind kind;
    private final SiteCode site;

    /**
     * Creates the exception.
     *
     * @param kind what went wrong
     * @param message what was asked and what was found
     */
    public AdminException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.site = null;
    }

    /**
     * Creates the exception for a client of another site.
     *
     * @param kind what went wrong, usually {@link Kind#OTHER_SITE}
     * @param message what was asked and what was found
     * @param site the site where the operation can be done
     */
    public AdminException(Kind kind, String message, SiteCode site) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.site = Objects.requireNonNull(site, "site");
    }

    /**
     * Returns what went wrong.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the site where the operation can be done, for {@link Kind#OTHER_SITE}.
     *
     * @return the site, or empty
     */
    public Optional<SiteCode> site() {
        return Optional.ofNullable(site);
    }
}
