package org.mifsync.resync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mifsync.model.SmsId;

/**
 * One transaction on the store, handed to the work given to {@link InventoryStore#inTransaction}.
 * Everything done through it commits together when the work returns, or not at all when it throws.
 *
 * <p>The store's vocabulary is read and written through views of this transaction, one per concern,
 * all on its connection: {@link #topology()} (sites, domains and logon servers, settings), {@link
 * #clients()} (clients, the identities seen on their SMSID, quarantine), {@link #inventories()}
 * (each kind's inventory and version, custom objects' inventories), {@link #classTypes()} (type
 * families, blocked, retyped and dropped classes), {@link #requests()} (resync requests) and {@link #loadLog()} (the identities of decided reports and the
 * load log); beside them {@link #requestLedger()} (the publisher's locks and the requests' audit
 * trail), {@link #conflicts()} (identity conflicts held), {@link #objects()} (custom objects),
 * {@link #claims()} (loaders' claims) and {@link #admin()} (the administrator's tools). Each view is
 * made once per transaction. Names are folded in Java; times are stored as epoch milliseconds.
 *
 * <pre>{@code
 * store.inTransaction(tx -> {
 *     tx.lockClient(smsId);
 *     StoredClient client = tx.clients().client(smsId).orElseThrow();
 *     return tx.inventories().inventory(client.id(), InventoryKind.HW);
 * });
 * }</pre>
 *
 * <p>This is the store's transaction level, a service-provider interface close to the schema (see
 * the package description): its views throw {@link SQLException} and may change in a minor version.
 *
 * <p>Not thread-safe, and valid only inside the work it was handed to; so are its views.
 *
 * @since 0.1
 */
public final class StoreTransaction {

    private final Connection connection;
    private final Dialect dialect;
    private final Statements statements;
    private int inventoryRowsWritten;
    private Topology topology;
    private Clients clients;
    private Inventories inventories;
    private ClassTypes classTypes;
    private Requests requests;
    private LoadLog loadLog;
    private StoreAdmin admin;
    private RequestLedger requestLedger;
    private ConflictLedger conflicts;
    private CustomObjects objects;
    private LoaderClaims claims;

    StoreTransaction(Connection connection, Dialect dialect, Statements statements) {
        this.connection = connection;
        this.dialect = dialect;
        this.statements = statements;
    }

    /**
     * Returns the back end this transaction runs on.
     *
     * @return SQLite or PostgreSQL
     */
    public Backend backend() {
        return dialect.backend();
    }

    /**
     * Returns the number of inventory rows (instances and values) this transaction inserted,
     * changed or deleted so far.
     *
     * @return the count
     */
    public int inventoryRowsWritten() {
        return inventoryRowsWritten;
    }

    /**
     * Serialises work on one client across loaders until the end of this transaction (on SQLite
     * the transaction already holds the only write lock).
     *
     * @param smsId the client
     * @throws SQLException if the database fails
     */
    public void lockClient(SmsId smsId) throws SQLException {
        dialect.lockClient(connection, smsId);
    }

    // ---- views --------------------------------------------------------------------------------

    /**
     * Returns the hierarchy's view of this transaction: sites, domains with their logon servers,
     * clients counted per site and domain, settings.
     *
     * @return the view, one per transaction
     */
    public Topology topology() {
        if (topology == null) {
            topology = new Topology(this);
        }
        return topology;
    }

    /**
     * Returns the clients' view of this transaction: clients, the identities seen on their SMSID,
     * quarantine.
     *
     * @return the view, one per transaction
     */
    public Clients clients() {
        if (clients == null) {
            clients = new Clients(this);
        }
        return clients;
    }

    /**
     * Returns the inventories' view of this transaction: each client's inventory and version per
     * kind, custom objects' inventories.
     *
     * @return the view, one per transaction (it keeps what a delta was checked against until the
     *     delta is applied)
     */
    public Inventories inventories() {
        if (inventories == null) {
            inventories = new Inventories(this);
        }
        return inventories;
    }

    /**
     * Returns the class types' view of this transaction: the type family of every class attribute,
     * and per client the classes blocked by a type conflict, the families accepted for it and the
     * classes dropped.
     *
     * @return the view, one per transaction
     */
    public ClassTypes classTypes() {
        if (classTypes == null) {
            classTypes = new ClassTypes(this);
        }
        return classTypes;
    }

