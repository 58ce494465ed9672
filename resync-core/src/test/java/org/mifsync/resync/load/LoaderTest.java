package org.mifsync.resync.load;

import static org.mifsync.testkit.Fixtures.disk;
import static org.mifsync.testkit.Fixtures.names;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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
import org.mifsync.resync.store.Stores;
import org.sqlite.SQLiteDataSource;

class LoaderTest {

    static final SmsId ID = SmsId.parse("ABC00001");
    static final ClientIdentity PC1 = ClientIdentity.of(ID, NetBiosName.of("PC1"), "00:11");

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

    ClientReport full(int major, Inventory inventory) {
        return ClientReport.of(PC1, InventoryReport.full(ID, InventoryKind.HW, ReportVersion.of(major, 0),
                clock.instant(), inventory));
    }

    ClientReport delta(int major, int minor, InventoryDelta delta) {
        return ClientReport.of(PC1, InventoryReport.delta(ID, InventoryKind.HW, ReportVersion.of(major, minor),
                clock.instant(), delta));
    }

    Loader loader() {
        return Loader.builder(inbox(), Comparer.builder(store).clock(clock).build()).build();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void inboxIsWorkedInEachClientsVersionOrderAndEveryFileEndsInItsPlace(Backend backend) throws Exception {
        store = Stores.open(backend, dir, getClass(), clock);
        // names sort against the version order on purpose
        drop("c.mif", full(1, Inventory.of(disk("C:", 5))));
        drop("b.mif", delta(1, 1, InventoryDelta.of(List.of(disk("D:", 1)), List.of(), List.of())));
        drop("a.mif", delta(1, 2, InventoryDelta.of(List.of(), List.of(disk("C:", 4)), List.of())));
        drop("gap.mif", delta(1, 4, InventoryDelta.empty()));
        Files.writeString(inbox().resolve("bad.MIF"), "START COMPONENT\n  NAME = \"x\"\n  START GROUP\nEND COMPONENT\n");
        Files.writeString(inbox().resolve("noid.mif"), "START COMPONENT NAME = \"x\" START GROUP NAME = \"N\" ID = 1"
                + " CLASS = \"MICROSOFT|NETWORK|1.0\" START ATTRIBUTE NAME = \"A\" ID = 1 TYPE = INTEGER VALUE = 1"
                + " END ATTRIBUTE END GROUP END COMPONENT\n", StandardCharsets.ISO_8859_1);
        Files.writeString(inbox().resolve("notes.txt"), "not a report");

        Loader.Report summary = loader().loadOnce();

        assertThat(summary.stoppedBy()).isEmpty();
        assertThat(summary.reportsByOutcome()).containsEntry(Outcome.APPLIED_FULL, 1)
                .containsEntry(Outcome.APPLIED_DELTA, 2).containsEntry(Outcome.VERSION_GAP, 1)
                .containsEntry(Outcome.BAD_MIF, 1);
        assertThat(summary.requestsMade()).isEqualTo(1);
        assertThat(summary.badFiles()).isEqualTo(1);
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(Inventory.of(disk("C:", 4), disk("D:", 1)));
        assertThat(names(inbox())).containsExactly("BADMIFS", "REFUSED", "notes.txt");
        assertThat(names(inbox().resolve("BADMIFS"))).containsExactly("bad.MIF", "bad.MIF.err");
        assertThat(Files.readString(inbox().resolve("BADMIFS/bad.MIF.err"))).startsWith("bad.MIF:4:1: ");
        assertThat(names(inbox().resolve("REFUSED"))).containsExactly("NOIDMIF", "VERSION_GAP");
        assertThat(names(inbox().resolve("REFUSED/VERSION_GAP"))).containsExactly("gap.mif");
        assertThat(names(inbox().resolve("REFUSED/NOIDMIF"))).containsExactly("noid.mif");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aPassOverMoreFilesThanOneWindowLoadsThemAllInEachClientsVersionOrder(Backend backend) throws Exception {
        store = Stores.open(backend, dir, getClass(), clock);
        // three clients, a full and three deltas each; the names sort against the version order and
        // mix the clients, and the window holds about two files, so most files are read twice
        List<String> expected = new ArrayList<>();
        long largest = 0;
        for (int c = 1; c <= 3; c++) {
            SmsId id = SmsId.parse("ABC0000" + c);
            ClientIdentity who = ClientIdentity.of(id, NetBiosName.of("PC" + c));
            List<ClientReport> reports = List.of(
                    ClientReport.of(who, InventoryReport.full(id, InventoryKind.HW, ReportVersion.of(1, 0),
                            clock.instant(), Inventory.of(disk("C:", 100 + c)))),
                    ClientReport.of(who, InventoryReport.delta(id, InventoryKind.HW, ReportVersion.of(1, 1),
                            clock.instant(), InventoryDelta.of(List.of(disk("D:", c)), List.of(), List.of()))),
                    ClientReport.of(who, InventoryReport.delta(id, InventoryKind.HW, ReportVersion.of(1, 2),
                            clock.instant(), InventoryDelta.of(List.of(), List.of(disk("C:", 200 + c)), List.of()))),
                    ClientReport.of(who, InventoryReport.delta(id, InventoryKind.HW, ReportVersion.of(1, 3),
                            clock.instant(), InventoryDelta.of(List.of(disk("E:", c)), List.of(), List.of()))));
            for (int v = 0; v < reports.size(); v++) {
                String name = (char) ('z' - v) + "-" + c + ".mif";
                drop(name, reports.get(v));
                largest = Math.max(largest, Files.size(inbox().resolve(name)));
                expected.add(name);
            }
        }
        List<String> order = new ArrayList<>();

        Loader.Report summary = Loader.builder(inbox(), Comparer.builder(store).clock(clock).build())
                .windowBytes(2 * largest).listener(f -> order.add(f.file())).build().loadOnce();

        assertThat(summary.stoppedBy()).isEmpty();
        assertThat(summary.problems()).isEmpty();
        assertThat(summary.reportsByOutcome()).isEqualTo(Map.of(Outcome.APPLIED_FULL, 3, Outcome.APPLIED_DELTA, 9));
        // client by client, each in version order
        assertThat(order).containsExactlyElementsOf(expected);
        for (int c = 1; c <= 3; c++) {
            assertThat(store.inventory(SmsId.parse("ABC0000" + c), InventoryKind.HW)).contains(Inventory.of(
                    disk("C:", 200 + c), disk("D:", c), disk("E:", c)));
        }
        assertThat(names(inbox())).isEmpty();
    }

    @Test
    void filesNamedAsTheAgentNamesThemAreOrderedByTheirNamesUnlessTheirContentSaysOtherwise() throws Exception {
        store = Stores.open(Backend.SQLITE, dir, getClass(), clock);
        drop("HW_ABC00001_1_0.MIF", full(1, Inventory.of(disk("C:", 5))));
        // two names that swap the versions they hold: the content's order decides
        drop("HW_ABC00001_1_1.MIF", delta(1, 2, InventoryDelta.of(List.of(), List.of(disk("C:", 4)), List.of())));
        drop("HW_ABC00001_1_2.MIF", delta(1, 1, InventoryDelta.of(List.of(disk("D:", 1)), List.of(), List.of())));
        drop("hw_abc00001_1_3.mif", delta(1, 3, InventoryDelta.of(List.of(disk("E:", 1)), List.of(), List.of())));
        List<String> order = new ArrayList<>();

        Loader.Report summary = Loader.builder(inbox(), Comparer.builder(store).clock(clock).build())
                .listener(f -> order.add(f.file())).build().loadOnce();

        assertThat(summary.reportsByOutcome()).isEqualTo(Map.of(Outcome.APPLIED_FULL, 1, Outcome.APPLIED_DELTA, 3));
        assertThat(order).containsExactly("HW_ABC00001_1_0.MIF", "HW_ABC00001_1_2.MIF", "HW_ABC00001_1_1.MIF",
                "hw_abc00001_1_3.mif");
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(Inventory.of(disk("C:", 4), disk("D:", 1),
                disk("E:", 1)));
        assertThat(names(inbox())).isEmpty();
    }

    @Test
    void refusedAndSetAsideFilesCarryTheTimeOfTheDecisionSoThatPruneAgesThemFromThere() throws Exception {
        store = Stores.open(Backend.SQLITE, dir, getClass(), clock);
        drop("gap.mif", delta(1, 4, InventoryDelta.empty()));
        Files.writeString(inbox().resolve("bad.mif"), "START COMPONENT\n");
        FileTime written = FileTime.from(Instant.parse("1999-01-01T00:00:00Z"));
        Files.setLastModifiedTime(inbox().resolve("gap.mif"), written);
        Files.setLastModifiedTime(inbox().resolve("bad.mif"), written);

        loader().loadOnce();

        FileTime decided = FileTime.from(clock.instant());
        assertThat(Files.getLastModifiedTime(inbox().resolve("REFUSED/NO_BASELINE/gap.mif"))).isEqualTo(decided);
        assertThat(Files.getLastModifiedTime(inbox().resolve("BADMIFS/bad.mif"))).isEqualTo(decided);
        assertThat(Files.getLastModifiedTime(inbox().resolve("BADMIFS/bad.mif.err"))).isEqualTo(decided);
    }

    @Test
    void fileThatInterruptedTheLoaderThreeTimesIsSetAside() throws Exception {
        store = Stores.open(Backend.SQLITE, dir, getClass(), clock);
        drop("XXXfull.mif", full(1, Inventory.of(disk("C:", 5))));
        drop("XXdelta.mif", delta(1, 1, InventoryDelta.empty()));
        drop("X2.mif", full(2, Inventory.of(disk("C:", 5))));

        Loader.Report summary = loader().loadOnce();

        assertThat(names(inbox().resolve("BADMIFS"))).containsExactly("full.mif", "full.mif.err");
        assertThat(Files.readString(inbox().resolve("BADMIFS/full.mif.err"))).contains("interrupted 3 times");
        // the third try of a delta without baseline, a second try of a full report
        assertThat(summary.reportsByOutcome()).containsEntry(Outcome.NO_BASELINE, 1).containsEntry(Outcome.APPLIED_FULL, 1);
    }

    @Test
    void busyDatabaseIsAFailureOfTheSiteThatKeepsTheFileAndItsTryCount() throws Exception {
        Path db = dir.resolve("busy.db");
        store = InventoryStore.openEmbedded(db, clock);
        drop("Xfull.mif", full(1, Inventory.of(disk("C:", 5))));
        SQLiteDataSource other = new SQLiteDataSource();
        other.setUrl("jdbc:sqlite:" + db);
        try (Connection c = other.getConnection(); Statement s = c.createStatement()) {
            s.execute("BEGIN EXCLUSIVE"); // another process holds the write lock past the busy timeout
            Loader.Report summary = loader().loadOnce();
            assertThat(summary.stoppedBy()).isPresent();
            assertThat(summary.stopReason()).isEqualTo(Loader.StopReason.SITE_FAILURE);
            assertThat(names(inbox())).containsExactly("Xfull.mif");
            s.execute("ROLLBACK");
        }
        Loader.Report again = loader().loadOnce();
        assertThat(again.reportsByOutcome()).containsEntry(Outcome.APPLIED_FULL, 1);
        assertThat(names(inbox())).isEmpty();
        assertThat(store.loadLog(ID)).hasSize(1);
        assertThat(Optional.of(store.inventory(ID, InventoryKind.HW).orElseThrow())).contains(
                Inventory.of(disk("C:", 5)));
    }

    /**
     * A loader killed just after committing a decision leaves its file claimed ({@code X} prefix) in
     * the inbox. The next pass finishes it as that decision did: an applied file is removed, a refused
     * one archived under its own reason, with no second load-log row and no refusal as a DUPLICATE.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFileDecidedJustBeforeTheLoaderWasKilledIsFinishedAsItWasDecided(Backend backend) throws Exception {
        store = Stores.open(backend, dir, getClass(), clock);
        Comparer comparer = Comparer.builder(store).clock(clock).build();
        ClientReport applied = full(1, Inventory.of(disk("C:", 5)));
        ClientReport refused = delta(1, 3, InventoryDelta.empty());
        // what the killed loader did: claimed each file, committed its decision, and died
        drop("Xfull.mif", applied);
        drop("Xgap.mif", refused);
        assertThat(comparer.decide(applied, "full.mif").outcome()).isEqualTo(Outcome.APPLIED_FULL);
        assertThat(comparer.decide(refused, "gap.mif").outcome()).isEqualTo(Outcome.VERSION_GAP);
        // beside them, a report that was not decided yet, and one delivered twice by its client
        drop("next.mif", delta(1, 1, InventoryDelta.of(List.of(disk("D:", 1)), List.of(), List.of())));
        drop("again.mif", applied);
        List<String> requestsBefore = store.requests(ID).stream()
                .map(r -> r.request().refusalsSince() + " " + r.issueCount()).toList();

        Loader.Report summary = loader().loadOnce();

        assertThat(summary.problems()).isEmpty();
        assertThat(summary.files()).extracting(Loader.FileDecision::file, Loader.FileDecision::outcome)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("full.mif", Outcome.APPLIED_FULL),
                        org.assertj.core.groups.Tuple.tuple("again.mif", Outcome.DUPLICATE),
                        org.assertj.core.groups.Tuple.tuple("next.mif", Outcome.APPLIED_DELTA),
                        org.assertj.core.groups.Tuple.tuple("gap.mif", Outcome.VERSION_GAP));
        assertThat(names(inbox())).containsExactly("REFUSED");
        assertThat(names(inbox().resolve("REFUSED"))).containsExactly("DUPLICATE", "VERSION_GAP");
        assertThat(names(inbox().resolve("REFUSED/VERSION_GAP"))).containsExactly("gap.mif");
        assertThat(names(inbox().resolve("REFUSED/DUPLICATE"))).containsExactly("again.mif");
        assertThat(store.loadLog(ID)).extracting(e -> e.source().orElse("") + " " + e.outcome()).containsExactly(
                "full.mif APPLIED_FULL", "gap.mif VERSION_GAP", "again.mif DUPLICATE", "next.mif APPLIED_DELTA");
        assertThat(requestsBefore).hasSize(1);
        assertThat(store.requests(ID).stream().map(r -> r.request().refusalsSince() + " " + r.issueCount()))
                .as("the refusal is not counted twice").containsExactlyElementsOf(requestsBefore);
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(Inventory.of(disk("C:", 5), disk("D:", 1)));
    }

    /** A link, FIFO or oversized file with a report's name in the inbox is set aside unread; the rest loads. */
    @Test
    void linksFifosAndOversizedFilesInTheInboxAreSetAsideUnreadBesideLoadedReports() throws Exception {
        store = Stores.open(Backend.SQLITE, dir, getClass(), clock);
        drop("good.mif", full(1, Inventory.of(disk("C:", 5))));
        Path outside = Files.write(dir.resolve("outside.mif"), ReportWriter.encode(full(2, Inventory.of(disk("D:", 1)))));
        FileTime outsideTime = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(outside, outsideTime);
        Files.createSymbolicLink(inbox().resolve("link.mif"), outside);
        Process mkfifo = new ProcessBuilder("mkfifo", inbox().resolve("pipe.mif").toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).isZero();
        Files.write(inbox().resolve("big.mif"), new byte[65536]);

        Loader.Report summary = Loader.builder(inbox(), Comparer.builder(store).clock(clock).build())
                .maxFileBytes(16384).build().loadOnce();

        assertThat(summary.reportsByOutcome()).containsEntry(Outcome.APPLIED_FULL, 1).containsEntry(Outcome.BAD_MIF, 3);
        assertThat(summary.problems()).isEmpty();
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(Inventory.of(disk("C:", 5)));
        assertThat(names(inbox().resolve("BADMIFS"))).containsExactly("big.mif", "big.mif.err", "link.mif",
                "link.mif.err", "pipe.mif", "pipe.mif.err");
        assertThat(Files.readString(inbox().resolve("BADMIFS/link.mif.err"))).startsWith("link.mif: is a symbolic link;");
        assertThat(Files.readString(inbox().resolve("BADMIFS/pipe.mif.err"))).startsWith("pipe.mif: is not a regular file");
        assertThat(Files.readString(inbox().resolve("BADMIFS/big.mif.err")))
                .startsWith("big.mif: 65536 bytes, larger than max-mif-size (16384 bytes); not read.");
        assertThat(Files.getLastModifiedTime(outside)).as("the link's target is not touched").isEqualTo(outsideTime);
        assertThat(Files.readAllBytes(outside)).isEqualTo(ReportWriter.encode(full(2, Inventory.of(disk("D:", 1)))));
    }
}
