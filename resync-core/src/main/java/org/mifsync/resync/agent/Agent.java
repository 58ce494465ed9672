package org.mifsync.resync.agent;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.mifsync.mif.Diagnostic;
import org.mifsync.mif.MifException;
import org.mifsync.mif.MifParser;
import org.mifsync.model.GroupClass;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SmsId;
import org.mifsync.resync.files.ClientCfg;
import org.mifsync.resync.files.LogonServerLayout;
import org.mifsync.resync.files.RequestFileException;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.files.internal.DurableFiles;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportException;
import org.mifsync.resync.report.ReportReader;
import org.mifsync.resync.report.ReportWriter;

/**
 * The client side of inventory resync: an inventory agent that reports to one logon server and keeps its
 * memory in a state directory.
 *
 * <p>Per kind (HW, SW) it remembers the last inventory it sent, that report's version and the last
 * request time it answered. Each {@link #run} reads the inventory it is given (a MIF file or a
 * directory of them; a real collector is out of scope) and sends, per kind:
 *
 * <ul>
 *   <li>a <b>resync</b> report {@code N+1.0} carrying {@code //ResyncRequest<time>} when it finds a
 *       request for its SMSID, in the logon server's {@code LOGON.SRV/RESYNC.CFG} (binary search)
 *       or its own {@code LOGON.SRV/INVENCFG.BOX/<SMSID>.CFG} (the only place for a GUID-form
 *       SMSID), whose time differs from the one it remembers; it then remembers that time, so the
 *       same request is answered once. A pending request is answered whatever the mode;
 *   <li>on {@link Mode#FORCED_RESYNC} ({@code /F}) a resync report {@code N+1.0} that answers no
 *       request; on {@link Mode#COMPLETE} ({@code /X}) a full report {@code N+1.0}, not flagged as
 *       a resync;
 *   <li>otherwise a delta {@code N.m+1} against what it last sent ({@code SMS:Add}, {@code
 *       SMS:Update}, {@code SMS:Delete} groups), or nothing when nothing changed; the first report
 *       of a kind is a full {@code 1.0}.
 * </ul>
 *
 * <p>Reports are written into the logon server's {@code LOGON.SRV/INVENTRY.BOX} under a temporary
 * name ({@code NAME.TMP}, left alone by collection) and then renamed to {@code NAME.MIF}, named
 * {@code <KIND>_<SMSID>_<major>_<minor>.MIF}. Crash safety: the run first writes the new reports
 * and inventory snapshots under names nothing refers to, then replaces the state file {@code
 * AGENT.INI} atomically (the one commit point), then delivers. A report committed but not
 * delivered (the logon server was unreachable, the agent was killed) is delivered by the next run,
 * byte for byte, before anything new is made; so what the site receives is always what the agent
 * remembers having sent, and a delivery repeated after a crash is recognised by the site as a
 * duplicate.
 *
 * <pre>{@code
 * Agent agent = Agent.builder(Path.of("/var/lib/mifsync-agent"), Path.of("/mnt/ls1")).build();
 * Agent.Report report = agent.run(Path.of("inventory.mif"), Agent.Mode.DELTA);
 * }</pre>
 *
 * <p>Thread-safe: runs on one state directory, in any threads or processes, are serialised by a
 * lock on {@code AGENT.LCK} (a second run at the same time fails with an {@link AgentException}).
 * Holds no resource between runs.
 *
 * @since 0.1
 */
public final class Agent {

    /** The lock file in the state directory. */
    public static final String LOCK_FILE = "AGENT.LCK";
    /** Reports made but not yet delivered wait here, in the state directory. */
    public static final String OUTBOX = "OUTBOX";

    /**
     * What a run is asked to send. Immutable and thread-safe.
     *
     * @since 0.1
     */
    public enum Mode {
        /** Deltas against what was last sent (a complete report when a request asks for one). */
        DELTA,
        /** SMS's {@code /F}: a complete report of every kind, flagged as a resync. */
        FORCED_RESYNC,
        /** SMS's {@code /X}: a complete report of every kind, not flagged as a resync. */
        COMPLETE
    }

