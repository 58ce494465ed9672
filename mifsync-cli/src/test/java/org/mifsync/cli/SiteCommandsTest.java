package org.mifsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.DomainName;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.collect.Inbox;
import org.mifsync.testkit.FullDisk;
import org.mifsync.testkit.PostgresServer;
import org.mifsync.testkit.SiteDescriptionText;

/** site init, load and replicate as users run them: real processes on a real site directory (embedded store). */
class SiteCommandsTest {

    record Run(int exit, String out, String err) { }

    @TempDir
    Path dir;

    Path root;
    Path description;

    static final SiteDescriptionText SITES = SiteDescriptionText.central().site("CEN", "Central", null)
            .logonServer("SALES", "LS2", "ls2").setting("publish-limit", "10").setting("max-mif-size", "64KiB");

    @BeforeEach
    void site() throws IOException {
        root = dir.resolve("site");
        description = SITES.createLogonServerRoots(dir).write(dir.resolve("sites.ini"));
    }

    Run mifsync(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = { "site init", "load", "replicate", "agent" })
    void everyCommandHasHelpWithAnExample(String command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        Run run = mifsync(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Usage: mifsync " + command).contains("Example");
    }

    @Test
    void initNamesEveryMistakeByFileLineAndKeyAndCreatesNothing() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.ini"), SITES.text().replace("site = CEN", "site = EUR")
                .replace("publish-limit = 10", "publish-limit = 10\nreissue-timeout = 3"));
        Run run = mifsync("site", "init", "--root", root.toString(), bad.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly(
                bad + ":4: [domain SALES] site: unknown site EUR; the sites are CEN",
                bad + ":9: [settings] reissue-timeout: '3' needs a unit after 3 (ms, s, m, h, d or w), e.g. 3s");
        assertThat(root).doesNotExist();
    }

    @Test
    void initCreatesTheSiteOnceAndThenAppliesOnlyChanges() throws Exception {
        Run dry = mifsync("site", "init", "--root", root.toString(), "--dry-run", description.toString());
        assertThat(dry.exit()).isZero();
        assertThat(dry.out()).contains("would create store " + root.resolve("SITE.SRV/mifsync.db"),
                "would add domain SALES: site CEN");
        assertThat(root).doesNotExist();

        Run first = mifsync("site", "init", "--root", root.toString(), description.toString());
        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("create store " + root.resolve("SITE.SRV/mifsync.db"),
                "add site CEN: Central, central site", "add logon server LS2 of domain SALES: " + dir.resolve("ls2"),
                "add setting publish-limit: 10", "create directory " + dir.resolve("ls1/LOGON.SRV/INVENTRY.BOX"));
        assertThat(root.resolve("SITE.SRV/MAINCFG.BOX/INVDOM.BOX/SALES.000/INVENCFG.BOX")).isDirectory();

        Run again = mifsync("site", "init", "--root", root.toString(), description.toString());
        assertThat(again.exit()).isZero();
        assertThat(again.out()).isEqualTo("no changes: the store and " + root + " already match " + description
                + System.lineSeparator());

        Files.writeString(dir.resolve("ls2/LOGON.SRV/INVENTRY.BOX/HW_CEN00001_1_0.MIF"), "not yet collected");
        SITES.withoutLogonServer("SALES", "LS2").setting("publish-limit", "20").write(description);
        Run refused = mifsync("site", "init", "--root", root.toString(), description.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).startsWith(description + ": not applied, nothing changed:" + System.lineSeparator()
                + "  logon server LS2 of domain SALES would be removed, but its drop box");
        // the library says what was found; the tool adds what to do
        assertThat(refused.err()).endsWith(" still holds 1 file not yet collected; run 'mifsync load' first (or move"
                + " them)" + System.lineSeparator());

        Files.delete(dir.resolve("ls2/LOGON.SRV/INVENTRY.BOX/HW_CEN00001_1_0.MIF"));
        Run changed = mifsync("site", "init", "--root", root.toString(), description.toString());
        assertThat(changed.exit()).isZero();
        assertThat(changed.out().lines()).containsExactly("remove logon server LS2 of domain SALES: " + dir.resolve("ls2"),
                "change setting publish-limit: 10 -> 20");
    }

