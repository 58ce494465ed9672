package org.mifsync.resync.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
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
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.RequestState;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.compare.Decision;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.RequestEvent;
import org.mifsync.resync.store.StoredRequest;
import org.mifsync.resync.store.Stores;
import org.mifsync.resync.files.Mode;

/** Retention on SQLite and PostgreSQL: old history goes, pending requests and inventory stay. */
class PrunerTest {

    static final SmsId ID = SmsId.parse("ABC00001");
    static final ClientIdentity PC1 = ClientIdentity.of(ID, NetBiosName.of("PC1"), "00:11");
    static final GroupClass DISK = GroupClass.of("MICROSOFT|DISK|1.0");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    InventoryStore store;
    Comparer comparer;
    Path inbox;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    static Inventory disks(long free) {
        return Inventory.of(GroupInstance.of(DISK, List.of(1), List.of(Attribute.of(1, "Drive", AttributeValue.text("C:")),
                Attribute.of(2, "Free", AttributeValue.int64(free)))));
    }

    Decision decide(InventoryReport report) {
        clock.advance(Duration.ofMinutes(1));
        return comparer.decide(ClientReport.of(PC1, report), "r.mif");
    }

    Path file(Path folder, String name, Instant modified) throws Exception {
        Files.createDirectories(folder);
        Path file = Files.writeString(folder.resolve(name), name);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void oldHistoryGoesAndEverythingCurrentStays(Backend backend) throws Exception {
        store = Stores.open(backend, dir, getClass(), clock);
        comparer = Comparer.builder(store).clock(clock).reissueTimeout(Duration.ofHours(1)).build();
        inbox = dir.resolve("SITE.SRV/INVENTRY.BOX");

        // January: a full report, a gap (request), its answer (acknowledged)
        decide(InventoryReport.full(ID, InventoryKind.HW, ReportVersion.of(1, 0), clock.instant(), disks(1)));
        StoredRequest first = decide(InventoryReport.delta(ID, InventoryKind.HW, ReportVersion.of(1, 5), clock.instant(),
                InventoryDelta.empty())).request().map(r -> store.requests(ID).get(0)).orElseThrow();
        decide(InventoryReport.resync(ID, InventoryKind.HW, ReportVersion.of(2, 0), clock.instant(),
                first.request().requestTime(), disks(2)));
        assertThat(store.requests(ID).get(0).request().state()).isEqualTo(RequestState.ACKNOWLEDGED);
        // May: another gap, still pending
        clock.advance(Duration.ofDays(120));
        decide(InventoryReport.delta(ID, InventoryKind.HW, ReportVersion.of(2, 9), clock.instant(), InventoryDelta.empty()));
        Instant old = Instant.parse("2026-01-15T00:00:00Z");
        store.inTransaction(tx -> {
            // the audit event of a request whose client was deleted since
            tx.requestLedger().record(new RequestEvent(9_999, SmsId.parse("ABC00099"), InventoryKind.HW, old,
                    RequestEvent.Type.FORCED, Optional.empty(), Optional.empty(), "admin", "invsync hw GONE", old));
            return null;
        });
        Instant recent = clock.instant().minus(Duration.ofDays(10));
        file(inbox.resolve("REFUSED/VERSION_GAP"), "OLD.MIF", old);
        file(inbox.resolve("REFUSED/VERSION_GAP"), "NEW.MIF", recent);
        file(inbox.resolve("BADMIFS"), "BAD.MIF", old);
        file(inbox.resolve("BADMIFS"), "BAD.MIF.err", old);
        file(inbox.resolve("BADMIFS"), "LATE.MIF", old);
        file(inbox.resolve("BADMIFS"), "LATE.MIF.err", recent); // written long ago, set aside lately
        file(inbox.resolve("BADMIFS"), "ORPHAN.MIF.err", old);
        file(inbox.resolve("BADMIFS"), "X.MIF.err.tmp", old);

        Pruner pruner = Pruner.builder(store, inbox).clock(clock).olderThan(Duration.ofDays(90)).build();
        Pruner.Report dry = pruner.prune(Mode.DRY_RUN);
        assertThat(dry.loadLogRows()).isEqualTo(3);
        assertThat(dry.acknowledgedRequests()).isEqualTo(1);
        assertThat(dry.reportIdentities()).isEqualTo(3);
        assertThat(dry.requestEvents()).isEqualTo(1);
        assertThat(dry.refusedFiles()).extracting(p -> p.getFileName().toString()).containsExactly("OLD.MIF");
        assertThat(dry.badMifsFiles()).extracting(p -> p.getFileName().toString())
                .containsExactly("BAD.MIF", "BAD.MIF.err", "ORPHAN.MIF.err", "X.MIF.err.tmp");
        assertThat(store.loadLog(ID)).as("a dry run removes nothing").hasSize(4);
        assertThat(names(inbox.resolve("BADMIFS"))).hasSize(6);

        Pruner.Report done = pruner.prune(Mode.APPLY);
        assertThat(done.cutoff()).isEqualTo(clock.instant().minus(Duration.ofDays(90)));
        assertThat(done.loadLogRows()).isEqualTo(dry.loadLogRows());
        assertThat(done.badMifsFiles()).isEqualTo(dry.badMifsFiles());
        assertThat(store.loadLog(ID)).singleElement().satisfies(e -> assertThat(e.outcome()).isEqualTo(Outcome.VERSION_GAP));
        assertThat(store.requests(ID)).singleElement()
                .satisfies(r -> assertThat(r.request().state()).isEqualTo(RequestState.REQUESTED));
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(disks(2));
        assertThat(names(inbox.resolve("REFUSED/VERSION_GAP"))).containsExactly("NEW.MIF");
        assertThat(names(inbox.resolve("BADMIFS"))).containsExactly("LATE.MIF", "LATE.MIF.err");
        assertThat(done.problems()).isEmpty();

        Pruner.Report again = pruner.prune(Mode.APPLY);
        assertThat(again.loadLogRows() + again.acknowledgedRequests() + again.refusedFiles().size()
                + again.badMifsFiles().size()).isZero();
    }
}
