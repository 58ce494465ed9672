package org.mifsync.resync.files;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Objects;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SmsId;

/**
 * One resync request as the request files hold it: the client, the kind of inventory asked for,
 * the request time and why it was asked.
 *
 * <p>The files keep whole seconds in UTC ({@code yyyymmddhhmmss}), so the request time is
 * truncated to the second on construction and must lie between {@link #MIN_TIME} and {@link
 * #MAX_TIME}. Both SMSID forms are accepted here; {@code RESYNC.CFG} itself refuses the GUID form
 * (see {@link ResyncCfg#accepts(SmsId)}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param smsId the client
 * @param kind hardware or software
 * @param requestTime when the request was made, whole seconds
 * @param reason why
 * @since 0.1
 */
public record ResyncEntry(SmsId smsId, InventoryKind kind, Instant requestTime, ResyncReason reason) {

    /** The earliest time the 14-digit field can hold: {@code 00000101000000}. */
    public static final Instant MIN_TIME = Instant.parse("0000-01-01T00:00:00Z");

    /** The latest time the 14-digit field can hold: {@code 99991231235959}. */
    public static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * The order of {@code RESYNC.CFG}: ASCII byte order of the SMSID, then kind ({@code HW} before
     * {@code SW}).
     */
    public static final Comparator<ResyncEntry> FILE_ORDER =
            Comparator.comparing(ResyncEntry::smsId).thenComparing(ResyncEntry::kind);

    /**
     * Validates the entry and truncates the time to whole seconds.
     *
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if the time is outside {@link #MIN_TIME}..{@link #MAX_TIME}
     */
    public ResyncEntry {
        Objects.requireNonNull(smsId, "smsId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requestTime, "requestTime");
        Objects.requireNonNull(reason, "reason");
        requestTime = requestTime.truncatedTo(ChronoUnit.SECONDS);
        if (requestTime.isBefore(MIN_TIME) || requestTime.isAfter(MAX_TIME)) {
            throw new IllegalArgumentException("request time " + requestTime + " of " + smsId + " " + kind
                    + " is outside the years 0000-9999 that yyyymmddhhmmss can hold");
        }
    }

    /**
     * Tells whether this entry and the other are for the same client and kind, the key of a
     * {@code RESYNC.CFG} record.
     *
     * @param other the entry to compare with
     * @return true if SMSID and kind are equal
     */
    public boolean sameKey(ResyncEntry other) {
        return smsId.equals(other.smsId) && kind == other.kind;
    }

    /**
     * Of two entries with the same key, returns the one that wins a merge: the newer request time;
     * on equal times, {@code later}.
     *
     * @param earlier the entry seen first
     * @param later the entry seen second
     * @return the winner
     * @throws IllegalArgumentException if the keys differ
     */
    public static ResyncEntry newest(ResyncEntry earlier, ResyncEntry later) {
        if (!earlier.sameKey(later)) {
            throw new IllegalArgumentException("cannot merge " + earlier + " with " + later
                    + ": SMSID and kind differ");
        }
        return earlier.requestTime.isAfter(later.requestTime) ? earlier : later;
    }

    /**
     * Returns the entry as a file record would show it, e.g. {@code ABC00001 HW 19990102030405
     * NO_BASELINE}.
     *
     * @return a one-line description
     */
    @Override
    public String toString() {
        return smsId + " " + kind + " " + RecordFormat.formatTime(requestTime) + " " + reason;
    }
}
