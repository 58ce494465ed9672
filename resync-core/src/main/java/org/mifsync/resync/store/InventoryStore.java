package org.mifsync.resync.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.mifsync.model.GroupClass;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.SmsId;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.mifsync.resync.files.Mode;

/**
 * The inventory store over JDBC: SQLite (embedded, the default) or PostgreSQL, one schema,
 * migrated when the store opens (a database made by a newer mifsync is refused with {@link
 * StoreException.Kind#SCHEMA_TOO_NEW}).
 *
 * <pre>{@code
 * try (InventoryStore store = InventoryStore.openEmbedded(siteRoot.resolve("mifsync.db"), Clock.systemUTC())) {
 *     Optional<Inventory> hw = store.inventory(SmsId.parse("ABC00001"), InventoryKind.HW);
 * }
 * }</pre>
 *
 * <p>The embedded SQLite file runs in WAL mode with {@code synchronous=FULL}: the store exists to
 * remember which reports it accepted, and a commit lost to a power cut would make a client's next
 * delta meet a version gap (a needless resync); WAL lets readers go on during a write. A busy
 * timeout of five seconds lets several processes share the file.
 *
 * <p>Thread-safe: every unit of work runs in its own transaction on a connection of its own for the
 * time it runs. On PostgreSQL units of work run in parallel, each on a connection taken from the
 * data source and closed when it ends, and work on one client is serialised by {@link
 * StoreTransaction#lockClient}: pooling is the data source's job, so give the store a pooled one
 * (HikariCP, as the {@code mifsync} tool does, or an application server's), since opening a
 * PostgreSQL connection starts a server process. On SQLite units of work run one at a time (the
 * database has one writer; waiting here is cheaper than SQLite's busy loop), so the store keeps the
 * one connection they share, with its prepared statements, until {@link #close()}. Closing the store
 * does not close a host's data source.
 *
 * @since 0.1
 */
public final class InventoryStore implements AutoCloseable {

