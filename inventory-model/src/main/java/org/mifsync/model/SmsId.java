package org.mifsync.model;

import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The unique ID of an SMS client, in one of two forms.
 *
 * <ul>
 *   <li>SMS 1.x: eight characters {@code 0-9 A-Z} (base 36), the code of the site that issued it
 *       (3), the logon-server range (2) and a sequence number (3), e.g. {@code ABC00001} or
 *       {@code TTT0A00Z}.
 *   <li>SMS 2.0: {@code GUID:{8-4-4-4-12 hex digits}}, e.g.
 *       {@code GUID:{5A6F1C2E-0B4D-4E8A-9F10-23456789ABCD}}.
 * </ul>
 *
 * <p>Input may be in any case; the canonical {@link #value()} is upper case (folded with {@link
 * Locale#ROOT}, ASCII letters only, so Unicode look-alikes are refused, not folded). Surrounding
 * whitespace is refused, not trimmed: callers that read padded records trim them on purpose.
 *
 * <p>An SMSID is safe as a file name by construction: {@link #fileName()} is always 8 characters
 * {@code 0-9 A-Z} or 32 characters {@code 0-9 A-F}, so it holds no separator, no dot, and cannot
 * be a Windows device name.
 *
 * <p>Immutable and thread-safe; serializable, so that an exception naming one survives Java
 * serialization (a record is read back through its validating constructor).
 *
 * @param value the canonical text, upper case
 * @since 0.1
 */
public record SmsId(String value) implements Serializable, Comparable<SmsId> {

    /** The length of the SMS 1.x form. */
    public static final int LENGTH = 8;

    private static final String FIELD = "SMSID";
    private static final String GUID_PREFIX = "GUID:";
    private static final int GUID_LENGTH = GUID_PREFIX.length() + 38;
    /** 0-based positions of the hyphens in the whole GUID form, after "GUID:{". */
    private static final int[] HYPHENS = {14, 19, 24, 29};

    /**
     * Validates and canonicalises the ID.
     *
     * @param value the canonical text, upper case
     * @throws InvalidValueException if the text is not an SMSID in either form
     */
    public SmsId {
        Check.notNull(FIELD, value);
        if (value.isEmpty()) {
            throw Check.invalid(FIELD, "SMSID must not be empty");
        }
        if (Character.isWhitespace(value.charAt(0)) || Character.isWhitespace(value.charAt(value.length() - 1))) {
            throw Check.invalid(FIELD, "SMSID " + Check.quote(value) + " must not begin or end with whitespace");
        }
        if (startsWithAsciiIgnoreCase(value, GUID_PREFIX)) {
            checkGuidForm(value);
        } else {
            checkShortForm(value);
        }
        value = value.toUpperCase(Locale.ROOT);
    }

    /**
     * Parses an SMSID in either form, e.g. {@code SmsId.parse("abc00001")} is {@code ABC00001}.
     *
     * @param text the ID, any case
     * @return the SMSID in canonical (upper-case) form
     * @throws InvalidValueException if the text is not an SMSID, with a message saying why
     */
    public static SmsId parse(String text) {
        return new SmsId(text);
    }

    /**
     * Returns the SMS 2.0 form of the given GUID.
     *
     * @param guid the GUID
     * @return {@code GUID:{...}} in upper case
     * @throws InvalidValueException if {@code guid} is null
     */
    public static SmsId ofGuid(UUID guid) {
        Check.notNull("GUID", guid);
        return new SmsId(GUID_PREFIX + "{" + guid + "}");
    }

    /**
     * Tells whether this is the SMS 2.0 {@code GUID:{...}} form.
     *
     * @return true for the GUID form, false for the 8-character form
     */
    public boolean isGuid() {
        return value.startsWith(GUID_PREFIX);
    }

    /**
     * Returns the name of this client's {@code <SMSID>.CFG} file without extension: the
     * 8-character form as it is, the GUID form as its 32 upper-case hex digits.
     *
     * @return a name of 8 characters {@code 0-9 A-Z} or 32 characters {@code 0-9 A-F}
     */
    public String fileName() {
        if (!isGuid()) {
            return value;
        }
        return value.substring(GUID_PREFIX.length() + 1, value.length() - 1).replace("-", "");
    }

    /**
     * Returns the code of the site that issued this ID, the first three characters of the
     * 8-character form. The GUID form carries no site.
     *
     * @return the issuing site, or empty for the GUID form
     */
    public Optional<SiteCode> siteCode() {
        return isGuid() ? Optional.empty() : Optional.of(new SiteCode(value.substring(0, SiteCode.LENGTH)));
    }

    /**
     * Orders SMSIDs by the ASCII byte order of {@link #value()}, the order of {@code Resync.cfg}.
     *
     * @param other the ID to compare with
     * @return negative, zero or positive as this ID sorts before, with or after {@code other}
     */
    @Override
    public int compareTo(SmsId other) {
        // value is ASCII, so UTF-16 order is byte order
        return value.compareTo(other.value);
    }

    /**
     * Returns the canonical text, e.g. {@code ABC00001}, so that IDs read naturally in messages.
     *
     * @return {@link #value()}
     */
    @Override
    public String toString() {
        return value;
    }

    private static void checkShortForm(String value) {
        if (value.length() != LENGTH) {
            throw Check.invalid(FIELD, "SMSID " + Check.quote(value) + " must be 8 characters, found "
                    + value.length());
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = value.charAt(i);
            if (!Check.isAsciiLetterOrDigit(c)) {
                throw Check.invalid(FIELD, "SMSID " + Check.quote(value) + " has " + Check.describe(c)
                        + " at position " + (i + 1) + "; only 0-9 and A-Z are allowed");
            }
        }
    }

    private static void checkGuidForm(String value) {
        if (value.length() != GUID_LENGTH) {
            throw Check.invalid(FIELD, "SMSID " + Check.quote(value)
                    + " in GUID form must be 43 characters, GUID:{8-4-4-4-12 hex digits}, found "
                    + value.length());
        }
        expect(value, GUID_PREFIX.length(), '{');
        expect(value, GUID_LENGTH - 1, '}');
        int nextHyphen = 0;
        for (int i = GUID_PREFIX.length() + 1; i < GUID_LENGTH - 1; i++) {
            if (nextHyphen < HYPHENS.length && i == HYPHENS[nextHyphen]) {
                expect(value, i, '-');
                nextHyphen++;
            } else if (!Check.isHexDigit(value.charAt(i))) {
                throw Check.invalid(FIELD, "SMSID " + Check.quote(value) + " has "
                        + Check.describe(value.charAt(i)) + " at position " + (i + 1)
                        + " where a hex digit 0-9 or A-F belongs");
            }
        }
    }

    private static void expect(String value, int index, char wanted) {
        char c = value.charAt(index);
        if (c != wanted) {
            throw Check.invalid(FIELD, "SMSID " + Check.quote(value) + " has " + Check.describe(c)
                    + " at position " + (index + 1) + " where '" + wanted
                    + "' belongs (GUID:{8-4-4-4-12 hex digits})");
        }
    }

    /** ASCII-only, because String.regionMatches(true, ...) would let a dotless 'ı' match 'I'. */
    private static boolean startsWithAsciiIgnoreCase(String value, String prefix) {
        if (value.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = value.charAt(i);
            char p = prefix.charAt(i);
            if (c != p && !(c >= 'a' && c <= 'z' && c - 'a' + 'A' == p)) {
                return false;
            }
        }
        return true;
    }
}
