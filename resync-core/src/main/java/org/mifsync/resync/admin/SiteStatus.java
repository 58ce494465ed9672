package org.mifsync.resync.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.mifsync.model.Hierarchy;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;
import org.mifsync.resync.collect.Inbox;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.requests.DumpSync;
import org.mifsync.resync.requests.PendingRequest;
import org.mifsync.resync.requests.Publisher;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.StoreAdmin;

/**
 * What an operator watches a running site by, read without changing anything: the hierarchy, the
 * inbox's depth and its oldest report, the files set aside in {@code BADMIFS}, the pending resync
 * requests (as {@code dumpsync --all} lists them) and the stuck ones ({@code dumpsync --stuck}),
 * the quarantined clients, the outcomes of the load log over time, the store's size, and one
 * client as {@code client show} shows it. {@code site run --http} serves its metrics and status
 * page from it.
 *
 * <pre>{@code
 * SiteStatus status = SiteStatus.of(root, store, clock);
 * SiteStatus.Snapshot now = status.snapshot();
 * if (now.inbox().oldest().isPresent()) { ... }
 * }</pre>
 *
 * <p>Thread-safe: every method reads the store in a transaction of its own, and the directories
 * without a lock. Nothing here writes to the store or to a directory.
 *
 * @since 0.1
 */
public final class SiteStatus {

    /** How many quarantined clients a snapshot lists (it counts them all). */
    public static final int QUARANTINE_LIST_LIMIT = 200;

    private final Path root;
    private final InventoryStore store;
    private final Clock clock;
    private final Optional<SiteCode> site;

    private SiteStatus(Path root, InventoryStore store, Clock clock, Optional<SiteCode> site) {
        this.root = Objects.requireNonNull(root, "root");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.site = Objects.requireNonNull(site, "site");
    }

    /**
     * Returns the status of the central site.
     *
     * @param root the central site's root (holding {@code SITE.SRV})
     * @param store the hierarchy's store; the caller closes it
     * @param clock the clock ages are measured with
     * @return the status
     */
    public static SiteStatus of(Path root, InventoryStore store, Clock clock) {
        return new SiteStatus(root, store, clock, Optional.empty());
    }

    /**
     * Returns the status of a site, a client search acting as that site (as {@code client show
     * --site}).
     *
     * @param root the central site's root (holding {@code SITE.SRV})
     * @param store the hierarchy's store; the caller closes it
     * @param clock the clock ages are measured with
     * @param site the site a client search acts as
     * @return the status
     */
    public static SiteStatus of(Path root, InventoryStore store, Clock clock, SiteCode site) {
        return new SiteStatus(root, store, clock, Optional.of(Objects.requireNonNull(site, "site")));
    }

    /**
     * The site at one moment.
     *
     * <p>Immutable and thread-safe.
     *
     * @param at when it was taken
     * @param sites the hierarchy's sites, the central site first
     * @param domains the domains with their logon servers
     * @param inbox the reports waiting in the central inbox
     * @param badMifs the files set aside in {@code BADMIFS}
     * @param pending every pending resync request, by owning site, domain and client
     * @param stuck the pending requests re-issued more often than the stuck threshold, most first
     * @param quarantinedCount how many clients are quarantined
     * @param quarantined the first {@link #QUARANTINE_LIST_LIMIT} of them, longest quarantined first
     * @param storeBytes the store's size
     * @param settings the settings in the store
     * @since 0.1
     */
    public record Snapshot(Instant at, List<Site> sites, List<SmsDomain> domains, Inbox.Waiting inbox, int badMifs,
            List<PendingRequest> pending, List<PendingRequest> stuck, int quarantinedCount,
            List<StoreAdmin.Quarantined> quarantined, long storeBytes, SiteSettings settings) {
        /**
         * Copies the lists.
         *
         * @param at when
         * @param sites the sites
         * @param domains the domains
         * @param inbox the inbox
         * @param badMifs files in BADMIFS
         * @param pending pending requests
         * @param stuck stuck requests
         * @param quarantinedCount quarantined clients
         * @param quarantined some of them
         * @param storeBytes the store's size
         * @param settings the settings
         */
        public Snapshot {
            Objects.requireNonNull(at, "at");
            sites = List.copyOf(sites);
            domains = List.copyOf(domains);
            Objects.requireNonNull(inbox, "inbox");
            pending = List.copyOf(pending);
            stuck = List.copyOf(stuck);
            quarantined = List.copyOf(quarantined);
            Objects.requireNonNull(settings, "settings");
        }
    }

