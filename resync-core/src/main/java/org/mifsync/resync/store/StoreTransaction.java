package org.mifsync.resync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.mifsync.mif.TextEscapes;
import org.mifsync.model.Attribute;
import org.mifsync.model.DeltaMismatchException;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.DomainName;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.InstanceKey;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.LogonServer;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.ResyncRequest;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;
import org.mifsync.model.SmsId;
import org.mifsync.resync.report.ClientIdentity;

/**
 * One transaction on the store, handed to the work given to {@link InventoryStore#inTransaction}.
 * Everything done through it commits together when the work returns, or not at all when it throws.
 *
 * <p>The methods are the store's vocabulary for the comparison: sites, domains and logon servers,
 * clients and the identities seen
 * on their SMSID, each kind's inventory and version, the type family of every class attribute,
 * blocked classes, resync requests, the identities of decided reports and the load log. Names are
 * folded in Java ({@link Locale#ROOT}); times are stored as epoch milliseconds.
 *
 * <p>Not thread-safe, and valid only inside the work it was handed to.
 *
 * @since 0.1
 */
public final class StoreTransaction {

    private final Connection connection;
    private final Dialect dialect;
    private final Statements statements;
    private int inventoryRowsWritten;

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

    // ---- topology -----------------------------------------------------------------------------

    /**
     * Adds or replaces a site.
     *
     * @param site the site
     * @throws SQLException if the database fails
     */
    public void putSite(Site site) throws SQLException {
        update("INSERT INTO site (code, name, parent) VALUES (?, ?, ?) ON CONFLICT (code) DO UPDATE SET"
                + " name = excluded.name, parent = excluded.parent", site.code().value(), site.name(),
                site.parent().map(SiteCode::value).orElse(null));
    }

