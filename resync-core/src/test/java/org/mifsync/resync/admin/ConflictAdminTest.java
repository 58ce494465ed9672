package org.mifsync.resync.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mifsync.testkit.Fixtures.disk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.mif.MifException;
import org.mifsync.mif.MifParser;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.files.Mode;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.ConflictLedger;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.LoadLogEntry;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.Stores;

/**
 * {@code client conflicts} and {@code client resolve --merge | --keep | --block} through the library:
 * real report files loaded by the loader, archived, and found again, on SQLite and PostgreSQL.
 */
class ConflictAdminTest {

    static final SmsId ID = SmsId.parse("ABC00001");
    static final ClientIdentity PC1 = ClientIdentity.of(ID, NetBiosName.of("PC1"), "00:11:22:33:44:55");
    static final ClientIdentity CLONE = ClientIdentity.of(ID, NetBiosName.of("CLONE"), "AA:BB:CC:DD:EE:FF");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    InventoryStore store;
    ConflictAdmin admin;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    Path inbox() {
        return dir.resolve("SITE.SRV").resolve("INVENTRY.BOX");
    }

    Path held() {
        return inbox().resolve("REFUSED").resolve("IDENTITY_CONFLICT");
    }

    void open(Backend backend) throws Exception {
        store = Stores.open(backend, dir, getClass(), clock);
        Files.createDirectories(inbox());
        admin = ConflictAdmin.builder(store, inbox()).clock(clock).settings(SiteSettings.DEFAULTS)
                .actor("mifsync:alice").build();
    }

    void drop(String name, ClientReport report) throws Exception {
        Files.write(inbox().resolve(name), ReportWriter.encode(report));
    }

    Loader.Report load() throws Exception {
        clock.advance(Duration.ofMinutes(1));
        return Loader.builder(inbox(), Comparer.builder(store).clock(clock).build()).build().loadOnce();
    }

    ClientReport full(ClientIdentity who, int major, Inventory inventory) {
        clock.advance(Duration.ofSeconds(1));
        return ClientReport.of(who, InventoryReport.full(ID, InventoryKind.HW, ReportVersion.of(major, 0),
                clock.instant(), inventory));
    }

    ClientReport delta(ClientIdentity who, int major, int minor, InventoryDelta delta) {
        clock.advance(Duration.ofSeconds(1));
        return ClientReport.of(who, InventoryReport.delta(ID, InventoryKind.HW, ReportVersion.of(major, minor),
                clock.instant(), delta));
    }

    /** PC1 stored with version 1.0; the clone's 2.0 and 2.1 held (a name taken in the archive on purpose). */
    void conflict() throws Exception {
        drop("PC1.MIF", full(PC1, 1, Inventory.of(disk("C:", 5))));
        load();
        Files.createDirectories(held());
        Files.writeString(held().resolve("B.MIF"), "an older refusal under the same name");
        Files.setLastModifiedTime(held().resolve("B.MIF"), java.nio.file.attribute.FileTime.from(clock.instant()));
        drop("B.MIF", delta(CLONE, 2, 1, InventoryDelta.of(List.of(disk("Y:", 1)), List.of(), List.of())));
        drop("A.MIF", full(CLONE, 2, Inventory.of(disk("Z:", 9))));
        Loader.Report summary = load();
        assertThat(summary.reportsByOutcome()).containsEntry(Outcome.IDENTITY_CONFLICT, 2);
        assertThat(summary.requestsMade()).isZero();
        assertThat(held().resolve("A.MIF")).exists();
        assertThat(held().resolve("B.MIF.1")).exists();
    }

