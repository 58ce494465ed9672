package org.mifsync.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The class of a MIF group, conventionally {@code PUBLISHER|NAME|VERSION} such as {@code
 * MICROSOFT|IDENTIFICATION|1.0}: with the key values of an instance, what identifies a group
 * instance across reports.
 *
 * <p>SMS upper-cases classes and does not check their format, so this type keeps the spelling
 * given ({@link #value()}) but compares case-insensitively, folding with {@link Locale#ROOT}.
 * Blanks are significant, as in DMI ({@code "DMTF | ComponentID | 1.0"} is another class). The
 * three-field form is not required: SMS 2.0 IDMIFs use a class without bars equal to the
 * architecture name ({@code System}); {@link #isConventional()} tells the two apart.
 *
 * <p>Rules: not blank, at most 512 characters, no control characters.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class GroupClass implements Comparable<GroupClass>, Serializable {

    private static final long serialVersionUID = 1L;

    /** The longest class accepted; longer ones are hostile, not real. */
    public static final int MAX_LENGTH = 512;

    private final String value;
    /** Kept: keys compare and hash by it, millions of times in a load. */
    private final String folded;

    /** {@code MICROSOFT|IDENTIFICATION|1.0}, the group that names a client (SMSID, Name, NetCardID). */
    public static final GroupClass IDENTIFICATION = new GroupClass("MICROSOFT|IDENTIFICATION|1.0");

    /** {@code MICROSOFT|SOFTWARE|1.0}, by default the only software-inventory class. */
    public static final GroupClass SOFTWARE = new GroupClass("MICROSOFT|SOFTWARE|1.0");

    /**
     * Validates the class.
     *
     * @param value the class as given
     * @throws InvalidValueException if the class is null, blank, too long or holds a control
     *     character
     */
    public GroupClass(String value) {
        Check.text("group class", value, MAX_LENGTH);
        this.value = value;
        this.folded = value.toUpperCase(Locale.ROOT);
    }

    /**
     * Returns the class as given.
     *
     * @return the class, spelling kept
     */
    public String value() {
        return value;
    }

    /**
     * Returns the group class for the given text, spelling kept.
     *
     * @param text the class, e.g. {@code "Microsoft|Disk|1.0"}
     * @return the class
     * @throws InvalidValueException if the text breaks a rule, with a message saying which
     */
    public static GroupClass of(String text) {
        return new GroupClass(text);
    }

    /**
     * Returns the class folded to upper case with {@link Locale#ROOT}, as SMS stores it.
     *
     * @return the upper-case class
     */
    public String folded() {
        return folded;
    }

    /**
     * Returns the fields between the bars, as given (blanks kept).
     *
     * @return the fields, e.g. {@code [MICROSOFT, DISK, 1.0]}; one field for a class without bars
     */
    public List<String> parts() {
        return List.copyOf(Arrays.asList(value.split("\\|", -1)));
    }

    /**
     * Tells whether the class has the conventional form: three non-empty fields {@code
     * PUBLISHER|NAME|VERSION}.
     *
     * @return true for the conventional form
     */
    public boolean isConventional() {
        List<String> parts = parts();
        return parts.size() == 3 && parts.stream().noneMatch(String::isEmpty);
    }

    /**
     * Tells whether the other object is a group class with the same text, ignoring case.
     *
     * @param other the object to compare with
     * @return true if both fold to the same upper-case text
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof GroupClass that && folded.equals(that.folded);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code of the folded text
     */
    @Override
    public int hashCode() {
        return folded.hashCode();
    }

    /**
     * Orders classes by their folded text, consistent with {@link #equals(Object)}.
     *
     * @param other the class to compare with
     * @return negative, zero or positive as this class sorts before, with or after {@code other}
     */
    @Override
    public int compareTo(GroupClass other) {
        return folded.compareTo(other.folded);
    }

    /**
     * Returns the class as given.
     *
     * @return {@link #value()}
     */
    @Override
    public String toString() {
        return value;
    }
}
