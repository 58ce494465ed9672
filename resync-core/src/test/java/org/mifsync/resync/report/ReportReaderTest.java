package org.mifsync.resync.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mifsync.mif.Diagnostic;
import org.mifsync.mif.MifException;
import org.mifsync.mif.MifParser;
import org.mifsync.testkit.Corpus;
import org.mifsync.testkit.Serialization;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.GroupClass;
import org.mifsync.model.InstanceKey;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.ReportType;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SmsId;

class ReportReaderTest {

    private static final Instant FILE_TIME = Instant.parse("2026-01-02T03:04:05Z");

    static ReportReader.Reading read(ReportReader reader, String mif) throws Exception {
        return reader.read(MifParser.lenient().parseText(mif, "r.mif").document(), FILE_TIME);
    }

    static String identification(String smsId, String name, String card) {
        return """
                  START GROUP
                    NAME = "Identification"
                    ID = 1
                    CLASS = "MICROSOFT|IDENTIFICATION|1.0"
                    START ATTRIBUTE NAME = "Name" ID = 1 TYPE = STRING(15) VALUE = "%s" END ATTRIBUTE
                    START ATTRIBUTE NAME = "SMSID" ID = 2 TYPE = STRING(8) VALUE = "%s" END ATTRIBUTE
                    START ATTRIBUTE NAME = "NetCardID" ID = 3 TYPE = STRING(18) VALUE = "%s" END ATTRIBUTE
                  END GROUP
                """.formatted(name, smsId, card);
    }

    static String disk(int id, String pragma, String letter, long free) {
        return """
                  START GROUP
                    NAME = "Disk"
                    ID = %d
                    CLASS = "MICROSOFT|DISK|1.0"
                    KEY = 1
                    %s
                    START ATTRIBUTE NAME = "Drive Letter" ID = 1 TYPE = STRING(2) VALUE = "%s" END ATTRIBUTE
                    START ATTRIBUTE NAME = "Free Space" ID = 2 TYPE = INTEGER64 VALUE = %d END ATTRIBUTE
                  END GROUP
                """.formatted(id, pragma.isEmpty() ? "" : "PRAGMA = \"" + pragma + "\"", letter, free);
    }

    static String mif(String directives, String... groups) {
        return directives + "START COMPONENT\n  NAME = \"Workstation\"\n" + String.join("", groups) + "END COMPONENT\n";
    }

    @Test
    void sms1ReportWithoutDirectivesIsCompleteForBothKindsAndUnversioned() throws Exception {
        Path file = Corpus.file("real/kb-Q199229-idmif-pc-architecture.mif");
        ReportReader.Reading reading = ReportReader.standard().read(MifParser.lenient().parse(file).document(),
                FILE_TIME);

        assertThat(reading.reports()).hasSize(2);
        ClientReport hw = reading.reports().get(0);
        ClientReport sw = reading.reports().get(1);
        assertThat(hw.versioned()).isFalse();
        assertThat(hw.identity().smsId()).isEqualTo(SmsId.parse("C1200007"));
        assertThat(hw.identity().name().value()).isEqualTo("BILLYBOB");
        assertThat(hw.identity().netCardId()).contains("00:AA:00:60:D8:56");
        assertThat(hw.identity().site().orElseThrow().value()).isEqualTo("C12");
        assertThat(hw.report().kind()).isEqualTo(InventoryKind.HW);
        assertThat(hw.report().type()).isEqualTo(ReportType.FULL);
        assertThat(hw.report().generatedAt()).isEqualTo(FILE_TIME);
        Inventory inventory = hw.report().inventory().orElseThrow();
        // the Identification and Architecture groups are the envelope, not inventory
        assertThat(inventory.groupClasses()).containsExactly(GroupClass.of("DAVSTEW|TEST_GROUP|1.0"));
        assertThat(sw.report().kind()).isEqualTo(InventoryKind.SW);
        assertThat(sw.report().inventory().orElseThrow().isEmpty()).isTrue();
    }

