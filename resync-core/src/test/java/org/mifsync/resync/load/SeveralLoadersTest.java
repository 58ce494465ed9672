package org.mifsync.resync.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.SmsId;
import org.mifsync.resync.Thorough;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.testkit.PostgresServer;

/**
 * Several loaders on one site (DESIGN §5): real loader processes against one real PostgreSQL
 * database and one inbox, one of them killed with SIGKILL at random points again and again; the
 * others take its clients over once its claims expire. The store must end as one uninterrupted
 * loader leaves it, no file lost or left claimed. In one process, workers share the clients; on
 * SQLite a loader that finds every client claimed leaves the files alone and says so.
 */
class SeveralLoadersTest {

    static final Duration LEASE = Duration.ofMillis(1500);

    @TempDir
    Path dir;

    @Test
    void loaderProcessesShareOnePostgresSiteAndTakeOverTheClientsOfOneKilledAgainAndAgain() throws Exception {
        Random r = new Random(Thorough.seed(20261206L, "SeveralLoadersTest"));
        Path inbox = dir.resolve("shared/INVENTRY.BOX");
        Path calmInbox = dir.resolve("calm/INVENTRY.BOX");
        Files.createDirectories(inbox);
        Files.createDirectories(calmInbox);
        List<SmsId> clients = LoaderCrashTest.writeReports(r, List.of(inbox, calmInbox), 10);
        String calmStore = store("calm");
        String sharedStore = store("shared");
        try (InventoryStore calm = LoaderProcess.open(calmStore)) {
            Loader loader = Loader.builder(calmInbox, Comparer.builder(calm).build()).build();
            while (LoaderProcess.reportsLeft(calmInbox)) {
                loader.loadOnce();
            }
        }

        // two loaders that run to the end, and a third killed and started again under a new name (its
        // process ends, so only its leases can free its clients: as for a loader on another host).
        // The survivors wait at their gate until the first two victims are killed: let go at once, they
        // sleep through most of their work (the pause after each commit) while a victim's JVM starts,
        // so on a loaded machine they emptied the inbox after one or two rounds and the kills asserted
        // below depended on speed. Later victims work beside them.
        List<Process> survivors = List.of(start(inbox, sharedStore, "survivor-1", 2, true),
                start(inbox, sharedStore, "survivor-2", 1, true));
        int kills = 0;
        int takenOver = 0;
        try (InventoryStore shared = LoaderProcess.open(sharedStore)) {
            for (int round = 0; round < Thorough.count(6, 40) && LoaderProcess.reportsLeft(inbox); round++) {
                String name = "victim-" + round;
                Process victim = start(inbox, sharedStore, name, 1, false);
                int killAfter = 1 + r.nextInt(10);
                int decided = 0;
                BufferedReader lines = new BufferedReader(new InputStreamReader(victim.getInputStream(),
                        StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null && decided < killAfter; line = lines.readLine()) {
                    if (line.startsWith(LoaderProcess.DECIDED)) {
                        decided++;
                    }
                }
                if (victim.isAlive()) {
                    Thread.sleep(r.nextInt(20));
                    Set<String> held = claimsOf(shared, name);
                    victim.destroyForcibly();
                    victim.waitFor();
                    kills++;
                    if (!held.isEmpty()) {
                        // the survivors take these over when the leases end
                        takenOver++;
                    }
                }
                victim.waitFor();
                if (kills == 2) {
                    letGo(survivors);
                }
            }
        }
        letGo(survivors);
        for (Process survivor : survivors) {
            survivor.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            assertThat(survivor.waitFor(120, TimeUnit.SECONDS)).as("a survivor finishes").isTrue();
            assertThat(survivor.exitValue()).as("a survivor leaves nothing in the inbox").isZero();
        }
        assertThat(kills).as("kills").isGreaterThanOrEqualTo(2);
        assertThat(takenOver).as("kills of a loader holding claims").isGreaterThanOrEqualTo(1);

        try (Stream<Path> left = Files.list(inbox)) {
            assertThat(left.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .as("no file lost or left claimed").isEmpty();
        }
        try (InventoryStore calm = LoaderProcess.open(calmStore); InventoryStore shared = LoaderProcess.open(sharedStore)) {
            for (SmsId client : clients) {
                for (InventoryKind kind : InventoryKind.values()) {
                    assertThat(shared.inventory(client, kind)).as("%s %s inventory", client, kind)
                            .isEqualTo(calm.inventory(client, kind));
                    assertThat(shared.kindState(client, kind).map(s -> s.version()))
                            .isEqualTo(calm.kindState(client, kind).map(s -> s.version()));
                }
                assertThat(LoaderCrashTest.requests(shared, client)).as("%s requests", client)
                        .isEqualTo(LoaderCrashTest.requests(calm, client));
                assertThat(LoaderCrashTest.loadLog(shared, client)).as("%s load log", client)
                        .isEqualTo(LoaderCrashTest.loadLog(calm, client));
            }
            assertThat(claimsHeld(shared)).as("every claim given up or expired").isEmpty();
        }
        assertThat(LoaderCrashTest.archived(inbox)).isEqualTo(LoaderCrashTest.archived(calmInbox));
    }

    @Test
    void workersOnPostgresShareTheClientsAndDecideEachInOrder() throws Exception {
        Random r = new Random(Thorough.seed(20261207L, "SeveralLoadersTest.workers"));
        Path inbox = dir.resolve("workers/INVENTRY.BOX");
        Path calmInbox = dir.resolve("calm/INVENTRY.BOX");
        Files.createDirectories(inbox);
        Files.createDirectories(calmInbox);
        List<SmsId> clients = LoaderCrashTest.writeReports(r, List.of(inbox, calmInbox), 8);
        try (InventoryStore calm = LoaderProcess.open(store("calm"));
                InventoryStore store = LoaderProcess.open(store("workers"))) {
            Loader.builder(calmInbox, Comparer.builder(calm).build()).build().loadOnce();
            List<String> threads = new ArrayList<>();
            Loader.Report summary = Loader.builder(inbox, Comparer.builder(store).build()).workers(3)
                    .listener(f -> threads.add(Thread.currentThread().getName())).build().loadOnce();

            assertThat(summary.stoppedBy()).isEmpty();
            assertThat(summary.problems()).isEmpty();
            assertThat(new TreeSet<>(threads)).as("files decided by several worker threads").hasSizeGreaterThan(1);
            for (SmsId client : clients) {
                assertThat(store.inventory(client, InventoryKind.HW)).as("%s", client)
                        .isEqualTo(calm.inventory(client, InventoryKind.HW));
                assertThat(LoaderCrashTest.loadLog(store, client)).isEqualTo(LoaderCrashTest.loadLog(calm, client));
            }
        }
    }

    @Test
    void aLoaderOnSqliteThatFindsEveryClientClaimedLeavesTheFilesAloneAndSaysSo() throws Exception {
        Random r = new Random(Thorough.seed(20261208L, "SeveralLoadersTest.sqlite"));
        Path inbox = dir.resolve("one/INVENTRY.BOX");
        Files.createDirectories(inbox);
        List<SmsId> clients = LoaderCrashTest.writeReports(r, List.of(inbox), 3);
        List<String> before = names(inbox);
        try (InventoryStore store = InventoryStore.openEmbedded(dir.resolve("one/store.db"), Clock.systemUTC())) {
            // a loader on another host holds every client (its leases have not run out)
            Instant now = Instant.now();
            store.inTransaction(tx -> tx.claims().claim("42@elsewhere/1",
                    clients.stream().map(SmsId::fileName).toList(), now, now.plus(Duration.ofMinutes(5))));

            Loader.Report summary = Loader.builder(inbox, Comparer.builder(store).build()).build().loadOnce();

            assertThat(summary.files()).isEmpty();
            assertThat(summary.leftToOthers()).isEqualTo(before.size());
            assertThat(summary.stoppedBy()).isEmpty();
            assertThat(summary.problems()).isEmpty();
            assertThat(summary.reportsByOutcome()).isEmpty();
            assertThat(names(inbox)).isEqualTo(before);
            assertThat(store.loadLog(clients.get(0))).isEmpty();

            // once those claims are over, it takes the clients
            store.inTransaction(tx -> tx.claims().expire("42@elsewhere/1"));
            Loader.Report next = Loader.builder(inbox, Comparer.builder(store).build()).build().loadOnce();
            assertThat(next.leftToOthers()).isZero();
            assertThat(next.reportsByOutcome()).containsKey(Outcome.APPLIED_FULL);
        }
    }

    @Test
    void aLoaderWhoseClaimsWereTakenOverBeforeItsCommitUndoesThoseDecisionsAndKeepsTheFiles() throws Exception {
        Random r = new Random(Thorough.seed(20261207L, "SeveralLoadersTest.claimsLost"));
        Path inbox = dir.resolve("lost/INVENTRY.BOX");
        Files.createDirectories(inbox);
        List<SmsId> clients = LoaderCrashTest.writeReports(r, List.of(inbox), 2);
        List<String> before = names(inbox);
        Duration lease = Duration.ofMinutes(1);
        try (InventoryStore store = InventoryStore.openEmbedded(dir.resolve("lost/store.db"), Clock.systemUTC())) {
            // Right after the loader's first commit, a loader on another host whose clock says this one's
            // leases ran out takes its clients over: as if this one had stalled past its lease.
            List<String> firstCommitted = new ArrayList<>();
            Loader loader = Loader.builder(inbox, Comparer.builder(store).build()).name("stalled")
                    .lease(lease).commitEvery(1, Duration.ofHours(1)).listener(file -> {
                        if (firstCommitted.isEmpty()) {
                            firstCommitted.add(file.file());
                            Instant later = Instant.now().plus(lease.multipliedBy(2));
                            store.inTransaction(tx -> tx.claims().claim("42@elsewhere/1",
                                    clients.stream().map(SmsId::fileName).toList(), later, later.plus(lease)));
                        }
                    }).build();

            Loader.Report stalled = loader.loadOnce();

            assertThat(stalled.stopReason()).isEqualTo(Loader.StopReason.CLAIMS_LOST);
            assertThat(stalled.stoppedBy()).hasValueSatisfying(why -> assertThat(why)
                    .contains("the claims of loader stalled", "expired before its decisions were committed",
                            "undone"));
            // only the file committed before the takeover counts as decided; the next one's decision was undone
            assertThat(stalled.files()).extracting(Loader.FileDecision::file).containsExactlyElementsOf(firstCommitted);
            int logged = 0;
            for (SmsId client : clients) {
                logged += store.loadLog(client).size();
            }
            assertThat(logged).isOne();
            List<String> kept = new ArrayList<>(before);
            kept.removeAll(firstCommitted);
            assertThat(names(inbox)).isEqualTo(kept);

            // once the other loader's claims are over, the kept files are loaded as if nothing had happened
            store.inTransaction(tx -> tx.claims().expire("42@elsewhere/1"));
            Loader.Report next = Loader.builder(inbox, Comparer.builder(store).build()).build().loadOnce();
            assertThat(next.stopReason()).isEqualTo(Loader.StopReason.FINISHED);
            assertThat(next.files()).hasSize(kept.size());
        }
    }

    /** The names of the files in a folder, sorted. */
    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private String store(String name) {
        String database = PostgresServer.databaseOf(SeveralLoadersTest.class) + "_" + name;
        PostgresServer.freshDatabase(database);
        return PostgresServer.url(database);
    }

    private Process start(Path inbox, String store, String name, int workers, boolean gated) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LoaderProcess.class.getName(),
                inbox.toString(), store, "4", name, Long.toString(LEASE.toMillis()), Integer.toString(workers),
                gated ? LoaderProcess.GATED : "open")
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile())).start();
    }

    /** Opens the gate of loaders started {@linkplain LoaderProcess#GATED gated}: their standard input ends. */
    private static void letGo(List<Process> loaders) throws java.io.IOException {
        for (Process loader : loaders) {
            loader.getOutputStream().close();
        }
    }

    /** The keys a loader's workers hold unexpired claims on. */
    private static Set<String> claimsOf(InventoryStore store, String loader) {
        Map<String, Integer> holders = claimsHeld(store);
        Set<String> held = new TreeSet<>();
        holders.keySet().stream().filter(h -> h.startsWith(loader + "/")).forEach(held::add);
        return held;
    }

    private static Map<String, Integer> claimsHeld(InventoryStore store) {
        Instant now = Instant.now();
        return store.inTransaction(tx -> tx.claims().holders(now));
    }
}
