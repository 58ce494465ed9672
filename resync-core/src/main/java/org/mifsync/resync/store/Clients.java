package org.mifsync.resync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.report.ClientIdentity;

/**
 * The clients inside one transaction ({@link StoreTransaction#clients}): each SMSID's client with its
 * identity, the identities seen on it, its quarantine and the newest request time made for it.
 *
 * <p>Not thread-safe, and valid only inside the transaction it belongs to.
 *
 * @since 0.1
 */
public final class Clients {

    private final StoreTransaction tx;

    Clients(StoreTransaction tx) {
        this.tx = tx;
    }

    /**
     * Returns the client with the given SMSID.
     *
     * @param smsId the SMSID
     * @return the client, or empty
     * @throws SQLException if the database fails
     */
    public Optional<StoredClient> client(SmsId smsId) throws SQLException {
        try (PreparedStatement s = tx.prepare("SELECT * FROM client WHERE sms_id = ?")) {
            s.setString(1, smsId.value());
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(client(rows)) : Optional.empty();
            }
        }
    }

    /**
     * What deciding a report of a client reads first, in one round trip: the client, the identities
     * seen on its SMSID and the version stored for the report's kind.
     *
     * <p>Immutable and thread-safe.
     *
     * @param client the client
     * @param identitiesSeen the identities seen on it, most recently seen first
     * @param kindState the state of its inventory of the report's kind, empty without a baseline
     * @since 0.1
     */
    public record Reporting(StoredClient client, List<SeenIdentity> identitiesSeen, Optional<KindState> kindState) {
        /**
         * Copies the list.
         *
         * @throws NullPointerException if one is null
         */
        public Reporting {
            Objects.requireNonNull(client, "client");
            identitiesSeen = List.copyOf(identitiesSeen);
            Objects.requireNonNull(kindState, "kind state");
        }
    }

    /**
     * Returns the client with the given SMSID as deciding its report of one kind needs it: what
     * {@link #client(SmsId)}, {@link #identitiesSeen} and {@link Inventories#kindState} return,
     * read in one query.
     *
     * @param smsId the SMSID
     * @param kind the report's kind
     * @return the client with its identities and state, or empty when the SMSID is not stored
     * @throws SQLException if the database fails
     */
    public Optional<Reporting> reporting(SmsId smsId, InventoryKind kind) throws SQLException {
        try (PreparedStatement s = tx.prepare(REPORTING)) {
            s.setString(1, kind.name());
            s.setString(2, smsId.value());
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                StoredClient client = client(rows);
                Optional<KindState> state = rows.getObject("state_version_major") == null ? Optional.empty()
                        : Optional.of(Inventories.kindState(rows, "state_"));
                List<SeenIdentity> seen = new ArrayList<>();
                do {
                    // a client without identities still has its one row, with nulls where they would be
                    if (rows.getString("seen_name") != null) {
                        seen.add(seenIdentity(rows, "seen_name", "seen_card", "seen_first", "seen_last"));
                    }
                } while (rows.next());
                return Optional.of(new Reporting(client, seen, state));
            }
        }
    }

    /**
     * Returns the clients whose NetBIOS name is the given one, ignoring case.
     *
     * @param name the name
     * @return the clients, by SMSID
     * @throws SQLException if the database fails
     */
    public List<StoredClient> clientsNamed(NetBiosName name) throws SQLException {
        List<StoredClient> found = new ArrayList<>();
        try (PreparedStatement s = tx.prepare(
                "SELECT * FROM client WHERE name_folded = ? ORDER BY sms_id")) {
            s.setString(1, name.folded());
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(client(rows));
                }
            }
        }
        return found;
    }

    /**
     * Returns the quarantined clients on whose SMSID a report with the given NetBIOS name arrived,
     * ignoring case: a {@code DUPLICATE_ID} quarantine holds two machines, and the stored name is
     * only the one that reported last.
     *
     * @param name the name
     * @return the clients, by SMSID
     * @throws SQLException if the database fails
     */
    public List<StoredClient> quarantinedClientsSeenAs(NetBiosName name) throws SQLException {
        List<StoredClient> found = new ArrayList<>();
        try (PreparedStatement s = tx.prepare("SELECT * FROM client WHERE quarantined_at IS NOT NULL"
                + " AND client_id IN (SELECT client_id FROM client_identity WHERE name_folded = ?) ORDER BY sms_id")) {
            s.setString(1, name.folded());
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(client(rows));
                }
            }
        }
        return found;
    }

    private StoredClient client(ResultSet rows) throws SQLException {
        Optional<SiteCode> site = Optional.ofNullable(rows.getString("site")).map(SiteCode::of);
        Optional<DomainName> domain = Optional.ofNullable(rows.getString("domain")).map(DomainName::of);
        ClientIdentity identity = new ClientIdentity(SmsId.parse(rows.getString("sms_id")),
                NetBiosName.of(rows.getString("name")), Optional.ofNullable(rows.getString("net_card_id")), site,
                domain);
        return new StoredClient(rows.getLong("client_id"), identity, instant(rows, "quarantined_at"),
                instant(rows, "last_request_time"));
    }

    /**
     * Adds a client.
     *
     * @param identity its identity
     * @param now the time
     * @return the client as stored
     * @throws SQLException if the database fails, e.g. the SMSID is taken
     */
    public StoredClient createClient(ClientIdentity identity, Instant now) throws SQLException {
        try (PreparedStatement s = tx.prepare("INSERT INTO client (sms_id, name, name_folded,"
                + " net_card_id, site, domain, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " RETURNING client_id")) {
            s.setString(1, identity.smsId().value());
            bindIdentity(s, 2, identity);
            s.setLong(7, now.toEpochMilli());
            s.setLong(8, now.toEpochMilli());
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return new StoredClient(rows.getLong(1), identity, Optional.empty(), Optional.empty());
            }
        }
    }

    private static void bindIdentity(PreparedStatement s, int first, ClientIdentity identity) throws SQLException {
        s.setString(first, identity.name().value());
        s.setString(first + 1, identity.name().folded());
        s.setString(first + 2, identity.netCardId().orElse(null));
        s.setString(first + 3, identity.site().map(SiteCode::value).orElse(null));
        s.setString(first + 4, identity.domain().map(DomainName::value).orElse(null));
    }

    /**
     * Replaces a client's name, card, site and domain (a rename or card change).
     *
     * @param clientId the client
     * @param identity the new identity; its SMSID must be the client's
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void updateIdentity(long clientId, ClientIdentity identity, Instant now) throws SQLException {
        try (PreparedStatement s = tx.prepare("UPDATE client SET name = ?, name_folded = ?,"
                + " net_card_id = ?, site = ?, domain = ?, updated_at = ? WHERE client_id = ?")) {
            bindIdentity(s, 1, identity);
            s.setLong(6, now.toEpochMilli());
            s.setLong(7, clientId);
            s.executeUpdate();
        }
    }

    /**
     * Quarantines a client's SMSID: its reports are archived and no requests made until an
     * administrator releases it.
     *
     * @param clientId the client
     * @param detail why, for people
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void quarantine(long clientId, String detail, Instant now) throws SQLException {
        tx.update("UPDATE client SET quarantined_at = ?, quarantine_detail = ?, updated_at = ? WHERE client_id = ?",
                now.toEpochMilli(), detail, now.toEpochMilli(), clientId);
    }

    /**
     * Releases a quarantine and forgets the identities seen, so that the next identity starts afresh.
     *
     * @param clientId the client
     * @param now the time
     * @return true if the client was quarantined
     * @throws SQLException if the database fails
     */
    public boolean releaseQuarantine(long clientId, Instant now) throws SQLException {
        int changed = tx.update("UPDATE client SET quarantined_at = NULL, quarantine_detail = NULL, updated_at = ?"
                + " WHERE client_id = ? AND quarantined_at IS NOT NULL", now.toEpochMilli(), clientId);
        tx.update("DELETE FROM client_identity WHERE client_id = ?", clientId);
        return changed > 0;
    }

    /**
     * Sets the newest request time made for a client.
     *
     * @param clientId the client
     * @param requestTime the request time
     * @throws SQLException if the database fails
     */
    public void setLastRequestTime(long clientId, Instant requestTime) throws SQLException {
        tx.update("UPDATE client SET last_request_time = ? WHERE client_id = ?", requestTime.toEpochMilli(), clientId);
    }

    /**
     * Deletes a client with its inventory, versions, requests, blocks and identities (the load log
     * stays). Its next delta then meets {@code NO_BASELINE}.
     *
     * @param clientId the client
     * @throws SQLException if the database fails
     */
    public void deleteClient(long clientId) throws SQLException {
        tx.countInventoryRows(tx.update("DELETE FROM inventory_value WHERE instance_id IN"
                + " (SELECT instance_id FROM inventory_instance WHERE client_id = ?)", clientId));
        tx.countInventoryRows(tx.update("DELETE FROM inventory_instance WHERE client_id = ?", clientId));
        tx.classTypes().forgetClient(clientId);
        for (String table : List.of("inventory_state", "client_identity", "resync_request", "identity_conflict",
                "client")) {
            tx.update("DELETE FROM " + table + " WHERE client_id = ?", clientId);
        }
    }

    /**
     * An identity seen on a client's SMSID: name and card folded (an absent card is empty), first
     * and last seen.
     *
     * <p>Immutable and thread-safe.
     *
     * @param nameFolded the name, upper case
     * @param cardFolded the card ID, upper case, empty when absent
     * @param firstSeen first seen
     * @param lastSeen last seen
     * @since 0.1
     */
    public record SeenIdentity(String nameFolded, String cardFolded, Instant firstSeen, Instant lastSeen) {

        /**
         * Validates the fields.
         *
         * @param nameFolded the name
         * @param cardFolded the card
         * @param firstSeen first seen
         * @param lastSeen last seen
         */
        public SeenIdentity {
            Objects.requireNonNull(nameFolded, "name");
            Objects.requireNonNull(cardFolded, "card");
            Objects.requireNonNull(firstSeen, "first seen");
            Objects.requireNonNull(lastSeen, "last seen");
        }

        /**
         * Tells whether this is the identity of the given report's sender.
         *
         * @param identity the sender
         * @return true for the same name and card, ignoring case
         */
        public boolean matches(ClientIdentity identity) {
            return nameFolded.equals(identity.name().folded()) && cardFolded.equals(identity.foldedCard().orElse(""));
        }
    }

    /**
     * Returns the identities seen on a client's SMSID, most recently seen first.
     *
     * @param clientId the client
     * @return the identities
     * @throws SQLException if the database fails
     */
    public List<SeenIdentity> identitiesSeen(long clientId) throws SQLException {
        List<SeenIdentity> seen = new ArrayList<>();
        try (PreparedStatement s = tx.prepare("SELECT * FROM client_identity WHERE client_id = ? ORDER BY "
                + seenOrder(""))) {
            s.setLong(1, clientId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    seen.add(seenIdentity(rows, "name_folded", "card_folded", "first_seen", "last_seen"));
                }
            }
        }
        return seen;
    }

    /**
     * The order of the identities seen on a client, most recent first, their columns named after
     * {@code alias}. Ties (two identities seen in the same millisecond) are broken by name and card,
     * so that the first, which tells an alternation, is the same on every read and back end.
     */
    private static String seenOrder(String alias) {
        return alias + "last_seen DESC, " + alias + "first_seen DESC, " + alias + "name_folded, " + alias + "card_folded";
    }

    /** {@link #reporting}'s query: the client, each identity seen on it, its kind's state. */
    private static final String REPORTING = "SELECT c.*, i.name_folded AS seen_name, i.card_folded AS seen_card,"
            + " i.first_seen AS seen_first, i.last_seen AS seen_last, k.version_major AS state_version_major,"
            + " k.version_minor AS state_version_minor, k.generated_at AS state_generated_at,"
            + " k.accepted_at AS state_accepted_at FROM client c"
            + " LEFT JOIN client_identity i ON i.client_id = c.client_id"
            + " LEFT JOIN inventory_state k ON k.client_id = c.client_id AND k.kind = ?"
            + " WHERE c.sms_id = ? ORDER BY " + seenOrder("i.");

    private static SeenIdentity seenIdentity(ResultSet rows, String name, String card, String first, String last)
            throws SQLException {
        return new SeenIdentity(rows.getString(name), rows.getString(card), Instant.ofEpochMilli(rows.getLong(first)),
                Instant.ofEpochMilli(rows.getLong(last)));
    }

    /**
     * Records that a report of the given identity arrived.
     *
     * @param clientId the client
     * @param identity the sender
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void recordIdentitySeen(long clientId, ClientIdentity identity, Instant now) throws SQLException {
        tx.update("INSERT INTO client_identity (client_id, name_folded, card_folded, first_seen, last_seen)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (client_id, name_folded, card_folded)"
                + " DO UPDATE SET last_seen = excluded.last_seen", clientId, identity.name().folded(),
                identity.foldedCard().orElse(""), now.toEpochMilli(), now.toEpochMilli());
    }
    private static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }
}
