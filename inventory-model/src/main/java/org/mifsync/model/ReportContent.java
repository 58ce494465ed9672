package org.mifsync.model;

/**
 * What an {@link InventoryReport} carries: a complete {@link Inventory} for full and resync
 * reports, an {@link InventoryDelta} for delta reports.
 *
 * <p>Both implementations are immutable and thread-safe.
 *
 * @since 0.1
 */
public sealed interface ReportContent permits Inventory, InventoryDelta {

    /**
     * Tells whether this is a complete inventory rather than a delta.
     *
     * @return true for an {@link Inventory}
     */
    default boolean isComplete() {
        return this instanceof Inventory;
    }
}
