package org.mifsync.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.mifsync.mif.TextEscapes;
import org.mifsync.model.DomainName;
import org.mifsync.model.SiteCode;
import org.mifsync.cli.web.StatusServer;
import org.mifsync.resync.admin.SiteStatus;
import org.mifsync.resync.collect.Collector;
import org.mifsync.resync.files.Replicator;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.site.SiteCycle;
import org.mifsync.resync.site.SiteReplication;
import org.mifsync.resync.site.SiteService;
import org.mifsync.resync.settings.HttpAddress;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.StoreCheck;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mifsync site run}: the site as a service until SIGTERM or SIGINT, one plain line per cycle
 * that did something (a service has no terminal to draw progress bars on).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the site as a service: collect the logon servers' drop boxes, load the reports, publish"
                + " resync requests within the throttle every collect-interval (sooner when a report appears in"
                + " SITE.SRV/INVENTRY.BOX or requests wait for the throttle), and replicate the request files to"
                + " the logon servers every replicate-interval. Intervals come from the store, as 'mifsync site"
                + " init' recorded them; a change applies from the next cycle.",
                "Prints one line per cycle that did something, and one per replication that changed a file;"
                + " failures (the database down or busy, a full disk) go to standard error and are retried with"
                + " a growing backoff. On SIGTERM or SIGINT it finishes the report being decided and exits 0;"
                + " the files it has not loaded stay in the inbox for the next run. Exit 1 when the store cannot"
                + " be opened, is newer than this mifsync, or is damaged (a quick check runs at start; see"
                + " 'mifsync site check').",
                "With --http HOST:PORT (or the http site setting) it also serves Prometheus metrics at /metrics,"
                + " /health/live, /health/ready and a read-only status page at /; bound to an address other than"
                + " the loopback, every path but /health/live needs the bearer token of the http-token-file"
                + " setting."},
        footer = { "", "Examples:", "  mifsync site run --root /srv/mifsync",
                "  mifsync site run --root /srv/mifsync --db-url jdbc:postgresql://dbhost/mifsync?user=mifsync",
                "  mifsync site run --root /srv/mifsync --http 127.0.0.1:9400",
                "", "See docs/site-service.md for a systemd unit." })
final class SiteRunCommand implements Callable<Integer> {

    @Mixin
    SiteOptions options;

    @Option(names = "--http", paramLabel = "HOST:PORT", description = "Serve /metrics, /health/live, /health/ready"
            + " and the status page here (default: the http site setting; off unless given), e.g. 127.0.0.1:9400;"
            + " 'off' turns it off.")
    String http;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Clock clock = Clock.systemUTC();
        Path root = options.root();
        Optional<SiteCode> site = Optional.ofNullable(options.site).map(SiteCode::of);
        if (!storeIsWhole(err)) {
            return Main.PROBLEMS;
        }
        InventoryStore store = options.openStore(clock);
        SiteService service;
        StatusServer server = null;
        try {
            List<SiteCode> sites = site.map(only -> SiteCycle.sitesOf(store, only))
                    .orElseGet(() -> SiteCycle.sitesOf(store));
            SiteSettings settings = store.settings();
            out.println(now(clock) + " site run: sites " + sites.stream().map(SiteCode::value)
                    .collect(Collectors.joining(", ")) + " from " + root + "; collect every "
                    + settings.text(SiteSettings.COLLECT_INTERVAL) + ", replicate every "
                    + settings.text(SiteSettings.REPLICATE_INTERVAL));
            out.flush();
            Optional<HttpAddress> address = http == null ? settings.http()
                    : http.strip().equalsIgnoreCase(SiteSettings.OFF) ? Optional.empty()
                    : Optional.of(HttpAddress.parse(http));
            SiteService.Listener listener = new Lines(out, err, clock);
            if (address.isPresent()) {
                server = StatusServer.start(address.get(), settings.httpTokenFile(),
                        site.map(s -> SiteStatus.of(root, store, clock, s)).orElseGet(() -> SiteStatus.of(root, store,
                                clock)), clock);
                out.println(now(clock) + " site run: http on " + address.get().host() + ":" + server.address().getPort()
                        + " (/metrics, /health/live, /health/ready, /)");
                out.flush();
                listener = new Both(listener, server.listener());
            }
            SiteService.Builder builder = SiteService.builder(root, store).clock(clock).actor("mifsync site run")
                    .listener(listener);
            site.ifPresent(builder::site);
            service = builder.build();
        } catch (RuntimeException | java.io.IOException e) {
            if (server != null) {
                server.close();
            }
            store.close();
            throw e;
        }
        StatusServer httpServer = server;

