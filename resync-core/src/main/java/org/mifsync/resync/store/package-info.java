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
 * <h2>Two levels</h2>
 *
 * <p><b>The store level</b> is what an embedder uses: {@link org.mifsync.resync.store.InventoryStore}'s
 * own methods ({@code client}, {@code inventory}, {@code requests}, {@code loadLog}, {@code
 * settings} ...), {@link org.mifsync.resync.store.CommitGroup}, {@link
 * org.mifsync.resync.store.StoreCheck}, and the records they return. No JDBC type shows there but
 * the {@code javax.sql.DataSource} that {@code InventoryStore.open} and {@code StoreCheck.of} take.
 * The jobs of the other packages (loading, deciding, requesting, administering) stand on it.
 *
 * <p><b>The transaction level</b> is a service-provider interface, JDBC and SQL close to the
 * schema: {@link org.mifsync.resync.store.StoreTransaction}, the views it gives ({@code
 * tx.topology()}, {@code tx.clients()}, {@code tx.inventories()}, {@code tx.requests()}, {@code
 * tx.loadLog()} and the others), {@link org.mifsync.resync.store.RequestLifecycle} and {@link
 * org.mifsync.resync.store.InventoryStore.Work}, which {@code inTransaction} runs. Their methods throw
 * {@link java.sql.SQLException} and take the store's row ids. It is public so that the packages
 * above compose several steps into one atomic unit of work, and so that a host can do the same,
 * e.g. read a report's identity and its load-log rows in one transaction. It follows the schema:
 * unlike the store level it may change in a minor version, and the CHANGELOG says when it does. A
 * build-time test keeps JDBC types out of every other public type.
 *
 * @since 0.1
 */
package org.mifsync.resync.store;
