package org.mifsync.model;

/**
 * Thrown when a value handed to the model breaks one of its rules, for example an SMSID with a
 * character outside {@code 0-9 A-Z}.
 *
 * <p>The message names the field and says exactly what is wrong, in a form fit to show to an
 * administrator, for example {@code SMSID 'ABC0001' must be 8 characters, found 7}. Offending
 * text is quoted as it is and cut short when long, so a hostile value cannot flood a terminal; it
 * may hold control characters, so a program printing the message escapes it first, as mifsync's
 * do with {@code org.mifsync.mif.TextEscapes} (a line break in a value must not forge a log line).
 *
 * <p>Not thread-safe in the sense of any exception (its stack trace is mutable); its field and
 * message never change.
 *
 * @since 0.1
 */
public class InvalidValueException extends IllegalArgumentException {

    /** Serialization version of this class. */
    private static final long serialVersionUID = 1L;

    /** The name of the field that is wrong. */
    private final String field;

    /**
     * Creates the exception.
     *
     * @param field the name of the field that is wrong, as it appears in the message, e.g.
     *     {@code "SMSID"}
     * @param message the whole message, naming the field and saying what is wrong
     */
    public InvalidValueException(String field, String message) {
        super(message);
        this.field = field;
    }

    /**
     * Returns the name of the field that is wrong.
     *
     * @return the field name, e.g. {@code "SMSID"} or {@code "site code"}
     */
    public String field() {
        return field;
    }
}
