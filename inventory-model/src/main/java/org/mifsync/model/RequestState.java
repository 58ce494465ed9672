package org.mifsync.model;

/**
 * Where a resync request is in its life: requested, then published in the domain's files, then
 * acknowledged by the answering resync report, or expired by {@code dumpsync DAYS}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public enum RequestState {
    /** Recorded in the store, not yet written to the domain's files. */
    REQUESTED,
    /** Written to {@code Resync.cfg} and the client's {@code <SMSID>.CFG}. */
    PUBLISHED,
    /** The client's resync report naming this request's time has arrived. */
    ACKNOWLEDGED,
    /** Aged out without an answer. */
    EXPIRED;

    /**
     * Tells whether the request still waits for its answer.
     *
     * @return true for {@link #REQUESTED} and {@link #PUBLISHED}
     */
    public boolean isPending() {
        return this == REQUESTED || this == PUBLISHED;
    }

    /**
     * Returns the state for its name, ignoring case.
     *
     * @param name a state name, any case
     * @return the state
     * @throws InvalidValueException if the name names no state
     */
    public static RequestState parse(String name) {
        return EnumParse.parse(RequestState.class, "request state", name);
    }
}
