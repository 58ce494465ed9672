package org.mifsync.resync.requests;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.DomainName;
import org.mifsync.model.Hierarchy;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.ResyncRequest;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.store.RequestLifecycle;
import org.mifsync.resync.store.StoreTransaction;
import org.mifsync.resync.store.StoredClient;
import org.mifsync.resync.store.StoredRequest;

/**
 * The logic of {@code invsync hw|sw NAME}: an administrator forces a complete inventory of one kind
 * from the client with that NetBIOS name (compared ignoring case), or with that SMSID (the
 * overloads taking an {@link SmsId}, for a client the caller knows by its SMSID or one of several
 * sharing a name). The request is recorded with reason {@code FORCED} and who asked, then the
 * client's domain is published; FORCED requests go first through the throttle.
 *
 * <p>Refused, with a {@link RequestRefusedException} whose reason says why: a name or SMSID no
 * client has; a name several clients share (their SMSIDs listed); a client assigned to another site
 * — a child's, a grandchild's, a parent's —, naming that site, where the command must run; a
 * quarantined SMSID; a client without a domain of this site. A request already pending for the
 * client and kind becomes the forced one, with a new request time (at least one second after the
 * client's previous one, so that the client sees a change), as {@link
 * org.mifsync.resync.store.RequestLifecycle#forced} does for every administrator's request.
 *
 * <pre>{@code
 * InvSync invsync = InvSync.of(publisher);
 * InvSync.Report r = invsync.request(NetBiosName.of("pc7"), InventoryKind.HW, "alice");
 * InvSync.Report s = invsync.request(SmsId.parse("CEN00007"), InventoryKind.SW, "alice");
 * }</pre>
 *
 * <p>Thread-safe; all times come from the publisher's clock.
 *
 * @since 0.1
 */
public final class InvSync {

    private final Publisher publisher;

    private InvSync(Publisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Returns the invsync logic of a publisher's site.
     *
     * @param publisher the publisher (store, site, settings, clock)
     * @return the logic
     */
    public static InvSync of(Publisher publisher) {
        return new InvSync(Objects.requireNonNull(publisher, "publisher"));
    }

    /**
     * What an {@code invsync} did.
     *
     * <p>Immutable and thread-safe.
     *
     * @param smsId the client
     * @param name its name as the store spells it
     * @param domain its domain
     * @param request the request as recorded (before publishing)
     * @param replaced the time of the pending request it replaced, if there was one
     * @param publish what publishing the domain did
     * @since 0.1
     */
    public record Report(SmsId smsId, NetBiosName name, DomainName domain, ResyncRequest request,
            Optional<Instant> replaced, Publisher.Report publish) {

        /**
         * Checks the fields.
         *
         * @param smsId the client
         * @param name its name
         * @param domain its domain
         * @param request the request
         * @param replaced the replaced time, if any
         * @param publish the publish report
         */
        public Report {
            Objects.requireNonNull(smsId, "SMSID");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(replaced, "replaced time");
            Objects.requireNonNull(publish, "publish report");
        }

        /**
         * Tells whether the request is in the domain's files now (false: it waits for the throttle,
         * or it was cancelled).
         *
         * @return true if the files hold it
         */
        public boolean published() {
            ResyncEntry mine = new ResyncEntry(smsId, request.kind(), request.requestTime(), request.reason());
            return publish.admitted().contains(mine);
        }
    }

    /**
     * Forces a resync of one kind from the client with the given name.
     *
     * @param name the client's NetBIOS name, any case
     * @param kind hardware or software
     * @param requestedBy who asks, for the audit trail
     * @return what was recorded and published
     * @throws RequestRefusedException as the class describes; nothing is recorded then
     * @throws IOException if the domain's files cannot be written (the request stays recorded and
     *     the next publish writes it)
     */
    public Report request(NetBiosName name, InventoryKind kind, String requestedBy) throws IOException {
        Objects.requireNonNull(name, "name");
        return request(tx -> named(tx, name), kind, requestedBy);
    }

    /**
     * Forces a resync of one kind from the client with the given SMSID: as {@link
     * #request(NetBiosName, InventoryKind, String)}, for a client known by its SMSID (e.g. one of
     * several sharing a name).
     *
     * @param smsId the client's SMSID
     * @param kind hardware or software
     * @param requestedBy who asks, for the audit trail
     * @return what was recorded and published
     * @throws RequestRefusedException as the class describes ({@link
     *     RequestRefusedException.Reason#UNKNOWN_CLIENT} for an SMSID the store does not hold);
     *     nothing is recorded then
     * @throws IOException if the domain's files cannot be written (the request stays recorded and
     *     the next publish writes it)
     */
    public Report request(SmsId smsId, InventoryKind kind, String requestedBy) throws IOException {
        Objects.requireNonNull(smsId, "SMSID");
        return request(tx -> identified(tx, smsId), kind, requestedBy);
    }

    private Report request(Lookup lookup, InventoryKind kind, String requestedBy) throws IOException {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requestedBy, "requested by");
        Recorded recorded = publisher.store().inTransaction(tx -> {
            Target target = resolve(tx, lookup);
            StoredClient client = target.client;
            SmsId id = client.identity().smsId();
            tx.lockClient(id);
            Instant now = publisher.clock().instant();
            // re-read under the client's lock: a loader may have made a request since
            StoredClient fresh = tx.clients().client(id).orElse(client);
            RequestLifecycle.Change change = RequestLifecycle.of(tx, RequestLifecycle.Reissue.of(publisher.settings()))
                    .forced(fresh, kind, ResyncReason.FORCED, new RequestLifecycle.Audit(Optional.of(publisher.site()),
                            Optional.of(target.domain), requestedBy, "invsync " + kind.name().toLowerCase(Locale.ROOT)
                            + " " + client.identity().name()), now);
            return new Recorded(client, target.domain, change.request().request(),
                    change.before().map(p -> p.request().requestTime()));
        });
        Publisher.Report report = publisher.publish(recorded.domain);
        return new Report(recorded.client.identity().smsId(), recorded.client.identity().name(), recorded.domain,
                recorded.request, recorded.replaced, report);
    }