    /**
     * Returns the resync requests' view of this transaction.
     *
     * @return the view, one per transaction
     */
    public Requests requests() {
        if (requests == null) {
            requests = new Requests(this);
        }
        return requests;
    }

    /**
     * Returns the load log's view of this transaction: the identities of decided reports and the
     * log of decisions.
     *
     * @return the view, one per transaction
     */
    public LoadLog loadLog() {
        if (loadLog == null) {
            loadLog = new LoadLog(this);
        }
        return loadLog;
    }

    /**
     * Returns the administrator's view of this transaction: quarantine details, a class's rows,
     * pruning, counts for the status page (blocks, retyped and dropped classes are {@link
     * #classTypes()}').
     *
     * @return the view, one per transaction
     */
    public StoreAdmin admin() {
        if (admin == null) {
            admin = new StoreAdmin(this);
        }
        return admin;
    }

    /**
     * Returns the request tools' view of this transaction: the publisher's locks, requests with
     * their clients, the removal step and the audit trail.
     *
     * @return the view, one per transaction
     */
    public RequestLedger requestLedger() {
        if (requestLedger == null) {
            requestLedger = new RequestLedger(this);
        }
        return requestLedger;
    }

    /**
     * Returns the identity conflicts' view of this transaction: reports held for an administrator
     * and the origins of collected reports.
     *
     * @return the view, one per transaction
     */
    public ConflictLedger conflicts() {
        if (conflicts == null) {
            conflicts = new ConflictLedger(this);
        }
        return conflicts;
    }

    /**
     * Returns the custom objects' view of this transaction (their inventories are {@link
     * #inventories()}').
     *
     * @return the view, one per transaction
     */
    public CustomObjects objects() {
        if (objects == null) {
            objects = new CustomObjects(this);
        }
        return objects;
    }

    /**
     * Returns the loaders' claims on clients in this transaction.
     *
     * @return the view, one per transaction
     */
    public LoaderClaims claims() {
        if (claims == null) {
            claims = new LoaderClaims(this);
        }
        return claims;
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Counts inventory rows a view inserted, changed or deleted ({@link #inventoryRowsWritten}). */
    void countInventoryRows(int rows) {
        inventoryRowsWritten += rows;
    }

    Connection connection() {
        return connection;
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * The values for an {@code IN} list, their count rounded up to a power of two by repeating the
     * last (which selects the same rows), so that a few statements serve lists of every length.
     */
    static <T> List<T> padded(List<T> values) {
        List<T> padded = new ArrayList<>(values);
        int slots = 1;
        while (slots < values.size()) {
            slots <<= 1;
        }
        while (padded.size() < slots) {
            padded.add(values.get(values.size() - 1));
        }
        return padded;
    }

    /** {@code (?, ?, …)} with this many placeholders. */
    static String inList(int slots) {
        return "(" + "?, ".repeat(slots - 1) + "?)";
    }

    /** The connection's cached statement for this SQL; close it (which only resets it). */
    PreparedStatement prepare(String sql) throws SQLException {
        return statements.prepare(sql);
    }

    int update(String sql, Object... params) throws SQLException {
        try (PreparedStatement s = statements.prepare(sql)) {
            bind(s, params);
            return s.executeUpdate();
        }
    }

    static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                s.setNull(i + 1, Types.VARCHAR);
            } else if (p instanceof NullLong) {
                s.setNull(i + 1, Types.BIGINT);
            } else if (p instanceof Long l) {
                s.setLong(i + 1, l);
            } else if (p instanceof Integer n) {
                s.setInt(i + 1, n);
            } else {
                s.setString(i + 1, p.toString());
            }
        }
    }

    /** A typed null for BIGINT columns, which PostgreSQL will not fill from a VARCHAR null. */
    private enum NullLong { VALUE }

    /** A time to bind, or a typed null for a BIGINT column. */
    static Object millis(Optional<Instant> time) {
        return time.<Object>map(Instant::toEpochMilli).orElse(NullLong.VALUE);
    }
}