    /**
     * Returns every site, by code.
     *
     * @return the sites
     * @throws SQLException if the database fails
     */
    public List<Site> sites() throws SQLException {
        List<Site> sites = new ArrayList<>();
        try (PreparedStatement s = statements.prepare("SELECT * FROM site ORDER BY code");
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                sites.add(new Site(SiteCode.of(rows.getString("code")), rows.getString("name"),
                        Optional.ofNullable(rows.getString("parent")).map(SiteCode::of)));
            }
        }
        return sites;
    }

    /**
     * Adds or replaces a domain with its logon servers (a logon server no longer listed is removed).
     *
     * @param domain the domain
     * @throws SQLException if the database fails
     */
    public void putDomain(SmsDomain domain) throws SQLException {
        String folded = domain.name().value().toUpperCase(Locale.ROOT);
        update("INSERT INTO sms_domain (name_folded, name, site) VALUES (?, ?, ?) ON CONFLICT (name_folded)"
                + " DO UPDATE SET name = excluded.name, site = excluded.site", folded, domain.name().value(),
                domain.site().value());
        update("DELETE FROM logon_server WHERE domain_folded = ?", folded);
        for (LogonServer server : domain.logonServers()) {
            update("INSERT INTO logon_server (domain_folded, name_folded, name, root) VALUES (?, ?, ?, ?)", folded,
                    server.name().folded(), server.name().value(), server.root().toString());
        }
    }

    /**
     * Returns every domain with its logon servers, by name.
     *
     * @return the domains
     * @throws SQLException if the database fails
     */
    public List<SmsDomain> domains() throws SQLException {
        Map<String, List<LogonServer>> servers = new HashMap<>();
        try (PreparedStatement s = statements.prepare(
                "SELECT * FROM logon_server ORDER BY domain_folded, name_folded"); ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                servers.computeIfAbsent(rows.getString("domain_folded"), k -> new ArrayList<>()).add(new LogonServer(
                        NetBiosName.of(rows.getString("name")), java.nio.file.Path.of(rows.getString("root"))));
            }
        }
        List<SmsDomain> domains = new ArrayList<>();
        try (PreparedStatement s = statements.prepare("SELECT * FROM sms_domain ORDER BY name_folded");
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                domains.add(new SmsDomain(DomainName.of(rows.getString("name")), SiteCode.of(rows.getString("site")),
                        servers.getOrDefault(rows.getString("name_folded"), List.of())));
            }
        }
        return domains;
    }

    /**
     * Removes a site (its domains must have been removed or moved first).
     *
     * @param code the site
     * @return true if there was such a site
     * @throws SQLException if the database fails
     */
    public boolean deleteSite(SiteCode code) throws SQLException {
        return update("DELETE FROM site WHERE code = ?", code.value()) > 0;
    }

    /**
     * Removes a domain with its logon servers.
     *
     * @param name the domain
     * @return true if there was such a domain
     * @throws SQLException if the database fails
     */
    public boolean deleteDomain(DomainName name) throws SQLException {
        update("DELETE FROM logon_server WHERE domain_folded = ?", name.folded());
        return update("DELETE FROM sms_domain WHERE name_folded = ?", name.folded()) > 0;
    }

    /**
     * Counts the clients of each site, by the site each client reported (clients that reported
     * none are not counted).
     *
     * @return clients per site
     * @throws SQLException if the database fails
     */
    public Map<SiteCode, Integer> clientCountsBySite() throws SQLException {
        Map<SiteCode, Integer> counts = new java.util.TreeMap<>();
        try (PreparedStatement s = statements.prepare(
                "SELECT site, COUNT(*) FROM client WHERE site IS NOT NULL GROUP BY site");
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                counts.merge(SiteCode.of(rows.getString(1)), rows.getInt(2), Integer::sum);
            }
        }
        return counts;
    }

    /**
     * Counts the clients of each domain, by the domain each client reported, ignoring case (folded
     * here, not in SQL).
     *
     * @return clients per domain
     * @throws SQLException if the database fails
     */
    public Map<DomainName, Integer> clientCountsByDomain() throws SQLException {
        Map<DomainName, Integer> counts = new java.util.TreeMap<>();
        try (PreparedStatement s = statements.prepare(
                "SELECT domain, COUNT(*) FROM client WHERE domain IS NOT NULL GROUP BY domain");
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                counts.merge(DomainName.of(rows.getString(1)), rows.getInt(2), Integer::sum);
            }
        }
        return counts;
    }

    /**
     * Records the hierarchy's settings, replacing those recorded before.
     *
     * @param settings the settings
     * @throws SQLException if the database fails
     */
    public void putSettings(org.mifsync.resync.settings.SiteSettings settings) throws SQLException {
        update("DELETE FROM site_setting WHERE scope = '*'");
        for (Map.Entry<String, String> e : settings.text().entrySet()) {
            update("INSERT INTO site_setting (scope, name, value) VALUES ('*', ?, ?)", e.getKey(), e.getValue());
        }
    }

    /**
     * Returns the hierarchy's settings as recorded by {@code site init}.
     *
     * @return the settings, or empty if none were recorded
     * @throws SQLException if the database fails
     * @throws IllegalArgumentException if a recorded value no longer parses (named in the message)
     */
    public Optional<org.mifsync.resync.settings.SiteSettings> settings() throws SQLException {
        Map<String, String> text = new LinkedHashMap<>();
        try (PreparedStatement s = statements.prepare(
                "SELECT name, value FROM site_setting WHERE scope = '*' ORDER BY name");
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                text.put(rows.getString(1), rows.getString(2));
            }
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(org.mifsync.resync.settings.SiteSettings.fromText(text));
    }

    // ---- clients ------------------------------------------------------------------------------

    /**
     * Returns the client with the given SMSID.
     *
     * @param smsId the SMSID
     * @return the client, or empty
     * @throws SQLException if the database fails
     */
    public Optional<StoredClient> client(SmsId smsId) throws SQLException {
        try (PreparedStatement s = statements.prepare("SELECT * FROM client WHERE sms_id = ?")) {
            s.setString(1, smsId.value());
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(client(rows)) : Optional.empty();
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
        try (PreparedStatement s = statements.prepare(
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
        try (PreparedStatement s = statements.prepare("SELECT * FROM client WHERE quarantined_at IS NOT NULL"
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
        try (PreparedStatement s = statements.prepare("INSERT INTO client (sms_id, name, name_folded,"
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
        try (PreparedStatement s = statements.prepare("UPDATE client SET name = ?, name_folded = ?,"
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
        update("UPDATE client SET quarantined_at = ?, quarantine_detail = ?, updated_at = ? WHERE client_id = ?",
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
        int changed = update("UPDATE client SET quarantined_at = NULL, quarantine_detail = NULL, updated_at = ?"
                + " WHERE client_id = ? AND quarantined_at IS NOT NULL", now.toEpochMilli(), clientId);
        update("DELETE FROM client_identity WHERE client_id = ?", clientId);
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
        update("UPDATE client SET last_request_time = ? WHERE client_id = ?", requestTime.toEpochMilli(), clientId);
    }

    /**
     * Deletes a client with its inventory, versions, requests, blocks and identities (the load log
     * stays). Its next delta then meets {@code NO_BASELINE}.
     *
     * @param clientId the client
     * @throws SQLException if the database fails
     */
    public void deleteClient(long clientId) throws SQLException {
        inventoryRowsWritten += update("DELETE FROM inventory_value WHERE instance_id IN"
                + " (SELECT instance_id FROM inventory_instance WHERE client_id = ?)", clientId);
        inventoryRowsWritten += update("DELETE FROM inventory_instance WHERE client_id = ?", clientId);
        for (String table : List.of("inventory_state", "client_identity", "class_block", "class_conflict",
                "client_family", "class_drop", "resync_request", "identity_conflict", "client")) {
            update("DELETE FROM " + table + " WHERE client_id = ?", clientId);
        }
    }

    /**
     * Forgets a client's versions (its baselines), keeping its inventory: its next complete report of
     * each kind is accepted whatever its version, and a delta before it asks for one. For a
     * conflicting record merged into the client, whose versions counted another machine's reports.
     *
     * @param clientId the client
     * @return how many kinds had a version
     * @throws SQLException if the database fails
     */
    public int forgetVersions(long clientId) throws SQLException {
        return update("DELETE FROM inventory_state WHERE client_id = ?", clientId);
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
        try (PreparedStatement s = statements.prepare("SELECT * FROM client_identity WHERE client_id = ?"
                + " ORDER BY last_seen DESC, first_seen DESC")) {
            s.setLong(1, clientId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    seen.add(new SeenIdentity(rows.getString("name_folded"), rows.getString("card_folded"),
                            Instant.ofEpochMilli(rows.getLong("first_seen")),
                            Instant.ofEpochMilli(rows.getLong("last_seen"))));
                }
            }
        }
        return seen;
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
        update("INSERT INTO client_identity (client_id, name_folded, card_folded, first_seen, last_seen)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (client_id, name_folded, card_folded)"
                + " DO UPDATE SET last_seen = excluded.last_seen", clientId, identity.name().folded(),
                identity.foldedCard().orElse(""), now.toEpochMilli(), now.toEpochMilli());
    }

    // ---- inventory ----------------------------------------------------------------------------

    /**
     * Returns the version state of a client's kind: its baseline.
     *
     * @param clientId the client
     * @param kind the kind
     * @return the state, or empty without a baseline
     * @throws SQLException if the database fails
     */
    public Optional<KindState> kindState(long clientId, InventoryKind kind) throws SQLException {
        try (PreparedStatement s = statements.prepare(
                "SELECT * FROM inventory_state WHERE client_id = ? AND kind = ?")) {
            s.setLong(1, clientId);
            s.setString(2, kind.name());
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new KindState(ReportVersion.of(rows.getInt("version_major"),
                        rows.getInt("version_minor")), Instant.ofEpochMilli(rows.getLong("generated_at")),
                        Instant.ofEpochMilli(rows.getLong("accepted_at"))));
            }
        }
    }

    /**
     * Records the version of the last accepted report of a client's kind.
     *
     * @param clientId the client
     * @param kind the kind
     * @param state the version and times
     * @throws SQLException if the database fails
     */
    public void putKindState(long clientId, InventoryKind kind, KindState state) throws SQLException {
        update("INSERT INTO inventory_state (client_id, kind, version_major, version_minor, generated_at,"
                + " accepted_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (client_id, kind) DO UPDATE SET"
                + " version_major = excluded.version_major, version_minor = excluded.version_minor,"
                + " generated_at = excluded.generated_at, accepted_at = excluded.accepted_at", clientId, kind.name(),
                state.version().major(), state.version().minor(), state.generatedAt().toEpochMilli(),
                state.acceptedAt().toEpochMilli());
    }

    /**
     * Returns a client's inventory of one kind.
     *
     * @param clientId the client
     * @param kind the kind
     * @return the inventory, empty if none is stored
     * @throws SQLException if the database fails
     */
    public Inventory inventory(long clientId, InventoryKind kind) throws SQLException {
        return stored(Owner.client(clientId, kind)).inventory;
    }

    /**
     * Whose inventory rows: a client's of one kind ({@code inventory_instance}, {@code inventory_value})
     * or a custom object's ({@code object_instance}, {@code object_value}, no kind). One way of reading
     * and diffing inventory rows for both.
     */
    private record Owner(String instances, String values, String column, long id, InventoryKind kind) {
        static Owner client(long clientId, InventoryKind kind) {
            return new Owner("inventory_instance", "inventory_value", "client_id", clientId, kind);
        }

        static Owner object(long objectId) {
            return new Owner("object_instance", "object_value", "object_id", objectId, null);
        }

        String where(String alias) {
            return alias + column + " = ?" + (kind == null ? "" : " AND " + alias + "kind = ?");
        }

        int bind(PreparedStatement s, int first) throws SQLException {
            s.setLong(first, id);
            if (kind == null) {
                return first + 1;
            }
            s.setString(first + 1, kind.name());
            return first + 2;
        }
    }

    /** An inventory with the row ID of each instance, for diffed writes. */
    private record Stored(Owner owner, Inventory inventory, Map<InstanceKey, Long> ids) {
    }

    private Stored stored(Owner owner) throws SQLException {
        Map<Long, String[]> heads = new LinkedHashMap<>();
        Map<Long, List<Attribute>> attributes = new HashMap<>();
        try (PreparedStatement s = statements.prepare("SELECT i.instance_id, i.class_name, i.key_ids,"
                + " v.attr_id, v.name, v.vtype, v.v_int, v.v_u64, v.v_text, v.v_bytes FROM " + owner.instances + " i"
                + " JOIN " + owner.values + " v ON v.instance_id = i.instance_id WHERE " + owner.where("i.")
                + " ORDER BY i.instance_id, v.attr_id")) {
            owner.bind(s, 1);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    long id = rows.getLong("instance_id");
                    heads.computeIfAbsent(id, k -> new String[2]);
                    String[] head = heads.get(id);
                    if (head[0] == null) {
                        head[0] = rows.getString("class_name");
                        head[1] = rows.getString("key_ids");
                    }
                    attributes.computeIfAbsent(id, k -> new ArrayList<>()).add(Attribute.of(rows.getInt("attr_id"),
                            rows.getString("name"), ValueCodec.read(rows, dialect)));
                }
            }
        }
        List<GroupInstance> instances = new ArrayList<>();
        Map<InstanceKey, Long> ids = new HashMap<>();
        for (Map.Entry<Long, String[]> head : heads.entrySet()) {
            GroupInstance instance = GroupInstance.of(GroupClass.of(head.getValue()[0]),
                    ValueCodec.parseKeyIds(head.getValue()[1]), attributes.get(head.getKey()));
            instances.add(instance);
            ids.put(instance.key(), head.getKey());
        }
        return new Stored(owner, Inventory.of(instances), ids);
    }

    /**
     * Replaces a client's inventory of one kind, writing only what differs from what is stored:
     * an inventory equal to the stored one writes no row.
     *
     * @param clientId the client
     * @param kind the kind
     * @param inventory the new inventory
     * @return the number of inventory rows written
     * @throws SQLException if the database fails
     */
    public int replaceInventory(long clientId, InventoryKind kind, Inventory inventory) throws SQLException {
        Stored before = stored(Owner.client(clientId, kind));
        return write(before, InventoryDelta.diff(before.inventory, inventory));
    }

    /**
     * Returns a custom object's inventory.
     *
     * @param objectId the object
     * @return the inventory, empty if none is stored
     * @throws SQLException if the database fails
     */
    public Inventory objectInventory(long objectId) throws SQLException {
        return stored(Owner.object(objectId)).inventory;
    }

    /**
     * Replaces a custom object's inventory whole, writing only what differs from what is stored:
     * what the new inventory no longer holds (an attribute, an instance) is deleted.
     *
     * @param objectId the object
     * @param inventory the new inventory
     * @return the number of rows written
     * @throws SQLException if the database fails
     */
    public int replaceObjectInventory(long objectId, Inventory inventory) throws SQLException {
        Stored before = stored(Owner.object(objectId));
        return write(before, InventoryDelta.diff(before.inventory, inventory));
    }

    /**
     * Returns every way a delta does not fit a client's stored inventory of one kind ({@link
     * InventoryDelta#mismatches(InventoryDelta.Stored)}), reading the key of every stored instance
     * but the values only of those the delta touches; {@link #applyDelta} then writes it without
     * reading again.
     *
     * @param clientId the client
     * @param kind the kind
     * @param delta the delta
     * @return the mismatches, empty if it fits
     * @throws SQLException if the database fails
     */
    public List<DeltaMismatchException.Mismatch> deltaMismatches(long clientId, InventoryKind kind,
            InventoryDelta delta) throws SQLException {
        lastDelta = deltaBase(Owner.client(clientId, kind), delta);
        return delta.mismatches(lastDelta);
    }

    /**
     * Applies a delta to a client's stored inventory of one kind, writing only the rows it touches
     * (the same rows as {@link #replaceInventory} with the delta applied), reading only those rows
     * (and every instance's key) when {@link #deltaMismatches} did not just read them.
     *
     * @param clientId the client
     * @param kind the kind
     * @param delta the delta, which fits the stored inventory
     * @return the number of inventory rows written
     * @throws IllegalArgumentException if the delta does not fit
     * @throws SQLException if the database fails
     */
    public int applyDelta(long clientId, InventoryKind kind, InventoryDelta delta) throws SQLException {
        Owner owner = Owner.client(clientId, kind);
        DeltaBase base = lastDelta != null && lastDelta.delta == delta && lastDelta.owner.equals(owner) ? lastDelta
                : deltaBase(owner, delta);
        lastDelta = null;
        List<DeltaMismatchException.Mismatch> mismatches = delta.mismatches(base);
        if (!mismatches.isEmpty()) {
            throw new IllegalArgumentException("the delta does not fit the stored inventory: " + mismatches);
        }
        // what replaceInventory would diff: an update equal to the stored instance writes no row
        return write(base.touched, delta);
    }

    /** The stored instance a delta was checked against last, until it is written. */
    private DeltaBase lastDelta;

    /** One stored instance's index row: no values. */
    private record Head(long id, String classFolded, String className, String keyIds) {
    }

    /**
     * What a delta needs of an owner's stored inventory: the key and key IDs of every instance, and
     * the whole instances (with their row IDs) of those it touches.
     */
    private static final class DeltaBase implements InventoryDelta.Stored {
        final Owner owner;
        final InventoryDelta delta;
        final Map<String, Head> heads;
        final Stored touched;

        DeltaBase(Owner owner, InventoryDelta delta, Map<String, Head> heads, Stored touched) {
            this.owner = owner;
            this.delta = delta;
            this.heads = heads;
            this.touched = touched;
        }

        @Override
        public boolean contains(InstanceKey key) {
            return heads.containsKey(headKey(key));
        }

        @Override
        public Optional<List<Integer>> keyIdsOfOthers(GroupClass groupClass, Set<InstanceKey> touchedKeys) {
            Set<String> left = new java.util.HashSet<>();
            touchedKeys.forEach(k -> left.add(headKey(k)));
            return heads.entrySet().stream().filter(e -> e.getValue().classFolded().equals(groupClass.folded())
                    && !left.contains(e.getKey())).map(e -> ValueCodec.parseKeyIds(e.getValue().keyIds())).findFirst();
        }
    }

    private static String headKey(InstanceKey key) {
        return key.groupClass().folded() + '\u0000' + ValueCodec.keyText(key.values());
    }

    private DeltaBase deltaBase(Owner owner, InventoryDelta delta) throws SQLException {
        Map<String, Head> heads = new HashMap<>();
        try (PreparedStatement s = statements.prepare("SELECT instance_id, class_folded, class_name, key_ids, key_text"
                + " FROM " + owner.instances + " WHERE " + owner.where(""))) {
            owner.bind(s, 1);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    heads.put(rows.getString(2) + '\u0000' + rows.getString(5), new Head(rows.getLong(1),
                            rows.getString(2), rows.getString(3), rows.getString(4)));
                }
            }
        }
        // the values of the stored instances the delta touches, in one query
        Map<Long, Head> wanted = new LinkedHashMap<>();
        for (InstanceKey key : delta.touched()) {
            Head head = heads.get(headKey(key));
            if (head != null) {
                wanted.put(head.id(), head);
            }
        }
        Map<Long, List<Attribute>> attributes = new HashMap<>();
        if (!wanted.isEmpty()) {
            List<Long> ids = padded(new ArrayList<>(wanted.keySet()));
            try (PreparedStatement s = statements.prepare("SELECT instance_id, attr_id, name, vtype, v_int, v_u64,"
                    + " v_text, v_bytes FROM " + owner.values + " WHERE instance_id IN " + inList(ids.size())
                    + " ORDER BY instance_id, attr_id")) {
                bind(s, ids.toArray());
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        attributes.computeIfAbsent(rows.getLong("instance_id"), k -> new ArrayList<>()).add(Attribute.of(
                                rows.getInt("attr_id"), rows.getString("name"), ValueCodec.read(rows, dialect)));
                    }
                }
            }
        }
        List<GroupInstance> instances = new ArrayList<>();
        Map<InstanceKey, Long> instanceIds = new HashMap<>();
        for (Head head : wanted.values()) {
            GroupInstance instance = GroupInstance.of(GroupClass.of(head.className()),
                    ValueCodec.parseKeyIds(head.keyIds()), attributes.getOrDefault(head.id(), List.of()));
            instances.add(instance);
            instanceIds.put(instance.key(), head.id());
        }
        return new DeltaBase(owner, delta, heads, new Stored(owner, Inventory.of(instances), instanceIds));
    }

    /**
     * Writes a delta onto the stored rows in a fixed number of batched statements, whatever its size:
     * on PostgreSQL each batch is one round trip, where a statement per row cost one each. The rows
     * written are counted from the model (a batch's counts are not reliable across drivers).
     */
    private int write(Stored before, InventoryDelta delta) throws SQLException {
        Owner owner = before.owner;
        int written = 0;
        List<Long> deleted = new ArrayList<>();
        for (InstanceKey key : delta.deletes()) {
            deleted.add(before.ids.get(key));
            written += 1 + before.inventory.get(key).orElseThrow().attributes().size();
        }
        batch("DELETE FROM " + owner.values + " WHERE instance_id = ?", deleted, (s, id) -> s.setLong(1, id));
        batch("DELETE FROM " + owner.instances + " WHERE instance_id = ?", deleted, (s, id) -> s.setLong(1, id));

        List<GroupInstance> renamed = new ArrayList<>();
        List<Map.Entry<Long, Integer>> valuesGone = new ArrayList<>();
        List<Map.Entry<Long, Attribute>> valuesNew = new ArrayList<>();
        for (GroupInstance after : delta.updates()) {
            long id = before.ids.get(after.key());
            GroupInstance was = before.inventory.get(after.key()).orElseThrow();
            if (!was.keyAttributeIds().equals(after.keyAttributeIds())
                    || !was.groupClass().value().equals(after.groupClass().value())) {
                renamed.add(after);
                written++;
            }
            Map<Integer, Attribute> old = new HashMap<>();
            was.attributes().forEach(a -> old.put(a.id(), a));
            for (Attribute attribute : after.attributes()) {
                Attribute previous = old.remove(attribute.id());
                if (!attribute.equals(previous)) {
                    if (previous != null) {
                        valuesGone.add(Map.entry(id, attribute.id()));
                    }
                    valuesNew.add(Map.entry(id, attribute));
                    written++;
                }
            }
            for (Attribute gone : old.values()) {
                valuesGone.add(Map.entry(id, gone.id()));
                written++;
            }
        }
        batch("UPDATE " + owner.instances + " SET key_ids = ?, class_name = ? WHERE instance_id = ?", renamed,
                (s, i) -> {
                    s.setString(1, ValueCodec.keyIds(i.keyAttributeIds()));
                    s.setString(2, i.groupClass().value());
                    s.setLong(3, before.ids.get(i.key()));
                });
        batch("DELETE FROM " + owner.values + " WHERE instance_id = ? AND attr_id = ?", valuesGone, (s, v) -> {
            s.setLong(1, v.getKey());
            s.setInt(2, v.getValue());
        });

        batch("INSERT INTO " + owner.instances + " (" + owner.column + (owner.kind == null ? "" : ", kind")
                + ", class_folded, class_name, key_ids, key_text) VALUES (?, " + (owner.kind == null ? "" : "?, ")
                + "?, ?, ?, ?)", delta.adds(), (s, i) -> {
                    int next = owner.bind(s, 1);
                    s.setString(next, i.groupClass().folded());
                    s.setString(next + 1, i.groupClass().value());
                    s.setString(next + 2, ValueCodec.keyIds(i.keyAttributeIds()));
                    s.setString(next + 3, ValueCodec.keyText(i.key().values()));
                });
        if (!delta.adds().isEmpty()) {
            Map<String, Long> ids = instanceIds(owner);
            for (GroupInstance add : delta.adds()) {
                long id = ids.get(add.groupClass().folded() + '\u0000' + ValueCodec.keyText(add.key().values()));
                add.attributes().forEach(a -> valuesNew.add(Map.entry(id, a)));
                written += 1 + add.attributes().size();
            }
        }
        batch(insertValue(owner), valuesNew, (s, v) -> bindValue(s, v.getKey(), v.getValue()));
        inventoryRowsWritten += written;
        return written;
    }

    /** The row ID of each stored instance of an owner, by folded class and key text. */
    private Map<String, Long> instanceIds(Owner owner) throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        try (PreparedStatement s = statements.prepare("SELECT instance_id, class_folded, key_text FROM "
                + owner.instances + " WHERE " + owner.where(""))) {
            owner.bind(s, 1);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    ids.put(rows.getString(2) + '\u0000' + rows.getString(3), rows.getLong(1));
                }
            }
        }
        return ids;
    }

    /** Binds one row of a batch. */
    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    /** Runs one statement for every row, as one batch; nothing when there is no row. */
    private <T> void batch(String sql, Collection<T> rows, Binder<T> binder) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = statements.prepare(sql)) {
            for (T row : rows) {
                binder.bind(s, row);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static String insertValue(Owner owner) {
        return "INSERT INTO " + owner.values + " (instance_id, attr_id, name, vtype, v_int, v_u64, v_text, v_bytes)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    }

    private void bindValue(PreparedStatement s, long instanceId, Attribute attribute) throws SQLException {
        s.setLong(1, instanceId);
        s.setInt(2, attribute.id());
        s.setString(3, attribute.name());
        ValueCodec.bind(s, 4, attribute.value(), dialect);
    }

    // ---- types --------------------------------------------------------------------------------

    /**
     * Returns the type family each attribute of the given classes was first stored with.
     *
     * @param classes the classes
     * @return per class (as given), per attribute ID, the family; classes never stored are absent
     * @throws SQLException if the database fails
     */
    public Map<GroupClass, Map<Integer, AttributeValue.Family>> attributeFamilies(Collection<GroupClass> classes)
            throws SQLException {
        return families("SELECT class_folded, attr_id, family FROM class_attribute WHERE class_folded IN", List.of(),
                classes);
    }

    /**
     * Records the family of a class attribute the first time it is stored; later calls keep the first.
     *
     * @param groupClass the class
     * @param attributeId the attribute ID
     * @param family the family
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void registerFamily(GroupClass groupClass, int attributeId, AttributeValue.Family family, Instant now)
            throws SQLException {
        update("INSERT INTO class_attribute (class_folded, attr_id, family, first_seen) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (class_folded, attr_id) DO NOTHING", groupClass.folded(), attributeId, family.name(),
                now.toEpochMilli());
    }

    /**
     * Returns the classes blocked for a client after a type conflict.
     *
     * @param clientId the client
     * @return the blocked classes
     * @throws SQLException if the database fails
     */
    public Set<GroupClass> blockedClasses(long clientId) throws SQLException {
        Set<GroupClass> blocked = new TreeSet<>();
        try (PreparedStatement s = statements.prepare("SELECT class_name FROM class_block WHERE client_id = ?")) {
            s.setLong(1, clientId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    blocked.add(GroupClass.of(rows.getString(1)));
                }
            }
        }
        return blocked;
    }

    /**
     * Blocks a class for a client until an administrator unblocks it.
     *
     * @param clientId the client
     * @param groupClass the class
     * @param detail why, for people
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void blockClass(long clientId, GroupClass groupClass, String detail, Instant now) throws SQLException {
        update("INSERT INTO class_block (client_id, class_folded, class_name, blocked_at, detail) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (client_id, class_folded) DO NOTHING", clientId, groupClass.folded(),
                groupClass.value(), now.toEpochMilli(), detail);
    }

    /**
     * Unblocks a class for a client.
     *
     * @param clientId the client
     * @param groupClass the class
     * @return true if it was blocked
     * @throws SQLException if the database fails
     */
    public boolean unblockClass(long clientId, GroupClass groupClass) throws SQLException {
        return update("DELETE FROM class_block WHERE client_id = ? AND class_folded = ?", clientId,
                groupClass.folded()) > 0;
    }

    /**
     * Returns the type family of each attribute of the given classes for one client: the family the
     * class was first stored with, unless an administrator accepted another one for this client
     * ({@code class retype}).
     *
     * @param clientId the client
     * @param classes the classes
     * @return per class (as given), per attribute ID, the family; classes never stored are absent
     * @throws SQLException if the database fails
     */
    public Map<GroupClass, Map<Integer, AttributeValue.Family>> attributeFamilies(long clientId,
            Collection<GroupClass> classes) throws SQLException {
        Map<GroupClass, Map<Integer, AttributeValue.Family>> found = attributeFamilies(classes);
        clientFamilies(clientId, classes).forEach((c, f) -> found.computeIfAbsent(c, k -> new HashMap<>()).putAll(f));
        return found;
    }

    /**
     * Returns the families an administrator accepted for one client ({@code class retype}) over the
     * ones the given classes were first stored with.
     *
     * @param clientId the client
     * @param classes the classes
     * @return per class (as given), per attribute ID, the family accepted for the client; classes
     *     without any are absent
     * @throws SQLException if the database fails
     */
    public Map<GroupClass, Map<Integer, AttributeValue.Family>> clientFamilies(long clientId,
            Collection<GroupClass> classes) throws SQLException {
        return families("SELECT class_folded, attr_id, family FROM client_family WHERE client_id = ? AND class_folded"
                + " IN", List.of(clientId), classes);
    }

    /**
     * Families by class and attribute ID, from a query ending in {@code IN} over folded classes, in
     * one round trip for all the classes.
     */
    private Map<GroupClass, Map<Integer, AttributeValue.Family>> families(String query, List<Object> first,
            Collection<GroupClass> classes) throws SQLException {
        Map<String, GroupClass> byFolded = new HashMap<>();
        classes.forEach(c -> byFolded.put(c.folded(), c));
        Map<GroupClass, Map<Integer, AttributeValue.Family>> found = new HashMap<>();
        if (byFolded.isEmpty()) {
            return found;
        }
        List<String> folded = padded(new ArrayList<>(new TreeSet<>(byFolded.keySet())));
        List<Object> params = new ArrayList<>(first);
        params.addAll(folded);
        try (PreparedStatement s = statements.prepare(query + " " + inList(folded.size()))) {
            bind(s, params.toArray());
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.computeIfAbsent(byFolded.get(rows.getString(1)), c -> new HashMap<>()).put(rows.getInt(2),
                            AttributeValue.Family.valueOf(rows.getString(3)));
                }
            }
        }
        return found;
    }

    /**
     * Records one attribute of a type conflict beside the block it caused, so that {@code class
     * retype} knows which family the client reported. A later conflict on the same attribute
     * replaces it.
     *
     * @param clientId the client
     * @param groupClass the class
     * @param attributeId the attribute ID
     * @param stored the family the store holds for it
     * @param reported the family the refused report carried
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void recordTypeConflict(long clientId, GroupClass groupClass, int attributeId,
            AttributeValue.Family stored, AttributeValue.Family reported, Instant now) throws SQLException {
        update("INSERT INTO class_conflict (client_id, class_folded, attr_id, stored_family, reported_family, seen_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (client_id, class_folded, attr_id) DO UPDATE SET"
                + " stored_family = excluded.stored_family, reported_family = excluded.reported_family,"
                + " seen_at = excluded.seen_at", clientId, groupClass.folded(), attributeId, stored.name(),
                reported.name(), now.toEpochMilli());
    }

    /**
     * Returns the classes an administrator dropped for a client ({@code class drop}): they are left
     * out of the client's reports until unblocked.
     *
     * @param clientId the client
     * @return the dropped classes
     * @throws SQLException if the database fails
     */
    public Set<GroupClass> droppedClasses(long clientId) throws SQLException {
        Set<GroupClass> dropped = new TreeSet<>();
        try (PreparedStatement s = statements.prepare("SELECT class_name FROM class_drop WHERE client_id = ?")) {
            s.setLong(1, clientId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    dropped.add(GroupClass.of(rows.getString(1)));
                }
            }
        }
        return dropped;
    }

    // ---- requests -----------------------------------------------------------------------------

    /**
     * Returns the pending (requested or published) request for a client's kind.
     *
     * @param clientId the client
     * @param kind the kind
     * @return the request, or empty
     * @throws SQLException if the database fails
     */
    public Optional<StoredRequest> pendingRequest(long clientId, InventoryKind kind) throws SQLException {
        List<StoredRequest> found = requests("r.client_id = ? AND r.kind = ? AND r.state IN ('REQUESTED', 'PUBLISHED')",
                clientId, kind.name());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * Returns every request made for a client, oldest first.
     *
     * @param clientId the client
     * @return the requests
     * @throws SQLException if the database fails
     */
    public List<StoredRequest> requests(long clientId) throws SQLException {
        return requests("r.client_id = ?", clientId);
    }

    /**
     * Returns every pending request of the store, oldest request time first.
     *
     * @return the requests
     * @throws SQLException if the database fails
     */
    public List<StoredRequest> pendingRequests() throws SQLException {
        return requests("r.state IN ('REQUESTED', 'PUBLISHED')");
    }

    private List<StoredRequest> requests(String where, Object... params) throws SQLException {
        List<StoredRequest> found = new ArrayList<>();
        try (PreparedStatement s = statements.prepare("SELECT r.*, c.sms_id FROM resync_request r"
                + " JOIN client c ON c.client_id = r.client_id WHERE " + where
                + " ORDER BY r.request_time, r.request_id")) {
            bind(s, params);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(RequestLifecycle.read(rows));
                }
            }
        }
        return found;
    }

    /**
     * Adds a request.
     *
     * @param clientId the client it asks
     * @param request the request; its client must be the client's SMSID
     * @param nextReissueAt from when a further refusal may re-issue it
     * @param now the time
     * @return the request as stored
     * @throws SQLException if the database fails, e.g. a request is already pending for the kind
     */
    public StoredRequest insertRequest(long clientId, ResyncRequest request, Instant nextReissueAt, Instant now)
            throws SQLException {
        try (PreparedStatement s = statements.prepare("INSERT INTO resync_request (client_id, kind,"
                + " request_time, reason, requested_by, refusals_since, issue_count, state, first_requested_at,"
                + " next_reissue_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING request_id")) {
            bind(s, clientId, request.kind().name(), request.requestTime().toEpochMilli(), request.reason().name(),
                    request.requestedBy(), request.refusalsSince(), request.state().name(),
                    request.requestTime().toEpochMilli(), nextReissueAt.toEpochMilli(), now.toEpochMilli());
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return RequestLifecycle.made(rows.getLong(1), request, nextReissueAt);
            }
        }
    }

    /**
     * Writes a request's changing fields (time, reason, who asked, refusals, state, issue count, times) by
     * its ID.
     *
     * @param stored the request as it now is
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void updateRequest(StoredRequest stored, Instant now) throws SQLException {
        ResyncRequest r = stored.request();
        update("UPDATE resync_request SET request_time = ?, reason = ?, requested_by = ?, refusals_since = ?,"
                + " issue_count = ?, state = ?, next_reissue_at = ?, published_at = ?, acknowledged_at = ?,"
                + " expired_at = ?, updated_at = ? WHERE request_id = ?", r.requestTime().toEpochMilli(),
                r.reason().name(), r.requestedBy(), r.refusalsSince(), stored.issueCount(), r.state().name(),
                stored.nextReissueAt().toEpochMilli(), millis(stored.publishedAt()), millis(r.acknowledgedAt()),
                millis(stored.expiredAt()), now.toEpochMilli(), stored.id());
    }

    // ---- reports and the load log ---------------------------------------------------------------

    /**
     * Returns the outcome of a report decided before, if this very report was seen.
     *
     * @param report the report's identity
     * @return the first outcome, or empty for a report never seen
     * @throws SQLException if the database fails
     */
    public Optional<Outcome> reportSeen(ReportIdentity report) throws SQLException {
        try (PreparedStatement s = statements.prepare("SELECT outcome FROM report_seen WHERE sms_id = ?"
                + " AND kind = ? AND version = ? AND content_hash = ?")) {
            bind(s, report.smsId().value(), report.kind().name(), report.version(), report.contentHash());
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(Outcome.valueOf(rows.getString(1))) : Optional.empty();
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
        try (PreparedStatement s = statements.prepare("SELECT outcome, detail, logged_at FROM load_log"
                + " WHERE sms_id = ? AND kind = ? AND version = ? AND content_hash = ? AND source = ?"
                + " AND outcome NOT IN ('" + Outcome.RENAMED + "', '" + Outcome.CARD_CHANGED + "')"
                + " ORDER BY log_id DESC LIMIT 1")) {
            bind(s, report.smsId().value(), report.kind().name(), report.version(), report.contentHash(), source);
            try (ResultSet rows = s.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(LoadLogEntry.of(report, Outcome.valueOf(rows.getString(1)), rows.getString(2),
                        Optional.of(source), Instant.ofEpochMilli(rows.getLong(3))));
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
        update("INSERT INTO report_seen (sms_id, kind, version, content_hash, outcome, decided_at) VALUES"
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
        update("INSERT INTO load_log (sms_id, kind, version, content_hash, outcome, detail, source, logged_at)"
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
    public List<LoadLogEntry> loadLog(SmsId smsId) throws SQLException {
        List<LoadLogEntry> found = new ArrayList<>();
        try (PreparedStatement s = statements.prepare(
                "SELECT * FROM load_log WHERE sms_id = ? ORDER BY log_id")) {
            s.setString(1, smsId.value());
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(new LoadLogEntry(Optional.of(smsId),
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

    // ---- helpers ------------------------------------------------------------------------------

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

    private static Object millis(Optional<Instant> time) {
        return time.<Object>map(Instant::toEpochMilli).orElse(NullLong.VALUE);
    }

    private static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }
}
