package org.mifsync.resync.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.mif.MifException;
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
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.StoreException;
import org.mifsync.resync.store.Stores;
import org.mifsync.testkit.FullDisk;
import org.mifsync.testkit.SiteDescriptionText;

/**
 * A cycle collects the logon servers first, loads what arrived, then publishes the requests made; the
 * load step alone works the inbox with the settings recorded by site init. On SQLite and PostgreSQL.
 */
class SiteCycleTest {

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    InventoryStore store;
    Path root;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    void init(Backend backend) throws Exception {
        init(Stores.open(backend, dir, getClass(), clock), SiteDescriptionText.central());
    }

    void init(InventoryStore opened) throws Exception {
        init(opened, SiteDescriptionText.central());
    }

    void init(InventoryStore opened, SiteDescriptionText description) throws Exception {
        store = opened;
        root = dir.resolve("root");
        description.createLogonServerRoots(dir);
        SiteSetup.of(root, store).apply(SiteDescription.parse("sites.ini", description.text(), dir));
    }

    /** A delta without baseline in LS1's drop box: loaded only if collected, refused with a request. */
    Path dropOrphanDelta() throws Exception {
        ClientIdentity who = new ClientIdentity(SmsId.parse("CEN00001"), NetBiosName.of("PC1"), Optional.empty(),
                Optional.of(SiteCode.of("CEN")), Optional.of(DomainName.of("SALES")));
        Path drop = dir.resolve("ls1/LOGON.SRV/INVENTRY.BOX/PC1.MIF");
        Files.write(drop, ReportWriter.encode(ClientReport.of(who, InventoryReport.delta(who.smsId(),
                InventoryKind.HW, ReportVersion.of(1, 1), clock.instant(), InventoryDelta.empty()))));
        return drop;
    }

    Path resyncCfg() {
        return root.resolve("SITE.SRV/MAINCFG.BOX/INVDOM.BOX/SALES.000/RESYNC.CFG");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void collectsThenLoadsThenPublishesTheRequestsThePassMade(Backend backend) throws Exception {
        init(backend);
        Path drop = dropOrphanDelta();

        SiteCycle.Report result = SiteCycle.builder(root, store).clock(clock).build().run();

        assertThat(result.collected().moved()).hasSize(1);
        assertThat(drop).doesNotExist();
        assertThat(result.loaded().files()).hasSize(1);
        assertThat(result.loaded().requestsMade()).isEqualTo(1);
        assertThat(result.published()).hasSize(1);
        assertThat(result.stopReason()).isEqualTo(Loader.StopReason.FINISHED);
        assertThat(result.failure()).isEmpty();
        assertThat(ResyncCfg.forReading(resyncCfg()).read().entries()).extracting(e -> e.smsId().value())
                .containsExactly("CEN00001");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCycleAskedToStopLeavesCollectedFilesQueuedAndPublishesNothing(Backend backend) throws Exception {
        init(backend);
        dropOrphanDelta();

        SiteCycle.Report result = SiteCycle.builder(root, store).clock(clock).stopRequested(() -> true).build().run();

        assertThat(result.collected().moved()).hasSize(1);
        assertThat(result.loaded().files()).isEmpty();
        assertThat(result.published()).isEmpty();
        assertThat(result.stopReason()).isEqualTo(Loader.StopReason.STOP_REQUESTED);
        assertThat(result.loaded().stopReason()).isEqualTo(Loader.StopReason.STOP_REQUESTED);
        assertThat(result.failure()).isEmpty();
        try (var inbox = Files.list(root.resolve("SITE.SRV/INVENTRY.BOX"))) {
            assertThat(inbox.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".MIF")).toList())
                    .hasSize(1);
        }
        Path cfg = resyncCfg();
        assertThat(Files.exists(cfg) ? ResyncCfg.forReading(cfg).read().entries() : List.of()).isEmpty();
    }

