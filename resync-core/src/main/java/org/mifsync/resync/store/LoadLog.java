package org.mifsync.resync.store;

import static org.mifsync.resync.store.StoreTransaction.bind;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mifsync.mif.TextEscapes;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.SmsId;

/**
 * The reports decided and the load log inside one transaction ({@link StoreTransaction#loadLog}):
 * the identity of every decided report, so that a replay is recognised, the log of decisions, and
 * the logon server each collected file came through.
 *
 * <p>Not thread-safe, and valid only inside the transaction it belongs to.
 *
 * @since 0.1
 */
public final class LoadLog {

    private final StoreTransaction tx;

    LoadLog(StoreTransaction tx) {
        this.tx = tx;
    }

    /**
     * Returns the outcome of a report decided before, if this very report was seen.
     *
     * @param report the report's identity
     * @return the first outcome, or empty for a report never seen
     * @throws SQLException if the database fails
     */
    public Optional<Outcome> reportSeen(ReportIdentity report) throws SQLException {
        try (PreparedStatement s = tx.prepare("SELECT outcome FROM report_seen WHERE sms_id = ?"
                + " AND kind = ? AND version = ? AND content_hash = ?")) {
            bind(s, report.smsId().value(), report.kind().name(), report.version(), report.contentHash());
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(Outcome.valueOf(rows.getString(1))) : Optional.empty();
            }
        }
    }

    /**
     * Returns the last decision the load log holds about this very custom object report (its
     * content hash, which covers its architecture, key and version; no client, no kind) from this
     * source file: applied or refused alike. Not by version: an SMS 1.x IDMIF's row holds the
     * version it was given when applied.
     *
     * @param contentHash the report's content hash
     * @param source the file the report came from, as the load log names it
     * @return the row, or empty when none was committed
     * @throws SQLException if the database fails
     */
    public Optional<LoadLogEntry> loggedObjectDecision(String contentHash, String source) throws SQLException {
        try (PreparedStatement s = tx.prepare("SELECT * FROM load_log"
                + " WHERE sms_id IS NULL AND kind IS NULL AND content_hash = ? AND source = ?"
                + " ORDER BY log_id DESC LIMIT 1")) {
            bind(s, contentHash, source);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(entry(rows)) : Optional.empty();
            }
        }
    }

    /**
     * Returns the last decision the load log holds about this very report (SMSID, kind, version,
     * content hash) from this source file, notes beside decisions left out.
     *
     * @param report the report's identity
     * @param source the file the report came from, as the load log names it
     * @return the row, or empty when none was committed
     * @throws SQLException if the database fails
     */
    public Optional<LoadLogEntry> loggedDecision(ReportIdentity report, String source) throws SQLException {
        try (PreparedStatement s = tx.prepare("SELECT outcome, detail, logged_at FROM load_log"
                + " WHERE sms_id = ? AND kind = ? AND version = ? AND content_hash = ? AND source = ?"
                + " AND outcome NOT IN ('" + Outcome.RENAMED + "', '" + Outcome.CARD_CHANGED + "')"
                + " ORDER BY log_id DESC LIMIT 1")) {
            bind(s, report.smsId().value(), report.kind().name(), report.version(), report.contentHash(), source);
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(LoadLogEntry.of(report, Outcome.valueOf(rows.getString(1)), rows.getString(2),
                        source, Instant.ofEpochMilli(rows.getLong(3))));
            }
        }
    }

    /**
     * Records a report's identity with its outcome, so that a replay is recognised.
     *
     * @param report the report's identity
     * @param outcome what was decided
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void recordReport(ReportIdentity report, Outcome outcome, Instant now) throws SQLException {
        tx.update("INSERT INTO report_seen (sms_id, kind, version, content_hash, outcome, decided_at) VALUES"
                + " (?, ?, ?, ?, ?, ?) ON CONFLICT (sms_id, kind, version, content_hash) DO NOTHING",
                report.smsId().value(), report.kind().name(), report.version(), report.contentHash(), outcome.name(),
                now.toEpochMilli());
    }

    /**
     * Appends a row to the load log. Its detail and source (a file name, a message quoting a
     * client's text) are stored escaped ({@link TextEscapes#forDisplay}): one row is one line, and
     * what reads the log back shows it as it is.
     *
     * @param entry the row
     * @throws SQLException if the database fails
     */
    public void log(LoadLogEntry entry) throws SQLException {
        tx.update("INSERT INTO load_log (sms_id, kind, version, content_hash, outcome, detail, source, logged_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entry.smsId().map(SmsId::value).orElse(null),
                entry.kind().map(Enum::name).orElse(null), entry.version().orElse(null),
                entry.contentHash().orElse(null), entry.outcome().name(), TextEscapes.forDisplay(entry.detail()),
                entry.source().map(TextEscapes::forDisplay).orElse(null),
                entry.loggedAt().toEpochMilli());
    }

    /**
     * Returns a client's load log, oldest first.
     *
     * @param smsId the client
     * @return the rows
     * @throws SQLException if the database fails
     */
    public List<LoadLogEntry> entries(SmsId smsId) throws SQLException {
        List<LoadLogEntry> found = new ArrayList<>();
        try (PreparedStatement s = tx.prepare(
                "SELECT * FROM load_log WHERE sms_id = ? ORDER BY log_id")) {
            s.setString(1, smsId.value());
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(entry(rows));
                }
            }
        }
        return found;
    }

    /** The load-log row the result set stands on ({@code SELECT *}), as an entry. */
    static LoadLogEntry entry(ResultSet row) throws SQLException {
        return new LoadLogEntry(Optional.ofNullable(row.getString("sms_id")).map(SmsId::parse),
                Optional.ofNullable(row.getString("kind")).map(InventoryKind::valueOf),
                Optional.ofNullable(row.getString("version")), Optional.ofNullable(row.getString("content_hash")),
                Outcome.valueOf(row.getString("outcome")), row.getString("detail"),
                Optional.ofNullable(row.getString("source")), Instant.ofEpochMilli(row.getLong("logged_at")));
    }

    /**
     * Records the logon server each collected file came through, by the name it has in the inbox
     * (a name used again later is overwritten: the newest file of that name counts).
     *
     * @param origins logon server by inbox file name
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void recordOrigins(Map<String, String> origins, Instant now) throws SQLException {
        for (Map.Entry<String, String> e : origins.entrySet()) {
            tx.update("INSERT INTO report_origin (file_name, logon_server, collected_at) VALUES (?, ?, ?)"
                    + " ON CONFLICT (file_name) DO UPDATE SET logon_server = excluded.logon_server,"
                    + " collected_at = excluded.collected_at", e.getKey(), e.getValue(), now.toEpochMilli());
        }
    }

    /**
     * Returns the logon server a file of the inbox was collected from.
     *
     * @param fileName its name in the inbox
     * @return the logon server's name, or empty (not collected, e.g. put into the inbox by hand)
     * @throws SQLException if the database fails
     */
    public Optional<String> origin(String fileName) throws SQLException {
        try (PreparedStatement s = tx.connection().prepareStatement(
                "SELECT logon_server FROM report_origin WHERE file_name = ?")) {
            s.setString(1, fileName);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Removes the origins of files collected before a time (retention).
     *
     * @param before the cut-off
     * @return how many were removed
     * @throws SQLException if the database fails
     */
    public int pruneOrigins(Instant before) throws SQLException {
        return tx.update("DELETE FROM report_origin WHERE collected_at < ?", before.toEpochMilli());
    }
}
