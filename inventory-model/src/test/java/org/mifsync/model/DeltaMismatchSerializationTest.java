package org.mifsync.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A delta mismatch comes back whole from Java serialization: its list of mismatches, with keys of
 * every kind of value, not only its message. (This module depends on nothing, so the round trip is
 * written here rather than taken from the test kit.)
 */
class DeltaMismatchSerializationTest {

    private static Object roundTrip(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }

    @Test
    void theMismatchesComeBackWholeFromSerialization() throws Exception {
        GroupClass disk = GroupClass.of("MICROSOFT|DISK|1.0");
        List<DeltaMismatchException.Mismatch> mismatches = List.of(
                new DeltaMismatchException.Mismatch(DeltaMismatchException.Kind.ADD_OF_EXISTING,
                        new InstanceKey(disk, List.of(new AttributeValue.Text("C"), new AttributeValue.Int32(7)))),
                new DeltaMismatchException.Mismatch(DeltaMismatchException.Kind.UPDATE_OF_MISSING,
                        new InstanceKey(disk, List.of(new AttributeValue.Int64(1L << 40),
                                new AttributeValue.Counter64(BigInteger.TWO.pow(63)),
                                new AttributeValue.Octets(new byte[] {0, 1, (byte) 0xFF})))),
                new DeltaMismatchException.Mismatch(DeltaMismatchException.Kind.DELETE_OF_MISSING,
                        new InstanceKey(GroupClass.of("CONTOSO|BADGE|2.1"), List.of(
                                new AttributeValue.Date(OffsetDateTime.of(2026, 3, 1, 9, 0, 0, 0, ZoneOffset.ofHours(1))),
                                new AttributeValue.Unknown(AttributeValue.Family.STRING)))));
        DeltaMismatchException thrown = new DeltaMismatchException(mismatches);

        DeltaMismatchException back = (DeltaMismatchException) roundTrip(thrown);

        assertThat(back.mismatches()).isEqualTo(mismatches);
        assertThat(back.getMessage()).isEqualTo(thrown.getMessage());
        assertThat(back.mismatches().get(2).key().groupClass().compareTo(GroupClass.of("contoso|badge|2.1"))).isZero();
    }
}
