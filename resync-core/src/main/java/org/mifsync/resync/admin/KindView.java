package org.mifsync.resync.admin;

import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryKind;
import org.mifsync.resync.store.KindState;

/**
 * One kind of a client's stored inventory: its version state (the baseline a delta needs) and its
 * rows.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind hardware or software
 * @param state the version of the last accepted report and its times, or empty without a baseline
 * @param inventory the stored rows, empty without a baseline
 * @since 0.1
 */
public record KindView(InventoryKind kind, Optional<KindState> state, Inventory inventory) {

    /**
     * Validates the fields.
     *
     * @param kind the kind
     * @param state the state, if any
     * @param inventory the rows
     */
    public KindView {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(inventory, "inventory");
    }
}
