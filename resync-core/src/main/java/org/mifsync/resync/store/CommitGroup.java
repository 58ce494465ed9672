package org.mifsync.resync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * Units of work committed together (group commit): each unit runs in a savepoint of one open
 * transaction, so that a unit that fails is undone alone while the others stay, and the whole
 * transaction is committed when its holder says, one commit (one {@code fsync} on SQLite, one
 * round trip and WAL flush on PostgreSQL) for many units instead of one each.
 *
 * <pre>{@code
 * try (CommitGroup group = store.commitGroup()) {
 *     for (Work<?> unit : units) {
 *         group.run(unit);
 *         if (group.units() >= 32) {
 *             group.commit();
 *         }
 *     }
 *     group.commit();
 * } // what is not committed is rolled back
 * }</pre>
 *
 * <p>A transaction is begun by the first unit after a commit or roll-back, so that between them the
 * group holds no lock and no connection: on SQLite the store's one writer is taken from that unit
 * to the commit, and other work on the store waits that long; on PostgreSQL a connection is taken
 * from the data source for each transaction. Until it is committed, nothing a group did is
 * visible to other connections, and a crash loses all of it (never part of it).
 *
 * <p>Not thread-safe: one thread uses a group from {@link InventoryStore#commitGroup()} to {@link
 * #close()}.
 *
 * @since 0.1
 */
public final class CommitGroup implements AutoCloseable {

    private static final String SAVEPOINT = "SAVEPOINT unit";
    private static final String RELEASE = "RELEASE SAVEPOINT unit";
    private static final String ROLLBACK_TO = "ROLLBACK TO SAVEPOINT unit";

    private final InventoryStore store;
    /** The transaction's connection; null between transactions. */
    private Connection connection;
    private boolean inTransaction;
    private long begunNanos;
    private int units;
    private long rowsWritten;
    private boolean closed;

    CommitGroup(InventoryStore store) {
        this.store = store;
    }

    /**
     * Runs one unit of work in a savepoint of the group's transaction (begun now if none is open).
     * When the work throws, what it did is rolled back and the units before it are kept.
     *
     * @param <T> what the work returns
     * @param work the work
     * @return what it returned
     * @throws StoreException if the database fails, classified as {@link InventoryStore#inTransaction}
     *     does; when a failure took the whole transaction with it (SQLite rolls back by itself on a
     *     full disk or an I/O error), the earlier uncommitted units are gone too and the exception is
     *     a failure of the site ({@link StoreException#isSiteFailure()}): call {@link #rollback()}
     */
    public <T> T run(InventoryStore.Work<T> work) {
        Objects.requireNonNull(work, "work");
        if (closed) {
            throw new IllegalStateException("the commit group is closed");
        }
        try {
            begin();
            execute(SAVEPOINT);
            StoreTransaction transaction = store.transactionOn(connection);
            T result;
            try {
                // not released: releasing costs a round trip on PostgreSQL, and the commit ends every
                // savepoint; the next unit's savepoint of the same name is the one a failure rolls back to
                result = work.run(transaction);
            } catch (SQLException | RuntimeException | Error e) {
                undoUnit(e);
                throw e;
            }
            units++;
            rowsWritten += transaction.inventoryRowsWritten();
            return result;
        } catch (SQLException e) {
            throw store.wrap(e);
        }
    }

    /**
     * Returns how many units the open transaction holds.
     *
     * @return the count, 0 when nothing waits to be committed
     */
    public int units() {
        return units;
    }

    /**
     * Returns how long the open transaction has been open.
     *
     * @return the time since its first unit began, zero when none is open
     */
    public Duration age() {
        return inTransaction ? Duration.ofNanos(System.nanoTime() - begunNanos) : Duration.ZERO;
    }

    /**
     * Commits every unit run since the last commit; nothing happens when there is none.
     *
     * @throws StoreException if the commit fails: nothing of the group's open transaction stays
     */
    public void commit() {
        if (!inTransaction) {
            return;
        }
        try {
            store.dialect().commit(connection);
            store.countRowsWritten(rowsWritten);
            end(true);
        } catch (SQLException e) {
            try {
                store.dialect().rollback(connection);
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            end(false);
            throw store.wrap(e);
        }
    }

    /** Rolls back every unit run since the last commit; nothing happens when there is none. */
    public void rollback() {
        if (!inTransaction) {
            return;
        }
        boolean reusable = true;
        try {
            store.dialect().rollback(connection);
        } catch (SQLException e) {
            reusable = false; // the connection is in a state no one should inherit
        }
        end(reusable);
    }

    /** Rolls back what is not committed; the group can no longer be used. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        rollback();
        closed = true;
    }

    private void begin() throws SQLException {
        if (inTransaction) {
            return;
        }
        store.beginSerial();
        try {
            connection = store.borrow();
            store.dialect().begin(connection);
        } catch (SQLException | RuntimeException e) {
            store.giveBack(connection, false);
            connection = null;
            store.endSerial();
            throw e;
        }
        inTransaction = true;
        begunNanos = System.nanoTime();
    }

    /** Ends the transaction: its connection goes back to the store, and on SQLite the writer is free. */
    private void end(boolean reusable) {
        inTransaction = false;
        units = 0;
        rowsWritten = 0;
        store.giveBack(connection, reusable);
        connection = null;
        store.endSerial();
    }

    /**
     * Undoes a failed unit. Its statements may be unusable (SQLite finalizes a statement on some
     * errors), so the connection's are prepared afresh; when the savepoint itself is gone, so is the
     * transaction, and that is said as a failure of the site.
     */
    private void undoUnit(Throwable failure) throws SQLException {
        store.forget(connection);
        try {
            execute(ROLLBACK_TO);
            execute(RELEASE);
        } catch (SQLException lost) {
            failure.addSuppressed(lost);
            rollback();
            if (failure instanceof SQLException sql && store.dialect().classify(sql) != StoreException.Kind.DATA) {
                return; // already a failure of the site: the caller rolls back
            }
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "the transaction of the commit group on the"
                    + " inventory store was lost after a failed unit: " + failure, failure);
        }
    }

    private void execute(String sql) throws SQLException {
        try (PreparedStatement s = store.statementsOf(connection).prepare(sql)) {
            s.execute();
        }
    }
}
