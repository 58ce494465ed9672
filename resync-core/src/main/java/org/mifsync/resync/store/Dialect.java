package org.mifsync.resync.store;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Locale;
import java.util.zip.CRC32;
import org.mifsync.model.SmsId;

/**
 * The seam between the two back ends: DDL types, how a write transaction starts and how one
 * client's work is serialised, unsigned 64-bit values, and which errors are failures of the site.
 * Everything else is shared SQL (upserts with {@code ON CONFLICT … DO UPDATE}, {@code RETURNING}).
 */
enum Dialect {

    SQLITE {
        @Override
        String ddl(String template) {
            // INTEGER PRIMARY KEY aliases the rowid, so SQLite assigns IDs itself; counter64 goes into
            // TEXT because NUMERIC affinity turns integers above 2^63-1 into lossy REALs
            return template.replace("{id}", "INTEGER PRIMARY KEY").replace("{bytes}", "BLOB").replace("{u64}", "TEXT");
        }

        @Override
        void begin(Connection connection) throws SQLException {
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                // IMMEDIATE takes the write lock at once, waiting up to busy_timeout; a DEFERRED
                // transaction that upgrades later can fail with SQLITE_BUSY that no wait cures
                s.execute("BEGIN IMMEDIATE");
            }
        }

        @Override
        void commit(Connection connection) throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute("COMMIT");
            }
        }

        @Override
        void rollback(Connection connection) throws SQLException {
            // the caller adds a failure here (no transaction active) to the error that made it roll back
            try (Statement s = connection.createStatement()) {
                s.execute("ROLLBACK");
            }
        }

        @Override
        void lockClient(Connection connection, SmsId smsId) {
            // BEGIN IMMEDIATE already holds the database's only write lock
        }

        @Override
        void bindU64(PreparedStatement statement, int index, BigInteger value) throws SQLException {
            statement.setString(index, value.toString());
        }

        @Override
        BigInteger readU64(ResultSet rows, String column) throws SQLException {
            String text = rows.getString(column);
            return text == null ? null : new BigInteger(text);
        }

        @Override
        StoreException.Kind classifyCode(SQLException e) {
            switch (e.getErrorCode() & 0xFF) {
                case 5, 6 -> {
                    return StoreException.Kind.BUSY; // SQLITE_BUSY, SQLITE_LOCKED
                }
                case 13 -> {
                    return StoreException.Kind.DISK_FULL; // SQLITE_FULL
                }
                case 8, 10, 14, 15 -> {
                    return StoreException.Kind.UNAVAILABLE; // READONLY, IOERR, CANTOPEN, PROTOCOL
                }
                case 11, 26 -> {
                    // SQLITE_CORRUPT, SQLITE_NOTADB: the same statement fails again on every try, but the
                    // report that met it is not to blame
                    return StoreException.Kind.CORRUPT;
                }
                default -> {
                    String message = String.valueOf(e.getMessage()).toUpperCase(Locale.ROOT);
                    if (message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED")) {
                        return StoreException.Kind.BUSY;
                    }
                    if (message.contains("SQLITE_FULL")) {
                        return StoreException.Kind.DISK_FULL;
                    }
                    if (message.contains("SQLITE_IOERR") || message.contains("SQLITE_CANTOPEN")) {
                        return StoreException.Kind.UNAVAILABLE;
                    }
                    if (message.contains("SQLITE_CORRUPT") || message.contains("SQLITE_NOTADB")
                            || message.contains("DISK IMAGE IS MALFORMED")) {
                        return StoreException.Kind.CORRUPT;
                    }
                    return StoreException.Kind.DATA;
                }
            }
        }
    },

    POSTGRESQL {
        @Override
        String ddl(String template) {
            return template.replace("{id}", "BIGSERIAL PRIMARY KEY").replace("{bytes}", "BYTEA")
                    .replace("{u64}", "NUMERIC(20)");
        }

        @Override
        void begin(Connection connection) throws SQLException {
            connection.setAutoCommit(false);
        }

        @Override
        void commit(Connection connection) throws SQLException {
            connection.commit();
        }

        @Override
        void rollback(Connection connection) throws SQLException {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        }

        @Override
        void lockClient(Connection connection, SmsId smsId) throws SQLException {
            // an advisory lock per SMSID, held to the end of the transaction: loaders on several hosts
            // then take one client's reports one at a time, even before the client has a row to lock
            try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                s.setInt(1, LOCK_SPACE_CLIENT);
                s.setInt(2, lockKey(smsId.value()));
                s.execute();
            }
        }

        @Override
        void bindU64(PreparedStatement statement, int index, BigInteger value) throws SQLException {
            statement.setBigDecimal(index, new BigDecimal(value));
        }

        @Override
        BigInteger readU64(ResultSet rows, String column) throws SQLException {
            BigDecimal value = rows.getBigDecimal(column);
            return value == null ? null : value.toBigIntegerExact();
        }

        @Override
        StoreException.Kind classifyCode(SQLException e) {
            String state = e.getSQLState();
            if (state == null) {
                return StoreException.Kind.DATA;
            }
            if (state.startsWith("08") || state.startsWith("57P")) {
                return StoreException.Kind.UNAVAILABLE; // connection exceptions, server shutting down
            }
            if (state.equals("40001") || state.equals("40P01") || state.equals("55P03")) {
                return StoreException.Kind.BUSY; // serialization failure, deadlock, lock not available
            }
            if (state.equals("53100")) {
                return StoreException.Kind.DISK_FULL;
            }
            if (state.startsWith("53")) {
                return StoreException.Kind.UNAVAILABLE; // out of memory, too many connections
            }
            if (state.startsWith("XX")) {
                // internal error, data corrupted (XX001), index corrupted (XX002): the server met damage
                return StoreException.Kind.CORRUPT;
            }
            return StoreException.Kind.DATA;
        }
    };

    /** The first key of the two-key advisory locks the store takes on PostgreSQL. */
    static final int LOCK_SPACE_CLIENT = 0x6D69_6601;
    /** Serialises schema migrations of several processes opening one fresh database. */
    static final int LOCK_SPACE_SCHEMA = 0x6D69_6602;
    /** One publisher per domain: the second key is the folded domain name's CRC. */
    static final int LOCK_SPACE_DOMAIN = 0x6D69_6603;
    /** One admission of new requests per site at a time, so that the throttle counts are exact. */
    static final int LOCK_SPACE_THROTTLE = 0x6D69_6604;
    /** Decisions on one custom object: the second key is the CRC of its folded architecture and key. */
    static final int LOCK_SPACE_OBJECT = 0x6D69_6605;

    /**
     * Holds a named lock to the end of the transaction: an advisory lock on PostgreSQL; nothing on
     * SQLite, where {@code BEGIN IMMEDIATE} already holds the database's only write lock.
     */
    void lockNamed(Connection connection, int space, String name) throws SQLException {
        if (this == POSTGRESQL) {
            try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                s.setInt(1, space);
                s.setInt(2, lockKey(name));
                s.execute();
            }
        }
    }

    abstract String ddl(String template);

    abstract void begin(Connection connection) throws SQLException;

    abstract void commit(Connection connection) throws SQLException;

    abstract void rollback(Connection connection) throws SQLException;

    abstract void lockClient(Connection connection, SmsId smsId) throws SQLException;

    /**
     * What ends a {@code SELECT} of rows to claim so that rows other transactions hold locked are
     * skipped, not waited for: {@code FOR UPDATE SKIP LOCKED} on PostgreSQL; nothing on SQLite, where
     * the transaction already holds the only write lock.
     */
    String skipLocked() {
        return this == POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
    }

    abstract void bindU64(PreparedStatement statement, int index, BigInteger value) throws SQLException;

    abstract BigInteger readU64(ResultSet rows, String column) throws SQLException;

    abstract StoreException.Kind classifyCode(SQLException e);

    /** Classifies an error, looking at the exception classes JDBC gives for lost connections first. */
    StoreException.Kind classify(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof IOException) {
                return StoreException.Kind.UNAVAILABLE;
            }
        }
        StoreException.Kind kind = classifyCode(e);
        SQLException next = e.getNextException();
        return kind == StoreException.Kind.DATA && next != null && next != e ? classify(next) : kind;
    }

    StoreException wrap(String doing, SQLException e) {
        StoreException.Kind kind = classify(e);
        // the driver's words for damage ("disk image is malformed") do not say it is the store's
        String damaged = kind == StoreException.Kind.CORRUPT ? " is damaged" : "";
        return new StoreException(kind, doing + damaged + ": " + e.getMessage(), e);
    }

    static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("sqlite")) {
            return SQLITE;
        }
        if (product.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new SQLException("the inventory store runs on SQLite or PostgreSQL, not on " + product);
    }

    Backend backend() {
        return this == SQLITE ? Backend.SQLITE : Backend.POSTGRESQL;
    }

    static int lockKey(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
