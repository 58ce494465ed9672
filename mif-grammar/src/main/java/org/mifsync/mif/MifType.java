package org.mifsync.mif;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * An attribute's {@code TYPE}.
 *
 * @since 0.1
 */
public sealed interface MifType {

    /** The family a type belongs to: types of one family can hold each other's values. */
    enum Family { INTEGER, STRING, OCTETS, DATE, ENUM }

    /** The family of this type. */
    Family family();

    /** Numeric and date types, written as one keyword. */
    enum Primitive implements MifType {
        /** Unsigned 32-bit, only increases, wraps. */
        COUNTER,
        /** Unsigned 64-bit counter. */
        COUNTER64,
        /** Unsigned 32-bit, goes up and down. */
        GAUGE,
        /** Signed 32-bit ({@code INTEGER} or {@code INT}). */
        INTEGER,
        /** Signed 64-bit ({@code INTEGER64} or {@code INT64}). */
        INTEGER64,
        /** A 25-character DMI date, kept as text. */
        DATE;

        @Override
        public Family family() {
            return this == DATE ? Family.DATE : Family.INTEGER;
        }
    }

    /** The string types. */
    enum StringKind { STRING, DISPLAYSTRING, OCTETSTRING }

    /**
     * {@code STRING(n)}, {@code DISPLAYSTRING(n)} or {@code OCTETSTRING(n)}.
     *
     * @param kind which string type
     * @param size the declared maximum length, empty when the file gives none
     */
    record StringType(StringKind kind, OptionalInt size) implements MifType {
        public StringType {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(size, "size");
        }

        @Override
        public Family family() {
            return kind == StringKind.OCTETSTRING ? Family.OCTETS : Family.STRING;
        }
    }

    /** {@code TYPE = "Name"}: a component-level enumeration named by its NAME. */
    record EnumRef(String name) implements MifType {
        public EnumRef {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Family family() {
            return Family.ENUM;
        }
    }

    /** {@code TYPE = START ENUM … END ENUM}. */
    record InlineEnum(EnumDef definition) implements MifType {
        public InlineEnum {
            Objects.requireNonNull(definition, "definition");
        }

        @Override
        public Family family() {
            return Family.ENUM;
        }
    }
}
