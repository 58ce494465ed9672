package org.mifsync.resync.admin;

import static org.mifsync.testkit.Fixtures.disk;
import static org.mifsync.testkit.Fixtures.DISK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.InstanceKey;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.RequestState;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.ResyncRequest;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.compare.Decision;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.ClassTypes;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.RequestEvent;
import org.mifsync.resync.store.Stores;
import org.mifsync.resync.store.StoredRequest;
import org.mifsync.resync.files.Mode;

/** Every administrator operation on a client, on SQLite and on PostgreSQL, checked through the Comparer. */
class ClientAdminTest {

    static final SmsId ID = SmsId.parse("ABC00001");
    static final SmsId OTHER = SmsId.parse("ABC00002");
    static final SiteCode ABC = SiteCode.of("ABC");
    static final SiteCode CHILD = SiteCode.of("CHD");
    static final ClientIdentity PC1 = identity(ID, "PC1", "00:11:22:33:44:55", ABC);
    static final ClientIdentity PC2 = identity(ID, "PC2", "66:77:88:99:AA:BB", ABC);
    static final ClientIdentity OTHER_PC = identity(OTHER, "OTHERPC", "00:00:00:00:00:02", ABC);

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    InventoryStore store;
    Comparer comparer;
    ClientAdmin admin;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    static ClientIdentity identity(SmsId id, String name, String card, SiteCode site) {
        return new ClientIdentity(id, NetBiosName.of(name), Optional.of(card), Optional.of(site), Optional.empty());
    }

    void open(Backend backend) {
        store = Stores.open(backend, dir, getClass(), clock);
        // PC2 reporting on PC1's SMSID is a conflicting record; merged, it makes the duplicates resolve ends
        comparer = Comparer.builder(store).clock(clock).reissueTimeout(Duration.ofHours(1))
                .identityConflict(SiteSettings.IdentityConflict.MERGE).build();
        admin = ClientAdmin.builder(store).clock(clock).settings(SiteSettings.DEFAULTS).build();
    }

    static GroupInstance diskAsText(String letter, String free) {
        return GroupInstance.of(DISK, List.of(1), List.of(Attribute.of(1, "Drive Letter", AttributeValue.text(letter)),
                Attribute.of(2, "Free Space", AttributeValue.text(free))));
    }

    static GroupInstance cpu(String name) {
        GroupClass cpu = GroupClass.of("MICROSOFT|PROCESSOR|1.0");
        return GroupInstance.of(cpu, List.of(1), List.of(Attribute.of(1, "Processor Name", AttributeValue.text(name))));
    }

    static GroupInstance software(String name) {
        return GroupInstance.of(GroupClass.SOFTWARE, List.of(1),
                List.of(Attribute.of(1, "Software Name", AttributeValue.text(name))));
    }

    Decision full(ClientIdentity who, InventoryKind kind, int major, GroupInstance... instances) {
        clock.advance(Duration.ofSeconds(5));
        return comparer.decide(ClientReport.of(who, InventoryReport.full(who.smsId(), kind, ReportVersion.of(major, 0),
                clock.instant(), Inventory.of(instances))), "test.mif");
    }

    Decision full(ClientIdentity who, int major, GroupInstance... instances) {
        return full(who, InventoryKind.HW, major, instances);
    }

    Decision delta(ClientIdentity who, int major, int minor, InventoryDelta delta) {
        clock.advance(Duration.ofSeconds(5));
        return comparer.decide(ClientReport.of(who, InventoryReport.delta(who.smsId(), InventoryKind.HW,
                ReportVersion.of(major, minor), clock.instant(), delta)), "test.mif");
    }

    List<RequestEvent> events(SmsId id) {
        return store.inTransaction(tx -> tx.requestLedger().events(id));
    }

    Inventory hw(SmsId id) {
        return store.inventory(id, InventoryKind.HW).orElse(null);
    }

    /** PC1 and PC2 alternate on one SMSID: applied, applied (a rename), refused and quarantined. */
    void quarantine() {
        full(PC1, 1, disk("C:", 5));
        full(PC2, 2, disk("C:", 9), cpu("486"));
        assertThat(full(PC1, 3, disk("C:", 6)).outcome()).isEqualTo(Outcome.DUPLICATE_ID);
        assertThat(store.client(ID).orElseThrow().isQuarantined()).isTrue();
    }

