package org.mifsync.resync.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.Inventory;
import org.mifsync.model.ReportVersion;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.report.ReportException;
import org.mifsync.resync.report.ReportReader;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.CustomObjects;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.LoadLogEntry;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.Stores;

/**
 * Custom objects loaded from IDMIF files by the loader (DESIGN §5), each outcome on SQLite and on
 * PostgreSQL, with the Employee fixtures written for these tests ({@code idmif/}).
 */
class ObjectLoadTest {

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

    static String fixture(String name) throws Exception {
        try (InputStream in = ObjectLoadTest.class.getResourceAsStream("/idmif/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    void drop(String name, String text) throws Exception {
        Files.createDirectories(inbox());
        Files.writeString(inbox().resolve(name), text, StandardCharsets.ISO_8859_1);
    }

    Loader.Report load(Loader.Builder builder) throws Exception {
        clock.advance(Duration.ofMinutes(1));
        return builder.build().loadOnce();
    }

    Loader.Builder loader() {
        return Loader.builder(inbox(), Comparer.builder(store).clock(clock).build());
    }

    Optional<CustomObjects.StoredObject> employee() {
        return store.inTransaction(tx -> tx.objects().find("EMPLOYEE", "e-10442"));
    }

    Inventory employeeInventory() {
        long id = employee().orElseThrow().id();
        return store.inTransaction(tx -> tx.inventories().objectInventory(id));
    }

    static GroupInstance office(String building, AttributeValue room) {
        return GroupInstance.of(GroupClass.of("CONTOSO|OFFICE|1.0"), List.of(), List.of(
                Attribute.of(1, "Building", AttributeValue.text(building)), Attribute.of(2, "Room", room)));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anIdmifOfACustomArchitectureIsStoredAsAnObjectAndANewerOneReplacesItWhole(Backend backend) throws Exception {
        store = Stores.open(backend, dir, getClass(), clock);
        drop("EMP.MIF", fixture("employee-sms12.mif"));
        Loader.Report first = load(loader());

        assertThat(first.reportsByOutcome()).containsExactlyEntriesOf(java.util.Map.of(Outcome.APPLIED_OBJECT, 1));
        assertThat(first.requestsMade()).isZero();
        assertThat(inbox().resolve("EMP.MIF")).doesNotExist();
        CustomObjects.StoredObject stored = employee().orElseThrow();
        assertThat(stored.architecture()).isEqualTo("Employee");
        assertThat(stored.version()).isEqualTo(ReportVersion.of(1, 0));
        assertThat(stored.source()).contains("EMP.MIF");
        assertThat(employeeInventory().instances()).hasSize(3);
        assertThat(first.files().get(0).decisions().get(0).detail()).startsWith("created custom object Employee"
                + " 'E-10442', version 1.0");

        // the SMS 2.0 form of the same employee, version 2.0: replaced whole
        drop("EMP2.MIF", fixture("employee-sms20.mif"));
        Loader.Report second = load(loader());
        assertThat(second.reportsByOutcome()).containsEntry(Outcome.APPLIED_OBJECT, 1);
        assertThat(second.files().get(0).decisions().get(0).detail()).contains("replaced custom object")
                .contains("version 2.0").contains("5 attributes no longer reported, now NULL");
        assertThat(employeeInventory()).isEqualTo(Inventory.of(
                GroupInstance.of(GroupClass.of("Employee"), List.of(), List.of(Attribute.of(1, "Name",
                        AttributeValue.text("Ada Lovelace")))),
                office("South", AttributeValue.int32(9))));
        // the load log names the object, no client
        List<LoadLogEntry> log = store.inTransaction(tx -> tx.objects().loadLog(10));
        assertThat(log).filteredOn(e -> e.outcome() == Outcome.APPLIED_OBJECT).hasSize(2)
                .allSatisfy(e -> assertThat(e.smsId()).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSameOrOlderVersionIsArchivedAndATypeChangeIsRefusedWithoutTruncating(Backend backend) throws Exception {
        store = Stores.open(backend, dir, getClass(), clock);
        drop("EMP2.MIF", fixture("employee-sms20.mif"));
        load(loader());
        drop("AGAIN.MIF", fixture("employee-sms20.mif"));
        drop("OLDER.MIF", fixture("employee-sms20.mif").replace("//ReportVersion<2.0>", "//ReportVersion<1.0>"));
        Loader.Report summary = load(loader());
        assertThat(summary.reportsByOutcome()).containsEntry(Outcome.DUPLICATE, 1).containsEntry(Outcome.OUTDATED, 1);
        assertThat(inbox().resolve("REFUSED/DUPLICATE/AGAIN.MIF")).exists();
        assertThat(inbox().resolve("REFUSED/OUTDATED/OLDER.MIF")).exists();

        // the room number reported as text: the class's Room is an integer
        drop("TEXT.MIF", fixture("employee-sms20.mif").replace("//ReportVersion<2.0>", "//ReportVersion<3.0>")
                .replace("Type = Integer\n            Value = 9", "Type = String(8)\n            Value = \"9a\""));
        Loader.Report conflict = load(loader());
        assertThat(conflict.reportsByOutcome()).containsEntry(Outcome.TYPE_CONFLICT, 1);
        assertThat(conflict.files().get(0).decisions().get(0).detail()).contains("custom object Employee 'E-10442'")
                .contains("attribute 2 ('Room') is STRING, stored as INTEGER");
        assertThat(inbox().resolve("REFUSED/TYPE_CONFLICT/TEXT.MIF")).exists();
        assertThat(employee().orElseThrow().version()).isEqualTo(ReportVersion.of(2, 0));
        assertThat(employeeInventory().get(office("South", AttributeValue.int32(9)).key())).isPresent();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void unversionedSms12IdmifsAreOrderedByTheTimeTheyWereMade(Backend backend) throws Exception {
        store = Stores.open(backend, dir, getClass(), clock);
        drop("EMP.MIF", fixture("employee-sms12.mif"));
        Files.setLastModifiedTime(inbox().resolve("EMP.MIF"), java.nio.file.attribute.FileTime.from(clock.instant()));
        load(loader());
        // an older copy of the same IDMIF, made before the one stored
        drop("OLD.MIF", fixture("employee-sms12.mif").replace("\"North\"", "\"West\""));
        Files.setLastModifiedTime(inbox().resolve("OLD.MIF"), java.nio.file.attribute.FileTime.from(
                clock.instant().minus(Duration.ofDays(1))));
        drop("NEW.MIF", fixture("employee-sms12.mif").replace("\"North\"", "\"East\""));
        Files.setLastModifiedTime(inbox().resolve("NEW.MIF"), java.nio.file.attribute.FileTime.from(
                clock.instant().plus(Duration.ofHours(1))));
        Loader.Report summary = load(loader());
        assertThat(summary.reportsByOutcome()).containsEntry(Outcome.OUTDATED, 1).containsEntry(Outcome.APPLIED_OBJECT, 1);
        assertThat(employee().orElseThrow().version()).isEqualTo(ReportVersion.of(2, 0));
        assertThat(employeeInventory().instances().values()).anySatisfy(i -> assertThat(i.attributes())
                .contains(Attribute.of(1, "Building", AttributeValue.text("East"))));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void collectionOffTooLargeAndUnusableIdmifsAreRefusedOrSetAside(Backend backend) throws Exception {
        store = Stores.open(backend, dir, getClass(), clock);
        drop("OFF.MIF", fixture("employee-sms12.mif"));
        Loader.Report off = load(loader().reader(ReportReader.builder().idmifCollection(false).build()));
        assertThat(off.files()).singleElement().extracting(Loader.FileDecision::outcome)
                .isEqualTo(Outcome.FOREIGN_ARCHITECTURE);
        assertThat(inbox().resolve("REFUSED/FOREIGN_ARCHITECTURE/OFF.MIF")).exists();
        assertThat(employee()).isEmpty();

        String big = fixture("employee-sms12.mif");
        drop("BIG.MIF", big);
        Loader.Report tooLarge = load(loader().maxIdmifBytes(big.length() - 1));
        assertThat(tooLarge.badFiles()).isEqualTo(1);
        assertThat(inbox().resolve("BADMIFS/BIG.MIF")).exists();
        assertThat(Files.readString(inbox().resolve("BADMIFS/BIG.MIF.err"))).contains("larger than max-idmif-size ("
                + (big.length() - 1) + " bytes)");
        assertThat(employee()).isEmpty();

        drop("NOKEY.MIF", fixture("employee-sms20.mif").replace("//UniqueID<E-10442>\n", ""));
        Loader.Report bad = load(loader());
        assertThat(bad.badFiles()).isEqualTo(1);
        assertThat(Files.readString(inbox().resolve("BADMIFS/NOKEY.MIF.err"))).contains("needs //UniqueID<");
        List<LoadLogEntry> log = store.inTransaction(tx -> tx.objects().loadLog(10));
        assertThat(log).extracting(LoadLogEntry::outcome).contains(Outcome.FOREIGN_ARCHITECTURE, Outcome.BAD_MIF);
    }

    /**
     * A loader killed after its commit but before it archived a refused IDMIF leaves the file
     * claimed; the next pass finishes it as that commit decided, without deciding it again.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRefusedIdmifFoundClaimedAfterACrashIsFinishedAsDecidedWithoutASecondLogRow(Backend backend) throws Exception {
        store = Stores.open(backend, dir, getClass(), clock);
        drop("EMP2.MIF", fixture("employee-sms20.mif"));
        load(loader());
        String older = fixture("employee-sms20.mif").replace("//ReportVersion<2.0>", "//ReportVersion<1.0>");
        drop("OLDER.MIF", older);
        assertThat(load(loader()).reportsByOutcome()).containsExactlyEntriesOf(java.util.Map.of(Outcome.OUTDATED, 1));
        // as the killed loader left it: claimed once (one X), its decision committed, not archived
        Path archived = inbox().resolve("REFUSED/OUTDATED/OLDER.MIF");
        Files.move(archived, inbox().resolve("XOLDER.MIF"));

        Loader.Report again = load(loader());

        assertThat(again.files()).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo("OLDER.MIF");
            assertThat(f.outcome()).isEqualTo(Outcome.OUTDATED);
        });
        assertThat(archived).hasContent(older);
        assertThat(inbox().resolve("XOLDER.MIF")).doesNotExist();
        List<LoadLogEntry> log = store.inTransaction(tx -> tx.objects().loadLog(10));
        assertThat(log).filteredOn(e -> e.source().equals(Optional.of("OLDER.MIF"))).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.OUTDATED));
    }

    /** An IDMIF decided in memory ({@link Loader#decide}) under the same rules as one in the inbox. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void anIdmifDecidedInMemoryFollowsTheInboxsRules(Backend backend) throws Exception {
        store = Stores.open(backend, dir, getClass(), clock);
        byte[] sms12 = fixture("employee-sms12.mif").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> loader().maxIdmifBytes(sms12.length - 1).build().decide(sms12, "BIG.MIF", clock.instant()))
                .isInstanceOfSatisfying(ReportException.class, e -> {
                    assertThat(e.problem()).isEqualTo(ReportException.Problem.MALFORMED);
                    assertThat(e.errors()).singleElement().hasToString("BIG.MIF: an IDMIF of architecture Employee of "
                            + sms12.length + " bytes, larger than max-idmif-size (" + (sms12.length - 1)
                            + " bytes); not loaded");
                });
        assertThat(employee()).isEmpty();

        Loader loader = loader().build();
        Loader.FileDecision created = loader.decide(sms12, "EMP.MIF", clock.instant());
        assertThat(created.outcome()).isEqualTo(Outcome.APPLIED_OBJECT);
        assertThat(created.decisions()).singleElement().satisfies(d -> assertThat(d.detail())
                .startsWith("created custom object Employee 'E-10442', version 1.0"));
        assertThat(employee().orElseThrow().source()).contains("EMP.MIF");
        assertThat(loader.decide(sms12, "AGAIN.MIF", clock.instant()).outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(inbox()).as("nothing written to the inbox, not even its directory").doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pruneRemovesObjectsNoIdmifWasAcceptedForWithinTheRetention(Backend backend) throws Exception {
        store = Stores.open(backend, dir, getClass(), clock);
        drop("EMP.MIF", fixture("employee-sms12.mif"));
        load(loader());
        clock.advance(Duration.ofDays(60));
        drop("PRN.MIF", fixture("employee-sms20.mif").replace("//Architecture<Employee>", "//Architecture<Printer>")
                .replace("//UniqueID<E-10442>", "//UniqueID<PRN-7>"));
        load(loader());
        clock.advance(Duration.ofDays(40));

        org.mifsync.resync.admin.Pruner.Report dry = org.mifsync.resync.admin.Pruner.builder(store, inbox()).clock(clock)
                .olderThan(Duration.ofDays(90)).build().prune(org.mifsync.resync.files.Mode.DRY_RUN);
        assertThat(dry.objects()).isEqualTo(1);
        assertThat(employee()).isPresent();
        org.mifsync.resync.admin.Pruner.Report pruned = org.mifsync.resync.admin.Pruner.builder(store, inbox())
                .clock(clock).olderThan(Duration.ofDays(90)).build().prune(org.mifsync.resync.files.Mode.APPLY);
        assertThat(pruned.objects()).isEqualTo(1);
        assertThat(employee()).isEmpty();
        List<CustomObjects.StoredObject> left = store.inTransaction(tx -> tx.objects().list());
        assertThat(left).extracting(CustomObjects.StoredObject::key).containsExactly("PRN-7");
    }
}
