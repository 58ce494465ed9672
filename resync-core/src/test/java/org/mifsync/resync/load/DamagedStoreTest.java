package org.mifsync.resync.load;

import static org.mifsync.testkit.Fixtures.disk;
import static org.mifsync.testkit.Fixtures.names;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.StoreCheck;
import org.mifsync.resync.store.Stores;
import org.sqlite.SQLiteDataSource;

/**
 * A damaged store is a failure of the site (DESIGN §5): the pass stops, every file stays in the inbox
 * under the name it had (its try count unchanged), and no good report is worn down to {@code
 * BADMIFS} however often the loader runs. SQLite with pages overwritten on disk; PostgreSQL with the
 * SQLSTATE its server raises on a damaged page.
 */
class DamagedStoreTest {

    static final SmsId ID = SmsId.parse("ABC00001");
    static final SmsId ID2 = SmsId.parse("ABC00002");
    static final ClientIdentity PC1 = ClientIdentity.of(ID, NetBiosName.of("PC1"), "00:11");
    static final ClientIdentity PC2 = ClientIdentity.of(ID2, NetBiosName.of("PC2"), "00:22");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    InventoryStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    Path inbox() {
        return dir.resolve("SITE.SRV").resolve("INVENTRY.BOX");
    }

    void drop(String name, ClientReport report) throws Exception {
        Files.createDirectories(inbox());
        Files.write(inbox().resolve(name), ReportWriter.encode(report));
    }

    ClientReport full(ClientIdentity who, int major, GroupInstance... instances) {
        return ClientReport.of(who, InventoryReport.full(who.smsId(), InventoryKind.HW, ReportVersion.of(major, 0),
                clock.instant(), Inventory.of(instances)));
    }

    ClientReport delta(int major, int minor, InventoryDelta delta) {
        return ClientReport.of(PC1, InventoryReport.delta(ID, InventoryKind.HW, ReportVersion.of(major, minor),
                clock.instant(), delta));
    }

    Loader.Report load() throws Exception {
        return Loader.builder(inbox(), Comparer.builder(store).clock(clock).build()).build().loadOnce();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void damageMetByTheRunStopsThePassAndKeepsEveryFileWithItsTryCount(Backend backend) throws Exception {
        Path file = dir.resolve("site").resolve("mifsync.db");
        DataSource postgres = backend == Backend.POSTGRESQL ? Stores.fresh(backend, dir, getClass()) : null;
        store = postgres == null ? InventoryStore.openEmbedded(file, clock) : InventoryStore.open(postgres, clock);
        drop("first.mif", full(PC1, 1, disk("C:", 5)));
        assertThat(load().reportsByOutcome()).containsEntry(Outcome.APPLIED_FULL, 1);
        // a valid delta that already cost one try (a loader stopped while deciding it): decided first,
        // as its client's SMSID sorts first; and a valid full report of another client
        drop("Xb.mif", delta(1, 1, InventoryDelta.of(List.of(disk("D:", 1)), List.of(), List.of())));
        drop("a.mif", full(PC2, 1, disk("C:", 9)));

        Path backup = dir.resolve("backup.db");
        if (postgres == null) {
            store.close();
            store = null;
            checkpoint(file);
            // the backup an administrator restores later, taken while nothing writes
            Files.copy(file, backup);
            // the index every decision reads first: has this very report been decided before?
            Stores.damageSqlite(file, "sqlite_autoindex_report_seen_1");
            store = InventoryStore.openEmbedded(file, clock);
        } else {
            try (Connection c = postgres.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE FUNCTION damaged() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION"
                        + " 'invalid page in block 7 of relation base/16384/16400' USING ERRCODE = 'XX001'; END $$");
                s.execute("CREATE TRIGGER damaged BEFORE INSERT ON load_log FOR EACH ROW EXECUTE FUNCTION damaged()");
            }
        }

        for (int run = 1; run <= Loader.MAX_TRIES + 1; run++) {
            Loader.Report summary = load();
            assertThat(summary.stopReason()).as("run %d", run).isEqualTo(Loader.StopReason.SITE_FAILURE);
            assertThat(summary.stoppedBy()).as("run %d", run).hasValueSatisfying(why -> assertThat(why)
                    .contains("is damaged"));
            assertThat(summary.badFiles()).isZero();
            assertThat(names(inbox())).as("run %d", run).containsExactly("Xb.mif", "a.mif");
        }
        assertThat(names(inbox().resolve(Loader.BADMIFS))).isEmpty();
        assertThat(names(inbox().resolve(Loader.REFUSED))).isEmpty();

        // repaired (restored from the backup; the damage gone), the same files load as they would have
        store.close();
        store = null;
        if (postgres == null) {
            assertThat(StoreCheck.embedded(file, StoreCheck.Depth.QUICK).ok()).isFalse();
            Files.copy(backup, file, StandardCopyOption.REPLACE_EXISTING);
            store = InventoryStore.openEmbedded(file, clock);
        } else {
            try (Connection c = postgres.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP TRIGGER damaged ON load_log");
            }
            store = InventoryStore.open(postgres, clock);
        }
        Loader.Report repaired = load();
        assertThat(repaired.stoppedBy()).isEmpty();
        assertThat(repaired.reportsByOutcome()).containsEntry(Outcome.APPLIED_DELTA, 1)
                .containsEntry(Outcome.APPLIED_FULL, 1);
        assertThat(names(inbox())).isEmpty();
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(Inventory.of(disk("C:", 5), disk("D:", 1)));
        assertThat(store.inventory(ID2, InventoryKind.HW)).contains(Inventory.of(disk("C:", 9)));
    }

