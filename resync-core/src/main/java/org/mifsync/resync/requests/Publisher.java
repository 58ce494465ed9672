package org.mifsync.resync.requests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.mifsync.model.DomainName;
import org.mifsync.model.RequestState;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;
import org.mifsync.model.SmsId;
import org.mifsync.resync.files.ClientCfg;
import org.mifsync.resync.files.FileProblems;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.RequestEvent;
import org.mifsync.resync.store.RequestLedger;
import org.mifsync.resync.store.RequestLifecycle;
import org.mifsync.resync.store.StoreTransaction;
import org.mifsync.resync.store.StoredRequest;
import org.mifsync.resync.store.TrackedRequest;

/**
 * Projects the store's resync requests into a domain's files: {@code RESYNC.CFG} and the clients'
 * {@code <SMSID>.CFG} in the domain's master folder ({@code SITE.SRV/MAINCFG.BOX/INVDOM.BOX/<DOMAIN>.000}).
 * The store is the source of truth; each publish rewrites the files to hold exactly the domain's
 * published requests, so files that were damaged, edited by hand or left behind by a crash are
 * put right by the next one.
 *
 * <p>A publish has two steps, each one transaction:
 * <ol>
 *   <li><b>Admission</b> under the site's throttle lock: requested requests become published, at
 *       most {@link SiteSettings#publishLimit()} per {@link SiteSettings#publishInterval()} for the
 *       whole site (counted from the store's audit trail, so it holds across runs and processes),
 *       {@code FORCED} first, then oldest request time first; the rest wait in the store.</li>
 *   <li><b>Projection</b> under the domain's lock (one publisher per domain at a time: {@code BEGIN
 *       IMMEDIATE} on SQLite, an advisory lock on PostgreSQL): the files are rewritten (RESYNC.CFG
 *       atomically, each changed .CFG atomically, .CFG files of clients with nothing pending
 *       deleted) and requests that ended (acknowledged, expired, cancelled) are recorded as removed
 *       from the files.</li>
 * </ol>
 * A GUID-form SMSID (SMS 2.0) has no place in {@code RESYNC.CFG}; its requests go to its {@code .CFG}
 * only. A publisher publishes the domains of its own site only.
 *
 * <pre>{@code
 * Publisher publisher = Publisher.builder(store, SiteLayout.of(root, SiteCode.of("CEN")))
 *         .build();   // with the settings site init stored: store.settings()
 * Publisher.Report report = publisher.publish(DomainName.of("SALES"));
 * }</pre>
 *
 * <p>Thread-safe: any number of threads and processes may publish at once; the database locks
 * serialise what must be serialised. Holds no resources of its own (the caller closes the store).
 *
 * @since 0.1
 */
public final class Publisher {

    /** Admission order: FORCED first, then the oldest request time, then the oldest row. */
    static final Comparator<TrackedRequest> ADMISSION_ORDER = Comparator
            .comparing((TrackedRequest r) -> r.stored().request().reason() != ResyncReason.FORCED)
            .thenComparing(r -> r.stored().request().requestTime())
            .thenComparingLong(r -> r.stored().id());

    private static final List<RequestState> PUBLISHED = List.of(RequestState.PUBLISHED);
    private static final List<RequestState> REQUESTED = List.of(RequestState.REQUESTED);

    private final InventoryStore store;
    private final SiteLayout layout;
    private final SiteSettings settings;
    private final Clock clock;
    private final RequestListener listener;
    private final String actor;

    private Publisher(Builder b) {
        this.store = b.store;
        this.layout = b.layout;
        this.settings = b.settings != null ? b.settings : b.store.settings();
        this.clock = b.clock;
        this.listener = b.listener;
        this.actor = b.actor;
    }

