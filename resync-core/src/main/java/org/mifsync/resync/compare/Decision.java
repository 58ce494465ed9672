package org.mifsync.resync.compare;

import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.ResyncRequest;
import org.mifsync.resync.store.Outcome;

/**
 * What the comparison decided about one report: the outcome with its reason code, a sentence for
 * people, what happened to the client's resync request and how many inventory rows were written.
 *
 * <p>Immutable and thread-safe.
 *
 * @param outcome the decision, e.g. {@link Outcome#APPLIED_DELTA} or {@link Outcome#VERSION_GAP}
 * @param detail why, for people (the load log's text)
 * @param requestAction what was done to the resync request of the report's client and kind
 * @param request the request after the decision, when one was created, attached to, re-issued or
 *     acknowledged
 * @param inventoryRowsWritten inventory rows inserted, changed or deleted (zero unless applied)
 * @since 0.1
 */
public record Decision(Outcome outcome, String detail, RequestAction requestAction, Optional<ResyncRequest> request,
        int inventoryRowsWritten) {

    /**
     * What the decision did to a resync request.
     *
     * @since 0.1
     */
    public enum RequestAction {
        /** No request was touched. */
        NONE,
        /** A new request was made. */
        CREATED,
        /** The refusal was attached to the pending request (its refusal count went up). */
        ATTACHED,
        /** The pending request went unanswered past its timeout and was issued again with a new time. */
        REISSUED,
        /** The resync report answered the pending request. */
        ACKNOWLEDGED
    }

    /**
     * Validates the fields.
     *
     * @param outcome the decision
     * @param detail why
     * @param requestAction what was done to the request
     * @param request the request, if one was touched
     * @param inventoryRowsWritten rows written
     */
    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(requestAction, "request action");
        Objects.requireNonNull(request, "request");
    }

    /**
     * Tells whether the report changed the stored inventory.
     *
     * @return true for an applied report
     */
    public boolean isApplied() {
        return outcome.isApplied();
    }

    /**
     * Tells whether this decision asked the client for a complete inventory with a new request
     * time (created or re-issued).
     *
     * @return true when a request time was made
     */
    public boolean madeRequest() {
        return requestAction == RequestAction.CREATED || requestAction == RequestAction.REISSUED;
    }
}
