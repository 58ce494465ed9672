package org.mifsync.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The text of a site description ({@code sites.ini}) for tests, built instead of written out by
 * hand in each test: the sites, the domains with their logon servers, and the settings, in the
 * order {@code mifsync site init} reads them.
 *
 * <p>Most tests need {@link #central()}: site {@code CEN} with domain {@code SALES} and its logon
 * server {@code LS1} at {@code ls1}. Each method returns a new description, so that a test may
 * derive variants from a shared one:
 *
 * <pre>{@code
 * SiteDescriptionText text = SiteDescriptionText.central().setting("max-mif-size", "4KiB");
 * text.createLogonServerRoots(dir);
 * SiteSetup.of(root, store).apply(SiteDescription.parse("sites.ini", text.text(), dir));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SiteDescriptionText {

    private record Site(String name, String parent) {
    }

    private record Domain(String site, Map<String, String> logonServers) {
    }

    private record Setting(String key, String value) {
    }

    private final Map<String, Site> sites;
    private final Map<String, Domain> domains;
    private final List<Setting> settings;

    private SiteDescriptionText(Map<String, Site> sites, Map<String, Domain> domains, List<Setting> settings) {
        this.sites = sites;
        this.domains = domains;
        this.settings = settings;
    }

    /**
     * Returns a description of nothing, to build on.
     *
     * @return the empty description
     */
    public static SiteDescriptionText empty() {
        return new SiteDescriptionText(new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>());
    }

    /**
     * Returns the description most tests use: site {@code CEN}, its domain {@code SALES} with one
     * logon server {@code LS1} whose root is {@code ls1} (relative to the description's folder), no
     * settings.
     *
     * @return that description
     */
    public static SiteDescriptionText central() {
        return empty().site("CEN").domain("SALES", "CEN").logonServer("SALES", "LS1", "ls1");
    }

    private SiteDescriptionText copy() {
        Map<String, Domain> domainsCopy = new LinkedHashMap<>();
        domains.forEach((name, d) -> domainsCopy.put(name, new Domain(d.site(), new LinkedHashMap<>(d.logonServers()))));
        return new SiteDescriptionText(new LinkedHashMap<>(sites), domainsCopy, new ArrayList<>(settings));
    }

    /**
     * Adds a site without name or parent (the central site), or takes those away from a site
     * already described.
     *
     * @param code the site code
     * @return the new description
     */
    public SiteDescriptionText site(String code) {
        return site(code, null, null);
    }

    /**
     * Adds a site, or changes the one with this code in its place.
     *
     * @param code the site code
     * @param name its name, or null for none
     * @param parent its parent's code, or null for the central site
     * @return the new description
     */
    public SiteDescriptionText site(String code, String name, String parent) {
        SiteDescriptionText out = copy();
        out.sites.put(Objects.requireNonNull(code, "code"), new Site(name, parent));
        return out;
    }

    /**
     * Removes a site (its domains stay; remove them too for a description that reads).
     *
     * @param code the site code
     * @return the new description
     */
    public SiteDescriptionText withoutSite(String code) {
        SiteDescriptionText out = copy();
        out.sites.remove(code);
        return out;
    }

    /**
     * Adds a domain without logon servers, or moves the one with this name to another site in its
     * place, keeping its logon servers.
     *
     * @param name the domain
     * @param site the site it belongs to
     * @return the new description
     */
    public SiteDescriptionText domain(String name, String site) {
        SiteDescriptionText out = copy();
        Domain old = out.domains.get(name);
        out.domains.put(Objects.requireNonNull(name, "name"), new Domain(Objects.requireNonNull(site, "site"),
                old == null ? new LinkedHashMap<>() : old.logonServers()));
        return out;
    }

    /**
     * Removes a domain and its logon servers.
     *
     * @param name the domain
     * @return the new description
     */
    public SiteDescriptionText withoutDomain(String name) {
        SiteDescriptionText out = copy();
        out.domains.remove(name);
        return out;
    }

    /**
     * Adds a logon server to a domain described already, or gives the one with this name another
     * root in its place.
     *
     * @param domain the domain
     * @param name the logon server
     * @param root its root, relative to the description's folder or absolute
     * @return the new description
     * @throws IllegalArgumentException if the domain is not described
     */
    public SiteDescriptionText logonServer(String domain, String name, String root) {
        SiteDescriptionText out = copy();
        out.domainOf(domain).logonServers().put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(root, "root"));
        return out;
    }

    /**
     * Removes a logon server from a domain.
     *
     * @param domain the domain
     * @param name the logon server
     * @return the new description
     * @throws IllegalArgumentException if the domain is not described
     */
    public SiteDescriptionText withoutLogonServer(String domain, String name) {
        SiteDescriptionText out = copy();
        out.domainOf(domain).logonServers().remove(name);
        return out;
    }

    private Domain domainOf(String name) {
        Domain d = domains.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no domain " + name + " in the description: " + domains.keySet());
        }
        return d;
    }

    /**
     * Sets a setting: replaces every value it had (in the place of the first) or adds it last.
     *
     * @param key the setting, such as {@code max-mif-size}
     * @param value its value as the file spells it, such as {@code 4KiB}
     * @return the new description
     */
    public SiteDescriptionText setting(String key, String value) {
        SiteDescriptionText out = copy();
        int at = -1;
        for (int i = 0; i < out.settings.size(); i++) {
            if (out.settings.get(i).key().equals(key)) {
                at = at < 0 ? i : at;
            }
        }
        Setting setting = new Setting(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        out.settings.removeIf(s -> s.key().equals(key));
        out.settings.add(at < 0 ? out.settings.size() : at, setting);
        return out;
    }

    /**
     * Adds one more value of a setting that may be given several times ({@code software-class}).
     *
     * @param key the setting
     * @param value one more value
     * @return the new description
     */
    public SiteDescriptionText addSetting(String key, String value) {
        SiteDescriptionText out = copy();
        out.settings.add(new Setting(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value")));
        return out;
    }

    /**
     * Creates the root folder of every logon server described with a relative root, as a mounted
     * share would be ({@code site init} does not create them).
     *
     * @param folder the description's folder, against which the roots are resolved
     * @return this description
     */
    public SiteDescriptionText createLogonServerRoots(Path folder) {
        for (Domain d : domains.values()) {
            for (String root : d.logonServers().values()) {
                try {
                    Files.createDirectories(folder.resolve(root));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create " + folder.resolve(root), e);
                }
            }
        }
        return this;
    }

    /**
     * Returns the text: the sites, then the domains, then the settings, one line each, each line
     * ending in {@code \n}.
     *
     * @return the text of {@code sites.ini}
     */
    public String text() {
        StringBuilder out = new StringBuilder();
        sites.forEach((code, site) -> {
            out.append("[site ").append(code).append("]\n");
            if (site.name() != null) {
                out.append("name = ").append(site.name()).append('\n');
            }
            if (site.parent() != null) {
                out.append("parent = ").append(site.parent()).append('\n');
            }
        });
        domains.forEach((name, domain) -> {
            out.append("[domain ").append(name).append("]\n").append("site = ").append(domain.site()).append('\n');
            domain.logonServers().forEach((server, root) -> out.append("logon-server ").append(server).append(" = ")
                    .append(root).append('\n'));
        });
        if (!settings.isEmpty()) {
            out.append("[settings]\n");
            settings.forEach(s -> out.append(s.key()).append(" = ").append(s.value()).append('\n'));
        }
        return out.toString();
    }

    /**
     * Writes the text to a file.
     *
     * @param file the file, such as {@code dir/sites.ini}
     * @return the file
     */
    public Path write(Path file) {
        try {
            return Files.writeString(file, text());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Returns the text.
     *
     * @return {@link #text()}
     */
    @Override
    public String toString() {
        return text();
    }
}
