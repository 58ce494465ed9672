package org.mifsync.model;

/**
 * The two kinds of inventory a client reports and the store keeps apart: hardware and software.
 * The names are the codes written in {@code Resync.cfg}, {@code <SMSID>.CFG} and the
 * {@code //InventoryKind<HW|SW>} report directive.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public enum InventoryKind {
    /** Hardware inventory. */
    HW,
    /** Software inventory. */
    SW;

    /**
     * Returns the kind for its code, ignoring case, e.g. {@code parse("hw")} is {@link #HW}.
     *
     * @param code {@code HW} or {@code SW}, any case
     * @return the kind
     * @throws InvalidValueException if the code is neither
     */
    public static InventoryKind parse(String code) {
        return EnumParse.parse(InventoryKind.class, "inventory kind", code);
    }
}
