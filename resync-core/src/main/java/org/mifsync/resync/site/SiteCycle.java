package org.mifsync.resync.site;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

import org.mifsync.model.DomainName;
import org.mifsync.model.Hierarchy;
import org.mifsync.model.LogonServer;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;
import org.mifsync.resync.collect.Collector;
import org.mifsync.resync.files.FileProblems;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.requests.PublishReport;
import org.mifsync.resync.requests.Publisher;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.settings.SiteSettings;

/**
 * One working cycle of a site, as {@code mifsync load} runs it once and {@code mifsync site run}
 * runs it on a schedule: collect every logon server of the sites' domains into the inbox, load
 * the inbox (parse, compare, apply or refuse, record resync requests), then publish the requests
 * into the domains' files. Replication is separate ({@link SiteReplication}).
 *
 * <p>A cycle asked to stop ({@link Builder#stopRequested}) finishes the report it is deciding and
 * returns, leaving the files it has not loaded in the inbox and the requests unpublished until the
 * next cycle. A load that a failure of the site stopped early publishes nothing either: the store
 * keeps the requests for the next cycle.
 *
 * <p>A step that fails (a directory that cannot be read, a full disk, a locked or lost store) ends
 * the cycle there without losing what the steps before it did: {@link Result#failure()} names the
 * step and what it concerns (the file, the domain, the store), beside the reports of those steps.
 *
 * <p>A cycle is not thread-safe, but several cycles (in this process or in others, on this host or
 * on others sharing the site root) may work one site: the collector locks the inbox while it puts
 * files into it, and the loader claims the clients it works in the store ({@link
 * org.mifsync.resync.load.Loader}).
 *
 * @since 0.1
 */
public final class SiteCycle {

    private final Path root;
    private final InventoryStore store;
    private final Clock clock;
    private final List<SiteCode> sites;
    private final Consumer<Loader.FileResult> listener;
    private final LongConsumer beforeLoad;
    private final String actor;
    private final BooleanSupplier stopRequested;
    private final int workers;

    private SiteCycle(Builder b) {
        this.root = b.root;
        this.store = b.store;
        this.clock = b.clock;
        this.sites = b.sites.isEmpty() ? sitesOf(store, Optional.empty()) : List.copyOf(b.sites);
        this.listener = b.listener;
        this.beforeLoad = b.beforeLoad;
        this.actor = b.actor;
        this.stopRequested = b.stopRequested;
        this.workers = b.workers;
    }

    /**
     * Returns a builder.
     *
     * @param root the central site's root (holding {@code SITE.SRV})
     * @param store the hierarchy's store
     * @return the builder: the store's clock, every site of the hierarchy, no listeners
     */
    public static Builder builder(Path root, InventoryStore store) {
        return new Builder(root, store);
    }

    /**
     * Configures a {@link SiteCycle}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Path root;
        private final InventoryStore store;
        private Clock clock;
        private List<SiteCode> sites = List.of();
        private Consumer<Loader.FileResult> listener = r -> { };
        private LongConsumer beforeLoad = n -> { };
        private String actor = "mifsync";
        private BooleanSupplier stopRequested = () -> false;
        private int workers;

        private Builder(Path root, InventoryStore store) {
            this.root = Objects.requireNonNull(root, "root");
            this.store = Objects.requireNonNull(store, "store");
            this.clock = store.clock();
        }

        /**
         * Sets the clock every time comes from.
         *
         * @param value the clock (default: the store's)
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Limits the cycle to these sites' domains (default: every site; see {@link #sitesOf}).
         *
         * @param value the sites, the first one's layout holds the inbox
         * @return this builder
         */
        public Builder sites(List<SiteCode> value) {
            this.sites = List.copyOf(value);
            return this;
        }

        /**
         * Hears each loaded file.
         *
         * @param value the listener
         * @return this builder
         */
        public Builder listener(Consumer<Loader.FileResult> value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Hears, after collecting, how many report files wait in the inbox (for a progress bar).
         *
         * @param value the listener
         * @return this builder
         */
        public Builder beforeLoad(LongConsumer value) {
            this.beforeLoad = Objects.requireNonNull(value, "beforeLoad");
            return this;
        }

        /**
         * Names who publishes, in the requests' audit trail.
         *
         * @param value the actor, such as {@code "mifsync load"}
         * @return this builder
         */
        public Builder actor(String value) {
            this.actor = Objects.requireNonNull(value, "actor");
            return this;
        }

        /**
         * Sets what the cycle asks, between files, to know whether to stop early: it then finishes
         * the report it is deciding and skips the rest of the load and the publish.
         *
         * @param value asked on the cycle's thread; must be cheap and thread-safe (default: never stop)
         * @return this builder
         */
        public Builder stopRequested(BooleanSupplier value) {
            this.stopRequested = Objects.requireNonNull(value, "stop requested");
            return this;
        }

        /**
         * Sets how many workers the load uses, over the site's {@code workers} setting ({@link
         * SiteLoad.Builder#workers}).
         *
         * @param value at least 1 (default: the site's setting)
         * @return this builder
         */
        public Builder workers(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("workers must be at least 1, found " + value);
            }
            this.workers = value;
            return this;
        }

