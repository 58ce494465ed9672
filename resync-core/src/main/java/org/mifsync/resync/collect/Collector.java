package org.mifsync.resync.collect;

import static org.mifsync.resync.settings.internal.Checks.positive;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.mifsync.model.LogonServer;
import org.mifsync.model.SmsDomain;
import org.mifsync.resync.files.LogonServerLayout;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.files.SourceFile;
import org.mifsync.resync.files.internal.DurableFiles;
import org.mifsync.resync.settings.SiteSettings;

/**
 * The {@code collect} step of Maintenance Manager: moves complete report files from
 * every logon server's drop box, {@code LOGON.SRV/INVENTRY.BOX}, into the site's inbox, leaves
 * files still being written alone and ages out abandoned ones.
 *
 * <pre>{@code
 * Collector collector = Collector.builder(siteLayout.inventoryBox()).clock(clock)
 *         .abandonedAfter(settings.abandonedAfter()).build();
 * Collector.Report report = collector.collect(List.of(Path.of("/srv/logon1"), Path.of("/srv/logon2")));
 * }</pre>
 *
 * <p><b>What is collected.</b> A regular, non-empty file whose name is a report's ({@link
 * Inbox#isReportName}: {@code NAME.MIF}). Agents write a temporary name and rename it when done; a
 * file with a temporary name ({@link #isTemporaryName}: beginning with a dot or ending with {@code
 * .TMP}) is left alone while young and, like an empty report file, deleted once older than {@link
 * Builder#abandonedAfter} (SMS left thousands of such files behind). Anything else is left alone
 * and reported.
 *
 * <p><b>Never lost, never delivered twice, under kill -9 at any point.</b> One file moves in four
 * steps, each a rename or a copy to a name of our own: (1) the file is copied into the inbox under
 * {@code .collect-<server>-<token>.part} (through a {@code .copy} file renamed over it, so that a
 * {@code .part} is always whole) and forced to disk; (2) the source is renamed on the logon server
 * to {@code <NAME>.<token>.COLLECTED}, which claims it (an agent writing the same name again makes a
 * new file) and records that the copy is whole; (3) the part is renamed to a free report name in the
 * inbox ({@link Inbox#freeName}), which the loader then sees; (4) the claimed source is deleted. A
 * later run recognises a half-done move by these names: a {@code .COLLECTED} file whose part still
 * exists is finished from step 3 after its content is compared with the part (and copied again if it
 * differs, e.g. an agent replaced the file between steps 1 and 2); one whose part is gone was
 * delivered, and is deleted; a part that no claimed source names is a copy interrupted before step
 * 2, and is deleted (the source is still in place and moves again). The {@code .collect-*} files of
 * the inbox and the {@code *.COLLECTED} files of the drop boxes belong to the collector: nothing
 * else may remove them.
 *
 * <p><b>Batches.</b> The reports of a drop box move in batches (up to 64 files), each step done for
 * the whole batch before the next, and each folder forced to disk once per step rather than once per
 * file: the parts are on disk before any source of the batch is claimed, the claims before any part
 * becomes a report, the reports before any claim is deleted. So a crash or power cut at any point
 * leaves each file in one of the states above, and a source is never deleted before its report is
 * durably in the inbox.
 *
 * <p><b>Links.</b> The collector never follows a symbolic link below a logon server's root: a {@code
 * LOGON.SRV}, {@code INVENTRY.BOX} or file that is a link is reported as a problem and left as it is
 * (the root itself may be a link or a mount point). Sources are opened without following links.
 *
 * <p><b>One file's problem is that file's problem.</b> Only regular files are read, through {@link
 * SourceFile}: a FIFO or device put in a report's place, even between the listing and the copy,
 * never blocks a run, and a copy that stalls (a share that stopped answering) is given up after
 * {@link Builder#stallTimeout}; the file is reported as a problem and left where it is. A report
 * larger than {@link Builder#maxFileBytes} ({@code max-mif-size}) is not copied whole: its first
 * {@code limit + 1} bytes are delivered, which the loader sets aside in {@code BADMIFS} as too
 * large, and the source is removed like any collected file. A name the inbox cannot use ({@link
 * Inbox#unusableBecause}: {@code a\b.MIF}, {@code C:\Windows\x.MIF}, non-ASCII, bytes invalid in
 * the platform encoding) is delivered under {@link Inbox#inboxName}, which keeps the client's name
 * (and the item says both). Any other error with one file is reported for that file and the run
 * goes on with the next; a half-done move is finished by the next run.
 *
 * <p>One collector per inbox at a time: a run holds {@link Inbox#lock}. Ages are measured with the
 * clock against the files' modification times.
 *
 * <p>Immutable and thread-safe; runs on one collector are serialised by the inbox lock.
 *
 * @since 0.1
 */
