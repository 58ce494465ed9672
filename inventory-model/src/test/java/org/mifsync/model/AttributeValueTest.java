package org.mifsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class AttributeValueTest {

    @Test
    void everyValueSaysItsFamily() {
        assertThat(AttributeValue.int32(1).family()).isEqualTo(AttributeValue.Family.INTEGER);
        assertThat(AttributeValue.int64(1).family()).isEqualTo(AttributeValue.Family.INTEGER);
        assertThat(AttributeValue.counter32(1).family()).isEqualTo(AttributeValue.Family.INTEGER);
        assertThat(AttributeValue.counter64(BigInteger.ONE).family()).isEqualTo(AttributeValue.Family.INTEGER);
        assertThat(AttributeValue.text("x").family()).isEqualTo(AttributeValue.Family.STRING);
        assertThat(AttributeValue.octets(new byte[0]).family()).isEqualTo(AttributeValue.Family.OCTETS);
        assertThat(AttributeValue.date(OffsetDateTime.of(1998, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)).family())
                .isEqualTo(AttributeValue.Family.DATE);
        assertThat(AttributeValue.unknown(AttributeValue.Family.DATE).family()).isEqualTo(AttributeValue.Family.DATE);
        assertThat(AttributeValue.unsupported(AttributeValue.Family.OCTETS).family())
                .isEqualTo(AttributeValue.Family.OCTETS);
    }

    @Test
    void integersOfDifferentSizesAreDifferentValues() {
        assertThat(AttributeValue.int32(5)).isNotEqualTo(AttributeValue.int64(5));
        assertThat(AttributeValue.unknown(AttributeValue.Family.STRING))
                .isNotEqualTo(AttributeValue.unsupported(AttributeValue.Family.STRING))
                .isNotEqualTo(AttributeValue.unknown(AttributeValue.Family.DATE));
    }

    @Test
    void octetsAreComparedByContentAndCannotBeChangedFromOutside() {
        byte[] bytes = {1, 2, 3};
        AttributeValue.Octets octets = AttributeValue.octets(bytes);
        bytes[0] = 9;
        octets.value()[1] = 9;
        assertThat(octets).isEqualTo(AttributeValue.octets(new byte[] {1, 2, 3}))
                .hasSameHashCodeAs(AttributeValue.octets(new byte[] {1, 2, 3}));
        assertThat(octets.hex()).isEqualTo("010203");
        assertThat(octets).hasToString("Octets[010203]");
        assertThat(octets.length()).isEqualTo(3);
    }

    @Test
    void datesWithTheSameInstantButAnotherOffsetDiffer() {
        OffsetDateTime utc = OffsetDateTime.of(1998, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);
        assertThat(AttributeValue.date(utc)).isNotEqualTo(AttributeValue.date(utc.withOffsetSameInstant(ZoneOffset.ofHours(1))));
    }

    @Test
    void countersOutOfRangeAreRefused() {
        assertThatThrownBy(() -> AttributeValue.counter32(-1)).isInstanceOf(InvalidValueException.class)
                .hasMessage("32-bit counter must be between 0 and 4294967295, found -1");
        assertThatThrownBy(() -> AttributeValue.counter32(1L << 32))
                .hasMessage("32-bit counter must be between 0 and 4294967295, found 4294967296");
        assertThatThrownBy(() -> AttributeValue.counter64(BigInteger.ONE.shiftLeft(64)))
                .hasMessage("64-bit counter must be between 0 and 18446744073709551615, found 18446744073709551616");
        assertThatThrownBy(() -> AttributeValue.counter64(BigInteger.valueOf(-1))).hasMessageContaining("found -1");
        assertThatThrownBy(() -> AttributeValue.text(null)).hasMessage("string value must not be null");
        assertThatThrownBy(() -> AttributeValue.unknown(null)).hasMessage("family must not be null");
    }

    @Test
    void everyCounter32InRangeIsAcceptedAndEveryOtherRefused() {
        qt().withExamples(300).forAll(longs().all()).checkAssert(n -> {
            if (n >= 0 && n <= AttributeValue.Counter32.MAX) {
                assertThat(AttributeValue.counter32(n).value()).isEqualTo(n);
            } else {
                assertThatThrownBy(() -> AttributeValue.counter32(n)).isInstanceOf(InvalidValueException.class)
                        .hasMessageEndingWith("found " + n);
            }
        });
        qt().withExamples(300).forAll(longs().between(0, AttributeValue.Counter32.MAX))
                .checkAssert(n -> assertThat(AttributeValue.counter32(n).value()).isEqualTo(n));
    }

    @Test
    void everyCounter64InRangeIsAcceptedAndEveryOtherRefused() {
        qt().withExamples(300).forAll(longs().all(), longs().between(-2, 2)).checkAssert((low, high) -> {
            BigInteger n = BigInteger.valueOf(high).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
            boolean inRange = n.signum() >= 0 && n.compareTo(AttributeValue.Counter64.MAX) <= 0;
            if (inRange) {
                assertThat(AttributeValue.counter64(n).value()).isEqualTo(n);
            } else {
                assertThatThrownBy(() -> AttributeValue.counter64(n)).isInstanceOf(InvalidValueException.class);
            }
        });
    }
}
