package org.mifsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class InventoryReportTest {

    private static final SmsId CLIENT = SmsId.parse("ABC00001");
    private static final Instant NOW = Instant.parse("1998-03-01T10:15:30.250Z");

    @Test
    void fullReportCarriesItsInventory() {
        Inventory inventory = Inventory.of(InventoryTest.disk("C:", 1));
        InventoryReport report = InventoryReport.full(CLIENT, InventoryKind.HW, ReportVersion.of(3, 0), NOW, inventory);
        assertThat(report.isComplete()).isTrue();
        assertThat(report.inventory()).contains(inventory);
        assertThat(report.delta()).isEmpty();
        assertThat(report.content().isComplete()).isTrue();
        assertThat(report.answersRequest()).isEmpty();
        assertThat(report.generatedAt()).isEqualTo(NOW);
    }

    @Test
    void deltaReportCarriesItsDelta() {
        InventoryReport report = InventoryReport.delta(CLIENT, InventoryKind.SW, ReportVersion.of(3, 1), NOW,
                InventoryDelta.empty());
        assertThat(report.isComplete()).isFalse();
        assertThat(report.delta()).contains(InventoryDelta.empty());
        assertThat(report.inventory()).isEmpty();
    }

    @Test
    void resyncReportKeepsTheRequestTimeItAnswersInWholeSeconds() {
        InventoryReport report = InventoryReport.resync(CLIENT, InventoryKind.HW, ReportVersion.of(4, 0), NOW,
                NOW, Inventory.empty());
        assertThat(report.answersRequest()).contains(Instant.parse("1998-03-01T10:15:30Z"));
    }

    @Test
    void reportWhoseContentDoesNotMatchItsTypeIsRefused() {
        assertThatThrownBy(() -> new InventoryReport(CLIENT, InventoryKind.HW, ReportType.FULL, ReportVersion.of(3, 0),
                NOW, Optional.empty(), InventoryDelta.empty()))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("FULL report 3.0 of ABC00001 HW must carry a complete inventory, found a delta");
        assertThatThrownBy(() -> new InventoryReport(CLIENT, InventoryKind.HW, ReportType.DELTA, ReportVersion.of(3, 1),
                NOW, Optional.empty(), Inventory.empty()))
                .hasMessage("DELTA report 3.1 of ABC00001 HW must carry a delta, found a complete inventory");
    }

    @Test
    void fullReportWithMinorVersionIsRefused() {
        assertThatThrownBy(() -> InventoryReport.full(CLIENT, InventoryKind.HW, ReportVersion.of(3, 2), NOW,
                Inventory.empty()))
                .hasMessageStartingWith("FULL report 3.2 of ABC00001 HW must have a version N.0");
    }

    @Test
    void deltaReportWithMinorZeroIsRefused() {
        assertThatThrownBy(() -> InventoryReport.delta(CLIENT, InventoryKind.HW, ReportVersion.of(3, 0), NOW,
                InventoryDelta.empty()))
                .hasMessageStartingWith("DELTA report 3.0 of ABC00001 HW must have a minor version of 1 or more");
    }

    @Test
    void fullReportNamingARequestIsRefused() {
        assertThatThrownBy(() -> new InventoryReport(CLIENT, InventoryKind.HW, ReportType.FULL, ReportVersion.of(3, 0),
                NOW, Optional.of(NOW), Inventory.empty()))
                .hasMessage("FULL report 3.0 of ABC00001 HW names request time 1998-03-01T10:15:30.250Z,"
                        + " but only a RESYNC report answers a request");
    }

    @Test
    void reportWithMissingFieldIsRefusedNamingIt() {
        assertThatThrownBy(() -> InventoryReport.full(null, InventoryKind.HW, ReportVersion.of(1, 0), NOW,
                Inventory.empty())).hasMessage("client must not be null");
        assertThatThrownBy(() -> InventoryReport.full(CLIENT, InventoryKind.HW, ReportVersion.of(1, 0), null,
                Inventory.empty())).hasMessage("generation time must not be null");
        assertThatThrownBy(() -> InventoryReport.full(CLIENT, InventoryKind.HW, ReportVersion.of(1, 0), NOW, null))
                .hasMessage("report content must not be null");
    }

    @Test
    void everyTypeVersionAndContentIsAcceptedExactlyWhenTheyAgree() {
        qt().withExamples(300).forAll(Generate.enumValues(ReportType.class), integers().between(0, 3),
                integers().between(0, 3), Generate.booleans()).checkAssert((type, minor, major, complete) -> {
                    ReportContent content = complete ? Inventory.empty() : InventoryDelta.empty();
                    boolean agrees = type.isComplete() == complete && (type.isComplete() == (minor == 0));
                    ReportVersion version = ReportVersion.of(major, minor);
                    if (agrees) {
                        assertThat(new InventoryReport(CLIENT, InventoryKind.HW, type, version, NOW, Optional.empty(),
                                content).type()).isEqualTo(type);
                    } else {
                        assertThatThrownBy(() -> new InventoryReport(CLIENT, InventoryKind.HW, type, version, NOW,
                                Optional.empty(), content))
                                .isInstanceOf(InvalidValueException.class)
                                .hasMessageStartingWith(type + " report " + version + " of ABC00001 HW must");
                    }
                });
    }
}
