package org.mifsync.resync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.report.ClientIdentity;

/**
 * The store's vocabulary for conflicting records inside one transaction: the reports
 * refused as {@link Outcome#IDENTITY_CONFLICT} and held for an administrator, with the identity they
 * carried and the file they were archived as, and what the administrator chose. A resolved record
 * stays, with who resolved it and when, as the audit trail, until {@code prune} removes it.
 *
 * <pre>{@code
 * store.inTransaction(tx -> tx.conflicts().held(clientId));
 * }</pre>
 *
 * <p>Not thread-safe, and valid only inside the transaction it was made for.
 *
 * @since 0.1
 */
public final class ConflictLedger {

    /** What an administrator chose for a held report. */
    public enum Resolution {
        /** The held reports were applied in version order: the new machine takes the record. */
        MERGED,
        /** The held reports were discarded: the stored machine keeps the record. */
        KEPT,
        /** The SMSID was quarantined, as a {@code DUPLICATE_ID} does. */
        BLOCKED
    }

    /**
     * One held report.
     *
     * <p>Immutable and thread-safe.
     *
     * @param id the row's key
     * @param clientId the client whose SMSID it carries
     * @param identity the identity the report carried (another name and card than the stored ones)
     * @param report the report's identity (SMSID, kind, version, content hash), as the load log keeps it
     * @param versionMajor the version's major ({@code 0} for an unversioned SMS 1.x report)
     * @param versionMinor the version's minor
     * @param generatedAt when the report was made
     * @param source the file it came from, as the loader named it
     * @param archived where the loader archives the file, relative to the inbox
     *     ({@code REFUSED/IDENTITY_CONFLICT/<file>}; a name already taken there gets a suffix)
     * @param cameThrough the logon server the file was collected from, when it was collected
     * @param heldAt when it was refused and held
     * @param resolution what an administrator chose, empty while it is held
     * @param resolvedBy who chose it
     * @param resolvedAt when
     * @since 0.1
     */
    public record Held(long id, long clientId, ClientIdentity identity, ReportIdentity report, int versionMajor,
            int versionMinor, Instant generatedAt, Optional<String> source, Optional<String> archived,
            Optional<String> cameThrough, Instant heldAt,
            Optional<Resolution> resolution, Optional<String> resolvedBy, Optional<Instant> resolvedAt) {

        /**
         * Validates the fields.
         *
         * @throws NullPointerException if a field is null
         */
        public Held {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(generatedAt, "generated at");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(archived, "archived");
            Objects.requireNonNull(cameThrough, "came through");
            Objects.requireNonNull(heldAt, "held at");
            Objects.requireNonNull(resolution, "resolution");
            Objects.requireNonNull(resolvedBy, "resolved by");
            Objects.requireNonNull(resolvedAt, "resolved at");
        }
    }

    private final StoreTransaction tx;

    ConflictLedger(StoreTransaction tx) {
        this.tx = tx;
    }

    /**
     * Holds a refused report for an administrator.
     *
     * @param clientId the client whose SMSID it carries
     * @param identity the identity it carried
     * @param report its identity
     * @param versionMajor its version's major ({@code 0} when unversioned)
     * @param versionMinor its version's minor
     * @param generatedAt when it was made
     * @param source the file it came from
     * @param archived where the file is archived, relative to the inbox
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void hold(long clientId, ClientIdentity identity, ReportIdentity report, int versionMajor, int versionMinor,
            Instant generatedAt, String source, String archived, Instant now) throws SQLException {
        hold(clientId, identity, report, versionMajor, versionMinor, generatedAt,
                Optional.of(Objects.requireNonNull(source, "source")),
                Optional.of(Objects.requireNonNull(archived, "archived")), now);
    }

    /**
     * Holds a refused report that came from no file (so none is archived) for an administrator.
     *
     * @param clientId the client whose SMSID it carries
     * @param identity the identity it carried
     * @param report its identity
     * @param versionMajor its version's major ({@code 0} when unversioned)
     * @param versionMinor its version's minor
     * @param generatedAt when it was made
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void hold(long clientId, ClientIdentity identity, ReportIdentity report, int versionMajor, int versionMinor,
            Instant generatedAt, Instant now) throws SQLException {
        hold(clientId, identity, report, versionMajor, versionMinor, generatedAt, Optional.empty(), Optional.empty(),
                now);
    }

    private void hold(long clientId, ClientIdentity identity, ReportIdentity report, int versionMajor, int versionMinor,
            Instant generatedAt, Optional<String> source, Optional<String> archived, Instant now) throws SQLException {
        Optional<String> cameThrough = source.isPresent() ? tx.loadLog().origin(source.get()) : Optional.empty();
        tx.update("INSERT INTO identity_conflict (client_id, sms_id, name, net_card_id, site, domain, kind, version,"
                + " version_major, version_minor, generated_at, content_hash, source, archived, came_through, held_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", clientId, identity.smsId().value(),
                identity.name().value(), identity.netCardId().orElse(null),
                identity.site().map(SiteCode::value).orElse(null), identity.domain().map(DomainName::value).orElse(null),
                report.kind().name(), report.version(), versionMajor, versionMinor, generatedAt.toEpochMilli(),
                report.contentHash(), source.orElse(null), archived.orElse(null), cameThrough.orElse(null),
                now.toEpochMilli());
    }

    /**
     * Returns a client's held reports, oldest version first (as {@code --merge} applies them).
     *
     * @param clientId the client
     * @return the reports still held
     * @throws SQLException if the database fails
     */
    public List<Held> held(long clientId) throws SQLException {
        return select("WHERE client_id = ? AND resolution IS NULL", clientId);
    }

