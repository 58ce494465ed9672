package org.mifsync.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Case-insensitive lookup of the code enums, with a message listing what is allowed. */
final class EnumParse {

    private EnumParse() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String field, String text) {
        Check.notNull(field, text);
        for (E constant : type.getEnumConstants()) {
            // equalsIgnoreCase folds per character, so a dotless 'ı' would match 'I'; ROOT upper-casing
            // of ASCII-only text cannot
            if (isAscii(text) && constant.name().equals(text.toUpperCase(Locale.ROOT))) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
        throw Check.invalid(field, field + " " + Check.quote(text) + " must be one of " + allowed);
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }
}
