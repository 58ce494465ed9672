package org.mifsync.resync.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mifsync.testkit.Fixtures.disk;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SmsId;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.settings.SiteSettings.IdentityConflict;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.ConflictLedger;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.LoadLogEntry;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.Stores;

/** Conflicting records (DESIGN §5): another name and another card on a stored SMSID, on SQLite and PostgreSQL. */
class IdentityConflictTest {

    static final SmsId ID = SmsId.parse("ABC00001");
    static final ClientIdentity PC1 = ClientIdentity.of(ID, NetBiosName.of("PC1"), "00:11:22:33:44:55");
    static final ClientIdentity CLONE = ClientIdentity.of(ID, NetBiosName.of("CLONE"), "AA:BB:CC:DD:EE:FF");

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

    Comparer open(Backend backend, IdentityConflict setting) {
        store = Stores.open(backend, dir, getClass(), clock);
        return comparer(setting);
    }

    Comparer comparer(IdentityConflict setting) {
        return Comparer.builder(store).clock(clock).duplicateIdWindow(Duration.ofDays(7)).identityConflict(setting)
                .build();
    }

    ClientReport full(ClientIdentity who, int major, Inventory inventory) {
        return ClientReport.of(who, InventoryReport.full(ID, InventoryKind.HW, ReportVersion.of(major, 0), clock.instant(),
                inventory));
    }

    Decision decide(Comparer comparer, ClientReport report) {
        clock.advance(Duration.ofSeconds(1));
        return comparer.decide(report, "CLONE.MIF");
    }

