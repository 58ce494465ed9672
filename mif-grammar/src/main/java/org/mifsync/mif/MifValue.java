package org.mifsync.mif;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A value as MIF writes it: in a {@code VALUE} statement or a table cell.
 *
 * <p>Which form a quoted string takes depends on the attribute's type: on an enumerated attribute
 * it is a {@link Symbol} of that enumeration, everywhere else {@link Text} (dates included: they
 * stay the raw text, see {@link MifDate}).
 *
 * @since 0.1
 */
public sealed interface MifValue {

    /** A string value, escapes decoded and adjacent literals joined. */
    record Text(String value) implements MifValue {
        public Text {
            Objects.requireNonNull(value, "value");
        }
    }

    /** An integer value; its range was checked against the attribute's type. */
    record Int(BigInteger value) implements MifValue {
        public Int {
            Objects.requireNonNull(value, "value");
        }

        /** An integer from a {@code long}. */
        public static Int of(long value) {
            return new Int(BigInteger.valueOf(value));
        }
    }

    /** An enumeration symbol written as its string, with the integer it stands for. */
    record Symbol(String symbol, int code) implements MifValue {
        public Symbol {
            Objects.requireNonNull(symbol, "symbol");
        }
    }

    /** {@code *"path"}: the value comes from the instrumentation the named path runs. */
    record Overlay(String pathName) implements MifValue {
        public Overlay {
            Objects.requireNonNull(pathName, "pathName");
        }
    }

    /** The keyword values. */
    enum Keyword implements MifValue {
        /** Supported, but not known now (DMI 2.0). */
        UNKNOWN,
        /** Not supported by this component. */
        UNSUPPORTED
    }
}
