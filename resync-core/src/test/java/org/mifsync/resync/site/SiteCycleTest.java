package org.mifsync.resync.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.StoreException;
import org.mifsync.resync.store.Stores;
import org.mifsync.testkit.FullDisk;

/** A cycle collects the logon servers first, loads what arrived, then publishes the requests made. */
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
        init(Stores.open(backend, dir, getClass(), clock));
    }

    void init(InventoryStore opened) throws Exception {
        store = opened;
        root = dir.resolve("root");
        Files.createDirectories(dir.resolve("ls1"));
        SiteSetup.of(root, store).apply(SiteDescription.parse("sites.ini", """
                [site CEN]
                [domain SALES]
                site = CEN
                logon-server LS1 = ls1
                """, dir));
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

        SiteCycle.Result result = SiteCycle.builder(root, store).clock(clock).build().run();

        assertThat(result.collected().moved()).hasSize(1);
        assertThat(drop).doesNotExist();
        assertThat(result.loaded().files()).isEqualTo(1);
        assertThat(result.loaded().requestsMade()).isEqualTo(1);
        assertThat(result.published()).hasSize(1);
        assertThat(ResyncCfg.forReading(resyncCfg()).read().entries()).extracting(e -> e.smsId().value())
                .containsExactly("CEN00001");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCycleAskedToStopLeavesCollectedFilesQueuedAndPublishesNothing(Backend backend) throws Exception {
        init(backend);
        dropOrphanDelta();

        SiteCycle.Result result = SiteCycle.builder(root, store).clock(clock).stopRequested(() -> true).build().run();

        assertThat(result.collected().moved()).hasSize(1);
        assertThat(result.loaded().files()).isZero();
        assertThat(result.published()).isEmpty();
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
            SiteCycle.Result result = SiteCycle.builder(root, store).clock(clock).build().run();

            assertThat(result.loaded().files()).isEqualTo(1);
            assertThat(result.loaded().requestsMade()).isEqualTo(1);
            assertThat(result.published()).isEmpty();
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
            SiteCycle.Result result = SiteCycle.builder(root, store).clock(clock).listener(file -> {
                try (Statement s = other.createStatement()) {
                    s.execute("BEGIN IMMEDIATE");
                } catch (java.sql.SQLException e) {
                    throw new AssertionError(e);
                }
            }).build().run();

            assertThat(result.loaded().files()).isEqualTo(1);
            assertThat(result.loaded().requestsMade()).isEqualTo(1);
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

    private static void deleteTree(Path top) throws Exception {
        try (var all = Files.walk(top)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
