package org.mifsync.model;

import java.io.Serializable;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The typed value of one attribute of a group instance, one variant per MIF value type.
 *
 * <ul>
 *   <li>{@link Int32} and {@link Int64}: signed integers ({@code INTEGER}, {@code INTEGER64}).
 *   <li>{@link Counter32} and {@link Counter64}: unsigned counters ({@code COUNTER}, {@code
 *       COUNTER64}; a DMI {@code GAUGE} has the range of a {@code Counter32}).
 *   <li>{@link Text}: a string ({@code DISPLAYSTRING}, {@code STRING}).
 *   <li>{@link Octets}: an octet string.
 *   <li>{@link Date}: a DMI date, with the offset the report gave.
 *   <li>{@link Unknown} and {@link Unsupported}: the MIF keywords {@code UNKNOWN} and {@code
 *       UNSUPPORTED}, which keep the family of the attribute's declared type.
 * </ul>
 *
 * <p>Every value says its {@link #family() family}, what the store compares to detect a type
 * conflict; within a family a larger size only widens. Equality is by variant and value: {@code
 * Int32(5)} and {@code Int64(5)} differ, as they would in the report.
 *
 * <p>All variants are immutable and thread-safe ({@link Octets} copies its bytes in and out).
 *
 * @since 0.1
 */
public sealed interface AttributeValue extends Serializable {

    /**
     * The family of a value's type: values of one attribute must keep their family from report to
     * report.
     *
     * <p>Immutable and thread-safe.
     *
     * @since 0.1
     */
    enum Family {
        /** Signed integers and unsigned counters of any size. */
        INTEGER,
        /** Character strings. */
        STRING,
        /** Octet strings. */
        OCTETS,
        /** Dates. */
        DATE
    }

    /**
     * Returns the family of this value's type.
     *
     * @return the family
     */
    Family family();

    /**
     * Returns a signed 32-bit integer.
     *
     * @param value the value
     * @return the attribute value
     */
    static Int32 int32(int value) {
        return new Int32(value);
    }

    /**
     * Returns a signed 64-bit integer.
     *
     * @param value the value
     * @return the attribute value
     */
    static Int64 int64(long value) {
        return new Int64(value);
    }

    /**
     * Returns an unsigned 32-bit counter.
     *
     * @param value the value, 0 to 4294967295
     * @return the attribute value
     * @throws InvalidValueException if the value is out of range
     */
    static Counter32 counter32(long value) {
        return new Counter32(value);
    }

    /**
     * Returns an unsigned 64-bit counter.
     *
     * @param value the value, 0 to 18446744073709551615
     * @return the attribute value
     * @throws InvalidValueException if the value is null or out of range
     */
    static Counter64 counter64(BigInteger value) {
        return new Counter64(value);
    }

    /**
     * Returns a string.
     *
     * @param value the text, any characters, not null
     * @return the attribute value
     * @throws InvalidValueException if the text is null
     */
    static Text text(String value) {
        return new Text(value);
    }

    /**
     * Returns an octet string.
     *
     * @param value the bytes, copied
     * @return the attribute value
     * @throws InvalidValueException if the bytes are null
     */
    static Octets octets(byte[] value) {
        return new Octets(value);
    }

    /**
     * Returns a date.
     *
     * @param value the date, time and offset
     * @return the attribute value
     * @throws InvalidValueException if the date is null
     */
    static Date date(OffsetDateTime value) {
        return new Date(value);
    }

    /**
     * Returns the value {@code UNKNOWN} of an attribute of the given family.
     *
     * @param family the family of the attribute's declared type
     * @return the attribute value
     * @throws InvalidValueException if the family is null
     */
    static Unknown unknown(Family family) {
        return new Unknown(family);
    }

    /**
     * Returns the value {@code UNSUPPORTED} of an attribute of the given family.
     *
     * @param family the family of the attribute's declared type
     * @return the attribute value
     * @throws InvalidValueException if the family is null
     */
    static Unsupported unsupported(Family family) {
        return new Unsupported(family);
    }

    /**
     * A signed 32-bit integer.
     *
     * @param value the value
     * @since 0.1
     */
    record Int32(int value) implements AttributeValue {
        /** {@return {@link Family#INTEGER}} */
        @Override
        public Family family() {
            return Family.INTEGER;
        }
    }

    /**
     * A signed 64-bit integer.
     *
     * @param value the value
     * @since 0.1
     */
    record Int64(long value) implements AttributeValue {
        /** {@return {@link Family#INTEGER}} */
        @Override
        public Family family() {
            return Family.INTEGER;
        }
    }

    /**
     * An unsigned 32-bit counter, 0 to 4294967295, held in a {@code long}.
     *
     * @param value the value
     * @since 0.1
     */
    record Counter32(long value) implements AttributeValue {

        /** The largest value, 2<sup>32</sup> - 1. */
        public static final long MAX = 0xFFFF_FFFFL;

        /**
         * Validates the range.
         *
         * @param value the value
         * @throws InvalidValueException if the value is negative or above {@link #MAX}
         */
        public Counter32 {
            if (value < 0 || value > MAX) {
                throw Check.invalid("counter", "32-bit counter must be between 0 and " + MAX + ", found " + value);
            }
        }

        /** {@return {@link Family#INTEGER}} */
        @Override
        public Family family() {
            return Family.INTEGER;
        }
    }

    /**
     * An unsigned 64-bit counter, 0 to 18446744073709551615.
     *
     * @param value the value
     * @since 0.1
     */
    record Counter64(BigInteger value) implements AttributeValue {

        /** The largest value, 2<sup>64</sup> - 1. */
        public static final BigInteger MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

        /**
         * Validates the range.
         *
         * @param value the value
         * @throws InvalidValueException if the value is null, negative or above {@link #MAX}
         */
        public Counter64 {
            Check.notNull("64-bit counter", value);
            if (value.signum() < 0 || value.compareTo(MAX) > 0) {
                throw Check.invalid("counter", "64-bit counter must be between 0 and " + MAX + ", found " + value);
            }
        }

        /** {@return {@link Family#INTEGER}} */
        @Override
        public Family family() {
            return Family.INTEGER;
        }
    }

    /**
     * A character string. Any characters are kept as they are: the model neither trims nor
     * truncates.
     *
     * @param value the text
     * @since 0.1
     */
    record Text(String value) implements AttributeValue {

        /**
         * Validates the text.
         *
         * @param value the text
         * @throws InvalidValueException if the text is null
         */
        public Text {
            Check.notNull("string value", value);
        }

        /** {@return {@link Family#STRING}} */
        @Override
        public Family family() {
            return Family.STRING;
        }
    }

    /**
     * An octet string. The bytes are copied on the way in and out, so the value cannot change.
     *
     * @param value the bytes
     * @since 0.1
     */
    record Octets(byte[] value) implements AttributeValue {

        /**
         * Copies the bytes.
         *
         * @param value the bytes, copied
         * @throws InvalidValueException if the bytes are null
         */
        public Octets {
            value = Check.notNull("octet string value", value).clone();
        }

        /**
         * Returns a copy of the bytes.
         *
         * @return the bytes
         */
        @Override
        public byte[] value() {
            return value.clone();
        }

        /**
         * Returns the number of bytes.
         *
         * @return the length
         */
        public int length() {
            return value.length;
        }

        /**
         * Returns the bytes as upper-case hex digits, two per byte.
         *
         * @return the hex text, empty for no bytes
         */
        public String hex() {
            return HexFormat.of().withUpperCase().formatHex(value);
        }

        /** {@return {@link Family#OCTETS}} */
        @Override
        public Family family() {
            return Family.OCTETS;
        }

        /**
         * Tells whether the other object is an octet string with the same bytes.
         *
         * @param other the object to compare with
         * @return true for the same bytes
         */
        @Override
        public boolean equals(Object other) {
            return other instanceof Octets that && Arrays.equals(value, that.value);
        }

        /**
         * Returns a hash code of the bytes.
         *
         * @return the hash code
         */
        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        /**
         * Returns {@code Octets[0A1B]}.
         *
         * @return the bytes in hex
         */
        @Override
        public String toString() {
            return "Octets[" + hex() + "]";
        }
    }

    /**
     * A DMI date ({@code yyyymmddHHMMSS.uuuuuu+ooo}): local date and time with the offset the
     * report gave. Equality includes the offset, as {@link OffsetDateTime#equals} does: the same
     * instant reported with another offset is a change.
     *
     * @param value the date, time and offset
     * @since 0.1
     */
    record Date(OffsetDateTime value) implements AttributeValue {

        /**
         * Validates the date.
         *
         * @param value the date, time and offset
         * @throws InvalidValueException if the date is null
         */
        public Date {
            Check.notNull("date value", value);
        }

        /** {@return {@link Family#DATE}} */
        @Override
        public Family family() {
            return Family.DATE;
        }
    }

    /**
     * The MIF value {@code UNKNOWN}: the attribute exists but its value is not known.
     *
     * @param family the family of the attribute's declared type
     * @since 0.1
     */
    record Unknown(Family family) implements AttributeValue {

        /**
         * Validates the family.
         *
         * @param family the family of the attribute's declared type
         * @throws InvalidValueException if the family is null
         */
        public Unknown {
            Check.notNull("family", family);
        }
    }

    /**
     * The MIF value {@code UNSUPPORTED}: the component cannot provide this attribute.
     *
     * @param family the family of the attribute's declared type
     * @since 0.1
     */
    record Unsupported(Family family) implements AttributeValue {

        /**
         * Validates the family.
         *
         * @param family the family of the attribute's declared type
         * @throws InvalidValueException if the family is null
         */
        public Unsupported {
            Check.notNull("family", family);
        }
    }
}
