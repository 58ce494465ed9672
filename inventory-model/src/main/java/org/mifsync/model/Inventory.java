package org.mifsync.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A snapshot of one client's inventory (of one kind, or both for an SMS 1.x report): every group
 * instance, keyed by class and key values.
 *
 * <p>Rules: each entry's key is its instance's {@link GroupInstance#key() key}, and all instances
 * of one class (ignoring case) have the same key attribute IDs, so that a key means the same for
 * every instance of a class. The map is sorted by key and unmodifiable, so iteration order is
 * stable.
 *
 * <p>Change one inventory into another with an {@link InventoryDelta}: {@code
 * a.apply(InventoryDelta.diff(a, b)).equals(b)} for any two inventories.
 *
 * <p>Immutable and thread-safe.
 *
 * @param instances the instances by key, sorted by key
 * @since 0.1
 */
public record Inventory(Map<InstanceKey, GroupInstance> instances) implements ReportContent {

    private static final Inventory EMPTY = new Inventory(Map.of());

    /**
     * Validates the inventory and copies its instances into a sorted, unmodifiable map.
     *
     * @param instances the instances by key, sorted by key
     * @throws InvalidValueException if the map, a key or an instance is null, a key is not its
     *     instance's key, or instances of one class have different key attribute IDs
     */
    public Inventory {
        Check.notNull("instances", instances);
        SortedMap<InstanceKey, GroupInstance> sorted = new TreeMap<>();
        for (Map.Entry<InstanceKey, GroupInstance> entry : instances.entrySet()) {
            InstanceKey key = Check.notNull("instance key", entry.getKey());
            GroupInstance instance = Check.notNull("instance", entry.getValue());
            if (!instance.key().equals(key)) {
                throw Check.invalid("instances", "inventory files instance " + instance.key() + " under key " + key);
            }
            sorted.put(key, instance);
        }
        GroupInstance odd = firstWithOtherKeyIds(sorted.values());
        if (odd != null) {
            throw Check.invalid("instances", "inventory holds instances of class "
                    + Check.cut(odd.groupClass().value()) + " with different key attribute IDs: " + keyIdsOfClass(sorted.values(), odd.groupClass())
                    + " and " + odd.keyAttributeIds() + " (at " + odd.key() + ")");
        }
        instances = Collections.unmodifiableSortedMap(sorted);
    }

    /**
     * Returns the empty inventory.
     *
     * @return an inventory without instances
     */
    public static Inventory empty() {
        return EMPTY;
    }

    /**
     * Returns the inventory of the given instances, in any order.
     *
     * @param instances the instances
     * @return the inventory
     * @throws InvalidValueException if an instance is null, two instances have the same key, or
     *     instances of one class have different key attribute IDs
     */
    public static Inventory of(Collection<GroupInstance> instances) {
        Check.noNullElements("instances", instances);
        Map<InstanceKey, GroupInstance> byKey = new TreeMap<>();
        for (GroupInstance instance : instances) {
            if (byKey.putIfAbsent(instance.key(), instance) != null) {
                throw Check.invalid("instances", "inventory holds instance " + instance.key() + " more than once");
            }
        }
        return new Inventory(byKey);
    }

    /**
     * Returns the inventory of the given instances, in any order.
     *
     * @param instances the instances
     * @return the inventory
     * @throws InvalidValueException as {@link #of(Collection)}
     */
    public static Inventory of(GroupInstance... instances) {
        Check.notNull("instances", instances);
        return of(Arrays.asList(instances));
    }

    /**
     * Returns the instance with the given key.
     *
     * @param key class and key values
     * @return the instance, or empty if there is none
     */
    public Optional<GroupInstance> get(InstanceKey key) {
        return Optional.ofNullable(instances.get(Check.notNull("instance key", key)));
    }

    /**
     * Tells whether the inventory holds an instance with the given key.
     *
     * @param key class and key values
     * @return true if there is such an instance
     */
    public boolean contains(InstanceKey key) {
        return instances.containsKey(Check.notNull("instance key", key));
    }

    /**
     * Returns the number of instances.
     *
     * @return the number of instances
     */
    public int size() {
        return instances.size();
    }

    /**
     * Tells whether the inventory holds no instance.
     *
     * @return true if empty
     */
    public boolean isEmpty() {
        return instances.isEmpty();
    }

    /**
     * Returns the instances of one class (ignoring case), sorted by key.
     *
     * @param groupClass the class
     * @return the instances, empty if there are none
     */
    public List<GroupInstance> instancesOf(GroupClass groupClass) {
        Check.notNull("group class", groupClass);
        return instances.values().stream().filter(i -> i.groupClass().equals(groupClass))
                .collect(Collectors.toUnmodifiableList());
    }

    /**
     * Returns the classes present, sorted, each once (spelled as by its first instance).
     *
     * @return the classes
     */
    public List<GroupClass> groupClasses() {
        List<GroupClass> classes = new ArrayList<>();
        for (GroupInstance instance : instances.values()) {
            if (classes.isEmpty() || !classes.get(classes.size() - 1).equals(instance.groupClass())) {
                classes.add(instance.groupClass());
            }
        }
        return List.copyOf(classes);
    }

    /**
     * Returns the part of this inventory whose classes pass a test, e.g. to split a report into
     * its hardware and software kinds.
     *
     * @param keep which classes to keep
     * @return the inventory of the instances kept
     */
    public Inventory filter(Predicate<GroupClass> keep) {
        Check.notNull("class filter", keep);
        Map<InstanceKey, GroupInstance> kept = new TreeMap<>();
        instances.forEach((key, instance) -> {
            if (keep.test(key.groupClass())) {
                kept.put(key, instance);
            }
        });
        return new Inventory(kept);
    }

    /**
     * Returns this inventory changed by a delta; the same as {@link InventoryDelta#applyTo}.
     *
     * @param delta the changes
     * @return the changed inventory
     * @throws DeltaMismatchException if the delta does not fit this inventory, naming every
     *     instance that does not fit
     */
    public Inventory apply(InventoryDelta delta) {
        return Check.notNull("delta", delta).applyTo(this);
    }

    /** Instances sorted by key, so a class's instances are adjacent. */
    static GroupInstance firstWithOtherKeyIds(Collection<GroupInstance> sortedByKey) {
        GroupInstance first = null;
        for (GroupInstance instance : sortedByKey) {
            if (first == null || !first.groupClass().equals(instance.groupClass())) {
                first = instance;
            } else if (!first.keyAttributeIds().equals(instance.keyAttributeIds())) {
                return instance;
            }
        }
        return null;
    }

    private static List<Integer> keyIdsOfClass(Collection<GroupInstance> sortedByKey, GroupClass groupClass) {
        return sortedByKey.stream().filter(i -> i.groupClass().equals(groupClass)).findFirst()
                .orElseThrow().keyAttributeIds();
    }
}
