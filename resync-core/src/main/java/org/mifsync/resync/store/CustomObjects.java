package org.mifsync.resync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.ReportVersion;
import org.mifsync.resync.report.ObjectReport;

/**
 * The store's vocabulary for custom objects inside one transaction: objects of other
 * architectures than Personal Computer, as IDMIFs describe them, each keyed by its folded
 * architecture and key, with the version, time and content hash of the report last accepted. Their
 * inventory is read and replaced through {@link Inventories#objectInventory} and {@link
 * Inventories#replaceObjectInventory}.
 *
 * <pre>{@code
 * store.inTransaction(tx -> tx.objects().list("Employee"));
 * }</pre>
 *
 * <p>Not thread-safe, and valid only inside the transaction it was made for.
 *
 * @since 0.1
 */
public final class CustomObjects {

    /**
     * One stored object.
     *
     * <p>Immutable and thread-safe.
     *
     * @param id the row's key
     * @param architecture its architecture, as last reported
     * @param key its key, as last reported
     * @param version the version of the report last accepted ({@code 0.0}-based, assigned by the store
     *     for unversioned IDMIFs)
     * @param generatedAt when that report was made
     * @param acceptedAt when it was accepted
     * @param createdAt when the object was first stored
     * @param contentHash the SHA-256 of that report's canonical form
     * @param source the file it came from
     * @since 0.1
     */
    public record StoredObject(long id, String architecture, String key, ReportVersion version, Instant generatedAt,
            Instant acceptedAt, Instant createdAt, String contentHash, Optional<String> source) {

        /**
         * Validates the fields.
         *
         * @throws NullPointerException if a field is null
         */
        public StoredObject {
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(generatedAt, "generated at");
            Objects.requireNonNull(acceptedAt, "accepted at");
            Objects.requireNonNull(createdAt, "created at");
            Objects.requireNonNull(contentHash, "content hash");
            Objects.requireNonNull(source, "source");
        }
    }

    private final StoreTransaction tx;

    CustomObjects(StoreTransaction tx) {
        this.tx = tx;
    }

    /**
     * Serialises decisions on one object until the transaction ends (an advisory lock on PostgreSQL;
     * SQLite's write transaction already holds the only write lock).
     *
     * @param architecture the architecture, any case
     * @param key the key, any case
     * @throws SQLException if the database fails
     */
    public void lock(String architecture, String key) throws SQLException {
        tx.dialect().lockNamed(tx.connection(), Dialect.LOCK_SPACE_OBJECT, ObjectReport.fold(architecture) + "\u0000"
                + ObjectReport.fold(key));
    }

