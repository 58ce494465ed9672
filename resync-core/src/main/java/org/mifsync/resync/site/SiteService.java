package org.mifsync.resync.site;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.mifsync.mif.TextEscapes;
import org.mifsync.model.DomainName;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;
import org.mifsync.resync.collect.Inbox;
import org.mifsync.resync.files.Replicator;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.requests.Publisher;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.StoreException;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.files.Mode;

/**
 * {@code site run}: the site as a long-running service. On one thread of its own it runs a
 * {@link SiteCycle} (collect the logon servers, load the inbox, publish the requests within the
 * throttle) every {@link SiteSettings#collectInterval()}, and a {@link SiteReplication} every
 * {@link SiteSettings#replicateInterval()}, until it is stopped.
 *
 * <pre>{@code
 * try (InventoryStore store = InventoryStore.openEmbedded(root.resolve("SITE.SRV/mifsync.db"), clock);
 *         SiteService service = SiteService.builder(root, store).clock(clock)
 *                 .listener(new SiteService.Listener() {
 *                     public void cycleDone(SiteService.Cycle cycle) { log(cycle); }
 *                 }).build()) {
 *     service.start();
 *     ...                       // the host runs
 *     service.stop();           // finishes the report being decided
 *     service.awaitStopped(Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p><b>Schedule.</b> A cycle runs at start, then every {@code collectInterval} after the end of
 * the previous one; sooner when requests wait for the publishing throttle (at the throttle's next
 * free slot), when {@link #wake()} is called, or when a report file appears in the central inbox
 * {@code SITE.SRV/INVENTRY.BOX} (a {@link WatchService} wake-up, where the file system offers one;
 * reports that agents drop on the logon servers are found by the regular collect). Replication runs
 * at start, after the first cycle, then every {@code replicateInterval}. The settings are read from
 * the store at every cycle, so a {@code site init} that changes them needs no restart.
 *
 * <p><b>Failures.</b> A failure of the site (the database down, busy or locked, the disk full, a
 * directory that cannot be read, another collector holding the inbox) never ends the service: the
 * activity that failed is tried again after a backoff that starts at {@link
 * Builder#failureBackoff}'s first delay and doubles with each failure in a row up to its ceiling;
 * a success resets it. Files are kept with their try counts, as the loader does. While a cycle
 * backs off, wake-ups are ignored, so that a failing site is not hammered. Only a database made by
 * a newer mifsync ({@link StoreException.Kind#SCHEMA_TOO_NEW}) or a JVM error ends the service
 * ({@link State#FAILED}, {@link #failure()}): no retry can cure them.
 *
 * <p><b>Stopping.</b> {@link #stop()} asks the service to stop and returns at once; the cycle
 * under way finishes the report it is deciding and returns, leaving the files it has not loaded
 * in the inbox under their names and the requests in the store for the next run; {@link
 * #awaitStopped} waits for that. {@link #close()} does both. A service runs once: it cannot be
 * started again after it stopped.
 *
 * <p>Thread-safe: {@link #start()}, {@link #stop()}, {@link #wake()}, {@link #awaitStopped},
 * {@link #state()} and {@link #close()} may be called from any thread (a shutdown hook, a
 * listener). The listener is called on the service's thread, one call at a time; an exception it
 * throws is logged and ignored. The service does not own the store: close the store after the
 * service. Nothing is printed; problems are logged through {@link System.Logger}.
 *
 * @since 0.1
 */
public final class SiteService implements AutoCloseable {

    /** The thread's name. */
    public static final String THREAD_NAME = "mifsync-site-service";

    /** The shortest wait between two cycles that wait for the throttle, against a clock that stands still. */
    private static final Duration MIN_SLOT_WAIT = Duration.ofMillis(50);
    /** The longest a wait lasts before the clock is read again (a clock may be set, or jump). */
    private static final Duration MAX_WAIT_SLICE = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger(SiteService.class.getName());

    /**
     * Where a service stands. Immutable and thread-safe.
     *
     * @since 0.1
     */
    public enum State {
        /** Built, not started. */
        NEW,
        /** Started: cycles run on the schedule. */
        RUNNING,
        /** Asked to stop: finishing the report being decided. */
        STOPPING,
        /** Stopped after {@link #stop()}, or stopped before it started. */
        STOPPED,
        /** Ended by a failure no retry cures ({@link #failure()}). */
        FAILED
    }