public final class Collector {

    /** The prefix of the collector's files in the inbox. */
    public static final String PART_PREFIX = ".collect-";
    /** The suffix of a whole copy waiting in the inbox. */
    public static final String PART_SUFFIX = ".part";
    /** The suffix of a copy being written, renamed to a part when whole. */
    public static final String COPY_SUFFIX = ".copy";
    /** The suffix of a source claimed on a logon server, after its name and token. */
    public static final String CLAIMED_SUFFIX = ".COLLECTED";
    /** How long a run waits for another holder of the inbox lock by default. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger(Collector.class.getName());
    private static final SecureRandom TOKENS = new SecureRandom();
    private static final int TOKEN_BYTES = 6;
    /**
     * Reports moved together, each step for all of them before the next, so that a folder is forced
     * to disk once per batch; bounded so that a large drop box still shows progress and a kill leaves
     * few half-done moves.
     */
    static final int BATCH_FILES = 64;

    /** The points between the steps of a batch, where a test can stop the collector dead. */
    enum Step {
        /** The parts are whole and on disk; no source is claimed yet. */
        COPIED,
        /** The sources are claimed and on disk; no part is delivered yet. */
        CLAIMED,
        /** The reports are in the inbox and on disk; the claims are not deleted yet. */
        DELIVERED
    }

    private final Inbox inbox;
    private final Clock clock;
    private final Duration abandonedAfter;
    private final Consumer<Item> listener;
    private final Duration lockWait;
    private final long maxFileBytes;
    private final Duration stallTimeout;
    private final Consumer<Path> beforeCopy;
    private final Consumer<Step> afterStep;

    private Collector(Builder b) {
        this.inbox = Inbox.of(b.inbox);
        this.clock = b.clock;
        this.abandonedAfter = b.abandonedAfter;
        this.listener = b.listener;
        this.lockWait = b.lockWait;
        this.maxFileBytes = b.maxFileBytes;
        this.stallTimeout = b.stallTimeout;
        this.beforeCopy = b.beforeCopy;
        this.afterStep = b.afterStep;
    }

    /**
     * Returns a builder.
     *
     * @param inbox the site's inbox, {@code SITE.SRV/INVENTRY.BOX}; created when missing
     * @return the builder
     */
    public static Builder builder(Path inbox) {
        return new Builder(inbox);
    }

    /**
     * Configures a {@link Collector}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Path inbox;
        private Clock clock = Clock.systemUTC();
        private Duration abandonedAfter = SiteSettings.DEFAULTS.abandonedAfter();
        private Consumer<Item> listener = i -> { };
        private Duration lockWait = DEFAULT_LOCK_WAIT;
        private long maxFileBytes = SiteSettings.DEFAULTS.maxMifBytes();
        private Duration stallTimeout = SourceFile.DEFAULT_STALL_TIMEOUT;
        private Consumer<Path> beforeCopy = p -> { };
        private Consumer<Step> afterStep = p -> { };

        private Builder(Path inbox) {
            this.inbox = Objects.requireNonNull(inbox, "inbox");
        }

        /**
         * Sets the clock file ages are measured with.
         *
         * @param value the clock (default: the system clock, UTC)
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Sets the age after which temporary and empty files in a drop box are deleted.
         *
         * @param value a positive duration (default {@link SiteSettings#abandonedAfter()} of the
         *     defaults, one day)
         * @return this builder
         */
        public Builder abandonedAfter(Duration value) {
            this.abandonedAfter = positive(value, "abandoned-file age");
            return this;
        }

