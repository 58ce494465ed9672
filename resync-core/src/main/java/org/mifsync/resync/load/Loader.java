package org.mifsync.resync.load;

import static org.mifsync.resync.settings.internal.Checks.atLeastOne;
import static org.mifsync.resync.settings.internal.Checks.positive;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.mifsync.mif.Diagnostic;
import org.mifsync.mif.MifException;
import org.mifsync.mif.MifParser;
import org.mifsync.mif.ParseLimits;
import org.mifsync.mif.SourceLocation;
import org.mifsync.mif.SyntaxMode;
import org.mifsync.mif.TextEscapes;
import org.mifsync.resync.collect.Inbox;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.compare.Decision;
import org.mifsync.resync.files.SourceFile;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ObjectReport;
import org.mifsync.resync.report.ReportException;
import org.mifsync.resync.report.ReportReader;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.LoaderClaims;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.StoreException;

/**
 * Works an inbox of report files ({@code INVENTRY.BOX}): parses each file leniently, claims it by
 * renaming it with an {@code X} prefix just before deciding it (one more {@code X} per try, as SMS's
 * Data Loader did), decides its reports with the {@link Comparer} in each client's version order, and then deletes
 * an applied file, archives a refused one under {@code REFUSED/<REASON>/}, and moves an unusable
 * one to {@code BADMIFS/} beside a {@code .err} file holding every {@code file:line:col} error.
 *
 * <p>Tries: a file found with {@code X} prefixes was being worked when a loader stopped (a crash,
 * or an error in the loader); after {@value #MAX_TRIES} tries it goes to {@code BADMIFS}. Failures
 * of the site (a busy, locked or damaged database, a lost connection, a full disk) are not failures
 * of the file: the loader puts the file back under the name it had, its try count unchanged, and stops
 * this pass ({@link StopReason#SITE_FAILURE}); the caller backs off and runs again later.
 *
 * <p><b>One file's problem is that file's problem.</b> Only regular files are read, never through a
 * link, under a stall watchdog ({@link SourceFile}); a file larger than {@link Builder#maxFileBytes}
 * ({@code max-mif-size}) is not read at all and goes to {@code BADMIFS} with an {@code .err} saying
 * so; a link, FIFO or device with a report's name goes there unread. A file that cannot be read, or
 * whose reading fails in any other way (an exception, an {@link OutOfMemoryError} or {@link
 * StackOverflowError} while parsing it), goes to {@code BADMIFS} with the error in its {@code .err}.
 * A failure after a file was claimed that is not the site's (the loader's own error) costs the file
 * a try; one that happens moving a decided file away leaves it claimed, and the next pass finishes
 * it. Each such failure is in {@link Report#problems()}; the pass goes on with the other files.
 *
 * <p><b>Names.</b> A file whose name the inbox cannot use ({@link Inbox#unusableBecause}: a
 * backslash, non-ASCII, bytes invalid in the platform encoding) is worked under {@link
 * Inbox#heldName}, to which it is renamed when claimed; results and the load log name it by the
 * client's name ({@link Inbox#originalName(String)}), the same under every locale.
 *
 * <p><b>After a crash.</b> A file found claimed (with {@code X} prefixes) may have been decided
 * just before its loader was killed, leaving only the removal or archiving undone. A report of it
 * whose decision the load log already holds (same SMSID, kind, version, content hash and file) is
 * finished as that decision said, without deciding it again: no second load-log row, and no
 * refusal as a duplicate of itself ({@link Comparer.DecisionGroup#committedDecision}).
 *
 * <p><b>Bounded memory.</b> A pass first learns each waiting file's client and version: from its
 * name when it is named as the agent names reports ({@code <KIND>_<SMSID>_<major>_<minor>.MIF}),
 * otherwise by reading it (keeping the reports of the files that fit in the {@linkplain
 * Builder#windowBytes window}). It then works client by client, each client's files in version
 * order, reading each file that is not held just before deciding it. A file whose content
 * contradicts its name is decided after the others, with the rest of its client's files, in the
 * order their content gives. The size limit is checked from the file's size before it is opened.
 *
 * <p>Stopping: a pass asked to stop ({@link Builder#stopRequested}) finishes the file it is deciding
 * and leaves every file it has not claimed in the inbox under its name, for the next pass; its
 * report then says {@link StopReason#STOP_REQUESTED}, and {@value #STOP_MESSAGE} for people ({@link
 * Report#stoppedBy()}).
 *
 * <p><b>Group commit.</b> Decisions are committed in groups ({@link Builder#commitEvery}): each
 * report is decided in a savepoint of the group's transaction, and a decided file goes back under
 * its unclaimed name until the group commits, so that a kill before the commit undoes the group and
 * costs none of its files a try. Just before the commit the group's files are claimed again; after
 * it they are removed or archived, and only then reported to the {@linkplain Builder#listener
 * listener}. A failure of the site anywhere in a group undoes the whole group and gives every file
 * its name back.
 *
 * <p><b>Several loaders.</b> Any number of loaders, in one process or several, on one host or
 * several sharing the site root, may work one inbox: a pass first indexes the inbox (reading only),
 * then claims its clients in the store in small batches ({@link
 * org.mifsync.resync.store.LoaderClaims}) and works only those it got; a client another loader holds
 * is left to it ({@link Report#leftToOthers()}). A claim is a lease ({@link Builder#lease}), renewed
 * in the transaction of each commit, which fails (and is undone) if the claim was lost; a killed
 * loader's clients go to the others when its leases expire, or at once when it ran on this host. A
 * file that went since the listing leaves the rest of its client to the next pass, so that no
 * later version is decided before it. With {@link Builder#workers} the pass runs several deciding
 * threads on PostgreSQL, each on its own clients. Decisions are atomic and remembered in the store, so
 * a pass interrupted at any point and run again loses no accepted report and applies none twice.
 *
 * <p>Thread-safe: passes on one loader run one at a time; the listener is called on the deciding
 * threads, one call at a time.
 *
 * @since 0.1
 */
