package org.mifsync.resync.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.model.GroupClass;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.RandomInventories;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.StoredRequest;
import org.mifsync.resync.Thorough;
import org.mifsync.testkit.PostgresServer;

/**
 * A loader in a real child JVM is killed with SIGKILL at random moments while it works a few hundred
 * reports, then run to the end; the database must equal the one an uninterrupted loader makes of the
 * same files: no accepted report lost, none applied twice. The load log and the archives must equal
 * the uninterrupted run's too: a file decided just before a kill is finished as decided, not refused
 * again as a duplicate of itself. The children commit in groups of one to eight files, so kills land
 * while a group is decided, between its commit and its files' removal, and between groups. On SQLite
 * and on PostgreSQL; seeded; a dozen kills each.
 */
class LoaderCrashTest {

    @TempDir
    Path dir;

    static final int CLIENTS = 4;


    @ParameterizedTest
    @EnumSource(Backend.class)
    void killedLoaderLosesNoReportAndAppliesNoneTwice(Backend backend) throws Exception {
        Random r = new Random(Thorough.seed(20261122L, "LoaderCrashTest"));
        Path crashInbox = dir.resolve("crash/INVENTRY.BOX");
        Path calmInbox = dir.resolve("calm/INVENTRY.BOX");
        Files.createDirectories(crashInbox);
        Files.createDirectories(calmInbox);
        List<SmsId> clients = writeReports(r, List.of(crashInbox, calmInbox), CLIENTS);
        String calmStore = store(backend, "calm");
        String crashStore = store(backend, "crash");

        try (InventoryStore calm = LoaderProcess.open(calmStore)) {
            // one commit per file: the reference is the loader as it was before group commit
            Loader loader = Loader.builder(calmInbox, Comparer.builder(calm).build())
                    .commitEvery(1, Duration.ofSeconds(1)).build();
            while (LoaderProcess.reportsLeft(calmInbox)) {
                loader.loadOnce();
            }
        }

        int kills = 0;
        for (int round = 0; round < Thorough.count(12, 150) && LoaderProcess.reportsLeft(crashInbox); round++) {
            // groups of 1 to 8 files: kills land before, during and after commits of several files
            Process child = start(crashInbox, crashStore, 1 + r.nextInt(8));
            // kill after a random number of decisions, and a moment into the next ones: progress, not
            // wall time, decides where the kill lands, so a fast machine kills as often as a slow one.
            // Every third round the kill lands just after a commit, before the files are moved away;
            // every third a few milliseconds on, while the next group is decided and not committed
            int killAfter = 1 + r.nextInt(15);
            String mark = round % 3 == 1 ? LoaderProcess.COMMITTED : LoaderProcess.DECIDED;
            int decided = 0;
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null && decided < killAfter; ) {
                if (line.startsWith(mark)) {
                    decided++;
                }
                if (decided < killAfter) {
                    line = lines.readLine();
                }
            }
            if (child.isAlive()) {
                Thread.sleep(switch (round % 3) {
                    case 0 -> r.nextInt(3);
                    case 1 -> 0;
                    default -> 3 + r.nextInt(30);
                });
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
                kills++;
            }
            child.waitFor();
        }
        Process last = start(crashInbox, crashStore, Loader.DEFAULT_COMMIT_FILES);
        last.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).as("the last loader finishes").isTrue();
        assertThat(last.exitValue()).isZero();
        assertThat(kills).as("kills that interrupted a loader").isGreaterThanOrEqualTo(3);

        assertThat(Files.exists(crashInbox.resolve(Loader.BADMIFS))).as("no file was set aside").isFalse();
        try (InventoryStore calm = LoaderProcess.open(calmStore); InventoryStore crashed = LoaderProcess.open(crashStore)) {
            for (SmsId client : clients) {
                for (InventoryKind kind : InventoryKind.values()) {
                    assertThat(crashed.inventory(client, kind)).as("%s %s inventory", client, kind)
                            .isEqualTo(calm.inventory(client, kind));
                    assertThat(crashed.kindState(client, kind).map(s -> s.version()))
                            .isEqualTo(calm.kindState(client, kind).map(s -> s.version()));
                }
                assertThat(requests(crashed, client)).as("%s requests", client).isEqualTo(requests(calm, client));
                assertThat(loadLog(crashed, client)).as("%s load log", client).isEqualTo(loadLog(calm, client));
            }
        }
        assertThat(archived(crashInbox)).as("archived and set-aside files").isEqualTo(archived(calmInbox))
                .isNotEmpty();
    }

    /** The load log without its times: what was decided about which report of which file, in order. */
    static List<String> loadLog(InventoryStore store, SmsId client) {
        return store.loadLog(client).stream().map(e -> e.kind().map(Enum::name).orElse("-") + " "
                + e.version().orElse("-") + " " + e.contentHash().orElse("-") + " " + e.outcome() + " "
                + e.source().orElse("-")).toList();
    }

    /** Every file under REFUSED/ and BADMIFS/, by its path there. */
    static List<String> archived(Path inbox) throws Exception {
        List<String> found = new ArrayList<>();
        for (String dir : List.of(Loader.REFUSED, Loader.BADMIFS)) {
            Path top = inbox.resolve(dir);
            if (Files.isDirectory(top)) {
                try (var files = Files.walk(top)) {
                    files.filter(Files::isRegularFile).map(p -> inbox.relativize(p).toString()).sorted()
                            .forEach(found::add);
                }
            }
        }
        return found;
    }

    static List<String> requests(InventoryStore store, SmsId client) {
        List<String> found = new ArrayList<>();
        for (StoredRequest s : store.requests(client)) {
            found.add(s.request().kind() + " " + s.request().reason() + " " + s.request().state() + " "
                    + s.request().refusalsSince() + " " + s.issueCount());
        }
        return found;
    }

    /** A SQLite file in the test's directory, or the JDBC URL of a fresh PostgreSQL database. */
    private String store(Backend backend, String name) {
        if (backend == Backend.SQLITE) {
            return dir.resolve(name + "/store.db").toString();
        }
        String database = PostgresServer.databaseOf(LoaderCrashTest.class) + "_" + name;
        PostgresServer.freshDatabase(database);
        return PostgresServer.url(database);
    }

    private Process start(Path inbox, String store, int commitFiles) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LoaderProcess.class.getName(),
                inbox.toString(), store, Integer.toString(commitFiles))
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log").toFile())).start();
    }

    /** About 50 reports per client: fulls, deltas, a few gaps and duplicates, the same in each inbox. */
    static List<SmsId> writeReports(Random r, List<Path> inboxes, int count) throws Exception {
        List<RandomInventories.ClassSpec> hwSchema = RandomInventories.standardSchema().stream()
                .filter(s -> !s.groupClass().equals(GroupClass.SOFTWARE)).toList();
        List<SmsId> clients = new ArrayList<>();
        Instant time = Instant.parse("2026-01-01T00:00:00Z");
        int file = 0;
        for (int c = 1; c <= count; c++) {
            SmsId smsId = SmsId.parse(String.format(Locale.ROOT, "CRS%05d", c));
            clients.add(smsId);
            ClientIdentity identity = ClientIdentity.of(smsId, NetBiosName.of("CRASH" + c), "00:0" + c);
            Inventory truth = RandomInventories.inventory(r, hwSchema, 3);
            Inventory sent = truth;
            ReportVersion version = ReportVersion.of(1, 0);
            List<ClientReport> reports = new ArrayList<>();
            reports.add(ClientReport.of(identity, InventoryReport.full(smsId, InventoryKind.HW, version, time, truth)));
            for (int i = 0; i < 50; i++) {
                time = time.plusSeconds(60);
                truth = RandomInventories.change(r, truth, hwSchema);
                if (r.nextInt(15) == 0) {
                    version = version.nextMajor();
                    reports.add(ClientReport.of(identity, InventoryReport.full(smsId, InventoryKind.HW, version, time,
                            truth)));
                } else {
                    version = version.next();
                    ClientReport delta = ClientReport.of(identity, InventoryReport.delta(smsId, InventoryKind.HW,
                            version, time, InventoryDelta.diff(sent, truth)));
                    if (r.nextInt(20) != 0) { // a lost delta now and then: gaps and requests
                        reports.add(delta);
                    }
                }
                sent = truth;
            }
            for (ClientReport report : reports) {
                byte[] bytes = ReportWriter.encode(report);
                String name = String.format(Locale.ROOT, "R%04d.mif", file++);
                for (Path inbox : inboxes) {
                    Files.write(inbox.resolve(name), bytes);
                }
            }
        }
        return clients;
    }

}
