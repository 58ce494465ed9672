package org.mifsync.mif;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code START GROUP … END GROUP}. What a group is follows from ID and KEY: an ID and no KEY is an
 * ordinary one-instance group; a KEY and no ID a {@linkplain #isTemplate() template} for table
 * rows; both an instrumented table.
 *
 * @param name the NAME
 * @param className the CLASS, kept as written (conventionally {@code body|name|version})
 * @param id the ID, absent for templates
 * @param description the DESCRIPTION, if any
 * @param key the attribute IDs of the KEY, in key order; empty when the group has no KEY
 * @param pragma the PRAGMA, if any ({@code SMS:Add}, {@code SMS:Update}, {@code SMS:Delete}, SNMP OIDs)
 * @param attributes the attributes in file order
 * @param location where the block starts (not part of equality)
 * @since 0.1
 */
public record Group(String name, String className, OptionalLong id, Optional<String> description, List<Long> key,
        Optional<String> pragma, List<Attribute> attributes, SourceLocation location) {

    public Group {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(pragma, "pragma");
        key = List.copyOf(key);
        attributes = List.copyOf(attributes);
    }

    /** A template describes table rows: it has a KEY and no ID. */
    public boolean isTemplate() {
        return id.isEmpty() && !key.isEmpty();
    }

    /** The attribute with this ID. */
    public Optional<Attribute> attribute(long attributeId) {
        for (Attribute a : attributes) {
            if (a.id() == attributeId) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The attribute with this name, compared case-insensitively. */
    public Optional<Attribute> attributeNamed(String attributeName) {
        for (Attribute a : attributes) {
            if (a.name().equalsIgnoreCase(attributeName)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Group g && name.equals(g.name) && className.equals(g.className) && id.equals(g.id)
                && description.equals(g.description) && key.equals(g.key) && pragma.equals(g.pragma)
                && attributes.equals(g.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, className, id, description, key, pragma, attributes);
    }
}