    static GroupInstance disk(String letter, int free) {
        return GroupInstance.of(GroupClass.of("MICROSOFT|DISK|1.0"), List.of(1), List.of(
                Attribute.of(1, "Drive Letter", AttributeValue.text(letter)), Attribute.of(2, "Free", AttributeValue.int32(free))));
    }

    static byte[] report(InventoryReport report) {
        ClientIdentity who = new ClientIdentity(report.client(), NetBiosName.of("PC" + report.client().value().substring(5)),
                java.util.Optional.empty(), java.util.Optional.of(SiteCode.of("CEN")),
                java.util.Optional.of(DomainName.of("SALES")));
        return ReportWriter.encode(ClientReport.of(who, report));
    }

    @Test
    void loadSummarisesByReasonAndExitsOneOnlyWhenAFileGoesToBadmifs() throws Exception {
        assertThat(mifsync("site", "init", "--root", root.toString(), description.toString()).exit()).isZero();
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        Path drop1 = dir.resolve("ls1/LOGON.SRV/INVENTRY.BOX");
        Path drop2 = dir.resolve("ls2/LOGON.SRV/INVENTRY.BOX");
        SmsId one = SmsId.parse("CEN00001");
        SmsId two = SmsId.parse("CEN00002");
        Files.write(drop1.resolve("A.MIF"), report(InventoryReport.full(one, InventoryKind.HW, ReportVersion.of(1, 0), t,
                Inventory.of(disk("C", 10)))));
        Files.write(drop1.resolve("B.MIF"), report(InventoryReport.delta(one, InventoryKind.HW, ReportVersion.of(1, 1), t,
                InventoryDelta.of(List.of(), List.of(disk("C", 9)), List.of()))));
        Files.write(drop2.resolve("C.MIF"), report(InventoryReport.delta(two, InventoryKind.HW, ReportVersion.of(3, 4), t,
                InventoryDelta.of(List.of(disk("D", 1)), List.of(), List.of()))));
        Files.writeString(drop2.resolve("STILL.TMP"), "being written");

        Run run = mifsync("load", "--root", root.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("collected: 3 reports from the logon servers", "files: 3",
                "applied: 2 (APPLIED_FULL 1, APPLIED_DELTA 1)", "refused: 1 (NO_BASELINE 1)", "resyncs requested: 1",
                "bad files: 0", "published: SALES: 1 published");
        assertThat(run.out()).contains("load: C.MIF NO_BASELINE");
        assertThat(root.resolve("SITE.SRV/MAINCFG.BOX/INVDOM.BOX/SALES.000/RESYNC.CFG")).exists();
        assertThat(drop2.resolve("STILL.TMP")).exists();

        Files.writeString(drop1.resolve("BROKEN.MIF"), "Start Component\n  Name = \"x\"\nEnd Group\n");
        Files.write(drop1.resolve("D.MIF"), report(InventoryReport.delta(one, InventoryKind.HW, ReportVersion.of(1, 2), t,
                InventoryDelta.of(List.of(disk("E", 5)), List.of(), List.of()))));
        Run bad = mifsync("load", "--root", root.toString(), "--json");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).isEqualTo("{\"files\": 2, \"applied\": {\"APPLIED_DELTA\": 1}, \"refused\": {},"
                + " \"resyncsRequested\": 0, \"badFiles\": 1, \"problems\": [], \"leftToOthers\": 0, \"collected\": 2,"
                + " \"published\": 0, \"stoppedBy\": null}"
                + System.lineSeparator());
        assertThat(bad.err()).contains("load: BROKEN.MIF BAD_MIF");
        assertThat(root.resolve("SITE.SRV/INVENTRY.BOX/BADMIFS/BROKEN.MIF.err")).exists();

        // the administrator repairs the file where it was set aside, and puts it back in the queue
        Files.write(root.resolve("SITE.SRV/INVENTRY.BOX/BADMIFS/BROKEN.MIF"), report(InventoryReport.full(
                SmsId.parse("CEN00003"), InventoryKind.HW, ReportVersion.of(1, 0), t, Inventory.of(disk("C", 7)))));
        Run retried = mifsync("load", "--root", root.toString(), "--retry-bad");
        assertThat(retried.exit()).as(retried.err()).isZero();
        assertThat(retried.out()).contains("re-queued 1 file(s) from BADMIFS", "applied: 1 (APPLIED_FULL 1)",
                "bad files: 0");
        assertThat(root.resolve("SITE.SRV/INVENTRY.BOX/BADMIFS/BROKEN.MIF.err")).doesNotExist();
    }

