package org.mifsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.mif.MifParser;
import org.mifsync.model.DomainName;
import org.mifsync.model.GroupClass;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.RequestState;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.admin.ClientAdmin;
import org.mifsync.resync.agent.Agent;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.files.LogonServerLayout;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportReader;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.KindState;
import org.mifsync.resync.store.LoadLogEntry;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.StoredClient;
import org.mifsync.resync.store.StoredRequest;
import org.postgresql.ds.PGSimpleDataSource;
import org.mifsync.testkit.PostgresServer;

/**
 * Issue 7's end-to-end test: {@code mifsync site run} as a background process on a two-site
 * hierarchy (central site CEN with domain SALES, child site CHD with domain PLANT, two logon servers
 * each), agents driven by the test dropping complete reports and deltas into the logon servers over
 * many cycles of seeded random inventory changes, with planted faults; the service collects, loads,
 * requests, publishes and replicates, and the agents answer the resyncs they find. Then every
 * client's stored inventory is its true one, every fault produced exactly what DESIGN §5–§6 say,
 * the logon servers hold no stale file, and SIGTERM stops the service with exit 0 and no file half
 * processed.
 *
 * <p>No fixed sleeps: after each round of agents the test waits (polling, with a timeout that only
 * catches hangs) until the site has settled: every report delivered was decided, every request is
 * published in its domain's master and every replica equals its master. So what the agents see is
 * the same on every run, whatever the timing.
 */
class SiteRunEndToEndTest {

    /** A database backend for the hierarchy's store. */
    enum Backend { SQLITE, POSTGRESQL }

    static final long SEED = 20260307L;
    static final int CYCLES = 8;
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final SiteCode CEN = SiteCode.of("CEN");
    static final SiteCode CHD = SiteCode.of("CHD");
    static final DomainName SALES = DomainName.of("SALES");
    static final DomainName PLANT = DomainName.of("PLANT");
    static final GroupClass DISK = GroupClass.of("MICROSOFT|DISK|1.0");

    /** The planted faults' clients. */
    static final SmsId DROPPED = SmsId.parse("CEN01003");
    static final SmsId DELETED = SmsId.parse("CHD01004");
    static final SmsId TWINS = SmsId.parse("CEN01005");
    static final SmsId CONFLICT = SmsId.parse("CHD01006");

    static final String SITES = """
            # the test's hierarchy: short intervals, a tight throttle
            [site CEN]
            name = Central
            [site CHD]
            name = Plant site
            parent = CEN
            [domain SALES]
            site = CEN
            logon-server SALES1 = ls/sales1
            logon-server SALES2 = ls/sales2
            [domain PLANT]
            site = CHD
            logon-server PLANT1 = ls/plant1
            logon-server PLANT2 = ls/plant2
            [settings]
            collect-interval = 200ms
            replicate-interval = 300ms
            publish-limit = 1
            publish-interval = 1s
            ; the twins' second machine takes the record, so that the two alternate (DUPLICATE_ID)
            identity-conflict = merge
            """;

    @TempDir
    Path dir;

    Path root;
    Process service;
    Path serviceOut;
    Path serviceErr;
    InventoryStore store;
    String dbUrl;
    final Map<DomainName, List<Path>> logonServers = new LinkedHashMap<>();
    final Map<DomainName, SiteCode> domainSite = Map.of(SALES, CEN, PLANT, CHD);

    @AfterEach
    void cleanUp() {
        if (service != null && service.isAlive()) {
            service.destroyForcibly();
        }
        if (store != null) {
            store.close();
        }
    }

    // ------------------------------------------------------------------------------- machines

    /** A computer's true inventory, written as an SMS 1.x MIF file (complete for both kinds). */
    static final class Machine {
        final SmsId smsId;
        final String name;
        final String card;
        final SiteCode site;
        final DomainName domain;
        final Map<String, Integer> disks = new TreeMap<>();
        final Set<String> software = new TreeSet<>();
        int speed = 100;
        /** The type conflict: the agent starts reporting free space as a string. */
        boolean freeSpaceAsText;

        Machine(SmsId smsId, String name, String card, SiteCode site, DomainName domain) {
            this.smsId = smsId;
            this.name = name;
            this.card = card;
            this.site = site;
            this.domain = domain;
            disks.put("C", 1000);
        }

