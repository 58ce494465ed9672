package org.mifsync.mif;

import java.util.Optional;

/**
 * The DMI date format, {@code yyyymmddHHMMSS.uuuuuu+ooo}: 25 characters, the offset from UTC in
 * minutes, any field may be asterisks of its width when unknown. MIF keeps dates as text, so the
 * model never changes them; this class says whether a text is a well-formed date.
 *
 * @since 0.1
 */
public final class MifDate {

    private MifDate() {
    }

    /** Length of a DMI date. */
    public static final int LENGTH = 25;

    /**
     * What is wrong with a date text, or empty when it is a well-formed DMI date. The empty string
     * is "no value" and well-formed.
     */
    public static Optional<String> problem(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (text.length() != LENGTH) {
            return Optional.of("date \"" + text + "\" must have 25 characters (yyyymmddHHMMSS.uuuuuu+ooo), found "
                    + text.length());
        }
        if (text.charAt(14) != '.') {
            return Optional.of("date \"" + text + "\" needs a '.' at position 15 (yyyymmddHHMMSS.uuuuuu+ooo)");
        }
        if (text.charAt(21) != '+' && text.charAt(21) != '-') {
            return Optional.of("date \"" + text + "\" needs a '+' or '-' at position 22 before the UTC offset");
        }
        int[][] fields = { {0, 4, 0, 9999}, {4, 6, 1, 12}, {6, 8, 1, 31}, {8, 10, 0, 23}, {10, 12, 0, 59},
            {12, 14, 0, 60}, {15, 21, 0, 999_999}, {22, 25, 0, 999} };
        String[] names = { "year", "month", "day", "hour", "minute", "second", "microseconds", "offset" };
        for (int f = 0; f < fields.length; f++) {
            String field = text.substring(fields[f][0], fields[f][1]);
            if (field.chars().allMatch(c -> c == '*')) {
                continue;
            }
            if (!field.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.of("date \"" + text + "\" has " + names[f] + " '" + field + "', which is not a number");
            }
            int value = Integer.parseInt(field);
            if (value < fields[f][2] || value > fields[f][3]) {
                return Optional.of("date \"" + text + "\" has " + names[f] + " " + value + ", outside "
                        + fields[f][2] + "–" + fields[f][3]);
            }
        }
        return Optional.empty();
    }

    /** The year of a well-formed date, empty when the text is empty or the year is asterisks. */
    public static Optional<Integer> year(String text) {
        if (text.length() != LENGTH || problem(text).isPresent() || text.charAt(0) == '*') {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(text.substring(0, 4)));
    }
}