        /**
         * Sets a listener told of every file handled, e.g. for a progress bar.
         *
         * @param value the listener; called on the collecting thread
         * @return this builder
         */
        public Builder listener(Consumer<Item> value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Sets how long a run waits for another holder of the inbox lock.
         *
         * @param value the wait (default {@link #DEFAULT_LOCK_WAIT})
         * @return this builder
         */
        public Builder lockWait(Duration value) {
            this.lockWait = Objects.requireNonNull(value, "lock wait");
            return this;
        }

        /**
         * Sets the largest report copied whole ({@code max-mif-size}); of a larger one only the first
         * {@code limit + 1} bytes are delivered, for the loader to set aside.
         *
         * @param value a positive number of bytes (default: the site settings' default)
         * @return this builder
         */
        public Builder maxFileBytes(long value) {
            this.maxFileBytes = positive(value, "largest report size");
            return this;
        }

        /**
         * Sets how long opening or copying one file may make no progress before it is given up
         * (measured in elapsed time: it guards against a stuck system call).
         *
         * @param value a positive duration (default {@link SourceFile#DEFAULT_STALL_TIMEOUT})
         * @return this builder
         */
        public Builder stallTimeout(Duration value) {
            this.stallTimeout = positive(value, "stall timeout");
            return this;
        }

        /** Test seam: runs with each source just before it is copied (after the listing). */
        Builder beforeCopy(Consumer<Path> value) {
            this.beforeCopy = Objects.requireNonNull(value, "before copy");
            return this;
        }

        /** Test seam: runs after each step of a batch, once the step is on disk. */
        Builder afterStep(Consumer<Step> value) {
            this.afterStep = Objects.requireNonNull(value, "after step");
            return this;
        }

        /**
         * Builds the collector.
         *
         * @return the collector
         */
        public Collector build() {
            return new Collector(this);
        }
    }

    /**
     * What became of one file.
     *
     * <p>Immutable and thread-safe.
     *
     * @since 0.1
     */
    public enum Action {
        /** Moved into the inbox. */
        MOVED,
        /** Left in place: being written, not a report, or a folder. */
        LEFT,
        /** Deleted: a temporary or empty file older than the abandoned-file age. */
        AGED_OUT,
        /** Left in place because something is wrong with it or its folder (a link, an error). */
        PROBLEM
    }

    /**
     * One file (or folder) handled.
     *
     * <p>Immutable and thread-safe.
     *
     * @param action what became of it
     * @param source where it was, under the logon server's root as given
     * @param target where it went in the inbox, for {@link Action#MOVED}
     * @param detail why, for people
     * @since 0.1
     */
    public record Item(Action action, Path source, Optional<Path> target, String detail) {
        /**
         * Validates the fields.
         *
         * @param action what became of it
         * @param source where it was
         * @param target where it went
         * @param detail why
         */
        public Item {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(detail, "detail");
        }

        /**
         * Returns {@code ACTION source[ -> target]: detail}.
         *
         * @return the item in one line
         */
        @Override
        public String toString() {
            return action + " " + source + target.map(t -> " -> " + t).orElse("") + ": " + detail;
        }
    }

    /**
     * What a run did.
     *
     * <p>Immutable and thread-safe.
     *
     * @param moved files moved into the inbox, in the order moved
     * @param left files and folders left in place
     * @param agedOut abandoned files deleted
     * @param problems what was left alone because something is wrong
     * @since 0.1
     */
    public record Report(List<Item> moved, List<Item> left, List<Item> agedOut, List<Item> problems) {
        /**
         * Copies the lists.
         *
         * @param moved moved files
         * @param left left files
         * @param agedOut deleted files
         * @param problems problems
         */
        public Report {
            moved = List.copyOf(moved);
            left = List.copyOf(left);
            agedOut = List.copyOf(agedOut);
            problems = List.copyOf(problems);
        }

        /**
         * Returns the part of this report about one logon server: the items whose source lies under
         * its root, as the root was given to {@link #collect}.
         *
         * @param logonServerRoot the logon server's root
         * @return its items
         */
        public Report of(Path logonServerRoot) {
            Objects.requireNonNull(logonServerRoot, "logon server root");
            return new Report(under(moved, logonServerRoot), under(left, logonServerRoot),
                    under(agedOut, logonServerRoot), under(problems, logonServerRoot));
        }

        /**
         * Tells whether a logon server answered: its root, {@code LOGON.SRV} and drop box could be
         * reached and listed. A problem with one file in a drop box that could be listed is not a
         * failure to answer.
         *
         * @param logonServerRoot the logon server's root, as given to {@link #collect}
         * @return false if the run could not list the logon server's drop box
         */
        public boolean answered(Path logonServerRoot) {
            Path logonSrv = logonServerRoot.resolve(LogonServerLayout.LOGON_SRV);
            Path box = logonSrv.resolve(SiteLayout.INVENTRY_BOX);
            return problems.stream().map(Item::source)
                    .noneMatch(p -> p.equals(logonServerRoot) || p.equals(logonSrv) || p.equals(box));
        }

        private static List<Item> under(List<Item> items, Path root) {
            return items.stream().filter(i -> i.source().startsWith(root)).toList();
        }
    }

    /**
     * Tells whether a file name is a temporary one an agent writes before renaming: it begins with a
     * dot or ends with {@code .TMP} (any case).
     *
     * @param name a file name
     * @return true for a temporary name
     */
    public static boolean isTemporaryName(String name) {
        return name.startsWith(".") || name.toUpperCase(Locale.ROOT).endsWith(".TMP");
    }

    /**
     * Collects the logon servers of the given domains.
     *
     * @param domains the domains
     * @return what was done
     * @throws IOException if the inbox cannot be listed or locked
     * @throws IllegalStateException if another collector keeps the inbox locked
     */
    public Report collectDomains(Collection<SmsDomain> domains) throws IOException {
        List<Path> roots = new ArrayList<>();
        for (SmsDomain domain : domains) {
            domain.logonServers().stream().map(LogonServer::root).forEach(roots::add);
        }
        return collect(roots);
    }

    /**
     * Collects the given logon servers, each once (roots that resolve to one directory count once).
     *
     * @param logonServerRoots the logon servers' roots (each holds {@code LOGON.SRV})
     * @return what was done; a logon server that cannot be reached is a problem, not an exception
     * @throws IOException if the inbox cannot be listed or locked
     * @throws IllegalStateException if another collector keeps the inbox locked
     */
    public Report collect(Collection<Path> logonServerRoots) throws IOException {
        Objects.requireNonNull(logonServerRoots, "logon server roots");
        try (Inbox.Lock lock = inbox.lock(lockWait)) {
            Run run = new Run();
            Set<Path> done = new HashSet<>();
            for (Path root : logonServerRoots) {
                Path realRoot;
                try {
                    realRoot = root.toRealPath();
                } catch (IOException e) {
                    run.item(Action.PROBLEM, root, null, "logon server root cannot be reached: " + e);
                    continue;
                }
                if (!Files.isDirectory(realRoot)) {
                    run.item(Action.PROBLEM, root, null, "logon server root is not a directory");
                } else if (done.add(realRoot)) {
                    try {
                        run.server(root, realRoot);
                    } catch (IOException | RuntimeException e) {
                        // one logon server's trouble is that server's: the others are still collected
                        run.item(Action.PROBLEM, root, null, "collecting this logon server stopped: " + e);
                    }
                }
            }
            return run.report();
        }
    }

    /** One run over the logon servers, under the inbox lock. */
    private final class Run {
        private final List<Item> moved = new ArrayList<>();
        private final List<Item> left = new ArrayList<>();
        private final List<Item> agedOut = new ArrayList<>();
        private final List<Item> problems = new ArrayList<>();
        private final Instant abandonedBefore = clock.instant().minus(abandonedAfter);

        void item(Action action, Path source, Path target, String detail) {
            Path name = source.getFileName();
            if (action != Action.MOVED && name != null && Inbox.unusableBecause(name.toString()).isPresent()) {
                // the path as shown may have lost the name's bytes (under LANG=C, every non-ASCII one)
                detail = "name '" + Inbox.originalName(source) + "': " + detail;
            }
            Item item = new Item(action, source, Optional.ofNullable(target), detail);
            switch (action) {
                case MOVED -> moved.add(item);
                case LEFT -> left.add(item);
                case AGED_OUT -> agedOut.add(item);
                case PROBLEM -> problems.add(item);
            }
            if (action == Action.PROBLEM || action == Action.AGED_OUT) {
                LOG.log(action == Action.PROBLEM ? Level.WARNING : Level.INFO, item::toString);
            }
            listener.accept(item);
        }

        Report report() {
            return new Report(moved, left, agedOut, problems);
        }

        void server(Path root, Path realRoot) throws IOException {
            Path shownBox = root.resolve(LogonServerLayout.LOGON_SRV).resolve(SiteLayout.INVENTRY_BOX);
            Path logonSrv = realRoot.resolve(LogonServerLayout.LOGON_SRV);
            if (!folderOfOurs(logonSrv, root.resolve(LogonServerLayout.LOGON_SRV), realRoot)) {
                return;
            }
            Path box = logonSrv.resolve(SiteLayout.INVENTRY_BOX);
            if (!folderOfOurs(box, shownBox, realRoot)) {
                return;
            }
            String serverKey = serverKey(realRoot);
            // the listed paths are kept: they hold each name's bytes, which a name decoded in the
            // platform encoding may not give back (two odd names can even decode alike)
            List<Entry> entries = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(box)) {
                for (Path file : files) {
                    Optional<BasicFileAttributes> attrs = attributes(file);
                    attrs.ifPresent(a -> entries.add(new Entry(file.getFileName().toString(), file, a)));
                }
            } catch (IOException e) {
                item(Action.PROBLEM, shownBox, null, "cannot list the drop box: " + e);
                return;
            }
            entries.sort(Comparator.comparing(Entry::name));
            Map<String, Path> parts = parts();
            Set<String> claimedTokens = new HashSet<>();
            // half-done moves first: a claimed file is finished (or found delivered) before a new
            // file of the same name is moved
            List<Delivery> unfinished = new ArrayList<>();
            boolean claimsRemoved = false;
            for (Entry e : entries) {
                Optional<Claimed> claimed = Claimed.parse(e.name);
                if (claimed.isPresent() && e.attrs.isRegularFile()) {
                    claimedTokens.add(claimed.get().token);
                    Path shown = shownBox.resolve(claimed.get().name);
                    Path part = parts.get(claimed.get().token);
                    if (part != null) {
                        unfinished.add(new Delivery(e.file, shown, part,
                                "collected (finishing a move an earlier run began)"));
                    } else {
                        claimsRemoved |= removeDeliveredClaim(e.file, shown);
                    }
                }
            }
            deliver(unfinished, box);
            if (claimsRemoved) {
                DurableFiles.forceDirectory(box);
            }
            List<Path[]> batch = new ArrayList<>();
            for (Entry e : entries) {
                Path shown = shownBox.resolve(e.file.getFileName());
                try {
                    if (handle(e, shown)) {
                        batch.add(new Path[] {e.file, shown});
                    }
                } catch (IOException | RuntimeException ex) {
                    item(Action.PROBLEM, shown, null, "left where it is after an error: " + ex);
                }
                if (batch.size() == BATCH_FILES) {
                    moveBatch(batch, serverKey, box);
                    batch.clear();
                }
            }
            moveBatch(batch, serverKey, box);
            sweep(serverKey, box, claimedTokens);
        }

        /**
         * One entry of a drop box, other than a claimed file being finished.
         *
         * @return true for a report to move, which the caller adds to the batch
         */
        private boolean handle(Entry e, Path shown) throws IOException {
            String name = e.name;
            BasicFileAttributes attrs = e.attrs;
            Path source = e.file;
            if (attrs.isSymbolicLink()) {
                item(Action.PROBLEM, shown, null, "is a symbolic link; left alone (collect never follows a link"
                        + " out of a logon server root)");
            } else if (Claimed.parse(name).isPresent()) {
                if (!attrs.isRegularFile()) {
                    item(Action.PROBLEM, shown, null, "has the collector's name but is not a regular file; left"
                            + " alone");
                }
            } else if (attrs.isDirectory()) {
                item(Action.LEFT, shown, null, "a folder; not collected");
            } else if (!attrs.isRegularFile()) {
                item(Action.PROBLEM, shown, null, "is not a regular file; left alone");
            } else if (Inbox.isReportName(name) && attrs.size() > 0) {
                return true;
            } else if (Inbox.isReportName(name) || isTemporaryName(name)) {
                boolean empty = attrs.size() == 0;
                String what = empty ? "empty file" : "temporary file";
                if (attrs.lastModifiedTime().toInstant().isBefore(abandonedBefore)) {
                    ageOut(source, shown, "abandoned " + what + ", last written "
                            + attrs.lastModifiedTime().toInstant());
                } else {
                    item(Action.LEFT, shown, null, what + " younger than " + abandonedAfter
                            + "; may still be being written");
                }
            } else {
                item(Action.LEFT, shown, null, "not a report file name (NAME.MIF); left alone");
            }
            return false;
        }

        private void ageOut(Path source, Path shown, String detail) {
            try {
                Files.deleteIfExists(source);
                item(Action.AGED_OUT, shown, null, detail);
            } catch (IOException e) {
                item(Action.PROBLEM, shown, null, detail + "; cannot delete it: " + e);
            }
        }

        /**
         * Moves a batch of reports of one drop box, each step for the whole batch before the next,
         * so that each folder is forced to disk once per step rather than once per file: (1) copy
         * every source to a part, then force the inbox; (2) claim every copied source, then force
         * the drop box; (3 and 4) {@link #deliver}.
         *
         * @param batch each report's path as listed and as shown
         */
        private void moveBatch(List<Path[]> batch, String serverKey, Path box) {
            List<Delivery> copied = new ArrayList<>();
            List<Path> sources = new ArrayList<>();
            for (Path[] file : batch) {
                Path source = file[0];
                Path shown = file[1];
                String token = token();
                // the claim carries the name the inbox will use, so that a later run finishing the move
                // delivers it under that name; the client's name is decoded from it
                String name = Inbox.inboxName(source);
                Path part = inbox.dir().resolve(PART_PREFIX + serverKey + "-" + token + PART_SUFFIX);
                Path claimed = source.resolveSibling(name + "." + token + CLAIMED_SUFFIX);
                SourceFile.Extent extent;
                try {
                    beforeCopy.accept(source);
                    extent = copyWhole(source, part);
                } catch (NoSuchFileException e) {
                    deleteQuietly(part);
                    continue; // gone since the listing (an agent took it back): nothing to move
                } catch (IOException | RuntimeException e) {
                    deleteQuietly(part);
                    item(Action.PROBLEM, shown, null, "cannot copy it into the inbox: " + e);
                    continue;
                }
                copied.add(new Delivery(claimed, shown, part, detail(source, name, extent)));
                sources.add(source);
            }
            if (copied.isEmpty()) {
                return;
            }
            // the parts must be on disk before their claims are: after a power cut, a claim without
            // its part reads as "delivered"
            DurableFiles.forceDirectory(inbox.dir());
            afterStep.accept(Step.COPIED);
            List<Delivery> claimed = new ArrayList<>();
            for (int i = 0; i < copied.size(); i++) {
                Delivery d = copied.get(i);
                try {
                    Files.move(sources.get(i), d.claimed, StandardCopyOption.ATOMIC_MOVE);
                    claimed.add(d);
                } catch (NoSuchFileException e) {
                    deleteQuietly(d.part);
                } catch (IOException e) {
                    deleteQuietly(d.part);
                    item(Action.PROBLEM, d.shown, null, "cannot claim it on the logon server (rename): " + e);
                }
            }
            if (claimed.isEmpty()) {
                return;
            }
            // the claims must be on disk before the reports appear in the inbox: a report whose claim
            // a power cut undid would be collected again
            DurableFiles.forceDirectory(box);
            afterStep.accept(Step.CLAIMED);
            deliver(claimed, box);
        }

        private String detail(Path source, String name, SourceFile.Extent extent) {
            StringBuilder detail = new StringBuilder("collected");
            if (!name.equals(source.getFileName().toString())) {
                detail.append(" as ").append(name).append(" (the name '").append(Inbox.originalName(source))
                        .append("' cannot be used in the inbox as it is: ")
                        .append(Inbox.unusableBecause(source.getFileName().toString()).orElse("")).append(')');
            }
            if (extent.tooLarge()) {
                detail.append("; ").append(extent.size()).append(" bytes, larger than max-mif-size (")
                        .append(maxFileBytes).append(" bytes): only its first ").append(extent.copied())
                        .append(" bytes were copied, and the loader sets it aside in BADMIFS");
            }
            return detail.toString();
        }

        /** A claim whose part is gone was delivered before the run stopped: only the claim is left. */
        private boolean removeDeliveredClaim(Path claimed, Path shown) {
            try {
                boolean removed = Files.deleteIfExists(claimed);
                LOG.log(Level.DEBUG, () -> shown + ": delivered by an earlier run; claim removed");
                return removed;
            } catch (IOException e) {
                item(Action.PROBLEM, shown, null, "delivered by an earlier run, but its claimed file "
                        + claimed.getFileName() + " cannot be deleted: " + e);
                return false;
            }
        }

        /**
         * Steps 3 and 4 for claimed sources of one drop box: each part, checked against its claimed
         * source, becomes a report in the inbox; the inbox is forced once; then the claims are
         * deleted and the drop box forced once.
         */
        private void deliver(List<Delivery> claimed, Path box) {
            List<Delivery> delivered = new ArrayList<>();
            List<Path> targets = new ArrayList<>();
            for (Delivery d : claimed) {
                try {
                    if (!SourceFile.sameAs(d.claimed, d.part, maxFileBytes, stallTimeout)) {
                        // the source changed between the copy and the claim: the claimed bytes are the ones to deliver
                        copyWhole(d.claimed, d.part);
                    }
                    Path target = inbox.freeName(Claimed.parse(d.claimed.getFileName().toString()).orElseThrow().name);
                    Files.move(d.part, target, StandardCopyOption.ATOMIC_MOVE);
                    delivered.add(d);
                    targets.add(target);
                } catch (IOException | RuntimeException e) {
                    item(Action.PROBLEM, d.shown, null, "claimed as " + d.claimed.getFileName() + " but not delivered"
                            + " (the next run finishes the move): " + e);
                }
            }
            if (delivered.isEmpty()) {
                return;
            }
            // the reports must be on disk before their sources go: a source deleted for a report that a
            // power cut undid would be lost
            DurableFiles.forceDirectory(inbox.dir());
            afterStep.accept(Step.DELIVERED);
            for (Delivery d : delivered) {
                try {
                    Files.deleteIfExists(d.claimed);
                } catch (IOException e) {
                    // delivered; the next run finds the claim without its part and deletes it
                    LOG.log(Level.WARNING, () -> "cannot delete " + d.claimed + " after delivering it: " + e);
                }
            }
            DurableFiles.forceDirectory(box);
            for (int i = 0; i < delivered.size(); i++) {
                item(Action.MOVED, delivered.get(i).shown, targets.get(i), delivered.get(i).detail);
            }
        }

        /** Removes this server's parts that no claimed source names: copies interrupted before the claim. */
        private void sweep(String serverKey, Path box, Set<String> claimedTokens) {
            String prefix = PART_PREFIX + serverKey + "-";
            try (DirectoryStream<Path> files = Files.newDirectoryStream(inbox.dir(), ".collect-*")) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (!name.startsWith(prefix)) {
                        continue;
                    }
                    String rest = name.substring(prefix.length());
                    boolean copy = rest.endsWith(COPY_SUFFIX);
                    String token = rest.substring(0, rest.length() - (copy ? COPY_SUFFIX : PART_SUFFIX).length());
                    if (copy || (rest.endsWith(PART_SUFFIX) && !claimedTokens.contains(token)
                            && !claimedOnDisk(box, token))) {
                        deleteQuietly(file);
                    }
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, () -> "cannot sweep the collector's leftovers in " + inbox.dir() + ": " + e);
            }
        }

