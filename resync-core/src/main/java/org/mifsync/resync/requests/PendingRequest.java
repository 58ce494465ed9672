package org.mifsync.resync.requests;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.RequestState;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;

/**
 * A pending resync request as {@code dumpsync --all} and {@code --stuck} list it: the client, where
 * it belongs (its owning site and domain) and where the request stands.
 *
 * <p>The owning site is the site the client is assigned to; for a client that never said, the site
 * of its domain; failing that, the site code its 8-character SMSID begins with.
 *
 * <p>Immutable and thread-safe.
 *
 * @param smsId the client
 * @param clientName its NetBIOS name
 * @param kind the kind asked for
 * @param requestTime the current request time
 * @param reason why
 * @param state requested (waiting for the throttle) or published
 * @param site the owning site, if it can be told
 * @param domain the client's domain, if known
 * @param requestedBy who asked
 * @param issueCount how often the request was issued (1 for never re-issued)
 * @param refusalsSince reports refused since the current issue
 * @param firstRequestedAt when it was first made
 * @param publishedAt when it was last published, if it was
 * @since 0.1
 */
public record PendingRequest(SmsId smsId, NetBiosName clientName, InventoryKind kind, Instant requestTime,
        ResyncReason reason, RequestState state, Optional<SiteCode> site, Optional<DomainName> domain,
        String requestedBy, int issueCount, int refusalsSince, Instant firstRequestedAt,
        Optional<Instant> publishedAt) {

    /**
     * Checks the fields.
     *
     * @param smsId the client
     * @param clientName its name
     * @param kind the kind
     * @param requestTime the request time
     * @param reason why
     * @param state where it stands
     * @param site the owning site, if known
     * @param domain the domain, if known
     * @param requestedBy who asked
     * @param issueCount issues so far
     * @param refusalsSince refusals since
     * @param firstRequestedAt when first made
     * @param publishedAt when last published, if it was
     */
    public PendingRequest {
        Objects.requireNonNull(smsId, "SMSID");
        Objects.requireNonNull(clientName, "client name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requestTime, "request time");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(requestedBy, "requested by");
        Objects.requireNonNull(firstRequestedAt, "first request time");
        Objects.requireNonNull(publishedAt, "publication time");
    }

    /**
     * Returns how often the request was re-issued with a new time: {@code issueCount - 1}.
     *
     * @return the re-issues
     */
    public int reissues() {
        return issueCount - 1;
    }
}