    @Test
    void aFullDiskWhilePublishingKeepsWhatWasLoadedAndNamesTheStepTheDomainAndTheFile() throws Exception {
        init(Backend.SQLITE);
        dropOrphanDelta();
        Path domainFolder = resyncCfg().getParent();
        Optional<FullDisk> full = FullDisk.mountOver(domainFolder);
        if (full.isEmpty()) {
            // not allowed to mount: a regular file where the domain's folder was fails the write for real too
            deleteTree(domainFolder);
            Files.writeString(domainFolder, "not a folder");
        }
        try (AutoCloseable unmount = () -> full.ifPresent(FullDisk::close)) {
            SiteCycle.Report result = SiteCycle.builder(root, store).clock(clock).build().run();

            assertThat(result.loaded().files()).hasSize(1);
            assertThat(result.loaded().requestsMade()).isEqualTo(1);
            assertThat(result.published()).isEmpty();
            assertThat(result.stopReason()).isEqualTo(Loader.StopReason.FAILED);
            SiteCycle.Failure failure = result.failure().orElseThrow();
            assertThat(failure.step()).isEqualTo(SiteCycle.Step.PUBLISH);
            if (full.isPresent()) {
                assertThat(failure.toString()).isEqualTo("publish: SALES: cannot write " + resyncCfg()
                        + ": No space left on device");
            } else {
                assertThat(failure.toString()).startsWith("publish: SALES: " + domainFolder);
            }
        }
        // the request waits in the store: once there is room, the next cycle publishes it
        assertThat(SiteCycle.builder(root, store).clock(clock).build().run().failure()).isEmpty();
        assertThat(ResyncCfg.forReading(resyncCfg()).read().entries()).extracting(e -> e.smsId().value())
                .containsExactly("CEN00001");
    }

