package org.mifsync.model;

/**
 * Why the site asked a client for a complete inventory. The names are the reason
 * codes written in {@code Resync.cfg} and {@code <SMSID>.CFG}; each fits the 19-character
 * column of a {@code Resync.cfg} record.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public enum ResyncReason {
    /** A delta arrived for a client or kind the store holds no inventory for. */
    NO_BASELINE,
    /** A delta's version does not follow the last accepted one. */
    VERSION_GAP,
    /** A delta updates or deletes a row that is not there, or adds one that is. */
    ROW_MISMATCH,
    /** Two identities alternate on one SMSID. */
    DUPLICATE_ID,
    /** An administrator asked for it ({@code invsync}). */
    FORCED;

    /**
     * Returns the reason for its code, ignoring case, e.g. {@code parse("forced")} is {@link
     * #FORCED}.
     *
     * @param code a reason code, any case
     * @return the reason
     * @throws InvalidValueException if the code names no reason
     */
    public static ResyncReason parse(String code) {
        return EnumParse.parse(ResyncReason.class, "resync reason", code);
    }
}