    /**
     * What the service was doing when something failed. Immutable and thread-safe.
     *
     * @since 0.1
     */
    public enum Activity {
        /** A cycle: collect, load, publish. */
        CYCLE,
        /** Replication of the masters to the logon servers. */
        REPLICATION
    }

    /**
     * One cycle the service ran.
     *
     * <p>Immutable and thread-safe.
     *
     * @param number the cycle's number, from 1
     * @param started when it started, by the service's clock
     * @param took how long it took, by the service's clock
     * @param report what it collected, loaded and published, and why it ended
     * @param nextSlot when the publishing throttle admits again, if requests wait for it
     * @since 0.1
     */
    public record Cycle(long number, Instant started, Duration took, SiteCycle.Report report, Optional<Instant> nextSlot) {

        /**
         * Validates the fields.
         *
         * @throws NullPointerException if a field is null
         */
        public Cycle {
            Objects.requireNonNull(started, "started");
            Objects.requireNonNull(took, "took");
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(nextSlot, "next slot");
        }

        /**
         * Returns the number of requests that wait for the publishing throttle, over every domain.
         *
         * @return the count
         */
        public int waiting() {
            return report.published().stream().mapToInt(Publisher.Report::waiting).sum();
        }

        /**
         * Tells whether the cycle found nothing to do: nothing collected, aged out or wrong on the
         * logon servers, no file loaded, no request file changed and none waiting.
         *
         * @return true for an idle cycle
         */
        public boolean idle() {
            return report.collected().moved().isEmpty() && report.collected().agedOut().isEmpty()
                    && report.collected().problems().isEmpty() && report.loaded().files().isEmpty()
                    && report.published().stream().noneMatch(Publisher.Report::changedFiles) && waiting() == 0;
        }

        /**
         * Tells whether the load stopped early because the site failed ({@link
         * Loader.StopReason#SITE_FAILURE}, {@link Loader.StopReason#CLAIMS_LOST}); the files are kept.
         *
         * @return what failed, for people, if it did; empty also for a load stopped by {@link
         *     SiteService#stop()}
         */
        public Optional<String> siteFailure() {
            Loader.StopReason why = report.loaded().stopReason();
            return why == Loader.StopReason.SITE_FAILURE || why == Loader.StopReason.CLAIMS_LOST
                    ? report.loaded().stoppedBy() : Optional.empty();
        }
    }

    /**
     * Something that failed and will be tried again.
     *
     * <p>Immutable and thread-safe.
     *
     * @param activity what failed
     * @param message why, for people
     * @param cause the exception, if one was thrown (a load stopped by a failure of the site reports none)
     * @param failuresInARow how many times in a row the activity failed, 1 or more
     * @param retryIn when it is tried again
     * @since 0.1
     */
    public record Failure(Activity activity, String message, Optional<Throwable> cause, int failuresInARow,
            Duration retryIn) {

        /**
         * Validates the fields.
         *
         * @throws NullPointerException if a field is null
         * @throws IllegalArgumentException if the count is below 1
         */
        public Failure {
            Objects.requireNonNull(activity, "activity");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(retryIn, "retry in");
            if (failuresInARow < 1) {
                throw new IllegalArgumentException("failures in a row must be at least 1, found " + failuresInARow);
            }
        }
    }

    /**
     * Hears what the service does: progress and outcomes. Every method has an empty default; each is
     * called on the service's thread, one at a time, so an implementation need not be thread-safe
     * unless it shares state with other threads. It should return quickly: the service waits for it.
     *
     * @since 0.1
     */
    public interface Listener {
        /** The service started; the first cycle follows. */
        default void started() {
        }

        /**
         * A file was loaded (applied, refused or set aside).
         *
         * @param file what became of it
         */
        default void fileLoaded(Loader.FileDecision file) {
        }

        /**
         * A cycle ended (also one whose load a failure of the site stopped early, which {@link
         * #failed} then reports too).
         *
         * @param cycle what it did
         */
        default void cycleDone(Cycle cycle) {
        }

        /**
         * A replication ended.
         *
         * @param report what it copied and removed, per domain, and the domains it could not replicate
         */
        default void replicated(SiteReplication.Report report) {
        }