    @Test
    void aStoreLockedByAnotherWriterWhilePublishingKeepsWhatWasLoadedAndNamesTheStore() throws Exception {
        Path db = dir.resolve("locked.db");
        init(InventoryStore.openEmbedded(db, clock));
        dropOrphanDelta();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            // another process takes the write lock once the report is decided, before the publish
            SiteCycle.Report result = SiteCycle.builder(root, store).clock(clock).listener(file -> {
                try (Statement s = other.createStatement()) {
                    s.execute("BEGIN IMMEDIATE");
                } catch (java.sql.SQLException e) {
                    throw new AssertionError(e);
                }
            }).build().run();

            assertThat(result.loaded().files()).hasSize(1);
            assertThat(result.loaded().requestsMade()).isEqualTo(1);
            assertThat(result.stopReason()).isEqualTo(Loader.StopReason.FAILED);
            SiteCycle.Failure failure = result.failure().orElseThrow();
            assertThat(failure.step()).isEqualTo(SiteCycle.Step.PUBLISH);
            assertThat(failure.cause()).isInstanceOfSatisfying(StoreException.class,
                    e -> assertThat(e.isSiteFailure()).isTrue());
            assertThat(failure.toString()).startsWith("publish: inventory store jdbc:sqlite:" + db.toAbsolutePath())
                    .contains("locked");
            try (Statement s = other.createStatement()) {
                s.execute("ROLLBACK");
            }
        }
        assertThat(SiteCycle.builder(root, store).clock(clock).build().run().failure()).isEmpty();
        assertThat(ResyncCfg.forReading(resyncCfg()).read().entries()).hasSize(1);
    }

    static final GroupClass LICENSES = GroupClass.of("CONTOSO|LICENSES|1.0");

    static byte[] full(String smsId, Inventory inventory) {
        ClientIdentity who = ClientIdentity.of(SmsId.parse(smsId), NetBiosName.of("PC" + smsId.substring(5)));
        return ReportWriter.encode(new ClientReport(who, InventoryReport.full(who.smsId(), InventoryKind.HW,
                ReportVersion.of(0, 0), Instant.parse("2026-03-01T09:00:00Z"), inventory), false));
    }

    static GroupInstance disk(String letter) {
        return GroupInstance.of(GroupClass.of("MICROSOFT|DISK|1.0"), List.of(1),
                List.of(Attribute.of(1, "Drive Letter", AttributeValue.text(letter))));
    }

    static GroupInstance license(String product) {
        return GroupInstance.of(LICENSES, List.of(1), List.of(Attribute.of(1, "Product", AttributeValue.text(product))));
    }

    /** load without collecting: one pass over SITE.SRV/INVENTRY.BOX with the settings recorded by site init. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void theLoadStepAloneUsesTheStoredSettingsAndReportsByReason(Backend backend) throws Exception {
        init(Stores.open(backend, dir, getClass(), clock), SiteDescriptionText.central()
                .addSetting("software-class", "MICROSOFT|SOFTWARE|1.0").addSetting("software-class", "CONTOSO|LICENSES|1.0")
                .setting("max-mif-size", "4KiB"));
        Path inbox = root.resolve("SITE.SRV/INVENTRY.BOX");
        Path waiting = dropOrphanDelta();
        // an SMS 1.x report with a licence group: software, by the description's classes
        String sms1x = new String(full("CEN00001", Inventory.of(license("Office"))), StandardCharsets.ISO_8859_1)
                .replaceAll("//[A-Za-z]+<[^>]*>\r\n", "");
        Files.writeString(inbox.resolve("A.MIF"), sms1x, StandardCharsets.ISO_8859_1);
        ClientIdentity two = ClientIdentity.of(SmsId.parse("CEN00002"), NetBiosName.of("PC2"));
        Files.write(inbox.resolve("B.MIF"), ReportWriter.encode(ClientReport.of(two, InventoryReport.delta(two.smsId(),
                InventoryKind.HW, ReportVersion.of(4, 2), clock.instant(), InventoryDelta.of(List.of(disk("C")),
                List.of(), List.of())))));
        List<GroupInstance> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(license("Product number " + i));
        }
        Files.write(inbox.resolve("C.MIF"), full("CEN00003", Inventory.of(many)));
        Files.writeString(inbox.resolve("D.MIF"), "Start Component\nEnd Group\n");
        Files.write(inbox.resolve("E.MIF"), full("CEN00005", Inventory.empty()));

        List<String> files = new ArrayList<>();
        long[] counted = {-1};
        SiteCycle.Report result = SiteCycle.builder(root, store).clock(clock).sites(List.of(SiteCode.of("CEN")))
                .beforeLoad(n -> counted[0] = n).listener(f -> files.add(f.file() + " " + f.outcome())).build().load();

        assertThat(files).containsExactlyInAnyOrder("A.MIF APPLIED_FULL", "B.MIF NO_BASELINE", "C.MIF BAD_MIF",
                "D.MIF BAD_MIF", "E.MIF APPLIED_FULL");
        assertThat(counted[0]).isEqualTo(5);
        assertThat(result.loaded().files()).hasSize(5);
        assertThat(result.loaded().applied()).isEqualTo(Map.of(Outcome.APPLIED_FULL, 3)); // A.MIF is HW and SW, E.MIF HW
        assertThat(result.loaded().refusedByReason()).isEqualTo(Map.of(Outcome.NO_BASELINE, 1));
        assertThat(result.loaded().requestsMade()).isEqualTo(1);
        assertThat(result.loaded().badFiles()).isEqualTo(2);
        assertThat(result.loaded().isClean()).isFalse();
        assertThat(result.settings().maxMifBytes()).isEqualTo(4096);
        assertThat(result.stopReason()).isEqualTo(Loader.StopReason.FINISHED);
        assertThat(result.failure()).isEmpty();
        assertThat(store.inventory(SmsId.parse("CEN00001"), InventoryKind.SW)).contains(Inventory.of(license("Office")));
        assertThat(store.inventory(SmsId.parse("CEN00001"), InventoryKind.HW)).contains(Inventory.empty());
        assertThat(store.requests(SmsId.parse("CEN00002")).get(0).request().requestedBy()).isEqualTo("loader@CEN");
        assertThat(Files.readString(inbox.resolve("BADMIFS/C.MIF.err"))).contains("4096");
        assertThat(inbox.resolve("REFUSED/NO_BASELINE/B.MIF")).exists();
        // the load step alone neither collects nor publishes
        assertThat(result.collected().moved()).isEmpty();
        assertThat(waiting).exists();
        assertThat(result.published()).isEmpty();
        assertThat(resyncCfg()).doesNotExist();

        SiteCycle.Report empty = SiteCycle.builder(root, store).clock(clock).build().load();
        assertThat(empty.loaded().files()).isEmpty();
        assertThat(empty.loaded().isClean()).isTrue();
        assertThat(empty.stopReason()).isEqualTo(Loader.StopReason.FINISHED);
    }

    /** One file's content decided in memory, as the load step decides a file of the inbox. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void oneFileIsDecidedWithoutTheInboxAsTheLoadStepWould(Backend backend) throws Exception {
        init(Stores.open(backend, dir, getClass(), clock), SiteDescriptionText.central()
                .addSetting("software-class", "MICROSOFT|SOFTWARE|1.0").addSetting("software-class", "CONTOSO|LICENSES|1.0")
                .setting("max-mif-size", "4KiB"));
        Path inbox = root.resolve("SITE.SRV/INVENTRY.BOX");
        List<Path> inboxBefore = listTree(inbox);
        SiteCycle cycle = SiteCycle.builder(root, store).clock(clock).build();

        // the licence group is software only by the description's classes: the stored settings are used
        byte[] sms1x = new String(full("CEN00001", Inventory.of(license("Office"))), StandardCharsets.ISO_8859_1)
                .replaceAll("//[A-Za-z]+<[^>]*>\r\n", "").getBytes(StandardCharsets.ISO_8859_1);
        Loader.FileDecision applied = cycle.decide(sms1x, "A.MIF", clock.instant());
        assertThat(applied.file()).isEqualTo("A.MIF");
        assertThat(applied.outcome()).isEqualTo(Outcome.APPLIED_FULL);
        assertThat(applied.decisions()).extracting(d -> d.outcome()).containsExactly(Outcome.APPLIED_FULL,
                Outcome.APPLIED_FULL);
        assertThat(applied.movedTo()).isEmpty();
        assertThat(store.inventory(SmsId.parse("CEN00001"), InventoryKind.SW)).contains(Inventory.of(license("Office")));
        assertThat(store.loadLog(SmsId.parse("CEN00001"))).extracting(e -> e.source().orElseThrow())
                .containsExactly("A.MIF", "A.MIF");

        ClientIdentity two = ClientIdentity.of(SmsId.parse("CEN00002"), NetBiosName.of("PC2"));
        byte[] orphan = ReportWriter.encode(ClientReport.of(two, InventoryReport.delta(two.smsId(), InventoryKind.HW,
                ReportVersion.of(4, 2), clock.instant(), InventoryDelta.of(List.of(disk("C")), List.of(), List.of()))));
        Loader.FileDecision refused = cycle.decide(orphan, "B.MIF", clock.instant());
        assertThat(refused.outcome()).isEqualTo(Outcome.NO_BASELINE);
        assertThat(refused.movedTo()).isEmpty();
        assertThat(store.requests(SmsId.parse("CEN00002"))).singleElement()
                .satisfies(r -> assertThat(r.request().requestedBy()).isEqualTo("loader@CEN"));

        List<GroupInstance> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(license("Product number " + i));
        }
        assertThatThrownBy(() -> cycle.decide(full("CEN00003", Inventory.of(many)), "C.MIF", clock.instant()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("C.MIF: ").hasMessageContaining("4096");
        assertThatThrownBy(() -> cycle.decide("Start Component\nEnd Group\n".getBytes(StandardCharsets.US_ASCII), "D.MIF",
                clock.instant())).isInstanceOfSatisfying(MifException.class, e -> assertThat(e.errors())
                        .allSatisfy(d -> assertThat(d.location().source()).isEqualTo("D.MIF")).isNotEmpty());
        assertThat(store.client(SmsId.parse("CEN00003"))).isEmpty();
        // nothing of it touched the inbox: no archive, no BADMIFS, no .err
        assertThat(listTree(inbox)).isEqualTo(inboxBefore);
    }

    private static List<Path> listTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void anInboxTheLoadCannotUseEndsTheLoadStepAsAFailureOfThatStep() throws Exception {
        init(Stores.open(Backend.SQLITE, dir, getClass(), clock));
        Path inbox = root.resolve("SITE.SRV/INVENTRY.BOX");
        deleteTree(inbox);
        Files.writeString(inbox, "not a folder");

        SiteCycle.Report result = SiteCycle.builder(root, store).clock(clock).build().load();

        assertThat(result.stopReason()).isEqualTo(Loader.StopReason.FAILED);
        SiteCycle.Failure failure = result.failure().orElseThrow();
        assertThat(failure.step()).isEqualTo(SiteCycle.Step.LOAD);
        assertThat(failure.cause()).isInstanceOf(java.io.IOException.class);
        assertThat(failure.toString()).startsWith("load: ").contains(inbox.toString());
        assertThat(result.loaded().files()).isEmpty();
    }

    private static void deleteTree(Path top) throws Exception {
        try (var all = Files.walk(top)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
