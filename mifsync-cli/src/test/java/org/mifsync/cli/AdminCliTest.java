package org.mifsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.DomainName;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.LogonServer;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.compare.Decision;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ObjectReport;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.postgresql.ds.PGSimpleDataSource;
import org.mifsync.testkit.PostgresServer;

/**
 * client, class and prune as users run them: real JVM processes on a real site directory, with the
 * embedded SQLite store or a real PostgreSQL database ({@code --db-url}).
 */
class AdminCliTest {

    static final SiteCode CEN = SiteCode.of("CEN");
    static final DomainName SALES = DomainName.of("SALES");
    static final SmsId ID = SmsId.parse("CEN00001");
    static final GroupClass DISK = GroupClass.of("MICROSOFT|DISK|1.0");
    static final ClientIdentity PC1 = identity("PC1", "00:11:22:33:44:55");
    static final ClientIdentity PC2 = identity("PC2", "66:77:88:99:AA:BB");

    @TempDir
    Path root;

    Backend backend = Backend.SQLITE;
    String dbUrl;
    InventoryStore store;
    Comparer comparer;
    Instant time = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));

    record Run(int exit, String out, String err) { }

    static ClientIdentity identity(String name, String card) {
        return new ClientIdentity(ID, NetBiosName.of(name), Optional.of(card), Optional.of(CEN), Optional.of(SALES));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    /** A site CEN with domain SALES, on the given back end; the test's own store stays open beside the tool's. */
    void site(Backend backend) throws IOException {
        this.backend = backend;
        SiteLayout.of(root, CEN).createDomain(SALES);
        if (backend == Backend.SQLITE) {
            store = InventoryStore.openEmbedded(root.resolve(SiteOptions.STORE_FILE), Clock.systemUTC());
        } else {
            PGSimpleDataSource ds = PostgresServer.freshDatabase(getClass());
            dbUrl = PostgresServer.url(ds.getDatabaseName());
            store = InventoryStore.open(ds, Clock.systemUTC());
        }
        store.inTransaction(tx -> {
            tx.topology().putSite(Site.central(CEN, "Central"));
            tx.topology().putDomain(new SmsDomain(SALES, CEN, List.of(new LogonServer(NetBiosName.of("LS1"), root.resolve("ls1")))));
            return null;
        });
        comparer = Comparer.builder(store).build();
    }

    Run mifsync(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        command.add("--root");
        command.add(root.toString());
        if (dbUrl != null) {
            command.add("--db-url");
            command.add(dbUrl);
        }
        Process p = new ProcessBuilder(command).directory(root.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static GroupInstance disk(String letter, AttributeValue free) {
        return GroupInstance.of(DISK, List.of(1), List.of(Attribute.of(1, "Drive Letter", AttributeValue.text(letter)),
                Attribute.of(2, "Free Space", free)));
    }

    Decision full(ClientIdentity who, int major, GroupInstance... instances) {
        time = time.plusSeconds(10);
        return comparer.decide(ClientReport.of(who, InventoryReport.full(ID, InventoryKind.HW, ReportVersion.of(major, 0),
                time, Inventory.of(instances))), "R" + major + ".MIF");
    }

    Decision delta(int major, int minor, InventoryDelta delta) {
        time = time.plusSeconds(10);
        return comparer.decide(ClientReport.of(PC1, InventoryReport.delta(ID, InventoryKind.HW,
                ReportVersion.of(major, minor), time, delta)), "D" + major + "." + minor + ".MIF");
    }

    List<ResyncEntry> salesFile() throws IOException {
        Path file = SiteLayout.of(root, CEN).resyncCfgPath(SALES);
        return Files.exists(file) ? ResyncCfg.forReading(file).read().entries() : List.of();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void clientShowPrintsInventoryVersionsRequestsAndTheLoadLog(Backend backend) throws Exception {
        site(backend);
        full(PC1, 1, disk("C:", AttributeValue.int64(5)), disk("D:", AttributeValue.int64(6)));
        delta(1, 4, InventoryDelta.empty()); // a gap: a request

        Run run = mifsync("client", "show", "pc1", "--rows");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("client PC1 (CEN00001)" + System.lineSeparator())
                .contains("HW inventory: version 1.0, made ", "2 instances", "MICROSOFT|DISK|1.0  2",
                        "2 Free Space = 5", "SW inventory: no baseline", "VERSION_GAP", "APPLIED_FULL", "D1.4.MIF");

        Run json = mifsync("client", "show", "CEN00001", "--json");
        assertThat(json.exit()).isZero();
        assertThat(json.out()).startsWith("{").contains("\"smsId\": \"CEN00001\"", "\"version\": \"1.0\"",
                "\"type\": \"INT64\"", "\"value\": 5", "\"reason\": \"VERSION_GAP\"", "\"outcome\": \"APPLIED_FULL\"");

        Run unknown = mifsync("client", "show", "NOBODY");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("mifsync: no client has the name NOBODY" + System.lineSeparator());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void clientDeleteLeavesTheNextDeltaWithoutBaselineAndRewritesTheRequestFiles(Backend backend) throws Exception {
        site(backend);
        full(PC1, 1, disk("C:", AttributeValue.int64(5)));
        delta(1, 4, InventoryDelta.empty());
        assertThat(mifsync("publish").exit()).isZero();
        assertThat(salesFile()).hasSize(1);

        Run dry = mifsync("client", "delete", "PC1", "--dry-run");
        assertThat(dry.out()).isEqualTo("would delete client PC1 (CEN00001): 1 instance (HW 1), 1 request; its load"
                + " log stays" + System.lineSeparator());
        assertThat(store.client(ID)).isPresent();

        Run run = mifsync("client", "delete", "PC1");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("deleted client PC1 (CEN00001)");
        assertThat(store.client(ID)).isEmpty();
        assertThat(salesFile()).as("the deleted client's request left the files").isEmpty();
        assertThat(delta(1, 5, InventoryDelta.empty()).outcome()).isEqualTo(Outcome.NO_BASELINE);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void clientResolveEndsTheQuarantineAndPublishesTheRequest(Backend backend) throws Exception {
        site(backend);
        // PC2 on PC1's SMSID is a conflicting record: merged, the two machines then alternate
        comparer = Comparer.builder(store).identityConflict(SiteSettings.IdentityConflict.MERGE).build();
        full(PC1, 1, disk("C:", AttributeValue.int64(5)));
        full(PC2, 2, disk("C:", AttributeValue.int64(9)));
        assertThat(full(PC1, 3, disk("C:", AttributeValue.int64(5))).outcome()).isEqualTo(Outcome.DUPLICATE_ID);

        Run show = mifsync("client", "show", "CEN00001");
        assertThat(show.out()).contains("QUARANTINED since", "seen as PC1 (card 00:11:22:33:44:55)", "seen as PC2");

        Run missing = mifsync("client", "resolve", "CEN00001");
        assertThat(missing.exit()).as("--keep is required").isEqualTo(2);
        Run wrong = mifsync("client", "resolve", "CEN00001", "--keep", "PC9");
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).isEqualTo("mifsync: no identity seen on SMSID CEN00001 has the card or name 'PC9'; seen:"
                + " PC1 (card 00:11:22:33:44:55), PC2 (card 66:77:88:99:AA:BB)" + System.lineSeparator());

        Run run = mifsync("client", "resolve", "CEN00001", "--keep", "00:11:22:33:44:55");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("resolved PC2 (CEN00001): PC1 (card 00:11:22:33:44:55) keeps the SMSID;"
                + " still watched (a report from them quarantines the SMSID again): [PC2]; complete report asked for:"
                + " HW DUPLICATE_ID at ");
        assertThat(store.client(ID).orElseThrow().isQuarantined()).isFalse();
        assertThat(salesFile()).singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo(ResyncReason.DUPLICATE_ID));
        Run again = mifsync("client", "resolve", "PC1", "--keep", "PC1");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("is not quarantined");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void classRetypeDropAndUnblockSayWhatTheyDeleteAndAsk(Backend backend) throws Exception {
        site(backend);
        full(PC1, 1, disk("C:", AttributeValue.int64(5)), disk("D:", AttributeValue.int64(6)));
        assertThat(full(PC1, 2, disk("C:", AttributeValue.text("5 MB"))).outcome()).isEqualTo(Outcome.TYPE_CONFLICT);
        assertThat(mifsync("client", "show", "PC1").out()).contains("BLOCKED class MICROSOFT|DISK|1.0",
                "attribute 2 stored INTEGER, reported STRING");

        Run dry = mifsync("class", "retype", "PC1", "microsoft|disk|1.0", "--dry-run");
        assertThat(dry.exit()).isZero();
        assertThat(dry.out()).startsWith("dry run, nothing changed: class microsoft|disk|1.0 retyped for client PC1"
                + " (CEN00001) (attribute 2 INTEGER -> STRING); 2 stored instances {HW=2} of the old types deleted, none"
                + " converted; complete report asked for: HW at ");
        assertThat(store.inventory(ID, InventoryKind.HW).orElseThrow().size()).isEqualTo(2);

        Run retype = mifsync("class", "retype", "PC1", "MICROSOFT|DISK|1.0");
        assertThat(retype.err()).isEmpty();
        assertThat(retype.exit()).isZero();
        assertThat(salesFile()).singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo(ResyncReason.FORCED));
        assertThat(full(PC1, 3, disk("C:", AttributeValue.text("5 MB"))).outcome()).isEqualTo(Outcome.APPLIED_FULL);

        Run drop = mifsync("class", "drop", "CEN00001", "MICROSOFT|DISK|1.0");
        assertThat(drop.exit()).isZero();
        assertThat(drop.out()).contains("dropped for client PC1 (CEN00001): 1 stored instance {HW=1} deleted");
        assertThat(full(PC1, 4, disk("C:", AttributeValue.int64(1))).outcome()).isEqualTo(Outcome.APPLIED_FULL);
        assertThat(store.inventory(ID, InventoryKind.HW).orElseThrow().isEmpty()).isTrue();

        Run unblock = mifsync("class", "unblock", "PC1", "MICROSOFT|DISK|1.0");
        assertThat(unblock.exit()).isZero();
        assertThat(unblock.out()).contains("no longer dropped", "complete report asked for");
        Run neither = mifsync("class", "unblock", "PC1", "MICROSOFT|DISK|1.0");
        assertThat(neither.exit()).isEqualTo(1);
        assertThat(neither.err()).isEqualTo("mifsync: class MICROSOFT|DISK|1.0 is neither blocked nor dropped for client"
                + " PC1 (CEN00001); no class is blocked for it" + System.lineSeparator());
        assertThat(mifsync("class", "drop", "PC1", "NO|SUCH||CLASS|" + "x".repeat(600)).exit()).as("a bad class name")
                .isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pruneRemovesOldHistoryAndSaysWhat(Backend backend) throws Exception {
        site(backend);
        time = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(200));
        comparer = Comparer.builder(store).clock(Clock.fixed(time, java.time.ZoneOffset.UTC)).build();
        full(PC1, 1, disk("C:", AttributeValue.int64(5)));
        Path refused = Files.createDirectories(root.resolve("SITE.SRV/INVENTRY.BOX/REFUSED/VERSION_GAP"));
        Files.setLastModifiedTime(Files.writeString(refused.resolve("OLD.MIF"), "old"),
                FileTime.from(Instant.now().minus(Duration.ofDays(40))));
        Files.writeString(refused.resolve("NEW.MIF"), "new");

        Run dry = mifsync("prune", "--dry-run");
        assertThat(dry.err()).isEmpty();
        assertThat(dry.exit()).isZero();
        assertThat(dry.out()).contains("(90 days): 1 load-log rows", "0 refused reports");
        assertThat(store.loadLog(ID)).hasSize(1);

        Run run = mifsync("prune", "--older-than", "30");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("removed: SITE.SRV/INVENTRY.BOX/REFUSED/VERSION_GAP/OLD.MIF".replace('/',
                java.io.File.separatorChar), "(30 days): 1 load-log rows", "1 refused reports");
        assertThat(store.loadLog(ID)).isEmpty();
        assertThat(refused.resolve("NEW.MIF")).exists();
        assertThat(refused.resolve("OLD.MIF")).doesNotExist();
        assertThat(mifsync("prune", "--older-than", "0").exit()).isEqualTo(2);
    }

    void drop(String name, ClientReport report) throws IOException {
        Path inbox = Files.createDirectories(root.resolve("SITE.SRV/INVENTRY.BOX"));
        Files.write(inbox.resolve(name), ReportWriter.encode(report));
    }

    ClientReport report(ClientIdentity who, int major, GroupInstance... instances) {
        time = time.plusSeconds(10);
        return ClientReport.of(who, InventoryReport.full(ID, InventoryKind.HW, ReportVersion.of(major, 0), time,
                Inventory.of(instances)));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void conflictingRecordsAreHeldListedAndResolvedByMergeKeepOrBlock(Backend backend) throws Exception {
        site(backend);
        Path held = root.resolve("SITE.SRV/INVENTRY.BOX/REFUSED/IDENTITY_CONFLICT");
        drop("PC1.MIF", report(PC1, 1, disk("C:", AttributeValue.int64(5))));
        assertThat(mifsync("load").exit()).isZero();
        // the other machine's report comes through logon server LS1
        Path dropBox = Files.createDirectories(root.resolve("ls1/LOGON.SRV/INVENTRY.BOX"));
        Files.write(dropBox.resolve("PC2.MIF"), ReportWriter.encode(report(PC2, 1, disk("Z:", AttributeValue.int64(9)))));
        Run load = mifsync("load", "--json");
        assertThat(load.exit()).as(load.err()).isZero();
        assertThat(load.out()).contains("\"refused\": {\"IDENTITY_CONFLICT\": 1}", "\"resyncsRequested\": 0");
        assertThat(held.resolve("PC2.MIF")).exists();

        Run list = mifsync("client", "conflicts");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("SMSID CEN00001: 1 report held since").containsPattern(
                "name +PC1 +PC2").containsPattern("card +00:11:22:33:44:55 +66:77:88:99:AA:BB")
                .containsPattern("came through +site CEN, domain SALES +logon server LS1, site CEN, domain SALES")
                .contains("held HW 1.0 made ", "REFUSED/IDENTITY_CONFLICT/PC2.MIF",
                        "resolve: mifsync client resolve CEN00001 --merge | --keep | --block");
        Run json = mifsync("client", "conflicts", "--json");
        assertThat(json.exit()).isZero();
        assertThat(json.out()).startsWith("{").contains("\"smsId\": \"CEN00001\"", "\"name\": \"PC2\"",
                "\"netCardId\": \"66:77:88:99:AA:BB\"", "\"archived\": \"REFUSED/IDENTITY_CONFLICT/PC2.MIF\"", "\"cameThrough\": \"LS1\"");

        assertThat(mifsync("client", "resolve", "PC1", "--merge", "--block").exit()).isEqualTo(2);
        assertThat(mifsync("client", "resolve", "PC1", "--merge", "--dry-run").exit()).isEqualTo(2);
        Run dry = mifsync("client", "resolve", "PC1", "--keep", "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).startsWith("would have: PC1 (CEN00001) keeps SMSID CEN00001; 1 held report of PC2");
        assertThat(held.resolve("PC2.MIF")).exists();

        Run merge = mifsync("client", "resolve", "PC1", "--merge");
        assertThat(merge.exit()).as(merge.err()).isZero();
        assertThat(merge.out()).startsWith("merged 1 held report of PC2 (card 66:77:88:99:AA:BB) into PC1 (CEN00001)"
                + " (1 APPLIED_FULL)").contains("HW 1.0 PC2.MIF: APPLIED_FULL", "merged by mifsync:");
        assertThat(store.client(ID).orElseThrow().identity().name().value()).isEqualTo("PC2");
        assertThat(held.resolve("PC2.MIF")).doesNotExist();
        assertThat(mifsync("client", "conflicts").out()).isEqualTo("no conflicting record is held"
                + System.lineSeparator());
        Run none = mifsync("client", "resolve", "PC2", "--keep");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("no conflicting record is held for client PC2 (CEN00001)");

        // another machine, then blocked: the SMSID is quarantined
        ClientIdentity pc3 = identity("PC3", "12:12:12:12:12:12");
        drop("PC3.MIF", report(pc3, 1));
        assertThat(mifsync("load").exit()).isZero();
        Run block = mifsync("client", "resolve", "CEN00001", "--block");
        assertThat(block.exit()).as(block.err()).isZero();
        assertThat(block.out()).startsWith("SMSID CEN00001 quarantined: PC2 (card 66:77:88:99:AA:BB) and PC3 (card"
                + " 12:12:12:12:12:12) both report it");
        assertThat(store.client(ID).orElseThrow().isQuarantined()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void customObjectsFromIdmifsAreListedShownAndDeleted(Backend backend) throws Exception {
        site(backend);
        Path inbox = Files.createDirectories(root.resolve("SITE.SRV/INVENTRY.BOX"));
        ObjectReport employee = new ObjectReport("Employee", "E-10442", ReportVersion.of(1, 0), true,
                time.truncatedTo(ChronoUnit.SECONDS), Inventory.of(GroupInstance.of(GroupClass.of("CONTOSO|OFFICE|1.0"),
                List.of(), List.of(Attribute.of(1, "Building", AttributeValue.text("North")),
                Attribute.of(2, "Room", AttributeValue.int32(214))))));
        Files.write(inbox.resolve("EMP.MIF"), ReportWriter.encode(employee));
        Run load = mifsync("load", "--json");
        assertThat(load.exit()).as(load.err()).isZero();
        assertThat(load.out()).contains("\"applied\": {\"APPLIED_OBJECT\": 1}");

        Run list = mifsync("object", "list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("ARCHITECTURE +KEY +VERSION").containsPattern("Employee +E-10442 +1\\.0")
                .contains("EMP.MIF");
        assertThat(mifsync("object", "list", "printer").out()).isEqualTo("no custom object is stored of architecture"
                + " printer" + System.lineSeparator());
        Run json = mifsync("object", "show", "employee", "e-10442", "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.out()).startsWith("{").contains("\"architecture\": \"Employee\"", "\"key\": \"E-10442\"",
                "\"class\": \"CONTOSO|OFFICE|1.0\"", "\"name\": \"Room\"");
        Run show = mifsync("object", "show", "Employee", "E-10442");
        assertThat(show.out()).startsWith("Employee E-10442: version 1.0").contains("CONTOSO|OFFICE|1.0",
                "1 Building = \"North\"", "2 Room = 214");

        Run dry = mifsync("object", "delete", "Employee", "E-10442", "--dry-run");
        assertThat(dry.out()).isEqualTo("would delete Employee E-10442 with 1 instance; its load log stays"
                + System.lineSeparator());
        assertThat(mifsync("object", "delete", "Employee", "E-10442").exit()).isZero();
        Run gone = mifsync("object", "show", "Employee", "E-10442");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("mifsync: no Employee object has the key E-10442; no object of that"
                + " architecture is stored" + System.lineSeparator());
        Run goneJson = mifsync("object", "show", "Employee", "E-10442", "--json");
        assertThat(goneJson.exit()).isEqualTo(1);
        assertThat(goneJson.out()).contains("\"error\"");
    }

    @ParameterizedTest
    @ValueSource(strings = { "client show", "client delete", "client resolve", "client conflicts", "object list",
            "object show", "object delete", "class retype", "class drop",
            "class unblock", "prune" })
    void everyAdministratorCommandHasHelpWithAnExample(String command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        Run run = mifsync(args.toArray(String[]::new));
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: mifsync " + command).contains("Example");
    }

    @Test
    void aSiteWithoutStoreSaysHowToMakeOne() throws Exception {
        Run run = mifsync("client", "show", "PC1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("mifsync: no store at ").contains("mifsync site init");
    }
}