        /**
         * Something failed; it is tried again after {@link Failure#retryIn()}.
         *
         * @param failure what failed, and when it is tried again
         */
        default void failed(Failure failure) {
        }

        /**
         * A failure no retry could cure ends the service; {@link #stopped()} follows at once. Not
         * called when the service ends after {@link SiteService#stop()}.
         *
         * <p>(Two calls rather than one with an optional failure: a listener that only cares that
         * the service ended overrides {@link #stopped()} alone and never misses an ending.)
         *
         * @param failure the failure that ended it
         */
        default void fatal(Throwable failure) {
        }

        /**
         * The service stopped, after {@link SiteService#stop()} or a {@linkplain #fatal fatal}
         * failure; this is the last call.
         */
        default void stopped() {
        }
    }

    private final Path root;
    private final InventoryStore store;
    private final Clock clock;
    private final Optional<SiteCode> site;
    private final Listener listener;
    private final String actor;
    private final boolean watchInbox;
    private final Duration firstBackoff;
    private final Duration maxBackoff;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final CountDownLatch finished = new CountDownLatch(1);
    /** Guarded by {@link #lock}. */
    private State state = State.NEW;
    /** Guarded by {@link #lock}: {@link #wake()} was called. */
    private boolean wakeRequested;
    /** Guarded by {@link #lock}: a report file appeared in the inbox. */
    private boolean inboxChanged;
    /** Read between files by the loader, without the lock. */
    private volatile boolean stopRequested;
    private volatile Throwable failure;

    private SiteService(Builder b) {
        this.root = b.root;
        this.store = b.store;
        this.clock = b.clock;
        this.site = b.site;
        this.listener = new SafeListener(b.listener);
        this.actor = b.actor;
        this.watchInbox = b.watchInbox;
        this.firstBackoff = b.firstBackoff;
        this.maxBackoff = b.maxBackoff;
    }

    /**
     * Returns a builder.
     *
     * @param root the central site's root (holding {@code SITE.SRV})
     * @param store the hierarchy's store; the caller closes it, after the service
     * @return the builder: the store's clock, every site of the hierarchy, no listener, the inbox
     *     watched, failures retried after 1 s doubling to 5 min
     */
    public static Builder builder(Path root, InventoryStore store) {
        return new Builder(root, store);
    }

    /**
     * Configures a {@link SiteService}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Path root;
        private final InventoryStore store;
        private Clock clock;
        private Optional<SiteCode> site = Optional.empty();
        private Listener listener = new Listener() { };
        private String actor = "mifsync site run";
        private boolean watchInbox = true;
        private Duration firstBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(5);

        private Builder(Path root, InventoryStore store) {
            this.root = Objects.requireNonNull(root, "root");
            this.store = Objects.requireNonNull(store, "store");
            this.clock = store.clock();
        }

        /**
         * Sets the clock every schedule, age, throttle and decision time is measured with.
         *
         * @param value the clock (default: the store's)
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Runs the service as one site: it collects, publishes and replicates that site's domains
         * only ({@link SiteCycle#sitesOf}).
         *
         * @param value the site (default: every site of the hierarchy)
         * @return this builder
         */
        public Builder site(SiteCode value) {
            this.site = Optional.of(Objects.requireNonNull(value, "site"));
            return this;
        }

        /**
         * Sets who hears progress and outcomes.
         *
         * @param value the listener
         * @return this builder
         */
        public Builder listener(Listener value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Names who publishes, in the requests' audit trail.
         *
         * @param value the actor (default {@code mifsync site run})
         * @return this builder
         */
        public Builder actor(String value) {
            this.actor = Objects.requireNonNull(value, "actor");
            return this;
        }

        /**
         * Sets whether a report file appearing in the central inbox starts a cycle at once (through
         * a {@link WatchService}), rather than at the next collect.
         *
         * @param value true to watch (default); where the file system offers no watch, the service
         *     polls only, and logs why
         * @return this builder
         */
        public Builder watchInbox(boolean value) {
            this.watchInbox = value;
            return this;
        }

        /**
         * Sets the backoff after failures of the site: the first retry after {@code first}, each
         * further failure in a row doubling the wait, up to {@code ceiling}.
         *
         * @param first the first wait (positive)
         * @param ceiling the longest wait (at least {@code first})
         * @return this builder
         * @throws IllegalArgumentException if a duration is out of range
         */
        public Builder failureBackoff(Duration first, Duration ceiling) {
            Objects.requireNonNull(first, "first backoff");
            Objects.requireNonNull(ceiling, "backoff ceiling");
            if (first.isNegative() || first.isZero()) {
                throw new IllegalArgumentException("the first backoff must be positive, found " + first);
            }
            if (ceiling.compareTo(first) < 0) {
                throw new IllegalArgumentException("the backoff ceiling " + ceiling + " is shorter than the first"
                        + " backoff " + first);
            }
            this.firstBackoff = first;
            this.maxBackoff = ceiling;
            return this;
        }

        /**
         * Builds the service, not yet started.
         *
         * @return the service
         */
        public SiteService build() {
            return new SiteService(this);
        }
    }

