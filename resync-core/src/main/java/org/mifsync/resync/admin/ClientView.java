package org.mifsync.resync.admin;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.resync.store.ClassTypes;
import org.mifsync.resync.store.Clients;
import org.mifsync.resync.store.LoadLogEntry;
import org.mifsync.resync.store.StoredClient;
import org.mifsync.resync.store.StoredRequest;

/**
 * What the store holds for one client ({@code client show}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param client the client: SMSID, name, card, site, domain, quarantine
 * @param quarantineDetail why the SMSID is quarantined, when it is
 * @param identities the identities seen on the SMSID, most recently seen first
 * @param kinds hardware then software: version state and rows
 * @param requests every resync request made for the client, oldest first
 * @param recentLoadLog the newest load-log rows, oldest of them first
 * @param blocked classes blocked after a type conflict, with the conflicting attributes
 * @param dropped classes left out of the client's reports
 * @param retyped families accepted for the client's classes
 * @since 0.1
 */
public record ClientView(StoredClient client, Optional<String> quarantineDetail,
        List<Clients.SeenIdentity> identities, List<KindView> kinds, List<StoredRequest> requests,
        List<LoadLogEntry> recentLoadLog, List<ClassTypes.Block> blocked, List<ClassTypes.Dropped> dropped,
        List<ClassTypes.Retyped> retyped) {

    /**
     * Copies the lists.
     *
     * @param client the client
     * @param quarantineDetail why quarantined
     * @param identities identities seen
     * @param kinds the kinds
     * @param requests the requests
     * @param recentLoadLog the load log
     * @param blocked blocked classes
     * @param dropped dropped classes
     * @param retyped accepted families
     */
    public ClientView {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(quarantineDetail, "quarantine detail");
        identities = List.copyOf(identities);
        kinds = List.copyOf(kinds);
        requests = List.copyOf(requests);
        recentLoadLog = List.copyOf(recentLoadLog);
        blocked = List.copyOf(blocked);
        dropped = List.copyOf(dropped);
        retyped = List.copyOf(retyped);
    }
}
