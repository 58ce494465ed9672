package org.mifsync.resync.store;

/**
 * The database products the store runs on.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public enum Backend {
    /** SQLite through {@code org.xerial:sqlite-jdbc}: the embedded default, one writer at a time. */
    SQLITE,
    /** PostgreSQL through {@code org.postgresql:postgresql}: several loaders on several hosts. */
    POSTGRESQL
}
