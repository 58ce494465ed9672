package org.mifsync.resync.admin;

import static org.mifsync.resync.settings.internal.Checks.positive;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.function.Consumer;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.StoreAdmin;
import org.mifsync.resync.files.Mode;

/**
 * Retention ({@code prune}): removes what is older than a cutoff — load-log rows,
 * acknowledged and expired requests (with their audit events), the identities of decided reports,
 * refused reports archived under {@code INVENTRY.BOX/REFUSED/<REASON>/}, files set aside in
 * {@code BADMIFS} with their {@code .err} files, and conflicting records an administrator resolved
 * (with who resolved them), and custom objects no IDMIF has been accepted for since the cutoff.
 * Pending requests, clients' inventory, clients and the files of conflicting records still held for
 * an administrator are never touched.
 *
 * <pre>{@code
 * Pruner.Report report = Pruner.builder(store, siteLayout.inventoryBox()).clock(clock)
 *         .olderThan(Duration.ofDays(90)).build().prune(Mode.DRY_RUN);
 * }</pre>
 *
 * <p>Ages: a row's own time (logged, acknowledged, expired, decided); a file's modification time,
 * which a move keeps, so an archived report's age is counted from when it was written; a set-aside
 * file's from its {@code .err} file, written when it was set aside. The store's part is one
 * transaction; a dry run does it and rolls it back, and touches no file. Links are never followed:
 * a {@code REFUSED} sub-folder that is a link is skipped.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Pruner {

    private final InventoryStore store;
    private final Path inbox;
    private final Clock clock;
    private final Duration olderThan;
    private final Consumer<Path> listener;

    private Pruner(Builder b) {
        this.store = b.store;
        this.inbox = b.inbox;
        this.clock = b.clock;
        this.olderThan = b.olderThan;
        this.listener = b.listener;
    }

    /**
     * Returns a builder.
     *
     * @param store the store
     * @param inbox the site's inbox, {@code SITE.SRV/INVENTRY.BOX}
     * @return the builder, with the store's clock and the default retention
     */
    public static Builder builder(InventoryStore store, Path inbox) {
        return new Builder(store, inbox);
    }

    /**
     * Configures a {@link Pruner}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final InventoryStore store;
        private final Path inbox;
        private Clock clock;
        private Duration olderThan = SiteSettings.DEFAULTS.retention();
        private Consumer<Path> listener = p -> { };

        private Builder(InventoryStore store, Path inbox) {
            this.store = Objects.requireNonNull(store, "store");
            this.inbox = Objects.requireNonNull(inbox, "inbox");
            this.clock = store.clock();
        }

        /**
         * Sets the clock the cutoff is measured back from.
         *
         * @param value the clock (default: the store's)
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Sets the retention: what is older than this goes.
         *
         * @param value a positive duration (default {@link SiteSettings#retention()} of the defaults, 90 days)
         * @return this builder
         */
        public Builder olderThan(Duration value) {
            this.olderThan = positive(value, "retention");
            return this;
        }

        /**
         * Sets a listener told of every file removed (or, in a dry run, that would be).
         *
         * @param value the listener; called on the pruning thread
         * @return this builder
         */
        public Builder listener(Consumer<Path> value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Builds the pruner.
         *
         * @return the pruner
         */
        public Pruner build() {
            return new Pruner(this);
        }
    }

    /**
     * What a prune removed (or, in a dry run, would remove).
     *
     * <p>Immutable and thread-safe.
     *
     * @param mode applied or dry run
     * @param cutoff what is older than this went
     * @param loadLogRows load-log rows
     * @param acknowledgedRequests acknowledged requests
     * @param expiredRequests expired requests
     * @param requestEvents audit events of those requests
     * @param reportIdentities identities of decided reports
     * @param refusedFiles archived refused reports
     * @param badMifsFiles set-aside files and {@code .err} files
     * @param problems what could not be removed, and why
     * @param resolvedConflicts conflicting records resolved before the cutoff
     * @param objects custom objects no IDMIF has been accepted for since the cutoff
     * @since 0.1
     */
    public record Report(Mode mode, Instant cutoff, int loadLogRows, int acknowledgedRequests, int expiredRequests,
            int requestEvents, int reportIdentities, List<Path> refusedFiles, List<Path> badMifsFiles,
            List<String> problems, int resolvedConflicts, int objects) {
        /**
         * Copies the lists.
         *
         * @param mode the mode
         * @param cutoff the cutoff
         * @param loadLogRows load-log rows
         * @param acknowledgedRequests acknowledged requests
         * @param expiredRequests expired requests
         * @param requestEvents request events
         * @param reportIdentities report identities
         * @param refusedFiles refused files
         * @param badMifsFiles BADMIFS files
         * @param problems problems
         * @param resolvedConflicts resolved conflicting records
         * @param objects custom objects not reported since the cutoff
         */
        public Report {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(cutoff, "cutoff");
            refusedFiles = List.copyOf(refusedFiles);
            badMifsFiles = List.copyOf(badMifsFiles);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Prunes once.
     *
     * @param mode apply or dry run
     * @return what was (or would be) removed
     * @throws IOException if the inbox's folders cannot be listed
     * @throws org.mifsync.resync.store.StoreException if the store fails; no row was removed
     */
    public Report prune(Mode mode) throws IOException {
        Objects.requireNonNull(mode, "mode");
        Instant cutoff = clock.instant().minus(olderThan);
        int[] rows = store(mode, cutoff);
        Set<String> held = heldFiles();
        List<String> problems = new ArrayList<>();
        List<Path> refused = new ArrayList<>();
        Path refusedBox = inbox.resolve(SiteLayout.REFUSED);
        for (var reason : entries(refusedBox).entrySet()) {
            if (reason.getValue().isDirectory()) {
                for (var file : entries(refusedBox.resolve(reason.getKey())).entrySet()) {
                    Path path = refusedBox.resolve(reason.getKey()).resolve(file.getKey());
                    // a conflicting record still held waits for the administrator, however old
                    boolean waits = reason.getKey().equals(Outcome.IDENTITY_CONFLICT.name())
                            && held.contains(unnumbered(file.getKey()));
                    if (file.getValue().isRegularFile() && before(file.getValue(), cutoff) && !waits) {
                        remove(path, mode, refused, problems);
                    }
                }
            }
        }
        List<Path> bad = new ArrayList<>();
        Path badBox = inbox.resolve(SiteLayout.BADMIFS);
        TreeMap<String, BasicFileAttributes> badEntries = entries(badBox);
        for (var entry : badEntries.entrySet()) {
            String name = entry.getKey();
            BasicFileAttributes attrs = entry.getValue();
            if (!attrs.isRegularFile()) {
                continue;
            }
            boolean side = BadMifs.isSideFile(name);
            Instant at = attrs.lastModifiedTime().toInstant();
            if (!side) {
                // set aside when its errors were written
                BasicFileAttributes err = badEntries.get(name + BadMifs.ERR_SUFFIX);
                if (err != null && err.lastModifiedTime().toInstant().isAfter(at)) {
                    at = err.lastModifiedTime().toInstant();
                }
            } else {
                String report = name.endsWith(BadMifs.ERR_SUFFIX) ? name.substring(0, name.length()
                        - BadMifs.ERR_SUFFIX.length()) : null;
                BasicFileAttributes owner = report == null ? null : badEntries.get(report);
                if (owner != null && owner.isRegularFile()) {
                    continue; // goes with its report, below or not at all
                }
            }
            if (at.isBefore(cutoff)) {
                remove(badBox.resolve(name), mode, bad, problems);
                Path err = badBox.resolve(name + BadMifs.ERR_SUFFIX);
                if (!side && badEntries.containsKey(err.getFileName().toString())) {
                    remove(err, mode, bad, problems);
                }
            }
        }
        return new Report(mode, cutoff, rows[0], rows[1], rows[2], rows[3], rows[4], refused, bad, problems, rows[5], rows[6]);
    }

    /** The names the held conflicting records' files were archived under. */
    private Set<String> heldFiles() {
        return store.inTransaction(tx -> tx.conflicts().allHeld().stream().flatMap(h -> h.source().stream())
                .collect(Collectors.toSet()));
    }

    /** {@code PC1.MIF.2}, a name the loader made unique in the archive, as {@code PC1.MIF}. */
    private static String unnumbered(String name) {
        return name.replaceFirst("\\.\\d+$", "");
    }

    private int[] store(Mode mode, Instant cutoff) {
        InventoryStore.Work<int[]> work = tx -> {
            StoreAdmin admin = tx.admin();
            int log = admin.pruneLoadLog(cutoff);
            StoreAdmin.PrunedRequests requests = admin.pruneRequests(cutoff);
            int seen = admin.pruneReportsSeen(cutoff);
            int conflicts = tx.conflicts().pruneResolved(cutoff);
            tx.loadLog().pruneOrigins(cutoff);
            // an object whose IDMIF stopped coming is gone (a printer scrapped, an employee left)
            int objects = tx.objects().pruneNotReportedSince(cutoff);
            return new int[] {log, requests.acknowledged(), requests.expired(), requests.events(), seen, conflicts,
                objects};
        };
        return store.inTransaction(mode, work);
    }

    private void remove(Path path, Mode mode, List<Path> removed, List<String> problems) {
        try {
            if (mode == Mode.APPLY) {
                Files.deleteIfExists(path);
            }
            removed.add(path);
            listener.accept(path);
        } catch (IOException e) {
            problems.add(path + ": cannot remove it: " + e);
        }
    }

    private static boolean before(BasicFileAttributes attrs, Instant cutoff) {
        return attrs.lastModifiedTime().toInstant().isBefore(cutoff);
    }

    /** A folder's entries with their own attributes (links not followed); empty if it is not a folder. */
    private static TreeMap<String, BasicFileAttributes> entries(Path dir) throws IOException {
        TreeMap<String, BasicFileAttributes> entries = new TreeMap<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Optional<BasicFileAttributes> attrs = attributes(file);
                attrs.ifPresent(a -> entries.put(file.getFileName().toString(), a));
            }
        }
        return entries;
    }

    private static Optional<BasicFileAttributes> attributes(Path path) throws IOException {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
