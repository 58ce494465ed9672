package org.mifsync.model;

import java.util.Locale;
import java.util.Set;

/** What the tests mean by "safe as a file name", written independently of the model's rules. */
final class FileNames {

    private static final Set<String> DEVICES = Set.of("CON", "PRN", "AUX", "NUL", "CLOCK$", "CONIN$", "CONOUT$",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private FileNames() {
    }

    static boolean isSafe(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.length() > 64) {
            return false;
        }
        for (char c : name.toCharArray()) {
            if (c < 0x21 || c > 0x7E || "\\/:*?\"<>|".indexOf(c) >= 0) {
                return false;
            }
        }
        if (name.startsWith(".") || name.endsWith(".")) {
            return false;
        }
        int dot = name.indexOf('.');
        String base = (dot < 0 ? name : name.substring(0, dot)).toUpperCase(Locale.ROOT);
        return !DEVICES.contains(base);
    }
}
