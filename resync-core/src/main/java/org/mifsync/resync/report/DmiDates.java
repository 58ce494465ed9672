package org.mifsync.resync.report;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** DMI dates ({@code yyyymmddHHMMSS.uuuuuu+ooo}) and the report directives' UTC times. */
final class DmiDates {

    /** Directive times: fourteen digits, UTC, strictly resolved so that 20260230 is refused. */
    private static final DateTimeFormatter DIRECTIVE_TIME =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT).withZone(ZoneOffset.UTC);

    private DmiDates() {
    }

    /** The outcome of reading a DMI date: a value, "no value" (empty or unknown fields), or a problem. */
    record Parsed(Optional<OffsetDateTime> value, Optional<String> problem) {
    }

    static Parsed parse(String text) {
        if (text.isEmpty() || text.indexOf('*') >= 0) {
            // empty (OS/2 files) and asterisk fields both mean "not known"; SMS's fill-in from the
            // current date would make the stored value depend on when the report was loaded
            return new Parsed(Optional.empty(), Optional.empty());
        }
        if (text.length() != 25 || text.charAt(14) != '.' || (text.charAt(21) != '+' && text.charAt(21) != '-')) {
            return problem("date \"" + text + "\" is not yyyymmddHHMMSS.uuuuuu+ooo");
        }
        for (int i = 0; i < 25; i++) {
            if (i != 14 && i != 21 && (text.charAt(i) < '0' || text.charAt(i) > '9')) {
                return problem("date \"" + text + "\" has a non-digit at position " + (i + 1));
            }
        }
        try {
            int offsetMinutes = Integer.parseInt(text.substring(22, 25)) * (text.charAt(21) == '-' ? -1 : 1);
            return new Parsed(Optional.of(OffsetDateTime.of(num(text, 0, 4), num(text, 4, 6), num(text, 6, 8),
                    num(text, 8, 10), num(text, 10, 12), num(text, 12, 14), num(text, 15, 21) * 1000,
                    ZoneOffset.ofTotalSeconds(offsetMinutes * 60))), Optional.empty());
        } catch (DateTimeException e) {
            return problem("date \"" + text + "\" is not a valid date: " + e.getMessage());
        }
    }

    private static Parsed problem(String message) {
        return new Parsed(Optional.empty(), Optional.of(message));
    }

    private static int num(String text, int from, int to) {
        return Integer.parseInt(text.substring(from, to));
    }

    /**
     * Formats a date as DMI text.
     *
     * @throws IllegalArgumentException if the date has more than microsecond precision, an offset
     *     that is not whole minutes or beyond 999 minutes, or a year outside 0-9999: DMI text cannot
     *     hold it and the writer never truncates
     */
    static String format(OffsetDateTime date) {
        int offsetSeconds = date.getOffset().getTotalSeconds();
        if (date.getNano() % 1000 != 0 || offsetSeconds % 60 != 0 || Math.abs(offsetSeconds / 60) > 999
                || date.getYear() < 0 || date.getYear() > 9999) {
            throw new IllegalArgumentException("date " + date + " cannot be written as a DMI date without loss"
                    + " (microseconds, whole-minute offsets up to 999 minutes, years 0000-9999)");
        }
        int minutes = offsetSeconds / 60;
        return String.format(java.util.Locale.ROOT, "%04d%02d%02d%02d%02d%02d.%06d%c%03d", date.getYear(),
                date.getMonthValue(), date.getDayOfMonth(), date.getHour(), date.getMinute(), date.getSecond(),
                date.getNano() / 1000, minutes < 0 ? '-' : '+', Math.abs(minutes));
    }

    /** Parses a directive time; empty when the text is not fourteen digits of a real UTC time. */
    static Optional<java.time.Instant> parseDirectiveTime(String text) {
        if (text.length() != 14 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.Instant.from(DIRECTIVE_TIME.parse(text)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    static String formatDirectiveTime(java.time.Instant time) {
        return DIRECTIVE_TIME.format(time.truncatedTo(ChronoUnit.SECONDS));
    }
}
