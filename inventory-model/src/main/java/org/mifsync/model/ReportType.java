package org.mifsync.model;

/**
 * What an inventory report claims to be, from its {@code //ReportType<Full|Delta|Resync>}
 * directive.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public enum ReportType {
    /** A complete inventory of one kind, sent on the client's own account. */
    FULL,
    /** The changes since the client's previous report of the same kind. */
    DELTA,
    /** A complete inventory sent because the site asked for one. */
    RESYNC;

    /**
     * Tells whether reports of this type carry a complete inventory rather than a delta.
     *
     * @return true for {@link #FULL} and {@link #RESYNC}
     */
    public boolean isComplete() {
        return this != DELTA;
    }

    /**
     * Returns the type for its directive text, ignoring case, e.g. {@code parse("Full")} is
     * {@link #FULL}.
     *
     * @param text {@code Full}, {@code Delta} or {@code Resync}, any case
     * @return the type
     * @throws InvalidValueException if the text names no type
     */
    public static ReportType parse(String text) {
        return EnumParse.parse(ReportType.class, "report type", text);
    }
}
