package org.mifsync.resync.store;

import static org.mifsync.resync.settings.internal.Checks.positive;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.RequestState;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.ResyncRequest;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.settings.SiteSettings;

/**
 * The life of a resync request, in one place: every step a request takes — issued, attached to,
 * re-issued, forced, published, acknowledged, expired, cancelled — is taken here, inside the
 * caller's transaction, by the comparison, {@code invsync}, the administrator's commands, the
 * publisher and {@code dumpsync} alike.
 *
 * <p>The rules:
 * <ul>
 *   <li><b>At most one pending request</b> (requested or published) per client and kind.</li>
 *   <li><b>A new request time is always at least one second after the previous one for that
 *       client</b> (any kind), in whole seconds, so that a client can tell two requests apart.</li>
 *   <li><b>Refusals attach</b> ({@link #refused}): while a request is pending, a refused report
 *       counts against it ({@link ResyncRequest#refusalsSince()}) instead of making a new time;
 *       once the request has gone unanswered past its re-issue time, the next refusal re-issues it
 *       with a new time. Each issue waits longer before it may be re-issued: the {@linkplain
 *       Reissue#timeout() timeout} times the {@linkplain Reissue#backoff() backoff} to the power of
 *       (issue − 1), never more than the {@linkplain Reissue#ceiling() ceiling}.</li>
 *   <li><b>An administrator's request makes a new time at once</b> ({@link #forced}): it is not a
 *       refusal, so it does not attach. A pending request is re-issued with the administrator's
 *       reason (for {@code invsync}, {@link ResyncReason#FORCED}, which the publisher admits first)
 *       and name, as a new issue with the same backoff; otherwise a new request is made.</li>
 *   <li><b>Acknowledged only by its own time</b> ({@link #acknowledge}): a resync report answers the
 *       pending request whose request time equals its {@code //ResyncRequest} time; any other time
 *       acknowledges nothing.</li>
 *   <li><b>Expired</b> ({@link #expire}, {@code dumpsync DAYS}) and <b>cancelled</b> ({@link
 *       #cancel}, {@code invsync --cancel}) end a pending request as {@link RequestState#EXPIRED};
 *       the step is recorded in the audit trail ({@link RequestEvent}) with who and why, as are
 *       forced requests.</li>
 * </ul>
 *
 * <pre>{@code
 * store.inTransaction(tx -> {
 *     RequestLifecycle requests = RequestLifecycle.of(tx, RequestLifecycle.Reissue.of(store.settings()));
 *     RequestLifecycle.Change c = requests.refused(client, InventoryKind.HW, ResyncReason.VERSION_GAP,
 *             "loader", now);
 *     ...
 * });
 * }</pre>
 *
 * <p>Not thread-safe, and valid only inside the transaction it was made for; the caller holds the
 * client's lock ({@link StoreTransaction#lockClient}) so that two steps on one client never race.
 *
 * @since 0.1
 */
public final class RequestLifecycle {

    private final StoreTransaction tx;
    private final Reissue reissue;

    private RequestLifecycle(StoreTransaction tx, Reissue reissue) {
        this.tx = tx;
        this.reissue = reissue;
    }

    /**
     * Returns the life cycle of a transaction's requests.
     *
     * @param tx the transaction
     * @param reissue when a pending request may be re-issued
     * @return the life cycle
     */
    public static RequestLifecycle of(StoreTransaction tx, Reissue reissue) {
        return new RequestLifecycle(Objects.requireNonNull(tx, "transaction"), Objects.requireNonNull(reissue,
                "re-issue rule"));
    }

    /**
     * When a pending request may be re-issued: {@code timeout} after its first issue, and each
     * further issue waits {@code backoff} times longer, never more than {@code ceiling}.
     *
     * <p>Immutable and thread-safe.
     *
     * @param timeout the wait after the first issue, positive
     * @param backoff the factor each issue multiplies the wait by, 1 or more
     * @param ceiling the longest wait, positive
     * @since 0.1
     */
    public record Reissue(Duration timeout, double backoff, Duration ceiling) {

        /**
         * Validates the fields.
         *
         * @param timeout the first wait
         * @param backoff the factor
         * @param ceiling the longest wait
         * @throws IllegalArgumentException if a wait is not positive or the factor is below 1 or
         *     not finite
         */
        public Reissue {
            positive(timeout, "re-issue timeout");
            positive(ceiling, "longest re-issue interval");
            if (!(backoff >= 1.0) || Double.isInfinite(backoff)) {
                throw new IllegalArgumentException("backoff factor must be 1 or more, found " + backoff);
            }
        }

