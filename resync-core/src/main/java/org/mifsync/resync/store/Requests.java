package org.mifsync.resync.store;

import static org.mifsync.resync.store.StoreTransaction.bind;
import static org.mifsync.resync.store.StoreTransaction.millis;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncRequest;

/**
 * The resync requests inside one transaction ({@link StoreTransaction#requests}): each client's
 * requests per kind as rows. The steps of a request's life are {@link RequestLifecycle}'s; the
 * publisher's locks and the audit trail are {@link RequestLedger}'s.
 *
 * <p>Not thread-safe, and valid only inside the transaction it belongs to.
 *
 * @since 0.1
 */
public final class Requests {

    private final StoreTransaction tx;

    Requests(StoreTransaction tx) {
        this.tx = tx;
    }

    /**
     * Returns the pending (requested or published) request for a client's kind.
     *
     * @param clientId the client
     * @param kind the kind
     * @return the request, or empty
     * @throws SQLException if the database fails
     */
    public Optional<StoredRequest> pendingRequest(long clientId, InventoryKind kind) throws SQLException {
        List<StoredRequest> found = requests("r.client_id = ? AND r.kind = ? AND r.state IN ('REQUESTED', 'PUBLISHED')",
                clientId, kind.name());
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * Returns every request made for a client, oldest first.
     *
     * @param clientId the client
     * @return the requests
     * @throws SQLException if the database fails
     */
    public List<StoredRequest> ofClient(long clientId) throws SQLException {
        return requests("r.client_id = ?", clientId);
    }

    /**
     * Returns every pending request of the store, oldest request time first.
     *
     * @return the requests
     * @throws SQLException if the database fails
     */
    public List<StoredRequest> pendingRequests() throws SQLException {
        return requests("r.state IN ('REQUESTED', 'PUBLISHED')");
    }

    private List<StoredRequest> requests(String where, Object... params) throws SQLException {
        List<StoredRequest> found = new ArrayList<>();
        try (PreparedStatement s = tx.prepare("SELECT r.*, c.sms_id FROM resync_request r"
                + " JOIN client c ON c.client_id = r.client_id WHERE " + where
                + " ORDER BY r.request_time, r.request_id")) {
            bind(s, params);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(RequestLifecycle.read(rows));
                }
            }
        }
        return found;
    }

    /**
     * Adds a request.
     *
     * @param clientId the client it asks
     * @param request the request; its client must be the client's SMSID
     * @param nextReissueAt from when a further refusal may re-issue it
     * @param now the time
     * @return the request as stored
     * @throws SQLException if the database fails, e.g. a request is already pending for the kind
     */
    public StoredRequest insertRequest(long clientId, ResyncRequest request, Instant nextReissueAt, Instant now)
            throws SQLException {
        try (PreparedStatement s = tx.prepare("INSERT INTO resync_request (client_id, kind,"
                + " request_time, reason, requested_by, refusals_since, issue_count, state, first_requested_at,"
                + " next_reissue_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?) RETURNING request_id")) {
            bind(s, clientId, request.kind().name(), request.requestTime().toEpochMilli(), request.reason().name(),
                    request.requestedBy(), request.refusalsSince(), request.state().name(),
                    request.requestTime().toEpochMilli(), nextReissueAt.toEpochMilli(), now.toEpochMilli());
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return RequestLifecycle.made(rows.getLong(1), request, nextReissueAt);
            }
        }
    }

    /**
     * Writes a request's changing fields (time, reason, who asked, refusals, state, issue count, times) by
     * its ID.
     *
     * @param stored the request as it now is
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void updateRequest(StoredRequest stored, Instant now) throws SQLException {
        ResyncRequest r = stored.request();
        tx.update("UPDATE resync_request SET request_time = ?, reason = ?, requested_by = ?, refusals_since = ?,"
                + " issue_count = ?, state = ?, next_reissue_at = ?, published_at = ?, acknowledged_at = ?,"
                + " expired_at = ?, updated_at = ? WHERE request_id = ?", r.requestTime().toEpochMilli(),
                r.reason().name(), r.requestedBy(), r.refusalsSince(), stored.issueCount(), r.state().name(),
                stored.nextReissueAt().toEpochMilli(), millis(stored.publishedAt()), millis(r.acknowledgedAt()),
                millis(stored.expiredAt()), now.toEpochMilli(), stored.id());
    }
}
