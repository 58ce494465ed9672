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
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.mifsync.mif.Diagnostic;
import org.mifsync.mif.MifException;
import org.mifsync.mif.MifParser;
import org.mifsync.mif.TextEscapes;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.compare.Decision;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportException;
import org.mifsync.resync.report.ReportReader;
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
 * of the site (a busy or locked database, a lost connection, a full disk) are not failures of the
 * file: the loader puts the file back under the name it had, its try count unchanged, and stops
 * this pass ({@link Summary#stoppedBy()}); the caller backs off and runs again later.
 *
 * <p>Stopping: a pass asked to stop ({@link Builder#stopRequested}) finishes the file it is deciding
 * and leaves every file it has not claimed in the inbox under its name, for the next pass; its
 * summary then says {@value #STOP_REQUESTED} ({@link Summary#stoppedBy()}).
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

    private static final System.Logger LOG = System.getLogger(Loader.class.getName());

    private final Path inbox;
    private final Comparer comparer;
    private final ReportReader reader;
    private final MifParser parser;
    private final Consumer<FileResult> listener;
    private final BooleanSupplier stopRequested;

    private Loader(Builder b) {
        this.inbox = b.inbox;
        this.comparer = b.comparer;
        this.reader = b.reader;
        this.parser = b.parser;
        this.listener = b.listener;
        this.stopRequested = b.stopRequested;
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
         * @param value the listener; called on the loading thread
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
     * @param file the file's name in the inbox
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
     * @since 0.1
     */
    public record Summary(List<FileResult> files, Map<Outcome, Integer> reportsByOutcome, int requestsMade,
            int badFiles, Optional<String> stoppedBy) {
        /**
         * Copies the collections.
         *
         * @param files the results
         * @param reportsByOutcome counts by outcome
         * @param requestsMade requests made
         * @param badFiles files sent to BADMIFS
         * @param stoppedBy why it stopped early
         */
        public Summary {
            files = List.copyOf(files);
            reportsByOutcome = Map.copyOf(reportsByOutcome);
            Objects.requireNonNull(stoppedBy, "stopped by");
        }
    }

    /** A file of this pass: its name without prefixes, its tries so far and its path now. */
    private record Claim(String name, int tries, Path path) {
    }

    /** A claimed file's reports, ready to decide. */
    private record Parsed(Claim claim, List<ClientReport> reports) {
    }

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
            return new Pass().run();
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
        private int requestsMade;
        private int badFiles;

        Summary run() throws IOException {
            List<Claim> files = new ArrayList<>();
            for (Path file : inboxFiles()) {
                String fileName = file.getFileName().toString();
                int tries = 0;
                while (tries < fileName.length() - 1 && fileName.charAt(tries) == 'X') {
                    tries++;
                }
                // a name that starts with X itself cannot be told from a claimed one; SMS had the same rule
                String name = fileName.substring(tries);
                if (tries >= MAX_TRIES) {
                    toBadMifs(new Claim(name, tries, file), List.of(name + ": processing was interrupted " + tries
                            + " times; the file is set aside"));
                } else {
                    files.add(new Claim(name, tries, file));
                }
            }
            // parsing only reads, so it claims nothing: a crash while parsing costs no file a try
            Map<SmsId, List<Parsed>> byClient = new TreeMap<>();
            Optional<String> stoppedBy = Optional.empty();
            for (Claim file : files) {
                if (stopRequested.getAsBoolean()) {
                    stoppedBy = Optional.of(STOP_REQUESTED);
                    break;
                }
                try {
                    Parsed parsed = parse(file);
                    if (parsed != null) {
                        byClient.computeIfAbsent(parsed.reports.get(0).identity().smsId(), k -> new ArrayList<>())
                                .add(parsed);
                    }
                } catch (StoreException e) {
                    stoppedBy = siteFailure(e);
                    break;
                }
            }
            for (List<Parsed> clientFiles : byClient.values()) {
                clientFiles.sort(Comparator.comparing(p -> order(p.reports.get(0))));
                for (Parsed parsed : clientFiles) {
                    if (stoppedBy.isEmpty() && stopRequested.getAsBoolean()) {
                        stoppedBy = Optional.of(STOP_REQUESTED);
                    }
                    if (stoppedBy.isPresent()) {
                        break;
                    }
                    // claimed one at a time, just before deciding: a crash costs a try of this file only
                    Claim claimed = new Claim(parsed.claim.name, parsed.claim.tries + 1,
                            parsed.claim.path.resolveSibling("X".repeat(parsed.claim.tries + 1) + parsed.claim.name));
                    move(parsed.claim.path, claimed.path);
                    try {
                        decide(new Parsed(claimed, parsed.reports));
                    } catch (StoreException e) {
                        stoppedBy = siteFailure(e);
                        // a failure of the site is not one of the file: back under its old name, same try count
                        move(claimed.path, parsed.claim.path);
                    } catch (RuntimeException e) {
                        // an error of the loader, not of the site: the file keeps its try and is set
                        // aside after the last one
                        LOG.log(System.Logger.Level.ERROR, "loading " + TextEscapes.forDisplay(claimed.name)
                                + " failed", e);
                    }
                }
            }
            return new Summary(results, counts, requestsMade, badFiles, stoppedBy);
        }

        private Optional<String> siteFailure(StoreException e) {
            if (!e.isSiteFailure()) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "stopping this pass: " + TextEscapes.forDisplay(e.getMessage()));
            return Optional.of(e.getMessage());
        }

        private List<Path> inboxFiles() throws IOException {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(inbox)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (Files.isRegularFile(entry) && name.toUpperCase(Locale.ROOT).endsWith(".MIF")
                            && !name.startsWith(".")) {
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
            return String.format(Locale.ROOT, "%s %010d %010d %020d", r.kind(), r.version().major(),
                    r.version().minor(), r.generatedAt().toEpochMilli());
        }

        private Parsed parse(Claim claim) throws IOException {
            ReportReader.Reading reading;
            try {
                Instant fileTime = Files.getLastModifiedTime(claim.path).toInstant();
                byte[] bytes = Files.readAllBytes(claim.path);
                reading = reader.read(parser.parse(bytes, claim.name).document(), fileTime);
            } catch (MifException e) {
                comparer.recordUnusable(Outcome.BAD_MIF, Optional.empty(), e.errors().get(0).toString(),
                        Optional.of(claim.name));
                toBadMifs(claim, e.errors().stream().map(Diagnostic::toString).toList());
                return null;
            } catch (ReportException e) {
                Outcome outcome = switch (e.problem()) {
                    case NOIDMIF -> Outcome.NOIDMIF;
                    case FOREIGN_ARCHITECTURE -> Outcome.FOREIGN_ARCHITECTURE;
                    default -> Outcome.BAD_MIF;
                };
                comparer.recordUnusable(outcome, Optional.empty(), e.errors().get(0), Optional.of(claim.name));
                if (outcome == Outcome.BAD_MIF) {
                    toBadMifs(claim, e.errors());
                } else {
                    finish(claim, outcome, List.of(), Optional.of(archive(claim, outcome)));
                }
                return null;
            }
            reading.warnings().forEach(w -> LOG.log(System.Logger.Level.DEBUG, () -> TextEscapes.forDisplay(w)));
            return new Parsed(claim, reading.reports());
        }

        private void decide(Parsed parsed) throws IOException {
            List<Decision> decisions = new ArrayList<>();
            for (ClientReport report : parsed.reports) {
                Decision decision = comparer.decide(report, Optional.of(parsed.claim.name));
                decisions.add(decision);
                counts.merge(decision.outcome(), 1, Integer::sum);
                if (decision.madeRequest()) {
                    requestsMade++;
                }
            }
            Optional<Decision> refused = decisions.stream().filter(d -> d.outcome().isRefused()).findFirst();
            if (refused.isPresent()) {
                Outcome outcome = refused.get().outcome();
                finish(parsed.claim, outcome, decisions, Optional.of(archive(parsed.claim, outcome)));
            } else {
                Files.delete(parsed.claim.path);
                finish(parsed.claim, decisions.get(0).outcome(), decisions, Optional.empty());
            }
        }

        private void finish(Claim claim, Outcome outcome, List<Decision> decisions, Optional<Path> movedTo) {
            FileResult result = new FileResult(claim.name, outcome, decisions, movedTo);
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
            Files.setLastModifiedTime(file, FileTime.from(comparer.clock().instant()));
        }

        private void toBadMifs(Claim claim, List<String> errors) throws IOException {
            Path dir = inbox.resolve(BADMIFS);
            Files.createDirectories(dir);
            Path target = free(dir, claim.name);
            // the .err file first: a crash between the two leaves the file in the inbox to retry
            Path err = target.resolveSibling(target.getFileName() + ".err");
            Path tmp = err.resolveSibling(err.getFileName() + ".tmp");
            // one error, one line: a file name or a quoted value holding a line break cannot forge another
            StringBuilder text = new StringBuilder();
            errors.forEach(e -> text.append(TextEscapes.forDisplay(e)).append('\n'));
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
