package org.mifsync.resync.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.resync.report.ClientIdentity;

/**
 * A client as the store holds it: its row ID, the identity of its last accepted report, when it
 * was quarantined (a duplicate SMSID waiting for an administrator) and the time of the newest
 * resync request made for it (any kind), which every new request time must exceed by at least a
 * second.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the client's row ID in this store
 * @param identity SMSID, name, card, site and domain
 * @param quarantinedAt when the SMSID was quarantined, if it is
 * @param lastRequestTime the newest request time made for this client, if any
 * @since 0.1
 */
public record StoredClient(long id, ClientIdentity identity, Optional<Instant> quarantinedAt,
        Optional<Instant> lastRequestTime) {

    /**
     * Validates the fields.
     *
     * @param id the row ID
     * @param identity the identity
     * @param quarantinedAt when quarantined, if it is
     * @param lastRequestTime the newest request time, if any
     */
    public StoredClient {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(quarantinedAt, "quarantine time");
        Objects.requireNonNull(lastRequestTime, "last request time");
    }

    /**
     * Tells whether the client's SMSID is quarantined.
     *
     * @return true while quarantined
     */
    public boolean isQuarantined() {
        return quarantinedAt.isPresent();
    }
}
