package org.mifsync.resync.store;

import java.io.Serial;
import java.util.Objects;

/**
 * Thrown when the store cannot do what was asked. {@link #kind()} separates failures of the site,
 * after which the caller backs off and tries the same work again later ({@link Kind#BUSY}, {@link
 * Kind#UNAVAILABLE}, {@link Kind#DISK_FULL}) or stops until an administrator repairs the database
 * ({@link Kind#CORRUPT}), from a database that this code must not touch ({@link
 * Kind#SCHEMA_TOO_NEW}) and errors of the data ({@link Kind#DATA}).
 *
 * <p>Unchecked, as every store method may meet a failing database. Not meant to be shared between
 * threads.
 *
 * @since 0.1
 */
public final class StoreException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * What went wrong.
     *
     * @since 0.1
     */
    public enum Kind {
        /** The database is busy or locked by another writer, or a transaction lost a race: retry later. */
        BUSY,
        /** The connection is lost or the database cannot be opened or read: retry later. */
        UNAVAILABLE,
        /** The disk or the database is full: retry once space is freed. */
        DISK_FULL,
        /**
         * The database is damaged (SQLite {@code SQLITE_CORRUPT} or {@code SQLITE_NOTADB}, PostgreSQL
         * SQLSTATE class {@code XX}): a failure of the site, never of the report that met it; {@link
         * StoreCheck} tells what is damaged.
         */
        CORRUPT,
        /** The database was made by a newer mifsync; this code refuses to change it. */
        SCHEMA_TOO_NEW,
        /** Anything else: a constraint, a malformed row, a bug. Retrying the same work fails again. */
        DATA
    }

    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param kind what went wrong
     * @param message what the store was doing and why it failed
     * @param cause the underlying exception, or null
     */
    public StoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
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

    /**
     * Tells whether this is a failure of the site rather than of the work: the same work may
     * succeed later (a damaged database once it is repaired or restored), and a file being loaded
     * keeps its try count.
     *
     * @return true for {@link Kind#BUSY}, {@link Kind#UNAVAILABLE}, {@link Kind#DISK_FULL} and {@link
     *     Kind#CORRUPT}
     */
    public boolean isSiteFailure() {
        return kind == Kind.BUSY || kind == Kind.UNAVAILABLE || kind == Kind.DISK_FULL || kind == Kind.CORRUPT;
    }
}
