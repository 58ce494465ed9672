package org.mifsync.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.mifsync.cli.ConnectionPools;
import org.mifsync.mif.MifParser;
import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SmsId;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportReader;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.site.SiteDescription;
import org.mifsync.resync.site.SiteCycle;
import org.mifsync.resync.site.SiteSetup;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.testkit.InventoryMifs;
import org.mifsync.testkit.PostgresServer;

/**
 * The load benchmark (issue 14): N clients' realistic reports, written into a real site's inbox and
 * loaded by {@code load}'s own path ({@link SiteCycle#load()}, so the real {@code Loader}) into a real store;
 * prints reports per second, CPU seconds per report, peak heap, peak RSS and bytes per client.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.mifsync.benchmarks.LoadBenchmark \
 *     --clients 2000 --reports full|delta --store sqlite|postgresql [--db-url URL] [--db-latency MS] [--curve] [--loaders K] [--workers N]
 * </pre>
 *
 * <p>Reports: complete hardware reports made from the test kit's {@link InventoryMifs} (about 46 KB,
 * about 60 group instances each, 16 different inventories shared out among the clients, each under its
 * own SMSID and name), written by {@link ReportWriter} as the agent sends them ({@code
 * HW_<SMSID>_1_0.MIF}); deltas ({@code --reports delta}) update a few instances of each client's
 * baseline (about 4 KB), loaded after the baselines, which are measured and printed first.
 *
 * <p>What is timed is the load pass alone (not the writing of the files, not JVM start). CPU time is the
 * whole process's (a PostgreSQL server's own CPU is not in it). Peak heap is the sum of the heap pools'
 * peaks during the pass (an upper bound); peak RSS is {@code VmHWM}, reset before the pass through
 * {@code /proc/self/clear_refs}. Bytes per client is the database's size (SQLite file and WAL, or
 * {@code pg_database_size}) over the clients stored.
 *
 * <p>{@code --db-latency MS} puts a {@link LatencyProxy} between the loaders and the PostgreSQL server,
 * which holds every message they send for that many milliseconds: a database across a network, where
 * a report's cost is mostly its round trips.
 *
 * <p>{@code --curve} loads clients in batches up to 1,000, 10,000 and 100,000 ({@code --curve-sizes} for
 * others) and prints the rate of the last batch ({@code --batch}, default 1,000) before each size.
 */
public final class LoadBenchmark {

    private static final Instant BASELINE_TIME = Instant.parse("2026-03-01T09:00:00Z");
    private static final int TEMPLATES = 16;
    private static final int TARGET_BYTES = 40_000;
    /** The PostgreSQL connections of the run; the JVM's exit ends them. */
    private static final ConnectionPools POOLS = new ConnectionPools();

    private final Path root;
    private final Path inbox;
    private final InventoryStore store;
    private final Optional<Path> sqliteFile;
    private final Optional<DataSource> pg;
    private final List<Inventory> templates = new ArrayList<>();

    private LoadBenchmark(Path root, InventoryStore store, Optional<Path> sqliteFile, Optional<DataSource> pg) {
        this.root = root;
        this.inbox = root.resolve("SITE.SRV/INVENTRY.BOX");
        this.store = store;
        this.sqliteFile = sqliteFile;
        this.pg = pg;
    }