    /**
     * Starts the service's thread: the first cycle runs at once.
     *
     * @throws IllegalStateException if the service was started or stopped before
     */
    public void start() {
        lock.lock();
        try {
            if (state != State.NEW) {
                throw new IllegalStateException("the site service runs once; it is " + state);
            }
            state = State.RUNNING;
            // not a daemon: a service keeps its JVM alive until it is stopped
            Thread thread = new Thread(this::run, THREAD_NAME);
            thread.start();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asks the service to stop and returns at once: the cycle under way finishes the report it is
     * deciding, then the service stops. Stopping a service that never started makes it {@link
     * State#STOPPED}; stopping it again does nothing.
     */
    public void stop() {
        lock.lock();
        try {
            stopRequested = true;
            if (state == State.NEW) {
                state = State.STOPPED;
                finished.countDown();
            } else if (state == State.RUNNING) {
                state = State.STOPPING;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a cycle now (collect, load, publish), unless one runs already, in which case another
     * follows it; ignored while the service backs off after a failure.
     */
    public void wake() {
        lock.lock();
        try {
            wakeRequested = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the service has stopped.
     *
     * @param timeout the longest wait
     * @return true if it stopped (or never started and was stopped), false if the time ran out
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return finished.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    /**
     * Returns where the service stands.
     *
     * @return the state
     */
    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the failure that ended the service, when it is {@link State#FAILED}.
     *
     * @return the failure, if any
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /**
     * Stops the service and waits until it has: the report being decided is finished first.
     * Calling it again does nothing.
     */
    @Override
    public void close() {
        stop();
        boolean interrupted = false;
        while (true) {
            try {
                finished.await();
                break;
            } catch (InterruptedException e) {
                // the store must not be closed under a running cycle: wait on, then pass the interrupt on
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns the wait after {@code failures} failures in a row: first, doubled each time, capped. */
    static Duration backoff(Duration first, Duration ceiling, int failures) {
        Duration wait = first;
        for (int i = 1; i < failures && wait.compareTo(ceiling) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(ceiling) > 0 ? ceiling : wait;
    }

    // ------------------------------------------------------------------------------- the thread

    private void run() {
        Throwable fatal = null;
        WatchService watcher = watchInbox ? watch() : null;
        try {
            listener.started();
            new Schedule().run();
        } catch (Error | RuntimeException e) {
            // only what no retry cures gets here (see attempt)
            fatal = e;
            LOG.log(System.Logger.Level.ERROR, "the site service stops: " + TextEscapes.forDisplay(String.valueOf(e.getMessage())), e);
        } finally {
            if (watcher != null) {
                try {
                    watcher.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "closing the inbox watch: " + e.getMessage());
                }
            }
            failure = fatal;
            lock.lock();
            try {
                state = fatal == null ? State.STOPPED : State.FAILED;
                stopRequested = true;
            } finally {
                lock.unlock();
            }
            if (fatal != null) {
                listener.fatal(fatal);
            }
            listener.stopped();
            finished.countDown();
        }
    }

    /** The loop and its state; lives on the service's thread only. */
    private final class Schedule {
        private SiteSettings settings = SiteSettings.DEFAULTS;
        private long cycles;
        private int cycleFailures;
        private int replicationFailures;
        private Instant nextCycle;
        private Instant nextReplication;

        void run() {
            nextCycle = clock.instant();
            // due at once too, and run after the cycle, so that it carries what that cycle published
            nextReplication = nextCycle;
            while (!stopRequested) {
                boolean woken = takeWake();
                if (woken || !clock.instant().isBefore(nextCycle)) {
                    cycle();
                }
                if (stopRequested) {
                    break;
                }
                if (!clock.instant().isBefore(nextReplication)) {
                    replicate();
                }
                awaitUntil(nextCycle.isBefore(nextReplication) ? nextCycle : nextReplication);
            }
        }

        /** Takes a wake-up: always one from {@link #wake()}, one from the inbox only if it holds a report. */
        private boolean takeWake() {
            boolean wake;
            boolean inbox;
            lock.lock();
            try {
                wake = wakeRequested;
                inbox = inboxChanged;
                wakeRequested = false;
                inboxChanged = false;
            } finally {
                lock.unlock();
            }
            if (cycleFailures > 0) {
                return false;
            }
            // the loader's own renames and the collector's deliveries also raise events: a cycle
            // is worth running only if a report waits now
            return wake || (inbox && inboxHoldsReports());
        }

        private void awaitUntil(Instant deadline) {
            lock.lock();
            try {
                while (!stopRequested && !((wakeRequested || inboxChanged) && cycleFailures == 0)) {
                    Duration left = Duration.between(clock.instant(), deadline);
                    if (left.isNegative() || left.isZero()) {
                        return;
                    }
                    changed.awaitNanos((left.compareTo(MAX_WAIT_SLICE) > 0 ? MAX_WAIT_SLICE : left).toNanos());
                }
            } catch (InterruptedException e) {
                // an interrupt of the service's thread asks it to stop, as a host's executor would
                stopRequested = true;
            } finally {
                lock.unlock();
            }
        }

        private void cycle() {
            Instant started = clock.instant();
            try {
                settings = store.settings();
                List<SiteCode> sites = site.map(only -> SiteCycle.sitesOf(store, only))
                        .orElseGet(() -> SiteCycle.sitesOf(store));
                SiteCycle.Report report = SiteCycle.builder(root, store).clock(clock).sites(sites).actor(actor)
                        .listener(listener::fileLoaded).stopRequested(() -> stopRequested).build().run();
                Instant ended = clock.instant();
                Optional<Instant> nextSlot = report.published().stream().filter(p -> p.waiting() > 0)
                        .map(Publisher.Report::nextSlot).flatMap(Optional::stream).min(Instant::compareTo);
                Cycle cycle = new Cycle(++cycles, started, Duration.between(started, ended), report, nextSlot);
                listener.cycleDone(cycle);
                if (report.failure().isPresent()) {
                    SiteCycle.Failure failure = report.failure().get();
                    endIfIncurable(failure.cause());
                    failed(Activity.CYCLE, failure.toString(), failure.cause());
                    return;
                }
                Optional<String> siteFailure = cycle.siteFailure();
                if (siteFailure.isPresent()) {
                    failed(Activity.CYCLE, "the load stopped early, files kept: " + siteFailure.get(), null);
                    return;
                }
                cycleFailures = 0;
                nextCycle = ended.plus(settings.collectInterval());
                if (nextSlot.isPresent()) {
                    // requests wait for the throttle: publish them when it admits again
                    Instant slot = nextSlot.get().isAfter(ended.plus(MIN_SLOT_WAIT)) ? nextSlot.get()
                            : ended.plus(MIN_SLOT_WAIT);
                    if (slot.isBefore(nextCycle)) {
                        nextCycle = slot;
                    }
                }
            } catch (RuntimeException e) {
                endIfIncurable(e);
                failed(Activity.CYCLE, describe(e), e);
            }
        }

        private void replicate() {
            try {
                SiteReplication replication = SiteReplication.of(root, store, clock);
                SiteReplication.Report result;
                if (site.isEmpty()) {
                    result = replication.run(Mode.APPLY, (d, r) -> { });
                } else {
                    result = replicateOwnDomains(replication);
                }
                replicationFailures = 0;
                nextReplication = clock.instant().plus(settings.replicateInterval());
                listener.replicated(result);
            } catch (RuntimeException e) {
                endIfIncurable(e);
                replicationFailures++;
                Duration wait = backoff(firstBackoff, maxBackoff, replicationFailures);
                nextReplication = clock.instant().plus(wait);
                listener.failed(new Failure(Activity.REPLICATION, describe(e), Optional.of(e), replicationFailures,
                        wait));
            }
        }

        /** Replicates the domains of the service's site only, one at a time. */
        private SiteReplication.Report replicateOwnDomains(SiteReplication replication) {
            SiteCode only = site.orElseThrow();
            List<DomainName> domains = store.inTransaction(tx -> tx.topology().domains()).stream()
                    .filter(d -> d.site().equals(only)).map(SmsDomain::name).sorted().toList();
            Map<DomainName, Replicator.Report> reports = new LinkedHashMap<>();
            Map<DomainName, String> failures = new LinkedHashMap<>();
            for (DomainName domain : domains) {
                SiteReplication.Report one = replication.run(domain, Mode.APPLY, (d, r) -> { });
                reports.putAll(one.reports());
                failures.putAll(one.failures());
            }
            return new SiteReplication.Report(reports, failures);
        }

        private void failed(Activity activity, String message, Throwable cause) {
            cycleFailures++;
            Duration wait = backoff(firstBackoff, maxBackoff, cycleFailures);
            nextCycle = clock.instant().plus(wait);
            LOG.log(System.Logger.Level.WARNING, activity + " failed (" + cycleFailures + " in a row), retrying in "
                    + wait + ": " + TextEscapes.forDisplay(message));
            listener.failed(new Failure(activity, message, Optional.ofNullable(cause), cycleFailures, wait));
        }
    }

    /** Rethrows what no retry can cure, ending the service: a database made by a newer mifsync. */
    private static void endIfIncurable(Exception e) {
        if (e instanceof StoreException s && s.kind() == StoreException.Kind.SCHEMA_TOO_NEW) {
            throw s;
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private Path inbox() {
        return root.resolve(SiteLayout.SITE_SRV).resolve(SiteLayout.INVENTRY_BOX);
    }

    private boolean inboxHoldsReports() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(inbox())) {
            for (Path f : files) {
                if (Inbox.isReportName(f.getFileName().toString()) && Files.isRegularFile(f)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            // the cycle will meet the same problem and report it
            return true;
        }
    }

    /** Watches the inbox for new report files on a daemon thread; null where that cannot be done. */
    private WatchService watch() {
        Path inbox = inbox();
        WatchService watcher = null;
        try {
            watcher = inbox.getFileSystem().newWatchService();
            inbox.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.INFO, "not watching " + inbox + " (" + e.getMessage()
                    + "); new reports are found by the regular collect");
            if (watcher != null) {
                try {
                    watcher.close();
                } catch (IOException ignored) {
                    // it was never used
                }
            }
            return null;
        }
        WatchService service = watcher;
        Thread thread = new Thread(() -> watchLoop(service), THREAD_NAME + "-inbox-watch");
        // only a helper of the service's thread, which closes the watch when it ends
        thread.setDaemon(true);
        thread.start();
        return watcher;
    }

    private void watchLoop(WatchService watcher) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean report = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        report = true;
                    } else if (event.context() instanceof Path name && Inbox.isReportName(name.toString())) {
                        report = true;
                    }
                }
                key.reset();
                if (report) {
                    lock.lock();
                    try {
                        inboxChanged = true;
                        changed.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // the service ended
        }
    }

    /** Keeps a listener's exception from ending the service. */
    private record SafeListener(Listener delegate) implements Listener {
        @Override
        public void started() {
            guard(delegate::started);
        }

        @Override
        public void fileLoaded(Loader.FileDecision file) {
            guard(() -> delegate.fileLoaded(file));
        }

        @Override
        public void cycleDone(Cycle cycle) {
            guard(() -> delegate.cycleDone(cycle));
        }

        @Override
        public void replicated(SiteReplication.Report report) {
            guard(() -> delegate.replicated(report));
        }

        @Override
        public void failed(Failure failure) {
            guard(() -> delegate.failed(failure));
        }

        @Override
        public void fatal(Throwable failure) {
            guard(() -> delegate.fatal(failure));
        }

        @Override
        public void stopped() {
            guard(delegate::stopped);
        }

        private static void guard(Runnable call) {
            try {
                call.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a site service listener failed: " + e, e);
            }
        }
    }
}
