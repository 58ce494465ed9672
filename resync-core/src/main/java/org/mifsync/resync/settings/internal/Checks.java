package org.mifsync.resync.settings.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The checks of a builder's limits (durations, sizes, counts), so that every builder refuses a bad
 * value with the same words: "{@code WHAT must be positive, found VALUE}" or "{@code WHAT must be
 * at least 1, found VALUE}", where {@code WHAT} names the setting as the builder's javadoc does.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * Returns a duration that is longer than zero.
     *
     * @param value the duration
     * @param what the setting, e.g. {@code "stall timeout"}
     * @return the value
     * @throws NullPointerException if the value is null (the message is {@code what})
     * @throws IllegalArgumentException if it is zero or negative
     */
    public static Duration positive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, found " + value);
        }
        return value;
    }

    /**
     * Returns a size that is greater than zero.
     *
     * @param value the size, e.g. in bytes
     * @param what the setting, e.g. {@code "largest report size"}
     * @return the value
     * @throws IllegalArgumentException if it is zero or negative
     */
    public static long positive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, found " + value);
        }
        return value;
    }

    /**
     * Returns a count that is at least one.
     *
     * @param value the count
     * @param what the setting, e.g. {@code "workers"}
     * @return the value
     * @throws IllegalArgumentException if it is less than one
     */
    public static int atLeastOne(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, found " + value);
        }
        return value;
    }
}
