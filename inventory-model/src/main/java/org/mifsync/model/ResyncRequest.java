package org.mifsync.model;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A request that a client send a complete inventory of one kind, and where it stands.
 *
 * <p>The request time is what the client sees in {@code Resync.cfg} or its {@code <SMSID>.CFG}
 * and echoes back in its resync report, so it is kept in whole seconds (truncated on
 * construction) within the years 0000-9999 that {@code yyyymmddhhmmss} can hold.
 * {@link #refusalsSince()} counts the reports refused while the request was pending, which attach
 * to it instead of creating a new request. {@link #acknowledgedAt()} may only be present on an
 * acknowledged request, and may be absent there when the time is not known.
 *
 * <p>The life cycle methods ({@link #published()}, {@link #acknowledged(Instant)}, {@link
 * #expired()}, {@link #refusedAgain()}, {@link #reissued(Instant)}) return new values and refuse
 * steps the life cycle does not have with an {@link IllegalStateException}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param client the client asked
 * @param kind hardware or software
 * @param requestTime when the request was made, whole seconds
 * @param reason why
 * @param requestedBy who asked: a tool or an administrator; not blank, no control characters, at
 *     most 256 characters
 * @param refusalsSince reports refused since the request was made, zero or more
 * @param state where the request stands
 * @param acknowledgedAt when the answering report arrived, only for an acknowledged request
 * @since 0.1
 */
public record ResyncRequest(SmsId client, InventoryKind kind, Instant requestTime, ResyncReason reason,
        String requestedBy, int refusalsSince, RequestState state, Optional<Instant> acknowledgedAt) {

    /** The longest {@code requestedBy} accepted. */
    public static final int MAX_REQUESTED_BY_LENGTH = 256;

    /**
     * Validates the request and truncates its request time to whole seconds.
     *
     * @param client the client asked
     * @param kind hardware or software
     * @param requestTime when the request was made, whole seconds
     * @param reason why
     * @param requestedBy who asked: a tool or an administrator; not blank, no control characters,
     *     at most 256 characters
     * @param refusalsSince reports refused since the request was made, zero or more
     * @param state where the request stands
     * @param acknowledgedAt when the answering report arrived, only for an acknowledged request
     * @throws InvalidValueException if a field is null, the request time is outside the years
     *     0000-9999, {@code requestedBy} is blank, too long or holds a control character, the
     *     refusal count is negative, or an acknowledgement time is present on a request that is
     *     not acknowledged or lies before the request time
     */
    public ResyncRequest {
        Check.notNull("client", client);
        Check.notNull("inventory kind", kind);
        requestTime = Check.fileTime("request time", requestTime);
        Check.notNull("resync reason", reason);
        Check.text("requested by", requestedBy, MAX_REQUESTED_BY_LENGTH);
        Check.notNull("request state", state);
        Check.notNull("acknowledgement time", acknowledgedAt);
        String what = "request " + client + " " + kind + " of " + requestTime;
        if (refusalsSince < 0) {
            throw Check.invalid("refusals since", what + " must have a refusal count of 0 or more, found "
                    + refusalsSince);
        }
        if (acknowledgedAt.isPresent() && state != RequestState.ACKNOWLEDGED) {
            throw Check.invalid("acknowledgement time", what + " is " + state
                    + " and cannot have an acknowledgement time");
        }
        if (acknowledgedAt.isPresent() && acknowledgedAt.get().isBefore(requestTime)) {
            throw Check.invalid("acknowledgement time", what + " cannot be acknowledged at "
                    + acknowledgedAt.get() + ", before it was made");
        }
    }

    /**
     * Creates a request without acknowledgement time.
     *
     * @param client the client asked
     * @param kind hardware or software
     * @param requestTime when the request was made; truncated to whole seconds
     * @param reason why
     * @param requestedBy who asked
     * @param refusalsSince reports refused since the request was made
     * @param state where the request stands
     * @throws InvalidValueException if a field is invalid
     */
    public ResyncRequest(SmsId client, InventoryKind kind, Instant requestTime, ResyncReason reason,
            String requestedBy, int refusalsSince, RequestState state) {
        this(client, kind, requestTime, reason, requestedBy, refusalsSince, state, Optional.empty());
    }

    /**
     * Returns a new request: state {@link RequestState#REQUESTED}, no refusals yet.
     *
     * @param client the client asked
     * @param kind hardware or software
     * @param requestTime when the request is made; truncated to whole seconds
     * @param reason why
     * @param requestedBy who asks
     * @return the request
     * @throws InvalidValueException if a field is invalid
     */
    public static ResyncRequest requested(SmsId client, InventoryKind kind, Instant requestTime, ResyncReason reason,
            String requestedBy) {
        return new ResyncRequest(client, kind, requestTime, reason, requestedBy, 0, RequestState.REQUESTED);
    }

    /**
     * Tells whether the request still waits for its answer.
     *
     * @return true when requested or published
     */
    public boolean isPending() {
        return state.isPending();
    }

    /**
     * Tells whether a resync report naming the given request time answers this request: the
     * times are equal once truncated to whole seconds.
     *
     * @param reportedRequestTime the {@code //ResyncRequest} time of a resync report
     * @return true if the report answers this request
     */
    public boolean isAnsweredBy(Instant reportedRequestTime) {
        Check.notNull("reported request time", reportedRequestTime);
        return requestTime.equals(reportedRequestTime.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Returns this request as written to the domain's files.
     *
     * @return the request in state {@link RequestState#PUBLISHED}
     * @throws IllegalStateException if the request is no longer pending
     */
    public ResyncRequest published() {
        requirePending("published");
        return with(RequestState.PUBLISHED, refusalsSince, Optional.empty());
    }

    /**
     * Returns this request as answered by a resync report.
     *
     * @param at when the answering report arrived
     * @return the request in state {@link RequestState#ACKNOWLEDGED}
     * @throws IllegalStateException if the request is no longer pending
     * @throws InvalidValueException if {@code at} is null or before the request time
     */
    public ResyncRequest acknowledged(Instant at) {
        Check.notNull("acknowledgement time", at);
        requirePending("acknowledged");
        return with(RequestState.ACKNOWLEDGED, refusalsSince, Optional.of(at));
    }

    /**
     * Returns this request as aged out without an answer.
     *
     * @return the request in state {@link RequestState#EXPIRED}
     * @throws IllegalStateException if the request is no longer pending
     */
    public ResyncRequest expired() {
        requirePending("expired");
        return with(RequestState.EXPIRED, refusalsSince, Optional.empty());
    }

    /**
     * Returns this request with one more refused report attached.
     *
     * @return the request with {@code refusalsSince + 1} (capped at {@link Integer#MAX_VALUE})
     * @throws IllegalStateException if the request is no longer pending
     */
    public ResyncRequest refusedAgain() {
        requirePending("counted as refused again");
        int count = refusalsSince == Integer.MAX_VALUE ? refusalsSince : refusalsSince + 1;
        return with(state, count, Optional.empty());
    }

    /**
     * Returns this request issued again with a new time, after it went unanswered: state {@link
     * RequestState#REQUESTED}, no refusals. The new time must be at least one second later, so
     * the client can tell the two requests apart.
     *
     * @param newRequestTime the new request time; truncated to whole seconds
     * @return the re-issued request
     * @throws IllegalStateException if the request is no longer pending
     * @throws InvalidValueException if the new time is not at least one second later
     */
    public ResyncRequest reissued(Instant newRequestTime) {
        Instant next = Check.fileTime("request time", newRequestTime);
        requirePending("re-issued");
        if (next.isBefore(requestTime.plus(Duration.ofSeconds(1)))) {
            throw Check.invalid("request time", "request " + client + " " + kind + " of " + requestTime
                    + " must be re-issued at least one second later, found " + next);
        }
        return new ResyncRequest(client, kind, next, reason, requestedBy, 0, RequestState.REQUESTED);
    }

    private void requirePending(String step) {
        if (!state.isPending()) {
            throw new IllegalStateException("request " + client + " " + kind + " of " + requestTime + " is " + state
                    + " and cannot be " + step);
        }
    }

    private ResyncRequest with(RequestState newState, int refusals, Optional<Instant> at) {
        return new ResyncRequest(client, kind, requestTime, reason, requestedBy, refusals, newState, at);
    }
}
