package org.mifsync.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Objects;

/** Shared checks and message helpers; package-private so that the API stays small. */
final class Check {

    /** Longer values are cut in messages: a megabyte of junk should not become a megabyte of log. */
    private static final int QUOTE_LIMIT = 48;

    private Check() {
    }

    static InvalidValueException invalid(String field, String message) {
        return new InvalidValueException(field, message);
    }

    static <T> T notNull(String field, T value) {
        if (value == null) {
            throw invalid(field, field + " must not be null");
        }
        return value;
    }

    static <T> Collection<T> noNullElements(String field, Collection<T> values) {
        notNull(field, values);
        int index = 0;
        for (T value : values) {
            if (value == null) {
                throw invalid(field, field + " must not contain null (element " + index + ")");
            }
            index++;
        }
        return values;
    }

    /**
     * Free text such as a site name or who asked for a resync: anything printable, but no control
     * characters (they would break the fixed-width and INI files the text may end up in) and not
     * blank.
     */
    static String text(String field, String value, int maxLength) {
        notNull(field, value);
        if (value.isBlank()) {
            throw invalid(field, field + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw invalid(field, field + " " + quote(value) + " must be at most " + maxLength
                    + " characters, found " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isControl(c)) {
                throw invalid(field, field + " " + quote(value) + " has the control character "
                        + describe(c) + " at position " + (i + 1));
            }
        }
        return value;
    }

    /** The earliest time {@code yyyymmddhhmmss} can hold. */
    static final Instant MIN_FILE_TIME = Instant.parse("0000-01-01T00:00:00Z");
    /** The latest time {@code yyyymmddhhmmss} can hold. */
    static final Instant MAX_FILE_TIME = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * A time that request files carry as {@code yyyymmddhhmmss} UTC: truncated to whole seconds,
     * so that the time a client echoes back from the file equals the one the store kept.
     */
    static Instant fileTime(String field, Instant time) {
        notNull(field, time);
        Instant seconds = time.truncatedTo(ChronoUnit.SECONDS);
        if (seconds.isBefore(MIN_FILE_TIME) || seconds.isAfter(MAX_FILE_TIME)) {
            throw invalid(field, field + " " + time + " is outside the years 0000-9999 that yyyymmddhhmmss can hold");
        }
        return seconds;
    }

    static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    static boolean isAsciiLetterOrDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
    }

    /**
     * Quotes a value for a message. The value is kept as it is (a control character included):
     * whoever prints the message escapes it, once (mifsync's programs with {@code TextEscapes} of
     * mif-grammar, which this module does not see).
     */
    static String quote(String value) {
        String quoted = "'" + cut(value) + "'";
        return value.length() > QUOTE_LIMIT ? quoted + " (" + value.length() + " characters)" : quoted;
    }

    /** Cuts long values short for a message. */
    static String cut(String value) {
        Objects.requireNonNull(value);
        return value.length() > QUOTE_LIMIT ? value.substring(0, QUOTE_LIMIT) + "..." : value;
    }

    /** Names one character for a message: {@code 'x'}, {@code a space} or {@code U+0410}. */
    static String describe(char c) {
        if (c == ' ') {
            return "a space";
        }
        if (c > 0x20 && c < 0x7F) {
            return "'" + c + "'";
        }
        return String.format("U+%04X", (int) c);
    }
}