    /**
     * Cancels the pending request of one kind of the client with the given name ({@code invsync
     * --cancel}): it ends as expired, recorded as cancelled with who and when, and the domain's files
     * are rewritten without it.
     *
     * @param name the client's NetBIOS name, any case
     * @param kind hardware or software
     * @param cancelledBy who cancels, for the audit trail
     * @return what was cancelled and the publish report
     * @throws RequestRefusedException as for {@link #request}, or {@link
     *     RequestRefusedException.Reason#NOTHING_PENDING} when nothing is pending for that kind
     * @throws IOException if the domain's files cannot be written (nothing is cancelled then)
     */
    public Report cancel(NetBiosName name, InventoryKind kind, String cancelledBy) throws IOException {
        Objects.requireNonNull(name, "name");
        return cancel(tx -> named(tx, name), kind, cancelledBy);
    }

    /**
     * Cancels the pending request of one kind of the client with the given SMSID: as {@link
     * #cancel(NetBiosName, InventoryKind, String)}, for a client known by its SMSID.
     *
     * @param smsId the client's SMSID
     * @param kind hardware or software
     * @param cancelledBy who cancels, for the audit trail
     * @return what was cancelled and the publish report
     * @throws RequestRefusedException as for {@link #request(SmsId, InventoryKind, String)}, or {@link
     *     RequestRefusedException.Reason#NOTHING_PENDING} when nothing is pending for that kind
     * @throws IOException if the domain's files cannot be written (nothing is cancelled then)
     */
    public Report cancel(SmsId smsId, InventoryKind kind, String cancelledBy) throws IOException {
        Objects.requireNonNull(smsId, "SMSID");
        return cancel(tx -> identified(tx, smsId), kind, cancelledBy);
    }