        String mif() {
            StringBuilder out = new StringBuilder("Start Component\r\n  Name = \"Workstation\"\r\n");
            out.append("  Start Group Name = \"Identification\" ID = 1 Class = \"MICROSOFT|IDENTIFICATION|1.0\"\r\n")
                    .append(text(1, "Name", name)).append(text(2, "SMSID", smsId.value()))
                    .append(text(3, "NetCardID", card)).append(text(4, "Site", site.value()))
                    .append(text(5, "Domain", domain.value())).append("  End Group\r\n");
            out.append("  Start Group Name = \"Processor\" ID = 2 Class = \"MICROSOFT|PROCESSOR|1.0\"\r\n")
                    .append(integer(1, "Speed", speed)).append("  End Group\r\n");
            int id = 3;
            for (Map.Entry<String, Integer> disk : disks.entrySet()) {
                out.append("  Start Group Name = \"Disk\" ID = ").append(id++)
                        .append(" Class = \"MICROSOFT|DISK|1.0\" Key = 1\r\n").append(text(1, "Drive Letter", disk.getKey()))
                        .append(freeSpaceAsText ? text(2, "Free Space", disk.getValue() + " MB")
                                : integer(2, "Free Space", disk.getValue()))
                        .append("  End Group\r\n");
            }
            for (String sw : software) {
                out.append("  Start Group Name = \"Software\" ID = ").append(id++)
                        .append(" Class = \"MICROSOFT|SOFTWARE|1.0\" Key = 1\r\n").append(text(1, "Software Name", sw))
                        .append("  End Group\r\n");
            }
            return out.append("End Component\r\n").toString();
        }

        private static String text(int id, String name, String value) {
            return "    Start Attribute Name = \"" + name + "\" ID = " + id + " Type = String(" + Math.max(1, value.length())
                    + ") Value = \"" + value + "\" End Attribute\r\n";
        }

        private static String integer(int id, String name, int value) {
            return "    Start Attribute Name = \"" + name + "\" ID = " + id + " Type = Integer Value = " + value
                    + " End Attribute\r\n";
        }

        Inventory truth(InventoryKind kind) throws Exception {
            List<ClientReport> reports = ReportReader.standard().read(MifParser.strict().parseText(mif(), "truth")
                    .document(), java.time.Instant.EPOCH).reports();
            return reports.stream().filter(r -> r.report().kind() == kind).findFirst().orElseThrow()
                    .report().inventory().orElseThrow();
        }

        /** Changes the hardware; always something, so that the agent always sends a delta. */
        void changeHardware(Random r) {
            switch (r.nextInt(4)) {
                case 0 -> disks.put("C", disks.get("C") + 1 + r.nextInt(500));
                case 1 -> disks.merge(String.valueOf((char) ('D' + r.nextInt(4))), 1 + r.nextInt(5000), Integer::sum);
                case 2 -> {
                    List<String> removable = disks.keySet().stream().filter(d -> !d.equals("C")).toList();
                    if (removable.isEmpty()) {
                        speed += 1 + r.nextInt(50);
                    } else {
                        disks.remove(removable.get(r.nextInt(removable.size())));
                    }
                }
                default -> speed += 1 + r.nextInt(50);
            }
        }

        /** Changes the software; always something. */
        void changeSoftware(Random r) {
            if (software.isEmpty() || r.nextInt(3) > 0) {
                String name;
                do {
                    name = (r.nextBoolean() ? "App " : "Tool ") + r.nextInt(60);
                } while (!software.add(name));
            } else {
                List<String> all = new ArrayList<>(software);
                software.remove(all.get(r.nextInt(all.size())));
            }
        }
    }

    /** A machine with its agent: its state directory and its logon server. */
    final class Client {
        final Machine machine;
        final Path state;
        final Path logonServer;
        final Path inventoryFile;

        Client(Machine machine, String stateName, Path logonServer) {
            this.machine = machine;
            this.state = dir.resolve("agents").resolve(stateName);
            this.logonServer = logonServer;
            this.inventoryFile = dir.resolve("agents").resolve(stateName + ".mif");
        }

        Agent.Report run(Agent.Mode mode) throws Exception {
            return runTo(logonServer, mode);
        }