        /**
         * Returns the rule of a site's settings ({@code reissue-timeout}, {@code reissue-backoff},
         * {@code reissue-ceiling}).
         *
         * @param settings the settings
         * @return the rule
         */
        public static Reissue of(SiteSettings settings) {
            return new Reissue(settings.reissueTimeout(), settings.reissueBackoff(), settings.maxReissueInterval());
        }

        /**
         * Returns how long issue {@code issue} of a request waits for its answer before it may be
         * re-issued: {@code timeout × backoff^(issue − 1)}, at most {@code ceiling}.
         *
         * @param issue the issue, 1 for a request never re-issued
         * @return the wait
         */
        public Duration waitAfter(int issue) {
            double factor = Math.pow(backoff, Math.max(0, issue - 1));
            double millis = Math.min(timeout.toMillis() * factor, (double) ceiling.toMillis());
            return Duration.ofMillis((long) millis);
        }
    }

    /**
     * What a step did to a client's request of one kind.
     *
     * @since 0.1
     */
    public enum Step {
        /** A new request was made: nothing was pending. */
        ISSUED,
        /** The pending request was issued again with a new time. */
        REISSUED,
        /** The refusal was counted against the pending request; its time stays. */
        ATTACHED
    }

    /**
     * The outcome of {@link #refused} or {@link #forced}.
     *
     * <p>Immutable and thread-safe.
     *
     * @param step what was done
     * @param request the request as it now is
     * @param before the pending request as it was, empty when a new one was made
     * @since 0.1
     */
    public record Change(Step step, StoredRequest request, Optional<StoredRequest> before) {

        /**
         * Checks the fields.
         *
         * @param step the step
         * @param request the request now
         * @param before the request before, if there was one
         */
        public Change {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(before, "request before");
        }
    }

    /**
     * Who takes a step of the audit trail and where: the tools' steps ({@link #forced}, {@link
     * #expire}, {@link #cancel}) are recorded as {@link RequestEvent}s with it.
     *
     * <p>Immutable and thread-safe.
     *
     * @param site the site taking the step, if known
     * @param domain the domain whose files it concerns, if known
     * @param actor who: a tool or an administrator
     * @param why why, for people
     * @since 0.1
     */
    public record Audit(Optional<SiteCode> site, Optional<DomainName> domain, String actor, String why) {