public final class Loader {

    /** Tries after which a file that keeps interrupting the loader goes to {@code BADMIFS}. */
    public static final int MAX_TRIES = 3;
    /** The directory of unusable files, inside the inbox. */
    public static final String BADMIFS = "BADMIFS";
    /** The directory of refused reports, inside the inbox, one sub-directory per reason. */
    public static final String REFUSED = "REFUSED";
    /** {@link Report#stoppedBy()} of a pass that stopped because its caller asked it to. */
    public static final String STOP_MESSAGE = "stop requested";
    /**
     * Bytes of report files whose parsed reports a pass keeps at once by default ({@link
     * Builder#windowBytes}).
     */
    public static final long DEFAULT_WINDOW_BYTES = 8L << 20;
    /** How many files' decisions a pass commits together at most by default ({@link Builder#commitEvery}). */
    public static final int DEFAULT_COMMIT_FILES = 32;
    /** How long a pass lets decisions wait for their commit at most by default ({@link Builder#commitEvery}). */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(250);

    /** How many files a worker reads ahead of its decisions at most. */
    static final int READ_AHEAD_FILES = 8;
    /** How long a loader's claim on a client lasts unless renewed, by default ({@link Builder#lease}). */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);
    /** This process's loader name ({@link Builder#name}). */
    private static final String PROCESS_NAME = processName();

    private static final System.Logger LOG = System.getLogger(Loader.class.getName());

    private final Path inbox;
    private final Comparer comparer;
    private final ReportReader reader;
    private final MifParser parser;
    private final Consumer<FileDecision> listener;
    private final BooleanSupplier stopRequested;
    private final long maxFileBytes;
    private final long maxIdmifBytes;
    private final Duration stallTimeout;
    private final long windowBytes;
    private final int commitFiles;
    private final Duration commitInterval;
    private final String name;
    private final Duration lease;
    private final int workers;

    private Loader(Builder b) {
        this.inbox = b.inbox;
        this.comparer = b.comparer;
        this.reader = b.reader;
        this.parser = b.parser;
        this.listener = b.listener;
        this.stopRequested = b.stopRequested;
        this.maxFileBytes = b.maxFileBytes;
        this.maxIdmifBytes = b.maxIdmifBytes;
        this.stallTimeout = b.stallTimeout;
        this.windowBytes = b.windowBytes;
        this.commitFiles = b.commitFiles;
        this.commitInterval = b.commitInterval;
        this.name = b.name;
        this.lease = b.lease;
        this.workers = b.workers;
    }

    /**
     * Returns a builder.
     *
     * @param inbox the inbox directory, e.g. {@code SITE.SRV/INVENTRY.BOX}
     * @param comparer the comparison to decide reports with
     * @return the builder
     */
    public static Builder builder(Path inbox, Comparer comparer) {
        return new Builder(inbox, comparer);
    }

    /**
     * Configures a {@link Loader}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Path inbox;
        private final Comparer comparer;
        private ReportReader reader = ReportReader.standard();
        private MifParser parser = MifParser.lenient();
        private Consumer<FileDecision> listener = r -> { };
        private BooleanSupplier stopRequested = () -> false;
        private long maxFileBytes = ParseLimits.DEFAULT.maxInputBytes();
        private long maxIdmifBytes = SiteSettings.DEFAULTS.maxIdmifBytes();
        private Duration stallTimeout = SourceFile.DEFAULT_STALL_TIMEOUT;
        private long windowBytes = DEFAULT_WINDOW_BYTES;
        private int commitFiles = DEFAULT_COMMIT_FILES;
        private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;
        private String name = PROCESS_NAME;
        private Duration lease = DEFAULT_LEASE;
        private int workers = 1;

        private Builder(Path inbox, Comparer comparer) {
            this.inbox = Objects.requireNonNull(inbox, "inbox");
            this.comparer = Objects.requireNonNull(comparer, "comparer");
        }

        /**
         * Sets the report reader (its software classes).
         *
         * @param value the reader (default {@link ReportReader#standard()})
         * @return this builder
         */
        public Builder reader(ReportReader value) {
            this.reader = Objects.requireNonNull(value, "reader");
            return this;
        }

        /**
         * Sets the MIF parser.
         *
         * @param value the parser (default {@link MifParser#lenient()}, as SMS accepted what real files do)
         * @return this builder
         */
        public Builder parser(MifParser value) {
            this.parser = Objects.requireNonNull(value, "parser");
            return this;
        }

        /**
         * Sets a listener told of each file's result, e.g. for a progress bar.
         *
         * @param value the listener; called on the loading thread once the file's decisions are
         *     committed and the file removed or archived (so in bursts, one per commit group)
         * @return this builder
         */
        public Builder listener(Consumer<FileDecision> value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Sets what a pass asks, between files, to know whether to stop early: a service being shut
         * down stops after the file it is deciding, and the files it has not claimed stay in the
         * inbox under their names.
         *
         * @param value asked on the loading thread before each file; must be cheap and thread-safe
         *     (default: never stop)
         * @return this builder
         */
        public Builder stopRequested(BooleanSupplier value) {
            this.stopRequested = Objects.requireNonNull(value, "stop requested");
            return this;
        }

        /**
         * Sets the largest file read ({@code max-mif-size}): a larger one goes to {@code BADMIFS}
         * unread.
         *
         * @param value a positive number of bytes (default: the parser's default input limit; {@link
         *     org.mifsync.resync.site.SiteCycle} gives the site's {@code max-mif-size})
         * @return this builder
         */
        public Builder maxFileBytes(long value) {
            this.maxFileBytes = positive(value, "largest report size");
            return this;
        }

        /**
         * Sets the largest IDMIF of a custom object loaded ({@code max-idmif-size}, as ConfigMgr's
         * "maximum custom MIF file size"): a larger one goes to {@code BADMIFS}. The size is the one
         * the file had when it was listed, before it was read; {@link #maxFileBytes} bounds every read.
         *
         * @param value a positive number of bytes (default {@link SiteSettings#DEFAULTS}' 250 KiB)
         * @return this builder
         */
        public Builder maxIdmifBytes(long value) {
            this.maxIdmifBytes = positive(value, "largest IDMIF size");
            return this;
        }

        /**
         * Sets how long opening or reading one file may make no progress before it is given up
         * (elapsed time: it guards against a stuck system call).
         *
         * @param value a positive duration (default {@link SourceFile#DEFAULT_STALL_TIMEOUT})
         * @return this builder
         */
        public Builder stallTimeout(Duration value) {
            this.stallTimeout = positive(value, "stall timeout");
            return this;
        }

        /**
         * Sets the window: how many bytes of report files not named as the agent names them a pass
         * keeps parsed in memory at once. A pass reads such files first to learn their client and
         * version, keeping the reports of those that fit in the window, and reads the others again
         * just before deciding them. Memory then grows with the window and the largest report, not
         * with the number of waiting reports (an index entry of a few hundred bytes per file).
         *
         * @param value a positive number of bytes (default {@value #DEFAULT_WINDOW_BYTES})
         * @return this builder
         */
        public Builder windowBytes(long value) {
            this.windowBytes = positive(value, "window");
            return this;
        }

        /**
         * Sets group commit: decisions are committed together, once {@code files} files are decided
         * or the oldest uncommitted decision has waited {@code interval}, whichever comes first
         * (checked after each file), and at the end of a pass. One commit costs a disk flush; a
         * group shares it. A kill undoes the uncommitted decisions of at most one group, and their
         * files are decided again by the next pass, at no cost in tries. Their files are removed or
         * archived, and the {@linkplain #listener listener} told, after the commit.
         *
         * @param files the most files decided per commit, at least 1 (1: a commit per file; default
         *     {@value #DEFAULT_COMMIT_FILES})
         * @param interval the longest a decision waits for its commit, positive (default {@link
         *     #DEFAULT_COMMIT_INTERVAL})
         * @return this builder
         */
        public Builder commitEvery(int files, Duration interval) {
            this.commitFiles = atLeastOne(files, "files per commit");
            this.commitInterval = positive(interval, "commit interval");
            return this;
        }

        /**
         * Sets the name this loader's claims carry in the store (each worker's is the name with
         * {@code /1}, {@code /2}, … appended). A loader re-takes claims carrying its own name
         * that have not expired, e.g. after a pass stopped by a failure of the site.
         *
         * @param value a name unique among the loaders of the site (default {@code pid@host})
         * @return this builder
         */
        public Builder name(String value) {
            Objects.requireNonNull(value, "loader name");
            if (value.isBlank()) {
                throw new IllegalArgumentException("loader name must not be blank");
            }
            this.name = value;
            return this;
        }

        /**
         * Sets how long a claim on a client lasts unless renewed ({@code loader-lease}). A loader
         * renews its claims with every commit; a loader killed or stalled longer than this gives its
         * clients up to the others.
         *
         * @param value a positive duration, longer than the slowest file takes (default {@link
         *     #DEFAULT_LEASE})
         * @return this builder
         */
        public Builder lease(Duration value) {
            this.lease = positive(value, "lease");
            return this;
        }

        /**
         * Sets how many workers a pass runs ({@code workers}): on PostgreSQL that many deciding
         * threads, each with its own connection and its own clients; on SQLite, which has one
         * writer, one deciding thread and that many reading and parsing.
         *
         * @param value at least 1 (default 1)
         * @return this builder
         */
        public Builder workers(int value) {
            this.workers = atLeastOne(value, "workers");
            return this;
        }

        /**
         * Builds the loader.
         *
         * @return the loader
         */
        public Loader build() {
            return new Loader(this);
        }
    }

    /**
     * The decision about one file: where it went, and the decisions about its reports.
     *
     * <p>Immutable and thread-safe.
     *
     * @param file the file's name as the client gave it (its name in the inbox, unless the inbox
     *     could not use it: {@link Inbox#originalName(String)})
     * @param outcome the outcome that decided where it went (the first refusal, else the first
     *     decision; {@link Outcome#BAD_MIF} for {@code BADMIFS})
     * @param decisions the decisions about its reports (none for an unusable file)
     * @param movedTo where the file went, or empty when it was applied and deleted
     * @since 0.1
     */
    public record FileDecision(String file, Outcome outcome, List<Decision> decisions, Optional<Path> movedTo) {
        /**
         * Copies the decisions.
         *
         * @param file the name
         * @param outcome the deciding outcome
         * @param decisions the decisions
         * @param movedTo where it went
         */
        public FileDecision {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(outcome, "outcome");
            decisions = List.copyOf(decisions);
            Objects.requireNonNull(movedTo, "moved to");
        }
    }

    /**
     * Why a run over the inbox ended: a pass of the loader, or a {@code SiteCycle} (which reports the
     * loader's reason, or its own when a step failed or it was asked to stop after the load).
     *
     * @since 0.1
     */
    public enum StopReason {
        /** The run went to its end: every file it found was worked or left to other loaders. */
        FINISHED,
        /**
         * Its caller asked it to stop ({@link Builder#stopRequested}) or interrupted its thread: it
         * finished the file it was deciding and left the others in the inbox.
         */
        STOP_REQUESTED,
        /**
         * A failure of the site stopped it early: the store busy, locked, damaged or lost, or the
         * inbox's files could not be renamed (a full or read-only disk). The files are kept, their
         * try counts unchanged; the caller backs off and runs again.
         */
        SITE_FAILURE,
        /**
         * Its claims on clients expired before its decisions were committed (the loader was stalled
         * past its {@linkplain Builder#lease lease}) and other loaders took them over: its
         * uncommitted decisions were undone, and the files are kept.
         */
        CLAIMS_LOST,
        /**
         * An exception ended it. A {@link Loader} throws it (so its report never says this); a
         * {@code SiteCycle} reports it as the failure of one of its steps.
         */
        FAILED
    }

    /**
     * What a pass did.
     *
     * <p>Immutable and thread-safe.
     *
     * @param files the decisions about the files, in the order the files were finished
     * @param reportsByOutcome how many reports had each outcome
     * @param requestsMade how many resync request times were made (created or re-issued)
     * @param badFiles how many files went to {@code BADMIFS}
     * @param stopReason why the pass ended ({@link StopReason#FINISHED} unless it stopped early)
     * @param stoppedBy why the pass stopped early, for people (what failed, or {@value Loader#STOP_MESSAGE});
     *     present exactly when {@code stopReason} is not {@link StopReason#FINISHED}
     * @param problems files that failed in a way that left them in the inbox for the next pass,
     *     each {@code file: what happened}
     * @param leftToOthers files left in the inbox because other loaders held their clients
     * @since 0.1
     */
    public record Report(List<FileDecision> files, Map<Outcome, Integer> reportsByOutcome, int requestsMade,
            int badFiles, StopReason stopReason, Optional<String> stoppedBy, List<String> problems, int leftToOthers) {
        /**
         * Copies the collections and checks that a reason to stop early comes with its text.
         *
         * @param files the decisions about the files
         * @param reportsByOutcome counts by outcome
         * @param requestsMade requests made
         * @param badFiles files sent to BADMIFS
         * @param stopReason why it ended
         * @param stoppedBy why it stopped early, for people
         * @param problems files left for the next pass after a failure
         * @param leftToOthers files left to other loaders
         * @throws IllegalArgumentException if {@code stoppedBy} is present for a finished pass or
         *     missing for one that stopped early
         */
        public Report {
            files = List.copyOf(files);
            reportsByOutcome = Map.copyOf(reportsByOutcome);
            Objects.requireNonNull(stopReason, "stop reason");
            Objects.requireNonNull(stoppedBy, "stopped by");
            if (stoppedBy.isPresent() != (stopReason != StopReason.FINISHED)) {
                throw new IllegalArgumentException("a pass that ended " + stopReason
                        + (stoppedBy.isPresent() ? " has no text for stopping early" : " needs a text saying why"));
            }
            problems = List.copyOf(problems);
        }

        /**
         * Returns the report of a pass that found nothing to do (or did not run).
         *
         * @return a finished, empty report
         */
        public static Report empty() {
            return new Report(List.of(), Map.of(), 0, 0, StopReason.FINISHED, Optional.empty(), List.of(), 0);
        }

        /**
         * Returns the reports applied, by outcome ({@code APPLIED_FULL}, {@code APPLIED_RESYNC},
         * {@code APPLIED_DELTA}).
         *
         * @return counts, only outcomes that occurred
         */
        public Map<Outcome, Integer> applied() {
            return select(true);
        }

        /**
         * Returns the reports refused or archived, by reason ({@code VERSION_GAP}, {@code
         * DUPLICATE}, …); {@code BAD_MIF} is counted in {@link #badFiles()}.
         *
         * @return counts, only reasons that occurred
         */
        public Map<Outcome, Integer> refusedByReason() {
            return select(false);
        }

        private Map<Outcome, Integer> select(boolean wantApplied) {
            Map<Outcome, Integer> out = new EnumMap<>(Outcome.class);
            reportsByOutcome.forEach((outcome, count) -> {
                if (wantApplied ? outcome.isApplied() : outcome.isRefused()) {
                    out.put(outcome, count);
                }
            });
            return out;
        }

        /**
         * Tells whether the pass went through: no file went to {@code BADMIFS}, none was left in the
         * inbox after a failure ({@link #problems()}) and the pass was not stopped early ({@link
         * #stopReason()}).
         *
         * @return true for a clean pass
         */
        public boolean isClean() {
            return badFiles == 0 && problems.isEmpty() && stopReason == StopReason.FINISHED;
        }
    }

    /**
     * Works every file now in the inbox once: indexes it, then works the clients no other loader
     * holds, in batches claimed in the store, with {@link Builder#workers} deciding threads on
     * PostgreSQL (one on SQLite, which has one writer; its workers read and parse).
     *
     * @return what was done
     * @throws IOException if the inbox cannot be listed
     * @throws StoreException if the store fails in a way that is not a failure of the site (a failure
     *     of the site stops the pass and is in its report)
     */
    public synchronized Report loadOnce() throws IOException {
        Files.createDirectories(inbox);
        boolean oneWriter = comparer.backend() == Backend.SQLITE;
        int deciders = oneWriter ? 1 : workers;
        ExecutorService readers = Executors.newFixedThreadPool(oneWriter ? workers : deciders, r -> {
            Thread t = new Thread(r, "mifsync-read-ahead " + inbox.getFileName());
            t.setDaemon(true);
            return t;
        });
        try {
            Tally tally = new Tally(listener);
            freeClaimsOfDeadLoaders();
            InboxIndex.Result index = InboxIndex.of(inbox, maxFileBytes, windowBytes, this::read, readers,
                    stopRequested);
            tally.problems(index.problems());
            if (index.interrupted()) {
                tally.stopRequested(false);
                return tally.report();
            }
            // a name that did not say what the file holds: decided after the others, in its own order
            List<Entry> misnamed = round(index.entries(), deciders, tally, readers);
            if (!tally.stopped() && !misnamed.isEmpty()) {
                round(misnamed, deciders, tally, readers);
            }
            return tally.report();
        } finally {
            readers.shutdownNow();
        }
    }

    /** Works the entries with this many deciding threads; returns the files found misnamed. */
    private List<Entry> round(List<Entry> entries, int deciders, Tally tally, ExecutorService readers)
            throws IOException {
        KeyQueue queue = new KeyQueue(entries);
        if (deciders == 1) {
            try (Comparer.DecisionGroup group = comparer.group()) {
                return new Worker(this, name + "/1", group, tally, readers).run(queue);
            }
        }
        List<Entry> misnamed = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i <= deciders; i++) {
            String worker = name + "/" + i;
            Thread t = new Thread(() -> {
                try (Comparer.DecisionGroup group = comparer.group()) {
                    misnamed.addAll(new Worker(this, worker, group, tally, readers).run(queue));
                } catch (IOException | RuntimeException | Error e) {
                    tally.stop(StopReason.FAILED, "loader " + worker + " failed: " + e);
                    failures.add(e);
                }
            }, "mifsync-loader " + worker);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tally.stopRequested(true);
                threads.forEach(Thread::interrupt);
            }
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            if (first instanceof IOException e) {
                throw e;
            } else if (first instanceof RuntimeException e) {
                throw e;
            }
            throw (Error) first;
        }
        return misnamed;
    }

    /**
     * Reads and parses one file: nothing but reading, so that it may run on another thread, ahead of
     * the decisions. Whatever this one file does to the reader (a FIFO swapped in, a read error, a
     * parser running out of memory or stack on it) is its own problem, said in the result.
     */
    Read read(Claim claim) {
        try {
            Instant fileTime = Files.getLastModifiedTime(claim.path(), LinkOption.NOFOLLOW_LINKS).toInstant();
            SourceFile.Content content = SourceFile.read(claim.path(), maxFileBytes, stallTimeout);
            if (content.bytes() == null) {
                return InboxIndex.tooLarge(claim, content.extent().size(), maxFileBytes);
            }
            ReportReader.Reading reading = reading(content.bytes(), claim.name(), fileTime);
            return new Read.Reports(new Parsed(claim, reading.reports(), reading.identityWarnings(),
                    content.bytes().length, reading.objects()));
        } catch (MifException e) {
            return new Read.Unusable(Outcome.BAD_MIF, e.errors().stream().map(Diagnostic::toString).toList());
        } catch (ReportException e) {
            Outcome outcome = switch (e.problem()) {
                case NOIDMIF -> Outcome.NOIDMIF;
                case FOREIGN_ARCHITECTURE -> Outcome.FOREIGN_ARCHITECTURE;
                default -> Outcome.BAD_MIF;
            };
            return new Read.Unusable(outcome, e.errors().stream().map(Diagnostic::toString).toList());
        } catch (NoSuchFileException e) {
            return new Read.Gone();
        } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
            return new Read.Unusable(Outcome.BAD_MIF, List.of(claim.shown() + ": cannot be read as a report: " + e));
        }
    }

    /**
     * The parser a site's loader reads its files with: lenient, as SMS accepted what real agents
     * wrote, and bounded by the site's {@code max-mif-size}. Whatever reads a site's report files
     * again (the administrator's tools re-reading a held report) reads them with this one too, so
     * that a file the loader read is read the same way.
     *
     * @param settings the site's settings
     * @return the parser
     */
    public static MifParser parser(SiteSettings settings) {
        return MifParser.builder().mode(SyntaxMode.LENIENT).limits(new ParseLimits(settings.maxMifBytes(),
                ParseLimits.DEFAULT.maxStringLength(), ParseLimits.DEFAULT.maxErrors())).build();
    }

    /** A file's content read as reports, with the loader's parser and reader, as every file is. */
    private ReportReader.Reading reading(byte[] content, String name, Instant fileTime)
            throws MifException, ReportException {
        ReportReader.Reading reading = reader.read(parser.parse(content, name).document(), fileTime);
        reading.warnings().forEach(w -> LOG.log(System.Logger.Level.DEBUG, () -> TextEscapes.forDisplay(w.toString())));
        return reading;
    }

    /**
     * Decides one report file's content as a pass decides a file of the inbox, for a host that
     * receives reports some other way than through a drop box (over HTTP, say): read with this
     * loader's parser and reader, its reports (a client's, or custom objects) decided in order and
     * committed together, in one transaction. Nothing is read from or written to the inbox, and the
     * loader's claims are not used: what happens to the content afterwards (archiving a refusal) is
     * the caller's. Work on one client is still serialised in the store, so this may run beside
     * passes of the loader.
     *
     * @param content the file's bytes, at most {@link Builder#maxFileBytes} of them
     * @param name the file's name, for the load log and the errors' locations
     * @param fileTime when the file was written: a report's time when its header gives none
     * @return the decision about the file, as a pass would take it (its outcome the first refusal,
     *     else the first decision), with nowhere it {@linkplain FileDecision#movedTo() moved to}
     * @throws MifException if the content does not parse: every error, with its place (a pass sets
     *     such a file aside as {@link Outcome#BAD_MIF})
     * @throws ReportException if it parses but is not a report the site can use: a stand-alone
     *     NOIDMIF, an IDMIF refused or larger than {@link Builder#maxIdmifBytes}, a malformed report
     * @throws IllegalArgumentException if the content is larger than {@link Builder#maxFileBytes}
     * @throws StoreException if the store fails; nothing of the file was committed
     */
    public FileDecision decide(byte[] content, String name, Instant fileTime) throws MifException, ReportException {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fileTime, "file time");
        if (content.length > maxFileBytes) {
            throw new IllegalArgumentException(name + ": " + content.length + " bytes, larger than the largest report"
                    + " size (" + maxFileBytes + " bytes)");
        }
        ReportReader.Reading reading = reading(content, name, fileTime);
        if (!reading.objects().isEmpty() && content.length > maxIdmifBytes) {
            throw new ReportException(ReportException.Problem.MALFORMED, List.of(Diagnostic.error(
                    SourceLocation.ofSource(name), idmifTooLarge(reading.objects().get(0).architecture(), content.length))));
        }
        try (Comparer.DecisionGroup group = comparer.group()) {
            List<Decision> decisions = new ArrayList<>();
            for (ObjectReport object : reading.objects()) {
                decisions.add(group.decideObject(object, name));
            }
            for (ClientReport report : reading.reports()) {
                decisions.add(group.decide(report, name, reading.identityWarnings()));
            }
            group.commit();
            return new FileDecision(name, decidingOutcome(decisions), decisions, Optional.empty());
        }
    }

    /** Why an IDMIF is not loaded: larger than {@code max-idmif-size}. */
    String idmifTooLarge(String architecture, long size) {
        return "an IDMIF of architecture " + architecture + " of " + size + " bytes, larger than max-idmif-size ("
                + maxIdmifBytes + " bytes); not loaded";
    }

    /** The outcome a file is filed under: its first refusal, else its first decision. */
    static Outcome decidingOutcome(List<Decision> decisions) {
        return decisions.stream().map(Decision::outcome).filter(Outcome::isRefused).findFirst()
                .orElse(decisions.get(0).outcome());
    }

    Path inbox() {
        return inbox;
    }

    Clock clock() {
        return comparer.clock();
    }

    Duration lease() {
        return lease;
    }

    long maxIdmifBytes() {
        return maxIdmifBytes;
    }

    long windowBytes() {
        return windowBytes;
    }

    int commitFiles() {
        return commitFiles;
    }

    Duration commitInterval() {
        return commitInterval;
    }

    boolean stopRequested() {
        return stopRequested.getAsBoolean();
    }

    /**
     * Ends the claims of loaders of this host whose process is gone (their names are {@code
     * pid@host/N}): a loader restarted after a crash, or killed beside others, need not wait for their
     * leases to expire. Loaders of other hosts are known dead only by their leases.
     */
    private void freeClaimsOfDeadLoaders() {
        String host = PROCESS_NAME.substring(PROCESS_NAME.indexOf('@') + 1);
        try (Comparer.DecisionGroup group = comparer.group()) {
            Instant now = clock().instant();
            for (String holder : group.run(tx -> tx.claims().holders(now)).keySet()) {
                int at = holder.indexOf('@');
                int slash = holder.lastIndexOf('/');
                if (at <= 0 || slash < at || !holder.substring(at + 1, slash).equals(host)) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(holder.substring(0, at));
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                } catch (NumberFormatException e) {
                    continue; // not a name this code gives
                }
                LOG.log(System.Logger.Level.INFO, "loader " + holder + " is no longer running; its claims end now");
                group.run(tx -> tx.claims().expire(holder));
            }
            group.commit();
        } catch (StoreException e) {
            if (!e.isSiteFailure()) {
                throw e;
            }
            // the pass meets the failure again at its first claim, and says so there
        }
    }

    /** This process's name as a loader: {@code pid@host}. */
    private static String processName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            host = "localhost";
        }
        return ProcessHandle.current().pid() + "@" + host;
    }
}
