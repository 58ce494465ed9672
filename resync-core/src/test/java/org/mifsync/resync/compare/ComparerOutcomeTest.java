package org.mifsync.resync.compare;

import static org.mifsync.testkit.Fixtures.disk;
import static org.mifsync.testkit.Fixtures.DISK;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import org.mifsync.model.RequestState;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.ResyncRequest;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SmsId;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.settings.SiteSettings.IdentityConflict;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.KindState;
import org.mifsync.resync.store.LoadLogEntry;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.Stores;
import org.mifsync.resync.store.StoredRequest;

/** One test per row of DESIGN §5's outcome table, each on SQLite and on PostgreSQL. */
class ComparerOutcomeTest {

    static final SmsId ID = SmsId.parse("ABC00001");
    static final ClientIdentity PC1 = ClientIdentity.of(ID, NetBiosName.of("PC1"), "00:11:22:33:44:55");
    static final GroupClass SOFTWARE = GroupClass.SOFTWARE;

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    InventoryStore store;
    Comparer comparer;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    void open(Backend backend) {
        store = Stores.open(backend, dir, getClass(), clock);
        comparer = Comparer.builder(store).clock(clock).reissueTimeout(Duration.ofHours(1)).backoff(2)
                .duplicateIdWindow(Duration.ofDays(7)).build();
    }

    static GroupInstance software(String name) {
        return GroupInstance.of(SOFTWARE, List.of(1), List.of(Attribute.of(1, "Software Name", AttributeValue.text(name))));
    }

    ClientReport full(int major, Inventory inventory) {
        return full(PC1, InventoryKind.HW, major, inventory);
    }

    ClientReport full(ClientIdentity who, InventoryKind kind, int major, Inventory inventory) {
        return ClientReport.of(who, InventoryReport.full(ID, kind, ReportVersion.of(major, 0), clock.instant(), inventory));
    }

    ClientReport delta(int major, int minor, InventoryDelta delta) {
        return ClientReport.of(PC1, InventoryReport.delta(ID, InventoryKind.HW, ReportVersion.of(major, minor),
                clock.instant(), delta));
    }

    ClientReport resync(int major, Instant answers, Inventory inventory) {
        return ClientReport.of(PC1, InventoryReport.resync(ID, InventoryKind.HW, ReportVersion.of(major, 0),
                clock.instant(), answers, inventory));
    }

    Decision decide(ClientReport report) {
        clock.advance(Duration.ofSeconds(1));
        return comparer.decide(report, "test.mif");
    }

    Inventory hw() {
        return store.inventory(ID, InventoryKind.HW).orElse(null);
    }

    List<StoredRequest> requests() {
        return store.requests(ID);
    }

