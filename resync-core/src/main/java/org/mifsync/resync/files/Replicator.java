package org.mifsync.resync.files;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.mifsync.model.DomainName;
import org.mifsync.model.LogonServer;
import org.mifsync.model.SmsDomain;
import org.mifsync.resync.files.internal.DurableFiles;

/**
 * The {@code replicate} step of Maintenance Manager: copies a domain's masters, {@code
 * RESYNC.CFG} and {@code INVENCFG.BOX/<SMSID>.CFG}, to {@code LOGON.SRV} on every logon server of
 * the domain, and — unlike SMS — removes the replicas whose master is gone.
 *
 * <p>What it touches, and nothing else: {@code LOGON.SRV/RESYNC.CFG}, and in {@code
 * LOGON.SRV/INVENCFG.BOX} the files named exactly as {@link ClientCfg#fileName} names them
 * (upper-case SMSID, {@code .CFG}); it creates {@code LOGON.SRV} and {@code INVENCFG.BOX} when they
 * are missing and removes its own temporary files left by a killed run once they are older than
 * {@link #STALE_TEMPORARY_AGE}. A file that is not ours ({@code NOTES.TXT}, {@code abc00001.cfg},
 * {@code README.CFG}) is left alone.
 *
 * <p>It never follows a symbolic link below a logon server's root: {@code LOGON.SRV}, {@code
 * INVENCFG.BOX} or a replica that is a link is reported as a problem and left as it is (the root
 * itself may be a link or a mount point). Links are checked just before each step; a link put in
 * place by someone racing the step in the same instant is not defended against (Java has no
 * portable {@code openat}). Copies are atomic (temporary file, fsync, rename) and keep the master's
 * modification time, so SMS-style clients that compare date and size see the change.
 *
 * <p>A replica is unchanged when its bytes equal the master's. In {@link Mode#DRY_RUN} nothing is
 * created, written or removed, and the report says what would have been.
 *
 * <p>Immutable and thread-safe. Two runs for one domain at once do not corrupt a file (each write
 * is atomic), but their reports may each claim the same copy; run one per domain at a time.
 *
 * @since 0.1
 */
public final class Replicator {

    /** Temporary files of a killed run older than this are removed; younger ones may be a live writer's. */
    public static final Duration STALE_TEMPORARY_AGE = Duration.ofHours(1);

    private static final System.Logger LOG = System.getLogger(Replicator.class.getName());

    private final Clock clock;

