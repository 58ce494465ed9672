package org.mifsync.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What identifies a group instance within one client's inventory: its class and the values of
 * its key attributes, in key order. A single-instance group (no {@code KEY}) has no key values.
 *
 * <p>Classes compare ignoring case; values compare exactly (a string key {@code "C:"} is not
 * {@code "c:"}). Keys are ordered by class, then by values, an order consistent with equals that
 * inventories and deltas use so that their output is stable.
 *
 * <p>Immutable and thread-safe.
 *
 * @param groupClass the class of the instance
 * @param values the key attribute values, in key order
 * @since 0.1
 */
public record InstanceKey(GroupClass groupClass, List<AttributeValue> values) implements Comparable<InstanceKey>,
        Serializable {

    /**
     * Validates and copies the key.
     *
     * @param groupClass the class of the instance
     * @param values the key attribute values, in key order
     * @throws InvalidValueException if the class or a value is null
     */
    public InstanceKey {
        Check.notNull("group class", groupClass);
        Check.noNullElements("key values", values);
        values = List.copyOf(values);
    }

    /**
     * Returns the key of an instance with the given class and key values.
     *
     * @param groupClass the class
     * @param values the key values, in key order
     * @return the key
     * @throws InvalidValueException if the class or a value is null
     */
    public static InstanceKey of(GroupClass groupClass, AttributeValue... values) {
        Check.notNull("key values", values);
        return new InstanceKey(groupClass, Arrays.asList(values));
    }

    /**
     * Orders keys by class (ignoring case), then by key values.
     *
     * @param other the key to compare with
     * @return negative, zero or positive as this key sorts before, with or after {@code other}
     */
    @Override
    public int compareTo(InstanceKey other) {
        int byClass = groupClass.compareTo(other.groupClass);
        return byClass != 0 ? byClass : Values.LIST_ORDER.compare(values, other.values);
    }

    /**
     * Returns the key for messages, e.g. {@code MICROSOFT|DISK|1.0{2, "C:"}}; long strings are
     * cut short; control characters are kept for the printer to escape.
     *
     * @return the class followed by the key values in braces
     */
    @Override
    public String toString() {
        return Check.cut(groupClass.value())
                + values.stream().map(Values::describe).collect(Collectors.joining(", ", "{", "}"));
    }
}
