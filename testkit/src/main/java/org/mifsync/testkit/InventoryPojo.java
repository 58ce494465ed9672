package org.mifsync.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A hardware inventory as plain Java objects, the shape a JSON API would bind it to: the peer of
 * the MIF parser in the benchmarks (Jackson databind reads {@link InventoryMifs.Inventory#json()}
 * into it). It carries what the inventory MIF carries: the component name and, per group, name,
 * class, ID, key and attributes with name, ID, type, access, storage and value.
 *
 * <p>Public mutable fields and no annotations, so that Jackson needs no configuration and no
 * module; equality is by value, so that tests can compare what Jackson read with what the MIF
 * parser read. Not thread-safe (plain data).
 *
 * @since 0.1
 */
public class InventoryPojo {

    /** The component NAME. */
    public String component;

    /** The groups in file order; multi-instance groups appear once per instance. */
    public List<GroupPojo> groups = new ArrayList<>();

    @Override
    public boolean equals(Object o) {
        return o instanceof InventoryPojo p && Objects.equals(component, p.component) && Objects.equals(groups, p.groups);
    }

    @Override
    public int hashCode() {
        return Objects.hash(component, groups);
    }

    @Override
    public String toString() {
        return "Inventory[" + component + ", " + groups + "]";
    }

    /** One group (one instance of a multi-instance group). */
    public static class GroupPojo {
        /** The NAME. */
        public String name;
        /** The CLASS, such as {@code MICROSOFT|DISK|1.0}. */
        public String className;
        /** The ID. */
        public Long id;
        /** The KEY attribute IDs, null when the group has no KEY. */
        public List<Long> key;
        /** The attributes in file order. */
        public List<AttributePojo> attributes = new ArrayList<>();

        @Override
        public boolean equals(Object o) {
            return o instanceof GroupPojo g && Objects.equals(name, g.name) && Objects.equals(className, g.className)
                    && Objects.equals(id, g.id) && Objects.equals(key, g.key) && Objects.equals(attributes, g.attributes);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, className, id, key, attributes);
        }

        @Override
        public String toString() {
            return "Group[" + name + ", " + className + ", " + id + ", " + key + ", " + attributes + "]";
        }
    }

    /** One attribute with its value: {@link #text} for strings and dates, {@link #number} for integers. */
    public static class AttributePojo {
        /** The NAME. */
        public String name;
        /** The ID. */
        public long id;
        /** The TYPE as MIF spells it canonically: {@code STRING(64)}, {@code INTEGER}, {@code DATE}, … */
        public String type;
        /** {@code READ-ONLY}, {@code READ-WRITE} or {@code WRITE-ONLY}. */
        public String access;
        /** {@code COMMON} or {@code SPECIFIC}. */
        public String storage;
        /** The value of a string or date attribute. */
        public String text;
        /** The value of an integer attribute. */
        public Long number;

        @Override
        public boolean equals(Object o) {
            return o instanceof AttributePojo a && Objects.equals(name, a.name) && id == a.id
                    && Objects.equals(type, a.type) && Objects.equals(access, a.access)
                    && Objects.equals(storage, a.storage) && Objects.equals(text, a.text)
                    && Objects.equals(number, a.number);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, id, type, access, storage, text, number);
        }

        @Override
        public String toString() {
            return name + "#" + id + ":" + type + "=" + (number != null ? number : "\"" + text + "\"");
        }
    }
}