        /**
         * Builds the cycle.
         *
         * @return the cycle
         * @throws IllegalArgumentException if the store describes no site
         */
        public SiteCycle build() {
            return new SiteCycle(this);
        }
    }

    /**
     * The steps of a cycle, in the order they run.
     *
     * @since 0.1
     */
    public enum Step {
        /** Moving reports from the logon servers' drop boxes into the inbox. */
        COLLECT,
        /** Parsing, comparing and deciding the reports in the inbox. */
        LOAD,
        /** Writing the domains' request files from the store. */
        PUBLISH;

        /**
         * Returns the step's name as messages print it.
         *
         * @return {@code collect}, {@code load} or {@code publish}
         */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The step that ended a cycle, and why.
     *
     * @param step the step that failed
     * @param message what failed, naming the file, domain or store it concerns; not escaped (it may
     *     quote a file name)
     * @param cause the exception: an {@link IOException}, a
     *     {@link org.mifsync.resync.store.StoreException} or another runtime exception
     * @since 0.1
     */
    public record Failure(Step step, String message, Exception cause) {
        /**
         * Validates the fields.
         *
         * @param step the step
         * @param message the message
         * @param cause the exception
         */
        public Failure {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(cause, "cause");
        }

        /**
         * Formats the failure as one message: {@code step: message}, for example {@code publish:
         * SALES: cannot write /srv/…/RESYNC.CFG: No space left on device}.
         *
         * @return the message with its step
         */
        @Override
        public String toString() {
            return step.label() + ": " + message;
        }
    }

    /**
     * What one cycle did.
     *
     * @param collected what the collector moved, left and aged out (nothing if collecting failed)
     * @param loaded what the loader decided (nothing if collecting or loading failed)
     * @param published one report per domain published
     * @param domains the domains whose logon servers the cycle collected
     * @param failure the step that ended the cycle early, if one failed
     * @since 0.1
     */
    public record Result(Collector.Report collected, SiteLoad.Result loaded, List<PublishReport> published,
            List<SmsDomain> domains, Optional<Failure> failure) {
        /**
         * Copies the lists.
         *
         * @param collected the collector's report
         * @param loaded the load's result
         * @param published the publish reports
         * @param domains the domains collected
         * @param failure the failed step, if any
         */
        public Result {
            Objects.requireNonNull(collected, "collected");
            Objects.requireNonNull(loaded, "loaded");
            published = List.copyOf(published);
            domains = List.copyOf(domains);
            Objects.requireNonNull(failure, "failure");
        }

        /**
         * Returns what the collect did on each logon server, in the order of the domains and their
         * logon servers.
         *
         * @return one entry per logon server
         */
        public List<LogonServerCollect> byLogonServer() {
            List<LogonServerCollect> out = new ArrayList<>();
            for (SmsDomain domain : domains) {
                for (LogonServer server : domain.logonServers()) {
                    Collector.Report mine = collected.of(server.root());
                    out.add(new LogonServerCollect(domain.site(), domain.name(), server,
                            collected.answered(server.root()), mine.moved().size(), mine.agedOut().size(),
                            mine.problems().size()));
                }
            }
            return out;
        }
    }

    /**
     * What one cycle's collect did on one logon server.
     *
     * <p>Immutable and thread-safe.
     *
     * @param site the domain's site
     * @param domain the domain
     * @param logonServer the logon server
     * @param answered whether its drop box could be reached and listed ({@link Collector.Report#answered})
     * @param moved report files moved into the inbox
     * @param agedOut abandoned files deleted
     * @param problems files or folders left alone because something is wrong
     * @since 0.1
     */
    public record LogonServerCollect(SiteCode site, DomainName domain, LogonServer logonServer, boolean answered,
            int moved, int agedOut, int problems) {
        /**
         * Validates the fields.
         *
         * @param site the site
         * @param domain the domain
         * @param logonServer the logon server
         * @param answered whether it answered
         * @param moved files moved
         * @param agedOut files aged out
         * @param problems problems
         */
        public LogonServerCollect {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(logonServer, "logon server");
        }
    }

    /**
     * The sites a cycle works for: the one named, checked against the store, or every site of the
     * hierarchy, the central site first.
     *
     * @param store the store
     * @param only a site, if one was named
     * @return the sites
     * @throws SiteNotSetUpException if the store describes no site
     * @throws IllegalArgumentException if the store does not describe the site named
     */
    public static List<SiteCode> sitesOf(InventoryStore store, Optional<SiteCode> only) {
        List<Site> all = store.inTransaction(tx -> tx.topology().sites());
        if (all.isEmpty()) {
            throw new SiteNotSetUpException("the store describes no site");
        }
        if (only.isPresent()) {
            if (all.stream().noneMatch(s -> s.code().equals(only.get()))) {
                throw new IllegalArgumentException("no site " + only.get() + " in the store; the sites are "
                        + all.stream().map(s -> s.code().value()).collect(Collectors.joining(", ")));
            }
            return List.of(only.get());
        }
        Hierarchy hierarchy = Hierarchy.of(all);
        List<SiteCode> sites = new ArrayList<>();
        sites.add(hierarchy.root());
        sites.addAll(hierarchy.descendants(hierarchy.root()));
        return sites;
    }

    /**
     * Runs one cycle: collect, load, publish. A step that fails ends the cycle; the result holds
     * what the steps before it did and the failure ({@link Result#failure()}). Files are kept for
     * the next cycle.
     *
     * @return what it did
     * @throws org.mifsync.resync.store.StoreException if the store cannot be read before the first
     *     step (the settings and the domains)
     */
    public Result run() {
        SiteSettings settings = store.settings();
        List<SmsDomain> domains = store.inTransaction(tx -> tx.topology().domains()).stream()
                .filter(d -> sites.contains(d.site())).toList();
        SiteLayout layout = SiteLayout.of(root, sites.get(0));
        Collector.Report collected = new Collector.Report(List.of(), List.of(), List.of(), List.of());
        SiteLoad.Result loaded = new SiteLoad.Result(new Loader.Summary(List.of(), Map.of(), 0, 0, Optional.empty(), List.of(), 0),
                settings);
        List<PublishReport> published = new ArrayList<>();
        Step step = Step.COLLECT;
        try {
            collected = Collector.builder(layout.inventoryBox()).clock(clock)
                    .abandonedAfter(settings.abandonedAfter()).maxFileBytes(settings.maxMifBytes()).build()
                    .collectDomains(domains);
            recordOrigins(collected, domains);
            step = Step.LOAD;
            beforeLoad.accept(countReports(layout.inventoryBox()));
            SiteLoad.Builder load = SiteLoad.builder(root, store).clock(clock).site(sites.get(0)).listener(listener)
                    .stopRequested(stopRequested);
            if (workers > 0) {
                load.workers(workers);
            }
            loaded = load.build().run();
            // after a stop, or a load a failure of the site stopped early, the store keeps the
            // requests the pass made; the next cycle publishes them
            if (!stopRequested.getAsBoolean() && loaded.summary().stoppedBy().isEmpty()) {
                step = Step.PUBLISH;
                for (SiteCode site : sites) {
                    published.addAll(Publisher.builder(store, SiteLayout.of(root, site)).settings(settings)
                            .clock(clock).actor(actor).build().publishAll());
                }
            }
        } catch (IOException e) {
            return new Result(collected, loaded, published, domains, Optional.of(new Failure(step, FileProblems.describe(e), e)));
        } catch (RuntimeException e) {
            String message = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
            return new Result(collected, loaded, published, domains, Optional.of(new Failure(step, message, e)));
        }
        return new Result(collected, loaded, published, domains, Optional.empty());
    }

    /**
     * Records which logon server each collected file came through, so that a conflicting record
     * held for the administrator can say so. One transaction for the whole collect.
     */
    private void recordOrigins(Collector.Report collected, List<SmsDomain> domains) {
        Map<String, String> origins = new java.util.LinkedHashMap<>();
        for (Collector.Item item : collected.moved()) {
            if (item.target().isEmpty()) {
                continue;
            }
            for (SmsDomain domain : domains) {
                for (LogonServer server : domain.logonServers()) {
                    if (item.source().startsWith(server.root())) {
                        origins.put(item.target().get().getFileName().toString(), server.name().value());
                    }
                }
            }
        }
        if (!origins.isEmpty()) {
            store.inTransaction(tx -> {
                tx.loadLog().recordOrigins(origins, clock.instant());
                return null;
            });
        }
    }

    /** Report files waiting in an inbox: {@code *.MIF}, not hidden. */
    private static long countReports(Path inbox) throws IOException {
        long n = 0;
        if (!Files.isDirectory(inbox)) {
            return 0;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(inbox)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!name.startsWith(".") && name.toUpperCase(Locale.ROOT).endsWith(".MIF") && Files.isRegularFile(f)) {
                    n++;
                }
            }
        }
        return n;
    }
}
