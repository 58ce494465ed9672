package org.mifsync.resync.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.ReportVersion;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.Stores;

/** Several loaders (threads with stores of their own on one database) deliver the same reports at once. */
class ConcurrentDecisionTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void sameReportDecidedByFourLoadersAtOnceIsAppliedOnce(Backend backend) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        List<InventoryStore> stores = new ArrayList<>();
        try (InventoryStore first = Stores.open(backend, dir, getClass(), clock)) {
            stores.add(first);
            // the other loaders open the same database
            for (int i = 1; i < 4; i++) {
                stores.add(backend == Backend.SQLITE ? sameSqlite(first, clock) : Stores.reopenPostgres(getClass(), clock));
            }
            ClientReport full = ClientReport.of(ComparerOutcomeTest.PC1, InventoryReport.full(ComparerOutcomeTest.ID,
                    InventoryKind.HW, ReportVersion.of(1, 0), clock.instant(),
                    Inventory.of(org.mifsync.testkit.Fixtures.disk("C:", 1))));
            ClientReport delta = ClientReport.of(ComparerOutcomeTest.PC1, InventoryReport.delta(ComparerOutcomeTest.ID,
                    InventoryKind.HW, ReportVersion.of(1, 1), clock.instant(),
                    InventoryDelta.of(List.of(org.mifsync.testkit.Fixtures.disk("D:", 2)), List.of(), List.of())));
            for (ClientReport report : List.of(full, delta)) {
                List<Outcome> outcomes = decideTogether(stores, report, clock);
                assertThat(outcomes).filteredOn(Outcome::isApplied).hasSize(1);
                assertThat(outcomes).filteredOn(o -> o == Outcome.DUPLICATE).hasSize(3);
            }
            assertThat(first.inventory(ComparerOutcomeTest.ID, InventoryKind.HW)).contains(Inventory.of(
                    org.mifsync.testkit.Fixtures.disk("C:", 1), org.mifsync.testkit.Fixtures.disk("D:", 2)));
            assertThat(first.requests(ComparerOutcomeTest.ID)).isEmpty();
        } finally {
            stores.forEach(InventoryStore::close);
        }
    }

    private InventoryStore sameSqlite(InventoryStore first, MutableClock clock) {
        String url = first.toString();
        String file = url.substring(url.indexOf("jdbc:sqlite:") + "jdbc:sqlite:".length(), url.length() - 1);
        return InventoryStore.openEmbedded(Path.of(file), clock);
    }

    private static List<Outcome> decideTogether(List<InventoryStore> stores, ClientReport report, MutableClock clock)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(stores.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (InventoryStore store : stores) {
                Comparer comparer = Comparer.builder(store).clock(clock).build();
                futures.add(pool.submit(() -> {
                    start.await();
                    return comparer.decide(report).outcome();
                }));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
