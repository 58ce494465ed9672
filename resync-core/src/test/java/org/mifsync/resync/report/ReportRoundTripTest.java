package org.mifsync.resync.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mifsync.mif.MifParser;
import org.mifsync.model.GroupClass;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SmsId;
import org.mifsync.resync.Thorough;

class ReportRoundTripTest {

    /** Every class of a random schema is hardware unless it is the software class. */
    private static final ReportReader READER = ReportReader.standard();

    static ClientReport randomReport(Random r) {
        List<RandomInventories.ClassSpec> schema = new ArrayList<>();
        int classes = 1 + r.nextInt(4);
        for (int i = 0; i < classes; i++) {
            schema.add(RandomInventories.randomClass(r, "C" + i));
        }
        InventoryKind kind = r.nextBoolean() ? InventoryKind.HW : InventoryKind.SW;
        if (kind == InventoryKind.SW) {
            RandomInventories.ClassSpec first = schema.get(0);
            schema = List.of(new RandomInventories.ClassSpec(GroupClass.SOFTWARE, first.keyIds(), first.attributes()));
        }
        Inventory before = RandomInventories.inventory(r, schema, 4);
        Inventory after = RandomInventories.change(r, before, schema);
        SmsId smsId = SmsId.parse(r.nextBoolean() ? "ABC0000" + r.nextInt(10) : "GUID:{0b5e2c4a-1d2e-4f3a-9b8c-7d6e5f4a3b2" + r.nextInt(10) + "}");
        ClientIdentity identity = new ClientIdentity(smsId, NetBiosName.of("PC-" + r.nextInt(100)),
                r.nextBoolean() ? Optional.of("00:AA:00:60:D8:" + r.nextInt(90)) : Optional.empty(), Optional.empty(),
                Optional.empty());
        Instant time = Instant.ofEpochSecond(946_684_800L + r.nextInt(1_000_000_000));
        int major = 1 + r.nextInt(50);
        InventoryReport report = switch (r.nextInt(4)) {
            case 0 -> InventoryReport.full(smsId, kind, ReportVersion.of(major, 0), time, after);
            case 1 -> r.nextBoolean()
                    ? InventoryReport.resync(smsId, kind, ReportVersion.of(major, 0), time,
                            time.minusSeconds(r.nextInt(99_999)), after)
                    : InventoryReport.resync(smsId, kind, ReportVersion.of(major, 0), time, after);
            case 2 -> InventoryReport.delta(smsId, kind, ReportVersion.of(major, 1 + r.nextInt(9)), time,
                    InventoryDelta.diff(before, after));
            default -> InventoryReport.full(smsId, kind, ReportVersion.of(0, 0), time, after);
        };
        boolean versioned = report.version().major() != 0;
        return new ClientReport(identity, report, versioned);
    }

    @Test
    void reportWrittenAsMifReadsBackAsTheSameReport() {
        qt().withFixedSeed(Thorough.seed(20261121L, "ReportRoundTripTest")).withExamples(Thorough.count(300, 5_000)).forAll(longs().all()).checkAssert(seed -> {
            ClientReport report = randomReport(new Random(seed));
            byte[] mif = ReportWriter.encode(report);
            ReportReader.Reading reading;
            try {
                reading = READER.read(MifParser.strict().parse(mif, "report.mif").document(), Instant.EPOCH);
            } catch (Exception e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage() + "\n" + new String(mif,
                        java.nio.charset.StandardCharsets.ISO_8859_1), e);
            }
            assertThat(reading.reports()).as("seed %d", seed).containsExactly(report);
            assertThat(ReportWriter.digest(reading.reports().get(0))).isEqualTo(ReportWriter.digest(report));
        });
    }

    @Test
    void theDigestTellsReportsApartExactlyWhenTheirMifDiffers() {
        qt().withFixedSeed(Thorough.seed(20261206L, "ReportRoundTripTest.digest")).withExamples(Thorough.count(300, 5_000))
                .forAll(longs().all(), longs().all()).checkAssert((one, two) -> {
                    ClientReport a = randomReport(new Random(one));
                    InventoryReport r = a.report();
                    // the same second (MIF keeps whole seconds), the next second, another report, the same one
                    List<ClientReport> others = List.of(randomReport(new Random(two)), a,
                            new ClientReport(a.identity(), new InventoryReport(r.client(), r.kind(), r.type(), r.version(),
                                    r.generatedAt().plusMillis(500), r.answersRequest(), r.content()), a.versioned()),
                            new ClientReport(a.identity(), new InventoryReport(r.client(), r.kind(), r.type(), r.version(),
                                    r.generatedAt().plusSeconds(1), r.answersRequest(), r.content()), a.versioned()),
                            new ClientReport(new ClientIdentity(a.identity().smsId(), NetBiosName.of("OTHER"),
                                    a.identity().netCardId(), Optional.empty(), Optional.empty()), r, a.versioned()));
                    for (ClientReport b : others) {
                        assertThat(ReportWriter.digest(a).equals(ReportWriter.digest(b))).as("seeds %d %d", one, two)
                                .isEqualTo(java.util.Arrays.equals(ReportWriter.encode(a), ReportWriter.encode(b)));
                    }
                });
    }
}
