package org.mifsync.model;

/**
 * One attribute of a group instance: its MIF ID, its name and its value.
 *
 * <p>IDs are what identify attributes (a group's {@code KEY} lists IDs); names are kept as given,
 * blanks included, because real MIF files differ from one another in them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the attribute's ID within its group, 1 or more
 * @param name the attribute's name, not blank, no control characters, at most 4096 characters
 * @param value the attribute's value
 * @since 0.1
 */
public record Attribute(int id, String name, AttributeValue value) {

    /** The longest name accepted; longer ones are hostile, not real. */
    public static final int MAX_NAME_LENGTH = 4096;

    /**
     * Validates the attribute.
     *
     * @param id the attribute's ID within its group, 1 or more
     * @param name the attribute's name, not blank, no control characters, at most 4096 characters
     * @param value the attribute's value
     * @throws InvalidValueException if the ID is below 1, the name is blank, too long or holds a
     *     control character, or the value is null
     */
    public Attribute {
        if (id < 1) {
            throw Check.invalid("attribute ID", "attribute ID must be 1 or more, found " + id);
        }
        Check.text("attribute name", name, MAX_NAME_LENGTH);
        Check.notNull("attribute value", value);
    }

    /**
     * Returns an attribute.
     *
     * @param id the attribute's ID, 1 or more
     * @param name the attribute's name
     * @param value the attribute's value
     * @return the attribute
     * @throws InvalidValueException if a field is invalid
     */
    public static Attribute of(int id, String name, AttributeValue value) {
        return new Attribute(id, name, value);
    }
}
