package org.mifsync.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An SMS domain: its name, the site that owns it and its logon servers, to each of which the
 * domain's request files are replicated.
 *
 * <p>Logon servers keep the order given; their names are unique (ignoring case) and there is at
 * least one, as clients of a domain without logon servers could neither report nor see requests.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the domain's name
 * @param site the code of the site the domain belongs to
 * @param logonServers the domain's logon servers, at least one
 * @since 0.1
 */
public record SmsDomain(DomainName name, SiteCode site, List<LogonServer> logonServers) {

    /**
     * Validates the domain and copies its list of logon servers.
     *
     * @param name the domain's name
     * @param site the code of the site the domain belongs to
     * @param logonServers the domain's logon servers, at least one
     * @throws InvalidValueException if a field is null, there is no logon server, or two logon
     *     servers share a name
     */
    public SmsDomain {
        Check.notNull("domain name", name);
        Check.notNull("domain site", site);
        Check.noNullElements("logon servers", logonServers);
        logonServers = List.copyOf(logonServers);
        if (logonServers.isEmpty()) {
            throw Check.invalid("logon servers", "domain " + name + " must have at least one logon server");
        }
        Set<NetBiosName> seen = new HashSet<>();
        for (LogonServer server : logonServers) {
            if (!seen.add(server.name())) {
                throw Check.invalid("logon servers", "domain " + name + " lists logon server " + server.name()
                        + " more than once");
            }
        }
    }
}