    /** The administrator's merge reads a held file again as the loader read it: leniently. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aHeldReportTheLoaderReadLenientlyIsMergedAsItWasRead(Backend backend) throws Exception {
        open(backend);
        drop("PC1.MIF", full(PC1, 1, Inventory.of(disk("C:", 5))));
        load();
        // a string run over the end of its line: the lenient parser warns, a strict one refuses
        String encoded = new String(ReportWriter.encode(full(CLONE, 2, Inventory.of(disk("Z:", 9)))),
                StandardCharsets.ISO_8859_1);
        int afterName = encoded.indexOf("\r\n", encoded.indexOf("NAME = ")) + 2;
        String wrapped = encoded.substring(0, afterName) + "  DESCRIPTION = \"a held\r\n    report\"\r\n"
                + encoded.substring(afterName);
        assertThatThrownBy(() -> MifParser.strict().parseText(wrapped, "A.MIF")).isInstanceOf(MifException.class);
        Files.writeString(inbox().resolve("A.MIF"), wrapped, StandardCharsets.ISO_8859_1);
        assertThat(load().reportsByOutcome()).containsEntry(Outcome.IDENTITY_CONFLICT, 1);

        ConflictAdmin.Choice choice = admin.merge("PC1");

        assertThat(choice.decisions()).extracting(d -> d.outcome()).containsExactly(Outcome.APPLIED_FULL);
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(Inventory.of(disk("Z:", 9)));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void heldRecordsAreListedBesideTheStoredIdentity(Backend backend) throws Exception {
        open(backend);
        conflict();
        assertThat(admin.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.client().identity()).isEqualTo(PC1);
            assertThat(c.held()).isEqualTo(CLONE);
            assertThat(c.storedSeen()).hasValueSatisfying(s -> assertThat(s.nameFolded()).isEqualTo("PC1"));
            assertThat(c.reports()).extracting(h -> h.report().version()).containsExactly("2.0", "2.1");
            assertThat(c.firstReport()).isBefore(c.lastReport());
            assertThat(c.reports()).extracting(h -> h.source().orElseThrow()).containsExactly("A.MIF", "B.MIF");
        });
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void mergeAppliesTheHeldReportsInVersionOrderAndRecordsWhoMergedThem(Backend backend) throws Exception {
        open(backend);
        conflict();
        ConflictAdmin.Choice choice = admin.merge("PC1");

        assertThat(choice.decisions()).extracting(d -> d.outcome()).containsExactly(Outcome.APPLIED_FULL,
                Outcome.APPLIED_DELTA);
        assertThat(choice.summary()).contains("merged 2 held reports of CLONE").contains("1 APPLIED_FULL, 1 APPLIED_DELTA");
        assertThat(store.client(ID).orElseThrow().identity()).isEqualTo(CLONE);
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(Inventory.of(disk("Z:", 9), disk("Y:", 1)));
        assertThat(store.loadLog(ID)).filteredOn(e -> e.outcome() == Outcome.APPLIED_FULL).last()
                .extracting(LoadLogEntry::detail).asString().contains("merged by mifsync:alice");
        // the audit trail: who chose, and when
        long clientId = store.client(ID).orElseThrow().id();
        List<ConflictLedger.Held> history = store.inTransaction(tx -> tx.conflicts().history(clientId));
        assertThat(history).hasSize(2).allSatisfy(h -> {
            assertThat(h.resolution()).contains(ConflictLedger.Resolution.MERGED);
            assertThat(h.resolvedBy()).contains("mifsync:alice");
            assertThat(h.resolvedAt()).contains(clock.instant());
        });
        // applied files are gone; the older refusal that only shares a name stays
        assertThat(held().resolve("A.MIF")).doesNotExist();
        assertThat(held().resolve("B.MIF.1")).doesNotExist();
        assertThat(held().resolve("B.MIF")).hasContent("an older refusal under the same name");
        assertThat(admin.conflicts()).isEmpty();
        assertThatThrownBy(() -> admin.merge("ABC00001")).isInstanceOf(AdminException.class)
                .hasMessageContaining("no conflicting record is held");
        // the merged machine's next delta follows on
        drop("C.MIF", delta(CLONE, 2, 2, InventoryDelta.empty()));
        assertThat(load().reportsByOutcome()).containsEntry(Outcome.APPLIED_DELTA, 1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void keepDiscardsTheHeldReportsAndTheStoredMachineKeepsItsRecord(Backend backend) throws Exception {
        open(backend);
        conflict();
        ConflictAdmin.Choice dry = admin.keep("ABC00001", Mode.DRY_RUN);
        assertThat(dry.reports()).hasSize(2);
        assertThat(admin.conflicts()).hasSize(1);
        assertThat(held().resolve("A.MIF")).exists();

        ConflictAdmin.Choice choice = admin.keep("ABC00001", Mode.APPLY);
        assertThat(choice.summary()).contains("PC1 (ABC00001) keeps SMSID ABC00001").contains("2 held reports of"
                + " CLONE (card AA:BB:CC:DD:EE:FF) discarded");
        assertThat(store.client(ID).orElseThrow().identity()).isEqualTo(PC1);
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(Inventory.of(disk("C:", 5)));
        assertThat(held().resolve("A.MIF")).doesNotExist();
        assertThat(held().resolve("B.MIF.1")).doesNotExist();
        assertThat(admin.conflicts()).isEmpty();
        long clientId = store.client(ID).orElseThrow().id();
        List<ConflictLedger.Held> history = store.inTransaction(tx -> tx.conflicts().history(clientId));
        assertThat(history).allSatisfy(h -> {
            assertThat(h.resolution()).contains(ConflictLedger.Resolution.KEPT);
            assertThat(h.resolvedBy()).contains("mifsync:alice");
        });
        // the clone reports again: held again
        drop("D.MIF", full(CLONE, 3, Inventory.empty()));
        assertThat(load().reportsByOutcome()).containsEntry(Outcome.IDENTITY_CONFLICT, 1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void blockQuarantinesTheSmsIdAsADuplicateIdDoes(Backend backend) throws Exception {
        open(backend);
        conflict();
        ConflictAdmin.Choice choice = admin.block("PC1", Mode.APPLY);
        assertThat(choice.summary()).contains("SMSID ABC00001 quarantined");
        assertThat(store.client(ID).orElseThrow().isQuarantined()).isTrue();
        assertThat(admin.conflicts()).isEmpty();
        // both machines' reports are now archived as DUPLICATE_ID, with no request
        drop("E.MIF", full(PC1, 4, Inventory.empty()));
        drop("F.MIF", full(CLONE, 5, Inventory.empty()));
        Loader.Report summary = load();
        assertThat(summary.reportsByOutcome()).containsEntry(Outcome.DUPLICATE_ID, 2);
        assertThat(summary.requestsMade()).isZero();
        // the quarantine is ended as any other: the clone is among the identities to choose from
        ClientAdmin clients = ClientAdmin.builder(store).clock(clock).settings(SiteSettings.DEFAULTS).build();
        assertThat(clients.resolve("PC1", "CLONE", true, Mode.APPLY).kept().nameFolded()).isEqualTo("CLONE");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aHeldFileThatIsGoneIsSaidAndKeepStillEndsTheRecord(Backend backend) throws Exception {
        open(backend);
        conflict();
        Files.delete(held().resolve("A.MIF"));
        assertThatThrownBy(() -> admin.merge("PC1")).isInstanceOf(AdminException.class)
                .hasMessageContaining("A.MIF").hasMessageContaining("no longer in").hasMessageContaining("--keep");
        assertThat(store.client(ID).orElseThrow().identity()).isEqualTo(PC1);
        assertThat(admin.keep("PC1", Mode.APPLY).reports()).hasSize(2);
        assertThat(admin.conflicts()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pruneKeepsTheFilesOfHeldRecordsAndRemovesResolvedRecordsByAge(Backend backend) throws Exception {
        open(backend);
        conflict();
        Path gap = inbox().resolve("REFUSED").resolve("VERSION_GAP").resolve("X.MIF");
        Files.createDirectories(gap.getParent());
        Files.writeString(gap, "another refusal");
        Files.setLastModifiedTime(gap, java.nio.file.attribute.FileTime.from(clock.instant()));
        clock.advance(Duration.ofDays(100));
        Pruner.Report kept = Pruner.builder(store, inbox()).clock(clock).olderThan(Duration.ofDays(90)).build()
                .prune(Mode.APPLY);
        // held files wait for the administrator however old (and so does a file sharing their name)
        assertThat(kept.refusedFiles()).containsExactly(gap);
        assertThat(held().resolve("A.MIF")).exists();
        assertThat(held().resolve("B.MIF.1")).exists();
        assertThat(kept.resolvedConflicts()).isZero();

        admin.keep("PC1", Mode.APPLY);
        clock.advance(Duration.ofDays(100));
        Pruner.Report pruned = Pruner.builder(store, inbox()).clock(clock).olderThan(Duration.ofDays(90)).build()
                .prune(Mode.APPLY);
        assertThat(pruned.resolvedConflicts()).isEqualTo(2);
        long clientId = store.client(ID).orElseThrow().id();
        List<ConflictLedger.Held> left = store.inTransaction(tx -> tx.conflicts().history(clientId));
        assertThat(left).isEmpty();
    }
}