    /**
     * Runs the benchmark.
     *
     * @param args the options (see the class comment)
     * @throws Exception if the site cannot be set up or a pass fails
     */
    public static void main(String[] args) throws Exception {
        // the embedded server's start-up lines (through SLF4J to java.util.logging) would break up the
        // figures; warnings still show
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        int clients = 1000;
        int loaders = 1;
        int workers = 1;
        String reports = "full";
        String storeKind = "sqlite";
        String dbUrl = null;
        String serverUrl = null;
        double dbLatencyMillis = 0;
        boolean curve = false;
        List<Integer> curveSizes = List.of(1_000, 10_000, 100_000);
        int batch = 1_000;
        Path dir = null;
        if (args.length > 0 && args[0].equals("--child")) {
            child(Path.of(args[1]), args[2], Integer.parseInt(args[3]));
            return;
        }
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--loaders" -> loaders = Integer.parseInt(args[++i]);
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--reports" -> reports = args[++i];
                case "--store" -> storeKind = args[++i];
                case "--db-url" -> dbUrl = args[++i];
                case "--db-latency" -> dbLatencyMillis = Double.parseDouble(args[++i]);
                case "--curve" -> curve = true;
                case "--curve-sizes" -> curveSizes = Stream.of(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see the class comment");
            }
        }
        if (!reports.equals("full") && !reports.equals("delta")) {
            throw new IllegalArgumentException("--reports full|delta, found " + reports);
        }
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("mifsync-load");
        Path root = work.resolve("root");
        Clock clock = Clock.systemUTC();
        InventoryStore store;
        Optional<Path> sqliteFile = Optional.empty();
        Optional<DataSource> pg = Optional.empty();
        if (dbLatencyMillis > 0 && !storeKind.equals("postgresql")) {
            throw new IllegalArgumentException("--db-latency delays the messages to a PostgreSQL server;"
                    + " a SQLite store has none");
        }
        if (storeKind.equals("sqlite")) {
            Path file = root.resolve("SITE.SRV/mifsync.db");
            Files.createDirectories(file.getParent());
            store = InventoryStore.openEmbedded(file, clock);
            sqliteFile = Optional.of(file);
        } else if (storeKind.equals("postgresql")) {
            // connected as `mifsync --db-url` connects: through the tool's connection pool
            if (dbUrl == null) {
                PostgresServer.freshDatabase(LoadBenchmark.class);
                dbUrl = PostgresServer.url(PostgresServer.databaseOf(LoadBenchmark.class));
            }
            serverUrl = dbUrl;
            if (dbLatencyMillis > 0) {
                // every connection of the run, its loader processes' too, goes through the delay; the
                // proxy lives as long as the run
                java.util.regex.Matcher server = java.util.regex.Pattern.compile("//([^/:]+):(\\d+)/").matcher(dbUrl);
                if (!server.find()) {
                    throw new IllegalArgumentException("--db-latency needs a URL with host:port, found " + dbUrl);
                }
                LatencyProxy proxy = LatencyProxy.start(server.group(1), Integer.parseInt(server.group(2)),
                        Duration.ofNanos(Math.round(dbLatencyMillis * 1_000_000)));
                dbUrl = dbUrl.substring(0, server.start(1)) + "127.0.0.1:" + proxy.port() + dbUrl.substring(server.end(2));
                System.out.printf(Locale.ROOT, "# every message to the database delayed by %.2f ms%n", dbLatencyMillis);
            }
            DataSource ds = POOLS.on(dbUrl);
            store = InventoryStore.open(ds, clock);
            pg = Optional.of(ds);
        } else {
            throw new IllegalArgumentException("--store sqlite|postgresql, found " + storeKind);
        }
        System.out.printf(Locale.ROOT, "# load benchmark: store %s, work directory %s, max heap %d MiB, %d cores%n",
                storeKind, work, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        try (store) {
            LoadBenchmark bench = new LoadBenchmark(root, store, sqliteFile, pg);
            bench.loaders = loaders;
            bench.workers = workers;
            bench.dbUrl = dbUrl;
            bench.serverUrl = serverUrl;
            if (loaders > 1 || workers > 1) {
                System.out.printf(Locale.ROOT, "# %d loader process(es) of %d worker(s) each%n", loaders, workers);
            }
            bench.setUp(work);
            if (curve) {
                bench.curve(curveSizes, batch);
            } else {
                bench.fulls(0, clients);
                bench.pass("full", clients);
                if (reports.equals("delta")) {
                    bench.deltas(0, clients);
                    bench.pass("delta", clients);
                }
            }
        }
    }

