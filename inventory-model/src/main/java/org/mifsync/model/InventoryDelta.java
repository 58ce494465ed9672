package org.mifsync.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Set;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The changes that turn one inventory into another: instances added, instances updated (replaced
 * whole, as a MIF group with {@code PRAGMA = "SMS:Update"} carries every attribute) and instances
 * deleted (named by key).
 *
 * <p>Each key appears at most once in a delta. The lists are kept sorted by key: a report's group
 * order carries no meaning, and sorting makes two deltas with the same changes equal.
 *
 * <p>Laws, for any inventories {@code a} and {@code b}: {@code diff(a, b).applyTo(a).equals(b)},
 * and {@code diff(a, a).isEmpty()}. Applying a delta that does not fit (see {@link
 * DeltaMismatchException}) changes nothing and throws.
 *
 * <p>Immutable and thread-safe.
 *
 * @param adds instances to add, sorted by key
 * @param updates instances to replace, sorted by key
 * @param deletes keys of instances to delete, sorted
 * @since 0.1
 */
public record InventoryDelta(List<GroupInstance> adds, List<GroupInstance> updates, List<InstanceKey> deletes)
        implements ReportContent {

    private static final Comparator<GroupInstance> BY_KEY = Comparator.comparing(GroupInstance::key);
    private static final InventoryDelta EMPTY = new InventoryDelta(List.of(), List.of(), List.of());

    /**
     * Validates the delta and copies its lists, sorted by key.
     *
     * @param adds instances to add, sorted by key
     * @param updates instances to replace, sorted by key
     * @param deletes keys of instances to delete, sorted
     * @throws InvalidValueException if a list or element is null, or a key appears more than
     *     once, in one list or across lists
     */
    public InventoryDelta {
        adds = sorted("adds", adds, BY_KEY);
        updates = sorted("updates", updates, BY_KEY);
        deletes = sorted("deletes", deletes, Comparator.naturalOrder());
        Map<InstanceKey, String> seen = new TreeMap<>();
        for (GroupInstance add : adds) {
            once(seen, add.key(), "add");
        }
        for (GroupInstance update : updates) {
            once(seen, update.key(), "update");
        }
        for (InstanceKey delete : deletes) {
            once(seen, delete, "delete");
        }
    }

    private static <T> List<T> sorted(String field, List<T> values, Comparator<? super T> order) {
        Check.noNullElements(field, values);
        List<T> copy = new ArrayList<>(values);
        copy.sort(order);
        return List.copyOf(copy);
    }

    private static void once(Map<InstanceKey, String> seen, InstanceKey key, String what) {
        String before = seen.putIfAbsent(key, what);
        if (before != null) {
            throw Check.invalid("delta", "delta names instance " + key + " more than once (" + before + " and "
                    + what + ")");
        }
    }

    /**
     * Returns the delta with the given changes.
     *
     * @param adds instances to add
     * @param updates instances to replace
     * @param deletes keys of instances to delete
     * @return the delta
     * @throws InvalidValueException if a key appears more than once or an element is null
     */
    public static InventoryDelta of(Collection<GroupInstance> adds, Collection<GroupInstance> updates,
            Collection<InstanceKey> deletes) {
        Check.notNull("adds", adds);
        Check.notNull("updates", updates);
        Check.notNull("deletes", deletes);
        return new InventoryDelta(new ArrayList<>(adds), new ArrayList<>(updates), new ArrayList<>(deletes));
    }

    /**
     * Returns the delta without changes.
     *
     * @return the empty delta
     */
    public static InventoryDelta empty() {
        return EMPTY;
    }

    /**
     * Returns the changes that turn {@code from} into {@code to}: instances only in {@code to}
     * are added, instances only in {@code from} deleted, instances in both that differ updated
     * (to the instance of {@code to}).
     *
     * @param from the inventory before
     * @param to the inventory after
     * @return the delta, empty when the inventories are equal
     */
    public static InventoryDelta diff(Inventory from, Inventory to) {
        Check.notNull("from inventory", from);
        Check.notNull("to inventory", to);
        List<GroupInstance> adds = new ArrayList<>();
        List<GroupInstance> updates = new ArrayList<>();
        List<InstanceKey> deletes = new ArrayList<>();
        Map<InstanceKey, GroupInstance> before = from.instances();
        Map<InstanceKey, GroupInstance> after = to.instances();
        before.forEach((key, old) -> {
            GroupInstance now = after.get(key);
            if (now == null) {
                deletes.add(key);
            } else if (!now.equals(old)) {
                updates.add(now);
            }
        });
        after.forEach((key, now) -> {
            if (!before.containsKey(key)) {
                adds.add(now);
            }
        });
        return new InventoryDelta(adds, updates, deletes);
    }

    /**
     * Tells whether the delta changes nothing.
     *
     * @return true if there are no adds, updates or deletes
     */
    public boolean isEmpty() {
        return adds.isEmpty() && updates.isEmpty() && deletes.isEmpty();
    }

    /**
     * Returns the number of changes.
     *
     * @return adds plus updates plus deletes
     */
    public int size() {
        return adds.size() + updates.size() + deletes.size();
    }

    /**
     * What a delta is checked against: the instances stored, by key, and the key attribute IDs of
     * each class. A store that does not hold the whole inventory in memory answers from its index
     * of instances, without reading their values.
     *
     * @since 0.1
     */
    public interface Stored {
        /**
         * Tells whether an instance with this key is stored.
         *
         * @param key the key
         * @return true if it is
         */
        boolean contains(InstanceKey key);

        /**
         * Returns the key attribute IDs of the class's stored instances other than the given ones
         * (all instances of a class have the same, {@link Inventory}'s rule), if there are any.
         *
         * @param groupClass the class
         * @param touched keys to leave out
         * @return the IDs, or empty when every stored instance of the class is among {@code touched}
         */
        Optional<List<Integer>> keyIdsOfOthers(GroupClass groupClass, Set<InstanceKey> touched);

        /**
         * The stored side of an inventory.
         *
         * @param inventory the inventory
         * @return its instances and key IDs
         */
        static Stored of(Inventory inventory) {
            Check.notNull("inventory", inventory);
            return new Stored() {
                @Override
                public boolean contains(InstanceKey key) {
                    return inventory.contains(key);
                }

                @Override
                public Optional<List<Integer>> keyIdsOfOthers(GroupClass groupClass, Set<InstanceKey> touched) {
                    return inventory.instances().values().stream()
                            .filter(i -> i.groupClass().equals(groupClass) && !touched.contains(i.key()))
                            .map(GroupInstance::keyAttributeIds).findFirst();
                }
            };
        }
    }

    /**
     * Returns every way this delta does not fit an inventory, without throwing: adds of
     * instances that are there, updates and deletes of instances that are not, and adds or
     * updates whose key attribute IDs differ from those of the class's instances the delta does
     * not touch.
     *
     * @param base the inventory the delta would be applied to
     * @return the mismatches, empty if the delta fits
     */
    public List<DeltaMismatchException.Mismatch> mismatches(Inventory base) {
        return mismatches(Stored.of(base));
    }

    /**
     * Returns every way this delta does not fit what is stored, as {@link #mismatches(Inventory)}.
     *
     * @param base the stored side
     * @return the mismatches, empty if the delta fits
     */
    public List<DeltaMismatchException.Mismatch> mismatches(Stored base) {
        Check.notNull("stored", base);
        List<DeltaMismatchException.Mismatch> found = new ArrayList<>();
        for (GroupInstance add : adds) {
            if (base.contains(add.key())) {
                found.add(new DeltaMismatchException.Mismatch(DeltaMismatchException.Kind.ADD_OF_EXISTING, add.key()));
            }
        }
        for (GroupInstance update : updates) {
            if (!base.contains(update.key())) {
                found.add(new DeltaMismatchException.Mismatch(DeltaMismatchException.Kind.UPDATE_OF_MISSING,
                        update.key()));
            }
        }
        for (InstanceKey delete : deletes) {
            if (!base.contains(delete)) {
                found.add(new DeltaMismatchException.Mismatch(DeltaMismatchException.Kind.DELETE_OF_MISSING, delete));
            }
        }
        if (found.isEmpty()) {
            found.addAll(keyMismatches(base));
        }
        return List.copyOf(found);
    }

    /** The keys this delta adds, updates or deletes. */
    public Set<InstanceKey> touched() {
        Set<InstanceKey> touched = new TreeSet<>();
        adds.forEach(i -> touched.add(i.key()));
        updates.forEach(i -> touched.add(i.key()));
        touched.addAll(deletes);
        return touched;
    }

    /**
     * For each class, the key IDs of the instances the delta leaves alone rule; without such
     * instances, those of the first (by key) instance the delta writes.
     */
    private List<DeltaMismatchException.Mismatch> keyMismatches(Stored base) {
        Set<InstanceKey> touched = touched();
        Map<GroupClass, List<Integer>> rule = new HashMap<>();
        List<GroupInstance> written = new ArrayList<>(adds);
        written.addAll(updates);
        written.sort(BY_KEY);
        List<DeltaMismatchException.Mismatch> found = new ArrayList<>();
        for (GroupInstance instance : written) {
            List<Integer> ids = rule.computeIfAbsent(instance.groupClass(),
                    c -> base.keyIdsOfOthers(c, touched).orElse(instance.keyAttributeIds()));
            if (!ids.equals(instance.keyAttributeIds())) {
                found.add(new DeltaMismatchException.Mismatch(DeltaMismatchException.Kind.KEY_ATTRIBUTES_DIFFER,
                        instance.key()));
            }
        }
        return found;
    }

    /**
     * Returns the inventory this delta makes of {@code base}.
     *
     * @param base the inventory before
     * @return the inventory after
     * @throws DeltaMismatchException if the delta does not fit {@code base}, naming every
     *     instance that does not fit
     */
    public Inventory applyTo(Inventory base) {
        List<DeltaMismatchException.Mismatch> mismatches = mismatches(base);
        if (!mismatches.isEmpty()) {
            throw new DeltaMismatchException(mismatches);
        }
        Map<InstanceKey, GroupInstance> result = new TreeMap<>(base.instances());
        deletes.forEach(result::remove);
        updates.forEach(i -> result.put(i.key(), i));
        adds.forEach(i -> result.put(i.key(), i));
        return new Inventory(result);
    }

    /**
     * Returns the delta applied to {@code base}; the same as {@link #applyTo}, in the argument
     * order of the law {@code apply(diff(a, b), a).equals(b)}.
     *
     * @param delta the changes
     * @param base the inventory before
     * @return the inventory after
     * @throws DeltaMismatchException if the delta does not fit {@code base}
     */
    public static Inventory apply(InventoryDelta delta, Inventory base) {
        return Check.notNull("delta", delta).applyTo(base);
    }
}