        // SIGTERM and SIGINT run shutdown hooks, after which the JVM would exit with 143 or 130: the
        // hook asks the service to stop, waits until this thread has closed the store, and ends the
        // JVM with the service's own exit code
        AtomicInteger exit = new AtomicInteger(Main.PROBLEMS);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            service.stop();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(exit.get());
        }, "mifsync-site-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = Main.PROBLEMS;
        try {
            try {
                service.start();
            } catch (IllegalStateException stoppedBeforeStart) {
                // a signal came before the service started: nothing to finish
            }
            while (!service.awaitStopped(Duration.ofHours(1))) {
                // a service runs until it is stopped
            }
            code = service.state() == SiteService.State.FAILED ? Main.PROBLEMS : 0;
        } finally {
            service.close();
            if (httpServer != null) {
                // before the store closes: a page drawn now would meet a closed store
                httpServer.close();
            }
            store.close();
            out.flush();
            err.flush();
            exit.set(code);
            closed.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook ends the JVM with the code
        }
        return code;
    }

    /**
     * The quick check at start: a service on a damaged store would stop at the first page it meets
     * and back off forever, so it does not start. A schema of another version is left to the open:
     * an older one is migrated, a newer one refused with its own message.
     */
    private boolean storeIsWhole(PrintWriter err) {
        StoreCheck.Report check = options.checkStore(StoreCheck.Depth.QUICK);
        boolean otherVersion = check.schemaVersion().isPresent()
                && check.schemaVersion().getAsInt() != check.codeSchemaVersion();
        List<StoreCheck.Problem> damage = check.problems().stream()
                .filter(p -> p.kind() != StoreCheck.Kind.SCHEMA || !otherVersion).toList();
        if (damage.isEmpty()) {
            return true;
        }
        err.println("mifsync: site run: not started: the store " + check.store() + " failed the quick check ("
                + damage.size() + " problem" + (damage.size() == 1 ? "" : "s") + "):");
        damage.stream().limit(5).forEach(p -> err.println("  " + p.kind() + ": " + p.detail()));
        err.println("run 'mifsync site check' for the full check and what to do; the reports wait in the inboxes");
        err.flush();
        return false;
    }

    private static String now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Two listeners, one after the other: the lines and the metrics. */
    private record Both(SiteService.Listener first, SiteService.Listener second) implements SiteService.Listener {
        @Override
        public void started() {
            first.started();
            second.started();
        }

        @Override
        public void fileLoaded(org.mifsync.resync.load.Loader.FileDecision file) {
            first.fileLoaded(file);
            second.fileLoaded(file);
        }

        @Override
        public void cycleDone(SiteService.Cycle cycle) {
            first.cycleDone(cycle);
            second.cycleDone(cycle);
        }

        @Override
        public void replicated(SiteReplication.Report result) {
            first.replicated(result);
            second.replicated(result);
        }

        @Override
        public void failed(SiteService.Failure failure) {
            first.failed(failure);
            second.failed(failure);
        }

        @Override
        public void fatal(Throwable failure) {
            first.fatal(failure);
            second.fatal(failure);
        }

        @Override
        public void stopped() {
            first.stopped();
            second.stopped();
        }
    }

    /** The service's listener: one plain line per event worth a line. */
    private static final class Lines implements SiteService.Listener {
        private final PrintWriter out;
        private final PrintWriter err;
        private final Clock clock;

        Lines(PrintWriter out, PrintWriter err, Clock clock) {
            this.out = out;
            this.err = err;
            this.clock = clock;
        }

        @Override
        public void cycleDone(SiteService.Cycle cycle) {
            if (cycle.idle()) {
                return;
            }
            out.println(now(clock) + " " + line(cycle));
            out.flush();
        }

        @Override
        public void replicated(SiteReplication.Report result) {
            int copied = 0;
            int removed = 0;
            int problems = 0;
            for (Replicator.Report r : result.reports().values()) {
                copied += r.copied().size();
                removed += r.removed().size();
                problems += r.problems().size();
            }
            if (copied == 0 && removed == 0 && problems == 0 && result.failures().isEmpty()) {
                return;
            }
            out.println(now(clock) + " replicate: " + copied + " copied, " + removed + " removed"
                    + (problems == 0 ? "" : ", " + problems + " problems"));
            out.flush();
            for (Map.Entry<DomainName, String> f : result.failures().entrySet()) {
                err.println(now(clock) + " replicate: domain " + f.getKey() + " not replicated: "
                        + TextEscapes.forDisplay(f.getValue()));
            }
            result.reports().forEach((domain, r) -> r.problems().forEach(p -> err.println(now(clock)
                    + " replicate: " + domain + ": " + TextEscapes.forDisplay(p.toString()))));
            err.flush();
        }

        @Override
        public void failed(SiteService.Failure failure) {
            err.println(now(clock) + " " + failure.activity().name().toLowerCase(Locale.ROOT) + " failed ("
                    + failure.failuresInARow() + " in a row), retrying in " + millis(failure.retryIn()) + ": "
                    + TextEscapes.forDisplay(failure.message()));
            err.flush();
        }

        @Override
        public void fatal(Throwable failure) {
            err.println(now(clock) + " site run: stopped by a failure no retry cures: "
                    + TextEscapes.forDisplay(String.valueOf(failure.getMessage())));
            err.flush();
        }

        @Override
        public void stopped() {
            out.println(now(clock) + " site run: stopped");
            out.flush();
        }

        static String line(SiteService.Cycle cycle) {
            Collector.Report collected = cycle.report().collected();
            Loader.Report loaded = cycle.report().loaded();
            StringBuilder s = new StringBuilder("cycle ").append(cycle.number()).append(": collected ")
                    .append(collected.moved().size());
            if (!collected.agedOut().isEmpty()) {
                s.append(" (").append(collected.agedOut().size()).append(" abandoned aged out)");
            }
            s.append(", loaded ").append(loaded.files().size());
            s.append(", applied ").append(sum(loaded.applied()));
            int refused = sum(loaded.refusedByReason());
            s.append(", refused ").append(refused);
            if (refused > 0) {
                s.append(" (").append(loaded.refusedByReason().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))).append(')');
            }
            s.append(", bad ").append(loaded.badFiles());
            s.append(", requests ").append(loaded.requestsMade());
            s.append(", published ").append(cycle.report().published().stream().mapToInt(p -> p.admitted().size()).sum());
            s.append(", waiting ").append(cycle.waiting());
            cycle.nextSlot().ifPresent(t -> s.append(" (next slot ").append(t).append(')'));
            if (!collected.problems().isEmpty()) {
                s.append(", ").append(collected.problems().size()).append(" collect problems");
            }
            loaded.stoppedBy()
                    .ifPresent(why -> s.append("; stopped early: ").append(TextEscapes.forDisplay(why)));
            s.append(" (").append(cycle.took().toMillis()).append(" ms)");
            return s.toString();
        }

        private static String millis(Duration d) {
            return d.toMillis() < 10_000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
        }

        private static int sum(Map<Outcome, Integer> counts) {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
}