    private void setUp(Path work) throws Exception {
        Path logonServer = Files.createDirectories(work.resolve("ls1"));
        SiteSetup.of(root, store).apply(SiteDescription.parse("sites.ini", """
                [site CEN]
                [domain SALES]
                site = CEN
                logon-server LS1 = %s
                """.formatted(logonServer), work));
        ReportReader reader = ReportReader.standard();
        MifParser parser = MifParser.lenient();
        for (int t = 0; t < TEMPLATES; t++) {
            InventoryMifs.Inventory mif = InventoryMifs.generate(1000 + t, TARGET_BYTES);
            ReportReader.Reading reading = reader.read(parser.parse(mif.mif(), mif.name()).document(), BASELINE_TIME);
            templates.add(reading.reports().stream().filter(r -> r.report().kind() == InventoryKind.HW)
                    .findFirst().orElseThrow().report().inventory().orElseThrow());
        }
        System.out.printf(Locale.ROOT, "# %d inventories of %.0f group instances on average%n", TEMPLATES,
                templates.stream().mapToInt(Inventory::size).average().orElse(0));
    }

    private void curve(List<Integer> sizes, int batch) throws IOException, SQLException {
        int loaded = 0;
        for (int size : sizes) {
            // filled in batches, so the inbox never holds more than one batch
            while (loaded < size) {
                int next = Math.min(size, loaded + batch);
                fulls(loaded, next);
                Measure m = measure(next);
                int from = loaded + 1;
                loaded = next;
                if (loaded == size) {
                    print("full, clients " + from + "-" + loaded, m);
                } else if (loaded % (10 * batch) == 0) {
                    System.out.printf(Locale.ROOT, "#   %d clients stored, last batch %.0f reports/s%n", loaded, m.rate());
                }
            }
        }
    }

    private void pass(String what, int clients) throws IOException, SQLException {
        print(what + ", " + clients + " clients", measure(clients));
    }

    private record Measure(int reports, double seconds, double cpuSeconds, long peakHeap, long peakRss,
            long bytesPerClient, long fileBytes, Map<Outcome, Integer> applied) {
        double rate() {
            return reports / seconds;
        }
    }

    private long written;
    private int loaders = 1;
    private int workers = 1;
    private String dbUrl;
    /** The server's own URL, whose port finds its processes: {@link #dbUrl} may lead through a proxy. */
    private String serverUrl;

    /**
     * A loader process of a {@code --loaders} run: one pass over the site's inbox, then its CPU
     * seconds and files on one line.
     */
    private static void child(Path root, String dbUrl, int workers) throws Exception {
        Clock clock = Clock.systemUTC();
        try (InventoryStore store = dbUrl.equals("sqlite") ? InventoryStore.openEmbedded(
                root.resolve("SITE.SRV/mifsync.db"), clock) : InventoryStore.open(POOLS.on(dbUrl), clock)) {
            Loader.Report report = loadOnce(root, store, workers);
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            System.out.printf(Locale.ROOT, "child %.3f %d %d%n", os.getProcessCpuTime() / 1e9, report.files().size(),
                    report.problems().size() + report.stoppedBy().map(w -> 1).orElse(0));
        }
    }

    /** One load pass over the site's inbox, as {@code mifsync load} runs it; a failed step is thrown. */
    private static Loader.Report loadOnce(Path root, InventoryStore store, int workers) {
        SiteCycle.Report report = SiteCycle.builder(root, store).workers(workers).build().load();
        report.failure().ifPresent(f -> {
            throw new IllegalStateException(f.toString(), f.cause());
        });
        return report.loaded();
    }