    /**
     * Finds an object.
     *
     * @param architecture the architecture, any case
     * @param key the key, any case
     * @return the object, or empty
     * @throws SQLException if the database fails
     */
    public Optional<StoredObject> find(String architecture, String key) throws SQLException {
        List<StoredObject> found = select("WHERE architecture_folded = ? AND key_folded = ?",
                ObjectReport.fold(architecture), ObjectReport.fold(key));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * Lists every object, by architecture and key.
     *
     * @return the objects
     * @throws SQLException if the database fails
     */
    public List<StoredObject> list() throws SQLException {
        return select("");
    }

    /**
     * Lists the objects of one architecture, by key.
     *
     * @param architecture the architecture (any case)
     * @return the objects
     * @throws SQLException if the database fails
     */
    public List<StoredObject> list(String architecture) throws SQLException {
        return select("WHERE architecture_folded = ?", ObjectReport.fold(architecture));
    }

    /**
     * Stores the report of an object accepted now: creates the object or records its new version.
     * Its inventory is written separately ({@link Inventories#replaceObjectInventory}).
     *
     * @param report the report
     * @param version the version accepted (the store's for an unversioned report)
     * @param contentHash the report's content hash
     * @param source the file it came from
     * @param now the time
     * @return the object as stored
     * @throws SQLException if the database fails
     */
    public StoredObject accept(ObjectReport report, ReportVersion version, String contentHash, String source,
            Instant now) throws SQLException {
        return accept(report, version, contentHash, Optional.of(Objects.requireNonNull(source, "source")), now);
    }

    /**
     * Stores the report of an object accepted now that came from no file; see {@link
     * #accept(ObjectReport, ReportVersion, String, String, Instant)}.
     *
     * @param report the report
     * @param version the version accepted (the store's for an unversioned report)
     * @param contentHash the report's content hash
     * @param now the time
     * @return the object as stored
     * @throws SQLException if the database fails
     */
    public StoredObject accept(ObjectReport report, ReportVersion version, String contentHash, Instant now)
            throws SQLException {
        return accept(report, version, contentHash, Optional.empty(), now);
    }

    private StoredObject accept(ObjectReport report, ReportVersion version, String contentHash,
            Optional<String> source, Instant now) throws SQLException {
        Optional<StoredObject> stored = find(report.architecture(), report.key());
        if (stored.isEmpty()) {
            tx.update("INSERT INTO custom_object (architecture, architecture_folded, object_key, key_folded,"
                    + " version_major, version_minor, generated_at, accepted_at, created_at, content_hash, source)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", report.architecture(), report.foldedArchitecture(),
                    report.key(), report.foldedKey(), version.major(), version.minor(),
                    report.generatedAt().toEpochMilli(), now.toEpochMilli(), now.toEpochMilli(), contentHash,
                    source.orElse(null));
        } else {
            tx.update("UPDATE custom_object SET architecture = ?, object_key = ?, version_major = ?, version_minor = ?,"
                    + " generated_at = ?, accepted_at = ?, content_hash = ?, source = ? WHERE object_id = ?",
                    report.architecture(), report.key(), version.major(), version.minor(),
                    report.generatedAt().toEpochMilli(), now.toEpochMilli(), contentHash, source.orElse(null),
                    stored.get().id());
        }
        return find(report.architecture(), report.key()).orElseThrow();
    }

    /**
     * Deletes an object with its inventory.
     *
     * @param id the object
     * @return true if it was there
     * @throws SQLException if the database fails
     */
    public boolean delete(long id) throws SQLException {
        tx.update("DELETE FROM object_value WHERE instance_id IN (SELECT instance_id FROM object_instance"
                + " WHERE object_id = ?)", id);
        tx.update("DELETE FROM object_instance WHERE object_id = ?", id);
        return tx.update("DELETE FROM custom_object WHERE object_id = ?", id) == 1;
    }

    /**
     * Deletes the objects no report has been accepted for since a time (retention).
     *
     * @param before the cut-off
     * @return how many were deleted
     * @throws SQLException if the database fails
     */
    public int pruneNotReportedSince(Instant before) throws SQLException {
        int deleted = 0;
        for (StoredObject o : select("WHERE accepted_at < ?", before.toEpochMilli())) {
            deleted += delete(o.id()) ? 1 : 0;
        }
        return deleted;
    }

    /**
     * Returns the newest load-log rows that name no client, oldest of them first: the decisions on
     * custom objects, and files that named no client (unusable ones, refused IDMIFs).
     *
     * @param limit at most this many rows
     * @return the rows
     * @throws SQLException if the database fails
     */
    public List<LoadLogEntry> loadLog(int limit) throws SQLException {
        List<LoadLogEntry> found = new ArrayList<>();
        try (PreparedStatement s = tx.connection().prepareStatement(
                "SELECT * FROM load_log WHERE sms_id IS NULL ORDER BY log_id DESC LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(0, LoadLog.entry(rows));
                }
            }
        }
        return found;
    }

    private List<StoredObject> select(String where, Object... params) throws SQLException {
        List<StoredObject> out = new ArrayList<>();
        try (PreparedStatement s = tx.connection().prepareStatement("SELECT * FROM custom_object " + where
                + " ORDER BY architecture_folded, key_folded")) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof Long l) {
                    s.setLong(i + 1, l);
                } else {
                    s.setString(i + 1, params[i].toString());
                }
            }
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    out.add(new StoredObject(rows.getLong("object_id"), rows.getString("architecture"),
                            rows.getString("object_key"), ReportVersion.of(rows.getInt("version_major"),
                            rows.getInt("version_minor")), Instant.ofEpochMilli(rows.getLong("generated_at")),
                            Instant.ofEpochMilli(rows.getLong("accepted_at")),
                            Instant.ofEpochMilli(rows.getLong("created_at")), rows.getString("content_hash"),
                            Optional.ofNullable(rows.getString("source"))));
                }
            }
        }
        return out;
    }
}