    /**
     * Starts a publisher for one site.
     *
     * @param store the store
     * @param layout the site's layout: its root and code; domain folders are made under it
     * @return the builder, with the store's clock, the settings stored for the site ({@link
     *     InventoryStore#settings()}), no listener and the actor {@code publisher}
     */
    public static Builder builder(InventoryStore store, SiteLayout layout) {
        return new Builder(store, layout);
    }

    /**
     * Builds a {@link Publisher}.
     *
     * <p>Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final InventoryStore store;
        private final SiteLayout layout;
        private SiteSettings settings; // null: the store's, read when built
        private Clock clock;
        private RequestListener listener = RequestListener.NONE;
        private String actor = "publisher";

        private Builder(InventoryStore store, SiteLayout layout) {
            this.store = Objects.requireNonNull(store, "store");
            this.layout = Objects.requireNonNull(layout, "layout");
            this.clock = store.clock();
        }

        /**
         * Sets the site's settings (the throttle, the re-issue timeout, the stuck threshold).
         *
         * @param value the settings (default: {@link InventoryStore#settings() the ones stored for the site})
         * @return this builder
         */
        public Builder settings(SiteSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            return this;
        }

        /**
         * Sets the clock every time and the throttle are measured with.
         *
         * @param value the clock (default: the store's)
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Sets who hears progress.
         *
         * @param value the listener
         * @return this builder
         */
        public Builder listener(RequestListener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Sets who the audit trail records as publishing.
         *
         * @param value e.g. {@code publisher} or {@code site run}
         * @return this builder
         */
        public Builder actor(String value) {
            this.actor = Objects.requireNonNull(value, "actor");
            return this;
        }

        /**
         * Builds the publisher.
         *
         * @return the publisher
         */
        public Publisher build() {
            return new Publisher(this);
        }
    }

    /**
     * Returns the site this publisher publishes for.
     *
     * @return the site code
     */
    public SiteCode site() {
        return layout.site();
    }

    /**
     * Returns the site's layout.
     *
     * @return the layout
     */
    public SiteLayout layout() {
        return layout;
    }

    /**
     * Returns the settings.
     *
     * @return the settings
     */
    public SiteSettings settings() {
        return settings;
    }

    /**
     * Returns the clock.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    InventoryStore store() {
        return store;
    }

    String actor() {
        return actor;
    }

    /**
     * Returns the domains of this publisher's site, as the store describes them, by name.
     *
     * @return the domains
     */
    public List<DomainName> domains() {
        return store.inTransaction(tx -> {
            List<DomainName> mine = new ArrayList<>();
            for (SmsDomain d : tx.topology().domains()) {
                if (d.site().equals(layout.site())) {
                    mine.add(d.name());
                }
            }
            return mine;
        });
    }

    /**
     * Publishes one domain: admits its waiting requests within the throttle, then rewrites its files.
     *
     * @param domain the domain
     * @return what changed
     * @throws RequestRefusedException if the domain is not described for any site
     *     ({@link RequestRefusedException.Reason#UNKNOWN_DOMAIN}) or belongs to another site
     *     ({@link RequestRefusedException.Reason#OTHER_SITE})
     * @throws IOException if a file cannot be written; the store then keeps its state and the next
     *     publish writes the files again
     * @throws org.mifsync.resync.store.StoreException if the store fails
     */
    public Report publish(DomainName domain) throws IOException {
        DomainName own = requireOwnDomain(domain);
        Admission admission = admit(List.of(own));
        return project(own, admission, NO_STEP);
    }

    /**
     * Publishes every domain of the site: admits waiting requests site-wide within the throttle
     * (FORCED first, then oldest first, whatever their domain), then rewrites each domain's files.
     *
     * @return what changed, one report per domain, by domain name
     * @throws IOException if a file cannot be written (the domains before it are published)
     * @throws org.mifsync.resync.store.StoreException if the store fails
     */
    public List<Report> publishAll() throws IOException {
        List<DomainName> domains = domains();
        listener.domainsStarting(domains.size());
        Admission admission = admit(domains);
        List<Report> reports = new ArrayList<>();
        for (DomainName domain : domains) {
            reports.add(project(domain, admission, NO_STEP));
        }
        return reports;
    }