    /**
     * Reads the site now.
     *
     * @return the snapshot
     * @throws org.mifsync.resync.store.StoreException if the store cannot be read
     * @throws UncheckedIOException if the inbox or {@code BADMIFS} cannot be listed
     */
    public Snapshot snapshot() {
        Instant at = clock.instant();
        SiteSettings settings = store.settings();
        record Read(List<Site> sites, List<SmsDomain> domains, int quarantinedCount,
                List<StoreAdmin.Quarantined> quarantined, long bytes) {
        }
        Read read = store.inTransaction(tx -> {
            StoreAdmin admin = tx.admin();
            return new Read(tx.topology().sites(), tx.topology().domains(), admin.quarantinedCount(),
                    admin.quarantinedClients(QUARANTINE_LIST_LIMIT), admin.sizeBytes());
        });
        List<Site> sites = centralFirst(read.sites());
        List<PendingRequest> pending = List.of();
        List<PendingRequest> stuck = List.of();
        if (!sites.isEmpty()) {
            DumpSync dumpsync = DumpSync.of(Publisher.builder(store, SiteLayout.of(root, sites.get(0).code()))
                    .settings(settings).clock(clock).build());
            pending = dumpsync.all();
            stuck = dumpsync.stuck();
        }
        return new Snapshot(at, sites, read.domains(), inbox(), badMifs(), pending, stuck, read.quarantinedCount(),
                read.quarantined(), read.bytes(), settings);
    }

    /**
     * Reads the central inbox alone, without the store: what waits there matters most when the store
     * is down.
     *
     * @return the reports waiting
     * @throws UncheckedIOException if the inbox cannot be listed
     */
    public Inbox.Waiting inbox() {
        Path inbox = inboxDir();
        try {
            return Inbox.of(inbox).waiting();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + inbox + ": " + e.getMessage(), e);
        }
    }

    /**
     * Counts the files set aside in {@code BADMIFS}, without the store.
     *
     * @return the count
     * @throws UncheckedIOException if the folder cannot be listed
     */
    public int badMifs() {
        BadMifs bad = BadMifs.in(inboxDir());
        try {
            return bad.list().size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + bad.dir() + ": " + e.getMessage(), e);
        }
    }

    private Path inboxDir() {
        return root.resolve(SiteLayout.SITE_SRV).resolve(SiteLayout.INVENTRY_BOX);
    }

    /**
     * Counts the load log's outcomes over a past window, in slices.
     *
     * @param window how far back, e.g. a day
     * @param slice the length of a slice, e.g. an hour
     * @return the counts by slice start and outcome; the first slice starts {@code window} before now
     */
    public List<StoreAdmin.OutcomeCount> outcomes(Duration window, Duration slice) {
        Instant since = clock.instant().minus(window);
        return store.inTransaction(tx -> tx.admin().outcomesSince(since, slice));
    }

    /**
     * Tells whether the store answers a query now.
     *
     * @return empty if it does, else why not
     */
    public Optional<String> storeProblem() {
        try {
            store.inTransaction(tx -> tx.topology().sites());
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * Returns what the store holds for a client, as {@code client show} shows it.
     *
     * @param client a NetBIOS name or SMSID
     * @param recentLoadLog how many of the newest load-log rows to include
     * @return the view
     * @throws AdminException if the client is unknown, ambiguous or not visible from the acting site
     */
    public ClientView client(String client, int recentLoadLog) {
        ClientAdmin.Builder builder = ClientAdmin.builder(store).clock(clock).settings(store.settings())
                .actor("mifsync site run (status page)");
        Optional<SiteCode> acting = site.isPresent() ? site : centralFirst(store.inTransaction(tx -> tx.topology().sites()))
                .stream().findFirst().map(Site::code);
        acting.ifPresent(builder::actingSite);
        return builder.build().show(client, recentLoadLog);
    }

    private static List<Site> centralFirst(List<Site> sites) {
        if (sites.isEmpty()) {
            return sites;
        }
        Hierarchy hierarchy = Hierarchy.of(sites);
        SiteCode central = hierarchy.root();
        List<Site> ordered = new java.util.ArrayList<>();
        sites.stream().filter(s -> s.code().equals(central)).forEach(ordered::add);
        for (SiteCode code : hierarchy.descendants(central)) {
            sites.stream().filter(s -> s.code().equals(code)).forEach(ordered::add);
        }
        return ordered;
    }
}