    /**
     * What was sent for one kind. Immutable and thread-safe.
     *
     * @since 0.1
     */
    public enum Action {
        /** A full report {@code N.0}. */
        FULL,
        /** A delta {@code N.m}. */
        DELTA,
        /** A resync report {@code N.0}. */
        RESYNC,
        /** Nothing: the inventory is unchanged and nothing asked for a complete report. */
        UNCHANGED
    }

    /**
     * The report a run made for one kind.
     *
     * <p>Immutable and thread-safe.
     *
     * @param kind the kind
     * @param action full, delta, resync or unchanged
     * @param version the report's version (for {@link Action#UNCHANGED} the version last sent)
     * @param answersRequest the request time a resync report answers, if any
     * @param file where the report was delivered, empty when nothing was sent
     * @param adds groups added by a delta
     * @param updates groups updated by a delta
     * @param deletes groups deleted by a delta
     * @param instances groups in the inventory now
     * @since 0.1
     */
    public record Sent(InventoryKind kind, Action action, ReportVersion version, Optional<Instant> answersRequest,
            Optional<Path> file, int adds, int updates, int deletes, int instances) {
        /**
         * Validates the fields.
         *
         * @throws NullPointerException if a field is null
         */
        public Sent {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(answersRequest, "answers request");
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * What a run did.
     *
     * <p>Immutable and thread-safe.
     *
     * @param smsId the client
     * @param sent per kind, HW first, what was sent
     * @param delivered every file delivered to the logon server by this run, reports left over from an
     *     earlier run first
     * @param warnings the lenient parser's and the report reader's warnings about the inventory input,
     *     each printed {@code file:line:col: warning: message}
     * @since 0.1
     */
    public record Report(SmsId smsId, List<Sent> sent, List<Path> delivered, List<Diagnostic> warnings) {
        /**
         * Copies the lists.
         *
         * @throws NullPointerException if a field is null
         */
        public Report {
            Objects.requireNonNull(smsId, "SMSID");
            sent = List.copyOf(sent);
            delivered = List.copyOf(delivered);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * What the agent remembers of one kind.
     *
     * <p>Immutable and thread-safe.
     *
     * @param kind the kind
     * @param version the version last sent
     * @param answeredRequest the request time last answered, if any
     * @param inventory the inventory the last report described
     * @since 0.1
     */
    public record Remembered(InventoryKind kind, ReportVersion version, Optional<Instant> answeredRequest,
            Inventory inventory) {
        /**
         * Validates the fields.
         *
         * @throws NullPointerException if a field is null
         */
        public Remembered {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(answeredRequest, "answered request");
            Objects.requireNonNull(inventory, "inventory");
        }
    }

    private final Path stateDir;
    private final LogonServerLayout logonServer;
    private final Clock clock;
    private final ReportReader reader;
    private final Consumer<Sent> listener;

    private Agent(Builder b) {
        this.stateDir = b.stateDir;
        this.logonServer = LogonServerLayout.of(b.logonServerRoot);
        this.clock = b.clock;
        this.reader = ReportReader.builder().softwareClasses(b.softwareClasses).build();
        this.listener = b.listener;
    }

    /**
     * Returns a builder.
     *
     * @param stateDir the client's state directory (created on first use)
     * @param logonServerRoot the logon server's root, the directory holding {@code LOGON.SRV}
     * @return the builder
     */
    public static Builder builder(Path stateDir, Path logonServerRoot) {
        return new Builder(stateDir, logonServerRoot);
    }

    /**
     * Configures an {@link Agent}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Path stateDir;
        private final Path logonServerRoot;
        private Clock clock = Clock.systemUTC();
        private Set<GroupClass> softwareClasses = Set.of(GroupClass.SOFTWARE);
        private Consumer<Sent> listener = s -> { };

        private Builder(Path stateDir, Path logonServerRoot) {
            this.stateDir = Objects.requireNonNull(stateDir, "state directory");
            this.logonServerRoot = Objects.requireNonNull(logonServerRoot, "logon server root");
        }

        /**
         * Sets the clock report times come from.
         *
         * @param value the clock (default: the system's, UTC)
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Sets the classes that are software inventory, as the site counts them.
         *
         * @param value the classes (default {@code MICROSOFT|SOFTWARE|1.0})
         * @return this builder
         */
        public Builder softwareClasses(Collection<GroupClass> value) {
            this.softwareClasses = Set.copyOf(Objects.requireNonNull(value, "software classes"));
            return this;
        }

        /**
         * Sets a listener told of each kind's report once it is delivered.
         *
         * @param value the listener, called on the running thread
         * @return this builder
         */
        public Builder listener(Consumer<Sent> value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Builds the agent.
         *
         * @return the agent
         */
        public Agent build() {
            return new Agent(this);
        }
    }

    /**
     * Reads the inventory, looks for requests, and sends what is due.
     *
     * @param inventory a MIF file or a directory of MIF files: the computer's inventory now
     * @param mode what to send
     * @return what was sent
     * @throws AgentException if the input is not a usable inventory (every error named), the state
     *     directory is another client's or damaged, another run holds it, or a report cannot be
     *     delivered (it is kept and delivered by the next run)
     * @throws IOException if the state directory cannot be written
     */
    public Report run(Path inventory, Mode mode) throws AgentException, IOException {
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(mode, "mode");
        Files.createDirectories(stateDir.resolve(OUTBOX));
        try (FileChannel lockChannel = FileChannel.open(stateDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = tryLock(lockChannel)) {
            if (lock == null) {
                throw new AgentException(stateDir + ": another agent run is using this state directory");
            }
            return new Run(inventory, mode).run();
        }
    }

    /**
     * Returns what the agent remembers, per kind, as its state directory holds it.
     *
     * @return the remembered kinds, HW first; empty before the first run
     * @throws AgentException if the state directory is damaged
     * @throws IOException if it cannot be read
     */
    public Map<InventoryKind, Remembered> remembered() throws AgentException, IOException {
        StateFile.State state = StateFile.read(stateDir);
        Map<InventoryKind, Remembered> out = new EnumMap<>(InventoryKind.class);
        for (Map.Entry<InventoryKind, StateFile.KindEntry> e : state.kinds().entrySet()) {
            out.put(e.getKey(), new Remembered(e.getKey(), e.getValue().version(), e.getValue().requestTime(),
                    snapshot(e.getKey(), e.getValue())));
        }
        return out;
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** One run, under the lock. */
    private final class Run {
        private final Path input;
        private final Mode mode;
        private final List<Path> delivered = new ArrayList<>();

        Run(Path input, Mode mode) {
            this.input = input;
            this.mode = mode;
        }

        Report run() throws AgentException, IOException {
            StateFile.State state = StateFile.read(stateDir);
            removeStrays(state);
            state = deliverOutbox(state);

            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            InventoryInput.Read read = new InventoryInput(reader).read(input, now);
            ClientIdentity identity = read.identity();
            SmsId smsId = identity.smsId();
            if (state.smsId().isPresent() && !state.smsId().get().equals(smsId)) {
                throw new AgentException(stateDir + " is the state of " + state.smsId().get() + ", but the inventory "
                        + input + " names " + smsId + "; give each client a state directory of its own");
            }
            Map<InventoryKind, Instant> requests = requests(smsId);

            Map<InventoryKind, StateFile.KindEntry> kinds = new EnumMap<>(InventoryKind.class);
            kinds.putAll(state.kinds());
            List<Sent> sent = new ArrayList<>();
            List<String> outbox = new ArrayList<>();
            Set<String> oldSnapshots = new HashSet<>();
            for (Map.Entry<InventoryKind, Inventory> e : read.kinds().entrySet()) {
                InventoryKind kind = e.getKey();
                Inventory now0 = e.getValue();
                StateFile.KindEntry before = state.kinds().get(kind);
                Optional<Instant> request = Optional.ofNullable(requests.get(kind));
                boolean newRequest = request.isPresent()
                        && (before == null || !request.equals(before.requestTime()));
                InventoryReport report;
                Action action;
                if (before == null || newRequest || mode != Mode.DELTA) {
                    ReportVersion version = before == null ? ReportVersion.of(1, 0) : before.version().nextMajor();
                    if (newRequest) {
                        action = Action.RESYNC;
                        report = InventoryReport.resync(smsId, kind, version, now, request.orElseThrow(), now0);
                    } else if (mode == Mode.FORCED_RESYNC) {
                        action = Action.RESYNC;
                        report = InventoryReport.resync(smsId, kind, version, now, now0);
                    } else {
                        action = Action.FULL;
                        report = InventoryReport.full(smsId, kind, version, now, now0);
                    }
                } else {
                    Inventory last = snapshot(kind, before);
                    InventoryDelta delta = InventoryDelta.diff(last, now0);
                    if (delta.isEmpty()) {
                        sent.add(new Sent(kind, Action.UNCHANGED, before.version(), Optional.empty(), Optional.empty(),
                                0, 0, 0, now0.size()));
                        continue;
                    }
                    action = Action.DELTA;
                    report = InventoryReport.delta(smsId, kind, before.version().next(), now, delta);
                }
                ReportVersion version = report.version();
                String snapshotName = kind.name() + "-" + version.major() + "-" + version.minor() + ".MIF";
                writeSnapshot(snapshotName, identity, kind, now, now0);
                String reportName = kind.name() + "_" + smsId.fileName() + "_" + version.major() + "_"
                        + version.minor() + ".MIF";
                DurableFiles.standard().replace(stateDir.resolve(OUTBOX).resolve(reportName),
                        ReportWriter.encode(ClientReport.of(identity, report)));
                outbox.add(reportName);
                if (before != null) {
                    oldSnapshots.add(before.snapshot());
                }
                Optional<Instant> remembered = newRequest ? request : before == null ? Optional.empty()
                        : before.requestTime();
                kinds.put(kind, new StateFile.KindEntry(version, snapshotName, remembered));
                InventoryDelta delta = report.delta().orElse(InventoryDelta.empty());
                sent.add(new Sent(kind, action, version, report.answersRequest(),
                        Optional.of(logonServer.inventoryBox().resolve(reportName)), delta.adds().size(),
                        delta.updates().size(), delta.deletes().size(), now0.size()));
            }
            StateFile.State next = new StateFile.State(Optional.of(smsId), kinds, outbox);
            if (!outbox.isEmpty() || state.smsId().isEmpty()) {
                StateFile.write(stateDir, next); // the commit point of this run
            }
            deliverOutbox(next);
            for (String old : oldSnapshots) {
                if (!next.kinds().values().stream().anyMatch(k -> k.snapshot().equals(old))) {
                    Files.deleteIfExists(stateDir.resolve(old));
                }
            }
            sent.forEach(listener);
            return new Report(smsId, sent, delivered, read.warnings());
        }

        /** The newest request time per kind, from RESYNC.CFG and the client's own .CFG. */
        private Map<InventoryKind, Instant> requests(SmsId smsId) throws IOException {
            Map<InventoryKind, Instant> found = new EnumMap<>(InventoryKind.class);
            if (ResyncCfg.accepts(smsId)) {
                try {
                    for (ResyncEntry entry : ResyncCfg.forReading(logonServer.resyncCfgPath()).lookup(smsId)) {
                        found.merge(entry.kind(), entry.requestTime(), (a, b) -> a.isAfter(b) ? a : b);
                    }
                } catch (NoSuchFileException e) {
                    // no list on this logon server: nothing asked
                }
            }
            try {
                ClientCfg cfg = ClientCfg.read(logonServer.clientCfgPath(smsId));
                for (ResyncEntry entry : cfg.entries()) {
                    found.merge(entry.kind(), entry.requestTime(), (a, b) -> a.isAfter(b) ? a : b);
                }
            } catch (NoSuchFileException e) {
                // no request file for this client
            } catch (RequestFileException e) {
                // a damaged request file asks nothing; the site rewrites it at its next publish
                System.getLogger(Agent.class.getName()).log(System.Logger.Level.WARNING, e.getMessage());
            }
            return found;
        }

        private void writeSnapshot(String name, ClientIdentity identity, InventoryKind kind, Instant now,
                Inventory inventory) throws IOException {
            ClientReport snapshot = new ClientReport(identity, InventoryReport.full(identity.smsId(), kind,
                    ReportVersion.of(0, 0), now, inventory), false);
            DurableFiles.standard().replace(stateDir.resolve(name), ReportWriter.encode(snapshot));
        }

        /** Delivers the reports a committed state lists, then commits the state without them. */
        private StateFile.State deliverOutbox(StateFile.State state) throws AgentException, IOException {
            if (state.outbox().isEmpty()) {
                return state;
            }
            Path box = logonServer.inventoryBox();
            if (!Files.isDirectory(box)) {
                throw new AgentException("cannot deliver to " + box + ": no such directory (the logon server's share"
                        + " is not mounted, or the site's set-up has not created LOGON.SRV there); " + state.outbox().size()
                        + " report(s) kept in " + stateDir.resolve(OUTBOX) + " and delivered by the next run");
            }
            for (String name : state.outbox()) {
                Path source = stateDir.resolve(OUTBOX).resolve(name);
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(source);
                } catch (NoSuchFileException e) {
                    continue; // delivered and removed by a run that was killed before it committed the rest
                }
                String base = name.substring(0, name.length() - ".MIF".length());
                try {
                    DurableFiles.standard().replace(box.resolve(name), box.resolve(base + ".TMP"), bytes);
                } catch (IOException e) {
                    throw new AgentException("cannot deliver " + name + " to " + box + ": " + e.getMessage()
                            + "; kept in " + stateDir.resolve(OUTBOX) + " and delivered by the next run", e);
                }
                delivered.add(box.resolve(name));
            }
            StateFile.State rest = state.withOutbox(List.of());
            StateFile.write(stateDir, rest);
            for (String name : state.outbox()) {
                Files.deleteIfExists(stateDir.resolve(OUTBOX).resolve(name));
            }
            return rest;
        }

        /** Files a killed run wrote before its commit: nothing refers to them. */
        private void removeStrays(StateFile.State state) throws IOException {
            Set<String> keep = new LinkedHashSet<>(state.outbox());
            try (DirectoryStream<Path> files = Files.newDirectoryStream(stateDir.resolve(OUTBOX))) {
                for (Path file : files) {
                    if (!keep.contains(file.getFileName().toString())) {
                        Files.deleteIfExists(file);
                    }
                }
            }
            Set<String> snapshots = new HashSet<>();
            state.kinds().values().forEach(k -> snapshots.add(k.snapshot()));
            try (DirectoryStream<Path> files = Files.newDirectoryStream(stateDir, "*.MIF")) {
                for (Path file : files) {
                    if (!snapshots.contains(file.getFileName().toString())) {
                        Files.deleteIfExists(file);
                    }
                }
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(stateDir, ".*.tmp")) {
                for (Path file : files) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Reads the inventory a kind's snapshot holds. */
    private Inventory snapshot(InventoryKind kind, StateFile.KindEntry entry) throws AgentException, IOException {
        Path file = stateDir.resolve(entry.snapshot());
        try {
            ReportReader.Reading reading = reader.read(MifParser.strict().parse(file).document(), Instant.EPOCH);
            return reading.reports().stream().filter(r -> r.report().kind() == kind).findFirst()
                    .flatMap(r -> r.report().inventory()).orElseThrow(() -> new AgentException(file
                            + ": holds no " + kind + " inventory; the agent's state is damaged: remove the state"
                            + " directory to start afresh"));
        } catch (MifException | ReportException e) {
            throw new AgentException(file + ": " + e.getMessage() + "; the agent's state is damaged: remove the state"
                    + " directory to start afresh (the site then asks for a resync)", e);
        } catch (NoSuchFileException e) {
            throw new AgentException(file + ": missing; the agent's state is damaged: remove the state directory to"
                    + " start afresh (the site then asks for a resync)", e);
        }
    }
}
