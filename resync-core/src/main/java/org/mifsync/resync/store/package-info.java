/**
 * The inventory store: one JDBC schema on SQLite (the embedded default, one file, WAL)
 * or PostgreSQL (shared by several loaders), holding the topology, each client's identity and
 * inventory per kind with the version of the last accepted report, the type family of every group
 * class's attributes, resync requests with their life cycle, quarantines, blocked classes and the
 * load log.
 *
 * <p>{@link org.mifsync.resync.store.InventoryStore} opens a store and runs units of work; a
 * {@link org.mifsync.resync.store.StoreTransaction} is one transaction. Times are stored as epoch
 * milliseconds, names are folded in Java ({@link java.util.Locale#ROOT}), never in SQL. Failures of
 * the site (a busy or locked database, a lost connection, a full disk) are told apart from errors
 * of the data by {@link org.mifsync.resync.store.StoreException#kind()}.
 *
 * @since 0.1
 */
package org.mifsync.resync.store;
