package org.mifsync.mif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class MifWriterTest {

    private static final SourceLocation HERE = new SourceLocation("test", 1, 1);

    private static MifDocument documentWith(String text) {
        Attribute a = new Attribute("a", 1, Optional.empty(),
                new MifType.StringType(MifType.StringKind.STRING, OptionalInt.empty()), Attribute.Access.READ_ONLY,
                Attribute.Storage.SPECIFIC, Optional.of(new MifValue.Text(text)), Optional.empty(), HERE);
        Group g = new Group("g", "ACME|G|1.0", OptionalLong.of(1), Optional.empty(), List.of(), Optional.empty(),
                List.of(a), HERE);
        return new MifDocument(List.of(new Directive("ReportType", List.of("Full"), HERE)), Optional.empty(),
                new Component("c", Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(g), List.of(),
                        HERE));
    }

    @Test
    void latinTextIsWrittenAsIso88591() throws Exception {
        MifDocument doc = documentWith("caf\u00e9 \"quoted\" back\\slash\ttab\u0001ctl");
        byte[] bytes = MifWriter.encode(doc);
        assertThat(bytes[0]).isEqualTo((byte) '/');
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                .contains("VALUE = \"caf\u00e9 \\\"quoted\\\" back\\\\slash\\ttab\\001ctl\"");
        assertThat(MifParser.strict().parse(bytes, "w").document()).isEqualTo(doc);
    }

    @Test
    void textBeyondLatin1IsWrittenAsUtf16LittleEndianWithByteOrderMark() throws Exception {
        MifDocument doc = documentWith("\u65e5\u672c \u0001" + "7");
        byte[] bytes = MifWriter.encode(doc);
        assertThat(bytes[0]).isEqualTo((byte) 0xFF);
        assertThat(bytes[1]).isEqualTo((byte) 0xFE);
        // six octal digits in a Unicode file, so the 7 after the escape stays a character
        assertThat(MifWriter.write(doc)).contains("\\000001" + "7");
        assertThat(MifParser.strict().parse(bytes, "w").document()).isEqualTo(doc);
    }

    @Test
    void equalityIgnoresLocations() {
        MifValue v = new MifValue.Int(BigInteger.TEN);
        Attribute here = new Attribute("a", 1, Optional.empty(), MifType.Primitive.INTEGER, Attribute.Access.READ_ONLY,
                Attribute.Storage.SPECIFIC, Optional.of(v), Optional.empty(), HERE);
        Attribute there = new Attribute("a", 1, Optional.empty(), MifType.Primitive.INTEGER,
                Attribute.Access.READ_ONLY, Attribute.Storage.SPECIFIC, Optional.of(v), Optional.empty(),
                new SourceLocation("other", 9, 9));
        assertThat(here).isEqualTo(there).hasSameHashCodeAs(there);
    }

    @Test
    void directivesThatCannotBeWrittenAreRefused() {
        assertThatThrownBy(() -> new Directive("Report Type", List.of("x"), HERE))
                .hasMessageContaining("letters only");
        assertThatThrownBy(() -> new Directive("ReportType", List.of("a>b"), HERE)).hasMessageContaining("'>'");
        assertThatThrownBy(() -> new Directive("ReportType", List.of(), HERE)).hasMessageContaining("at least one");
    }

    @Test
    void dateProblemsAreExplained() {
        assertThat(MifDate.problem("")).isEmpty();
        assertThat(MifDate.problem("19940525133015.000000-300")).isEmpty();
        assertThat(MifDate.problem("****0525133015.******+000")).isEmpty();
        assertThat(MifDate.problem("19940532133015.000000-300")).get().asString().contains("day 32");
        assertThat(MifDate.year("20311011051024.000000+000")).contains(2031);
    }
}
