package org.mifsync.resync.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.mifsync.mif.SourceLocation;
import org.mifsync.model.DomainName;
import org.mifsync.model.Hierarchy;
import org.mifsync.model.LogonServer;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;
import org.mifsync.resync.settings.SiteSettings;

/**
 * What a site description file says: the sites of one hierarchy (the central site first), the
 * domains with their owning site and logon servers, and the {@linkplain SiteSettings settings}.
 * The format is documented in {@code docs/site-description.md}:
 *
 * <pre>
 * [site CEN]
 * name = Central
 *
 * [site EUR]
 * name = Europe
 * parent = CEN
 *
 * [domain SALES]
 * site = EUR
 * logon-server LS1 = /srv/sms/ls1
 *
 * [settings]
 * publish-limit = 200
 * reissue-timeout = 12h
 * </pre>
 *
 * <p>Reading collects every mistake before it gives up ({@link SiteDescriptionException}), each
 * naming the file, line, section and key. All sites of a hierarchy share the central site's root
 * (one {@code SITE.SRV} with one folder per domain; domain names are unique in a hierarchy).
 *
 * <p>Immutable and thread-safe.
 *
 * @param sites the sites, the central one first, in the order of the file
 * @param domains the domains, in the order of the file
 * @param settings the settings, defaults where the file is silent
 * @since 0.1
 */
public record SiteDescription(List<Site> sites, List<SmsDomain> domains, SiteSettings settings) {

    /** Files larger than this are refused unread: a description is a few kilobytes. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    /**
     * Validates the description and copies its lists.
     *
     * @throws IllegalArgumentException if the sites do not form one hierarchy with the central site
     *     first, a domain is listed twice or belongs to an unknown site, or two logon servers share
     *     a root (a {@code LOGON.SRV} holds one domain's {@code RESYNC.CFG})
     */
    public SiteDescription {
        sites = List.copyOf(sites);
        domains = List.copyOf(domains);
        Objects.requireNonNull(settings, "settings");
        Hierarchy hierarchy = Hierarchy.of(sites);
        if (!sites.get(0).isCentral()) {
            throw new IllegalArgumentException("the central site " + hierarchy.root() + " must come first");
        }
        Set<DomainName> seen = new HashSet<>();
        Map<Path, String> roots = new HashMap<>();
        for (SmsDomain domain : domains) {
            if (!seen.add(domain.name())) {
                throw new IllegalArgumentException("domain " + domain.name() + " is listed twice");
            }
            if (!hierarchy.contains(domain.site())) {
                throw new IllegalArgumentException("domain " + domain.name() + " belongs to site " + domain.site()
                        + ", which is not in the hierarchy");
            }
            for (LogonServer server : domain.logonServers()) {
                String owner = roots.putIfAbsent(server.root().normalize(), server.name() + " of " + domain.name());
                if (owner != null) {
                    throw new IllegalArgumentException("logon servers " + owner + " and " + server.name() + " of "
                            + domain.name() + " share the root " + server.root());
                }
            }
        }
    }

    /**
     * Reads a site description file (UTF-8, a byte-order mark allowed). Relative logon-server
     * roots are taken from the file's directory.
     *
     * @param file the file
     * @return the description
     * @throws SiteDescriptionException listing every mistake, each with file, line, section and key
     * @throws IOException if the file cannot be read
     */
    public static SiteDescription read(Path file) throws IOException, SiteDescriptionException {
        Objects.requireNonNull(file, "file");
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new SiteDescriptionException(List.of(new SiteDescriptionException.Problem(
                    SourceLocation.ofSource(file.toString()), Optional.empty(), Optional.empty(), size + " bytes is too large for a site description (at most "
                    + MAX_FILE_BYTES + ")")));
        }
        Path base = file.toAbsolutePath().normalize().getParent();
        return new DescriptionParser(file.toString(), base).parse(Files.readAllBytes(file));
    }

    /**
     * Parses the text of a site description.
     *
     * @param source the name to show in messages, e.g. the file name
     * @param text the text
     * @param baseDir the directory relative logon-server roots are taken from (absolute)
     * @return the description
     * @throws SiteDescriptionException listing every mistake
     */
    public static SiteDescription parse(String source, String text, Path baseDir) throws SiteDescriptionException {
        Objects.requireNonNull(text, "text");
        return new DescriptionParser(Objects.requireNonNull(source, "source"),
                baseDir.toAbsolutePath().normalize()).parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Returns the sites as a hierarchy.
     *
     * @return the hierarchy
     */
    public Hierarchy hierarchy() {
        return Hierarchy.of(sites);
    }

    /**
     * Returns the central site, the first of the file.
     *
     * @return its code
     */
    public SiteCode central() {
        return sites.get(0).code();
    }

    /**
     * Returns a domain by name, ignoring case.
     *
     * @param name the name
     * @return the domain, or empty
     */
    public Optional<SmsDomain> domain(DomainName name) {
        return domains.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}
