package org.mifsync.resync.files;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;

/**
 * The byte layout of {@code RESYNC.CFG}: encoding, validation and decoding of one
 * 48-byte record, all on byte arrays so that a million records never become a million strings
 * unless asked for.
 */
final class RecordFormat {

    static final int LENGTH = 48;
    /** SMSID, space, kind: what orders the records. */
    static final int KEY_LENGTH = 11;
    static final int SMSID_LENGTH = 8;
    static final int KIND_AT = 9;
    static final int TIME_AT = 12;
    static final int TIME_LENGTH = 14;
    static final int REASON_AT = 27;
    static final int REASON_LENGTH = 19;
    static final int CR_AT = 46;

    static final String HEADER_PREFIX = ";RESYNC.CFG v1 site=";
    static final String HEADER_FAMILY = ";RESYNC.CFG ";
    static final String DOMAIN_TAG = " domain=";
    static final int SITE_AT = HEADER_PREFIX.length();
    static final int DOMAIN_TAG_AT = SITE_AT + SiteCode.LENGTH;
    static final int DOMAIN_AT = DOMAIN_TAG_AT + DOMAIN_TAG.length();

    private static final byte[][] KINDS = {ascii("HW"), ascii("SW")};
    private static final ResyncReason[] REASONS = ResyncReason.values();
    private static final byte[][] REASON_CODES = Arrays.stream(REASONS).map(r -> ascii(r.name())).toArray(byte[][]::new);
    private static final String REASON_LIST =
            Arrays.stream(REASONS).map(Enum::name).collect(Collectors.joining(", "));

    static {
        // the header is the same width as a record; if someone changes a constant this fails fast
        if (DOMAIN_AT + DomainName.MAX_LENGTH + 2 != LENGTH) {
            throw new AssertionError("RESYNC.CFG header is not " + LENGTH + " bytes");
        }
    }

    private RecordFormat() {
    }

    /** What is wrong with a record: the field and a sentence about it. */
    record Problem(String field, String message) {
    }

    /**
     * The 1-based column where a damaged field starts (the layout is ASCII, so bytes and
     * characters count alike), or 0 when the damage is the record's as a whole (its length, a
     * separator, its order, the header's form).
     */
    static int column(String field) {
        return switch (field) {
            case "SMSID" -> 1;
            case "kind" -> KIND_AT + 1;
            case "request time" -> TIME_AT + 1;
            case "reason" -> REASON_AT + 1;
            case "site" -> SITE_AT + 1;
            case "domain tag" -> DOMAIN_TAG_AT + 1;
            case "domain" -> DOMAIN_AT + 1;
            default -> 0;
        };
    }

    /** What a header record says, and what is wrong with it. */
    record Header(Optional<SiteCode> site, Optional<DomainName> domain, List<Problem> problems) {
    }

    // ---------------------------------------------------------------- encoding

    static byte[] header(SiteCode site, DomainName domain) {
        byte[] out = new byte[LENGTH];
        Arrays.fill(out, (byte) ' ');
        put(out, 0, HEADER_PREFIX);
        put(out, SITE_AT, site.value());
        put(out, DOMAIN_TAG_AT, DOMAIN_TAG);
        put(out, DOMAIN_AT, domain.folded());
        out[CR_AT] = '\r';
        out[CR_AT + 1] = '\n';
        return out;
    }

    static byte[] encode(ResyncEntry entry) {
        byte[] out = new byte[LENGTH];
        encode(entry, out, 0);
        return out;
    }

    static void encode(ResyncEntry entry, byte[] out, int off) {
        String id = entry.smsId().value();
        if (entry.smsId().isGuid()) {
            throw new IllegalArgumentException(guidRefusal(entry.smsId()));
        }
        Arrays.fill(out, off, off + LENGTH, (byte) ' ');
        for (int i = 0; i < SMSID_LENGTH; i++) {
            out[off + i] = (byte) id.charAt(i);
        }
        byte[] kind = KINDS[entry.kind().ordinal()];
        out[off + KIND_AT] = kind[0];
        out[off + KIND_AT + 1] = kind[1];
        encodeTime(entry.requestTime(), out, off + TIME_AT);
        byte[] reason = REASON_CODES[entry.reason().ordinal()];
        System.arraycopy(reason, 0, out, off + REASON_AT, reason.length);
        out[off + CR_AT] = '\r';
        out[off + CR_AT + 1] = '\n';
    }

    static String guidRefusal(SmsId id) {
        return "SMSID " + id + " is in the SMS 2.0 GUID form, which has no place in RESYNC.CFG;"
                + " such a client is asked through its " + id.fileName() + ".CFG only";
    }