    /** How long a SQLite connection waits for another writer before giving up with BUSY. */
    public static final int BUSY_TIMEOUT_MILLIS = 5_000;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final Clock clock;
    private final String where;
    private final ReentrantLock serial = new ReentrantLock(true);
    private final AtomicLong inventoryRowsWritten = new AtomicLong();
    /**
     * SQLite's one connection, shared by units of work that run one at a time anyway, and kept open so
     * that its prepared statements are compiled once; null until first used, and after it failed.
     */
    private Connection sqliteConnection;
    /** Whether {@link #sqliteConnection} is in a unit of work now (guarded by {@link #serial}). */
    private boolean sqliteConnectionBusy;
    /** The prepared statements of each connection while a unit of work or a commit group holds it. */
    private final Map<Connection, Statements> statements = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private InventoryStore(DataSource dataSource, Dialect dialect, Clock clock, String where) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.clock = clock;
        this.where = where;
    }

    /**
     * Opens a store on a host's data source (SQLite or PostgreSQL), creating or migrating the schema.
     *
     * @param dataSource where connections come from: on PostgreSQL each unit of work takes one and
     *     closes it (give a pooled one); on SQLite the store keeps one until {@link #close()}
     * @param clock the clock for the store's own times
     * @return the store
     * @throws StoreException if the database cannot be reached ({@link StoreException.Kind#UNAVAILABLE}),
     *     is damaged ({@link StoreException.Kind#CORRUPT}), is neither SQLite nor PostgreSQL, or has a
     *     newer schema
     */
    public static InventoryStore open(DataSource dataSource, Clock clock) {
        return open(dataSource, clock, null);
    }

    /** Opens a store; {@code expected} classifies errors met before the database has said what it is. */
    private static InventoryStore open(DataSource dataSource, Clock clock, Dialect expected) {
        Objects.requireNonNull(dataSource, "data source");
        Objects.requireNonNull(clock, "clock");
        Dialect dialect = expected;
        String where = null;
        try (Connection connection = dataSource.getConnection()) {
            dialect = Dialect.of(connection);
            where = describe(connection);
            InventoryStore store = new InventoryStore(dataSource, dialect, clock, where);
            store.prepare(connection);
            Schema.migrate(connection, dialect, clock.instant(), where);
            return store;
        } catch (SQLException e) {
            // named once known, and classified: a store locked by another writer is busy, not gone, and a
            // damaged database stays damaged on every try: say so, rather than "cannot be reached"
            StoreException.Kind kind = dialect == null ? StoreException.Kind.UNAVAILABLE : switch (dialect.classify(e)) {
                case BUSY -> StoreException.Kind.BUSY;
                case CORRUPT -> StoreException.Kind.CORRUPT;
                default -> StoreException.Kind.UNAVAILABLE;
            };
            throw new StoreException(kind, (kind == StoreException.Kind.CORRUPT ? "the inventory store is damaged"
                    : "cannot open the inventory store") + (where == null ? "" : " " + where) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the embedded SQLite store in one file, creating the file and its directories on first use.
     *
     * @param file the database file, e.g. {@code SITE.SRV/mifsync.db}
     * @param clock the clock for the store's own times
     * @return the store
     * @throws StoreException if the file cannot be created or opened, is damaged, or has a newer schema
     */
    public static InventoryStore openEmbedded(Path file, Clock clock) {
        Objects.requireNonNull(file, "database file");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "cannot create the directory of the"
                    + " inventory store " + file + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return open(dataSource, clock, Dialect.SQLITE);
    }

    private static String describe(Connection connection) throws SQLException {
        String url = connection.getMetaData().getURL();
        if (url == null) {
            return "(" + connection.getMetaData().getDatabaseProductName() + ")";
        }
        // the driver lists every connection property after '?': not what a message needs
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** Per-connection settings the store relies on, applied to a host's SQLite connections too. */
    private void prepare(Connection connection) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
                s.execute("PRAGMA foreign_keys = ON");
            }
        }
    }

    /**
     * Returns the back end.
     *
     * @return SQLite or PostgreSQL
     */
    public Backend backend() {
        return dialect.backend();
    }

    /**
     * Returns the clock the store was opened with.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Returns the number of inventory rows written by committed transactions since the store opened:
     * what the diffed writes cost.
     *
     * @return the count
     */
    public long inventoryRowsWritten() {
        return inventoryRowsWritten.get();
    }

    /**
     * A unit of work in one transaction.
     *
     * @param <T> what it returns
     * @since 0.1
     */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Does the work.
         *
         * @param transaction the transaction
         * @return the result
         * @throws SQLException if the database fails; the transaction is rolled back
         */
        T run(StoreTransaction transaction) throws SQLException;
    }

    /**
     * Runs work in one transaction: committed when it returns, rolled back when it throws.
     *
     * @param <T> what the work returns
     * @param work the work
     * @return what the work returned
     * @throws StoreException if the database fails, classified ({@link StoreException#isSiteFailure()}
     *     for busy, locked, lost or full)
     */
    public <T> T inTransaction(Work<T> work) {
        return inTransaction(Mode.APPLY, work);
    }

    /**
     * Runs work in one transaction that is committed ({@link Mode#APPLY}) or always rolled back
     * ({@link Mode#DRY_RUN}: the work runs as it would, and what it returns says what it would have
     * done, but nothing of it stays in the store).
     *
     * @param <T> what the work returns
     * @param mode whether the transaction is committed
     * @param work the work, given the transaction
     * @return what the work returned
     * @throws StoreException as {@link #inTransaction(Work)}
     */
    public <T> T inTransaction(Mode mode, Work<T> work) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(work, "work");
        if (closed) {
            throw new IllegalStateException("the inventory store " + where + " is closed");
        }
        beginSerial();
        Connection connection = null;
        boolean reusable = false;
        try {
            connection = borrow();
            dialect.begin(connection);
            StoreTransaction transaction = transactionOn(connection);
            T result;
            try {
                result = work.run(transaction);
                if (mode == Mode.APPLY) {
                    dialect.commit(connection);
                } else {
                    dialect.rollback(connection);
                }
            } catch (SQLException | RuntimeException | Error e) {
                // a statement that failed may be unusable (SQLite finalizes it on some errors): the
                // connection's statements are prepared afresh by its next transaction
                forget(connection);
                try {
                    dialect.rollback(connection);
                    reusable = !(e instanceof SQLException sql) || dialect.classify(sql) != StoreException.Kind.UNAVAILABLE;
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
            reusable = true;
            if (mode == Mode.APPLY) {
                inventoryRowsWritten.addAndGet(transaction.inventoryRowsWritten());
            }
            return result;
        } catch (SQLException e) {
            throw wrap(e);
        } finally {
            giveBack(connection, reusable);
            endSerial();
        }
    }

    /**
     * Opens a group of units of work committed together, each in a savepoint of one transaction
     * (group commit). The group takes a connection for each transaction, from its first unit to the
     * commit or roll-back.
     *
     * @return the group; close it
     */
    public CommitGroup commitGroup() {
        if (closed) {
            throw new IllegalStateException("the inventory store " + where + " is closed");
        }
        return new CommitGroup(this);
    }

    Dialect dialect() {
        return dialect;
    }

    StoreException wrap(SQLException e) {
        return dialect.wrap("inventory store " + where, e);
    }

    StoreTransaction transactionOn(Connection connection) {
        return new StoreTransaction(connection, dialect, statementsOf(connection));
    }

    Statements statementsOf(Connection connection) {
        return statements.computeIfAbsent(connection, Statements::new);
    }

    void countRowsWritten(long rows) {
        inventoryRowsWritten.addAndGet(rows);
    }

    /** On SQLite, waits for the store's one writer (reentrant); nothing on PostgreSQL. */
    void beginSerial() {
        if (dialect == Dialect.SQLITE) {
            serial.lock();
        }
    }

    void endSerial() {
        if (dialect == Dialect.SQLITE) {
            serial.unlock();
        }
    }

    /**
     * Takes a connection for a unit of work or a commit group's transaction; on SQLite the caller
     * holds {@link #serial}, and gets the store's one connection.
     *
     * @throws IllegalStateException on SQLite, for a unit of work started inside another on the same
     *     thread ({@link #serial} is reentrant): the outer one holds the database's one write lock,
     *     which the inner one would wait for in vain
     */
    Connection borrow() throws SQLException {
        if (dialect != Dialect.SQLITE) {
            return open();
        }
        if (sqliteConnectionBusy) {
            throw new IllegalStateException("a unit of work on the SQLite store " + where + " was started inside"
                    + " another on the same thread; SQLite has one writer, and the outer unit holds it");
        }
        if (sqliteConnection == null) {
            sqliteConnection = open();
        }
        sqliteConnectionBusy = true;
        return sqliteConnection;
    }

    private Connection open() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            prepare(connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** Closes a connection's cached statements (they may be unusable after a failure, or it is going). */
    void forget(Connection connection) {
        Statements kept = statements.remove(connection);
        if (kept != null) {
            kept.close();
        }
    }

    /**
     * Ends a unit of work's hold on a connection (on SQLite the caller still holds {@link #serial}):
     * SQLite's shared one stays open unless it failed or the store closed; any other goes back to the
     * data source, which pools it if it is a pool.
     */
    void giveBack(Connection connection, boolean reusable) {
        if (connection == null) {
            return;
        }
        if (connection == sqliteConnection) {
            sqliteConnectionBusy = false;
            if (reusable && !closed) {
                return;
            }
            sqliteConnection = null;
        }
        close(connection);
    }

    private void close(Connection connection) {
        try {
            forget(connection);
            connection.close();
        } catch (SQLException ignored) {
            // a connection that fails to close is gone either way
        }
    }

    /**
     * Returns the schema version of the database.
     *
     * @return the version, {@link #codeSchemaVersion()} once open
     */
    public int schemaVersion() {
        return inTransaction(tx -> {
            try (Statement s = tx.connection().createStatement();
                    ResultSet rows = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    /**
     * Returns the schema version this code writes.
     *
     * @return the version
     */
    public static int codeSchemaVersion() {
        return Schema.CURRENT;
    }

    /**
     * Returns the client with the given SMSID.
     *
     * @param smsId the SMSID
     * @return the client, or empty
     */
    public Optional<StoredClient> client(SmsId smsId) {
        return inTransaction(tx -> tx.clients().client(smsId));
    }

    /**
     * Returns a client's stored inventory of one kind.
     *
     * @param smsId the client
     * @param kind the kind
     * @return the inventory, or empty if the client or kind has no baseline
     */
    public Optional<Inventory> inventory(SmsId smsId, InventoryKind kind) {
        return inTransaction(tx -> {
            Optional<StoredClient> client = tx.clients().client(smsId);
            if (client.isEmpty() || tx.inventories().kindState(client.get().id(), kind).isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(tx.inventories().inventory(client.get().id(), kind));
        });
    }

    /**
     * Returns the version state of a client's kind.
     *
     * @param smsId the client
     * @param kind the kind
     * @return the state, or empty without a baseline
     */
    public Optional<KindState> kindState(SmsId smsId, InventoryKind kind) {
        return inTransaction(tx -> {
            Optional<StoredClient> client = tx.clients().client(smsId);
            return client.isEmpty() ? Optional.empty() : tx.inventories().kindState(client.get().id(), kind);
        });
    }

    /**
     * Returns every request made for a client, oldest first.
     *
     * @param smsId the client
     * @return the requests, empty for an unknown client
     */
    public List<StoredRequest> requests(SmsId smsId) {
        return inTransaction(tx -> {
            Optional<StoredClient> client = tx.clients().client(smsId);
            return client.isEmpty() ? List.<StoredRequest>of() : tx.requests().ofClient(client.get().id());
        });
    }

    /**
     * Returns every pending request, oldest request time first.
     *
     * @return the requests
     */
    public List<StoredRequest> pendingRequests() {
        return inTransaction(tx -> tx.requests().pendingRequests());
    }

    /**
     * Returns a client's load log, oldest first.
     *
     * @param smsId the client
     * @return the rows
     */
    public List<LoadLogEntry> loadLog(SmsId smsId) {
        return inTransaction(tx -> tx.loadLog().entries(smsId));
    }

    /**
     * Releases a quarantined SMSID (an administrator resolved the duplicate).
     *
     * @param smsId the client
     * @return true if it was quarantined
     */
    public boolean resolveQuarantine(SmsId smsId) {
        return inTransaction(tx -> {
            Optional<StoredClient> client = tx.clients().client(smsId);
            return client.isPresent() && tx.clients().releaseQuarantine(client.get().id(), clock.instant());
        });
    }

    /**
     * Unblocks a class for a client after a type conflict (an administrator retyped or dropped it).
     *
     * @param smsId the client
     * @param groupClass the class
     * @return true if it was blocked
     */
    public boolean unblockClass(SmsId smsId, GroupClass groupClass) {
        return inTransaction(tx -> {
            Optional<StoredClient> client = tx.clients().client(smsId);
            return client.isPresent() && tx.classTypes().unblockClass(client.get().id(), groupClass);
        });
    }

    /**
     * Deletes a client and everything stored for it but its load log.
     *
     * @param smsId the client
     * @return true if there was such a client
     */
    public boolean deleteClient(SmsId smsId) {
        return inTransaction(tx -> {
            Optional<StoredClient> client = tx.clients().client(smsId);
            if (client.isPresent()) {
                tx.lockClient(smsId);
                tx.clients().deleteClient(client.get().id());
            }
            return client.isPresent();
        });
    }

    /**
     * Returns the hierarchy's settings as {@code site init} recorded them from the site description.
     *
     * @return the settings, or {@link org.mifsync.resync.settings.SiteSettings#DEFAULTS} if none were recorded
     */
    public org.mifsync.resync.settings.SiteSettings settings() {
        return inTransaction(tx -> tx.topology().settings()).orElse(org.mifsync.resync.settings.SiteSettings.DEFAULTS);
    }

    /**
     * Closes the store: later units of work are refused, and SQLite's connection is closed. On SQLite
     * this waits for a unit of work or a commit group's open transaction to end (the connection is
     * theirs until then); close a store after the work on it. A host's data source stays open.
     */
    @Override
    public void close() {
        closed = true;
        beginSerial();
        try {
            if (sqliteConnection != null && !sqliteConnectionBusy) {
                close(sqliteConnection);
                sqliteConnection = null;
            }
        } finally {
            endSerial();
        }
    }

    @Override
    public String toString() {
        return "InventoryStore[" + dialect.backend() + " " + where + "]";
    }
}
