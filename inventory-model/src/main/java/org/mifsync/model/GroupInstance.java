package org.mifsync.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One instance of a MIF group in a client's inventory: one row of a multi-instance group (a disk,
 * a network card) or the only instance of a single-instance group (the processor).
 *
 * <p>Design: attributes are identified by their MIF ID; the instance holds them sorted by ID, so
 * two instances with the same attributes are equal whatever order they were given in. The key is
 * not stored separately but named by {@link #keyAttributeIds()}, the IDs of the group's {@code
 * KEY} statement in key order (not necessarily ascending); {@link #key()} reads their values. A
 * single-instance group has no key attribute IDs, so at most one of its instances fits in an
 * {@link Inventory}.
 *
 * <pre>{@code
 * GroupInstance disk = GroupInstance.of(GroupClass.of("MICROSOFT|DISK|1.0"), List.of(2),
 *         List.of(Attribute.of(2, "Drive Letter", AttributeValue.text("C:")),
 *                 Attribute.of(5, "Free Space", AttributeValue.int64(1L << 30))));
 * disk.key(); // MICROSOFT|DISK|1.0{"C:"}
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param groupClass the group's class
 * @param keyAttributeIds the IDs of the key attributes, in key order; empty for a
 *     single-instance group
 * @param attributes the attributes, at least one, with distinct IDs; kept sorted by ID
 * @since 0.1
 */
public record GroupInstance(GroupClass groupClass, List<Integer> keyAttributeIds, List<Attribute> attributes) {

    /**
     * Validates the instance, copies its lists and sorts its attributes by ID.
     *
     * @param groupClass the group's class
     * @param keyAttributeIds the IDs of the key attributes, in key order; empty for a single-instance group
     * @param attributes the attributes, at least one, with distinct IDs; kept sorted by ID
     * @throws InvalidValueException if a field or element is null, there is no attribute, two
     *     attributes share an ID, a key ID is listed twice or names no attribute
     */
    public GroupInstance {
        Check.notNull("group class", groupClass);
        Check.noNullElements("key attribute IDs", keyAttributeIds);
        Check.noNullElements("attributes", attributes);
        keyAttributeIds = List.copyOf(keyAttributeIds);
        List<Attribute> sorted = new ArrayList<>(attributes);
        sorted.sort(Comparator.comparingInt(Attribute::id));
        attributes = List.copyOf(sorted);
        String where = "group " + Check.cut(groupClass.value());
        if (attributes.isEmpty()) {
            throw Check.invalid("attributes", where + " must have at least one attribute");
        }
        for (int i = 1; i < attributes.size(); i++) {
            if (attributes.get(i).id() == attributes.get(i - 1).id()) {
                throw Check.invalid("attributes", where + " has attribute ID " + attributes.get(i).id()
                        + " more than once");
            }
        }
        Set<Integer> seen = new HashSet<>();
        for (int id : keyAttributeIds) {
            if (!seen.add(id)) {
                throw Check.invalid("key attribute IDs", where + " lists key attribute ID " + id + " more than once");
            }
            if (find(attributes, id).isEmpty()) {
                throw Check.invalid("key attribute IDs", where + " has key attribute ID " + id
                        + " but no attribute with that ID");
            }
        }
    }

    /**
     * Returns an instance.
     *
     * @param groupClass the group's class
     * @param keyAttributeIds the IDs of the key attributes, in key order
     * @param attributes the attributes, in any order
     * @return the instance
     * @throws InvalidValueException if the instance breaks a rule, with a message saying which
     */
    public static GroupInstance of(GroupClass groupClass, List<Integer> keyAttributeIds, List<Attribute> attributes) {
        return new GroupInstance(groupClass, keyAttributeIds, attributes);
    }

    /**
     * Returns the instance of a single-instance group (one without key attributes).
     *
     * @param groupClass the group's class
     * @param attributes the attributes, in any order
     * @return the instance
     * @throws InvalidValueException if the instance breaks a rule, with a message saying which
     */
    public static GroupInstance single(GroupClass groupClass, List<Attribute> attributes) {
        return new GroupInstance(groupClass, List.of(), attributes);
    }

    /**
     * Returns what identifies this instance: its class and key values in key order.
     *
     * @return the key
     */
    public InstanceKey key() {
        List<AttributeValue> values = new ArrayList<>(keyAttributeIds.size());
        for (int id : keyAttributeIds) {
            values.add(find(attributes, id).orElseThrow().value());
        }
        return new InstanceKey(groupClass, values);
    }

    /**
     * Returns the attribute with the given ID.
     *
     * @param id the attribute ID
     * @return the attribute, or empty if there is none with that ID
     */
    public Optional<Attribute> attribute(int id) {
        return find(attributes, id);
    }

    /**
     * Returns the first attribute (in ID order) with the given name, ignoring case
     * ({@link Locale#ROOT}).
     *
     * @param name the attribute name
     * @return the attribute, or empty if no attribute has that name
     */
    public Optional<Attribute> attribute(String name) {
        Check.notNull("attribute name", name);
        String folded = name.toUpperCase(Locale.ROOT);
        return attributes.stream().filter(a -> a.name().toUpperCase(Locale.ROOT).equals(folded)).findFirst();
    }

    /**
     * Returns the value of the attribute with the given ID.
     *
     * @param id the attribute ID
     * @return the value, or empty if there is no attribute with that ID
     */
    public Optional<AttributeValue> value(int id) {
        return find(attributes, id).map(Attribute::value);
    }

    /**
     * Tells whether the instance belongs to a single-instance group (it has no key attributes).
     *
     * @return true if there are no key attribute IDs
     */
    public boolean isSingle() {
        return keyAttributeIds.isEmpty();
    }

    private static Optional<Attribute> find(List<Attribute> sortedById, int id) {
        int low = 0;
        int high = sortedById.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int found = sortedById.get(mid).id();
            if (found < id) {
                low = mid + 1;
            } else if (found > id) {
                high = mid - 1;
            } else {
                return Optional.of(sortedById.get(mid));
            }
        }
        return Optional.empty();
    }
}