    /**
     * Group commit: the damage is met by the third file of a group whose first two are decided and
     * not yet committed (one client's three reports, in one batch). Nothing of the group stays, and
     * all three files are back under their names with their try counts unchanged (the two decided
     * ones were waiting unclaimed; the third is given back its name); once repaired, one pass applies
     * each once.
     */
    @Test
    void damageMetInsideACommitGroupUndoesTheWholeGroupAndCostsNoFileATry() throws Exception {
        DataSource postgres = Stores.fresh(Backend.POSTGRESQL, dir, getClass());
        store = InventoryStore.open(postgres, clock);
        drop("a.mif", full(PC1, 1, disk("C:", 5)));
        drop("b.mif", delta(1, 1, InventoryDelta.of(List.of(disk("D:", 1)), List.of(), List.of())));
        drop("c.mif", delta(1, 2, InventoryDelta.of(List.of(disk("E:", 2)), List.of(), List.of())));
        try (Connection c = postgres.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION damaged() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.version = '1.2'"
                    + " THEN RAISE EXCEPTION 'invalid page in block 9 of relation base/16384/16400'"
                    + " USING ERRCODE = 'XX001'; END IF; RETURN NEW; END $$");
            s.execute("CREATE TRIGGER damaged BEFORE INSERT ON load_log FOR EACH ROW EXECUTE FUNCTION damaged()");
        }
        List<String> heard = new ArrayList<>();
        Loader.Report summary = Loader.builder(inbox(), Comparer.builder(store).clock(clock).build())
                .commitEvery(10, Duration.ofHours(1)).listener(f -> heard.add(f.file())).build().loadOnce();

        assertThat(summary.stopReason()).isEqualTo(Loader.StopReason.SITE_FAILURE);
        assertThat(summary.stoppedBy()).hasValueSatisfying(why -> assertThat(why).contains("is damaged"));
        assertThat(summary.files()).isEmpty();
        assertThat(heard).as("no file is reported before its decision is committed").isEmpty();
        assertThat(names(inbox())).containsExactly("a.mif", "b.mif", "c.mif");
        assertThat(store.client(ID)).as("the first decisions of the group were undone").isEmpty();
        assertThat(store.loadLog(ID)).isEmpty();

        try (Connection c = postgres.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER damaged ON load_log");
        }
        Loader.Report repaired = load();
        assertThat(repaired.stoppedBy()).isEmpty();
        assertThat(repaired.reportsByOutcome()).containsEntry(Outcome.APPLIED_FULL, 1)
                .containsEntry(Outcome.APPLIED_DELTA, 2);
        assertThat(names(inbox())).isEmpty();
        assertThat(store.loadLog(ID)).hasSize(3);
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(Inventory.of(disk("C:", 5), disk("D:", 1),
                disk("E:", 2)));
    }

    static void checkpoint(Path file) throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + file);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    @Test
    void damageOnPagesNoDecisionReadsIsFoundByTheQuickCheck() throws Exception {
        Path file = dir.resolve("site").resolve("mifsync.db");
        store = InventoryStore.openEmbedded(file, clock);
        drop("first.mif", full(PC1, 1, disk("C:", 5)));
        load();
        store.close();
        store = null;
        // written only when a type conflict is found: a load of good reports never reads it
        Stores.damageSqlite(file, "class_conflict");
        assertThat(StoreCheck.embedded(file, StoreCheck.Depth.QUICK).problems()).isNotEmpty()
                .allMatch(p -> p.kind() == StoreCheck.Kind.DAMAGED);
        assertThat(StoreCheck.embedded(file, StoreCheck.Depth.FULL).ok()).isFalse();
    }
}