    /**
     * Rewrites a domain's files from the store without admitting anything new: what {@code
     * dumpsync} and {@code invsync --cancel} do after ending requests.
     *
     * @param domain the domain
     * @return what changed
     * @throws RequestRefusedException as {@link #publish}
     * @throws IOException if a file cannot be written
     */
    public Report refresh(DomainName domain) throws IOException {
        return project(requireOwnDomain(domain), Admission.NONE, NO_STEP);
    }

    // ------------------------------------------------------------------------------- domains

    /** The domain as the store spells it, if it belongs to this site; refused otherwise. */
    DomainName requireOwnDomain(DomainName domain) {
        Objects.requireNonNull(domain, "domain");
        return store.inTransaction(tx -> ownDomain(tx, domain));
    }

    DomainName ownDomain(StoreTransaction tx, DomainName domain) throws SQLException {
        for (SmsDomain d : tx.topology().domains()) {
            if (d.name().equals(domain)) {
                if (!d.site().equals(layout.site())) {
                    throw new RequestRefusedException(RequestRefusedException.Reason.OTHER_SITE, "domain "
                            + d.name() + " belongs to site " + d.site() + ", not to site " + layout.site(),
                            d.site(), List.of());
                }
                return d.name();
            }
        }
        throw RequestRefusedException.of(RequestRefusedException.Reason.UNKNOWN_DOMAIN, "domain " + domain
                + " is not described for any site of the store");
    }

    // ------------------------------------------------------------------------------- admission

    /** What the admission step let through, per folded domain name. */
    record Admission(Map<String, List<ResyncEntry>> admitted, Optional<Instant> nextSlot) {
        static final Admission NONE = new Admission(Map.of(), Optional.empty());

        List<ResyncEntry> of(DomainName domain) {
            return admitted.getOrDefault(domain.folded(), List.of());
        }
    }

    private Admission admit(List<DomainName> domains) {
        Set<String> wanted = new HashSet<>();
        for (DomainName d : domains) {
            wanted.add(d.folded());
        }
        return store.inTransaction(tx -> {
            RequestLedger ledger = tx.requestLedger();
            ledger.lockAdmission(layout.site());
            Instant now = clock.instant();
            Instant windowStart = now.minus(settings.publishInterval());
            List<Instant> spent = new ArrayList<>(ledger.eventTimes(RequestEvent.Type.PUBLISHED, layout.site(),
                    windowStart));
            List<TrackedRequest> waiting = new ArrayList<>();
            for (TrackedRequest r : ledger.requests(REQUESTED)) {
                if (r.clientDomain().isPresent() && wanted.contains(r.clientDomain().get().folded())) {
                    waiting.add(r);
                }
            }
            waiting.sort(ADMISSION_ORDER);
            int budget = Math.max(0, settings.publishLimit() - spent.size());
            Map<String, List<ResyncEntry>> admitted = new HashMap<>();
            int count = Math.min(budget, waiting.size());
            RequestLifecycle lifecycle = RequestLifecycle.of(tx, RequestLifecycle.Reissue.of(settings));
            for (int i = 0; i < count; i++) {
                TrackedRequest r = waiting.get(i);
                StoredRequest p = r.stored();
                lifecycle.publish(p, now);
                DomainName domain = r.clientDomain().get();
                ledger.record(new RequestEvent(p.id(), p.request().client(), p.request().kind(),
                        p.request().requestTime(), RequestEvent.Type.PUBLISHED, Optional.of(layout.site()),
                        Optional.of(domain), actor, "admitted through the throttle (" + (spent.size() + 1) + " of "
                        + settings.publishLimit() + " per " + settings.publishInterval() + ")", now));
                spent.add(now);
                admitted.computeIfAbsent(domain.folded(), k -> new ArrayList<>()).add(entry(p));
            }
            Optional<Instant> nextSlot = Optional.empty();
            if (waiting.size() > count) {
                // a slot frees when enough admissions leave the interval for the count to drop below the limit
                spent.sort(Comparator.naturalOrder());
                int leave = spent.size() - settings.publishLimit();
                nextSlot = Optional.of(spent.get(Math.max(0, leave)).plus(settings.publishInterval()));
            }
            return new Admission(admitted, nextSlot);
        });
    }

