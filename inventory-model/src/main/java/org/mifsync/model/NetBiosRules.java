package org.mifsync.model;

import java.util.Locale;
import java.util.Set;

/**
 * The rules shared by NetBIOS computer and domain names. Both end up as path components
 * ({@code <DOMAIN>.000}, logon-server shares), so the rules are the NetBIOS ones plus whatever
 * keeps a name a single, unambiguous file name on Windows and Unix.
 */
final class NetBiosRules {

    static final int MAX_LENGTH = 15;

    private static final String FORBIDDEN = "\\/:*?\"<>|";

    /** Windows opens a device for these names, with or without an extension. */
    private static final Set<String> DEVICE_NAMES = Set.of(
            "CON", "PRN", "AUX", "NUL", "CLOCK$", "CONIN$", "CONOUT$",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private NetBiosRules() {
    }

    static String check(String field, String value) {
        Check.notNull(field, value);
        if (value.isEmpty()) {
            throw Check.invalid(field, field + " must not be empty");
        }
        String quoted = field + " " + Check.quote(value);
        if (value.length() > MAX_LENGTH) {
            throw Check.invalid(field, quoted + " must be at most 15 characters, found " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String at = " at position " + (i + 1);
            if (c < 0x20 || c == 0x7F) {
                throw Check.invalid(field, quoted + " has the control character " + Check.describe(c) + at);
            }
            if (c > 0x7F) {
                // Non-ASCII is refused outright: look-alikes (Cyrillic А, dotless ı) would otherwise
                // name a second client or domain that prints like the first, and Unicode case
                // folding is not the single-character folding that SMS did.
                throw Check.invalid(field, quoted + " has " + Check.describe(c) + at
                        + "; only printable ASCII characters are allowed");
            }
            if (FORBIDDEN.indexOf(c) >= 0) {
                throw Check.invalid(field, quoted + " has " + Check.describe(c) + at
                        + ", which NetBIOS names do not allow (\\ / : * ? \" < > |)");
            }
        }
        if (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' ') {
            // NetBIOS pads names with blanks, so a trailing blank cannot be told from padding.
            throw Check.invalid(field, quoted + " must not begin or end with a space");
        }
        if (value.charAt(0) == '.') {
            throw Check.invalid(field, quoted + " must not begin with a period");
        }
        if (value.charAt(value.length() - 1) == '.') {
            throw Check.invalid(field, quoted
                    + " must not end with a period (Windows drops it, so the name would alias another)");
        }
        int dot = value.indexOf('.');
        String base = (dot < 0 ? value : value.substring(0, dot)).toUpperCase(Locale.ROOT);
        if (DEVICE_NAMES.contains(base)) {
            throw Check.invalid(field, quoted + " is the Windows device name " + base
                    + " and cannot be used as a file name");
        }
        return value;
    }

    static String fold(String value) {
        return value.toUpperCase(Locale.ROOT);
    }
}