    void assertRefusedWithoutChange(Decision d, Outcome outcome, Inventory inventoryBefore, KindState stateBefore) {
        assertThat(d.outcome()).isEqualTo(outcome);
        assertThat(d.inventoryRowsWritten()).isZero();
        assertThat(hw()).isEqualTo(inventoryBefore);
        assertThat(store.kindState(ID, InventoryKind.HW).orElse(null)).isEqualTo(stateBefore);
        List<LoadLogEntry> log = store.loadLog(ID);
        assertThat(log.get(log.size() - 1).outcome()).isEqualTo(outcome);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void fullReportWithNewerVersionReplacesOnlyItsKindWritingOnlyChangedRows(Backend backend) {
        open(backend);
        decide(full(PC1, InventoryKind.SW, 1, Inventory.of(software("Word"))));
        Decision first = decide(full(1, Inventory.of(disk("C:", 5), disk("D:", 6))));
        assertThat(first.outcome()).isEqualTo(Outcome.APPLIED_FULL);
        assertThat(first.inventoryRowsWritten()).isEqualTo(6);

        long before = store.inventoryRowsWritten();
        Decision same = decide(full(2, Inventory.of(disk("C:", 5), disk("D:", 6))));
        assertThat(same.outcome()).isEqualTo(Outcome.APPLIED_FULL);
        assertThat(same.inventoryRowsWritten()).isZero();
        assertThat(store.inventoryRowsWritten()).isEqualTo(before);

        Decision changed = decide(full(3, Inventory.of(disk("C:", 7), disk("E:", 1))));
        // one value changed; D: deleted (instance and two values); E: added (instance and two values)
        assertThat(changed.inventoryRowsWritten()).isEqualTo(1 + 3 + 3);
        assertThat(hw()).isEqualTo(Inventory.of(disk("C:", 7), disk("E:", 1)));
        assertThat(store.kindState(ID, InventoryKind.HW).orElseThrow().version()).isEqualTo(ReportVersion.of(3, 0));
        assertThat(store.inventory(ID, InventoryKind.SW)).contains(Inventory.of(software("Word")));
        assertThat(requests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deltaInSequenceWhoseChangesMatchIsApplied(Backend backend) {
        open(backend);
        decide(full(4, Inventory.of(disk("C:", 5), disk("D:", 6))));
        Decision d = decide(delta(4, 1, InventoryDelta.of(List.of(disk("E:", 1)), List.of(disk("C:", 4)),
                List.of(disk("D:", 6).key()))));
        assertThat(d.outcome()).isEqualTo(Outcome.APPLIED_DELTA);
        assertThat(hw()).isEqualTo(Inventory.of(disk("C:", 4), disk("E:", 1)));
        assertThat(decide(delta(4, 2, InventoryDelta.empty())).outcome()).isEqualTo(Outcome.APPLIED_DELTA);
        assertThat(store.kindState(ID, InventoryKind.HW).orElseThrow().version()).isEqualTo(ReportVersion.of(4, 2));
        assertThat(requests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void duplicateReportOrVersionIsArchivedWithoutResync(Backend backend) {
        open(backend);
        decide(full(1, Inventory.of(disk("C:", 5))));
        ClientReport delta = delta(1, 1, InventoryDelta.of(List.of(disk("D:", 1)), List.of(), List.of()));
        assertThat(decide(delta).outcome()).isEqualTo(Outcome.APPLIED_DELTA);
        Inventory inventory = hw();
        KindState state = store.kindState(ID, InventoryKind.HW).orElseThrow();

        // the very same report again (a replay after a crash): recognised by its identity
        Decision replay = comparer.decide(delta, "test.mif");
        assertRefusedWithoutChange(replay, Outcome.DUPLICATE, inventory, state);
        assertThat(replay.detail()).contains("decided before");
        // another report with the stored version
        assertRefusedWithoutChange(decide(delta(1, 1, InventoryDelta.of(List.of(disk("E:", 1)), List.of(), List.of()))),
                Outcome.DUPLICATE, inventory, state);
        assertThat(requests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void outdatedVersionIsArchivedWithoutResync(Backend backend) {
        open(backend);
        decide(full(3, Inventory.of(disk("C:", 5))));
        decide(delta(3, 1, InventoryDelta.of(List.of(disk("D:", 1)), List.of(), List.of())));
        Inventory inventory = hw();
        KindState state = store.kindState(ID, InventoryKind.HW).orElseThrow();
        assertRefusedWithoutChange(decide(full(2, Inventory.empty())), Outcome.OUTDATED, inventory, state);
        assertRefusedWithoutChange(decide(full(3, Inventory.empty())), Outcome.OUTDATED, inventory, state);
        assertRefusedWithoutChange(decide(delta(2, 7, InventoryDelta.empty())), Outcome.OUTDATED, inventory, state);
        assertThat(requests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deltaWithoutBaselineIsRefusedAndRequestsResync(Backend backend) {
        open(backend);
        Decision d = decide(delta(1, 1, InventoryDelta.of(List.of(disk("C:", 1)), List.of(), List.of())));
        assertRefusedWithoutChange(d, Outcome.NO_BASELINE, null, null);
        assertThat(d.requestAction()).isEqualTo(Decision.RequestAction.CREATED);
        ResyncRequest request = requests().get(0).request();
        assertThat(request.reason()).isEqualTo(ResyncReason.NO_BASELINE);
        assertThat(request.state()).isEqualTo(RequestState.REQUESTED);
        assertThat(request.requestTime()).isEqualTo(clock.instant());
        assertThat(request.requestedBy()).isEqualTo("loader");

        // a baseline of the other kind is no baseline for this one
        decide(full(PC1, InventoryKind.SW, 1, Inventory.of(software("Word"))));
        assertThat(store.inventory(ID, InventoryKind.SW)).isPresent();
        assertThat(decide(delta(1, 1, InventoryDelta.empty())).outcome()).isEqualTo(Outcome.NO_BASELINE);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deltaWithVersionGapIsRefusedAndRequestsResync(Backend backend) {
        open(backend);
        decide(full(2, Inventory.of(disk("C:", 5))));
        Inventory inventory = hw();
        KindState state = store.kindState(ID, InventoryKind.HW).orElseThrow();
        Decision d = decide(delta(2, 2, InventoryDelta.of(List.of(disk("D:", 1)), List.of(), List.of())));
        assertRefusedWithoutChange(d, Outcome.VERSION_GAP, inventory, state);
        assertThat(d.detail()).contains("expected 2.1");
        assertThat(requests()).singleElement().satisfies(r -> assertThat(r.request().reason())
                .isEqualTo(ResyncReason.VERSION_GAP));
        // a delta of the next major without its full report is a gap too
        assertThat(decide(delta(3, 1, InventoryDelta.empty())).outcome()).isEqualTo(Outcome.VERSION_GAP);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deltaThatDoesNotFitTheStoredRowsIsRefusedAndRequestsResync(Backend backend) {
        open(backend);
        decide(full(1, Inventory.of(disk("C:", 5))));
        Inventory inventory = hw();
        KindState state = store.kindState(ID, InventoryKind.HW).orElseThrow();
        Decision d = decide(delta(1, 1, InventoryDelta.of(List.of(disk("C:", 1)), List.of(disk("X:", 1)),
                List.of(disk("Y:", 1).key()))));
        assertRefusedWithoutChange(d, Outcome.ROW_MISMATCH, inventory, state);
        assertThat(d.detail()).contains("add of existing instance").contains("2 more");
        assertThat(requests()).singleElement().satisfies(r -> assertThat(r.request().reason())
                .isEqualTo(ResyncReason.ROW_MISMATCH));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void twoIdentitiesAlternatingOnOneSmsIdQuarantineItWithAtMostOneResync(Backend backend) {
        open(backend);
        // with identity-conflict = merge (manual holds the clone's first report: IdentityConflictTest)
        comparer = Comparer.builder(store).clock(clock).reissueTimeout(Duration.ofHours(1)).backoff(2)
                .duplicateIdWindow(Duration.ofDays(7)).identityConflict(IdentityConflict.MERGE).build();
        ClientIdentity other = ClientIdentity.of(ID, NetBiosName.of("CLONE"), "AA:BB:CC:DD:EE:FF");
        assertThat(decide(full(1, Inventory.of(disk("C:", 5)))).outcome()).isEqualTo(Outcome.APPLIED_FULL);
        // the clone's first report is a conflicting record, merged: it takes over the SMSID
        assertThat(decide(full(other, InventoryKind.HW, 2, Inventory.of(disk("Z:", 1)))).outcome())
                .isEqualTo(Outcome.APPLIED_FULL);
        Inventory inventory = hw();
        KindState state = store.kindState(ID, InventoryKind.HW).orElseThrow();
        // the first machine reports again: two identities alternate
        Decision d = decide(ClientReport.of(PC1, InventoryReport.delta(ID, InventoryKind.HW, ReportVersion.of(1, 1),
                clock.instant(), InventoryDelta.empty())));
        assertRefusedWithoutChange(d, Outcome.DUPLICATE_ID, inventory, state);
        assertThat(d.requestAction()).isEqualTo(Decision.RequestAction.CREATED);
        assertThat(store.client(ID).orElseThrow().isQuarantined()).isTrue();
        // both keep reporting: archived, and no further request
        for (int i = 0; i < 3; i++) {
            assertRefusedWithoutChange(decide(full(other, InventoryKind.HW, 3 + i, Inventory.empty())),
                    Outcome.DUPLICATE_ID, inventory, state);
            assertRefusedWithoutChange(decide(full(PC1, InventoryKind.SW, 3 + i, Inventory.empty())),
                    Outcome.DUPLICATE_ID, inventory, state);
        }
        assertThat(requests()).singleElement().satisfies(r -> {
            assertThat(r.request().reason()).isEqualTo(ResyncReason.DUPLICATE_ID);
            assertThat(r.request().refusalsSince()).isZero();
        });
        // an administrator resolves it: the next report is loaded again
        assertThat(store.resolveQuarantine(ID)).isTrue();
        assertThat(decide(full(PC1, InventoryKind.HW, 9, Inventory.of(disk("C:", 5)))).outcome())
                .isEqualTo(Outcome.APPLIED_FULL);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void attributeOfAnotherTypeFamilyIsRefusedWithoutResyncAndBlocksTheClass(Backend backend) {
        open(backend);
        decide(full(1, Inventory.of(disk("C:", 5))));
        Inventory inventory = hw();
        KindState state = store.kindState(ID, InventoryKind.HW).orElseThrow();
        GroupInstance textFree = GroupInstance.of(DISK, List.of(1), List.of(Attribute.of(1, "Drive Letter",
                AttributeValue.text("C:")), Attribute.of(2, "Free Space", AttributeValue.text("lots"))));
        Decision d = decide(full(2, Inventory.of(textFree)));
        assertRefusedWithoutChange(d, Outcome.TYPE_CONFLICT, inventory, state);
        assertThat(d.detail()).contains("attribute 2").contains("STRING, stored as INTEGER");
        assertThat(d.requestAction()).isEqualTo(Decision.RequestAction.NONE);
        // a larger size of the same family only widens: Int32 where Int64 was stored is fine ...
        GroupInstance narrow = GroupInstance.of(DISK, List.of(1), List.of(Attribute.of(1, "Drive Letter",
                AttributeValue.text("C:")), Attribute.of(2, "Free Space", AttributeValue.int32(3))));
        // ... but the class stays blocked for this client until an administrator acts
        assertRefusedWithoutChange(decide(full(3, Inventory.of(narrow))), Outcome.TYPE_CONFLICT, inventory, state);
        assertThat(requests()).isEmpty();
        assertThat(store.unblockClass(ID, DISK)).isTrue();
        assertThat(decide(full(4, Inventory.of(narrow))).outcome()).isEqualTo(Outcome.APPLIED_FULL);
        assertThat(hw()).isEqualTo(Inventory.of(narrow));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void renameAndCardChangeAreAppliedAndLogged(Backend backend) {
        open(backend);
        decide(full(1, Inventory.of(disk("C:", 5))));
        ClientIdentity renamed = ClientIdentity.of(ID, NetBiosName.of("PC1-NEW"), "00:11:22:33:44:55");
        assertThat(decide(full(renamed, InventoryKind.HW, 2, Inventory.of(disk("C:", 5)))).outcome())
                .isEqualTo(Outcome.APPLIED_FULL);
        ClientIdentity newCard = ClientIdentity.of(ID, NetBiosName.of("PC1-NEW"), "66:77:88:99:AA:BB");
        assertThat(decide(full(newCard, InventoryKind.HW, 3, Inventory.of(disk("C:", 5)))).outcome())
                .isEqualTo(Outcome.APPLIED_FULL);
        assertThat(store.client(ID).orElseThrow().identity()).isEqualTo(newCard);
        assertThat(store.loadLog(ID)).extracting(LoadLogEntry::outcome).containsExactly(Outcome.APPLIED_FULL,
                Outcome.APPLIED_FULL, Outcome.RENAMED, Outcome.APPLIED_FULL, Outcome.CARD_CHANGED);
        assertThat(store.loadLog(ID).get(2).detail()).isEqualTo("renamed from PC1 to PC1-NEW");
        assertThat(requests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void resyncReportReplacesTheInventoryAndAcknowledgesTheRequestItAnswers(Backend backend) {
        open(backend);
        decide(full(1, Inventory.of(disk("C:", 5))));
        decide(delta(1, 3, InventoryDelta.empty()));
        Instant requestTime = requests().get(0).request().requestTime();
        // a resync naming another time replaces the inventory but leaves the request pending
        assertThat(decide(resync(2, requestTime.minusSeconds(60), Inventory.of(disk("D:", 1)))).requestAction())
                .isEqualTo(Decision.RequestAction.NONE);
        assertThat(requests().get(0).request().isPending()).isTrue();
        Decision d = decide(resync(3, requestTime, Inventory.of(disk("E:", 1))));
        assertThat(d.outcome()).isEqualTo(Outcome.APPLIED_RESYNC);
        assertThat(d.requestAction()).isEqualTo(Decision.RequestAction.ACKNOWLEDGED);
        assertThat(hw()).isEqualTo(Inventory.of(disk("E:", 1)));
        ResyncRequest acknowledged = requests().get(0).request();
        assertThat(acknowledged.state()).isEqualTo(RequestState.ACKNOWLEDGED);
        assertThat(acknowledged.acknowledgedAt()).contains(clock.instant());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void furtherRefusalsAttachToThePendingRequestUntilItsTimeoutThenItIsReissuedWithBackoff(Backend backend) {
        open(backend);
        decide(full(1, Inventory.of(disk("C:", 5))));
        Decision first = decide(delta(1, 5, InventoryDelta.empty()));
        Instant firstTime = first.request().orElseThrow().requestTime();
        Decision second = decide(delta(1, 6, InventoryDelta.empty()));
        assertThat(second.requestAction()).isEqualTo(Decision.RequestAction.ATTACHED);
        assertThat(second.request().orElseThrow().requestTime()).isEqualTo(firstTime);
        assertThat(second.request().orElseThrow().refusalsSince()).isEqualTo(1);

        clock.advance(Duration.ofHours(1)); // the first timeout
        Decision third = decide(delta(1, 7, InventoryDelta.empty()));
        assertThat(third.requestAction()).isEqualTo(Decision.RequestAction.REISSUED);
        Instant secondTime = third.request().orElseThrow().requestTime();
        assertThat(secondTime).isAfterOrEqualTo(firstTime.plusSeconds(1));
        assertThat(third.request().orElseThrow().refusalsSince()).isZero();
        assertThat(requests()).singleElement().satisfies(r -> assertThat(r.issueCount()).isEqualTo(2));

        clock.advance(Duration.ofMinutes(90)); // backoff: the second wait is two hours
        assertThat(decide(delta(1, 8, InventoryDelta.empty())).requestAction())
                .isEqualTo(Decision.RequestAction.ATTACHED);
        clock.advance(Duration.ofMinutes(30));
        assertThat(decide(delta(1, 9, InventoryDelta.empty())).requestAction())
                .isEqualTo(Decision.RequestAction.REISSUED);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void newRequestTimeIsAlwaysAtLeastOneSecondAfterTheClientsPrevious(Backend backend) {
        open(backend);
        // two refusals of two kinds within one second: the second request gets the next second
        Decision hw = comparer.decide(delta(1, 1, InventoryDelta.empty()));
        Decision sw = comparer.decide(ClientReport.of(PC1, InventoryReport.delta(ID, InventoryKind.SW,
                ReportVersion.of(1, 1), clock.instant(), InventoryDelta.empty())));
        assertThat(hw.requestAction()).isEqualTo(Decision.RequestAction.CREATED);
        assertThat(sw.requestAction()).isEqualTo(Decision.RequestAction.CREATED);
        assertThat(sw.request().orElseThrow().requestTime())
                .isEqualTo(hw.request().orElseThrow().requestTime().plusSeconds(1));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void sms1ReportsGetVersionsFromTheStoreInTheOrderTheyWereMade(Backend backend) {
        open(backend);
        Instant t0 = clock.instant();
        ClientReport older = new ClientReport(PC1, InventoryReport.full(ID, InventoryKind.HW, ReportVersion.of(0, 0),
                t0, Inventory.of(disk("C:", 1))), false);
        ClientReport newer = new ClientReport(PC1, InventoryReport.full(ID, InventoryKind.HW, ReportVersion.of(0, 0),
                t0.plusSeconds(60), Inventory.of(disk("C:", 2))), false);
        assertThat(decide(newer).outcome()).isEqualTo(Outcome.APPLIED_FULL);
        assertThat(store.kindState(ID, InventoryKind.HW).orElseThrow().version()).isEqualTo(ReportVersion.of(1, 0));
        assertThat(decide(older).outcome()).isEqualTo(Outcome.OUTDATED);
        ClientReport newest = new ClientReport(PC1, InventoryReport.full(ID, InventoryKind.HW, ReportVersion.of(0, 0),
                t0.plusSeconds(120), Inventory.of(disk("C:", 3))), false);
        assertThat(decide(newest).outcome()).isEqualTo(Outcome.APPLIED_FULL);
        assertThat(store.kindState(ID, InventoryKind.HW).orElseThrow().version()).isEqualTo(ReportVersion.of(2, 0));
        assertThat(hw()).isEqualTo(Inventory.of(disk("C:", 3)));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void unusableFilesAreLogged(Backend backend) {
        open(backend);
        comparer.recordUnusable(Outcome.BAD_MIF, ID, "bad.mif:1:1: expected START COMPONENT",
                "bad.mif");
        assertThat(store.loadLog(ID)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.BAD_MIF);
            assertThat(e.source()).contains("bad.mif");
        });
        assertThat(InstanceKey.of(DISK).values()).isEmpty();
    }
}
