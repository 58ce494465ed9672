package org.mifsync.resync.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.mif.MifParser;
import org.mifsync.model.Inventory;
import org.mifsync.model.ReportVersion;
import org.mifsync.resync.Thorough;
import org.mifsync.resync.report.ObjectReport;
import org.mifsync.resync.report.RandomInventories;
import org.mifsync.resync.report.ReportReader;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.CustomObjects;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.Stores;

/**
 * Generated custom objects (DESIGN §5): each object's IDMIFs, written and read back, are the
 * objects they were made from; decided in any order, the store ends up holding each object as its
 * newest report gives it and nothing of the older ones (replaced whole), and an older or repeated
 * report changes nothing. Bounded and seeded: 60 cases per back end.
 */
class CustomObjectPropertyTest {

    private static final List<RandomInventories.ClassSpec> SCHEMA = RandomInventories.standardSchema();
    private static final List<String> ARCHITECTURES = List.of("Employee", "Printer", "Router", "Network Printer");
    private static final AtomicInteger OBJECTS = new AtomicInteger();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void objectsRoundTripAndTheNewestReportReplacesEachWhole(Backend backend) {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        try (InventoryStore store = Stores.open(backend, dir, getClass(), clock)) {
            Comparer comparer = Comparer.builder(store).clock(clock).build();
            qt().withFixedSeed(Thorough.seed(16_2026L, "CustomObjectPropertyTest " + backend))
                    .withExamples(Thorough.count(60, 1_000)).forAll(longs().all())
                    .checkAssert(seed -> runCase(new Random(seed), store, comparer, clock));
        }
    }

    private static void runCase(Random r, InventoryStore store, Comparer comparer, MutableClock clock) {
        String architecture = ARCHITECTURES.get(r.nextInt(ARCHITECTURES.size()));
        String key = (r.nextBoolean() ? "GUID:" : "K-") + OBJECTS.incrementAndGet() + "-" + Long.toHexString(r.nextLong());
        boolean versioned = r.nextBoolean();
        List<ObjectReport> reports = new ArrayList<>();
        Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        int count = 1 + r.nextInt(4);
        for (int i = 0; i < count; i++) {
            at = at.plusSeconds(1 + r.nextInt(3600));
            Inventory inventory = RandomInventories.inventory(r, SCHEMA, 3);
            // the key changes case now and then: objects are compared ignoring case
            String spelled = r.nextInt(4) == 0 ? key.toLowerCase(java.util.Locale.ROOT) : key;
            reports.add(new ObjectReport(architecture, spelled, versioned ? ReportVersion.of(i + 1, 0)
                    : ReportVersion.of(0, 0), versioned, at, inventory));
        }
        // written as IDMIFs and read back: the same objects
        for (ObjectReport report : reports) {
            try {
                ObjectReport read = ReportReader.standard().read(MifParser.lenient().parse(ReportWriter.encode(report),
                        "o.mif").document(), Instant.EPOCH).objects().get(0);
                assertThat(read).isEqualTo(report);
            } catch (Exception e) {
                throw new AssertionError(report + " does not round-trip", e);
            }
        }
        List<ObjectReport> order = new ArrayList<>(reports);
        java.util.Collections.shuffle(order, r);
        ObjectReport newestSoFar = null;
        for (ObjectReport report : order) {
            clock.advance(Duration.ofSeconds(1));
            Decision d = comparer.decideObject(report, "o.mif");
            if (newestSoFar == null || report.generatedAt().isAfter(newestSoFar.generatedAt())) {
                assertThat(d.outcome()).as(d.detail()).isEqualTo(Outcome.APPLIED_OBJECT);
                newestSoFar = report;
            } else {
                assertThat(d.outcome()).as(d.detail()).isEqualTo(Outcome.OUTDATED);
            }
            ObjectReport expected = newestSoFar;
            assertThat(stored(store, architecture, key)).isEqualTo(expected.inventory());
        }
        // the newest once more: nothing changes
        clock.advance(Duration.ofSeconds(1));
        assertThat(comparer.decideObject(newestSoFar, "o.mif").outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(stored(store, architecture, key)).isEqualTo(newestSoFar.inventory());
    }

    private static Inventory stored(InventoryStore store, String architecture, String key) {
        return store.inTransaction(tx -> {
            CustomObjects.StoredObject o = tx.objects().find(architecture.toUpperCase(java.util.Locale.ROOT),
                    key).orElseThrow();
            return tx.inventories().objectInventory(o.id());
        });
    }
}