    /**
     * A second loader on a SQLite site whose clients another loader holds (here one on another host,
     * its claims in the store) leaves their files alone, says so, and exits 0: sharing is not a failure.
     */
    @Test
    void loadLeavesTheClientsAnotherLoaderHoldsAndSaysSoWithExitZero() throws Exception {
        assertThat(mifsync("site", "init", "--root", root.toString(), description.toString()).exit()).isZero();
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        SmsId one = SmsId.parse("CEN00001");
        SmsId two = SmsId.parse("CEN00002");
        Path drop1 = dir.resolve("ls1/LOGON.SRV/INVENTRY.BOX");
        Files.write(drop1.resolve("A.MIF"), report(InventoryReport.full(one, InventoryKind.HW, ReportVersion.of(1, 0), t,
                Inventory.of(disk("C", 10)))));
        Files.write(drop1.resolve("B.MIF"), report(InventoryReport.full(two, InventoryKind.HW, ReportVersion.of(1, 0), t,
                Inventory.of(disk("C", 11)))));
        try (InventoryStore store = InventoryStore.openEmbedded(root.resolve("SITE.SRV/mifsync.db"),
                java.time.Clock.systemUTC())) {
            Instant now = Instant.now();
            store.inTransaction(tx -> tx.claims().claim("7@otherhost/1", List.of(two.fileName()), now,
                    now.plus(java.time.Duration.ofMinutes(10))));
        }

        Run run = mifsync("load", "--root", root.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("files: 1", "applied: 1 (APPLIED_FULL 1)",
                "left to other loaders: 1 file(s) of clients other loaders are working");
        assertThat(root.resolve("SITE.SRV/INVENTRY.BOX/B.MIF")).as("left where it was").exists();
        Run json = mifsync("load", "--root", root.toString(), "--json");
        assertThat(json.exit()).isZero();
        assertThat(json.out()).contains("\"files\": 0", "\"leftToOthers\": 1");
    }

    @Test
    void initLoadAndReplicateOnPostgresqlThroughDbUrl() throws Exception {
        String url = PostgresServer.url(PostgresServer.freshDatabase(getClass()).getDatabaseName());
        Run init = mifsync("site", "init", "--root", root.toString(), "--db-url", url, description.toString());
        assertThat(init.exit()).isZero();
        assertThat(init.out()).contains("add site CEN: Central, central site").doesNotContain("create store");
        assertThat(root.resolve("SITE.SRV/mifsync.db")).doesNotExist();
        assertThat(mifsync("site", "init", "--root", root.toString(), "--db-url", url, description.toString()).out())
                .startsWith("no changes");

        Files.writeString(dir.resolve("inv.mif"), AgentCommandTest.INVENTORY.replace("FREE", "10"));
        assertThat(mifsync("agent", "--logon-server", "ls1", "--state", "state", "inv.mif").exit()).isZero();
        Run load = mifsync("load", "--root", root.toString(), "--db-url", url, "--json");
        assertThat(load.exit()).isZero();
        assertThat(load.out()).startsWith("{\"files\": 2, \"applied\": {\"APPLIED_FULL\": 2}, \"refused\": {}");
        Run replicate = mifsync("replicate", "--root", root.toString(), "--db-url", url);
        assertThat(replicate.exit()).isZero();
        // load published the domain's (empty) RESYNC.CFG; replicate carries it to both logon servers
        assertThat(replicate.out()).startsWith("SALES: 2 copied, 0 removed, 0 unchanged");
    }

    @Test
    void aCommandOnPostgresqlEndsItsConnectionsWhenItEnds() throws Exception {
        String database = PostgresServer.freshDatabase(getClass()).getDatabaseName();
        String url = PostgresServer.url(database);
        // in this JVM, so that only the tool's own closing can end its pooled connections
        assertThat(Main.run("site", "init", "--root", root.toString(), "--db-url", url, description.toString())).isZero();
        Files.writeString(dir.resolve("inv.mif"), AgentCommandTest.INVENTORY.replace("FREE", "10"));
        assertThat(mifsync("agent", "--logon-server", "ls1", "--state", "state", "inv.mif").exit()).isZero();
        assertThat(Main.run("load", "--root", root.toString(), "--db-url", url)).isZero();

        int sessions = -1;
        for (int tries = 0; tries < 100 && sessions != 0; tries++) {
            // a server process ends a moment after its client closed the connection
            Thread.sleep(tries == 0 ? 0 : 100);
            try (Connection c = PostgresServer.on(null).getConnection(); Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '"
                            + database + "'")) {
                rows.next();
                sessions = rows.getInt(1);
            }
        }
        assertThat(sessions).as("sessions left on %s after the commands ended", database).isZero();
    }

