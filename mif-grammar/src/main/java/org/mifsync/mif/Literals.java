package org.mifsync.mif;

import java.math.BigInteger;
import java.util.function.Consumer;

/** Decoding of MIF string and integer literals (and encoding strings back, for the writer). */
final class Literals {

    private Literals() {
    }

    /** Whether a file is Unicode changes how many digits a numeric escape may have. */
    record EscapeRules(int maxHexDigits, int maxOctalDigits, int maxOctalValue) {
        static final EscapeRules LATIN1 = new EscapeRules(2, 3, 0377);
        static final EscapeRules UNICODE = new EscapeRules(4, 6, 0177777);
    }

    /**
     * The content of a quoted literal (quotes included in {@code token}). Unknown escapes lose
     * their backslash, as the DMI rules say, and are reported to {@code unknownEscape}.
     */
    static String decodeString(String token, EscapeRules rules, Consumer<String> unknownEscape) {
        int end = token.length() - 1;
        if (token.indexOf('\\') < 0) {
            return token.substring(1, end);
        }
        StringBuilder out = new StringBuilder(end);
        for (int i = 1; i < end; i++) {
            char c = token.charAt(i);
            if (c != '\\' || i + 1 >= end) {
                out.append(c);
                continue;
            }
            char e = token.charAt(++i);
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000B');
                case '\\', '"' -> out.append(e);
                case 'x' -> {
                    int j = i + 1;
                    int value = 0;
                    while (j < end && j - i - 1 < rules.maxHexDigits() && hexDigit(token.charAt(j)) >= 0) {
                        value = value * 16 + hexDigit(token.charAt(j));
                        j++;
                    }
                    if (j == i + 1) {
                        unknownEscape.accept("\\" + e);
                        out.append(e);
                    } else {
                        out.append((char) value);
                        i = j - 1;
                    }
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int j = i;
                        int value = 0;
                        while (j < end && j - i < rules.maxOctalDigits() && token.charAt(j) >= '0' && token.charAt(j) <= '7'
                                && value * 8 + (token.charAt(j) - '0') <= rules.maxOctalValue()) {
                            value = value * 8 + (token.charAt(j) - '0');
                            j++;
                        }
                        out.append((char) value);
                        i = j - 1;
                    } else {
                        unknownEscape.accept("\\" + e);
                        out.append(e);
                    }
                }
            }
        }
        return out.toString();
    }

    /** ASCII hexadecimal only: Character.digit would also take other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
            return (c | 0x20) - 'a' + 10;
        }
        return -1;
    }

    /** The literal for a string value: quotes, and escapes for what cannot stand for itself. */
    static String encodeString(String value, boolean unicode) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        // fixed width, so that a digit after the escape is never read as part of it
                        String octal = Integer.toOctalString(c);
                        out.append('\\').append("0".repeat((unicode ? 6 : 3) - octal.length())).append(octal);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** More digits than any MIF integer type can need (2^64 has 22 octal digits). */
    private static final int MAX_DIGITS = 24;

    /** Thrown for an integer literal that is not valid; the message says why. */
    static final class BadInteger extends Exception {
        private static final long serialVersionUID = 1L;

        BadInteger(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The value of an integer literal: {@code 0x…} hexadecimal, a leading {@code 0} octal,
     * otherwise decimal. An octal literal with an 8 or 9 is refused unless {@code decimalFallback}
     * (lenient mode), which reads it as decimal.
     */
    static BigInteger parseInteger(String digits, boolean negative, boolean decimalFallback) throws BadInteger {
        if (digits.length() > MAX_DIGITS) {
            // refuse before BigInteger does quadratic work on a hostile literal
            throw new BadInteger("number with " + digits.length() + " digits is out of range for every MIF type");
        }
        BigInteger value;
        if (digits.length() > 2 && (digits.charAt(1) == 'x' || digits.charAt(1) == 'X')) {
            value = parse(digits.substring(2), 16);
        } else if (digits.length() > 1 && digits.charAt(0) == '0') {
            boolean octal = digits.chars().allMatch(c -> c >= '0' && c <= '7');
            if (!octal && !decimalFallback) {
                throw new BadInteger("'" + digits + "' is not a valid octal number (a leading 0 means octal;"
                        + " write it without the 0 for decimal)");
            }
            value = parse(digits, octal ? 8 : 10);
        } else {
            value = parse(digits, 10);
        }
        return negative ? value.negate() : value;
    }

    private static BigInteger parse(String digits, int radix) throws BadInteger {
        try {
            if (digits.length() <= (radix == 16 ? 15 : 18)) {
                return BigInteger.valueOf(Long.parseLong(digits, radix));
            }
            return new BigInteger(digits, radix);
        } catch (NumberFormatException e) {
            // only the lexer's NUMBER tokens come here; this guards against any other text
            throw new BadInteger("'" + digits + "' is not a number");
        }
    }

    /** True for an octal-looking literal with an 8 or 9, which lenient mode reads as decimal. */
    static boolean isDecimalWithLeadingZero(String digits) {
        return digits.length() > 1 && digits.charAt(0) == '0' && digits.charAt(1) != 'x' && digits.charAt(1) != 'X'
                && digits.chars().anyMatch(c -> c == '8' || c == '9');
    }
}
