package org.mifsync.resync.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.ResyncRequest;

/**
 * A resync request with what the store keeps beyond the model: its row ID, how often it was issued
 * (1 for a request never re-issued), when it was first made, when it may be re-issued with a new
 * time, and when it was published and expired.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the request's row ID
 * @param request client, kind, current request time, reason, who asked, refusals since, state,
 *     acknowledgement time
 * @param issueCount how often the request was issued, 1 or more
 * @param firstRequestedAt when it was first made
 * @param nextReissueAt from when a further refusal re-issues it with a new time
 * @param publishedAt when it was last written to the request files, if it was
 * @param expiredAt when it was aged out, if it was
 * @since 0.1
 */
public record StoredRequest(long id, ResyncRequest request, int issueCount, Instant firstRequestedAt,
        Instant nextReissueAt, Optional<Instant> publishedAt, Optional<Instant> expiredAt) {

    /**
     * Validates the fields.
     *
     * @param id the row ID
     * @param request the request
     * @param issueCount how often issued, 1 or more
     * @param firstRequestedAt when first made
     * @param nextReissueAt from when it may be re-issued
     * @param publishedAt when published, if it was
     * @param expiredAt when expired, if it was
     */
    public StoredRequest {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(firstRequestedAt, "first request time");
        Objects.requireNonNull(nextReissueAt, "re-issue time");
        Objects.requireNonNull(publishedAt, "publication time");
        Objects.requireNonNull(expiredAt, "expiry time");
        if (issueCount < 1) {
            throw new IllegalArgumentException("issue count must be 1 or more, found " + issueCount);
        }
    }
}