    @Test
    void anUnreachableDatabaseIsNamedWithTheDriversReason() throws Exception {
        Run load = mifsync("load", "--root", root.toString(), "--db-url", "jdbc:postgresql://127.0.0.1:1/mifsync");
        assertThat(load.exit()).isEqualTo(Main.PROBLEMS);
        // the driver's own words, through the pool, with nothing of the pool's or SLF4J's own
        assertThat(load.err()).startsWith("mifsync: load: cannot open the inventory store: Connection to 127.0.0.1:1"
                + " refused.").doesNotContain("SLF4J").doesNotContain("Hikari").hasLineCount(1);
        assertThat(load.out()).isEmpty();
    }

    @Test
    void replicateReportsCopiesAndRemovalsAndLeavesForeignFilesAlone() throws Exception {
        assertThat(mifsync("site", "init", "--root", root.toString(), description.toString()).exit()).isZero();
        SiteLayout layout = SiteLayout.of(root, SiteCode.of("CEN"));
        ResyncCfg.of(layout.resyncCfgPath(DomainName.of("SALES")), SiteCode.of("CEN"), DomainName.of("SALES"))
                .publish(List.of(new ResyncEntry(SmsId.parse("CEN00001"), InventoryKind.HW,
                        Instant.parse("2026-03-01T10:00:00Z"), ResyncReason.FORCED)));
        Path stale = Files.writeString(dir.resolve("ls1/LOGON.SRV/INVENCFG.BOX/CEN00007.CFG"), "[HW]\r\n");
        Path foreign = Files.writeString(dir.resolve("ls1/LOGON.SRV/INVENCFG.BOX/README.TXT"), "ours");

        Run dry = mifsync("replicate", "--root", root.toString(), "--dry-run");
        assertThat(dry.exit()).isZero();
        assertThat(dry.out()).startsWith("SALES: 2 would copy, 1 would remove, 0 unchanged")
                .contains("would remove " + stale);
        assertThat(stale).exists();

        Run run = mifsync("replicate", "--root", root.toString(), "--domain", "sales");
        assertThat(run.exit()).isZero();
        assertThat(run.out().lines()).containsExactly("SALES: 2 copied, 1 removed, 0 unchanged",
                "  copied " + dir.resolve("ls1/LOGON.SRV/RESYNC.CFG"), "  copied " + dir.resolve("ls2/LOGON.SRV/RESYNC.CFG"),
                "  removed " + stale);
        assertThat(stale).doesNotExist();
        assertThat(foreign).exists();

        Run unknown = mifsync("replicate", "--root", root.toString(), "--domain", "HR");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("mifsync: no domain HR in the store; the domains are SALES"
                + System.lineSeparator());
    }

