package org.mifsync.mif;

/**
 * How strictly the written MIF rules are applied.
 *
 * @since 0.1
 */
public enum SyntaxMode {
    /** The DMI rules as written: what they do not allow is an error. */
    STRICT,
    /**
     * Also accepts what real SMS-era files do against the rules, each with a warning: a newline
     * inside a string, {@code 08}/{@code 09} read as decimal, an ID of 0, a malformed non-empty
     * date, a group with neither ID nor KEY, a missing {@code END COMPONENT} at the end of the file.
     */
    LENIENT
}