    /**
     * Returns every report still held, by client (SMSID), each client's oldest version first.
     *
     * @return the reports
     * @throws SQLException if the database fails
     */
    public List<Held> allHeld() throws SQLException {
        return select("WHERE resolution IS NULL");
    }

    /**
     * Returns a client's records, held and resolved, oldest version first.
     *
     * @param clientId the client
     * @return the records
     * @throws SQLException if the database fails
     */
    public List<Held> history(long clientId) throws SQLException {
        return select("WHERE client_id = ?", clientId);
    }

    /**
     * Records an administrator's choice for one held report.
     *
     * @param id the held report
     * @param resolution the choice
     * @param by who made it
     * @param now the time
     * @return true if it was still held
     * @throws SQLException if the database fails
     */
    public boolean resolve(long id, Resolution resolution, String by, Instant now) throws SQLException {
        return tx.update("UPDATE identity_conflict SET resolution = ?, resolved_by = ?, resolved_at = ?"
                + " WHERE conflict_id = ? AND resolution IS NULL", resolution.name(), by, now.toEpochMilli(), id) == 1;
    }

    /**
     * Removes records resolved before a time (retention).
     *
     * @param before the cut-off
     * @return how many were removed
     * @throws SQLException if the database fails
     */
    public int pruneResolved(Instant before) throws SQLException {
        return tx.update("DELETE FROM identity_conflict WHERE resolved_at IS NOT NULL AND resolved_at < ?",
                before.toEpochMilli());
    }

    private List<Held> select(String where, Object... params) throws SQLException {
        List<Held> out = new ArrayList<>();
        try (PreparedStatement s = tx.connection().prepareStatement("SELECT * FROM identity_conflict " + where
                + " ORDER BY sms_id, kind, version_major, version_minor, generated_at, conflict_id")) {
            for (int i = 0; i < params.length; i++) {
                s.setLong(i + 1, (Long) params[i]);
            }
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    out.add(held(rows));
                }
            }
        }
        return out;
    }

    private static Held held(ResultSet rows) throws SQLException {
        SmsId smsId = SmsId.parse(rows.getString("sms_id"));
        ClientIdentity identity = new ClientIdentity(smsId, NetBiosName.of(rows.getString("name")),
                Optional.ofNullable(rows.getString("net_card_id")),
                Optional.ofNullable(rows.getString("site")).map(SiteCode::of),
                Optional.ofNullable(rows.getString("domain")).map(DomainName::of));
        ReportIdentity report = new ReportIdentity(smsId, InventoryKind.valueOf(rows.getString("kind")),
                rows.getString("version"), rows.getString("content_hash"));
        long resolvedAt = rows.getLong("resolved_at");
        Optional<Instant> resolved = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(resolvedAt));
        return new Held(rows.getLong("conflict_id"), rows.getLong("client_id"), identity, report,
                rows.getInt("version_major"), rows.getInt("version_minor"),
                Instant.ofEpochMilli(rows.getLong("generated_at")), Optional.ofNullable(rows.getString("source")),
                Optional.ofNullable(rows.getString("archived")), Optional.ofNullable(rows.getString("came_through")),
                Instant.ofEpochMilli(rows.getLong("held_at")),
                Optional.ofNullable(rows.getString("resolution")).map(r -> Resolution.valueOf(r.toUpperCase(Locale.ROOT))),
                Optional.ofNullable(rows.getString("resolved_by")), resolved);
    }
}