    /** A delta for a client the store has never seen: refused, and a resync request to publish. */
    static byte[] orphanDelta(String smsId) {
        return report(InventoryReport.delta(SmsId.parse(smsId), InventoryKind.HW, ReportVersion.of(1, 1),
                Instant.parse("2026-03-01T10:00:00Z"), InventoryDelta.empty()));
    }

    /** No raw control character, DEL, C1 control or lone surrogate: what a terminal would act on. */
    static void assertNoControlCharacters(String text) {
        assertThat(text.replace(System.lineSeparator(), "").codePoints())
                .noneMatch(c -> Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.SURROGATE);
    }

    @Test
    void loadOnAFullDiskPrintsItsSummaryThenNamesThePublishStepAndTheFile() throws Exception {
        assertThat(mifsync("site", "init", "--root", root.toString(), description.toString()).exit()).isZero();
        Path drop = dir.resolve("ls1/LOGON.SRV/INVENTRY.BOX");
        Files.write(drop.resolve("A.MIF"), orphanDelta("CEN00001"));
        Path domainFolder = root.resolve("SITE.SRV/MAINCFG.BOX/INVDOM.BOX/SALES.000");
        Path cfg = domainFolder.resolve("RESYNC.CFG");
        Optional<FullDisk> full = FullDisk.mountOver(domainFolder);
        String why;
        if (full.isPresent()) {
            why = "publish: SALES: cannot write " + cfg + ": No space left on device";
        } else {
            // not allowed to mount: a regular file where the domain's folder was fails the write for real too
            Files.delete(domainFolder.resolve("INVENCFG.BOX"));
            Files.delete(domainFolder);
            Files.writeString(domainFolder, "not a folder");
            why = "publish: SALES: " + domainFolder;
        }
        try (AutoCloseable unmount = () -> full.ifPresent(FullDisk::close)) {
            Run run = mifsync("load", "--root", root.toString());
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out()).contains("collected: 1 reports", "files: 1", "refused: 1 (NO_BASELINE 1)",
                    "resyncs requested: 1", "bad files: 0");
            assertThat(run.err().lines()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("mifsync: " + why);

            Files.write(drop.resolve("B.MIF"), orphanDelta("CEN00002"));
            Run json = mifsync("load", "--root", root.toString(), "--json");
            assertThat(json.exit()).isEqualTo(1);
            assertThat(json.out().lines()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("{\"files\": 1, \"applied\": {}, \"refused\": {\"NO_BASELINE\": 1}, \"resyncsRequested\": 1,")
                    .contains("\"failedStep\": \"publish\", \"error\": \"" + why).endsWith("}");
        }
        // room again: the next load publishes both requests the store kept
        Run after = mifsync("load", "--root", root.toString());
        assertThat(after.exit()).as(after.err()).isZero();
        // the requests were admitted before the write failed: the store kept them, this publish writes them
        assertThat(after.out()).contains("published: SALES: 0 published, 0 waiting, 0 removed; RESYNC.CFG 2 records"
                + " (+2 -0), .CFG 2 written");
    }

    @Test
    void loadWithTheStoreLockedByAnotherWriterFromTheStartNamesTheStoreAndPrintsOneJsonObject() throws Exception {
        assertThat(mifsync("site", "init", "--root", root.toString(), description.toString()).exit()).isZero();
        Files.write(dir.resolve("ls1/LOGON.SRV/INVENTRY.BOX/A.MIF"), orphanDelta("CEN00001"));
        Path db = root.resolve("SITE.SRV/mifsync.db");
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement lock = other.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            // every unit of work of the store takes the write lock: nothing can start, and nothing is lost
            Run run = mifsync("load", "--root", root.toString());
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().lines()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("mifsync: load: inventory store jdbc:sqlite:" + db + ": ").contains("locked");

            Run json = mifsync("load", "--root", root.toString(), "--json");
            assertThat(json.exit()).isEqualTo(1);
            assertThat(json.out().lines()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith("{\"files\": 0, \"applied\": {}, \"refused\": {}, \"resyncsRequested\": 0,")
                    .contains("\"failedStep\": \"load\", \"error\": \"load: inventory store jdbc:sqlite:" + db)
                    .endsWith("}");
            lock.execute("ROLLBACK");
        }
        assertThat(dir.resolve("ls1/LOGON.SRV/INVENTRY.BOX/A.MIF")).exists();
        Run after = mifsync("load", "--root", root.toString());
        assertThat(after.exit()).as(after.err()).isZero();
        assertThat(after.out()).contains("files: 1", "published: SALES: 1 published");
    }

    @Test
    void aStoreLockedByAnotherWriterDuringLoadKeepsTheSummaryAndNamesTheStepAndTheStore() throws Exception {
        assertThat(mifsync("site", "init", "--root", root.toString(), description.toString()).exit()).isZero();
        // The loader prints a progress line per file after its commit, and blocks once the pipe to this
        // test is full: long names make the lines outgrow the pipe and the readers' buffers many times
        // over, so the loader cannot finish before the test has taken the store's lock.
        int reports = 2000;
        String padding = "-" + "X".repeat(120);
        for (int i = 1; i <= reports; i++) {
            Files.write(root.resolve("SITE.SRV/INVENTRY.BOX/R" + i + padding + ".MIF"),
                    orphanDelta(String.format(java.util.Locale.ROOT, "CEN%05d", i)));
        }
        Path db = root.resolve("SITE.SRV/mifsync.db");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "load", "--root", root.toString()));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(dir.resolve("err.txt").toFile())
                .start();
        p.getOutputStream().close();
        List<String> out = new ArrayList<>();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement lock = other.createStatement();
                var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
            // another writer takes the store as soon as the first report is decided, waiting for the
            // loader's open commit group if need be: the pipe keeps it from finishing meanwhile
            lock.execute("PRAGMA busy_timeout = 60000");
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.add(line);
                if (line.startsWith("load: R")) {
                    lock.execute("BEGIN IMMEDIATE");
                    break;
                }
            }
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                out.add(line);
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            lock.execute("ROLLBACK");
        }
        assertThat(p.exitValue()).as(String.join("\n", Files.readAllLines(dir.resolve("err.txt")))).isEqualTo(1);
        int decided = (int) out.stream().filter(l -> l.startsWith("load: R")).count();
        assertThat(decided).isPositive().isLessThan(reports);
        assertThat(out).contains("files: " + decided, "resyncs requested: " + decided);
        assertThat(Files.readAllLines(dir.resolve("err.txt"))).singleElement(
                org.assertj.core.api.InstanceOfAssertFactories.STRING).startsWith(
                        "mifsync: load: the pass stopped early, files kept for the next run: inventory store jdbc:sqlite:"
                        + db);
        try (var inbox = Files.list(root.resolve("SITE.SRV/INVENTRY.BOX"))) {
            // the undecided reports wait in the inbox; the decided ones were archived under REFUSED
            assertThat(inbox.map(f -> f.getFileName().toString()).filter(n -> n.matches("R\\d+-X+\\.MIF")))
                    .hasSize(reports - decided);
        }
    }

    @Test
    void hostileFileNamesAndMifTextLeaveOneEscapedLinePerErrorInTheOutputTheErrFileAndTheLoadLog() throws Exception {
        assertThat(mifsync("site", "init", "--root", root.toString(), description.toString()).exit()).isZero();
        Path inbox = root.resolve("SITE.SRV/INVENTRY.BOX");
        // a name that forges a progress line and clears the screen; text with ESC and DEL outside strings
        String forged = "evil\nload: FORGED.MIF APPLIED_FULL\r\u001B[2J\u007F.MIF";
        Files.writeString(inbox.resolve(forged), "Start Component\n  Name = \"x\"\n  \u001B[31m\n  \u007F\nEnd Component\n",
                StandardCharsets.ISO_8859_1);
        // a Unicode report holding a lone surrogate, which no encoder can write as it is
        String lone = "Start Component\n  Name = \"x\"\n  \uD800\nEnd Component\n";
        byte[] utf16 = new byte[2 + 2 * lone.length()];
        utf16[0] = (byte) 0xFF;
        utf16[1] = (byte) 0xFE;
        for (int i = 0; i < lone.length(); i++) {
            utf16[2 + 2 * i] = (byte) lone.charAt(i);
            utf16[3 + 2 * i] = (byte) (lone.charAt(i) >> 8);
        }
        Files.write(inbox.resolve("LONE.MIF"), utf16);
        Files.write(inbox.resolve("GOOD.MIF"), report(InventoryReport.full(SmsId.parse("CEN00001"), InventoryKind.HW,
                ReportVersion.of(1, 0), Instant.parse("2026-03-01T10:00:00Z"), Inventory.of(disk("C", 10)))));
        String shown = "evil\\nload: FORGED.MIF APPLIED_FULL\\r\\u001B[2J\\u007F.MIF";

        Run run = mifsync("load", "--root", root.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertNoControlCharacters(run.out());
        assertNoControlCharacters(run.err());
        assertThat(run.out().lines()).contains("load: " + shown + " BAD_MIF", "load: LONE.MIF BAD_MIF",
                "load: GOOD.MIF APPLIED_FULL").noneMatch(line -> line.startsWith("load: FORGED.MIF"));
        assertThat(run.out()).contains("files: 3", "applied: 1 (APPLIED_FULL 1)", "bad files: 2");

        // the parser reports one error for the statement and recovers at END COMPONENT: one line
        // set aside under the name the inbox holds it by (its bytes, percent-encoded where unusable)
        String held = "evil%0Aload%3A FORGED.MIF APPLIED_FULL%0D%1B[2J%7F.MIF";
        assertThat(Inbox.heldName(inbox.resolve(forged))).isEqualTo(held);
        List<String> errors = Files.readAllLines(inbox.resolve("BADMIFS/" + held + ".err"));
        // the parser's error under the name the file is held by, then the name the client gave it
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).startsWith(held + ":3:3: ").endsWith("found character '\\u001B'");
        assertThat(errors.get(1)).isEqualTo(held + ": the name the client gave it, '" + shown
                + "', cannot be used in the inbox as it is");
        assertNoControlCharacters(String.join("", errors));
        List<String> loneErrors = Files.readAllLines(inbox.resolve("BADMIFS/LONE.MIF.err"));
        // the decoder already made the lone surrogate a replacement character, which prints as it is
        assertThat(loneErrors).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("LONE.MIF:3:3: ").endsWith("found character '\uFFFD'");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("SITE.SRV/mifsync.db"));
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT source, detail FROM load_log WHERE outcome = 'BAD_MIF'"
                        + " ORDER BY source")) {
            List<String> logged = new ArrayList<>();
            while (rows.next()) {
                logged.add(rows.getString("source") + " | " + rows.getString("detail"));
            }
            assertThat(logged).hasSize(2);
            assertThat(logged.get(0)).startsWith("LONE.MIF | LONE.MIF:3:3: ");
            // the client's name as the source, the parser's errors under the held name as the detail
            assertThat(logged.get(1)).startsWith(shown + " | " + held + ":3:3: ");
            logged.forEach(SiteCommandsTest::assertNoControlCharacters);
        }
    }
}
