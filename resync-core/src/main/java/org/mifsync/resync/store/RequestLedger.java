package org.mifsync.resync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.RequestState;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;

/**
 * The store's vocabulary for the request tools (publisher, {@code invsync}, {@code dumpsync}) inside
 * one transaction: the publisher's locks, requests with their clients, the removal step and the
 * audit trail of {@link RequestEvent}s. The steps of a request's life are {@link RequestLifecycle}'s.
 *
 * <pre>{@code
 * store.inTransaction(tx -> {
 *     RequestLedger ledger = tx.requestLedger();
 *     ledger.lockDomain(domain);
 *     List<TrackedRequest> published = ledger.requests(List.of(RequestState.PUBLISHED));
 *     ...
 * });
 * }</pre>
 *
 * <p>Not thread-safe, and valid only inside the transaction it was made for.
 *
 * @since 0.1
 */
public final class RequestLedger {

    private final StoreTransaction tx;

    RequestLedger(StoreTransaction tx) {
        this.tx = tx;
    }

    /**
     * Makes this transaction the only publisher of a domain's files until it ends: an advisory lock
     * on PostgreSQL; on SQLite the transaction ({@code BEGIN IMMEDIATE}) already holds the only
     * write lock.
     *
     * @param domain the domain
     * @throws SQLException if the database fails
     */
    public void lockDomain(DomainName domain) throws SQLException {
        tx.dialect().lockNamed(tx.connection(), Dialect.LOCK_SPACE_DOMAIN, domain.folded());
    }

    /**
     * Makes this transaction the only one admitting new requests of a site through its throttle
     * until it ends, so that two publishers never both spend the same budget.
     *
     * @param site the site
     * @throws SQLException if the database fails
     */
    public void lockAdmission(SiteCode site) throws SQLException {
        tx.dialect().lockNamed(tx.connection(), Dialect.LOCK_SPACE_THROTTLE, site.value());
    }

    /**
     * Returns every request in the given states with its client, oldest request time first.
     *
     * @param states the states wanted
     * @return the requests
     * @throws SQLException if the database fails
     */
    public List<TrackedRequest> requests(Collection<RequestState> states) throws SQLException {
        if (states.isEmpty()) {
            return List.of();
        }
        String in = states.stream().map(s -> "'" + s.name() + "'").distinct().collect(Collectors.joining(", "));
        return query("r.state IN (" + in + ")", null);
    }

    /**
     * Returns the requests that ended (acknowledged or expired) after they were published and whose
     * removal from the files is not recorded yet, with their clients.
     *
     * @return the requests, oldest request time first
     * @throws SQLException if the database fails
     */
    public List<TrackedRequest> awaitingRemoval() throws SQLException {
        return query("r.state IN ('ACKNOWLEDGED', 'EXPIRED') AND r.published_at IS NOT NULL AND r.removed_at IS NULL",
                null);
    }

    /**
     * Returns every request of one client with its client, oldest request time first.
     *
     * @param clientId the client's row ID
     * @return the requests
     * @throws SQLException if the database fails
     */
    public List<TrackedRequest> requestsOf(long clientId) throws SQLException {
        return query("r.client_id = ?", clientId);
    }

    private List<TrackedRequest> query(String where, Long param) throws SQLException {
        List<TrackedRequest> found = new ArrayList<>();
        try (PreparedStatement s = tx.connection().prepareStatement("SELECT r.*, c.sms_id, c.name, c.site AS c_site,"
                + " c.domain AS c_domain, c.quarantined_at FROM resync_request r JOIN client c ON c.client_id ="
                + " r.client_id WHERE " + where + " ORDER BY r.request_time, r.request_id")) {
            if (param != null) {
                s.setLong(1, param);
            }
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    StoredRequest stored = RequestLifecycle.read(rows);
                    found.add(new TrackedRequest(stored, rows.getLong("client_id"), NetBiosName.of(rows.getString("name")),
                            Optional.ofNullable(rows.getString("c_site")).map(SiteCode::of),
                            Optional.ofNullable(rows.getString("c_domain")).map(DomainName::of),
                            instant(rows, "quarantined_at").isPresent(), instant(rows, "removed_at")));
                }
            }
        }
        return found;
    }

    /**
     * Records that a request left its domain's files.
     *
     * @param requestId the request
     * @param at when
     * @throws SQLException if the database fails
     */
    public void markRemoved(long requestId, Instant at) throws SQLException {
        tx.update("UPDATE resync_request SET removed_at = ?, updated_at = ? WHERE request_id = ?", at.toEpochMilli(),
                at.toEpochMilli(), requestId);
    }

    /**
     * Appends an event to the audit trail.
     *
     * @param event the event
     * @throws SQLException if the database fails
     */
    public void record(RequestEvent event) throws SQLException {
        tx.update("INSERT INTO request_event (request_id, sms_id, kind, request_time, event, site, domain, actor,"
                + " detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", event.requestId(), event.smsId().value(),
                event.kind().name(), event.requestTime().toEpochMilli(), event.type().name(),
                event.site().map(SiteCode::value).orElse(null), event.domain().map(DomainName::value).orElse(null),
                event.actor(), event.detail(), event.at().toEpochMilli());
    }

    /**
     * Returns the times of a site's events of one type after a moment, oldest first: the throttle's
     * view of its interval.
     *
     * @param type the event type
     * @param site the site
     * @param after events strictly after this time count
     * @return the times
     * @throws SQLException if the database fails
     */
    public List<Instant> eventTimes(RequestEvent.Type type, SiteCode site, Instant after) throws SQLException {
        List<Instant> times = new ArrayList<>();
        try (PreparedStatement s = tx.connection().prepareStatement(
                "SELECT at FROM request_event WHERE event = ? AND site = ? AND at > ? ORDER BY at")) {
            s.setString(1, type.name());
            s.setString(2, site.value());
            s.setLong(3, after.toEpochMilli());
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    times.add(Instant.ofEpochMilli(rows.getLong(1)));
                }
            }
        }
        return times;
    }

    /**
     * Returns the audit trail of one client's requests, oldest first.
     *
     * @param smsId the client
     * @return the events
     * @throws SQLException if the database fails
     */
    public List<RequestEvent> events(SmsId smsId) throws SQLException {
        List<RequestEvent> found = new ArrayList<>();
        try (PreparedStatement s = tx.connection().prepareStatement(
                "SELECT * FROM request_event WHERE sms_id = ? ORDER BY event_id")) {
            s.setString(1, smsId.value());
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(new RequestEvent(rows.getLong("request_id"), smsId,
                            InventoryKind.valueOf(rows.getString("kind")),
                            Instant.ofEpochMilli(rows.getLong("request_time")),
                            RequestEvent.Type.valueOf(rows.getString("event")),
                            Optional.ofNullable(rows.getString("site")).map(SiteCode::of),
                            Optional.ofNullable(rows.getString("domain")).map(DomainName::of),
                            rows.getString("actor"), rows.getString("detail"),
                            Instant.ofEpochMilli(rows.getLong("at"))));
                }
            }
        }
        return found;
    }

    private static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(value));
    }
}
