package org.mifsync.model;

import java.util.Comparator;

/**
 * The version a client gives each report of one kind, {@code major.minor}: a complete report
 * starts a new major ({@code N.0}), each delta after it adds one to the minor ({@code N.1},
 * {@code N.2}, ...). Written as in the {@code //ReportVersion<3.1>} directive.
 *
 * <p>Ordered by major, then minor. Immutable and thread-safe.
 *
 * @param major the major version, zero or more
 * @param minor the minor version, zero or more
 * @since 0.1
 */
public record ReportVersion(int major, int minor) implements Comparable<ReportVersion> {

    private static final String FIELD = "report version";
    private static final Comparator<ReportVersion> ORDER =
            Comparator.comparingInt(ReportVersion::major).thenComparingInt(ReportVersion::minor);

    /**
     * Validates the version.
     *
     * @param major the major version, zero or more
     * @param minor the minor version, zero or more
     * @throws InvalidValueException if either part is negative
     */
    public ReportVersion {
        if (major < 0) {
            throw Check.invalid(FIELD, "report version major must not be negative, found " + major);
        }
        if (minor < 0) {
            throw Check.invalid(FIELD, "report version minor must not be negative, found " + minor);
        }
    }

    /**
     * Returns the version with the given parts.
     *
     * @param major the major version, zero or more
     * @param minor the minor version, zero or more
     * @return the version
     * @throws InvalidValueException if either part is negative
     */
    public static ReportVersion of(int major, int minor) {
        return new ReportVersion(major, minor);
    }

    /**
     * Parses {@code major.minor}, e.g. {@code parse("3.1")}. Both parts are ASCII decimal digits
     * without sign or leading zeros, so that every version has exactly one spelling.
     *
     * @param text the version text
     * @return the version
     * @throws InvalidValueException if the text is not {@code major.minor}, with a message saying
     *     why
     */
    public static ReportVersion parse(String text) {
        Check.notNull(FIELD, text);
        int dot = text.indexOf('.');
        if (dot < 0 || text.indexOf('.', dot + 1) >= 0) {
            throw Check.invalid(FIELD, "report version " + Check.quote(text)
                    + " must be two numbers joined by one period, major.minor, e.g. 3.1");
        }
        return new ReportVersion(
                number(text, text.substring(0, dot), "major"),
                number(text, text.substring(dot + 1), "minor"));
    }

    private static int number(String text, String part, String which) {
        if (part.isEmpty()) {
            throw Check.invalid(FIELD, "report version " + Check.quote(text) + " has an empty " + which
                    + " part; expected major.minor, e.g. 3.1");
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                throw Check.invalid(FIELD, "report version " + Check.quote(text) + " has " + Check.describe(c)
                        + " in its " + which + " part; only digits 0-9 are allowed");
            }
        }
        if (part.length() > 1 && part.charAt(0) == '0') {
            throw Check.invalid(FIELD, "report version " + Check.quote(text) + " has a leading zero in its "
                    + which + " part");
        }
        if (part.length() > 10 || Long.parseLong(part) > Integer.MAX_VALUE) {
            throw Check.invalid(FIELD, "report version " + Check.quote(text) + " has a " + which
                    + " part above " + Integer.MAX_VALUE);
        }
        return Integer.parseInt(part);
    }

    /**
     * Returns the version of the next delta: same major, minor plus one.
     *
     * @return {@code major.(minor+1)}
     * @throws IllegalStateException if the minor is already {@link Integer#MAX_VALUE}
     */
    public ReportVersion next() {
        if (minor == Integer.MAX_VALUE) {
            throw new IllegalStateException("report version " + this + " has no next minor version");
        }
        return new ReportVersion(major, minor + 1);
    }

    /**
     * Returns the version of the next complete report: major plus one, minor zero.
     *
     * @return {@code (major+1).0}
     * @throws IllegalStateException if the major is already {@link Integer#MAX_VALUE}
     */
    public ReportVersion nextMajor() {
        if (major == Integer.MAX_VALUE) {
            throw new IllegalStateException("report version " + this + " has no next major version");
        }
        return new ReportVersion(major + 1, 0);
    }

    /**
     * Orders versions by major, then minor.
     *
     * @param other the version to compare with
     * @return negative, zero or positive as this version is lower than, equal to or higher than
     *     {@code other}
     */
    @Override
    public int compareTo(ReportVersion other) {
        return ORDER.compare(this, other);
    }

    /**
     * Returns {@code major.minor}, e.g. {@code 3.1}, the form {@link #parse} reads.
     *
     * @return the version text
     */
    @Override
    public String toString() {
        return major + "." + minor;
    }
}
