package org.mifsync.resync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.GroupClass;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.SmsId;

/**
 * The store's vocabulary for the administrator's tools ({@code client show|delete|resolve},
 * {@code class retype|drop|unblock}, {@code prune}) inside one transaction: a class's rows,
 * identity resolution, the recent load log and retention (what a type conflict found, families
 * accepted and dropped classes are {@link ClassTypes}'); and the read-only figures an operator watches a running site
 * by (quarantined clients, outcomes over time, the store's size).
 *
 * <pre>{@code
 * store.inTransaction(tx -> {
 *     StoreAdmin admin = tx.admin();
 *     Map<InventoryKind, Integer> gone = admin.deleteClassRows(clientId, GroupClass.of("MICROSOFT|DISK|1.0"));
 *     ...
 * });
 * }</pre>
 *
 * <p>Not thread-safe, and valid only inside the transaction it was made for.
 *
 * @since 0.1
 */
public final class StoreAdmin {

    private final StoreTransaction tx;

    StoreAdmin(StoreTransaction tx) {
        this.tx = tx;
    }

    // ---- clients -------------------------------------------------------------------------------

    /**
     * Returns why a client is quarantined, as the loader wrote it.
     *
     * @param clientId the client
     * @return the sentence, or empty when the client is not quarantined
     * @throws SQLException if the database fails
     */
    public Optional<String> quarantineDetail(long clientId) throws SQLException {
        try (PreparedStatement s = tx.connection().prepareStatement(
                "SELECT quarantine_detail FROM client WHERE client_id = ? AND quarantined_at IS NOT NULL")) {
            s.setLong(1, clientId);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Ends a client's quarantine and keeps one of the identities seen on its SMSID as the most
     * recent one, so that the loader takes the kept machine's reports. The other identities are
     * forgotten or kept on watch: a watched identity that reports again within the duplicate-ID
     * window quarantines the SMSID again, as the machine still uses it.
     *
     * @param clientId the client
     * @param keep the identity that keeps the SMSID, as {@link Clients#identitiesSeen} gave it
     * @param forgetOthers true to forget the other identities
     * @param now the time
     * @return the number of other identities forgotten
     * @throws SQLException if the database fails
     */
    public int resolveDuplicate(long clientId, Clients.SeenIdentity keep, boolean forgetOthers, Instant now)
            throws SQLException {
        tx.update("UPDATE client SET quarantined_at = NULL, quarantine_detail = NULL, updated_at = ? WHERE client_id = ?",
                now.toEpochMilli(), clientId);
        tx.update("UPDATE client_identity SET last_seen = ? WHERE client_id = ? AND name_folded = ? AND card_folded = ?",
                now.toEpochMilli(), clientId, keep.nameFolded(), keep.cardFolded());
        if (!forgetOthers) {
            return 0;
        }
        return tx.update("DELETE FROM client_identity WHERE client_id = ? AND NOT (name_folded = ? AND card_folded = ?)",
                clientId, keep.nameFolded(), keep.cardFolded());
    }

    /**
     * Returns the newest rows of a client's load log, oldest of them first.
     *
     * @param smsId the client
     * @param limit at most this many rows
     * @return the rows
     * @throws SQLException if the database fails
     */
    public List<LoadLogEntry> recentLoadLog(SmsId smsId, int limit) throws SQLException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 or more, found " + limit);
        }
        List<LoadLogEntry> found = new ArrayList<>();
        try (PreparedStatement s = tx.connection().prepareStatement(
                "SELECT * FROM load_log WHERE sms_id = ? ORDER BY log_id DESC LIMIT ?")) {
            s.setString(1, smsId.value());
            s.setInt(2, limit);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(0, LoadLog.entry(rows));
                }
            }
        }
        return found;
    }

    /**
     * Counts a client's stored group instances by kind.
     *
     * @param clientId the client
     * @return instances per kind; kinds without instances are absent
     * @throws SQLException if the database fails
     */
    public Map<InventoryKind, Integer> instanceCounts(long clientId) throws SQLException {
        return countByKind("SELECT kind, COUNT(*) FROM inventory_instance WHERE client_id = ? GROUP BY kind", clientId);
    }

    // ---- classes -------------------------------------------------------------------------------

    /**
     * Counts a client's stored instances of one class by kind.
     *
     * @param clientId the client
     * @param groupClass the class
     * @return instances per kind; kinds without any are absent
     * @throws SQLException if the database fails
     */
    public Map<InventoryKind, Integer> classInstances(long clientId, GroupClass groupClass) throws SQLException {
        return countByKind("SELECT kind, COUNT(*) FROM inventory_instance WHERE client_id = ? AND class_folded = ?"
                + " GROUP BY kind", clientId, groupClass.folded());
    }

    /**
     * Deletes a client's stored instances of one class, with their values, in every kind. The kind's
     * version stays: the client's reports go on in sequence.
     *
     * @param clientId the client
     * @param groupClass the class
     * @return the instances deleted, per kind; kinds without any are absent
     * @throws SQLException if the database fails
     */
    public Map<InventoryKind, Integer> deleteClassRows(long clientId, GroupClass groupClass) throws SQLException {
        Map<InventoryKind, Integer> counts = classInstances(clientId, groupClass);
        tx.update("DELETE FROM inventory_value WHERE instance_id IN (SELECT instance_id FROM inventory_instance"
                + " WHERE client_id = ? AND class_folded = ?)", clientId, groupClass.folded());
        tx.update("DELETE FROM inventory_instance WHERE client_id = ? AND class_folded = ?", clientId,
                groupClass.folded());
        return counts;
    }

    // ---- retention -----------------------------------------------------------------------------

    /**
     * What {@link #pruneRequests} removed.
     *
     * <p>Immutable and thread-safe.
     *
     * @param acknowledged acknowledged requests removed
     * @param expired expired requests removed
     * @param events the removed requests' audit events removed with them
     * @since 0.1
     */
    public record PrunedRequests(int acknowledged, int expired, int events) {
    }

    /**
     * Removes load-log rows logged before a time.
     *
     * @param cutoff rows logged before this go
     * @return the number removed
     * @throws SQLException if the database fails
     */
    public int pruneLoadLog(Instant cutoff) throws SQLException {
        return tx.update("DELETE FROM load_log WHERE logged_at < ?", cutoff.toEpochMilli());
    }

    /**
     * Removes requests that were acknowledged, or expired, before a time, with their audit events, and
     * events older than that of requests that no longer exist (a deleted client's). Pending requests
     * always stay, however old.
     *
     * @param cutoff requests that ended before this go
     * @return what was removed
     * @throws SQLException if the database fails
     */
    public PrunedRequests pruneRequests(Instant cutoff) throws SQLException {
        long at = cutoff.toEpochMilli();
        // a request whose end time is unknown ended at its last update
        String acknowledged = "state = 'ACKNOWLEDGED' AND COALESCE(acknowledged_at, updated_at) < ?";
        String expired = "state = 'EXPIRED' AND COALESCE(expired_at, updated_at) < ?";
        int events = tx.update("DELETE FROM request_event WHERE request_id IN (SELECT request_id FROM resync_request"
                + " WHERE (" + acknowledged + ") OR (" + expired + "))", at, at);
        int ack = tx.update("DELETE FROM resync_request WHERE " + acknowledged, at);
        int exp = tx.update("DELETE FROM resync_request WHERE " + expired, at);
        // old events of requests gone otherwise (their client was deleted)
        events += tx.update("DELETE FROM request_event WHERE at < ? AND request_id NOT IN (SELECT request_id FROM"
                + " resync_request)", at);
        return new PrunedRequests(ack, exp, events);
    }

    /**
     * Removes the identities of reports decided before a time. Safe after the retention period: a
     * report that old arriving again still meets the version rule (equal or older: archived).
     *
     * @param cutoff identities decided before this go
     * @return the number removed
     * @throws SQLException if the database fails
     */
    public int pruneReportsSeen(Instant cutoff) throws SQLException {
        return tx.update("DELETE FROM report_seen WHERE decided_at < ?", cutoff.toEpochMilli());
    }

    private Map<InventoryKind, Integer> countByKind(String sql, Object... params) throws SQLException {
        Map<InventoryKind, Integer> counts = new EnumMap<>(InventoryKind.class);
        try (PreparedStatement s = tx.connection().prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof Long l) {
                    s.setLong(i + 1, l);
                } else {
                    s.setString(i + 1, params[i].toString());
                }
            }
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    counts.put(InventoryKind.valueOf(rows.getString(1)), rows.getInt(2));
                }
            }
        }
        return counts;
    }

    /**
     * A quarantined client, as the status page lists it.
     *
     * <p>Immutable and thread-safe.
     *
     * @param smsId the client
     * @param name its NetBIOS name
     * @param since when it was quarantined
     * @param detail why, as the loader wrote it
     * @since 0.1
     */
    public record Quarantined(SmsId smsId, NetBiosName name, Instant since, String detail) {
        /**
         * Validates the fields.
         *
         * @param smsId the client
         * @param name its name
         * @param since when
         * @param detail why
         */
        public Quarantined {
            Objects.requireNonNull(smsId, "SMSID");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * Returns the quarantined clients, longest quarantined first.
     *
     * @param limit at most this many
     * @return the clients
     * @throws SQLException if the database fails
     */
    public List<Quarantined> quarantinedClients(int limit) throws SQLException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 or more, found " + limit);
        }
        List<Quarantined> found = new ArrayList<>();
        try (PreparedStatement s = tx.connection().prepareStatement("SELECT sms_id, name, quarantined_at,"
                + " quarantine_detail FROM client WHERE quarantined_at IS NOT NULL ORDER BY quarantined_at, sms_id"
                + " LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(new Quarantined(SmsId.parse(rows.getString(1)), NetBiosName.of(rows.getString(2)),
                            Instant.ofEpochMilli(rows.getLong(3)), Objects.requireNonNullElse(rows.getString(4), "")));
                }
            }
        }
        return found;
    }

    /**
     * Counts the quarantined clients.
     *
     * @return the count
     * @throws SQLException if the database fails
     */
    public int quarantinedCount() throws SQLException {
        try (PreparedStatement s = tx.connection().prepareStatement(
                "SELECT COUNT(*) FROM client WHERE quarantined_at IS NOT NULL");
                ResultSet rows = s.executeQuery()) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    /**
     * How many load-log rows had one outcome within one slice of time.
     *
     * <p>Immutable and thread-safe.
     *
     * @param sliceStart the start of the slice
     * @param outcome the outcome
     * @param count the rows
     * @since 0.1
     */
    public record OutcomeCount(Instant sliceStart, Outcome outcome, int count) {
        /**
         * Validates the fields.
         *
         * @param sliceStart the slice
         * @param outcome the outcome
         * @param count the rows
         */
        public OutcomeCount {
            Objects.requireNonNull(sliceStart, "slice start");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /**
     * Counts the load log's rows (one per decision, and one per file set aside) by outcome in
     * slices of time from {@code since} on; slices without rows are absent.
     *
     * @param since the start of the first slice
     * @param slice the length of a slice, positive
     * @return the counts, by slice, then outcome
     * @throws SQLException if the database fails
     */
    public List<OutcomeCount> outcomesSince(Instant since, Duration slice) throws SQLException {
        long sliceMillis = slice.toMillis();
        if (sliceMillis < 1) {
            throw new IllegalArgumentException("slice must be at least 1 ms, found " + slice);
        }
        List<OutcomeCount> found = new ArrayList<>();
        // the slice is computed by the database (integer division in both dialects), so that a day of
        // a busy site comes back as a few dozen rows, not as its load log
        try (PreparedStatement s = tx.connection().prepareStatement("SELECT slice, outcome, COUNT(*) FROM"
                + " (SELECT (logged_at - ?) / ? AS slice, outcome FROM load_log WHERE logged_at >= ?) sliced"
                + " GROUP BY slice, outcome ORDER BY slice, outcome")) {
            s.setLong(1, since.toEpochMilli());
            s.setLong(2, sliceMillis);
            s.setLong(3, since.toEpochMilli());
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(new OutcomeCount(since.plusMillis(rows.getLong(1) * sliceMillis),
                            Outcome.valueOf(rows.getString(2)), rows.getInt(3)));
                }
            }
        }
        return found;
    }

    /**
     * Returns the space the store takes: the SQLite file's pages, or the PostgreSQL database's size.
     *
     * @return bytes
     * @throws SQLException if the database fails
     */
    public long sizeBytes() throws SQLException {
        if (tx.backend() == Backend.POSTGRESQL) {
            try (PreparedStatement s = tx.connection().prepareStatement("SELECT pg_database_size(current_database())");
                    ResultSet rows = s.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
        long pages;
        long pageSize;
        try (PreparedStatement s = tx.connection().prepareStatement("PRAGMA page_count");
                ResultSet rows = s.executeQuery()) {
            pages = rows.next() ? rows.getLong(1) : 0;
        }
        try (PreparedStatement s = tx.connection().prepareStatement("PRAGMA page_size");
                ResultSet rows = s.executeQuery()) {
            pageSize = rows.next() ? rows.getLong(1) : 0;
        }
        return pages * pageSize;
    }
}