        /** Runs the agent against another logon-server root: what it sends there is lost to the site. */
        Agent.Report runTo(Path logonRoot, Agent.Mode mode) throws Exception {
            Files.createDirectories(inventoryFile.getParent());
            Files.writeString(inventoryFile, machine.mif(), StandardCharsets.ISO_8859_1);
            return Agent.builder(state, logonRoot).clock(Clock.systemUTC()).build().run(inventoryFile, mode);
        }

        Map<InventoryKind, Agent.Remembered> remembered() throws Exception {
            return Agent.builder(state, logonServer).build().remembered();
        }
    }

    // ------------------------------------------------------------------------------- processes

    List<String> java(boolean shortLived, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (shortLived) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(List.of("-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        if (dbUrl != null) {
            command.addAll(List.of("--db-url", dbUrl));
        }
        return command;
    }

    record Run(int exit, String out, String err) { }

    Run mifsync(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java(true, args)).directory(dir.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    void startService() throws IOException {
        serviceOut = dir.resolve("site-run.out");
        serviceErr = dir.resolve("site-run.err");
        service = new ProcessBuilder(java(false, "site", "run", "--root", root.toString())).directory(dir.toFile())
                .redirectOutput(serviceOut.toFile()).redirectError(serviceErr.toFile()).start();
        service.getOutputStream().close();
    }

    String serviceLog() {
        try {
            return "\n--- site run stdout:\n" + tail(Files.readString(serviceOut)) + "\n--- site run stderr:\n"
                    + tail(Files.readString(serviceErr));
        } catch (IOException e) {
            return "\n(no service log: " + e + ")";
        }
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "…" + text.substring(text.length() - 4000);
    }

    void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + serviceLog());
            }
            if (service != null && !service.isAlive()) {
                fail("site run ended with " + service.exitValue() + " while waiting for " + what + serviceLog());
            }
            Thread.sleep(50);
        }
    }

    // ------------------------------------------------------------------------------- the site's state

    static List<String> names(Path box) throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(box)) {
            return names;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(box)) {
            for (Path f : files) {
                if (Files.isRegularFile(f)) {
                    names.add(f.getFileName().toString());
                }
            }
        }
        return names;
    }

    static boolean isReportOrInFlight(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.endsWith(".MIF") || upper.endsWith(".COLLECTED") || upper.endsWith(".TMP")
                || name.startsWith(".collect-");
    }

    Path inbox() {
        return root.resolve("SITE.SRV/INVENTRY.BOX");
    }

    /** Every report the agents delivered was collected and decided (drop boxes first, then the inbox). */
    boolean everyReportDecided() throws IOException {
        for (List<Path> servers : logonServers.values()) {
            for (Path server : servers) {
                if (names(server.resolve("LOGON.SRV/INVENTRY.BOX")).stream().anyMatch(n -> isReportOrInFlight(n))) {
                    return false;
                }
            }
        }
        return names(inbox()).stream().noneMatch(n -> isReportOrInFlight(n));
    }

    Path master(DomainName domain) {
        return SiteLayout.of(root, domainSite.get(domain)).resyncCfgPath(domain);
    }

    Path masterCfgBox(DomainName domain) {
        return SiteLayout.of(root, domainSite.get(domain)).invenCfgBox(domain);
    }

    /** Each domain's master lists exactly its published requests, none waits, and every replica equals its master. */
    boolean requestsPublishedAndReplicated() throws Exception {
        Map<DomainName, Set<ResyncEntry>> expected = new TreeMap<>(java.util.Comparator.comparing(DomainName::folded));
        logonServers.keySet().forEach(d -> expected.put(d, new HashSet<>()));
        for (StoredRequest r : store.pendingRequests()) {
            if (r.request().state() != RequestState.PUBLISHED) {
                return false;
            }
            DomainName domain = store.client(r.request().client()).orElseThrow().identity().domain().orElseThrow();
            expected.get(domain).add(new ResyncEntry(r.request().client(), r.request().kind(), r.request().requestTime(),
                    r.request().reason()));
        }
        for (Map.Entry<DomainName, Set<ResyncEntry>> e : expected.entrySet()) {
            Path master = master(e.getKey());
            if (!Files.exists(master)
                    || !new HashSet<>(ResyncCfg.forReading(master).read().entries()).equals(e.getValue())) {
                return false;
            }
            for (Path server : logonServers.get(e.getKey())) {
                if (!replicaEqualsMaster(e.getKey(), server)) {
                    return false;
                }
            }
        }
        return true;
    }

    boolean replicaEqualsMaster(DomainName domain, Path server) throws IOException {
        Path replica = server.resolve("LOGON.SRV/RESYNC.CFG");
        if (!Files.exists(replica) || !Arrays.equals(Files.readAllBytes(replica), Files.readAllBytes(master(domain)))) {
            return false;
        }
        Path masters = masterCfgBox(domain);
        Path replicas = server.resolve("LOGON.SRV/INVENCFG.BOX");
        List<String> want = names(masters).stream().filter(n -> n.toUpperCase(Locale.ROOT).endsWith(".CFG")).sorted().toList();
        List<String> have = names(replicas).stream().filter(n -> n.toUpperCase(Locale.ROOT).endsWith(".CFG")).sorted().toList();
        if (!want.equals(have)) {
            return false;
        }
        for (String name : want) {
            if (!Arrays.equals(Files.readAllBytes(masters.resolve(name)), Files.readAllBytes(replicas.resolve(name)))) {
                return false;
            }
        }
        return true;
    }

    void settle(String when) throws Exception {
        await("every report decided " + when, this::everyReportDecided);
        await("requests published and replicated " + when, this::requestsPublishedAndReplicated);
    }

    // ------------------------------------------------------------------------------- the test

    @Test
    void siteRunHasHelpWithAnExample() throws Exception {
        Run run = mifsync("site", "run", "--help");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Usage: mifsync site run", "Example", "SIGTERM");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void siteRunKeepsATwoSiteHierarchyInStepWithItsAgentsThroughPlantedFaultsAndStopsCleanlyOnSigterm(Backend backend)
            throws Exception {
        root = dir.resolve("site");
        for (String ls : List.of("sales1", "sales2", "plant1", "plant2")) {
            Files.createDirectories(dir.resolve("ls").resolve(ls));
        }
        logonServers.put(SALES, List.of(dir.resolve("ls/sales1"), dir.resolve("ls/sales2")));
        logonServers.put(PLANT, List.of(dir.resolve("ls/plant1"), dir.resolve("ls/plant2")));
        Path description = Files.writeString(dir.resolve("sites.ini"), SITES);
        DataSource db = null;
        if (backend == Backend.POSTGRESQL) {
            PGSimpleDataSource pg = PostgresServer.freshDatabase(getClass());
            dbUrl = PostgresServer.url(pg.getDatabaseName());
            db = pg;
        }

        Run init = mifsync("site", "init", "--root", root.toString(), description.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        store = db == null ? InventoryStore.openEmbedded(root.resolve("SITE.SRV/mifsync.db"), Clock.systemUTC())
                : InventoryStore.open(db, Clock.systemUTC());
        startService();

        // 20 clients: 10 per domain, alternating between the domain's two logon servers
        Random random = new Random(SEED);
        Map<SmsId, Client> clients = new LinkedHashMap<>();
        for (DomainName domain : List.of(SALES, PLANT)) {
            SiteCode site = domainSite.get(domain);
            for (int i = 1; i <= 10; i++) {
                SmsId id = SmsId.parse(site.value() + "01" + String.format(Locale.ROOT, "%03d", i));
                Machine m = new Machine(id, site.value() + "-PC" + i, String.format(Locale.ROOT, "00:A0:C9:%02d:00:%02d",
                        domain == SALES ? 1 : 2, i), site, domain);
                clients.put(id, new Client(m, id.value(), logonServers.get(domain).get((i - 1) % 2)));
            }
        }
        // the second machine on the SMSID of TWINS: another name and card, on the domain's other logon server
        Machine twinMachine = new Machine(TWINS, "CEN-TWIN5", "00:A0:C9:01:99:05", CEN, SALES);
        Client twin = new Client(twinMachine, "twin", logonServers.get(SALES).get(1));
        Map<InventoryKind, Inventory> conflictBefore = new EnumMap<>(InventoryKind.class);
        Path lost = LogonServerLayout.of(Files.createDirectories(dir.resolve("lost"))).create().root();

        for (int cycle = 0; cycle < CYCLES; cycle++) {
            for (Client c : clients.values()) {
                SmsId id = c.machine.smsId;
                Agent.Mode mode = Agent.Mode.DELTA;
                boolean hw = random.nextInt(10) < 7;
                boolean sw = random.nextInt(10) < 6;
                if (id.equals(DROPPED) && cycle == 2) {
                    // a hardware delta that never reaches the site
                    c.machine.speed += 7;
                    c.runTo(lost, mode);
                    continue;
                }
                if (id.equals(DROPPED) && cycle == 3) {
                    hw = true; // the next hardware delta meets the gap
                }
                if (id.equals(DELETED) && cycle == 4) {
                    hw = true; // after the delete: a delta of each kind meets NO_BASELINE
                    sw = true;
                }
                if (id.equals(TWINS) && cycle > 0) {
                    hw = true; // the first twin keeps sending deltas
                    sw = true;
                }
                if (id.equals(CONFLICT) && cycle == 4) {
                    conflictBefore.put(InventoryKind.HW, c.machine.truth(InventoryKind.HW));
                    c.machine.freeSpaceAsText = true;
                    hw = true;
                    sw = false;
                } else if (id.equals(CONFLICT) && cycle > 4) {
                    hw = false; // its blocked class stays as it is; its software keeps changing
                    sw = true;
                }
                if (cycle > 0 && hw) {
                    c.machine.changeHardware(random);
                }
                if (cycle > 0 && sw) {
                    c.machine.changeSoftware(random);
                }
                if (id.value().equals("CEN01001") && cycle == 6) {
                    mode = Agent.Mode.COMPLETE; // /X
                } else if (id.value().equals("CHD01002") && cycle == 5) {
                    mode = Agent.Mode.FORCED_RESYNC; // /F
                }
                c.run(mode);
            }
            if (cycle >= 3) {
                twinMachine.changeSoftware(random);
                twin.run(Agent.Mode.DELTA);
            }
            settle("after cycle " + cycle);
            if (cycle == 3) {
                Run delete = mifsync("client", "delete", DELETED.value(), "--root", root.toString(), "--site", "CHD");
                assertThat(delete.exit()).as(delete.err()).isZero();
                assertThat(delete.out()).startsWith("deleted client CHD-PC4 (CHD01004)");
                assertThat(store.client(DELETED)).isEmpty();
                settle("after the delete");
            }
        }
        // the agents look for requests once more (nothing changes): the last resyncs are answered
        for (int round = 0; round < 2; round++) {
            for (Client c : clients.values()) {
                c.run(Agent.Mode.DELTA);
            }
            twin.run(Agent.Mode.DELTA);
            settle("after answering round " + round);
        }

        List<Client> healthy = clients.values().stream()
                .filter(c -> !c.machine.smsId.equals(TWINS) && !c.machine.smsId.equals(CONFLICT)).toList();
        assertStoredEqualsTruth(healthy);

        // clients without a planted fault: never refused, never asked for a resync
        for (Client c : healthy) {
            SmsId id = c.machine.smsId;
            if (id.equals(DROPPED) || id.equals(DELETED)) {
                continue;
            }
            assertThat(store.requests(id)).as("requests of %s", id).isEmpty();
            assertThat(store.loadLog(id)).as("load log of %s", id).extracting(LoadLogEntry::outcome)
                    .filteredOn(Outcome::isRefused).isEmpty();
        }
        assertThat(store.loadLog(SmsId.parse("CEN01001"))).extracting(LoadLogEntry::outcome).contains(Outcome.APPLIED_FULL);
        assertThat(store.loadLog(SmsId.parse("CHD01002"))).extracting(LoadLogEntry::outcome)
                .contains(Outcome.APPLIED_RESYNC);

        // a dropped delta: one VERSION_GAP request, answered
        assertThat(refusals(DROPPED)).containsExactly(Outcome.VERSION_GAP);
        assertThat(store.requests(DROPPED)).singleElement().satisfies(r -> {
            assertThat(r.request().reason()).isEqualTo(ResyncReason.VERSION_GAP);
            assertThat(r.request().kind()).isEqualTo(InventoryKind.HW);
            assertThat(r.request().state()).isEqualTo(RequestState.ACKNOWLEDGED);
            assertThat(r.issueCount()).isEqualTo(1);
        });

        // a deleted client: its next delta of each kind met NO_BASELINE; one request per kind, answered
        assertThat(refusals(DELETED)).containsExactly(Outcome.NO_BASELINE, Outcome.NO_BASELINE);
        assertThat(store.requests(DELETED)).hasSize(2).allSatisfy(r -> {
            assertThat(r.request().reason()).isEqualTo(ResyncReason.NO_BASELINE);
            assertThat(r.request().state()).isEqualTo(RequestState.ACKNOWLEDGED);
        }).extracting(r -> r.request().kind()).containsExactlyInAnyOrder(InventoryKind.HW, InventoryKind.SW);

        // two machines on one SMSID: one quarantine, one request, everything after it archived
        StoredClient twins = store.client(TWINS).orElseThrow();
        assertThat(twins.quarantinedAt()).isPresent();
        List<LoadLogEntry> twinLog = store.loadLog(TWINS);
        assertThat(twinLog).filteredOn(e -> e.outcome() == Outcome.DUPLICATE_ID && e.detail().contains("; SMSID quarantined"))
                .hasSize(1);
        assertThat(refusals(TWINS)).contains(Outcome.DUPLICATE_ID)
                .isSubsetOf(Outcome.DUPLICATE_ID, Outcome.OUTDATED, Outcome.DUPLICATE);
        assertThat(store.requests(TWINS)).singleElement().satisfies(r -> {
            assertThat(r.request().reason()).isEqualTo(ResyncReason.DUPLICATE_ID);
            assertThat(r.request().state()).isEqualTo(RequestState.PUBLISHED);
            assertThat(r.issueCount()).isEqualTo(1);
        });

        // a type conflict: refused without a request, the class blocked; the other kind goes on
        assertThat(refusals(CONFLICT)).containsExactly(Outcome.TYPE_CONFLICT);
        assertThat(store.requests(CONFLICT)).isEmpty();
        assertThat(ClientAdmin.builder(store).actingSite(CHD).build().show(CONFLICT.value(), 5).blocked())
                .singleElement().satisfies(b -> assertThat(b.groupClass()).isEqualTo(DISK));
        Client conflicted = clients.get(CONFLICT);
        assertThat(store.inventory(CONFLICT, InventoryKind.HW)).contains(conflictBefore.get(InventoryKind.HW));
        assertThat(store.inventory(CONFLICT, InventoryKind.SW)).contains(conflicted.machine.truth(InventoryKind.SW));

        // the request files: the masters hold exactly the quarantined SMSID's request; replicas equal them
        assertThat(ResyncCfg.forReading(master(SALES)).read().entries()).extracting(ResyncEntry::smsId)
                .containsExactly(TWINS);
        assertThat(ResyncCfg.forReading(master(PLANT)).read().entries()).isEmpty();
        for (DomainName domain : logonServers.keySet()) {
            for (Path server : logonServers.get(domain)) {
                assertThat(replicaEqualsMaster(domain, server)).as("replicas of %s on %s", domain, server).isTrue();
                assertThat(names(server.resolve("LOGON.SRV/INVENTRY.BOX"))).as("drop box of " + server).isEmpty();
            }
        }
        assertThat(names(inbox().resolve("BADMIFS"))).isEmpty();

        // SIGTERM in the middle of a batch: the report being decided is finished, the rest stays as it
        // was. The batch is made on staging copies of the logon servers and then arrives at once, so
        // that one pass has a hundred files to work when the signal comes.
        Map<Path, Path> staging = new LinkedHashMap<>();
        for (List<Path> servers : logonServers.values()) {
            for (Path server : servers) {
                staging.put(server, LogonServerLayout.of(Files.createDirectories(dir.resolve("staging")
                        .resolve(server.getFileName()))).create().root());
            }
        }
        for (int round = 0; round < 3; round++) {
            for (Client c : healthy) {
                c.machine.changeHardware(random);
                c.machine.changeSoftware(random);
                c.runTo(staging.get(c.logonServer), Agent.Mode.DELTA);
            }
        }
        for (Map.Entry<Path, Path> e : staging.entrySet()) {
            Path from = e.getValue().resolve("LOGON.SRV/INVENTRY.BOX");
            for (String name : names(from)) {
                Files.move(from.resolve(name), e.getKey().resolve("LOGON.SRV/INVENTRY.BOX").resolve(name),
                        StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Client first = healthy.get(0);
        await("the first reports of the last batch", () -> store.kindState(first.machine.smsId, InventoryKind.HW)
                .map(KindState::version).equals(Optional.of(first.remembered().get(InventoryKind.HW).version()))
);
        service.destroy();
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("site run stops on SIGTERM" + serviceLog()).isTrue();
        assertThat(service.exitValue()).as("exit code" + serviceLog()).isZero();
        String out = Files.readString(serviceOut);
        assertThat(out.lines().findFirst().orElseThrow()).contains("site run: sites CEN, CHD from " + root);
        assertThat(out).containsPattern("cycle \\d+: collected \\d+, loaded \\d+, applied \\d+, refused \\d+")
                .containsPattern("refused \\d+ \\([^)]*NO_BASELINE").contains("replicate: ");
        assertThat(out.strip()).endsWith("site run: stopped");
        assertNothingHalfProcessed();

        // a plain load finishes what the stop left: nothing lost, nothing applied twice
        Run load = mifsync("load", "--root", root.toString());
        assertThat(load.exit()).as(load.err()).isZero();
        assertThat(everyReportDecided()).isTrue();
        assertStoredEqualsTruth(healthy);
        for (Client c : healthy) {
            if (!c.machine.smsId.equals(DROPPED) && !c.machine.smsId.equals(DELETED)) {
                assertThat(refusals(c.machine.smsId)).as("refusals of %s", c.machine.smsId).isEmpty();
            }
        }
    }

    List<Outcome> refusals(SmsId id) {
        return store.loadLog(id).stream().map(LoadLogEntry::outcome).filter(Outcome::isRefused).toList();
    }

    void assertStoredEqualsTruth(List<Client> clients) throws Exception {
        for (Client c : clients) {
            Map<InventoryKind, Agent.Remembered> remembered = c.remembered();
            for (InventoryKind kind : InventoryKind.values()) {
                assertThat(store.inventory(c.machine.smsId, kind)).as("%s %s inventory", c.machine.smsId, kind)
                        .contains(c.machine.truth(kind));
                assertThat(store.kindState(c.machine.smsId, kind).map(KindState::version))
                        .as("%s %s version", c.machine.smsId, kind).contains(remembered.get(kind).version());
            }
        }
    }

    /**
     * After the stop: no claimed (X-prefixed) file and no collector leftover, and every report file
     * still in the inbox or a drop box is one the store has not decided (its version is above the
     * stored one).
     */
    void assertNothingHalfProcessed() throws IOException {
        List<String> inbox = names(inbox());
        assertThat(inbox).as("claimed files").noneMatch(n -> n.startsWith("X"));
        assertThat(inbox).as("collector leftovers").noneMatch(n -> n.startsWith(".collect-"));
        List<String> waiting = new ArrayList<>(inbox.stream().filter(n -> n.toUpperCase(Locale.ROOT).endsWith(".MIF")).toList());
        for (List<Path> servers : logonServers.values()) {
            for (Path server : servers) {
                List<String> box = names(server.resolve("LOGON.SRV/INVENTRY.BOX"));
                assertThat(box).as("claimed sources on " + server).noneMatch(n -> n.toUpperCase(Locale.ROOT)
                        .endsWith(".COLLECTED"));
                waiting.addAll(box);
            }
        }
        for (String name : waiting) {
            // HW_CEN01001_1_7.MIF, perhaps made unique by the collector: HW_CEN01001_1_7~1.MIF
            String[] parts = name.replaceAll("(~\\d+)?\\.MIF$", "").split("_");
            SmsId id = SmsId.parse(parts[1]);
            ReportVersion version = ReportVersion.of(Integer.parseInt(parts[2]), Integer.parseInt(parts[3]));
            Optional<ReportVersion> stored = store.kindState(id, InventoryKind.valueOf(parts[0])).map(KindState::version);
            assertThat(stored.orElseThrow().compareTo(version)).as("%s is still waiting but was decided", name)
                    .isNegative();
        }
    }
}
