package org.mifsync.resync.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mifsync.mif.MifParser;
import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.Inventory;
import org.mifsync.model.ReportVersion;

/**
 * IDMIFs of other architectures read as custom objects (DESIGN §5), from the Employee fixtures
 * written for these tests from the documented SMS 1.2 and SMS 2.0 forms ({@code idmif/}).
 */
class ObjectReportReaderTest {

    static final Instant FILE_TIME = Instant.parse("2026-01-02T03:04:05Z");

    static String fixture(String name) throws Exception {
        try (InputStream in = ObjectReportReaderTest.class.getResourceAsStream("/idmif/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    static ReportReader.Reading read(ReportReader reader, String text) throws Exception {
        return reader.read(MifParser.lenient().parseText(text, "e.mif").document(), FILE_TIME);
    }

    static GroupInstance group(String groupClass, List<Integer> key, Attribute... attributes) {
        return GroupInstance.of(GroupClass.of(groupClass), key, List.of(attributes));
    }

    @Test
    void sms12EmployeeIsAnObjectKeyedByItsIdentificationGroup() throws Exception {
        ReportReader.Reading reading = read(ReportReader.standard(), fixture("employee-sms12.mif"));

        assertThat(reading.reports()).isEmpty();
        assertThat(reading.objects()).singleElement().satisfies(o -> {
            assertThat(o.architecture()).isEqualTo("Employee");
            assertThat(o.key()).isEqualTo("E-10442");
            assertThat(o.versioned()).isFalse();
            assertThat(o.version()).isEqualTo(ReportVersion.of(0, 0));
            assertThat(o.generatedAt()).isEqualTo(FILE_TIME);
            // its groups are its inventory: the Identification group too, the Architecture group not
            assertThat(o.inventory()).isEqualTo(Inventory.of(
                    group("MICROSOFT|IDENTIFICATION|1.0", List.of(1),
                            Attribute.of(1, "Employee Number", AttributeValue.text("E-10442")),
                            Attribute.of(2, "Name", AttributeValue.text("Ada Lovelace"))),
                    group("CONTOSO|OFFICE|1.0", List.of(),
                            Attribute.of(1, "Building", AttributeValue.text("North")),
                            Attribute.of(2, "Room", AttributeValue.int32(214)),
                            Attribute.of(3, "Phone Extension", AttributeValue.text("4471"))),
                    group("CONTOSO|EQUIPMENT|1.0", List.of(1),
                            Attribute.of(1, "Asset Tag", AttributeValue.text("A-0031")),
                            Attribute.of(2, "Description", AttributeValue.text("Laptop")))));
        });
    }

    @Test
    void sms20EmployeeIsKeyedByItsUniqueIdAndVersionedByItsHeader() throws Exception {
        ReportReader.Reading reading = read(ReportReader.standard(), fixture("employee-sms20.mif"));

        assertThat(reading.objects()).singleElement().satisfies(o -> {
            assertThat(o.architecture()).isEqualTo("Employee");
            assertThat(o.key()).isEqualTo("E-10442");
            assertThat(o.versioned()).isTrue();
            assertThat(o.version()).isEqualTo(ReportVersion.of(2, 0));
            assertThat(o.generatedAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
            assertThat(o.inventory().instances().values()).extracting(i -> i.groupClass().value())
                    .containsExactlyInAnyOrder("Employee", "CONTOSO|OFFICE|1.0");
        });
    }

    @Test
    void withIdmifCollectionOffACustomArchitectureIsRefused() throws Exception {
        ReportReader off = ReportReader.builder().idmifCollection(false).build();
        for (String name : List.of("employee-sms12.mif", "employee-sms20.mif")) {
            ReportException e = catchThrowableOfType(ReportException.class, () -> read(off, fixture(name)));
            assertThat(e.problem()).isEqualTo(ReportException.Problem.FOREIGN_ARCHITECTURE);
            assertThat(e.getMessage()).contains("Employee").contains("idmif-collection");
        }
    }

    @Test
    void anSms20IdmifTargetingAComputerIsRefusedAsSms20RefusedIt() throws Exception {
        for (String target : List.of("System", "Personal Computer")) {
            String text = fixture("employee-sms20.mif").replace("//Architecture<Employee>", "//Architecture<" + target
                    + ">");
            ReportException e = catchThrowableOfType(ReportException.class, () -> read(ReportReader.standard(), text));
            assertThat(e.problem()).isEqualTo(ReportException.Problem.FOREIGN_ARCHITECTURE);
            assertThat(e.errors()).singleElement().asString().startsWith("e.mif:1:1: ")
                    .contains("//UniqueID<E-10442> targets //Architecture<" + target + ">");
        }
    }

    @Test
    void aDeltaIdmifOrOneWithoutKeyIsUnusableWithEveryProblemNamed() throws Exception {
        String delta = "//ReportType<Delta>\n" + fixture("employee-sms20.mif");
        ReportException e = catchThrowableOfType(ReportException.class, () -> read(ReportReader.standard(), delta));
        assertThat(e.problem()).isEqualTo(ReportException.Problem.MALFORMED);
        assertThat(e.errors()).singleElement().asString().contains("an IDMIF describes its object whole");

        String keyless = fixture("employee-sms20.mif").replace("//UniqueID<E-10442>\n", "");
        ReportException none = catchThrowableOfType(ReportException.class, () -> read(ReportReader.standard(), keyless));
        assertThat(none.errors()).singleElement().asString().contains("needs //UniqueID<…> (SMS 2.0) or an"
                + " Identification group");
    }

    @Test
    void anObjectWrittenAndReadBackIsTheSameObject() throws Exception {
        ObjectReport object = read(ReportReader.standard(), fixture("employee-sms12.mif")).objects().get(0);
        ObjectReport again = ReportReader.standard().read(MifParser.lenient().parse(ReportWriter.encode(object), "w.mif")
                .document(), Instant.EPOCH).objects().get(0);
        assertThat(again).isEqualTo(object);
        assertThat(ReportWriter.digest(again)).isEqualTo(ReportWriter.digest(object));
    }
}
