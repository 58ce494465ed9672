package org.mifsync.cli.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import org.mifsync.model.DomainName;
import org.mifsync.resync.admin.SiteStatus;
import org.mifsync.resync.collect.Inbox;
import org.mifsync.resync.compare.Decision;
import org.mifsync.resync.files.Replicator;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.requests.PendingRequest;
import org.mifsync.resync.requests.Publisher;
import org.mifsync.resync.site.SiteCycle;
import org.mifsync.resync.site.SiteReplication;
import org.mifsync.resync.site.SiteService;
import org.mifsync.resync.store.Outcome;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * What {@code site run --http} knows about the running site: it hears the service (a {@link
 * SiteService.Listener}: decisions, each logon server's collect, cycles, publish and replication)
 * and counts into Prometheus metrics, keeps the last cycles for the status page and tells
 * readiness; at each scrape it reads the store and the inbox once ({@link SiteStatus}) for the
 * gauges that describe the site as it is (inbox, pending and stuck requests, quarantine, {@code
 * BADMIFS}, the store's size).
 *
 * <p>Thread-safe: the listener runs on the service's thread, the pages on the server's.
 */
final class SiteWatch implements SiteService.Listener {

    /** How many cycles the status page shows. */
    static final int CYCLES_KEPT = 20;

    /** Label value for a request whose client has no domain. */
    static final String NO_DOMAIN = "(none)";

    private final SiteStatus status;
    private final Clock clock;
    private final PrometheusRegistry registry = new PrometheusRegistry();

    private final Counter decided;
    private final Counter collectFiles;
    private final Counter collectProblems;
    private final Gauge logonServerUp;
    private final Counter cycles;
    private final Histogram cycleDuration;
    private final Gauge lastCycleSuccess;
    private final Counter requestsMade;
    private final Counter requestsPublished;
    private final Gauge requestsWaiting;
    private final Counter replications;
    private final Counter replicateFiles;
    private final Counter replicateProblems;

    /** The store's figures for the scrape under way; null when the store could not be read. */
    private volatile SiteStatus.Snapshot scraped;
    /** The inbox for the scrape under way, read without the store; null when it could not be listed. */
    private volatile Inbox.Waiting scrapedInbox;
    /** The files in BADMIFS for the scrape under way; -1 when the folder could not be listed. */
    private volatile int scrapedBadMifs = -1;

    private final Object lock = new Object();
    /** Guarded by {@link #lock}: newest first. */
    private final Deque<CycleLine> lastCycles = new ArrayDeque<>();
    /** Guarded by {@link #lock}. */
    private List<SiteCycle.LogonServerCollect> lastCollect = List.of();
    /** Guarded by {@link #lock}: files collected per logon server (domain|SERVER) since the start. */
    private final Map<String, Long> collectedSinceStart = new java.util.HashMap<>();
    /** Guarded by {@link #lock}: the newest cycle, listed or idle. */
    private Optional<CycleLine> newestCycle = Optional.empty();
    /** Guarded by {@link #lock}: why the last cycle failed, or empty after a cycle that did not. */
    private Optional<String> cycleFailure = Optional.of("no cycle has finished yet");
    /** Guarded by {@link #lock}. */
    private boolean stopped;

    /**
     * One cycle as the status page lists it.
     *
     * @param failure why it failed (a failure of the site), or empty
     */
    record CycleLine(long number, Instant started, Duration took, int collected, int loaded, int applied,
            Map<Outcome, Integer> refused, int bad, int requests, int published, int waiting,
            Optional<String> failure) {
    }

    SiteWatch(SiteStatus status, Clock clock) {
        this.status = status;
        this.clock = clock;
        decided = Counter.builder().name("mifsync_reports_decided_total")
                .help("Reports decided by the loader, by outcome (one per report in a file; a file set aside counts"
                        + " once as BAD_MIF)").labelNames("outcome").register(registry);
        collectFiles = Counter.builder().name("mifsync_collect_files_total")
                .help("Report files moved from a logon server's drop box into the site's inbox")
                .labelNames("domain", "logon_server").register(registry);
        collectProblems = Counter.builder().name("mifsync_collect_problems_total")
                .help("Files or folders a collect left alone on a logon server because something is wrong, and"
                        + " collects that could not reach its drop box").labelNames("domain", "logon_server")
                .register(registry);
        logonServerUp = Gauge.builder().name("mifsync_logon_server_up")
                .help("1 if the logon server's drop box could be listed in the last cycle, else 0")
                .labelNames("domain", "logon_server").register(registry);
        cycles = Counter.builder().name("mifsync_cycles_total")
                .help("Cycles (collect, load, publish) by result: ok, or failed (a failure of the site; retried)")
                .labelNames("result").register(registry);
        cycleDuration = Histogram.builder().name("mifsync_cycle_duration_seconds")
                .help("How long a cycle took").classicOnly()
                .classicUpperBounds(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300).register(registry);
        lastCycleSuccess = Gauge.builder().name("mifsync_last_cycle_success_timestamp_seconds")
                .help("When the last cycle without a failure of the site ended (Unix time)").register(registry);
        requestsMade = Counter.builder().name("mifsync_requests_made_total")
                .help("Resync request times the loader made (created or re-issued)").register(registry);
        requestsPublished = Counter.builder().name("mifsync_requests_published_total")
                .help("Requests the publisher admitted through the throttle into the domains' files")
                .register(registry);
        requestsWaiting = Gauge.builder().name("mifsync_requests_waiting_throttle")
                .help("Requests waiting for the publishing throttle after the last cycle").register(registry);
        replications = Counter.builder().name("mifsync_replications_total")
                .help("Replications of the masters to the logon servers, by result: ok, or failed (retried)")
                .labelNames("result").register(registry);
        replicateFiles = Counter.builder().name("mifsync_replicate_files_total")
                .help("Request files replicated to logon servers, by action: copied or removed")
                .labelNames("action").register(registry);
        replicateProblems = Counter.builder().name("mifsync_replicate_problems_total")
                .help("Logon-server files a replication could not write, and domains it could not replicate")
                .register(registry);
        for (String result : List.of("ok", "failed")) {
            cycles.labelValues(result);
            replications.labelValues(result);
        }
        replicateFiles.labelValues("copied");
        replicateFiles.labelValues("removed");

        fromStore("mifsync_store_up", "1 if the store answered the last scrape's queries, else 0",
                s -> s == null ? 0 : 1);
        // the inbox and BADMIFS are read without the store: they matter most when it is down
        fromFiles("mifsync_inbox_reports", "Report files waiting in the site's inbox (SITE.SRV/INVENTRY.BOX)",
                () -> scrapedInbox == null ? null : scrapedInbox.reports());
        fromFiles("mifsync_inbox_oldest_report_age_seconds", "Age of the oldest report file waiting in the inbox;"
                + " 0 when none waits", () -> {
                    Inbox.Waiting w = scrapedInbox;
                    return w == null ? null : w.oldest().map(t -> Math.max(0, Duration.between(t, clock.instant())
                            .toMillis()) / 1000.0).orElse(0.0);
                });
        fromFiles("mifsync_badmifs_files", "Files set aside in INVENTRY.BOX/BADMIFS",
                () -> scrapedBadMifs < 0 ? null : scrapedBadMifs);
        fromStore("mifsync_requests_stuck", "Pending requests re-issued more often than the stuck threshold",
                s -> s == null ? null : s.stuck().size());
        fromStore("mifsync_clients_quarantined", "Clients quarantined (a duplicate SMSID)",
                s -> s == null ? null : s.quarantinedCount());
        fromStore("mifsync_store_size_bytes", "Space the store takes (the SQLite file's pages, or the PostgreSQL"
                + " database)", s -> s == null ? null : s.storeBytes());
        GaugeWithCallback.builder().name("mifsync_requests_pending")
                .help("Pending resync requests (requested or published, not yet answered), by reason and domain")
                .labelNames("reason", "domain").callback(cb -> {
                    SiteStatus.Snapshot s = scraped;
                    if (s != null) {
                        pendingByReasonAndDomain(s.pending()).forEach((key, n) -> cb.call(n, key.get(0), key.get(1)));
                    }
                }).register(registry);
    }

    private void fromFiles(String name, String help, java.util.function.Supplier<Number> value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> {
            Number v = value.get();
            if (v != null) {
                cb.call(v.doubleValue());
            }
        }).register(registry);
    }

    private void fromStore(String name, String help, Function<SiteStatus.Snapshot, Number> value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> {
            Number v = value.apply(scraped);
            if (v != null) {
                cb.call(v.doubleValue());
            }
        }).register(registry);
    }

    /** Pending requests counted by (reason, domain), in a stable order. */
    static Map<List<String>, Integer> pendingByReasonAndDomain(List<PendingRequest> pending) {
        Map<List<String>, Integer> counts = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0))
                ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0)));
        for (PendingRequest p : pending) {
            counts.merge(List.of(p.reason().name(), p.domain().map(DomainName::toString).orElse(NO_DOMAIN)), 1,
                    Integer::sum);
        }
        return counts;
    }

    /**
     * Reads the store once and returns every metric. Scrapes are serialized: the gauges read the
     * snapshot this scrape took.
     */
    synchronized MetricSnapshots scrape() {
        try {
            scrapedInbox = status.inbox();
        } catch (RuntimeException e) {
            scrapedInbox = null;
        }
        try {
            scrapedBadMifs = status.badMifs();
        } catch (RuntimeException e) {
            scrapedBadMifs = -1;
        }
        SiteStatus.Snapshot s;
        try {
            s = status.snapshot();
        } catch (RuntimeException e) {
            // the store or the inbox cannot be read: mifsync_store_up says so, the counters still count
            s = null;
        }
        scraped = s;
        try {
            return registry.scrape();
        } finally {
            scraped = null;
            scrapedInbox = null;
            scrapedBadMifs = -1;
        }
    }

    SiteStatus status() {
        return status;
    }

    Clock clock() {
        return clock;
    }

    /** Whether the site is ready: the store answers and the last cycle had no failure of the site. */
    Optional<String> notReady() {
        synchronized (lock) {
            if (stopped) {
                return Optional.of("the service has stopped");
            }
            if (cycleFailure.isPresent()) {
                return Optional.of("last cycle: " + cycleFailure.get());
            }
        }
        return status.storeProblem().map(p -> "store: " + p);
    }

    List<CycleLine> lastCycles() {
        synchronized (lock) {
            return List.copyOf(lastCycles);
        }
    }

    /** The newest cycle, also an idle one. */
    Optional<CycleLine> newestCycle() {
        synchronized (lock) {
            return newestCycle;
        }
    }

    /** Files collected from a logon server since the start ({@link #serverKey}). */
    long collectedSinceStart(String serverKey) {
        synchronized (lock) {
            return collectedSinceStart.getOrDefault(serverKey, 0L);
        }
    }

    /** A logon server's key: its domain and name, folded. */
    static String serverKey(SiteCycle.LogonServerCollect c) {
        return serverKey(c.domain(), c.logonServer().name().toString());
    }

    static String serverKey(DomainName domain, String server) {
        return domain.folded() + "|" + server.toUpperCase(java.util.Locale.ROOT);
    }

    List<SiteCycle.LogonServerCollect> lastCollect() {
        synchronized (lock) {
            return lastCollect;
        }
    }

    // ------------------------------------------------------------------------------- the listener

    @Override
    public void fileLoaded(Loader.FileDecision file) {
        if (file.decisions().isEmpty()) {
            decided.labelValues(file.outcome().name()).inc();
            return;
        }
        for (Decision d : file.decisions()) {
            decided.labelValues(d.outcome().name()).inc();
        }
    }

    @Override
    public void cycleDone(SiteService.Cycle cycle) {
        SiteCycle.Report r = cycle.report();
        for (SiteCycle.LogonServerCollect c : r.byLogonServer()) {
            String domain = c.domain().toString();
            String server = c.logonServer().name().toString();
            collectFiles.labelValues(domain, server).inc(c.moved());
            collectProblems.labelValues(domain, server).inc(c.problems());
            logonServerUp.labelValues(domain, server).set(c.answered() ? 1 : 0);
        }
        int published = r.published().stream().mapToInt(p -> p.admitted().size()).sum();
        requestsMade.inc(r.loaded().requestsMade());
        requestsPublished.inc(published);
        requestsWaiting.set(r.published().stream().mapToInt(Publisher.Report::waiting).sum());
        cycleDuration.observe(cycle.took().toNanos() / 1e9);
        Optional<String> failure = cycle.siteFailure();
        if (failure.isEmpty()) {
            cycles.labelValues("ok").inc();
            lastCycleSuccess.set(cycle.started().plus(cycle.took()).toEpochMilli() / 1000.0);
        }
        // a failed cycle is counted by failed(), which follows
        CycleLine line = new CycleLine(cycle.number(), cycle.started(), cycle.took(), r.collected().moved().size(),
                r.loaded().files().size(), r.loaded().applied().values().stream().mapToInt(Integer::intValue).sum(),
                r.loaded().refusedByReason(), r.loaded().badFiles(), r.loaded().requestsMade(), published,
                cycle.waiting(), failure);
        synchronized (lock) {
            newestCycle = Optional.of(line);
            // idle cycles (every collect-interval) would push the ones that did something off the page
            if (!cycle.idle() || failure.isPresent()) {
                lastCycles.addFirst(line);
                while (lastCycles.size() > CYCLES_KEPT) {
                    lastCycles.removeLast();
                }
            }
            lastCollect = r.byLogonServer();
            for (SiteCycle.LogonServerCollect c : lastCollect) {
                collectedSinceStart.merge(serverKey(c), (long) c.moved(), Long::sum);
            }
            cycleFailure = failure;
        }
    }

    @Override
    public void replicated(SiteReplication.Report result) {
        int copied = 0;
        int removed = 0;
        int problems = result.failures().size();
        for (Replicator.Report r : result.reports().values()) {
            copied += r.copied().size();
            removed += r.removed().size();
            problems += r.problems().size();
        }
        replications.labelValues("ok").inc();
        replicateFiles.labelValues("copied").inc(copied);
        replicateFiles.labelValues("removed").inc(removed);
        replicateProblems.inc(problems);
    }

    @Override
    public void failed(SiteService.Failure failure) {
        if (failure.activity() == SiteService.Activity.REPLICATION) {
            replications.labelValues("failed").inc();
            return;
        }
        cycles.labelValues("failed").inc();
        synchronized (lock) {
            cycleFailure = Optional.of(failure.message());
        }
    }

    @Override
    public void stopped() {
        synchronized (lock) {
            stopped = true;
        }
    }

    /** The outcomes that apply a report; every other outcome is a refusal or a file set aside. */
    static boolean applies(Outcome o) {
        return o == Outcome.APPLIED_FULL || o == Outcome.APPLIED_RESYNC || o == Outcome.APPLIED_DELTA;
    }

    /** Unused outcomes are still listed by the chart's legend in this order. */
    static List<Outcome> outcomeOrder() {
        List<Outcome> order = new ArrayList<>(List.of(Outcome.values()));
        order.sort((a, b) -> Boolean.compare(!applies(a), !applies(b)));
        return order;
    }
}