    // ---- show -------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Backend.class)
    void showGivesInventoryPerKindWithVersionsRequestsAndTheRecentLoadLog(Backend backend) {
        open(backend);
        full(PC1, 1, disk("C:", 5), disk("D:", 6));
        full(PC1, InventoryKind.SW, 4, software("Word"));
        delta(PC1, 1, 3, InventoryDelta.of(List.of(), List.of(disk("C:", 7)), List.of())); // a gap: a request
        for (int i = 0; i < 5; i++) {
            delta(PC1, 1, 9, InventoryDelta.empty());
        }

        ClientView view = admin.show("pc1", 3);

        assertThat(view.client().identity().smsId()).isEqualTo(ID);
        assertThat(view.kinds()).extracting(KindView::kind).containsExactly(InventoryKind.HW, InventoryKind.SW);
        assertThat(view.kinds().get(0).state().orElseThrow().version()).isEqualTo(ReportVersion.of(1, 0));
        assertThat(view.kinds().get(0).inventory()).isEqualTo(Inventory.of(disk("C:", 5), disk("D:", 6)));
        assertThat(view.kinds().get(1).state().orElseThrow().version()).isEqualTo(ReportVersion.of(4, 0));
        assertThat(view.requests()).singleElement().satisfies(r -> {
            assertThat(r.request().reason()).isEqualTo(ResyncReason.VERSION_GAP);
            assertThat(r.request().refusalsSince()).isEqualTo(5);
        });
        assertThat(view.recentLoadLog()).hasSize(3).allSatisfy(e -> assertThat(e.outcome()).isEqualTo(Outcome.VERSION_GAP));
        assertThat(view.recentLoadLog().get(0).loggedAt()).isBefore(view.recentLoadLog().get(2).loggedAt());
        assertThat(view.identities()).hasSize(1);
        assertThat(view.quarantineDetail()).isEmpty();
        assertThat(admin.show(ID.value(), 100).recentLoadLog()).hasSize(8);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void clientsAreNamedBySmsIdOrUniqueNameAndMistakesSayWhatToDo(Backend backend) {
        open(backend);
        full(PC1, 1, disk("C:", 5));
        full(identity(OTHER, "PC1", "00:00:00:00:00:09", ABC), 1, disk("C:", 5));
        full(identity(SmsId.parse("ABC00003"), "SOLO", "00:00:00:00:00:03", ABC), 1, disk("C:", 5));

        assertThat(admin.show("abc00001", 0).client().identity().smsId()).isEqualTo(ID);
        assertThat(admin.show("solo", 0).client().identity().name()).isEqualTo(NetBiosName.of("SOLO"));
        assertThatThrownBy(() -> admin.show("PC1", 0)).isInstanceOf(AdminException.class)
                .hasMessage("the name PC1 is shared by 2 clients: ABC00001, ABC00002; give the SMSID instead")
                .extracting(e -> ((AdminException) e).kind()).isEqualTo(AdminException.Kind.AMBIGUOUS);
        assertThatThrownBy(() -> admin.show("NOBODY", 0)).isInstanceOf(AdminException.class)
                .hasMessage("no client has the name NOBODY");
        assertThatThrownBy(() -> admin.show("ABC00099", 0)).hasMessage("no client has the SMSID or name ABC00099");
        assertThatThrownBy(() -> admin.delete("A/B", Mode.APPLY)).isInstanceOf(AdminException.class)
                .hasMessageStartingWith("'A/B' is neither an SMSID (")
                .extracting(e -> ((AdminException) e).kind()).isEqualTo(AdminException.Kind.INVALID);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anotherSitesClientIsRefusedForChangesAndShownOnlyFromAbove(Backend backend) {
        open(backend);
        store.inTransaction(tx -> {
            tx.topology().putSite(new Site(ABC, "central", Optional.empty()));
            tx.topology().putSite(new Site(CHILD, "child", Optional.of(ABC)));
            return null;
        });
        full(identity(ID, "KID", "00:00:00:00:00:01", CHILD), 1, disk("C:", 5));
        ClientAdmin atCentral = ClientAdmin.builder(store).clock(clock).actingSite(ABC).build();
        ClientAdmin atChild = ClientAdmin.builder(store).clock(clock).actingSite(CHILD).build();
        full(identity(OTHER, "TOP", "00:00:00:00:00:02", ABC), 1, disk("C:", 5));

        assertThat(atCentral.show("KID", 0).client().identity().site()).contains(CHILD);
        assertThatThrownBy(() -> atCentral.delete("KID", Mode.APPLY))
                .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.site()).contains(CHILD))
                .hasMessage("client KID (ABC00001) is assigned to site CHD, not ABC");
        assertThatThrownBy(() -> atChild.show("TOP", 0))
                .isInstanceOfSatisfying(AdminException.class, e -> assertThat(e.site()).contains(ABC))
                .hasMessage("client TOP (ABC00002) is assigned to site ABC, which is not CHD or below it");
        assertThat(atChild.delete("KID", Mode.APPLY).client().identity().smsId()).isEqualTo(ID);
    }

