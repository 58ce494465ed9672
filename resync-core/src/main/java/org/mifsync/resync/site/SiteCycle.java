package org.mifsync.resync.site;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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

import org.mifsync.mif.MifException;
import org.mifsync.mif.MifParser;
import org.mifsync.model.DomainName;
import org.mifsync.model.Hierarchy;
import org.mifsync.model.LogonServer;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;
import org.mifsync.resync.collect.Collector;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.files.FileProblems;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.report.ReportException;
import org.mifsync.resync.report.ReportReader;
import org.mifsync.resync.requests.Publisher;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.store.InventoryStore;

/**
 * The entry point for working a site: one cycle, as {@code mifsync load} runs it once and {@code
 * mifsync site run} runs it on a schedule ({@link #run()}): collect every logon server of the sites'
 * domains into the inbox, load the inbox (parse, compare, apply or refuse, record resync requests),
 * then publish the requests into the domains' files; or the load step alone ({@link #load()}), for
 * an inbox filled by other means. Replication is separate ({@link SiteReplication}).
 *
 * <p>The load is configured from the settings recorded in the store ({@link InventoryStore#settings()}):
 * software classes, the largest MIF accepted, the duplicate-ID window, the re-issue rule and the
 * number of workers.
 *
 * <pre>{@code
 * SiteCycle cycle = SiteCycle.builder(root, store).sites(List.of(SiteCode.of("CEN")))
 *         .listener(file -> System.out.println(file.file() + " " + file.outcome())).build();
 * SiteCycle.Report report = cycle.run();       // collect, load, publish
 * if (report.stopReason() != Loader.StopReason.FINISHED) {      // files kept for the next run
 *     System.err.println("ended early: " + report.stopReason() + " " + report.failure()
 *             .map(SiteCycle.Failure::toString).or(() -> report.loaded().stoppedBy()).orElse(""));
 * }
 * SiteCycle.Report loaded = cycle.load();      // the load step alone
 * }</pre>
 *
 * <p>Why a run ended is {@link Report#stopReason()}. A run asked to stop ({@link
 * Builder#stopRequested}) finishes the report it is deciding and returns ({@link
 * Loader.StopReason#STOP_REQUESTED}), leaving the files it has not loaded in the inbox and the
 * requests unpublished until the next run. A load that a failure of the site stopped early ({@link
 * Loader.StopReason#SITE_FAILURE}, {@link Loader.StopReason#CLAIMS_LOST}) publishes nothing either:
 * the store keeps the requests for the next cycle.
 *
 * <p>A step that fails (a directory that cannot be read, a full disk, a locked or lost store) ends
 * the run there without losing what the steps before it did ({@link Loader.StopReason#FAILED}):
 * {@link Report#failure()} names the step and what it concerns (the file, the domain, the store),
 * beside the reports of those steps.
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
    private final Consumer<Loader.FileDecision> listener;
    private final LongConsumer beforeLoad;
    private final String actor;
    private final BooleanSupplier stopRequested;
    private final int workers;

    private SiteCycle(Builder b) {
        this.root = b.root;
        this.store = b.store;
        this.clock = b.clock;
        this.sites = b.sites.isEmpty() ? sitesOf(store) : List.copyOf(b.sites);
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
        private Consumer<Loader.FileDecision> listener = r -> { };
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
         * @param value the sites; the first one's layout holds the inbox, and the load runs as it
         *     (requests are recorded as made by {@code loader@CODE})
         * @return this builder
         */
        public Builder sites(List<SiteCode> value) {
            this.sites = List.copyOf(value);
            return this;
        }

        /**
         * Hears the decision about each loaded file, e.g. for a progress bar.
         *
         * @param value the listener, called on the loading threads one call at a time
         * @return this builder
         */
        public Builder listener(Consumer<Loader.FileDecision> value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Hears, just before the load, how many report files wait in the inbox (for a progress bar).
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
         * Sets what the run asks, between files, to know whether to stop early: it then finishes
         * the report it is deciding and skips the rest of the load and the publish ({@link
         * Loader.Builder#stopRequested}).
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
         * Loader.Builder#workers}).
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
     * What one run did: the reports of the steps it ran, and why it ended.
     *
     * <p>Immutable and thread-safe.
     *
     * @param collected what the collector moved, left and aged out (nothing if collecting failed or
     *     the run was {@link SiteCycle#load()})
     * @param loaded what the loader decided (nothing if collecting or loading failed)
     * @param published one report per domain published (none if the run stopped before publishing,
     *     or was {@link SiteCycle#load()})
     * @param domains the domains whose logon servers the run collected (or would have)
     * @param settings the settings the run worked with, as the store held them when it started
     * @param stopReason why the run ended: {@link Loader.StopReason#FINISHED}, the loader's reason
     *     to stop early, {@link Loader.StopReason#STOP_REQUESTED} when asked to stop after the load,
     *     or {@link Loader.StopReason#FAILED} when a step failed
     * @param failure the step that ended the run, present exactly when {@code stopReason} is {@link
     *     Loader.StopReason#FAILED}
     * @since 0.1
     */
    public record Report(Collector.Report collected, Loader.Report loaded, List<Publisher.Report> published,
            List<SmsDomain> domains, SiteSettings settings, Loader.StopReason stopReason, Optional<Failure> failure) {
        /**
         * Copies the lists and checks that a failure comes with {@link Loader.StopReason#FAILED}.
         *
         * @param collected the collector's report
         * @param loaded the loader's report
         * @param published the publish reports
         * @param domains the domains collected
         * @param settings the settings
         * @param stopReason why it ended
         * @param failure the failed step, if any
         * @throws IllegalArgumentException if the failure and the reason disagree
         */
        public Report {
            Objects.requireNonNull(collected, "collected");
            Objects.requireNonNull(loaded, "loaded");
            published = List.copyOf(published);
            domains = List.copyOf(domains);
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(stopReason, "stop reason");
            Objects.requireNonNull(failure, "failure");
            if (failure.isPresent() != (stopReason == Loader.StopReason.FAILED)) {
                throw new IllegalArgumentException("a run that ended " + stopReason
                        + (failure.isPresent() ? " has no failure" : " needs its failure"));
            }
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
     * The sites a cycle works for when none is named: every site of the hierarchy, the central site
     * first.
     *
     * @param store the store
     * @return the sites
     * @throws SiteNotSetUpException if the store describes no site
     */
    public static List<SiteCode> sitesOf(InventoryStore store) {
        Hierarchy hierarchy = Hierarchy.of(describedSites(store));
        List<SiteCode> sites = new ArrayList<>();
        sites.add(hierarchy.root());
        sites.addAll(hierarchy.descendants(hierarchy.root()));
        return sites;
    }

    /**
     * The sites a cycle works for when one is named: that one, checked against the store.
     *
     * @param store the store
     * @param only the site named
     * @return the site
     * @throws SiteNotSetUpException if the store describes no site
     * @throws IllegalArgumentException if the store does not describe the site named
     */
    public static List<SiteCode> sitesOf(InventoryStore store, SiteCode only) {
        List<Site> all = describedSites(store);
        if (all.stream().noneMatch(s -> s.code().equals(only))) {
            throw new IllegalArgumentException("no site " + only + " in the store; the sites are "
                    + all.stream().map(s -> s.code().value()).collect(Collectors.joining(", ")));
        }
        return List.of(only);
    }

    private static List<Site> describedSites(InventoryStore store) {
        List<Site> all = store.inTransaction(tx -> tx.topology().sites());
        if (all.isEmpty()) {
            throw new SiteNotSetUpException("the store describes no site");
        }
        return all;
    }

    /**
     * Runs one cycle: collect, load, publish. A step that fails ends the cycle; the report holds
     * what the steps before it did and the failure ({@link Report#failure()}). Files are kept for
     * the next cycle.
     *
     * @return what it did, and why it ended ({@link Report#stopReason()})
     * @throws org.mifsync.resync.store.StoreException if the store cannot be read before the first
     *     step (the settings and the domains)
     */
    public Report run() {
        return run(true);
    }

    /**
     * Runs the load step alone, as {@link #run()} runs it: one pass over the inbox {@code
     * SITE.SRV/INVENTRY.BOX} of the first site, with nothing collected before it and nothing
     * published after it (the requests it makes wait in the store for the next publish). A failure
     * is reported as {@link #run()} reports it, with {@link Step#LOAD}.
     *
     * @return what it did, and why it ended ({@link Report#stopReason()}); its collected and
     *     published parts are empty
     * @throws org.mifsync.resync.store.StoreException if the store cannot be read before the load
     *     (the settings and the domains)
     */
    public Report load() {
        return run(false);
    }

    /**
     * Decides one report file's content as the load step would decide it in the inbox, with the
     * site's stored settings (parse limits, software classes, IDMIF collection, identity conflicts):
     * the one call for a host that receives reports some other way than through a logon server's
     * drop box. Nothing is written to the inbox; the requests a refusal makes wait in the store for
     * the next publish. See {@link Loader#decide(byte[], String, Instant)}.
     *
     * @param content the file's bytes
     * @param name the file's name, for the load log and the errors' locations
     * @param fileTime when the file was written: a report's time when its header gives none
     * @return the decision about the file and each of its reports
     * @throws MifException if the content does not parse: every error, with its place
     * @throws ReportException if it is not a report the site can use (a stand-alone NOIDMIF, an IDMIF
     *     refused or too large, a malformed report)
     * @throws IllegalArgumentException if the content is larger than the site's {@code max-mif-size}
     * @throws org.mifsync.resync.store.StoreException if the store fails; nothing was committed
     */
    public Loader.FileDecision decide(byte[] content, String name, Instant fileTime) throws MifException,
            ReportException {
        return loader(store.settings(), SiteLayout.of(root, sites.get(0)).inventoryBox()).decide(content, name, fileTime);
    }

    private Report run(boolean collectAndPublish) {
        SiteSettings settings = store.settings();
        List<SmsDomain> domains = store.inTransaction(tx -> tx.topology().domains()).stream()
                .filter(d -> sites.contains(d.site())).toList();
        SiteLayout layout = SiteLayout.of(root, sites.get(0));
        Collector.Report collected = new Collector.Report(List.of(), List.of(), List.of(), List.of());
        Loader.Report loaded = Loader.Report.empty();
        List<Publisher.Report> published = new ArrayList<>();
        Step step = Step.COLLECT;
        try {
            if (collectAndPublish) {
                collected = Collector.builder(layout.inventoryBox()).clock(clock)
                        .abandonedAfter(settings.abandonedAfter()).maxFileBytes(settings.maxMifBytes()).build()
                        .collectDomains(domains);
                recordOrigins(collected, domains);
            }
            step = Step.LOAD;
            beforeLoad.accept(countReports(layout.inventoryBox()));
            loaded = loader(settings, layout.inventoryBox()).loadOnce();
            // after a stop, or a load a failure of the site stopped early, the store keeps the
            // requests the pass made; the next cycle publishes them
            Loader.StopReason stopped = loaded.stopReason() != Loader.StopReason.FINISHED ? loaded.stopReason()
                    : stopRequested.getAsBoolean() ? Loader.StopReason.STOP_REQUESTED : Loader.StopReason.FINISHED;
            if (collectAndPublish && stopped == Loader.StopReason.FINISHED) {
                step = Step.PUBLISH;
                for (SiteCode site : sites) {
                    published.addAll(Publisher.builder(store, SiteLayout.of(root, site)).settings(settings)
                            .clock(clock).actor(actor).build().publishAll());
                }
            }
            return new Report(collected, loaded, published, domains, settings, stopped, Optional.empty());
        } catch (IOException e) {
            return new Report(collected, loaded, published, domains, settings, Loader.StopReason.FAILED,
                    Optional.of(new Failure(step, FileProblems.describe(e), e)));
        } catch (RuntimeException e) {
            String message = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
            return new Report(collected, loaded, published, domains, settings, Loader.StopReason.FAILED,
                    Optional.of(new Failure(step, message, e)));
        }
    }

    /** The loader of one pass over the inbox, configured from the site's settings. */
    private Loader loader(SiteSettings settings, Path inbox) {
        ReportReader reader = ReportReader.standard(settings);
        MifParser parser = Loader.parser(settings);
        Comparer comparer = Comparer.builder(store).settings(settings).clock(clock)
                .requestedBy("loader@" + sites.get(0)).build();
        return Loader.builder(inbox, comparer).reader(reader).parser(parser).listener(listener)
                .stopRequested(stopRequested).maxFileBytes(settings.maxMifBytes()).maxIdmifBytes(settings.maxIdmifBytes())
                .workers(workers > 0 ? workers : settings.workersHere()).lease(settings.loaderLease()).build();
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
