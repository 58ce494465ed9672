package org.mifsync.resync.requests;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.DomainName;
import org.mifsync.model.RequestState;
import org.mifsync.model.SiteCode;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.store.RequestLifecycle;
import org.mifsync.resync.store.StoredRequest;
import org.mifsync.resync.store.TrackedRequest;

/**
 * The logic of {@code dumpsync}: age out a domain's old requests (state expired, their files
 * rewritten so that their {@code <SMSID>.CFG} is deleted), dump a domain's {@code RESYNC.CFG}, and,
 * beyond SMS, list pending requests across the whole hierarchy with their owning site and the
 * requests re-issued too often without an answer.
 *
 * <pre>{@code
 * DumpSync dumpsync = DumpSync.of(publisher);
 * Publisher.Report aged = dumpsync.ageOut(DomainName.of("SALES"), Duration.ofDays(14), "dumpsync");
 * ResyncCfg.Contents file = dumpsync.dump(DomainName.of("SALES"));
 * }</pre>
 *
 * <p>Thread-safe: it works through the publisher, whose database locks serialise it with every
 * other publisher of the domain. All times come from the publisher's clock.
 *
 * @since 0.1
 */
public final class DumpSync {

    /** The order of {@link #all()}: owning site, domain, SMSID, kind. */
    static final Comparator<PendingRequest> LISTING_ORDER = Comparator
            .comparing((PendingRequest p) -> p.site().map(SiteCode::value).orElse("~"))
            .thenComparing(p -> p.domain().map(DomainName::folded).orElse("~"))
            .thenComparing(PendingRequest::smsId).thenComparing(PendingRequest::kind);

    private final Publisher publisher;

    private DumpSync(Publisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Returns the dumpsync logic of a publisher's site.
     *
     * @param publisher the publisher (store, site, settings, clock)
     * @return the logic
     */
    public static DumpSync of(Publisher publisher) {
        return new DumpSync(Objects.requireNonNull(publisher, "publisher"));
    }

    /**
     * Ages out every pending request of a domain whose request time is more than {@code olderThan}
     * before now: each becomes expired (recorded with who and when), and the domain's files are
     * rewritten without them, their {@code <SMSID>.CFG} deleted where the client has nothing else
     * pending. Nothing new is admitted: requests younger than the cutoff stay as they are.
     *
     * @param domain the domain, one of this site's
     * @param olderThan the age, e.g. {@code Duration.ofDays(14)}; zero ages out everything made
     *     before now
     * @param actor who ages them out, for the audit trail
     * @return what changed; {@link Publisher.Report#ended()} lists the expired requests
     * @throws IllegalArgumentException if the age is negative
     * @throws RequestRefusedException if the domain is unknown or another site's
     * @throws IOException if a file cannot be written (the requests then stay pending)
     */
    public Publisher.Report ageOut(DomainName domain, Duration olderThan, String actor) throws IOException {
        Objects.requireNonNull(olderThan, "age");
        Objects.requireNonNull(actor, "actor");
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("age must not be negative, found " + olderThan);
        }
        DomainName own = publisher.requireOwnDomain(domain);
        return publisher.project(own, Publisher.Admission.NONE, (tx, ledger, now) -> {
            Instant cutoff = now.minus(olderThan);
            List<ResyncEntry> ended = new ArrayList<>();
            RequestLifecycle lifecycle = RequestLifecycle.of(tx, RequestLifecycle.Reissue.of(publisher.settings()));
            for (TrackedRequest r : ledger.requests(List.of(RequestState.REQUESTED, RequestState.PUBLISHED))) {
                StoredRequest s = r.stored();
                if (!r.inDomain(own) || !s.request().requestTime().isBefore(cutoff)) {
                    continue;
                }
                lifecycle.expire(s, new RequestLifecycle.Audit(Optional.of(publisher.site()), Optional.of(own), actor,
                        "older than " + olderThan.toDays() + " day(s): made before " + cutoff), now);
                ended.add(new ResyncEntry(s.request().client(), s.request().kind(), s.request().requestTime(),
                        s.request().reason()));
            }
            return ended;
        });
    }

    /**
     * Reads a domain's master {@code RESYNC.CFG} as it is on disk ({@code dumpsync /Dump}), damaged
     * records reported with their record numbers.
     *
     * @param domain the domain, one of this site's
     * @return the records and any damage
     * @throws RequestRefusedException if the domain is unknown or another site's, or its file was
     *     never published ({@link RequestRefusedException.Reason#NOTHING_PUBLISHED})
     * @throws IOException if the file cannot be read
     */
    public ResyncCfg.Contents dump(DomainName domain) throws IOException {
        DomainName own = publisher.requireOwnDomain(domain);
        ResyncCfg cfg = publisher.layout().resyncCfg(own);
        try {
            return cfg.read();
        } catch (NoSuchFileException e) {
            throw RequestRefusedException.of(RequestRefusedException.Reason.NOTHING_PUBLISHED, "domain " + own
                    + " has no " + ResyncCfg.FILE_NAME + " yet (" + cfg.file() + "): nothing was published there");
        }
    }

    /**
     * Lists every pending request of the whole hierarchy, whatever site owns it, by owning site,
     * domain, SMSID and kind.
     *
     * @return the requests
     */
    public List<PendingRequest> all() {
        return publisher.store().inTransaction(tx -> {
            Owners owners = Owners.of(tx);
            List<PendingRequest> found = new ArrayList<>();
            for (TrackedRequest r : tx.requestLedger()
                    .requests(List.of(RequestState.REQUESTED, RequestState.PUBLISHED))) {
                StoredRequest s = r.stored();
                found.add(new PendingRequest(s.request().client(), r.clientName(), s.request().kind(),
                        s.request().requestTime(), s.request().reason(), s.request().state(),
                        owners.owner(s.request().client(), r.clientSite(), r.clientDomain()), r.clientDomain(),
                        s.request().requestedBy(), s.issueCount(), s.request().refusalsSince(), s.firstRequestedAt(),
                        s.publishedAt()));
            }
            found.sort(LISTING_ORDER);
            return found;
        });
    }

    /**
     * Lists the pending requests re-issued more often than the site's stuck threshold ({@link
     * org.mifsync.resync.settings.SiteSettings#stuckThreshold()}, default 3): a sign of a duplicate SMSID
     * or an agent that ignores resyncs.
     *
     * @return the requests, most re-issued first
     */
    public List<PendingRequest> stuck() {
        return stuck(publisher.settings().stuckThreshold());
    }

    /**
     * Lists the pending requests re-issued more than {@code threshold} times.
     *
     * @param threshold the number of re-issues allowed, 0 or more
     * @return the requests, most re-issued first, then as {@link #all()}
     * @throws IllegalArgumentException if the threshold is negative
     */
    public List<PendingRequest> stuck(int threshold) {
        if (threshold < 0) {
            throw new IllegalArgumentException("stuck threshold must be 0 or more, found " + threshold);
        }
        List<PendingRequest> found = new ArrayList<>();
        for (PendingRequest p : all()) {
            if (p.reissues() > threshold) {
                found.add(p);
            }
        }
        found.sort(Comparator.comparingInt(PendingRequest::reissues).reversed().thenComparing(LISTING_ORDER));
        return found;
    }
}