    private Report cancel(Lookup lookup, InventoryKind kind, String cancelledBy) throws IOException {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cancelledBy, "cancelled by");
        Target target = publisher.store().inTransaction(tx -> resolveForCancel(tx, lookup));
        StoredClient client = target.client;
        SmsId id = client.identity().smsId();
        ResyncRequest[] cancelled = {null};
        Publisher.Report report = publisher.project(target.domain, Publisher.Admission.NONE, (tx, ledger, now) -> {
            tx.lockClient(id);
            Optional<StoredRequest> ended = RequestLifecycle.of(tx, RequestLifecycle.Reissue.of(publisher.settings()))
                    .cancel(client.id(), kind, new RequestLifecycle.Audit(Optional.of(publisher.site()),
                            Optional.of(target.domain), cancelledBy, "invsync --cancel"), now);
            if (ended.isEmpty()) {
                throw RequestRefusedException.of(RequestRefusedException.Reason.NOTHING_PENDING, "client "
                        + client.identity().name() + " (" + id + ") has no pending " + kind + " request to cancel");
            }
            ResyncRequest s = ended.get().request();
            cancelled[0] = s;
            return List.of(new ResyncEntry(id, kind, s.requestTime(), s.reason()));
        });
        return new Report(id, client.identity().name(), target.domain, cancelled[0],
                Optional.of(cancelled[0].requestTime()), report);
    }

    private record Target(StoredClient client, DomainName domain) { }

    private record Recorded(StoredClient client, DomainName domain, ResyncRequest request,
            Optional<Instant> replaced) { }

    /** How the client is named: by NetBIOS name or by SMSID; refuses one the store does not hold. */
    @FunctionalInterface
    private interface Lookup {
        StoredClient find(StoreTransaction tx) throws SQLException;
    }

    private Target resolve(StoreTransaction tx, Lookup lookup) throws SQLException {
        Target target = resolveForCancel(tx, lookup);
        StoredClient client = target.client;
        if (client.isQuarantined()) {
            throw RequestRefusedException.of(RequestRefusedException.Reason.QUARANTINED, "client "
                    + client.identity().name() + " (" + client.identity().smsId() + ") is quarantined as a duplicate"
                    + " SMSID since " + client.quarantinedAt().get());
        }
        return target;
    }

    /** Finds the client, and checks that it is owned by this site and in a domain of this site. */
    private Target resolveForCancel(StoreTransaction tx, Lookup lookup) throws SQLException {
        StoredClient client = lookup.find(tx);
        SmsId id = client.identity().smsId();
        Owners owners = Owners.of(tx);
        Optional<SiteCode> owner = owners.owner(id, client.identity().site(), client.identity().domain());
        SiteCode here = publisher.site();
        if (owner.isPresent() && !owner.get().equals(here)) {
            throw new RequestRefusedException(RequestRefusedException.Reason.OTHER_SITE, "client "
                    + client.identity().name() + " (" + id + ") is assigned to site " + owner.get()
                    + relation(tx, owner.get(), here), owner.get(), List.of(id));
        }
        if (client.identity().domain().isEmpty()) {
            throw RequestRefusedException.of(RequestRefusedException.Reason.NO_DOMAIN, "client "
                    + client.identity().name() + " (" + id + ") has no domain in the store, so no request file can"
                    + " reach it; it gets one with its next report");
        }
        DomainName domain = client.identity().domain().get();
        if (owners.domainSite(domain).isEmpty()) {
            throw RequestRefusedException.of(RequestRefusedException.Reason.UNKNOWN_DOMAIN, "client "
                    + client.identity().name() + " (" + id + ") is in domain " + domain + ", which is not described"
                    + " for any site");
        }
        return new Target(client, publisher.ownDomain(tx, domain));
    }

    /** The one client of that name; refuses a name no client or several clients have. */
    private static StoredClient named(StoreTransaction tx, NetBiosName name) throws SQLException {
        List<StoredClient> named = tx.clients().clientsNamed(name);
        Owners owners = Owners.of(tx);
        if (named.isEmpty()) {
            throw RequestRefusedException.of(RequestRefusedException.Reason.UNKNOWN_CLIENT, "no client named "
                    + name + " is known to the store");
        }
        if (named.size() > 1) {
            List<SmsId> ids = new ArrayList<>();
            List<String> described = new ArrayList<>();
            for (StoredClient c : named) {
                ids.add(c.identity().smsId());
                Optional<SiteCode> site = owners.owner(c.identity().smsId(), c.identity().site(), c.identity().domain());
                described.add(c.identity().smsId() + site.map(s -> " (site " + s + ")").orElse(""));
            }
            throw new RequestRefusedException(RequestRefusedException.Reason.AMBIGUOUS_NAME, named.size()
                    + " clients are named " + name + ": " + String.join(", ", described), ids);
        }
        return named.get(0);
    }

    /** The client with that SMSID; refuses one the store does not hold. */
    private static StoredClient identified(StoreTransaction tx, SmsId smsId) throws SQLException {
        return tx.clients().client(smsId).orElseThrow(() -> RequestRefusedException.of(
                RequestRefusedException.Reason.UNKNOWN_CLIENT, "no client with SMSID " + smsId + " is known to the store"));
    }

    /** ", a child of site CEN" and so on, or nothing when the hierarchy cannot tell. */
    private static String relation(StoreTransaction tx, SiteCode site, SiteCode here) throws SQLException {
        Hierarchy h;
        try {
            h = Hierarchy.of(tx.topology().sites());
        } catch (RuntimeException e) {
            return ", not to site " + here;
        }
        if (!h.contains(site) || !h.contains(here)) {
            return ", not to site " + here;
        }
        int gap = Math.abs(h.depth(site) - h.depth(here));
        if (h.isUnder(site, here)) {
            return switch (gap) {
                case 1 -> ", a child of site " + here;
                case 2 -> ", a grandchild of site " + here;
                default -> ", below site " + here + " in the hierarchy";
            };
        }
        if (h.isUnder(here, site)) {
            return gap == 1 ? ", the parent of site " + here : ", above site " + here + " in the hierarchy";
        }
        return ", beside site " + here + " in the hierarchy (their common ancestor is "
                + h.lowestCommonAncestor(site, here) + ")";
    }
}