    /** Runs the pass in {@link #loaders} processes at once; the parent's figures are the sums. */
    private Loader.Report inProcesses(double[] childCpu) throws IOException {
        java.time.Instant since = java.time.Instant.now();
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < loaders; i++) {
            children.add(new ProcessBuilder(javaCommand, "-cp", System.getProperty("java.class.path"),
                    LoadBenchmark.class.getName(), "--child", root.toString(), dbUrl == null ? "sqlite" : dbUrl,
                    Integer.toString(workers)).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        int files = 0;
        StringBuilder each = new StringBuilder();
        for (Process child : children) {
            String out = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            try {
                if (child.waitFor() != 0) {
                    throw new IllegalStateException("a loader process failed: " + out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            String[] f = out.lines().filter(l -> l.startsWith("child ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("a loader process said nothing: " + out)).split(" ");
            childCpu[0] += Double.parseDouble(f[1]);
            files += Integer.parseInt(f[2]);
            each.append(each.length() == 0 ? "" : ", ").append(f[2]).append(" files in ")
                    .append(String.format(Locale.ROOT, "%.1f", Double.parseDouble(f[1]))).append(" CPU s");
            if (Integer.parseInt(f[3]) != 0) {
                throw new IllegalStateException("a loader process met problems: " + out);
            }
        }
        System.out.println("#   loader processes: " + each);
        // what they decided, as the store's load log has it
        Map<Outcome, Integer> outcomes = new java.util.EnumMap<>(Outcome.class);
        try (Connection c = pg.isPresent() ? pg.get().getConnection() : java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + sqliteFile.orElseThrow()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT outcome, COUNT(*) FROM load_log WHERE logged_at >= "
                        + since.toEpochMilli() + " GROUP BY outcome")) {
            while (rs.next()) {
                outcomes.put(Outcome.valueOf(rs.getString(1)), rs.getInt(2));
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the load log: " + e.getMessage(), e);
        }
        List<Loader.FileDecision> decisions = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            decisions.add(new Loader.FileDecision("file " + i, Outcome.APPLIED_FULL, List.of(), Optional.empty()));
        }
        return new Loader.Report(decisions, outcomes, 0, 0, Loader.StopReason.FINISHED, Optional.empty(), List.of(), 0);
    }

    /**
     * CPU seconds of the database server this run uses: every process named {@code postgres} whose
     * postmaster listens on the port of the run's URL (other servers on the machine are not counted),
     * its exited backends included (the postmaster's children's time).
     */
    private double serverCpuSeconds() {
        if (serverUrl == null) {
            return 0;
        }
        java.util.regex.Matcher port = java.util.regex.Pattern.compile("//[^/:]+:(\\d+)/").matcher(serverUrl);
        String portArg = port.find() ? port.group(1) : "5432";
        Map<Long, String[]> postgres = new java.util.HashMap<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.equals("postgres")) {
                        postgres.put(Long.parseLong(proc.getFileName().toString()),
                                stat.substring(stat.lastIndexOf(')') + 2).split(" "));
                    }
                } catch (IOException | RuntimeException e) {
                    // a process that ended while it was read
                }
            }
        } catch (IOException e) {
            return 0; // not Linux
        }
        double ticks = 0;
        for (Map.Entry<Long, String[]> p : postgres.entrySet()) {
            long root = p.getKey();
            while (postgres.containsKey(Long.parseLong(postgres.get(root)[1]))) {
                root = Long.parseLong(postgres.get(root)[1]); // field 4, the parent
            }
            String cmdline;
            try {
                cmdline = Files.readString(Path.of("/proc", Long.toString(root), "cmdline")).replace('\0', ' ');
            } catch (IOException e) {
                continue;
            }
            if (cmdline.contains(" " + portArg)) {
                String[] f = p.getValue();
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
        }
        return ticks / 100.0; // USER_HZ
    }

    private Measure measure(int clientsStored) throws IOException, SQLException {
        long fileBytes = written;
        written = 0;
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        resetPeakRss();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double server0 = serverCpuSeconds();
        double[] childCpu = {0};
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Loader.Report result = loaders > 1 ? inProcesses(childCpu) : loadOnce(root, store, workers);
        long t1 = System.nanoTime();
        long cpu1 = os.getProcessCpuTime() + (long) (childCpu[0] * 1e9);
        if (pg.isPresent()) {
            System.out.printf(Locale.ROOT, "#   database server CPU: %.1f s%n", serverCpuSeconds() - server0);
        }
        long peakHeap = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long peakRss = peakRss();
        int reports = result.files().size();
        if (!result.isClean() || result.applied().values().stream().mapToInt(Integer::intValue).sum() != reports) {
            throw new IllegalStateException("not every report was applied: " + result.reportsByOutcome()
                    + ", problems " + result.problems() + ", stopped by " + result.stoppedBy());
        }
        return new Measure(reports, (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9, peakHeap, peakRss,
                databaseBytes() / Math.max(1, clientsStored), fileBytes / Math.max(1, reports), result.applied());
    }

    private static void print(String what, Measure m) {
        System.out.printf(Locale.ROOT, "%-28s %7d reports %8.1f s %8.1f reports/s %8.2f ms CPU/report"
                + "  peak heap %5d MiB  peak RSS %5d MiB  %6d bytes/client  %6d bytes/report  %s%n", what, m.reports,
                m.seconds, m.rate(), 1000 * m.cpuSeconds / m.reports, m.peakHeap >> 20, m.peakRss >> 20,
                m.bytesPerClient, m.fileBytes, m.applied);
    }

    /** Complete hardware reports 1.0 for clients [from, to). */
    private void fulls(int from, int to) throws IOException {
        Files.createDirectories(inbox);
        for (int i = from; i < to; i++) {
            ClientIdentity who = identity(i);
            Inventory inventory = templates.get(i % TEMPLATES);
            write(who, "1_0", ReportWriter.encode(ClientReport.of(who, InventoryReport.full(who.smsId(),
                    InventoryKind.HW, ReportVersion.of(1, 0), BASELINE_TIME, inventory))));
        }
    }

    /** Deltas 1.1 for clients [from, to): a few instances of the baseline updated, about 4 KB. */
    private void deltas(int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            ClientIdentity who = identity(i);
            List<GroupInstance> instances = new ArrayList<>(templates.get(i % TEMPLATES).instances().values());
            List<GroupInstance> updates = new ArrayList<>();
            for (int k = 0; k < instances.size() && updates.size() < 2; k += 7) {
                changed(instances.get(k), i).ifPresent(updates::add);
            }
            write(who, "1_1", ReportWriter.encode(ClientReport.of(who, InventoryReport.delta(who.smsId(),
                    InventoryKind.HW, ReportVersion.of(1, 1), BASELINE_TIME.plus(1, ChronoUnit.DAYS),
                    InventoryDelta.of(List.of(), updates, List.of())))));
        }
    }

    /** The instance with its first non-key text attribute changed, if it has one. */
    private static Optional<GroupInstance> changed(GroupInstance instance, int client) {
        List<Attribute> attributes = new ArrayList<>(instance.attributes());
        for (int a = 0; a < attributes.size(); a++) {
            Attribute attribute = attributes.get(a);
            if (!instance.keyAttributeIds().contains(attribute.id())
                    && attribute.value() instanceof AttributeValue.Text text) {
                attributes.set(a, Attribute.of(attribute.id(), attribute.name(),
                        AttributeValue.text(text.value() + " #" + client)));
                return Optional.of(GroupInstance.of(instance.groupClass(), instance.keyAttributeIds(), attributes));
            }
        }
        return Optional.empty();
    }

    private void write(ClientIdentity who, String version, byte[] bytes) throws IOException {
        Files.write(inbox.resolve("HW_" + who.smsId().fileName() + "_" + version + ".MIF"), bytes);
        written += bytes.length;
    }

    private static ClientIdentity identity(int client) {
        String serial = String.format(Locale.ROOT, "%5s", Integer.toString(client, 36).toUpperCase(Locale.ROOT))
                .replace(' ', '0');
        return ClientIdentity.of(SmsId.parse("CEN" + serial), NetBiosName.of("WKS" + serial));
    }

    private long databaseBytes() throws IOException, SQLException {
        if (sqliteFile.isPresent()) {
            long size = Files.size(sqliteFile.get());
            try {
                size += Files.size(sqliteFile.get().resolveSibling(sqliteFile.get().getFileName() + "-wal"));
            } catch (NoSuchFileException e) {
                // checkpointed away
            }
            return size;
        }
        try (Connection c = pg.orElseThrow().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Resets VmHWM (Linux: writing 5 to clear_refs); elsewhere the peak is the process's. */
    private static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | UnsupportedOperationException e) {
            // not Linux, or not allowed: the peak then covers the whole run
        }
    }

    private static long peakRss() throws IOException {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (NoSuchFileException e) {
            // not Linux
        }
        return -1;
    }
}
