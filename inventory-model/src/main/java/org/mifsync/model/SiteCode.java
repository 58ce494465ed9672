package org.mifsync.model;

import java.io.Serializable;
import java.util.Locale;

/**
 * The three-character code of an SMS site, such as {@code ABC}: digits and upper-case ASCII
 * letters only.
 *
 * <p>Lower-case input is folded to upper case with {@link Locale#ROOT}; only ASCII letters are
 * folded, so look-alikes such as the dotless {@code ı} or a Cyrillic {@code А} are refused rather
 * than turned into {@code I} or {@code A}.
 *
 * <p>Immutable and thread-safe; serializable, so that an exception naming one survives Java
 * serialization (a record is read back through its validating constructor).
 *
 * @param value the code, exactly three characters {@code 0-9 A-Z}
 * @since 0.1
 */
public record SiteCode(String value) implements Serializable, Comparable<SiteCode> {

    /** The number of characters in a site code. */
    public static final int LENGTH = 3;

    private static final String FIELD = "site code";

    /**
     * Validates and folds the code.
     *
     * @param value the code, exactly three characters {@code 0-9 A-Z}
     * @throws InvalidValueException if the code is not three characters {@code 0-9 A-Z a-z}
     */
    public SiteCode {
        Check.notNull(FIELD, value);
        if (value.isEmpty()) {
            throw Check.invalid(FIELD, "site code must not be empty");
        }
        if (value.length() != LENGTH) {
            throw Check.invalid(FIELD, "site code " + Check.quote(value) + " must be 3 characters, found "
                    + value.length());
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = value.charAt(i);
            if (!Check.isAsciiLetterOrDigit(c)) {
                throw Check.invalid(FIELD, "site code " + Check.quote(value) + " has " + Check.describe(c)
                        + " at position " + (i + 1) + "; only 0-9 and A-Z are allowed");
            }
        }
        value = value.toUpperCase(Locale.ROOT);
    }

    /**
     * Returns the site code for the given text, e.g. {@code SiteCode.of("abc")} is {@code ABC}.
     *
     * @param text three characters {@code 0-9 A-Z}, any case
     * @return the site code, upper case
     * @throws InvalidValueException if the text is not a site code
     */
    public static SiteCode of(String text) {
        return new SiteCode(text);
    }

    /**
     * Orders site codes by their text (ASCII order).
     *
     * @param other the code to compare with
     * @return negative, zero or positive as this code sorts before, with or after {@code other}
     */
    @Override
    public int compareTo(SiteCode other) {
        return value.compareTo(other.value);
    }

    /**
     * Returns the code itself, e.g. {@code ABC}, so that codes read naturally in messages.
     *
     * @return the code
     */
    @Override
    public String toString() {
        return value;
    }
}