    private static ResyncEntry entry(StoredRequest r) {
        return new ResyncEntry(r.request().client(), r.request().kind(), r.request().requestTime(),
                r.request().reason());
    }

    // ------------------------------------------------------------------------------- projection

    /** Work done under the domain's lock before the files are written: ends requests, returns them. */
    @FunctionalInterface
    interface Step {
        List<ResyncEntry> run(StoreTransaction tx, RequestLedger ledger, Instant now) throws SQLException;
    }

    static final Step NO_STEP = (tx, ledger, now) -> List.of();

    /** Runs a step and rewrites the domain's files, all under the domain's lock. */
    Report project(DomainName domain, Admission admission, Step step) throws IOException {
        Report done;
        try {
            done = store.inTransaction(tx -> {
                RequestLedger ledger = tx.requestLedger();
                ledger.lockDomain(domain);
                Instant now = clock.instant();
                List<ResyncEntry> ended = step.run(tx, ledger, now);
                List<ResyncEntry> entries = new ArrayList<>();
                for (TrackedRequest r : ledger.requests(PUBLISHED)) {
                    if (r.inDomain(domain)) {
                        entries.add(entry(r.stored()));
                    }
                }
                int waiting = 0;
                for (TrackedRequest r : ledger.requests(REQUESTED)) {
                    if (r.inDomain(domain)) {
                        waiting++;
                    }
                }
                FileChanges files;
                try {
                    files = writeFiles(domain, entries);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                int removals = 0;
                for (TrackedRequest r : ledger.awaitingRemoval()) {
                    if (r.inDomain(domain)) {
                        StoredRequest s = r.stored();
                        ledger.markRemoved(s.id(), now);
                        ledger.record(new RequestEvent(s.id(), s.request().client(), s.request().kind(),
                                s.request().requestTime(), RequestEvent.Type.REMOVED, Optional.of(layout.site()),
                                Optional.of(domain), actor, "removed from the files after it was "
                                + s.request().state().name().toLowerCase(Locale.ROOT), now));
                        removals++;
                    }
                }
                Report report = new Report(domain, layout.site(), now, admission.of(domain), ended,
                        waiting, waiting > 0 ? admission.nextSlot() : Optional.empty(), files.added, files.removed,
                        files.records, files.written, files.unchanged, files.deleted, removals, files.damage);
                return report;
            });
        } catch (UncheckedIOException e) {
            // the store rolled back; the message names the domain as well as the file
            throw new IOException(domain + ": " + FileProblems.describe(e.getCause()), e.getCause());
        }
        // told only once the store has committed what the files now show
        listener.domainDone(done);
        return done;
    }

    /** What the file writes did. */
    private static final class FileChanges {
        List<ResyncEntry> added = List.of();
        List<ResyncEntry> removed = List.of();
        List<ResyncCfg.Damage> damage = List.of();
        long records;
        int written;
        int unchanged;
        int deleted;
    }

    private FileChanges writeFiles(DomainName domain, List<ResyncEntry> entries) throws IOException {
        FileChanges out = new FileChanges();
        Path box = layout.invenCfgBox(domain);
        Files.createDirectories(box);
        ResyncCfg cfg = layout.resyncCfg(domain);
        List<ResyncEntry> before;
        try {
            ResyncCfg.Contents old = cfg.read();
            before = old.entries();
            // a header naming another site or domain is damage too: the rewrite puts it right
            out.damage = old.damage();
        } catch (NoSuchFileException e) {
            before = List.of();
        }
        List<ResyncEntry> inFile = new ArrayList<>();
        Map<SmsId, List<ResyncEntry>> byClient = new TreeMap<>();
        for (ResyncEntry e : entries) {
            if (ResyncCfg.accepts(e.smsId())) {
                inFile.add(e);
            }
            byClient.computeIfAbsent(e.smsId(), k -> new ArrayList<>()).add(e);
        }
        cfg.publish(inFile);
        out.records = inFile.size();
        diff(before, inFile, out);

        listener.domainStarting(domain, byClient.size());
        int done = 0;
        for (Map.Entry<SmsId, List<ResyncEntry>> client : byClient.entrySet()) {
            ClientCfg file = new ClientCfg(client.getKey(), client.getValue());
            Path target = box.resolve(file.fileName());
            if (sameBytes(target, file.toText().getBytes(StandardCharsets.US_ASCII))) {
                out.unchanged++;
            } else {
                file.write(box);
                out.written++;
            }
            done++;
            if (done % 1000 == 0 || done == byClient.size()) {
                listener.clientFilesDone(domain, done, byClient.size());
            }
        }
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(box)) {
            for (Path p : listing) {
                String name = p.getFileName().toString();
                Optional<SmsId> id = ClientCfg.smsIdOfFileName(name);
                // only files named like ours; anything else in the folder is left alone
                if (id.isEmpty() || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (!byClient.containsKey(id.get())) {
                    stale.add(p);
                } else if (!ClientCfg.isCanonicalFileName(name)
                        && !Files.isSameFile(p, box.resolve(ClientCfg.fileName(id.get())))) {
                    // abc00001.cfg beside ABC00001.CFG on a case-sensitive file system: a stale spelling
                    stale.add(p);
                }
            }
        }
        for (Path p : stale) {
            if (Files.deleteIfExists(p)) {
                out.deleted++;
            }
        }
        return out;
    }

    private static void diff(List<ResyncEntry> before, List<ResyncEntry> after, FileChanges out) {
        Map<ResyncCfg.Key, ResyncEntry> old = new LinkedHashMap<>();
        for (ResyncEntry e : before) {
            old.put(new ResyncCfg.Key(e.smsId(), e.kind()), e);
        }
        Set<ResyncCfg.Key> kept = new HashSet<>();
        List<ResyncEntry> added = new ArrayList<>();
        List<ResyncEntry> sorted = new ArrayList<>(after);
        sorted.sort(ResyncEntry.FILE_ORDER);
        for (ResyncEntry e : sorted) {
            ResyncCfg.Key key = new ResyncCfg.Key(e.smsId(), e.kind());
            kept.add(key);
            if (!e.equals(old.get(key))) {
                added.add(e);
            }
        }
        List<ResyncEntry> removed = new ArrayList<>();
        for (Map.Entry<ResyncCfg.Key, ResyncEntry> e : old.entrySet()) {
            if (!kept.contains(e.getKey())) {
                removed.add(e.getValue());
            }
        }
        out.added = added;
        out.removed = removed;
    }

    private static boolean sameBytes(Path file, byte[] wanted) throws IOException {
        try {
            if (Files.size(file) != wanted.length) {
                return false;
            }
            return Arrays.equals(Files.readAllBytes(file), wanted);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * What one publish of a domain changed: the requests admitted through the throttle, those ended by
     * the run's own step ({@code dumpsync DAYS}, {@code invsync --cancel}), those still waiting, and
     * the changes to {@code RESYNC.CFG} and the {@code <SMSID>.CFG} files.
     *
     * <p>Immutable and thread-safe.
     *
     * @param domain the domain
     * @param site the site that published it
     * @param at when (the clock's time at the start of the file writes)
     * @param admitted requests moved from requested to published by this run, in admission order
     *     (FORCED first, then oldest first)
     * @param ended requests this run's step ended (aged out or cancelled)
     * @param waiting requests of the domain still waiting for the throttle
     * @param nextSlot when the throttle admits again, if requests wait because its budget is spent
     * @param added entries now in {@code RESYNC.CFG} that were not there with this time and reason
     * @param removed entries of the old {@code RESYNC.CFG} whose (SMSID, kind) is gone
     * @param records entries in the new {@code RESYNC.CFG}
     * @param clientFilesWritten {@code <SMSID>.CFG} files written (new or changed)
     * @param clientFilesUnchanged {@code <SMSID>.CFG} files that already held the right requests
     * @param clientFilesDeleted {@code <SMSID>.CFG} files deleted (no pending request left)
     * @param removalsRecorded acknowledged, expired or cancelled requests whose removal from the files
     *     this run recorded
     * @param damage damaged records of the old {@code RESYNC.CFG}, dropped by the rewrite
     * @since 0.1
     */
    public record Report(DomainName domain, SiteCode site, Instant at, List<ResyncEntry> admitted,
            List<ResyncEntry> ended, int waiting, Optional<Instant> nextSlot, List<ResyncEntry> added,
            List<ResyncEntry> removed, long records, int clientFilesWritten, int clientFilesUnchanged,
            int clientFilesDeleted, int removalsRecorded, List<ResyncCfg.Damage> damage) {

        /**
         * Copies the lists and checks the fields.
         *
         * @param domain the domain
         * @param site the site
         * @param at when
         * @param admitted admitted requests
         * @param ended ended requests
         * @param waiting how many wait
         * @param nextSlot next throttle slot, if requests wait for it
         * @param added entries added to RESYNC.CFG
         * @param removed entries removed from RESYNC.CFG
         * @param records entries in RESYNC.CFG
         * @param clientFilesWritten .CFG files written
         * @param clientFilesUnchanged .CFG files unchanged
         * @param clientFilesDeleted .CFG files deleted
         * @param removalsRecorded removals recorded
         * @param damage damaged records dropped
         */
        public Report {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(at, "time");
            admitted = List.copyOf(admitted);
            ended = List.copyOf(ended);
            Objects.requireNonNull(nextSlot, "next slot");
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            damage = List.copyOf(damage);
        }

        /**
         * Tells whether the run changed any file.
         *
         * @return true if {@code RESYNC.CFG} gained or lost an entry or a client file was written or deleted
         */
        public boolean changedFiles() {
            return !added.isEmpty() || !removed.isEmpty() || clientFilesWritten > 0 || clientFilesDeleted > 0
                    || !damage.isEmpty();
        }

        /**
         * Returns a one-line summary, e.g. {@code SALES: 500 published, 1500 waiting (next slot
         * 2026-03-01T10:01:00Z), 3 removed; RESYNC.CFG 500 records (+500 -3), .CFG 500 written, 3 deleted}.
         *
         * @return the summary
         */
        public String summary() {
            StringBuilder out = new StringBuilder();
            out.append(domain.folded()).append(": ").append(admitted.size()).append(" published");
            if (!ended.isEmpty()) {
                out.append(", ").append(ended.size()).append(" ended");
            }
            out.append(", ").append(waiting).append(" waiting");
            nextSlot.ifPresent(t -> out.append(" (next slot ").append(t).append(')'));
            out.append(", ").append(removalsRecorded).append(" removed; ");
            out.append(String.format(Locale.ROOT, "RESYNC.CFG %d records (+%d -%d), .CFG %d written, %d deleted",
                    records, added.size(), removed.size(), clientFilesWritten, clientFilesDeleted));
            if (!damage.isEmpty()) {
                out.append("; ").append(damage.size()).append(" damaged record(s) dropped");
            }
            return out.toString();
        }
    }
}
