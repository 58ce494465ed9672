package org.mifsync.resync.admin;

import java.util.List;
import java.util.Objects;
import org.mifsync.model.ResyncRequest;
import org.mifsync.resync.store.Clients;
import org.mifsync.resync.store.StoredClient;
import org.mifsync.resync.files.Mode;

/**
 * What {@code client resolve} did (or, in a dry run, would do) to end a {@code DUPLICATE_ID}
 * quarantine.
 *
 * <p>Immutable and thread-safe.
 *
 * @param client the client as it was, quarantined
 * @param mode applied or dry run
 * @param kept the identity that keeps the SMSID
 * @param forgotten the other identities, forgotten ({@code --forget-others})
 * @param watched the other identities, kept on watch: one that reports again within the duplicate-ID
 *     window quarantines the SMSID again
 * @param requested the complete reports asked of the kept machine (its stored inventory may hold the
 *     other machine's rows)
 * @since 0.1
 */
public record Resolution(StoredClient client, Mode mode, Clients.SeenIdentity kept,
        List<Clients.SeenIdentity> forgotten, List<Clients.SeenIdentity> watched,
        List<ResyncRequest> requested) {

    /**
     * Copies the lists.
     *
     * @param client the client
     * @param mode the mode
     * @param kept the kept identity
     * @param forgotten forgotten identities
     * @param watched watched identities
     * @param requested requests made
     */
    public Resolution {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(kept, "kept identity");
        forgotten = List.copyOf(forgotten);
        watched = List.copyOf(watched);
        requested = List.copyOf(requested);
    }
}
