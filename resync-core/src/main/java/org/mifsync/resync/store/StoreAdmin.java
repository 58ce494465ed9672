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
import java.util.TreeMap;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.GroupClass;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.SmsId;

/**
 * The store's vocabulary for the administrator's tools ({@code client show|delete|resolve},
 * {@code class retype|drop|unblock}, {@code prune}) inside one transaction: what a type conflict
 * found, families accepted for one client, dropped classes, a class's rows, identity resolution,
 * the recent load log and retention; and the read-only figures an operator watches a running site
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

    /**
     * One attribute of a type conflict: the family the store holds and the one a refused report
     * carried.
     *
     * <p>Immutable and thread-safe.
     *
     * @param attributeId the attribute ID
     * @param stored the stored family
     * @param reported the reported family
     * @since 0.1
     */
    public record Conflict(int attributeId, AttributeValue.Family stored, AttributeValue.Family reported) {
        /**
         * Validates the fields.
         *
         * @param attributeId the attribute ID
         * @param stored the stored family
         * @param reported the reported family
         */
        public Conflict {
            Objects.requireNonNull(stored, "stored family");
            Objects.requireNonNull(reported, "reported family");
        }
    }

    /**
     * A class blocked for one client after a type conflict, with the conflicting attributes.
     *
     * <p>Immutable and thread-safe.
     *
     * @param groupClass the class
     * @param blockedAt when it was blocked
     * @param detail the loader's sentence about it
     * @param conflicts the attributes whose families differ, by ID (empty for a block made before
     *     conflicts were recorded)
     * @since 0.1
     */
    public record Block(GroupClass groupClass, Instant blockedAt, String detail, List<Conflict> conflicts) {
        /**
         * Copies the conflicts.
         *
         * @param groupClass the class
         * @param blockedAt when blocked
         * @param detail why
         * @param conflicts the attributes
         */
        public Block {
            Objects.requireNonNull(groupClass, "class");
            Objects.requireNonNull(blockedAt, "block time");
            Objects.requireNonNull(detail, "detail");
            conflicts = List.copyOf(conflicts);
        }
    }

    /**
     * A family an administrator accepted for one attribute of one client's class ({@code class retype}).
     *
     * <p>Immutable and thread-safe.
     *
     * @param groupClass the class (as folded in the store: upper case)
     * @param attributeId the attribute ID
     * @param family the family accepted
     * @param retypedAt when
     * @since 0.1
     */
    public record Retyped(GroupClass groupClass, int attributeId, AttributeValue.Family family, Instant retypedAt) {
        /**
         * Validates the fields.
         *
         * @param groupClass the class
         * @param attributeId the attribute ID
         * @param family the family
         * @param retypedAt when
         */
        public Retyped {
            Objects.requireNonNull(groupClass, "class");
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(retypedAt, "retype time");
        }
    }

    /**
     * A class left out of one client's reports ({@code class drop}).
     *
     * <p>Immutable and thread-safe.
     *
     * @param groupClass the class
     * @param droppedAt when it was dropped
     * @since 0.1
     */
    public record Dropped(GroupClass groupClass, Instant droppedAt) {
        /**
         * Validates the fields.
         *
         * @param groupClass the class
         * @param droppedAt when
         */
        public Dropped {
            Objects.requireNonNull(groupClass, "class");
            Objects.requireNonNull(droppedAt, "drop time");
        }
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
                    found.add(0, new LoadLogEntry(Optional.of(smsId),
                            Optional.ofNullable(rows.getString("kind")).map(InventoryKind::valueOf),
                            Optional.ofNullable(rows.getString("version")),
                            Optional.ofNullable(rows.getString("content_hash")),
                            Outcome.valueOf(rows.getString("outcome")), rows.getString("detail"),
                            Optional.ofNullable(rows.getString("source")),
                            Instant.ofEpochMilli(rows.getLong("logged_at"))));
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
     * Returns the classes blocked for a client, with the conflicts recorded for each.
     *
     * @param clientId the client
     * @return the blocks, by class
     * @throws SQLException if the database fails
     */
    public List<Block> blocks(long clientId) throws SQLException {
        Map<String, List<Conflict>> conflicts = new TreeMap<>();
        try (PreparedStatement s = tx.connection().prepareStatement("SELECT class_folded, attr_id, stored_family,"
                + " reported_family FROM class_conflict WHERE client_id = ? ORDER BY class_folded, attr_id")) {
            s.setLong(1, clientId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    conflicts.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(new Conflict(rows.getInt(2),
                            AttributeValue.Family.valueOf(rows.getString(3)),
                            AttributeValue.Family.valueOf(rows.getString(4))));
                }
            }
        }
        List<Block> blocks = new ArrayList<>();
        try (PreparedStatement s = tx.connection().prepareStatement("SELECT class_folded, class_name, blocked_at, detail"
                + " FROM class_block WHERE client_id = ? ORDER BY class_folded")) {
            s.setLong(1, clientId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    blocks.add(new Block(GroupClass.of(rows.getString(2)), Instant.ofEpochMilli(rows.getLong(3)),
                            rows.getString(4), conflicts.getOrDefault(rows.getString(1), List.of())));
                }
            }
        }
        return blocks;
    }

    /**
     * Returns the families accepted for a client's classes by {@code class retype}.
     *
     * @param clientId the client
     * @return the accepted families, by class and attribute
     * @throws SQLException if the database fails
     */
    public List<Retyped> retyped(long clientId) throws SQLException {
        List<Retyped> found = new ArrayList<>();
        try (PreparedStatement s = tx.connection().prepareStatement("SELECT class_folded, attr_id, family, retyped_at"
                + " FROM client_family WHERE client_id = ? ORDER BY class_folded, attr_id")) {
            s.setLong(1, clientId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(new Retyped(GroupClass.of(rows.getString(1)), rows.getInt(2),
                            AttributeValue.Family.valueOf(rows.getString(3)), Instant.ofEpochMilli(rows.getLong(4))));
                }
            }
        }
        return found;
    }

    /**
     * Returns the classes dropped for a client.
     *
     * @param clientId the client
     * @return the dropped classes, by class
     * @throws SQLException if the database fails
     */
    public List<Dropped> dropped(long clientId) throws SQLException {
        List<Dropped> found = new ArrayList<>();
        try (PreparedStatement s = tx.connection().prepareStatement(
                "SELECT class_name, dropped_at FROM class_drop WHERE client_id = ? ORDER BY class_folded")) {
            s.setLong(1, clientId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(new Dropped(GroupClass.of(rows.getString(1)), Instant.ofEpochMilli(rows.getLong(2))));
                }
            }
        }
        return found;
    }

    /**
     * Accepts a family for one attribute of a client's class: the comparison then checks the
     * client's reports of that attribute against it instead of the class's first-stored family.
     *
     * @param clientId the client
     * @param groupClass the class
     * @param attributeId the attribute ID
     * @param family the family accepted
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void acceptFamily(long clientId, GroupClass groupClass, int attributeId, AttributeValue.Family family,
            Instant now) throws SQLException {
        tx.update("INSERT INTO client_family (client_id, class_folded, attr_id, family, retyped_at) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (client_id, class_folded, attr_id) DO UPDATE SET family = excluded.family,"
                + " retyped_at = excluded.retyped_at", clientId, groupClass.folded(), attributeId, family.name(),
                now.toEpochMilli());
    }

    /**
     * Forgets the families accepted for a client's class.
     *
     * @param clientId the client
     * @param groupClass the class
     * @return the number of attributes forgotten
     * @throws SQLException if the database fails
     */
    public int forgetFamilies(long clientId, GroupClass groupClass) throws SQLException {
        return tx.update("DELETE FROM client_family WHERE client_id = ? AND class_folded = ?", clientId,
                groupClass.folded());
    }

    /**
     * Forgets the conflicts recorded for a client's class.
     *
     * @param clientId the client
     * @param groupClass the class
     * @throws SQLException if the database fails
     */
    public void clearConflicts(long clientId, GroupClass groupClass) throws SQLException {
        tx.update("DELETE FROM class_conflict WHERE client_id = ? AND class_folded = ?", clientId, groupClass.folded());
    }

    /**
     * Leaves a class out of a client's reports from now on (kept if already dropped).
     *
     * @param clientId the client
     * @param groupClass the class
     * @param now the time
     * @return true if the class was not dropped before
     * @throws SQLException if the database fails
     */
    public boolean dropClass(long clientId, GroupClass groupClass, Instant now) throws SQLException {
        return tx.update("INSERT INTO class_drop (client_id, class_folded, class_name, dropped_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (client_id, class_folded) DO NOTHING", clientId, groupClass.folded(), groupClass.value(),
                now.toEpochMilli()) > 0;
    }

    /**
     * Stores a dropped class again from the client's next reports.
     *
     * @param clientId the client
     * @param groupClass the class
     * @return true if it was dropped
     * @throws SQLException if the database fails
     */
    public boolean undropClass(long clientId, GroupClass groupClass) throws SQLException {
        return tx.update("DELETE FROM class_drop WHERE client_id = ? AND class_folded = ?", clientId,
                groupClass.folded()) > 0;
    }

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
