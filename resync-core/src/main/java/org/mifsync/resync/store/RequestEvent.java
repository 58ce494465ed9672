package org.mifsync.resync.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;

/**
 * One step in a resync request's life that a tool took, as the store's audit trail keeps it: the
 * request, which step, where (site and domain), who took it, why, and when.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestId the request's row ID
 * @param smsId the client
 * @param kind the kind of inventory asked for
 * @param requestTime the request time the step concerned
 * @param type the step
 * @param site the site that took the step, if known
 * @param domain the domain whose files it concerned, if any
 * @param actor who took it: a tool or an administrator
 * @param detail why, for people; may be empty
 * @param at when
 * @since 0.1
 */
public record RequestEvent(long requestId, SmsId smsId, InventoryKind kind, Instant requestTime, Type type,
        Optional<SiteCode> site, Optional<DomainName> domain, String actor, String detail, Instant at) {

    /**
     * The steps the tools record. The comparer's own steps (a request made, re-issued,
     * acknowledged) are kept on the request row itself.
     *
     * @since 0.1
     */
    public enum Type {
        /** An administrator forced a resync ({@code invsync}), new or replacing a pending request. */
        FORCED,
        /** Admitted through the throttle and written to the domain's files. */
        PUBLISHED,
        /** Gone from the domain's files at a publish after it was acknowledged, expired or cancelled. */
        REMOVED,
        /** Aged out unanswered ({@code dumpsync DAYS}). */
        EXPIRED,
        /** Withdrawn by an administrator ({@code invsync --cancel}); the request's state is then EXPIRED. */
        CANCELLED
    }

    /**
     * Validates the fields.
     *
     * @param requestId the request's row ID
     * @param smsId the client
     * @param kind the kind
     * @param requestTime the request time
     * @param type the step
     * @param site the site, if known
     * @param domain the domain, if any
     * @param actor who
     * @param detail why
     * @param at when
     */
    public RequestEvent {
        Objects.requireNonNull(smsId, "SMSID");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(requestTime, "request time");
        Objects.requireNonNull(type, "event type");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(at, "time");
        if (actor.isBlank()) {
            throw new IllegalArgumentException("an event needs an actor (a tool or an administrator)");
        }
    }
}