        /**
         * Checks the fields.
         *
         * @param site the site, if known
         * @param domain the domain, if known
         * @param actor who
         * @param why why
         */
        public Audit {
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * Asks for a complete report after a refused one: a new request when nothing is pending; the
     * refusal attached to the pending request while it waits for its answer; the pending request
     * re-issued with a new time once its re-issue time has come, waiting longer (the backoff) before
     * the next re-issue. A re-issued request keeps its reason and who asked, and starts again as
     * requested (the publisher writes its new time).
     *
     * @param client the client, as stored
     * @param kind the kind asked for
     * @param reason why, for a new request
     * @param requestedBy who asks, for a new request
     * @param now the time of the refusal
     * @return what was done
     * @throws SQLException if the database fails
     */
    public Change refused(StoredClient client, InventoryKind kind, ResyncReason reason, String requestedBy,
            Instant now) throws SQLException {
        Optional<StoredRequest> pending = tx.requests().pendingRequest(client.id(), kind);
        if (pending.isEmpty()) {
            return issue(client, kind, reason, requestedBy, now);
        }
        StoredRequest p = pending.get();
        if (!now.isBefore(p.nextReissueAt())) {
            Instant time = nextRequestTime(client, p, now);
            return reissue(client, p, p.request().reissued(time), now);
        }
        StoredRequest attached = changed(p, p.request().refusedAgain());
        tx.requests().updateRequest(attached, now);
        return new Change(Step.ATTACHED, attached, pending);
    }

    /**
     * Asks for a complete report because an administrator wants one ({@code invsync}, a class
     * retyped or brought back, a duplicate resolved): a new request when nothing is pending,
     * otherwise the pending request re-issued at once with a new time, the given reason and who
     * asked. The step is recorded as a {@link RequestEvent.Type#FORCED} event.
     *
     * @param client the client, as stored
     * @param kind the kind asked for
     * @param reason why ({@link ResyncReason#FORCED} for {@code invsync})
     * @param audit who asks ({@link Audit#actor()}, also the request's {@code requestedBy}), where
     *     and why
     * @param now the time
     * @return what was done: {@link Step#ISSUED} or {@link Step#REISSUED}
     * @throws SQLException if the database fails
     */
    public Change forced(StoredClient client, InventoryKind kind, ResyncReason reason, Audit audit, Instant now)
            throws SQLException {
        Optional<StoredRequest> pending = tx.requests().pendingRequest(client.id(), kind);
        Change change;
        if (pending.isEmpty()) {
            change = issue(client, kind, reason, audit.actor(), now);
        } else {
            StoredRequest p = pending.get();
            Instant time = nextRequestTime(client, p, now);
            change = reissue(client, p, ResyncRequest.requested(p.request().client(), kind, time, reason,
                    audit.actor()), now);
        }
        record(change.request(), RequestEvent.Type.FORCED, audit, audit.why() + pending.map(p -> "; re-issued the"
                + " pending " + p.request().reason() + " request of " + p.request().requestTime()).orElse(""), now);
        return change;
    }

    /**
     * Acknowledges the pending request a resync report answers: only the one whose request time
     * equals the report's {@code //ResyncRequest} time (in whole seconds).
     *
     * @param clientId the client
     * @param kind the report's kind
     * @param answered the report's {@code //ResyncRequest} time
     * @param now when the report arrived
     * @return the acknowledged request, or empty when no pending request has that time
     * @throws SQLException if the database fails
     */
    public Optional<StoredRequest> acknowledge(long clientId, InventoryKind kind, Instant answered, Instant now)
            throws SQLException {
        Optional<StoredRequest> pending = tx.requests().pendingRequest(clientId, kind);
        if (pending.isEmpty() || !pending.get().request().isAnsweredBy(answered)) {
            return Optional.empty();
        }
        StoredRequest acknowledged = changed(pending.get(), pending.get().request().acknowledged(now));
        tx.requests().updateRequest(acknowledged, now);
        return Optional.of(acknowledged);
    }

    /**
     * Records that a request was written to its domain's files (admitted through the throttle).
     * The caller records the {@link RequestEvent.Type#PUBLISHED} event, which the throttle counts.
     *
     * @param request the pending request
     * @param now the time
     * @return the request as published
     * @throws SQLException if the database fails
     */
    public StoredRequest publish(StoredRequest request, Instant now) throws SQLException {
        StoredRequest published = published(request, now);
        tx.requests().updateRequest(published, now);
        return published;
    }

    /**
     * Ages out a pending request unanswered ({@code dumpsync DAYS}): it ends as expired, recorded as
     * a {@link RequestEvent.Type#EXPIRED} event.
     *
     * @param request the pending request
     * @param audit who ages it out, where and why
     * @param now the time
     * @return the request as expired
     * @throws SQLException if the database fails
     */
    public StoredRequest expire(StoredRequest request, Audit audit, Instant now) throws SQLException {
        return end(request, RequestEvent.Type.EXPIRED, audit, now);
    }

    /**
     * Withdraws the pending request of a client's kind ({@code invsync --cancel}): it ends as
     * expired, recorded as a {@link RequestEvent.Type#CANCELLED} event.
     *
     * @param clientId the client
     * @param kind the kind
     * @param audit who cancels, where and why
     * @param now the time
     * @return the request as cancelled, or empty when nothing was pending
     * @throws SQLException if the database fails
     */
    public Optional<StoredRequest> cancel(long clientId, InventoryKind kind, Audit audit, Instant now)
            throws SQLException {
        Optional<StoredRequest> pending = tx.requests().pendingRequest(clientId, kind);
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(end(pending.get(), RequestEvent.Type.CANCELLED, audit, now));
    }

    // ---- the steps' parts ------------------------------------------------------------------------

    private Change issue(StoredClient client, InventoryKind kind, ResyncReason reason, String requestedBy,
            Instant now) throws SQLException {
        Instant time = nextRequestTime(client, null, now);
        StoredRequest made = tx.requests().insertRequest(client.id(), ResyncRequest.requested(client.identity().smsId(), kind,
                time, reason, requestedBy), now.plus(reissue.waitAfter(1)), now);
        tx.clients().setLastRequestTime(client.id(), time);
        return new Change(Step.ISSUED, made, Optional.empty());
    }

    private Change reissue(StoredClient client, StoredRequest p, ResyncRequest next, Instant now)
            throws SQLException {
        int issue = p.issueCount() == Integer.MAX_VALUE ? p.issueCount() : p.issueCount() + 1;
        StoredRequest reissued = reissued(p, next, issue, now.plus(reissue.waitAfter(issue)));
        tx.requests().updateRequest(reissued, now);
        tx.clients().setLastRequestTime(client.id(), next.requestTime());
        return new Change(Step.REISSUED, reissued, Optional.of(p));
    }

    private StoredRequest end(StoredRequest p, RequestEvent.Type type, Audit audit, Instant now) throws SQLException {
        StoredRequest ended = expired(p, now);
        tx.requests().updateRequest(ended, now);
        record(ended, type, audit, type == RequestEvent.Type.CANCELLED ? audit.why() + " of the "
                + p.request().reason() + " request" : audit.why(), now);
        return ended;
    }

    // the only places a stored request is put together from its parts, with reading a row below

    /** A request just stored: its first issue, made at its request time, never published. */
    static StoredRequest made(long id, ResyncRequest request, Instant nextReissueAt) {
        return new StoredRequest(id, request, 1, request.requestTime(), nextReissueAt, Optional.empty(),
                Optional.empty());
    }

    /** The same stored request with the model's new state (attached, acknowledged); the rest unchanged. */
    private static StoredRequest changed(StoredRequest p, ResyncRequest request) {
        return new StoredRequest(p.id(), request, p.issueCount(), p.firstRequestedAt(), p.nextReissueAt(),
                p.publishedAt(), p.expiredAt());
    }

    /** Issue {@code issue} of a request: its new time, who and why, and when it may be re-issued. */
    private static StoredRequest reissued(StoredRequest p, ResyncRequest next, int issue, Instant nextReissueAt) {
        return new StoredRequest(p.id(), next, issue, p.firstRequestedAt(), nextReissueAt, p.publishedAt(),
                p.expiredAt());
    }

    /** Written to the files now. */
    private static StoredRequest published(StoredRequest p, Instant now) {
        return new StoredRequest(p.id(), p.request().published(), p.issueCount(), p.firstRequestedAt(),
                p.nextReissueAt(), Optional.of(now), p.expiredAt());
    }

    /** Ended unanswered now (aged out or cancelled). */
    private static StoredRequest expired(StoredRequest p, Instant now) {
        return new StoredRequest(p.id(), p.request().expired(), p.issueCount(), p.firstRequestedAt(),
                p.nextReissueAt(), p.publishedAt(), Optional.of(now));
    }

    private void record(StoredRequest s, RequestEvent.Type type, Audit audit, String detail, Instant now)
            throws SQLException {
        ResyncRequest r = s.request();
        tx.requestLedger().record(new RequestEvent(s.id(), r.client(), r.kind(), r.requestTime(), type,
                audit.site(), audit.domain(), audit.actor(), detail, now));
    }

    /**
     * Now in whole seconds, but at least a second after the client's last request time (read again
     * here: an earlier step of this transaction may have made one) and after the pending request's.
     */
    private Instant nextRequestTime(StoredClient client, StoredRequest pending, Instant now) throws SQLException {
        Optional<Instant> last = tx.clients().client(client.identity().smsId()).flatMap(StoredClient::lastRequestTime);
        Optional<Instant> previous = Optional.ofNullable(pending).map(p -> p.request().requestTime());
        Instant time = now.truncatedTo(ChronoUnit.SECONDS);
        for (Optional<Instant> earlier : List.of(last, previous)) {
            if (earlier.isPresent() && time.isBefore(earlier.get().plusSeconds(1))) {
                time = earlier.get().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
            }
        }
        return time;
    }

    /**
     * Reads a request row ({@code resync_request.*} with the client's {@code sms_id}): the one
     * reading of the table, shared by the transaction and the ledger.
     */
    static StoredRequest read(ResultSet rows) throws SQLException {
        ResyncRequest request = new ResyncRequest(SmsId.parse(rows.getString("sms_id")),
                InventoryKind.valueOf(rows.getString("kind")), Instant.ofEpochMilli(rows.getLong("request_time")),
                ResyncReason.valueOf(rows.getString("reason")), rows.getString("requested_by"),
                rows.getInt("refusals_since"), RequestState.valueOf(rows.getString("state")),
                instant(rows, "acknowledged_at"));
        return new StoredRequest(rows.getLong("request_id"), request, rows.getInt("issue_count"),
                Instant.ofEpochMilli(rows.getLong("first_requested_at")),
                Instant.ofEpochMilli(rows.getLong("next_reissue_at")), instant(rows, "published_at"),
                instant(rows, "expired_at"));
    }

    private static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }
}
