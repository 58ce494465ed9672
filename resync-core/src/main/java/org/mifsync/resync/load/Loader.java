package org.mifsync.resync.load;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mifsync.mif.Diagnostic;
import org.mifsync.mif.MifException;
import org.mifsync.mif.MifParser;
import org.mifsync.mif.ParseLimits;
import org.mifsync.mif.TextEscapes;
import org.mifsync.model.SmsId;
import org.mifsync.resync.collect.Inbox;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.compare.Decision;
import org.mifsync.resync.files.SourceFile;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ObjectReport;
import org.mifsync.resync.report.ReportException;
import org.mifsync.resync.report.ReportReader;
import org.mifsync.resync.settings.SiteSettings;
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
 * this pass ({@link Summary#stoppedBy()}); the caller backs off and runs again later.
 *
 * <p><b>One file's problem is that file's problem.</b> Only regular files are read, never through a
 * link, under a stall watchdog ({@link SourceFile}); a file larger than {@link Builder#maxFileBytes}
 * ({@code max-mif-size}) is not read at all and goes to {@code BADMIFS} with an {@code .err} saying
 * so; a link, FIFO or device with a report's name goes there unread. A file that cannot be read, or
 * whose reading fails in any other way (an exception, an {@link OutOfMemoryError} or {@link
 * StackOverflowError} while parsing it), goes to {@code BADMIFS} with the error in its {@code .err}.
 * A failure after a file was claimed that is not the site's (the loader's own error) costs the file
 * a try; one that happens moving a decided file away leaves it claimed, and the next pass finishes
 * it. Each such failure is in {@link Summary#problems()}; the pass goes on with the other files.
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
 * refusal as a duplicate of itself ({@link Comparer#committedDecision}).
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
 * summary then says {@value #STOP_REQUESTED} ({@link Summary#stoppedBy()}).
 *
 * <p><b>Group commit.</b> Decisions are committed in groups ({@link Builder#commitEvery}): each
 * report is decided in a savepoint of the group's transaction, and a decided file goes back under
 * its unclaimed name until the group commits, so that a kill before the commit undoes the group and
 * costs none of its files a try. Just before the commit the group's files are claimed again; after
 * it they are removed or archived, and only then reported to the {@linkplain Builder#listener
 * listener}. A failure of the site anywhere in a group undoes the whole group and gives every file
 * its name back.
 *
 * <p>One loader per inbox at a time: a pass holds a lock on {@code INVENTRY.BOX/.loader.lock}.
 * Decisions are atomic and remembered in the store, so a pass interrupted at any point and run
 * again loses no accepted report and applies none twice.
 *
 * <p>Thread-safe: passes on one loader run one at a time.
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
    /** {@link Summary#stoppedBy()} of a pass that stopped because its caller asked it to. */
    public static final String STOP_REQUESTED = "stop requested";
    /**
     * Bytes of report files whose parsed reports a pass keeps at once by default ({@link
     * Builder#windowBytes}).
     */
    public static final long DEFAULT_WINDOW_BYTES = 8L << 20;
    /** How many files' decisions a pass commits together at most by default ({@link Builder#commitEvery}). */
    public static final int DEFAULT_COMMIT_FILES = 32;
    /** How long a pass lets decisions wait for their commit at most by default ({@link Builder#commitEvery}). */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(250);

    /** How many files a pass reads ahead of its decisions at most. */
    private static final int READ_AHEAD_FILES = 8;

    private static final System.Logger LOG = System.getLogger(Loader.class.getName());

    private final Path inbox;
    private final Comparer comparer;
    private final ReportReader reader;
    private final MifParser parser;
    private final Consumer<FileResult> listener;
    private final BooleanSupplier stopRequested;
    private final long maxFileBytes;
    private final long maxIdmifBytes;
    private final Duration stallTimeout;
    private final long windowBytes;
    private final int commitFiles;
    private final Duration commitInterval;

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
        private Consumer<FileResult> listener = r -> { };
        private BooleanSupplier stopRequested = () -> false;
        private long maxFileBytes = ParseLimits.DEFAULT.maxInputBytes();
        private long maxIdmifBytes = SiteSettings.DEFAULTS.maxIdmifBytes();
        private Duration stallTimeout = SourceFile.DEFAULT_STALL_TIMEOUT;
        private long windowBytes = DEFAULT_WINDOW_BYTES;
        private int commitFiles = DEFAULT_COMMIT_FILES;
        private Duration commitInterval = DEFAULT_COMMIT_INTERVAL;

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
        public Builder listener(Consumer<FileResult> value) {
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
         *     org.mifsync.resync.site.SiteLoad} gives the site's {@code max-mif-size})
         * @return this builder
         */
        public Builder maxFileBytes(long value) {
            if (value <= 0) {
                throw new IllegalArgumentException("largest report size must be positive, found " + value);
            }
            this.maxFileBytes = value;
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
            if (value <= 0) {
                throw new IllegalArgumentException("largest IDMIF size must be positive, found " + value);
            }
            this.maxIdmifBytes = value;
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
            Objects.requireNonNull(value, "stall timeout");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("stall timeout must be positive, found " + value);
            }
            this.stallTimeout = value;
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
            if (value <= 0) {
                throw new IllegalArgumentException("window must be positive, found " + value);
            }
            this.windowBytes = value;
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
            Objects.requireNonNull(interval, "commit interval");
            if (files < 1) {
                throw new IllegalArgumentException("files per commit must be at least 1, found " + files);
            }
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("commit interval must be positive, found " + interval);
            }
            this.commitFiles = files;
            this.commitInterval = interval;
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
     * What became of one file.
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
    public record FileResult(String file, Outcome outcome, List<Decision> decisions, Optional<Path> movedTo) {
        /**
         * Copies the decisions.
         *
         * @param file the name
         * @param outcome the deciding outcome
         * @param decisions the decisions
         * @param movedTo where it went
         */
        public FileResult {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(outcome, "outcome");
            decisions = List.copyOf(decisions);
            Objects.requireNonNull(movedTo, "moved to");
        }
    }

    /**
     * What a pass did.
     *
     * <p>Immutable and thread-safe.
     *
     * @param files the results, in the order the files were finished
     * @param reportsByOutcome how many reports had each outcome
     * @param requestsMade how many resync request times were made (created or re-issued)
     * @param badFiles how many files went to {@code BADMIFS}
     * @param stoppedBy why the pass stopped early (a failure of the site, or {@value #STOP_REQUESTED}),
     *     if it did
     * @param problems files that failed in a way that left them in the inbox for the next pass,
     *     each {@code file: what happened}
     * @since 0.1
     */
    public record Summary(List<FileResult> files, Map<Outcome, Integer> reportsByOutcome, int requestsMade,
            int badFiles, Optional<String> stoppedBy, List<String> problems) {
        /**
         * Copies the collections.
         *
         * @param files the results
         * @param reportsByOutcome counts by outcome
         * @param requestsMade requests made
         * @param badFiles files sent to BADMIFS
         * @param stoppedBy why it stopped early
         * @param problems files left for the next pass after a failure
         */
        public Summary {
            files = List.copyOf(files);
            reportsByOutcome = Map.copyOf(reportsByOutcome);
            Objects.requireNonNull(stoppedBy, "stopped by");
            problems = List.copyOf(problems);
        }
    }

    /**
     * A file of this pass: its inbox name without prefixes (one the inbox can use), the client's
     * name for it, its tries so far and its path now.
     */
    private record Claim(String name, String shown, int tries, Path path, long size) {
        Claim next() {
            return new Claim(name, shown, tries + 1, path.resolveSibling("X".repeat(tries + 1) + name), size);
        }

        Claim sized(long bytes) {
            return new Claim(name, shown, tries, path, bytes);
        }
    }

    /**
     * A claimed file's reports, ready to decide, with what its Identification group left out and the
     * size of the file they were read from.
     */
    private record Parsed(Claim claim, List<ClientReport> reports, List<String> identityWarnings, long bytes,
            List<ObjectReport> objects) {
    }

    /**
     * A file's place in the pass: its client ({@link SmsId#fileName()}) and, within the client, its
     * version order; from its name, or from its content.
     */
    private record Indexed(Claim claim, String client, String order, boolean byName) {
    }

    /** How the agent names a report ({@code HW_CEN00001_1_2.MIF}); a GUID SMSID by its 32 hex digits. */
    private static final Pattern AGENT_NAME = Pattern.compile(
            "(HW|SW)_([0-9A-Za-z]{8}|[0-9A-Fa-f]{32})_([0-9]{1,9})_([0-9]{1,9})\\.MIF", Pattern.CASE_INSENSITIVE);

    /**
     * Works every file now in the inbox once.
     *
     * @return what was done
     * @throws IOException if the inbox cannot be listed or locked
     * @throws IllegalStateException if another loader works this inbox now
     */
    public synchronized Summary loadOnce() throws IOException {
        Files.createDirectories(inbox);
        try (FileChannel lockFile = FileChannel.open(inbox.resolve(".loader.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = tryLock(lockFile)) {
            if (lock == null) {
                throw new IllegalStateException("another loader is working the inbox " + inbox);
            }
            try (Comparer.DecisionGroup group = comparer.group()) {
                return new Pass(group).run();
            }
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** One pass over the inbox. */
    private final class Pass {
        private final List<FileResult> results = new ArrayList<>();
        private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        private final List<String> problems = new ArrayList<>();
        private final Comparer.DecisionGroup group;
        /** Files whose decisions wait in the group for its commit, in the order they were decided. */
        private final List<Waiting> waiting = new ArrayList<>();
        private int requestsMade;
        private int badFiles;
        private Optional<String> stoppedBy = Optional.empty();

        Pass(Comparer.DecisionGroup group) {
            this.group = group;
        }

        Summary run() throws IOException {
            List<Claim> files = new ArrayList<>();
            for (Path file : inboxFiles()) {
                // the name the inbox can use: the file is renamed to it when claimed
                String inboxName = Inbox.heldName(file);
                int tries = 0;
                while (tries < inboxName.length() - 1 && inboxName.charAt(tries) == 'X') {
                    tries++;
                }
                // a name that starts with X itself cannot be told from a claimed one; SMS had the same rule
                String name = inboxName.substring(tries);
                Claim claim = new Claim(name, Inbox.originalName(name), tries, file, 0);
                try {
                    BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (!attrs.isRegularFile()) {
                        unusable(claim, List.of(claim.shown + ": is " + SourceFile.kind(attrs) + "; only regular"
                                + " files are loaded; set aside unread"));
                    } else if (attrs.size() > maxFileBytes) {
                        tooLarge(claim, attrs.size());
                    } else if (tries >= MAX_TRIES) {
                        unusable(claim, List.of(claim.shown + ": processing was interrupted " + tries
                                + " times; the file is set aside"));
                    } else {
                        files.add(claim.sized(attrs.size()));
                    }
                } catch (NoSuchFileException e) {
                    // gone since the listing
                } catch (StoreException e) {
                    stop(e);
                } catch (IOException | RuntimeException e) {
                    problem(claim, "cannot set it aside", e);
                }
                if (stoppedBy.isPresent()) {
                    break;
                }
            }
            // parsing only reads, so it claims nothing: a crash while parsing costs no file a try. The
            // index keeps each file's client and version, not its reports: what a pass holds in memory is
            // bounded by the window, not by the number of waiting files (DESIGN §5). A file named as the
            // agent names reports is indexed by its name and parsed once, when it is decided
            List<Indexed> index = new ArrayList<>();
            List<Claim> unnamed = new ArrayList<>();
            for (Claim file : files) {
                byName(file).ifPresentOrElse(index::add, () -> unnamed.add(file));
            }
            Map<Path, Parsed> held = new HashMap<>();
            long heldBytes = 0;
            try (ReadAhead reads = new ReadAhead(stoppedBy.isPresent() ? List.of() : unnamed)) {
                for (Claim file : unnamed) {
                    if (stoppedBy.isPresent() || stopAsked()) {
                        break;
                    }
                    try {
                        Parsed parsed = parsed(file, reads.take(file));
                        if (parsed != null) {
                            index.add(indexed(parsed, false));
                            // reports that fit in the window are kept, so that a small pass parses once
                            if (heldBytes + parsed.bytes <= windowBytes) {
                                held.put(file.path, parsed);
                                heldBytes += parsed.bytes;
                            }
                        }
                    } catch (StoreException e) {
                        stop(e);
                    } catch (RuntimeException e) {
                        problem(file, "cannot set it aside", e);
                    }
                }
            }
            if (stoppedBy.isEmpty()) {
                List<Indexed> misnamed = new ArrayList<>();
                decideInOrder(index, held, misnamed);
                // a name that did not say what the file holds: decided after the others, in its own order
                if (stoppedBy.isEmpty() && !misnamed.isEmpty()) {
                    decideInOrder(misnamed, held, new ArrayList<>());
                }
            }
            commit();
            return new Summary(results, counts, requestsMade, badFiles, stoppedBy, problems);
        }

        /**
         * Decides the indexed files client by client, each client's files in version order (the
         * claim-per-client rule), each parsed just before it is decided unless the window held it. A
         * file indexed by its name whose content says otherwise is not decided here but added to
         * {@code misnamed}, indexed by its content, and so are the later files of its client (as named,
         * and as it really is).
         */
        private void decideInOrder(List<Indexed> index, Map<Path, Parsed> held, List<Indexed> misnamed)
                throws IOException {
            index.sort(Comparator.comparing(Indexed::client).thenComparing(Indexed::order));
            try (ReadAhead reads = new ReadAhead(index.stream().map(Indexed::claim)
                    .filter(c -> !held.containsKey(c.path)).toList())) {
                decideInOrder(index, held, misnamed, reads);
            }
        }

        private void decideInOrder(List<Indexed> index, Map<Path, Parsed> held, List<Indexed> misnamed,
                ReadAhead reads) throws IOException {
            Set<String> deferred = new HashSet<>();
            for (Indexed entry : index) {
                if (stoppedBy.isPresent() || stopAsked()) {
                    return;
                }
                Parsed parsed = held.remove(entry.claim.path);
                if (parsed == null) {
                    try {
                        parsed = parsed(entry.claim, reads.take(entry.claim));
                    } catch (StoreException e) {
                        stop(e);
                        return;
                    } catch (RuntimeException e) {
                        problem(entry.claim, "cannot set it aside", e);
                        continue;
                    }
                    if (parsed == null) {
                        continue; // set aside, or gone since it was listed
                    }
                    Indexed found = indexed(parsed, false);
                    if (deferred.contains(entry.client) || (entry.byName && !indexed(parsed, true).equals(entry))) {
                        // this client's order is not what the names said: its remaining files (and those
                        // of the client the file really is) are decided after the others, by content
                        deferred.add(entry.client);
                        deferred.add(found.client);
                        misnamed.add(found);
                        continue;
                    }
                } else if (deferred.contains(entry.client)) {
                    held.put(entry.claim.path, parsed);
                    misnamed.add(entry);
                    continue;
                }
                decide(parsed);
            }
        }

        /**
         * Claims one file, decides its reports in the group, and puts it back under its name to wait
         * for the group's commit.
         */
        private void decide(Parsed parsed) throws IOException {
            // the size the file was listed with: known before it was read
            long size = Math.max(parsed.claim.size, parsed.bytes);
            if (!parsed.objects.isEmpty() && size > maxIdmifBytes) {
                unusable(parsed.claim, List.of(parsed.claim.shown + ": an IDMIF of architecture "
                        + parsed.objects.get(0).architecture() + " of " + size + " bytes, larger than"
                        + " max-idmif-size (" + maxIdmifBytes + " bytes); not loaded"));
                return;
            }
            try {
                if (parsed.claim.tries > 0 && finishedAsCommitted(parsed)) {
                    return;
                }
            } catch (StoreException e) {
                stop(e);
                return;
            }
            // claimed just before deciding: a file that kills the loader while it is decided pays a try
            Claim claimed = parsed.claim.next();
            try {
                move(parsed.claim.path, claimed.path);
            } catch (IOException e) {
                problem(parsed.claim, "cannot claim it (rename)", e);
                return;
            }
            List<Decision> decisions = new ArrayList<>();
            try {
                for (ObjectReport object : parsed.objects) {
                    Optional<Decision> committed = parsed.claim.tries > 0
                            ? group.committedObjectDecision(object, parsed.claim.shown) : Optional.empty();
                    decisions.add(committed.isPresent() ? committed.get()
                            : group.decideObject(object, Optional.of(parsed.claim.shown)));
                }
                for (ClientReport report : parsed.reports) {
                    // a file found claimed may have been decided by a loader killed before it moved the file
                    Optional<Decision> committed = parsed.claim.tries > 0
                            ? group.committedDecision(report, parsed.claim.shown) : Optional.empty();
                    decisions.add(committed.isPresent() ? committed.get()
                            : group.decide(report, Optional.of(parsed.claim.shown), parsed.identityWarnings));
                }
            } catch (StoreException e) {
                if (e.isSiteFailure()) {
                    // a failure of the site is not one of the file: back under its old name, same try count
                    move(claimed.path, parsed.claim.path);
                }
                stop(e);
                return;
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
                // an error of the loader, not of the site: the file keeps its try and is set aside after
                // the last one (decisions about its earlier reports are committed with the group)
                LOG.log(System.Logger.Level.ERROR, "loading " + TextEscapes.forDisplay(claimed.name)
                        + " failed", e);
                problem(claimed, "loading failed (try " + claimed.tries + " of " + MAX_TRIES + ")", e);
                return;
            }
            // back under its name while its decisions wait for the commit: a kill before the commit
            // undoes them, and must not cost the file a try
            Waiting decided = new Waiting(parsed.claim, "decided, but cannot be removed or archived; the next pass"
                    + " finishes it", now -> finishDecided(now, decisions));
            try {
                move(claimed.path, parsed.claim.path);
            } catch (IOException e) {
                decided.claimed = true; // it stays claimed: the commit needs no rename
            }
            await(decided);
        }

        /**
         * Finishes a file found claimed whose every report was decided by a loader killed before it
         * removed or archived the file, as those decisions said: nothing is left to commit, and the
         * file pays no further try.
         */
        private boolean finishedAsCommitted(Parsed parsed) {
            List<Decision> decisions = new ArrayList<>();
            for (ObjectReport object : parsed.objects) {
                Optional<Decision> committed = group.committedObjectDecision(object, parsed.claim.shown);
                if (committed.isEmpty()) {
                    return false;
                }
                decisions.add(committed.get());
            }
            for (ClientReport report : parsed.reports) {
                Optional<Decision> committed = group.committedDecision(report, parsed.claim.shown);
                if (committed.isEmpty()) {
                    return false;
                }
                decisions.add(committed.get());
            }
            try {
                finishDecided(parsed.claim, decisions);
            } catch (IOException e) {
                problem(parsed.claim, "decided, but cannot be removed or archived; the next pass finishes it", e);
            }
            return true;
        }

        /** Counts a committed file's decisions, then deletes it (applied) or archives it (refused). */
        private void finishDecided(Claim claim, List<Decision> decisions) throws IOException {
            for (Decision decision : decisions) {
                counts.merge(decision.outcome(), 1, Integer::sum);
                if (decision.madeRequest()) {
                    requestsMade++;
                }
            }
            Optional<Decision> refused = decisions.stream().filter(d -> d.outcome().isRefused()).findFirst();
            if (refused.isPresent()) {
                Outcome outcome = refused.get().outcome();
                finish(claim, outcome, decisions, Optional.of(archive(claim, outcome)));
            } else {
                Files.delete(claim.path);
                finish(claim, decisions.get(0).outcome(), decisions, Optional.empty());
            }
        }

        /** Adds a file to those waiting for the commit, and commits when the group is full or old enough. */
        private void await(Waiting file) {
            waiting.add(file);
            if (waiting.size() >= commitFiles || group.age().compareTo(commitInterval) >= 0) {
                commit();
            }
        }

        /**
         * Commits the group, then removes, archives or sets aside the files its decisions are about.
         * The files are claimed again just before the commit: a kill between the commit and a file's
         * removal leaves it claimed, and the next pass finishes it as decided ({@link
         * Comparer.DecisionGroup#committedDecision}); a kill before the commit costs each a try, as it
         * would cost a file decided alone.
         */
        private void commit() {
            for (Waiting file : waiting) {
                if (!file.claimed) {
                    try {
                        move(file.claim.path, file.claim.next().path);
                        file.claimed = true;
                    } catch (IOException e) {
                        problem(file.claim, "cannot claim it to commit its decision (rename)", e);
                        rollBack();
                        stoppedBy = Optional.of("cannot claim the decided files of the inbox " + inbox
                                + " to commit their decisions: " + e.getMessage());
                        return;
                    }
                }
            }
            try {
                group.commit();
            } catch (StoreException e) {
                stop(e);
                return;
            }
            List<Waiting> committed = List.copyOf(waiting);
            waiting.clear();
            for (Waiting file : committed) {
                Claim now = file.claim.next();
                try {
                    file.finish.accept(now);
                } catch (IOException | RuntimeException e) {
                    problem(now, file.ifUnfinished, e);
                }
            }
        }

        /**
         * Stops the pass on a failure of the site: nothing of the group's open transaction stays,
         * and every file waiting for it goes back under the name it had, its try count unchanged. Any
         * other failure of the store commits what waits and is thrown.
         */
        private void stop(StoreException e) {
            if (!e.isSiteFailure()) {
                commit();
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "stopping this pass: " + TextEscapes.forDisplay(e.getMessage()));
            rollBack();
            stoppedBy = Optional.of(e.getMessage());
        }

        private void rollBack() {
            group.rollback();
            for (Waiting file : waiting) {
                if (file.claimed) {
                    try {
                        move(file.claim.next().path, file.claim.path);
                    } catch (IOException e) {
                        problem(file.claim.next(), "cannot give it back its name after a failed commit; the next"
                                + " pass decides it again", e);
                    }
                }
            }
            waiting.clear();
        }

        private boolean stopAsked() {
            if (stopRequested.getAsBoolean()) {
                stoppedBy = Optional.of(STOP_REQUESTED);
                return true;
            }
            return false;
        }

        /**
         * The index entry of a file named as the agent names its reports ({@code
         * <KIND>_<SMSID>_<major>_<minor>.MIF}, the SMSID as {@link SmsId#fileName()}), from its name.
         */
        private Optional<Indexed> byName(Claim claim) {
            Matcher m = AGENT_NAME.matcher(claim.name);
            if (!m.matches()) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Indexed(claim, m.group(2).toUpperCase(Locale.ROOT),
                        order(m.group(1).toUpperCase(Locale.ROOT), Integer.parseInt(m.group(3)),
                                Integer.parseInt(m.group(4))), true));
            } catch (NumberFormatException e) {
                return Optional.empty(); // a version beyond any the client can send: read it
            }
        }

        /** The index entry of a parsed file: its client and the order of its first report. */
        private Indexed indexed(Parsed parsed, boolean asNamed) {
            if (parsed.reports.isEmpty()) {
                // a custom object: its files in version order, apart from every client (no name says one)
                ObjectReport object = parsed.objects.get(0);
                return new Indexed(parsed.claim, "\u0001" + object.foldedArchitecture() + "\u0000" + object.foldedKey(),
                        asNamed ? "" : order("OBJ", object.version().major(), object.version().minor())
                        + String.format(Locale.ROOT, " %020d", object.generatedAt().toEpochMilli()), asNamed);
            }
            ClientReport first = parsed.reports.get(0);
            var r = first.report();
            // what a name can say: one versioned report; anything else does not match a named entry
            String order = asNamed && (parsed.reports.size() != 1 || !first.versioned()) ? "" : asNamed
                    ? order(r.kind().name(), r.version().major(), r.version().minor())
                    : order(first);
            return new Indexed(parsed.claim, first.identity().smsId().fileName(), order, asNamed);
        }

        private void problem(Claim claim, String what, Throwable e) {
            String text = claim.shown + ": " + what + ": " + e;
            LOG.log(System.Logger.Level.WARNING, text);
            problems.add(text);
        }

        private List<Path> inboxFiles() throws IOException {
            List<Path> files = new ArrayList<>();
            // the listed paths are kept: they hold the names' bytes, which a name decoded in the
            // platform encoding may not give back; links and other non-regular files are listed too,
            // and set aside unread (a folder is left alone)
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(inbox)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (name.toUpperCase(Locale.ROOT).endsWith(".MIF") && !name.startsWith(".")
                            && !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                        files.add(entry);
                    }
                }
            }
            files.sort(Comparator.comparing(p -> p.getFileName().toString()));
            return files;
        }

        /** Version order within a client; SMS 1.x reports by the time they were made. */
        private String order(ClientReport report) {
            var r = report.report();
            return order(r.kind().name(), r.version().major(), r.version().minor())
                    + String.format(Locale.ROOT, " %020d", r.generatedAt().toEpochMilli());
        }

        private static String order(String kind, int major, int minor) {
            return String.format(Locale.ROOT, "%s %010d %010d", kind, major, minor);
        }

        /**
         * What a read file is: its reports, or, when it cannot be used as a report, why recorded in
         * the group, the file to be set aside or archived once the group commits; null then, and for
         * a file gone since the listing.
         */
        private Parsed parsed(Claim claim, Read read) {
            if (read instanceof Read.Reports r) {
                return r.parsed();
            } else if (read instanceof Read.TooLarge r) {
                tooLarge(claim, r.size());
            } else if (read instanceof Read.Unusable r && r.outcome() == Outcome.BAD_MIF) {
                unusable(claim, r.errors());
            } else if (read instanceof Read.Unusable r) {
                group.recordUnusable(r.outcome(), Optional.empty(), r.errors().get(0), Optional.of(claim.shown));
                await(new Waiting(claim, "cannot archive it",
                        now -> finish(now, r.outcome(), List.of(), Optional.of(archive(now, r.outcome())))));
            } else if (read instanceof Read.Interrupted) {
                stoppedBy = Optional.of(STOP_REQUESTED + " (interrupted)");
            }
            return null; // also a file gone since the listing
        }

        /** Sets a file over max-mif-size aside in BADMIFS, unread. */
        private void tooLarge(Claim claim, long size) {
            unusable(claim, List.of(claim.shown + ": " + size + " bytes, larger than max-mif-size (" + maxFileBytes
                    + " bytes); not read. (A larger report is cut after " + (maxFileBytes + 1) + " bytes when it is"
                    + " collected.)"));
        }

        /** Records a file as unusable in the group, to be set aside in BADMIFS with its errors once committed. */
        private void unusable(Claim claim, List<String> errors) {
            group.recordUnusable(Outcome.BAD_MIF, Optional.empty(), errors.get(0), Optional.of(claim.shown));
            await(new Waiting(claim, "cannot set it aside", now -> toBadMifs(now, errors)));
        }

        private void finish(Claim claim, Outcome outcome, List<Decision> decisions, Optional<Path> movedTo) {
            FileResult result = new FileResult(claim.shown, outcome, decisions, movedTo);
            results.add(result);
            listener.accept(result);
        }

        private Path archive(Claim claim, Outcome outcome) throws IOException {
            Path dir = inbox.resolve(REFUSED).resolve(outcome.name());
            Files.createDirectories(dir);
            Path target = free(dir, claim.name);
            move(claim.path, target);
            stampSetAside(target);
            return target;
        }

        /**
         * A move keeps the report's own write time; prune ages archived and set-aside files by
         * their time, so they carry the time of the decision instead.
         */
        private void stampSetAside(Path file) throws IOException {
            // only a regular file: setting times opens the file, which blocks on a FIFO, and a link
            // set aside must not stamp the file it points to (prune ages those by the .err beside them)
            if (Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
                Files.setLastModifiedTime(file, FileTime.from(comparer.clock().instant()));
            }
        }

        private void toBadMifs(Claim claim, List<String> errors) throws IOException {
            Path dir = inbox.resolve(BADMIFS);
            Files.createDirectories(dir);
            Path target = free(dir, claim.name);
            // the .err file first: a crash between the two leaves the file in the inbox to retry
            Path err = target.resolveSibling(target.getFileName() + ".err");
            Path tmp = err.resolveSibling(err.getFileName() + ".tmp");
            // one error, one line: a file name or a quoted value holding a line break cannot forge another
            List<String> lines = new ArrayList<>(errors);
            if (!claim.shown.equals(claim.name)) {
                lines.add(claim.name + ": the name the client gave it, '" + claim.shown + "', cannot be used in"
                        + " the inbox as it is");
            }
            StringBuilder text = new StringBuilder();
            lines.forEach(e -> text.append(TextEscapes.forDisplay(e)).append('\n'));
            Files.write(tmp, text.toString().getBytes(StandardCharsets.UTF_8));
            move(tmp, err);
            move(claim.path, target);
            stampSetAside(target);
            stampSetAside(err);
            badFiles++;
            counts.merge(Outcome.BAD_MIF, 1, Integer::sum);
            finish(claim, Outcome.BAD_MIF, List.of(), Optional.of(target));
        }
    }

    /**
     * Reads and parses one file: nothing but reading, so that it may run on another thread, ahead of
     * the decisions. Whatever this one file does to the reader (a FIFO swapped in, a read error, a
     * parser running out of memory or stack on it) is its own problem, said in the result.
     */
    private Read read(Claim claim) {
        try {
            Instant fileTime = Files.getLastModifiedTime(claim.path, LinkOption.NOFOLLOW_LINKS).toInstant();
            SourceFile.Content content = SourceFile.read(claim.path, maxFileBytes, stallTimeout);
            if (content.bytes() == null) {
                return new Read.TooLarge(content.extent().size());
            }
            ReportReader.Reading reading = reader.read(parser.parse(content.bytes(), claim.name).document(), fileTime);
            reading.warnings().forEach(w -> LOG.log(System.Logger.Level.DEBUG, () -> TextEscapes.forDisplay(w)));
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
            return new Read.Unusable(outcome, e.errors());
        } catch (NoSuchFileException e) {
            return new Read.Gone();
        } catch (IOException | RuntimeException | OutOfMemoryError | StackOverflowError e) {
            return new Read.Unusable(Outcome.BAD_MIF, List.of(claim.shown + ": cannot be read as a report: " + e));
        }
    }

    /** What reading a file gave. */
    private sealed interface Read {
        /** Its reports. */
        record Reports(Parsed parsed) implements Read {
        }

        /** Not read: larger than max-mif-size. */
        record TooLarge(long size) implements Read {
        }

        /** Not a report: BAD_MIF, NOIDMIF or FOREIGN_ARCHITECTURE, with the errors. */
        record Unusable(Outcome outcome, List<String> errors) implements Read {
        }

        /** Gone since the listing. */
        record Gone() implements Read {
        }

        /** The deciding thread was interrupted while it waited for the read. */
        record Interrupted() implements Read {
        }
    }

    /**
     * Reads files on a thread of its own, in the order the deciding thread will want them, a few
     * ahead of it: parsing the next reports overlaps the store's work on the current one. What is
     * read ahead is bounded by {@value #READ_AHEAD_FILES} files and by half the window in bytes (at
     * least one file), so memory stays bounded as the window bounds it.
     */
    private final class ReadAhead implements AutoCloseable {
        private final Iterator<Claim> toRead;
        private final ArrayDeque<Map.Entry<Claim, Future<Read>>> ahead = new ArrayDeque<>();
        private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mifsync-loader-read " + inbox.getFileName());
            t.setDaemon(true);
            return t;
        });
        private long aheadBytes;

        ReadAhead(List<Claim> order) {
            this.toRead = order.iterator();
            fill();
        }

        /**
         * Returns what reading the next file in the order gave.
         *
         * @param claim that file, as the order named it
         */
        Read take(Claim claim) {
            Map.Entry<Claim, Future<Read>> next = ahead.poll();
            if (next == null || !next.getKey().equals(claim)) {
                throw new IllegalStateException("files taken out of the order they were read in: " + claim.shown);
            }
            aheadBytes -= claim.size;
            fill();
            try {
                return next.getValue().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Read.Interrupted();
            } catch (ExecutionException e) {
                // read() keeps every failure in its result; this is a failure of the thread itself
                return new Read.Unusable(Outcome.BAD_MIF, List.of(claim.shown + ": cannot be read as a report: "
                        + e.getCause()));
            }
        }

        private void fill() {
            while (toRead.hasNext() && ahead.size() < READ_AHEAD_FILES && (ahead.isEmpty()
                    || aheadBytes < windowBytes / 2)) {
                Claim claim = toRead.next();
                aheadBytes += claim.size;
                ahead.add(Map.entry(claim, thread.submit(() -> read(claim))));
            }
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }

    /** What is done with a file once the decision about it is committed, given its claimed name. */
    @FunctionalInterface
    private interface Finish {
        void accept(Claim claimed) throws IOException;
    }

    /**
     * A file whose decision waits in the group: its claim when unclaimed, whether it is claimed now,
     * and what becomes of it after the commit (and what to say if that fails).
     */
    private static final class Waiting {
        final Claim claim;
        final String ifUnfinished;
        final Finish finish;
        boolean claimed;

        Waiting(Claim claim, String ifUnfinished, Finish finish) {
            this.claim = claim;
            this.ifUnfinished = ifUnfinished;
            this.finish = finish;
        }
    }

    /** A name in the directory that no file has yet: the name, else name.1, name.2, … */
    private static Path free(Path dir, String name) {
        Path target = dir.resolve(name);
        for (int i = 1; Files.exists(target); i++) {
            target = dir.resolve(name + "." + i);
        }
        return target;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot move " + from + ": " + to + " exists", e);
        }
    }
}
