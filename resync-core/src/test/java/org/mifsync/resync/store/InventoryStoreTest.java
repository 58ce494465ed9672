package org.mifsync.resync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.RequestState;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.ResyncRequest;
import org.mifsync.model.SmsId;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.RandomInventories;

class InventoryStoreTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    static final SmsId ID = SmsId.parse("ABC00001");

    @TempDir
    Path dir;

    InventoryStore store(Backend backend) {
        return Stores.open(backend, dir, getClass(), CLOCK);
    }

    long client(InventoryStore store) {
        return store.inTransaction(tx -> tx.clients().createClient(ClientIdentity.of(ID, NetBiosName.of("PC1")), CLOCK.instant()))
                .id();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void storeIsCreatedOnFirstUseAtTheCodesSchemaVersion(Backend backend) {
        try (InventoryStore store = store(backend)) {
            assertThat(store.backend()).isEqualTo(backend);
            assertThat(store.schemaVersion()).isEqualTo(InventoryStore.codeSchemaVersion());
            assertThat(store.client(ID)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void databaseNewerThanTheCodeIsRefusedWithAClearError(Backend backend) throws Exception {
        DataSource ds = Stores.fresh(backend, dir, getClass());
        InventoryStore.open(ds, CLOCK).close();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, 0)");
        }
        StoreException e = catchThrowableOfType(StoreException.class, () -> InventoryStore.open(ds, CLOCK));
        assertThat(e.kind()).isEqualTo(StoreException.Kind.SCHEMA_TOO_NEW);
        assertThat(e.getMessage()).contains("schema version 99").contains("newer than this mifsync");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void inventoriesComeBackExactlyAndEqualInventoriesWriteNoRow(Backend backend) {
        try (InventoryStore store = store(backend)) {
            long id = client(store);
            Random r = new Random(42);
            Inventory inventory = Inventory.empty();
            for (int round = 0; round < 15; round++) {
                Inventory next = round == 0 ? RandomInventories.inventory(r, RandomInventories.standardSchema(), 5)
                        : RandomInventories.change(r, inventory, RandomInventories.standardSchema());
                Inventory hw = next.filter(c -> !c.equals(GroupClass.SOFTWARE));
                store.inTransaction(tx -> tx.inventories().replaceInventory(id, InventoryKind.HW, hw));
                assertThat(store.<Inventory>inTransaction(tx -> tx.inventories().inventory(id, InventoryKind.HW))).isEqualTo(hw);
                long before = store.inventoryRowsWritten();
                assertThat(store.<Integer>inTransaction(tx -> tx.inventories().replaceInventory(id, InventoryKind.HW, hw))).isZero();
                assertThat(store.inventoryRowsWritten()).isEqualTo(before);
                inventory = next;
            }
            assertThat(store.<Inventory>inTransaction(tx -> tx.inventories().inventory(id, InventoryKind.SW))).isEqualTo(Inventory.empty());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aClientIsReadForItsReportWithItsIdentitiesAndItsKindsStateOrWithout(Backend backend) {
        try (InventoryStore store = store(backend)) {
            assertThat(store.<java.util.Optional<Clients.Reporting>>inTransaction(tx -> tx.clients().reporting(ID,
                    InventoryKind.HW))).isEmpty();
            long id = client(store);
            Clients.Reporting bare = store.inTransaction(tx -> tx.clients().reporting(ID, InventoryKind.HW)).orElseThrow();
            assertThat(bare.client().id()).isEqualTo(id);
            assertThat(bare.identitiesSeen()).isEmpty();
            assertThat(bare.kindState()).isEmpty();

            Instant first = CLOCK.instant();
            Instant later = first.plusSeconds(60);
            KindState hw = new KindState(org.mifsync.model.ReportVersion.of(3, 2), first.minusSeconds(5), first);
            store.inTransaction(tx -> {
                tx.clients().recordIdentitySeen(id, ClientIdentity.of(ID, NetBiosName.of("PC1"), "00:11"), first);
                tx.clients().recordIdentitySeen(id, ClientIdentity.of(ID, NetBiosName.of("PC2"), "00:22"), later);
                tx.inventories().putKindState(id, InventoryKind.HW, hw);
                return null;
            });
            for (InventoryKind kind : InventoryKind.values()) {
                Clients.Reporting read = store.inTransaction(tx -> tx.clients().reporting(ID, kind)).orElseThrow();
                assertThat(read.client()).isEqualTo(store.<StoredClient>inTransaction(
                        tx -> tx.clients().client(ID).orElseThrow()));
                // the same identities, in the same order, as the client's own list gives them
                assertThat(read.identitiesSeen()).isEqualTo(store.<List<Clients.SeenIdentity>>inTransaction(
                        tx -> tx.clients().identitiesSeen(id))).extracting(Clients.SeenIdentity::nameFolded)
                        .containsExactly("PC2", "PC1");
                assertThat(read.kindState()).isEqualTo(kind == InventoryKind.HW ? java.util.Optional.of(hw)
                        : java.util.Optional.empty());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aClientsClassRulesHoldItsDroppedAndItsBlockedClassesAndNoOthers(Backend backend) {
        try (InventoryStore store = store(backend)) {
            long id = client(store);
            long other = store.inTransaction(tx -> tx.clients().createClient(ClientIdentity.of(SmsId.parse("ABC00002"),
                    NetBiosName.of("PC2")), CLOCK.instant())).id();
            GroupClass disk = GroupClass.of("T|DISK|1.0");
            GroupClass printer = GroupClass.of("T|PRINTER|1.0");
            GroupClass video = GroupClass.of("T|VIDEO|1.0");
            assertThat(store.<ClassTypes.ClassRules>inTransaction(tx -> tx.classTypes().rules(id)))
                    .isEqualTo(new ClassTypes.ClassRules(java.util.Set.of(), java.util.Set.of()));
            store.inTransaction(tx -> {
                tx.classTypes().dropClass(id, printer, CLOCK.instant());
                tx.classTypes().dropClass(id, disk, CLOCK.instant());
                tx.classTypes().blockClass(id, video, "type conflict", CLOCK.instant());
                tx.classTypes().blockClass(other, disk, "type conflict", CLOCK.instant());
                return null;
            });
            ClassTypes.ClassRules rules = store.inTransaction(tx -> tx.classTypes().rules(id));
            assertThat(rules.dropped()).containsExactly(disk, printer);
            assertThat(rules.blocked()).containsExactly(video);
            assertThat(store.<ClassTypes.ClassRules>inTransaction(tx -> tx.classTypes().rules(other)))
                    .isEqualTo(new ClassTypes.ClassRules(java.util.Set.of(), java.util.Set.of(disk)));
        }
    }

    /** Disks numbered from {@code first}, {@code count} of them, each with a value or two. */
    static List<GroupInstance> disks(int first, int count) {
        List<GroupInstance> disks = new java.util.ArrayList<>();
        for (int n = first; n < first + count; n++) {
            disks.add(GroupInstance.of(GroupClass.of("T|DISK|1.0"), List.of(1), List.of(
                    Attribute.of(1, "Index", AttributeValue.int64(n)),
                    Attribute.of(2, "Label", AttributeValue.text("disk " + n)))));
        }
        return disks;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void manyInstancesAddedAtOnceComeBackWithTheirValues(Backend backend) {
        try (InventoryStore store = store(backend)) {
            long id = client(store);
            // more new instances than one INSERT statement carries, and a remainder: each gets its row ID
            Inventory many = Inventory.of(disks(0, 150));
            store.inTransaction(tx -> tx.inventories().replaceInventory(id, InventoryKind.HW, many));
            assertThat(store.<Inventory>inTransaction(tx -> tx.inventories().inventory(id, InventoryKind.HW)))
                    .isEqualTo(many);

            InventoryDelta more = InventoryDelta.of(disks(150, 70), List.of(), List.of());
            store.inTransaction(tx -> {
                assertThat(tx.inventories().deltaMismatches(id, InventoryKind.HW, more)).isEmpty();
                return tx.inventories().applyDelta(id, InventoryKind.HW, more);
            });
            assertThat(store.<Inventory>inTransaction(tx -> tx.inventories().inventory(id, InventoryKind.HW)))
                    .isEqualTo(Inventory.of(disks(0, 220)));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void counter64AndOtherExtremesAreStoredExactly(Backend backend) {
        try (InventoryStore store = store(backend)) {
            long id = client(store);
            GroupInstance instance = GroupInstance.single(GroupClass.of("T|X|1"), List.of(
                    Attribute.of(1, "max", AttributeValue.counter64(AttributeValue.Counter64.MAX)),
                    Attribute.of(2, "big", AttributeValue.counter64(BigInteger.ONE.shiftLeft(63))),
                    Attribute.of(3, "min", AttributeValue.int64(Long.MIN_VALUE)),
                    Attribute.of(4, "bytes", AttributeValue.octets(new byte[] {0, -1, 127})),
                    Attribute.of(5, "date", AttributeValue.date(java.time.OffsetDateTime.parse(
                            "1994-05-25T13:30:15.000123-05:00"))),
                    Attribute.of(6, "text", AttributeValue.text("İı \u0000 日本")),
                    Attribute.of(7, "unknown", AttributeValue.unknown(AttributeValue.Family.DATE))));
            Inventory inventory = Inventory.of(instance);
            store.inTransaction(tx -> tx.inventories().replaceInventory(id, InventoryKind.HW, inventory));
            assertThat(store.<Inventory>inTransaction(tx -> tx.inventories().inventory(id, InventoryKind.HW))).isEqualTo(inventory);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void atMostOneRequestIsPendingPerClientAndKind(Backend backend) {
        try (InventoryStore store = store(backend)) {
            long id = client(store);
            ResyncRequest request = ResyncRequest.requested(ID, InventoryKind.HW, CLOCK.instant(),
                    ResyncReason.VERSION_GAP, "test");
            store.inTransaction(tx -> tx.requests().insertRequest(id, request, CLOCK.instant(), CLOCK.instant()));
            StoreException e = catchThrowableOfType(StoreException.class, () -> store.inTransaction(tx ->
                    tx.requests().insertRequest(id, request.published(), CLOCK.instant(), CLOCK.instant())));
            assertThat(e.kind()).isEqualTo(StoreException.Kind.DATA);
            assertThat(e.isSiteFailure()).isFalse();
            StoredRequest stored = store.requests(ID).get(0);
            assertThat(stored.request()).isEqualTo(request);
            store.inTransaction(tx -> {
                tx.requests().updateRequest(new StoredRequest(stored.id(), request.acknowledged(CLOCK.instant()), 1,
                        stored.firstRequestedAt(), stored.nextReissueAt(), stored.publishedAt(), stored.expiredAt()),
                        CLOCK.instant());
                return null;
            });
            assertThat(store.requests(ID).get(0).request().state()).isEqualTo(RequestState.ACKNOWLEDGED);
            store.inTransaction(tx -> tx.requests().insertRequest(id, request, CLOCK.instant(), CLOCK.instant()));
            assertThat(store.pendingRequests()).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void failedWorkLeavesNothingBehind(Backend backend) {
        try (InventoryStore store = store(backend)) {
            assertThatThrownBy(() -> store.inTransaction(tx -> {
                tx.clients().createClient(ClientIdentity.of(ID, NetBiosName.of("PC1")), CLOCK.instant());
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(store.client(ID)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void dryRunDoesTheWorkReturnsItsResultAndLeavesNothingBehind(Backend backend) {
        try (InventoryStore store = store(backend)) {
            long id = store.inTransaction(org.mifsync.resync.files.Mode.DRY_RUN, tx -> {
                StoredClient c = tx.clients().createClient(ClientIdentity.of(ID, NetBiosName.of("PC1")), CLOCK.instant());
                // the work sees its own writes, as the real change would
                assertThat(tx.clients().client(ID)).isPresent();
                return c.id();
            });
            assertThat(id).isPositive();
            assertThat(store.client(ID)).isEmpty();
            // and the store goes on working: the same change applied stays
            store.inTransaction(org.mifsync.resync.files.Mode.APPLY,
                    tx -> tx.clients().createClient(ClientIdentity.of(ID, NetBiosName.of("PC1")), CLOCK.instant()));
            assertThat(store.client(ID)).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void sitesDomainsAndLogonServersAreKept(Backend backend) {
        try (InventoryStore store = store(backend)) {
            org.mifsync.model.Site central = org.mifsync.model.Site.central(org.mifsync.model.SiteCode.of("CEN"), "Central");
            org.mifsync.model.Site child = org.mifsync.model.Site.child(org.mifsync.model.SiteCode.of("CH1"), "Child",
                    central.code());
            org.mifsync.model.SmsDomain domain = new org.mifsync.model.SmsDomain(org.mifsync.model.DomainName.of("Sales"),
                    child.code(), List.of(new org.mifsync.model.LogonServer(NetBiosName.of("LS1"), dir.resolve("ls1")
                    .toAbsolutePath())));
            store.inTransaction(tx -> {
                tx.topology().putSite(central);
                tx.topology().putSite(child);
                tx.topology().putDomain(domain);
                tx.topology().putDomain(domain);
                return null;
            });
            assertThat(store.<List<org.mifsync.model.Site>>inTransaction(tx -> tx.topology().sites())).containsExactly(central, child);
            assertThat(store.<List<org.mifsync.model.SmsDomain>>inTransaction(tx -> tx.topology().domains())).containsExactly(domain);
        }
    }
}
