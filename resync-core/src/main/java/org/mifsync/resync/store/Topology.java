package org.mifsync.resync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mifsync.model.DomainName;
import org.mifsync.model.LogonServer;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;

/**
 * The hierarchy inside one transaction ({@link StoreTransaction#topology}): sites, domains with their
 * logon servers, the clients counted per site and domain, and the hierarchy's settings. Names are
 * folded in Java ({@link Locale#ROOT}).
 *
 * <p>Not thread-safe, and valid only inside the transaction it belongs to.
 *
 * @since 0.1
 */
public final class Topology {

    private final StoreTransaction tx;

    Topology(StoreTransaction tx) {
        this.tx = tx;
    }

    /**
     * Adds or replaces a site.
     *
     * @param site the site
     * @throws SQLException if the database fails
     */
    public void putSite(Site site) throws SQLException {
        tx.update("INSERT INTO site (code, name, parent) VALUES (?, ?, ?) ON CONFLICT (code) DO UPDATE SET"
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
        try (PreparedStatement s = tx.prepare("SELECT * FROM site ORDER BY code");
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
        tx.update("INSERT INTO sms_domain (name_folded, name, site) VALUES (?, ?, ?) ON CONFLICT (name_folded)"
                + " DO UPDATE SET name = excluded.name, site = excluded.site", folded, domain.name().value(),
                domain.site().value());
        tx.update("DELETE FROM logon_server WHERE domain_folded = ?", folded);
        for (LogonServer server : domain.logonServers()) {
            tx.update("INSERT INTO logon_server (domain_folded, name_folded, name, root) VALUES (?, ?, ?, ?)", folded,
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
        try (PreparedStatement s = tx.prepare(
                "SELECT * FROM logon_server ORDER BY domain_folded, name_folded"); ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                servers.computeIfAbsent(rows.getString("domain_folded"), k -> new ArrayList<>()).add(new LogonServer(
                        NetBiosName.of(rows.getString("name")), java.nio.file.Path.of(rows.getString("root"))));
            }
        }
        List<SmsDomain> domains = new ArrayList<>();
        try (PreparedStatement s = tx.prepare("SELECT * FROM sms_domain ORDER BY name_folded");
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
        return tx.update("DELETE FROM site WHERE code = ?", code.value()) > 0;
    }

    /**
     * Removes a domain with its logon servers.
     *
     * @param name the domain
     * @return true if there was such a domain
     * @throws SQLException if the database fails
     */
    public boolean deleteDomain(DomainName name) throws SQLException {
        tx.update("DELETE FROM logon_server WHERE domain_folded = ?", name.folded());
        return tx.update("DELETE FROM sms_domain WHERE name_folded = ?", name.folded()) > 0;
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
        try (PreparedStatement s = tx.prepare(
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
        try (PreparedStatement s = tx.prepare(
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
        tx.update("DELETE FROM site_setting WHERE scope = '*'");
        for (Map.Entry<String, String> e : settings.text().entrySet()) {
            tx.update("INSERT INTO site_setting (scope, name, value) VALUES ('*', ?, ?)", e.getKey(), e.getValue());
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
        try (PreparedStatement s = tx.prepare(
                "SELECT name, value FROM site_setting WHERE scope = '*' ORDER BY name");
                ResultSet rows = s.executeQuery()) {
            while (rows.next()) {
                text.put(rows.getString(1), rows.getString(2));
            }
        }
        return text.isEmpty() ? Optional.empty() : Optional.of(org.mifsync.resync.settings.SiteSettings.fromText(text));
    }
}