    static void encodeTime(Instant time, byte[] out, int off) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
        digits(out, off, t.getYear(), 4);
        digits(out, off + 4, t.getMonthValue(), 2);
        digits(out, off + 6, t.getDayOfMonth(), 2);
        digits(out, off + 8, t.getHour(), 2);
        digits(out, off + 10, t.getMinute(), 2);
        digits(out, off + 12, t.getSecond(), 2);
    }

    static String formatTime(Instant time) {
        byte[] out = new byte[TIME_LENGTH];
        encodeTime(time, out, 0);
        return new String(out, StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- validation

    /**
     * Checks one line of the file.
     *
     * @param b the bytes
     * @param off where the line starts
     * @param length the whole length of the line including its line feed
     * @param terminated whether the line ends with a line feed (false: the end of the file)
     * @return null if the line is a good record, else what is wrong with it
     */
    static Problem check(byte[] b, int off, long length, boolean terminated) {
        if (!terminated) {
            return new Problem("length", "partial record of " + length + (length == 1 ? " byte" : " bytes")
                    + " at the end of the file (no CR LF), expected " + LENGTH);
        }
        if (length != LENGTH) {
            return new Problem("length", "record is " + length + " bytes, expected " + LENGTH
                    + " (46 characters then CR LF)");
        }
        if (b[off + CR_AT] != '\r') {
            return new Problem("length", "record does not end with CR LF (column 47 holds "
                    + describe(b[off + CR_AT]) + ")");
        }
        for (int i = 0; i < SMSID_LENGTH; i++) {
            byte c = b[off + i];
            if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) {
                return new Problem("SMSID", "SMSID " + quote(b, off, SMSID_LENGTH) + " has " + describe(c)
                        + " at position " + (i + 1) + "; only 0-9 and A-Z (upper case) are allowed");
            }
        }
        for (int at : new int[] {SMSID_LENGTH, KIND_AT + 2, TIME_AT + TIME_LENGTH}) {
            if (b[off + at] != ' ') {
                return new Problem("separator", "column " + (at + 1) + " must be a space, found "
                        + describe(b[off + at]));
            }
        }
        if (kindOf(b, off) == null) {
            return new Problem("kind", "kind " + quote(b, off + KIND_AT, 2) + " must be HW or SW");
        }
        String timeProblem = checkTime(b, off + TIME_AT);
        if (timeProblem != null) {
            return new Problem("request time", "request time " + quote(b, off + TIME_AT, TIME_LENGTH)
                    + " " + timeProblem);
        }
        if (reasonOf(b, off) == null) {
            return new Problem("reason", "reason " + quote(b, off + REASON_AT, REASON_LENGTH)
                    + " must be one of " + REASON_LIST + ", left-aligned and padded with spaces");
        }
        return null;
    }

    /** Returns null if the 14 bytes are a real yyyymmddhhmmss time, else why not. */
    static String checkTime(byte[] b, int off) {
        for (int i = 0; i < TIME_LENGTH; i++) {
            byte c = b[off + i];
            if (c < '0' || c > '9') {
                return "is not yyyymmddhhmmss: " + describe(c) + " at position " + (i + 1);
            }
        }
        int year = number(b, off, 4);
        int month = number(b, off + 4, 2);
        int day = number(b, off + 6, 2);
        if (month < 1 || month > 12) {
            return "has month " + month + ", which is not 01-12";
        }
        int days = daysIn(year, month);
        if (day < 1 || day > days) {
            return "has day " + day + ", which is not 01-" + days + " for that month";
        }
        if (number(b, off + 8, 2) > 23) {
            return "has hour " + number(b, off + 8, 2) + ", which is not 00-23";
        }
        if (number(b, off + 10, 2) > 59) {
            return "has minute " + number(b, off + 10, 2) + ", which is not 00-59";
        }
        if (number(b, off + 12, 2) > 59) {
            return "has second " + number(b, off + 12, 2) + ", which is not 00-59";
        }
        return null;
    }

    /**
     * Checks line 0. A file whose header is damaged still has records; the problems are reported
     * and reading goes on.
     */
    static Header checkHeader(byte[] b, int off, long length, boolean terminated,
            Optional<SiteCode> expectedSite, Optional<DomainName> expectedDomain) {
        List<Problem> problems = new ArrayList<>();
        if (!terminated) {
            problems.add(new Problem("header", "header record of " + length
                    + " bytes has no CR LF; the file holds no records"));
            return new Header(Optional.empty(), Optional.empty(), problems);
        }
        if (length != LENGTH || b[off + CR_AT] != '\r') {
            problems.add(new Problem("header", "header record is " + length + " bytes"
                    + (length == LENGTH ? " without CR LF" : "") + ", expected " + LENGTH + " beginning with '"
                    + HEADER_PREFIX + "'"));
            return new Header(Optional.empty(), Optional.empty(), problems);
        }
        if (!startsWith(b, off, HEADER_PREFIX)) {
            String message = startsWith(b, off, HEADER_FAMILY)
                    ? "header " + quote(b, off, SITE_AT) + " is not version v1, the only one this code reads"
                    : "header must begin with '" + HEADER_PREFIX + "', found " + quote(b, off, SITE_AT);
            problems.add(new Problem("header", message));
            return new Header(Optional.empty(), Optional.empty(), problems);
        }
        Optional<SiteCode> site = Optional.empty();
        try {
            site = Optional.of(SiteCode.of(new String(b, off + SITE_AT, SiteCode.LENGTH, StandardCharsets.ISO_8859_1)));
            if (expectedSite.isPresent() && !expectedSite.get().equals(site.get())) {
                problems.add(new Problem("site", "header names site " + site.get() + ", expected "
                        + expectedSite.get()));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("site", "header site code: " + e.getMessage()));
        }
        Optional<DomainName> domain = Optional.empty();
        if (!startsWith(b, off + DOMAIN_TAG_AT, DOMAIN_TAG)) {
            problems.add(new Problem("domain tag", "header must have '" + DOMAIN_TAG + "' at column "
                    + (DOMAIN_TAG_AT + 1) + ", found " + quote(b, off + DOMAIN_TAG_AT, DOMAIN_TAG.length())));
        } else {
            int end = off + CR_AT;
            while (end > off + DOMAIN_AT && b[end - 1] == ' ') {
                end--;
            }
            try {
                domain = Optional.of(DomainName.of(new String(b, off + DOMAIN_AT, end - off - DOMAIN_AT,
                        StandardCharsets.ISO_8859_1)));
                if (expectedDomain.isPresent() && !expectedDomain.get().equals(domain.get())) {
                    problems.add(new Problem("domain", "header names domain " + domain.get() + ", expected "
                            + expectedDomain.get()));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("domain", "header domain name: " + e.getMessage()));
            }
        }
        return new Header(site, domain, problems);
    }

    // ---------------------------------------------------------------- decoding (of checked records)

    static ResyncEntry decode(byte[] b, int off) {
        SmsId id = SmsId.parse(new String(b, off, SMSID_LENGTH, StandardCharsets.ISO_8859_1));
        return new ResyncEntry(id, kindOf(b, off), decodeTime(b, off + TIME_AT), reasonOf(b, off));
    }

    static Instant decodeTime(byte[] b, int off) {
        long day = LocalDate.of(number(b, off, 4), number(b, off + 4, 2), number(b, off + 6, 2)).toEpochDay();
        long seconds = day * 86_400L + number(b, off + 8, 2) * 3600L + number(b, off + 10, 2) * 60L
                + number(b, off + 12, 2);
        return Instant.ofEpochSecond(seconds);
    }

    static InventoryKind kindOf(byte[] b, int off) {
        for (InventoryKind kind : InventoryKind.values()) {
            byte[] code = KINDS[kind.ordinal()];
            if (b[off + KIND_AT] == code[0] && b[off + KIND_AT + 1] == code[1]) {
                return kind;
            }
        }
        return null;
    }

    static ResyncReason reasonOf(byte[] b, int off) {
        int start = off + REASON_AT;
        for (int r = 0; r < REASONS.length; r++) {
            byte[] code = REASON_CODES[r];
            if (Arrays.equals(b, start, start + code.length, code, 0, code.length)
                    && onlySpaces(b, start + code.length, start + REASON_LENGTH)) {
                return REASONS[r];
            }
        }
        return null;
    }

    /** Compares the keys (SMSID, kind) of two records as unsigned bytes. */
    static int compareKeys(byte[] a, int aOff, byte[] b, int bOff) {
        return Arrays.compareUnsigned(a, aOff, aOff + KEY_LENGTH, b, bOff, bOff + KEY_LENGTH);
    }

    /** Compares two request times; the digits sort as the times do. */
    static int compareTimes(byte[] a, int aOff, byte[] b, int bOff) {
        return Arrays.compareUnsigned(a, aOff + TIME_AT, aOff + TIME_AT + TIME_LENGTH,
                b, bOff + TIME_AT, bOff + TIME_AT + TIME_LENGTH);
    }

    // ---------------------------------------------------------------- helpers

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void put(byte[] out, int off, String text) {
        for (int i = 0; i < text.length(); i++) {
            out[off + i] = (byte) text.charAt(i);
        }
    }

    private static boolean startsWith(byte[] b, int off, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (b[off + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlySpaces(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ') {
                return false;
            }
        }
        return true;
    }

    private static void digits(byte[] out, int off, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            out[off + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    private static int number(byte[] b, int off, int width) {
        int value = 0;
        for (int i = 0; i < width; i++) {
            value = value * 10 + (b[off + i] - '0');
        }
        return value;
    }

    private static int daysIn(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            case 4: case 6: case 9: case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Quotes bytes for a message, escaping anything that is not printable ASCII. */
    static String quote(byte[] b, int off, int length) {
        StringBuilder out = new StringBuilder(length + 2).append('\'');
        for (int i = off; i < off + length && i < b.length; i++) {
            int c = b[i] & 0xFF;
            if (c >= 0x20 && c < 0x7F) {
                out.append((char) c);
            } else {
                out.append(String.format(Locale.ROOT, "\\x%02X", c));
            }
        }
        return out.append('\'').toString();
    }

    static String describe(byte b) {
        int c = b & 0xFF;
        if (c == ' ') {
            return "a space";
        }
        if (c > 0x20 && c < 0x7F) {
            return "'" + (char) c + "'";
        }
        return String.format(Locale.ROOT, "byte 0x%02X", c);
    }
}