    /**
     * Creates a replicator.
     *
     * @param clock what "now" is, for the age of leftover temporary files
     */
    public Replicator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Replicates one domain to each of its logon servers.
     *
     * @param site the site's layout, where the masters are
     * @param domain the domain with its logon servers
     * @param mode apply or dry run
     * @return what was (or would be) copied, removed and left unchanged, and the problems met
     * @throws NoSuchFileException if the domain's master folder does not exist (replicating
     *     nothing would remove every replica, so nothing is done)
     * @throws IOException if the masters cannot be read
     */
    public Report replicate(SiteLayout site, SmsDomain domain, Mode mode) throws IOException {
        return replicate(site, domain.name(), domain.logonServers().stream().map(LogonServer::root).toList(), mode);
    }

    /**
     * Replicates one domain to the given logon-server roots.
     *
     * @param site the site's layout, where the masters are
     * @param domain the domain
     * @param logonServerRoots the roots of the domain's logon servers (each holds {@code LOGON.SRV})
     * @param mode apply or dry run
     * @return what was (or would be) copied, removed and left unchanged, and the problems met
     * @throws NoSuchFileException if the domain's master folder does not exist
     * @throws IOException if the masters cannot be read
     */
    public Report replicate(SiteLayout site, DomainName domain, Collection<Path> logonServerRoots, Mode mode)
            throws IOException {
        Objects.requireNonNull(mode, "mode");
        Path masterDir = site.domainDir(domain);
        if (!Files.isDirectory(masterDir)) {
            throw new NoSuchFileException(masterDir.toString(), null, "the master folder of domain " + domain
                    + " does not exist; nothing replicated (replicating nothing would remove every replica)");
        }
        Run run = new Run(mode);
        Masters masters = run.readMasters(masterDir);
        Set<Path> done = new HashSet<>();
        for (Path root : logonServerRoots) {
            Path realRoot;
            try {
                realRoot = root.toRealPath();
            } catch (IOException e) {
                run.problem(root, "logon server root cannot be reached: " + e);
                continue;
            }
            if (!Files.isDirectory(realRoot)) {
                run.problem(root, "logon server root is not a directory");
            } else if (done.add(realRoot)) {
                run.server(root, realRoot, masters);
            }
        }
        return run.report();
    }

    /** The masters of one domain. {@code resyncCfg} is null if absent; unusable names are left alone. */
    private record Masters(Optional<Path> resyncCfg, boolean resyncCfgUsable, TreeMap<String, Path> clientCfgs,
            Set<String> unusable, boolean boxUsable) {
    }

    /** The state of one run: what it did. */
    private final class Run {
        private final Mode mode;
        private final List<Path> copied = new ArrayList<>();
        private final List<Path> removed = new ArrayList<>();
        private final List<Path> unchanged = new ArrayList<>();
        private final List<Problem> problems = new ArrayList<>();

        Run(Mode mode) {
            this.mode = mode;
        }

        boolean applying() {
            return mode == Mode.APPLY;
        }

        void problem(Path path, String message) {
            problems.add(new Problem(path, message));
            LOG.log(Level.WARNING, () -> path + ": " + message);
        }

        Report report() {
            return new Report(mode, sorted(copied), sorted(removed), sorted(unchanged), problems);
        }

        private List<Path> sorted(List<Path> paths) {
            List<Path> copy = new ArrayList<>(paths);
            copy.sort(null);
            return copy;
        }

        Masters readMasters(Path masterDir) throws IOException {
            Path resyncCfg = masterDir.resolve(ResyncCfg.FILE_NAME);
            Optional<BasicFileAttributes> resyncAttrs = attributes(resyncCfg);
            boolean resyncUsable = true;
            Optional<Path> resyncMaster = Optional.empty();
            if (resyncAttrs.isPresent()) {
                if (resyncAttrs.get().isRegularFile()) {
                    resyncMaster = Optional.of(resyncCfg);
                } else {
                    resyncUsable = false;
                    problem(resyncCfg, "master is not a regular file (a link or a folder); RESYNC.CFG not replicated");
                }
            }
            TreeMap<String, Path> clientCfgs = new TreeMap<>();
            Set<String> unusable = new HashSet<>();
            Path box = masterDir.resolve(SiteLayout.INVENCFG_BOX);
            Optional<BasicFileAttributes> boxAttrs = attributes(box);
            boolean boxUsable = true;
            if (boxAttrs.isPresent() && !boxAttrs.get().isDirectory()) {
                boxUsable = false;
                problem(box, "master INVENCFG.BOX is not a folder (or is a link); client files not replicated");
            } else if (boxAttrs.isPresent()) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(box)) {
                    for (Path file : files) {
                        String name = file.getFileName().toString();
                        if (!ClientCfg.isCanonicalFileName(name)) {
                            continue;
                        }
                        if (attributes(file).map(BasicFileAttributes::isRegularFile).orElse(false)) {
                            clientCfgs.put(name, file);
                        } else {
                            unusable.add(name);
                            problem(file, "master is not a regular file (a link or a folder); not replicated");
                        }
                    }
                }
            }
            return new Masters(resyncMaster, resyncUsable, clientCfgs, unusable, boxUsable);
        }

        void server(Path root, Path realRoot, Masters masters) throws IOException {
            Path logonSrv = realRoot.resolve(LogonServerLayout.LOGON_SRV);
            Path shownSrv = root.resolve(LogonServerLayout.LOGON_SRV);
            if (!directoryOfOurs(logonSrv, shownSrv, realRoot)) {
                return;
            }
            if (masters.resyncCfgUsable()) {
                replica(masters.resyncCfg(), logonSrv.resolve(ResyncCfg.FILE_NAME),
                        shownSrv.resolve(ResyncCfg.FILE_NAME));
            }
            removeStaleTemporaries(logonSrv, shownSrv, ResyncCfg.FILE_NAME);
            if (!masters.boxUsable()) {
                return;
            }
            Path box = logonSrv.resolve(SiteLayout.INVENCFG_BOX);
            Path shownBox = shownSrv.resolve(SiteLayout.INVENCFG_BOX);
            if (!directoryOfOurs(box, shownBox, realRoot)) {
                return;
            }
            for (var master : masters.clientCfgs().entrySet()) {
                replica(Optional.of(master.getValue()), box.resolve(master.getKey()), shownBox.resolve(master.getKey()));
            }
            if (!Files.isDirectory(box, LinkOption.NOFOLLOW_LINKS)) {
                return; // a dry run that would have created it: nothing in it to prune
            }
            List<String> stale = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(box)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (ClientCfg.isCanonicalFileName(name) && !masters.clientCfgs().containsKey(name)
                            && !masters.unusable().contains(name)) {
                        stale.add(name);
                    }
                }
            }
            stale.sort(null);
            for (String name : stale) {
                replica(Optional.empty(), box.resolve(name), shownBox.resolve(name));
            }
            removeStaleTemporaries(box, shownBox, null);
        }

        /** Checks (and in apply mode creates) a folder below the root that must not be a link. */
        private boolean directoryOfOurs(Path dir, Path shown, Path realRoot) throws IOException {
            Optional<BasicFileAttributes> attrs = attributes(dir);
            if (attrs.isEmpty()) {
                if (applying()) {
                    Files.createDirectory(dir);
                }
                return true;
            }
            if (attrs.get().isSymbolicLink()) {
                problem(shown, "is a symbolic link; left alone (replication never follows a link out of a logon"
                        + " server root)");
                return false;
            }
            if (!attrs.get().isDirectory()) {
                problem(shown, "is not a folder; left alone");
                return false;
            }
            if (!dir.toRealPath().startsWith(realRoot)) {
                problem(shown, "resolves outside the logon server root; left alone");
                return false;
            }
            return true;
        }

        /** Brings one replica in line with its master (absent master: remove the replica). */
        private void replica(Optional<Path> master, Path target, Path shown) throws IOException {
            Optional<BasicFileAttributes> attrs = attributes(target);
            if (attrs.isPresent() && !attrs.get().isRegularFile()) {
                problem(shown, "is not a regular file (a link or a folder); left alone");
                return;
            }
            if (master.isEmpty()) {
                if (attrs.isPresent()) {
                    if (applying()) {
                        Files.deleteIfExists(target);
                    }
                    removed.add(shown);
                }
                return;
            }
            if (attrs.isPresent() && Files.mismatch(master.get(), target) == -1) {
                unchanged.add(shown);
                return;
            }
            if (applying()) {
                copy(master.get(), target);
            }
            copied.add(shown);
        }

        private void copy(Path master, Path target) throws IOException {
            try (FileChannel source = FileChannel.open(master, StandardOpenOption.READ)) {
                FileTime modified = Files.getLastModifiedTime(master);
                DurableFiles.standard().replace(target, channel -> {
                    long size = source.size();
                    long position = 0;
                    while (position < size) {
                        long n = source.transferTo(position, size - position, channel);
                        if (n <= 0) {
                            break;
                        }
                        position += n;
                    }
                }, modified);
            }
        }

        /** Removes this writer's temporary files left by a killed run, once old enough to be nobody's. */
        private void removeStaleTemporaries(Path dir, Path shownDir, String onlyTarget) throws IOException {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Instant staleBefore = clock.instant().minus(STALE_TEMPORARY_AGE);
            List<Path> stale = new ArrayList<>();
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    Optional<String> target = DurableFiles.targetOfTemporary(name);
                    boolean ours = target.isPresent() && (onlyTarget != null ? target.get().equals(onlyTarget)
                            : ClientCfg.isCanonicalFileName(target.get()));
                    if (!ours) {
                        continue;
                    }
                    Optional<BasicFileAttributes> attrs = attributes(file);
                    if (attrs.isPresent() && attrs.get().isRegularFile()
                            && attrs.get().lastModifiedTime().toInstant().isBefore(staleBefore)) {
                        stale.add(file);
                    }
                }
            }
            for (Path file : stale) {
                if (applying()) {
                    Files.deleteIfExists(file);
                }
                removed.add(shownDir.resolve(file.getFileName()));
            }
        }
    }

    private static Optional<BasicFileAttributes> attributes(Path path) throws IOException {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * What a run did (or, in a dry run, would do). Paths are shown under the roots as given.
     *
     * <p>Immutable and thread-safe.
     *
     * @param mode apply or dry run
     * @param copied replicas written because they were missing or differed from their master
     * @param removed replicas removed because their master is gone, and stale temporary files
     * @param unchanged replicas equal to their master
     * @param problems what was left alone and why (links, folders where files belong, unreachable roots)
     * @since 0.1
     */
    public record Report(Mode mode, List<Path> copied, List<Path> removed, List<Path> unchanged,
            List<Problem> problems) {
        /**
         * Copies the lists.
         *
         * @throws NullPointerException if a component is null
         */
        public Report {
            Objects.requireNonNull(mode, "mode");
            copied = List.copyOf(copied);
            removed = List.copyOf(removed);
            unchanged = List.copyOf(unchanged);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Something replication left alone, and why.
     *
     * <p>Immutable and thread-safe.
     *
     * @param path the path concerned
     * @param message why it was left alone
     * @since 0.1
     */
    public record Problem(Path path, String message) {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if one is null
         */
        public Problem {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(message, "message");
        }

        /**
         * Returns {@code <path>: <message>}.
         *
         * @return the problem in one line
         */
        @Override
        public String toString() {
            return path + ": " + message;
        }
    }
}