    @Test
    void softwareClassesDecideWhichKindAGroupBelongsTo() throws Exception {
        ReportReader reader = ReportReader.builder().softwareClasses(Set.of(GroupClass.of("microsoft|disk|1.0")))
                .build();
        ReportReader.Reading reading = read(reader, mif("", identification("ABC00001", "PC1", "00:11"),
                disk(2, "", "C:", 5)));
        assertThat(reading.reports().get(0).report().inventory().orElseThrow().isEmpty()).isTrue();
        assertThat(reading.reports().get(1).report().inventory().orElseThrow().size()).isEqualTo(1);
    }

    @Test
    void deltaGroupsCarryTheirOperationInPragmas() throws Exception {
        String text = mif("//ReportType<Delta>\n//ReportVersion<4.2>\n//InventoryKind<HW>\n//ReportTime<20260301120000>\n",
                identification("ABC00001", "PC1", "00:11"), disk(2, "SMS:Add", "C:", 5), disk(3, "sms:update", "D:", 6),
                disk(4, "SNMP:1.2.3, SMS:Delete", "E:", 0));
        ClientReport report = read(ReportReader.standard(), text).reports().get(0);

        InventoryReport r = report.report();
        assertThat(r.type()).isEqualTo(ReportType.DELTA);
        assertThat(r.version()).isEqualTo(ReportVersion.of(4, 2));
        assertThat(r.generatedAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
        InventoryDelta delta = r.delta().orElseThrow();
        assertThat(delta.adds()).singleElement().satisfies(i -> assertThat(i.value(2))
                .contains(AttributeValue.int64(5)));
        assertThat(delta.updates()).hasSize(1);
        assertThat(delta.deletes()).containsExactly(InstanceKey.of(GroupClass.of("MICROSOFT|DISK|1.0"),
                AttributeValue.text("E:")));
    }

    @Test
    void resyncReportNamesTheRequestItAnswers() throws Exception {
        String text = mif("//ReportType<Resync>\n//ReportVersion<5.0>\n//InventoryKind<SW>\n"
                + "//ResyncRequest<20260301120000>\n", identification("ABC00001", "PC1", "00:11"));
        InventoryReport r = read(ReportReader.standard(), text).reports().get(0).report();
        assertThat(r.type()).isEqualTo(ReportType.RESYNC);
        assertThat(r.answersRequest()).contains(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(r.generatedAt()).isEqualTo(FILE_TIME);
    }

    @Test
    void badDirectiveValuesNameTheDirective() {
        String text = mif("//ReportType<Fool>\n//ReportVersion<3.x>\n//InventoryKind<XX>\n//ReportTime<20260230000000>\n",
                identification("ABC00001", "PC1", "00:11"));
        ReportException e = catchThrowableOfType(ReportException.class, () -> read(ReportReader.standard(), text));
        assertThat(e.problem()).isEqualTo(ReportException.Problem.MALFORMED);
        assertThat(e.errors()).hasSize(4);
        assertThat(e.errors().get(0).toString()).startsWith("r.mif:1:1: //ReportType<Fool>:").contains("Full, Delta or Resync");
        assertThat(e.errors().get(1).toString()).startsWith("r.mif:2:1: //ReportVersion<3.x>:");
        assertThat(e.errors().get(2).toString()).startsWith("r.mif:3:1: //InventoryKind<XX>:");
        assertThat(e.errors().get(3).toString()).startsWith("r.mif:4:1: //ReportTime<20260230000000>:").contains("yyyymmddhhmmss");
    }

    @Test
    void errorsComeBackWholeFromSerialization() {
        String text = mif("//ReportType<Fool>\n//ReportVersion<3.x>\n", identification("ABC00001", "PC1", "00:11"));
        ReportException e = catchThrowableOfType(ReportException.class, () -> read(ReportReader.standard(), text));
        assertThat(e.errors()).hasSize(2);

        ReportException back = Serialization.roundTrip(e);

        assertThat(back.errors()).isEqualTo(e.errors());
        assertThat(back.problem()).isEqualTo(e.problem());
        assertThat(back).hasMessage(e.getMessage());
        assertThat(back.getMessage()).startsWith("r.mif:1:1: //ReportType<Fool>:").contains("\nr.mif:2:1: ");
    }

    @Test
    void identityWarningsAreDiagnosticsAtTheAttribute() throws Exception {
        String group = identification("ABC00001", "PC1", "00:11").replace("  END GROUP",
                "  START ATTRIBUTE NAME = \"Site\" ID = 4 TYPE = STRING(3) VALUE = \"AB!\" END ATTRIBUTE\n  END GROUP");
        ReportReader.Reading reading = read(ReportReader.standard(), mif("", group));

        assertThat(reading.identityWarnings()).singleElement().satisfies(w -> {
            assertThat(w.severity()).isEqualTo(Diagnostic.Severity.WARNING);
            assertThat(w.location().source()).isEqualTo("r.mif");
            assertThat(w.location().line()).isEqualTo(10);
            assertThat(w.message()).startsWith("Identification attribute Site ignored: ").contains("AB!");
            // the one printed form, as the load log and the agent show it
            assertThat(w.toString()).startsWith("r.mif:10:").contains(": warning: Identification attribute Site ignored");
        });
        assertThat(reading.warnings()).containsAll(reading.identityWarnings());
    }

    @Test
    void versionThatDoesNotFitTheTypeNamesTheVersionDirective() {
        String text = mif("//ReportType<Full>\n//ReportVersion<3.1>\n//InventoryKind<HW>\n",
                identification("ABC00001", "PC1", "00:11"));
        ReportException e = catchThrowableOfType(ReportException.class, () -> read(ReportReader.standard(), text));
        assertThat(e.errors()).singleElement().asString().startsWith("r.mif:2:1: ").contains("N.0");
    }

    @Test
    void deltaGroupWithoutPragmaIsUnusable() {
        String text = mif("//ReportType<Delta>\n//ReportVersion<4.2>\n//InventoryKind<HW>\n",
                identification("ABC00001", "PC1", "00:11"), disk(2, "", "C:", 5));
        ReportException e = catchThrowableOfType(ReportException.class, () -> read(ReportReader.standard(), text));
        assertThat(e.problem()).isEqualTo(ReportException.Problem.MALFORMED);
        assertThat(e.errors()).singleElement().asString().contains("group 'Disk'").contains("SMS:Add");
    }

    @Test
    void groupOfTheOtherKindIsUnusableInAReportOfOneKind() {
        String text = mif("//ReportType<Full>\n//ReportVersion<4.0>\n//InventoryKind<SW>\n",
                identification("ABC00001", "PC1", "00:11"), disk(2, "", "C:", 5));
        ReportException e = catchThrowableOfType(ReportException.class, () -> read(ReportReader.standard(), text));
        assertThat(e.errors()).singleElement().asString().contains("is HW inventory");
    }

    @Test
    void standAloneNoidmifIsRefusedWithItsOwnReason() throws IOException {
        Path file = Corpus.file("real/kb-Q170440-network-noidmif.mif");
        ReportException e = catchThrowableOfType(ReportException.class, () -> ReportReader.standard()
                .read(MifParser.lenient().parse(file).document(), FILE_TIME));
        assertThat(e.problem()).isEqualTo(ReportException.Problem.NOIDMIF);
        assertThat(e.getMessage()).contains("NOIDMIF");
    }

    @Test
    void idmifOfAnotherArchitectureIsRefusedWithItsOwnReasonWhenIdmifCollectionIsOff() throws Exception {
        Path file = Corpus.file("real/sms12sdk-employee-custom-architecture.mif");
        ReportException e = catchThrowableOfType(ReportException.class, () -> ReportReader.builder()
                .idmifCollection(false).build().read(MifParser.lenient().parse(file).document(), FILE_TIME));
        assertThat(e.problem()).isEqualTo(ReportException.Problem.FOREIGN_ARCHITECTURE);
    }

    @Test
    void headerNamingAnotherArchitectureIsRefusedWithItsOwnReasonWhenIdmifCollectionIsOff() {
        String header = mif("//Architecture<Printer>\n", identification("ABC00001", "PC1", "00:11"));
        ReportException e = catchThrowableOfType(ReportException.class, () -> read(ReportReader.builder()
                .idmifCollection(false).build(), header));
        assertThat(e.problem()).isEqualTo(ReportException.Problem.FOREIGN_ARCHITECTURE);
        assertThat(e.getMessage()).contains("//Architecture<Printer>").contains("idmif-collection");
    }

    @Test
    void invalidSmsIdInTheIdentificationGroupIsUnusable() {
        String text = mif("", identification("ABC-0001", "PC1", "00:11"));
        ReportException e = catchThrowableOfType(ReportException.class, () -> read(ReportReader.standard(), text));
        assertThat(e.problem()).isEqualTo(ReportException.Problem.MALFORMED);
        assertThat(e.errors()).singleElement().asString().startsWith("r.mif:").contains("SMSID");
    }

    @Test
    void tableRowsAreInstancesOfTheirTemplateClassAndValuesFollowTheirTypes() throws Exception {
        String text = mif("//ReportType<Full>\n//ReportVersion<1.0>\n//InventoryKind<HW>\n",
                identification("ABC00001", "PC1", "00:11"), """
                  START GROUP
                    NAME = "Disk" CLASS = "MICROSOFT|DISK|1.0" KEY = 1
                    START ATTRIBUTE NAME = "Drive" ID = 1 TYPE = STRING(2) END ATTRIBUTE
                    START ATTRIBUTE NAME = "Size" ID = 2 TYPE = COUNTER64 VALUE = 0 END ATTRIBUTE
                    START ATTRIBUTE NAME = "When" ID = 3 TYPE = DATE VALUE = "" END ATTRIBUTE
                    START ATTRIBUTE NAME = "State" ID = 4 TYPE = START ENUM 1 = "Up" 2 = "Down" END ENUM
                      VALUE = 2 END ATTRIBUTE
                  END GROUP
                  START TABLE NAME = "Disks" ID = 5 CLASS = "MICROSOFT|DISK|1.0"
                    {"C:", 18446744073709551615, "19940525133015.000000-300", "Up"}
                    {"D:"}
                  END TABLE
                """);
        Inventory inventory = read(ReportReader.standard(), text).reports().get(0).report().inventory().orElseThrow();
        GroupClass disk = GroupClass.of("MICROSOFT|DISK|1.0");
        var c = inventory.get(InstanceKey.of(disk, AttributeValue.text("C:"))).orElseThrow();
        assertThat(c.value(2)).contains(AttributeValue.counter64(new BigInteger("18446744073709551615")));
        assertThat(c.value(3)).contains(AttributeValue.date(java.time.OffsetDateTime.parse("1994-05-25T13:30:15-05:00")));
        assertThat(c.value(4)).contains(AttributeValue.text("Up"));
        var d = inventory.get(InstanceKey.of(disk, AttributeValue.text("D:"))).orElseThrow();
        assertThat(d.value(3)).contains(AttributeValue.unknown(AttributeValue.Family.DATE));
        assertThat(d.value(4)).contains(AttributeValue.text("Down"));
    }

    @Test
    void unparseableFileIsTheParsersBusinessNotTheReaders() {
        assertThatThrownBy(() -> MifParser.lenient().parseText("START COMPONENT", "bad.mif"))
                .isInstanceOf(MifException.class);
    }
}