        /** A claim made in this run whose delivery failed is not in the listing: look on disk. */
        private boolean claimedOnDisk(Path box, String token) throws IOException {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(box, "*." + token + CLAIMED_SUFFIX)) {
                return files.iterator().hasNext();
            }
        }

        /** The inbox's parts by token. */
        private Map<String, Path> parts() throws IOException {
            Map<String, Path> parts = new HashMap<>();
            Files.createDirectories(inbox.dir());
            try (DirectoryStream<Path> files = Files.newDirectoryStream(inbox.dir(), ".collect-*" + PART_SUFFIX)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    String rest = name.substring(PART_PREFIX.length(), name.length() - PART_SUFFIX.length());
                    int dash = rest.lastIndexOf('-');
                    if (dash > 0) {
                        parts.put(rest.substring(dash + 1), file);
                    }
                }
            }
            return parts;
        }

        /** Checks a folder below the root that must be a real folder, not a link. */
        private boolean folderOfOurs(Path dir, Path shown, Path realRoot) throws IOException {
            Optional<BasicFileAttributes> attrs = attributes(dir);
            if (attrs.isEmpty()) {
                return false; // a logon server without a drop box has nothing to collect
            }
            if (attrs.get().isSymbolicLink()) {
                item(Action.PROBLEM, shown, null, "is a symbolic link; left alone (collect never follows a link out of"
                        + " a logon server root)");
                return false;
            }
            if (!attrs.get().isDirectory()) {
                item(Action.PROBLEM, shown, null, "is not a folder; left alone");
                return false;
            }
            if (!dir.toRealPath().startsWith(realRoot)) {
                item(Action.PROBLEM, shown, null, "resolves outside the logon server root; left alone");
                return false;
            }
            return true;
        }
    }

    /** A claimed source's name: {@code <NAME>.<token>.COLLECTED}. */
    private record Claimed(String name, String token) {
        static Optional<Claimed> parse(String fileName) {
            if (!fileName.endsWith(CLAIMED_SUFFIX)) {
                return Optional.empty();
            }
            String rest = fileName.substring(0, fileName.length() - CLAIMED_SUFFIX.length());
            int dot = rest.lastIndexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            String name = rest.substring(0, dot);
            String token = rest.substring(dot + 1);
            // only a name the inbox can use is one of ours (the collector claims under inboxName)
            if (!Inbox.isReportName(name) || name.chars().anyMatch(c -> c < 0x20 || c > 0x7E)
                    || token.length() != 2 * TOKEN_BYTES
                    || !token.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return Optional.empty();
            }
            return Optional.of(new Claimed(name, token));
        }
    }

    /**
     * Copies a file into a part so that the part is always whole: into a {@code .copy} file, forced
     * to disk, renamed over the part. Only a regular file is read, never through a link, at most
     * {@code max-mif-size + 1} bytes, under the stall watchdog ({@link SourceFile#copy}). The inbox
     * is forced by the caller, once for a batch.
     */
    private SourceFile.Extent copyWhole(Path source, Path part) throws IOException {
        String name = part.getFileName().toString();
        Path copy = part.resolveSibling(name.substring(0, name.length() - PART_SUFFIX.length()) + COPY_SUFFIX);
        SourceFile.Extent[] extent = new SourceFile.Extent[1];
        DurableFiles.standard().replace(part, copy,
                channel -> extent[0] = SourceFile.copy(source, channel, maxFileBytes, stallTimeout),
                DurableFiles.DirectorySync.LATER);
        return extent[0];
    }

    /** One listed entry of a drop box: its name as decoded, its path as listed, its attributes. */
    private record Entry(String name, Path file, BasicFileAttributes attrs) {
    }

    /** A claimed source with its whole copy in the inbox, to deliver. */
    private record Delivery(Path claimed, Path shown, Path part, String detail) {
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover the next run's sweep removes
        }
    }

    private static Optional<BasicFileAttributes> attributes(Path path) throws IOException {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static String token() {
        byte[] bytes = new byte[TOKEN_BYTES];
        TOKENS.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A short, stable name for a logon server in the inbox's part names: its real root hashed. */
    static String serverKey(Path realRoot) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(realRoot.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
