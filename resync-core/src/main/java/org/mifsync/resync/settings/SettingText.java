package org.mifsync.resync.settings;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The text forms of durations, sizes and numbers in a site description: parsing with messages a
 * person can act on, and formatting back to the shortest form that parses to the same value.
 * Stateless and thread-safe.
 */
final class SettingText {

    private static final long KIB = 1024;

    private SettingText() {
    }

    /**
     * Parses a duration: one or more {@code <number><unit>} parts ({@code 90d}, {@code 1h30m},
     * {@code 500ms}; units {@code ms s m h d w}, any case), or ISO-8601 ({@code PT1H30M}).
     *
     * @throws IllegalArgumentException with a message that names the expected forms
     */
    static Duration duration(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("a duration is needed, e.g. 90d, 12h, 30m, 45s or 1h30m");
        }
        if (t.charAt(0) == 'P' || t.charAt(0) == 'p') {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as PT1H30M");
            }
        }
        Duration total = Duration.ZERO;
        int i = 0;
        while (i < t.length()) {
            int start = i;
            while (i < t.length() && Character.isDigit(t.charAt(i)) && t.charAt(i) < 0x80) {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("'" + text + "' is not a duration: expected a number at position "
                        + (start + 1) + "; write e.g. 90d, 12h, 30m, 45s, 500ms or 1h30m");
            }
            String digits = t.substring(start, i);
            while (i < t.length() && t.charAt(i) == ' ') {
                i++;
            }
            int unitStart = i;
            while (i < t.length() && Character.isLetter(t.charAt(i))) {
                i++;
            }
            String unit = t.substring(unitStart, i).toLowerCase(Locale.ROOT);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' needs a unit after " + digits
                        + " (ms, s, m, h, d or w), e.g. " + digits + "s");
            }
            long amount;
            try {
                amount = Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': " + digits + " is too large");
            }
            try {
                Duration part = switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m", "min" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "d" -> Duration.ofDays(amount);
                    case "w" -> Duration.ofDays(Math.multiplyExact(amount, 7L));
                    default -> throw new IllegalArgumentException("'" + text + "': unknown unit '" + unit
                            + "'; use ms, s, m, h, d or w");
                };
                total = total.plus(part);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("'" + text + "' is too long a duration");
            }
            while (i < t.length() && t.charAt(i) == ' ') {
                i++;
            }
        }
        return total;
    }

    /** The {@link #duration} text of a duration in days and smaller units, e.g. {@code 14d}, {@code 1d12h}, {@code 500ms}. */
    static String duration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative()) {
            return d.toString();
        }
        StringBuilder out = new StringBuilder();
        long days = d.toDays();
        append(out, days, "d");
        append(out, d.toHoursPart(), "h");
        append(out, d.toMinutesPart(), "m");
        append(out, d.toSecondsPart(), "s");
        append(out, d.toMillisPart(), "ms");
        if (d.toNanosPart() % 1_000_000 != 0) {
            return d.toString(); // below a millisecond: only ISO-8601 can say it
        }
        return out.toString();
    }

    private static void append(StringBuilder out, long amount, String unit) {
        if (amount != 0) {
            out.append(amount).append(unit);
        }
    }

    /**
     * Parses a size in bytes: a number with an optional unit {@code B}, {@code K}/{@code KB}/{@code
     * KiB}, {@code M}/{@code MB}/{@code MiB}, {@code G}/{@code GB}/{@code GiB}, any case, all
     * powers of 1024 as Windows counts them.
     */
    static long size(String text) {
        String t = text.trim();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i)) && t.charAt(i) < 0x80) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 5MiB, 512KiB or 1048576");
        }
        String unit = t.substring(i).trim().toUpperCase(Locale.ROOT);
        long factor = switch (unit) {
            case "", "B" -> 1;
            case "K", "KB", "KIB" -> KIB;
            case "M", "MB", "MIB" -> KIB * KIB;
            case "G", "GB", "GIB" -> KIB * KIB * KIB;
            default -> throw new IllegalArgumentException("'" + text + "': unknown unit '" + t.substring(i).trim()
                    + "'; use B, KiB, MiB or GiB");
        };
        try {
            return Math.multiplyExact(Long.parseLong(t.substring(0, i)), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
    }

    /** The shortest {@link #size} text of a size, e.g. {@code 5MiB}. */
    static String size(long bytes) {
        for (String unit : new String[] {"GiB", "MiB", "KiB"}) {
            long factor = switch (unit) {
                case "GiB" -> KIB * KIB * KIB;
                case "MiB" -> KIB * KIB;
                default -> KIB;
            };
            if (bytes != 0 && bytes % factor == 0) {
                return bytes / factor + unit;
            }
        }
        return Long.toString(bytes);
    }

    /** Parses a whole number. */
    static int integer(String text) {
        String t = text.trim();
        if (t.isEmpty() || !t.chars().allMatch(c -> c >= '0' && c <= '9' || c == '-') || t.lastIndexOf('-') > 0) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large a number");
        }
    }

    /** Parses a decimal number such as {@code 2} or {@code 1.5}. */
    static double decimal(String text) {
        String t = text.trim();
        if (t.isEmpty() || !t.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.')) {
            throw new IllegalArgumentException("'" + text + "' is not a number such as 2 or 1.5");
        }
        try {
            return new BigDecimal(t).doubleValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number such as 2 or 1.5");
        }
    }

    /** A decimal as written: {@code 2} rather than {@code 2.0}. */
    static String decimal(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