    // ---- delete -----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deletedClientsNextDeltaMeetsNoBaselineAndAsksForAFullReport(Backend backend) {
        open(backend);
        full(PC1, 1, disk("C:", 5), disk("D:", 6));
        full(PC1, InventoryKind.SW, 1, software("Word"));
        delta(PC1, 1, 5, InventoryDelta.empty()); // a gap: one request

        Deletion dry = admin.delete("PC1", Mode.DRY_RUN);
        assertThat(dry.instancesDeleted()).isEqualTo(Map.of(InventoryKind.HW, 2, InventoryKind.SW, 1));
        assertThat(dry.requestsDeleted()).isEqualTo(1);
        assertThat(store.client(ID)).isPresent();
        assertThat(hw(ID)).isEqualTo(Inventory.of(disk("C:", 5), disk("D:", 6)));

        Deletion done = admin.delete("PC1", Mode.APPLY);
        assertThat(done.mode()).isEqualTo(Mode.APPLY);
        assertThat(done.instancesDeleted()).isEqualTo(dry.instancesDeleted());
        assertThat(store.client(ID)).isEmpty();
        assertThat(store.loadLog(ID)).as("the load log stays").hasSize(3);

        Decision next = delta(PC1, 1, 1, InventoryDelta.of(List.of(disk("E:", 1)), List.of(), List.of()));
        assertThat(next.outcome()).isEqualTo(Outcome.NO_BASELINE);
        assertThat(store.requests(ID)).singleElement().satisfies(r -> {
            assertThat(r.request().reason()).isEqualTo(ResyncReason.NO_BASELINE);
            assertThat(r.request().state()).isEqualTo(RequestState.REQUESTED);
        });
        assertThat(full(PC1, 2, disk("C:", 1)).outcome()).isEqualTo(Outcome.APPLIED_FULL);
        assertThatThrownBy(() -> admin.delete("ABC00009", Mode.APPLY)).isInstanceOf(AdminException.class);
    }

    // ---- resolve ----------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Backend.class)
    void resolveKeepsTheChosenMachineAndAsksItForACompleteReport(Backend backend) {
        open(backend);
        quarantine();
        StoredRequest before = store.requests(ID).get(0);
        assertThat(before.request().reason()).isEqualTo(ResyncReason.DUPLICATE_ID);
        assertThat(full(PC1, 4, disk("C:", 6)).outcome()).as("archived while quarantined").isEqualTo(Outcome.DUPLICATE_ID);

        Resolution dry = admin.resolve("ABC00001", "00:11:22:33:44:55", false, Mode.DRY_RUN);
        assertThat(dry.kept().nameFolded()).isEqualTo("PC1");
        assertThat(store.client(ID).orElseThrow().isQuarantined()).as("a dry run changes nothing").isTrue();

        Resolution done = admin.resolve("PC2", "00:11:22:33:44:55", false, Mode.APPLY);
        assertThat(done.kept().cardFolded()).isEqualTo("00:11:22:33:44:55");
        assertThat(done.watched()).extracting(s -> s.nameFolded()).containsExactly("PC2");
        assertThat(done.forgotten()).isEmpty();
        assertThat(done.requested()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(InventoryKind.HW);
            assertThat(r.requestTime()).isAfter(before.request().requestTime());
        });
        assertThat(store.client(ID).orElseThrow().isQuarantined()).isFalse();
        assertThat(store.client(ID).orElseThrow().identity().name()).isEqualTo(NetBiosName.of("PC1"));
        StoredRequest reissued = store.requests(ID).get(0);
        assertThat(reissued.id()).as("the pending request is re-issued, not doubled").isEqualTo(before.id());
        assertThat(reissued.request().state()).isEqualTo(RequestState.REQUESTED);
        assertThat(reissued.issueCount()).isEqualTo(2);
        assertThat(events(ID)).singleElement()
                .satisfies(e -> assertThat(e.detail()).startsWith("client resolve: PC1 keeps SMSID ABC00001; re-issued"
                        + " the pending DUPLICATE_ID request of "));

        // the kept machine answers; its report is applied
        clock.advance(Duration.ofSeconds(5));
        Decision answer = comparer.decide(ClientReport.of(PC1, InventoryReport.resync(ID, InventoryKind.HW,
                ReportVersion.of(5, 0), clock.instant(), reissued.request().requestTime(),
                Inventory.of(disk("C:", 6)))), "answer.mif");
        assertThat(answer.outcome()).isEqualTo(Outcome.APPLIED_RESYNC);
        assertThat(hw(ID)).isEqualTo(Inventory.of(disk("C:", 6)));
        // the other machine still uses the SMSID: the quarantine returns at its next report
        assertThat(full(PC2, 6, disk("C:", 9)).outcome()).isEqualTo(Outcome.DUPLICATE_ID);
        assertThat(store.client(ID).orElseThrow().isQuarantined()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void resolveCanForgetTheOtherIdentities(Backend backend) {
        open(backend);
        quarantine();
        Resolution done = admin.resolve("ABC00001", "pc2", true, Mode.APPLY);
        assertThat(done.kept().nameFolded()).isEqualTo("PC2");
        assertThat(done.forgotten()).extracting(s -> s.nameFolded()).containsExactly("PC1");
        assertThat(admin.show("ABC00001", 0).identities()).extracting(s -> s.nameFolded()).containsExactly("PC2");
        assertThat(store.client(ID).orElseThrow().identity().netCardId()).contains("66:77:88:99:AA:BB");
        assertThat(full(PC2, 7, disk("C:", 1)).outcome()).isEqualTo(Outcome.APPLIED_FULL);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void resolveRefusesWhatItCannotDoWithoutChangingAnything(Backend backend) {
        open(backend);
        full(identity(OTHER, "LONE", "00:00:00:00:00:02", ABC), 1, disk("C:", 5));
        assertThatThrownBy(() -> admin.resolve("LONE", "LONE", false, Mode.APPLY)).isInstanceOf(AdminException.class)
                .hasMessage("client LONE (ABC00002) is not quarantined; there is no duplicate to resolve");

        full(PC1, 1, disk("C:", 5));
        full(identity(ID, "PC1", "00:00:00:00:00:77", ABC), 2, disk("C:", 5)); // same name, another card
        assertThat(full(PC1, 3, disk("C:", 6)).outcome()).isEqualTo(Outcome.DUPLICATE_ID);
        assertThatThrownBy(() -> admin.resolve("ABC00001", "pc1", false, Mode.APPLY))
                .isInstanceOf(AdminException.class)
                .hasMessageStartingWith("the name 'pc1' was seen on SMSID ABC00001 with several cards: PC1 (card ")
                .extracting(e -> ((AdminException) e).kind()).isEqualTo(AdminException.Kind.AMBIGUOUS);
        assertThatThrownBy(() -> admin.resolve("ABC00001", "NOBODY", false, Mode.APPLY))
                .hasMessageStartingWith("no identity seen on SMSID ABC00001 has the card or name 'NOBODY'; seen: PC1 (card");
        assertThat(store.client(ID).orElseThrow().isQuarantined()).isTrue();
        assertThat(admin.resolve("ABC00001", "00:00:00:00:00:77", false, Mode.APPLY).kept().cardFolded())
                .isEqualTo("00:00:00:00:00:77");
    }

    // ---- retype, drop, unblock --------------------------------------------------------------------

    /** PC1 stores DISK with an integer free space; then reports it as a string: refused, blocked. */
    void typeConflict() {
        full(PC1, 1, disk("C:", 5), disk("D:", 6), cpu("486"));
        full(OTHER_PC, 1, disk("C:", 7));
        Decision refused = full(PC1, 2, diskAsText("C:", "5 MB"), cpu("486"));
        assertThat(refused.outcome()).isEqualTo(Outcome.TYPE_CONFLICT);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void retypeAcceptsTheNewFamilyForThisClientOnlyAndDropsTheOldRowsWithoutConverting(Backend backend) {
        open(backend);
        typeConflict();
        ClassTypes.Block block = admin.show("PC1", 0).blocked().get(0);
        assertThat(block.conflicts()).containsExactly(new ClassTypes.Conflict(2, AttributeValue.Family.INTEGER,
                AttributeValue.Family.STRING));

        ClassChange dry = admin.retype("PC1", DISK, Mode.DRY_RUN);
        assertThat(dry.instancesDeleted()).isEqualTo(Map.of(InventoryKind.HW, 2));
        assertThat(hw(ID).size()).as("a dry run changes nothing").isEqualTo(3);

        ClassChange done = admin.retype("PC1", GroupClass.of("microsoft|disk|1.0"), Mode.APPLY);
        assertThat(done.action()).isEqualTo(ClassChange.Action.RETYPE);
        assertThat(done.familiesAccepted()).isEqualTo(Map.of(2, AttributeValue.Family.STRING));
        assertThat(done.instancesDeleted()).isEqualTo(Map.of(InventoryKind.HW, 2));
        assertThat(done.requested()).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(InventoryKind.HW);
            assertThat(r.reason()).isEqualTo(ResyncReason.FORCED);
        });
        assertThat(done.summary()).contains("attribute 2 INTEGER -> STRING", "2 stored instances {HW=2} of the old"
                + " types deleted, none converted", "complete report asked for: HW at");
        assertThat(hw(ID)).isEqualTo(Inventory.of(cpu("486")));
        assertThat(events(ID)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(RequestEvent.Type.FORCED);
            assertThat(e.actor()).isEqualTo("admin");
            assertThat(e.detail()).isEqualTo("class retype microsoft|disk|1.0");
        });
        assertThat(admin.show("PC1", 0).blocked()).isEmpty();
        assertThat(admin.show("PC1", 0).retyped()).singleElement()
                .satisfies(r -> assertThat(r.family()).isEqualTo(AttributeValue.Family.STRING));

        assertThat(full(PC1, 3, diskAsText("C:", "5 MB"), diskAsText("D:", "6 MB"), cpu("486")).outcome())
                .isEqualTo(Outcome.APPLIED_FULL);
        assertThat(hw(ID)).isEqualTo(Inventory.of(diskAsText("C:", "5 MB"), diskAsText("D:", "6 MB"), cpu("486")));
        assertThat(full(OTHER_PC, 2, diskAsText("C:", "7 MB")).outcome()).as("other clients keep the class's family")
                .isEqualTo(Outcome.TYPE_CONFLICT);
        assertThat(full(PC1, 4, disk("C:", 5), cpu("486")).outcome()).as("this client's family is now STRING")
                .isEqualTo(Outcome.TYPE_CONFLICT);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void dropDeletesTheClassesRowsAndLeavesTheClassOutUntilUnblocked(Backend backend) {
        open(backend);
        typeConflict();
        ClassChange drop = admin.drop("ABC00001", DISK, Mode.APPLY);
        assertThat(drop.instancesDeleted()).isEqualTo(Map.of(InventoryKind.HW, 2));
        assertThat(drop.requested()).isEmpty();
        assertThat(drop.summary()).contains("dropped", "2 stored instances {HW=2} deleted, block lifted",
                "left out of this client's reports until 'class unblock'");
        assertThat(hw(ID)).isEqualTo(Inventory.of(cpu("486")));

        Decision next = full(PC1, 3, diskAsText("C:", "5 MB"), cpu("Pentium"));
        assertThat(next.outcome()).as("the dropped class no longer blocks the report").isEqualTo(Outcome.APPLIED_FULL);
        assertThat(next.detail()).contains("classes dropped by an administrator left out: [MICROSOFT|DISK|1.0]");
        assertThat(hw(ID)).isEqualTo(Inventory.of(cpu("Pentium")));
        Decision delta = delta(PC1, 3, 1, InventoryDelta.of(List.of(disk("E:", 1)), List.of(),
                List.of(InstanceKey.of(DISK, AttributeValue.text("C:")))));
        assertThat(delta.outcome()).as("a delta touching only the dropped class").isEqualTo(Outcome.APPLIED_DELTA);
        assertThat(hw(ID)).isEqualTo(Inventory.of(cpu("Pentium")));
        assertThat(admin.show("PC1", 0).dropped()).extracting(ClassTypes.Dropped::groupClass).containsExactly(DISK);

        ClassChange unblock = admin.unblock("PC1", DISK, Mode.APPLY);
        assertThat(unblock.requested()).singleElement().satisfies(r -> assertThat(r.reason()).isEqualTo(ResyncReason.FORCED));
        assertThat(full(PC1, 4, disk("C:", 5), cpu("Pentium")).outcome()).isEqualTo(Outcome.APPLIED_FULL);
        assertThat(hw(ID)).isEqualTo(Inventory.of(disk("C:", 5), cpu("Pentium")));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void unblockLiftsABlockWithoutRequestAndRefusesAClassThatIsNeither(Backend backend) {
        open(backend);
        typeConflict();
        assertThat(full(PC1, 3, disk("C:", 5), cpu("486")).outcome()).as("blocked even in the old type")
                .isEqualTo(Outcome.TYPE_CONFLICT);
        ClassChange unblock = admin.unblock("PC1", DISK, Mode.APPLY);
        assertThat(unblock.requested()).isEmpty();
        assertThat(unblock.summary()).contains("unblocked");
        assertThat(full(PC1, 4, disk("C:", 4), cpu("486")).outcome()).isEqualTo(Outcome.APPLIED_FULL);

        assertThatThrownBy(() -> admin.unblock("PC1", DISK, Mode.APPLY)).isInstanceOf(AdminException.class)
                .hasMessage("class MICROSOFT|DISK|1.0 is neither blocked nor dropped for client PC1 (ABC00001); no class"
                        + " is blocked for it");
        assertThatThrownBy(() -> admin.retype("PC1", DISK, Mode.APPLY)).isInstanceOf(AdminException.class)
                .hasMessage("class MICROSOFT|DISK|1.0 is not blocked for client PC1 (ABC00001); no class is blocked for it")
                .extracting(e -> ((AdminException) e).kind()).isEqualTo(AdminException.Kind.NOT_APPLICABLE);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void requestsMadeHereAreAtLeastASecondApartAndNoneWhileQuarantined(Backend backend) {
        open(backend);
        typeConflict();
        full(PC1, InventoryKind.SW, 1, software("Word"));
        admin.drop("PC1", DISK, Mode.APPLY);
        admin.drop("PC1", GroupClass.SOFTWARE, Mode.APPLY);
        ClassChange hw = admin.unblock("PC1", DISK, Mode.APPLY);
        ClassChange sw = admin.unblock("PC1", GroupClass.SOFTWARE, Mode.APPLY);
        ResyncRequest first = hw.requested().get(0);
        ResyncRequest second = sw.requested().get(0);
        assertThat(second.kind()).isEqualTo(InventoryKind.SW);
        assertThat(second.requestTime()).isAfterOrEqualTo(first.requestTime().plusSeconds(1));

        quarantineOther();
        admin.drop("ABC00002", DISK, Mode.APPLY);
        assertThat(admin.unblock("ABC00002", DISK, Mode.APPLY).requested()).isEmpty();
    }

    /** OTHER_PC and an impostor alternate on ABC00002. */
    void quarantineOther() {
        ClientIdentity impostor = identity(OTHER, "IMPOSTOR", "00:00:00:00:00:66", ABC);
        full(impostor, 10, disk("C:", 1));
        assertThat(full(OTHER_PC, 11, disk("C:", 1)).outcome()).isEqualTo(Outcome.DUPLICATE_ID);
    }
}
