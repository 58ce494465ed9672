package org.mifsync.resync.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.DomainName;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.SiteCode;

/**
 * A resync request with what the request tools need of its client (name, reported site and
 * domain, quarantine) and when it left the domain's files.
 *
 * <p>Immutable and thread-safe.
 *
 * @param stored the request as the store keeps it
 * @param clientId the client's row ID
 * @param clientName the client's NetBIOS name
 * @param clientSite the site the client is assigned to (as it reported), if known
 * @param clientDomain the client's domain, if known
 * @param quarantined whether the client's SMSID is quarantined
 * @param removedAt when the request left the domain's files after it ended, if it did
 * @since 0.1
 */
public record TrackedRequest(StoredRequest stored, long clientId, NetBiosName clientName,
        Optional<SiteCode> clientSite, Optional<DomainName> clientDomain, boolean quarantined,
        Optional<Instant> removedAt) {

    /**
     * Validates the fields.
     *
     * @param stored the request
     * @param clientId the client's row ID
     * @param clientName the client's name
     * @param clientSite its site, if known
     * @param clientDomain its domain, if known
     * @param quarantined whether quarantined
     * @param removedAt when removed from the files, if it was
     */
    public TrackedRequest {
        Objects.requireNonNull(stored, "request");
        Objects.requireNonNull(clientName, "client name");
        Objects.requireNonNull(clientSite, "client site");
        Objects.requireNonNull(clientDomain, "client domain");
        Objects.requireNonNull(removedAt, "removal time");
    }

    /**
     * Tells whether the client's domain is the given one, ignoring case.
     *
     * @param domain the domain
     * @return true if the client is in it
     */
    public boolean inDomain(DomainName domain) {
        return clientDomain.isPresent() && clientDomain.get().equals(domain);
    }
}