    List<ConflictLedger.Held> held() {
        return store.inTransaction(tx -> tx.conflicts().allHeld());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void newNameAndNewCardOnAStoredSmsIdAreHeldWithoutResyncByDefault(Backend backend) {
        Comparer comparer = open(backend, IdentityConflict.MANUAL);
        decide(comparer, full(PC1, 1, Inventory.of(disk("C:", 5))));
        ClientReport clone = full(CLONE, 1, Inventory.of(disk("Z:", 9)));
        Decision d = decide(comparer, clone);

        assertThat(d.outcome()).isEqualTo(Outcome.IDENTITY_CONFLICT);
        assertThat(d.outcome().isRefused()).isTrue();
        assertThat(d.requestAction()).isEqualTo(Decision.RequestAction.NONE);
        assertThat(d.detail()).contains("conflicting record").contains("PC1 (card 00:11:22:33:44:55)")
                .contains("CLONE (card AA:BB:CC:DD:EE:FF)").contains("no resync");
        // nothing of the stored client changed, no request
        assertThat(store.client(ID).orElseThrow().identity()).isEqualTo(PC1);
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(Inventory.of(disk("C:", 5)));
        assertThat(store.requests(ID)).isEmpty();
        // held with the identity it carried and where the loader archives its file
        assertThat(held()).singleElement().satisfies(h -> {
            assertThat(h.identity()).isEqualTo(CLONE);
            assertThat(h.report()).isEqualTo(Comparer.identityOf(clone));
            assertThat(h.archived()).contains("REFUSED/IDENTITY_CONFLICT/CLONE.MIF");
            assertThat(h.resolution()).isEmpty();
        });
        List<LoadLogEntry> log = store.loadLog(ID);
        assertThat(log.get(log.size() - 1).outcome()).isEqualTo(Outcome.IDENTITY_CONFLICT);

        // the stored machine goes on reporting as before: no alternation, no quarantine
        assertThat(decide(comparer, full(PC1, 2, Inventory.of(disk("C:", 6)))).outcome())
                .isEqualTo(Outcome.APPLIED_FULL);
        assertThat(store.client(ID).orElseThrow().isQuarantined()).isFalse();
        // the same report delivered again is not held twice
        assertThat(decide(comparer, clone).detail()).contains("held already");
        assertThat(held()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void withMergeTheConflictingRecordIsAppliedAndLoggedAsMergedAutomatically(Backend backend) {
        Comparer comparer = open(backend, IdentityConflict.MERGE);
        decide(comparer, full(PC1, 1, Inventory.of(disk("C:", 5))));
        Decision d = decide(comparer, full(CLONE, 2, Inventory.of(disk("Z:", 9))));

        assertThat(d.outcome()).isEqualTo(Outcome.APPLIED_FULL);
        assertThat(d.detail()).contains("conflicting record").contains("merged automatically (identity-conflict = merge)")
                .doesNotContain("forgotten");
        assertThat(store.kindState(ID, InventoryKind.HW).orElseThrow().version()).isEqualTo(ReportVersion.of(2, 0));
        assertThat(store.client(ID).orElseThrow().identity()).isEqualTo(CLONE);
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(Inventory.of(disk("Z:", 9)));
        assertThat(store.loadLog(ID)).extracting(LoadLogEntry::outcome).containsExactly(Outcome.APPLIED_FULL,
                Outcome.APPLIED_FULL, Outcome.RENAMED, Outcome.CARD_CHANGED);
        assertThat(held()).isEmpty();
        // its deltas follow on from its own version
        assertThat(decide(comparer, ClientReport.of(CLONE, InventoryReport.delta(ID, InventoryKind.HW,
                ReportVersion.of(2, 1), clock.instant(), org.mifsync.model.InventoryDelta.empty()))).outcome())
                .isEqualTo(Outcome.APPLIED_DELTA);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aRenameOrACardChangeAloneIsNoConflict(Backend backend) {
        Comparer comparer = open(backend, IdentityConflict.MANUAL);
        decide(comparer, full(PC1, 1, Inventory.of(disk("C:", 5))));
        ClientIdentity renamed = ClientIdentity.of(ID, NetBiosName.of("PC1-NEW"), "00:11:22:33:44:55");
        assertThat(decide(comparer, full(renamed, 2, Inventory.empty())).outcome()).isEqualTo(Outcome.APPLIED_FULL);
        ClientIdentity newCard = ClientIdentity.of(ID, NetBiosName.of("PC1-NEW"), "66:77:88:99:AA:BB");
        assertThat(decide(comparer, full(newCard, 3, Inventory.empty())).outcome()).isEqualTo(Outcome.APPLIED_FULL);
        // a client stored without a card: a card seen for the first time is no sign of another machine
        SmsId other = SmsId.parse("ABC00002");
        ClientIdentity noCard = ClientIdentity.of(other, NetBiosName.of("OLD"));
        clock.advance(Duration.ofSeconds(1));
        comparer.decide(ClientReport.of(noCard, InventoryReport.full(other, InventoryKind.HW, ReportVersion.of(1, 0),
                clock.instant(), Inventory.empty())));
        clock.advance(Duration.ofSeconds(1));
        ClientIdentity both = ClientIdentity.of(other, NetBiosName.of("NEW"), "12:34:56:78:9A:BC");
        assertThat(comparer.decide(ClientReport.of(both, InventoryReport.full(other, InventoryKind.HW,
                ReportVersion.of(2, 0), clock.instant(), Inventory.empty()))).outcome())
                .isEqualTo(Outcome.APPLIED_FULL);
        assertThat(held()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aHeldReportMergedByAnAdministratorIsComparedAsAnyOtherAndSaysWhoMergedIt(Backend backend) {
        Comparer comparer = open(backend, IdentityConflict.MANUAL);
        decide(comparer, full(PC1, 3, Inventory.of(disk("C:", 5))));
        // a re-imaged machine counts its own versions: its 1.0 is its first, not older than PC1's 3.0
        ClientReport clone = full(CLONE, 1, Inventory.of(disk("Z:", 9)));
        assertThat(decide(comparer, clone).outcome()).isEqualTo(Outcome.IDENTITY_CONFLICT);

        clock.advance(Duration.ofSeconds(1));
        Decision merged = comparer.decideMerged(clone, "CLONE.MIF", "mifsync:alice");
        assertThat(merged.outcome()).isEqualTo(Outcome.APPLIED_FULL);
        assertThat(merged.detail()).contains("merged by mifsync:alice")
                .contains("versions stored for PC1 (card 00:11:22:33:44:55) forgotten");
        assertThat(store.kindState(ID, InventoryKind.HW).orElseThrow().version()).isEqualTo(ReportVersion.of(1, 0));
        assertThat(store.client(ID).orElseThrow().identity()).isEqualTo(CLONE);
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(Inventory.of(disk("Z:", 9)));
        // now the original machine is the other identity: it alternates, as a DUPLICATE_ID
        assertThat(decide(comparer, full(PC1, 3, Inventory.empty())).outcome()).isEqualTo(Outcome.DUPLICATE_ID);
    }
}
