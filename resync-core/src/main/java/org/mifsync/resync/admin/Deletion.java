package org.mifsync.resync.admin;

import java.util.Map;
import java.util.Objects;
import org.mifsync.model.InventoryKind;
import org.mifsync.resync.store.StoredClient;
import org.mifsync.resync.files.Mode;

/**
 * What {@code client delete} removed (or, in a dry run, would remove): the client with its
 * inventory, versions, requests, blocks and identities; its load log stays.
 *
 * <p>Immutable and thread-safe.
 *
 * @param client the client as it was
 * @param mode applied or dry run
 * @param instancesDeleted group instances removed, per kind (kinds without any are absent)
 * @param requestsDeleted resync requests removed, in any state
 * @since 0.1
 */
public record Deletion(StoredClient client, Mode mode, Map<InventoryKind, Integer> instancesDeleted,
        int requestsDeleted) {

    /**
     * Copies the map.
     *
     * @param client the client
     * @param mode the mode
     * @param instancesDeleted instances per kind
     * @param requestsDeleted requests
     */
    public Deletion {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(mode, "mode");
        instancesDeleted = Map.copyOf(instancesDeleted);
    }
}
