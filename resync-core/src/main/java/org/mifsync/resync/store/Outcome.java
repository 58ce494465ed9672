package org.mifsync.resync.store;

import java.util.Optional;
import org.mifsync.model.ResyncReason;

/**
 * What the loader decided about a report: its reason code, kept in the load log and
 * shown by the tools. Refused reports are archived under {@code INVENTRY.BOX/REFUSED/<name>/};
 * only {@link #BAD_MIF} files go to {@code BADMIFS}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public enum Outcome {
    /** A full report replaced the kind's inventory. */
    APPLIED_FULL(null),
    /** A resync report replaced the kind's inventory (and acknowledged the request it answers). */
    APPLIED_RESYNC(null),
    /** A delta in sequence was applied. */
    APPLIED_DELTA(null),
    /** An IDMIF of another architecture replaced its custom object whole (or created it). */
    APPLIED_OBJECT(null),
    /** The report was seen before, or its version equals the stored one: archived, no resync. */
    DUPLICATE(null),
    /** The report's version is lower than the stored one: archived, no resync. */
    OUTDATED(null),
    /** A delta for a client or kind without baseline: refused, resync requested. */
    NO_BASELINE(ResyncReason.NO_BASELINE),
    /** A delta whose version does not follow the stored one: refused, resync requested. */
    VERSION_GAP(ResyncReason.VERSION_GAP),
    /** A delta that adds a row that is there, or updates or deletes one that is not: refused, resync requested. */
    ROW_MISMATCH(ResyncReason.ROW_MISMATCH),
    /** Two identities alternate on one SMSID: refused, at most one resync, SMSID quarantined. */
    DUPLICATE_ID(ResyncReason.DUPLICATE_ID),
    /**
     * A conflicting record: the report has a stored SMSID but both another name and another network
     * card than the stored client ({@code identity-conflict = manual}). Refused without resync and
     * held for {@code client resolve --merge | --keep | --block}.
     */
    IDENTITY_CONFLICT(null),
    /** An attribute's type family differs from its class's stored one: refused without resync, class blocked. */
    TYPE_CONFLICT(null),
    /** A stand-alone NOIDMIF: no Identification group. Refused (a documented limit). */
    NOIDMIF(null),
    /**
     * An IDMIF of another architecture refused: IDMIF collection is off ({@code idmif-collection}), or
     * an SMS 2.0 IDMIF targets {@code System} or {@code Personal Computer}.
     */
    FOREIGN_ARCHITECTURE(null),
    /**
     * The report names a site ({@code Site} in its Identification group) that the site description
     * does not hold: refused without resync and nothing stored, as no site could administer the
     * client. Loadable once the site is described.
     */
    UNKNOWN_SITE(null),
    /** The file does not parse or cannot be read as a report: {@code BADMIFS} with a {@code .err} file. */
    BAD_MIF(null),
    /** Logged beside an applied report: the client's name changed (same SMSID and card). */
    RENAMED(null),
    /** Logged beside an applied report: the client's network card changed (same SMSID and name). */
    CARD_CHANGED(null);

    private final ResyncReason resyncReason;

    Outcome(ResyncReason resyncReason) {
        this.resyncReason = resyncReason;
    }

    /**
     * Tells whether the report changed the stored inventory.
     *
     * @return true for the {@code APPLIED_} outcomes
     */
    public boolean isApplied() {
        return this == APPLIED_FULL || this == APPLIED_RESYNC || this == APPLIED_DELTA || this == APPLIED_OBJECT;
    }

    /**
     * Tells whether this outcome is a note beside another one rather than a decision about a report.
     *
     * @return true for {@link #RENAMED} and {@link #CARD_CHANGED}
     */
    public boolean isNote() {
        return this == RENAMED || this == CARD_CHANGED;
    }

    /**
     * Tells whether a report with this outcome is refused (archived under {@code REFUSED/}).
     *
     * @return true unless applied, a note or {@link #BAD_MIF}
     */
    public boolean isRefused() {
        return !isApplied() && !isNote() && this != BAD_MIF;
    }

    /**
     * Returns the reason a resync is requested with, for the outcomes that request one.
     *
     * @return the resync reason, or empty
     */
    public Optional<ResyncReason> resyncReason() {
        return Optional.ofNullable(resyncReason);
    }
}
