package org.mifsync.model;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Generators shared by the model's property tests. */
final class Gens {

    static final String UPPER_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String ALNUM = UPPER_ALNUM + "abcdefghijklmnopqrstuvwxyz";
    static final String HEX = "0123456789ABCDEFabcdef";
    /** Characters that are neither ASCII letters nor digits, hostile ones well represented. */
    static final String NOT_ALNUM = " \t\r\n\0\u007F\u0085\u00A0-_.,;:/\\*?\"<>|'`~!@#$%^&()[]{}=+"
            + "\u0410\u041E\u0421\u0131\u0130\uFF10\uFF21\u00DF\u017F\u212A\u200B\uFEFF\u00E9";
    /** Printable ASCII that NetBIOS names allow anywhere (period and space have position rules). */
    static final String NETBIOS_SAFE = ALNUM + "-_!@#$%^&'(){}~";
    static final String NETBIOS_FORBIDDEN = "\\/:*?\"<>|";

    private Gens() {
    }

    static Gen<Character> charFrom(String alphabet) {
        List<Character> chars = alphabet.chars().mapToObj(c -> (char) c).collect(Collectors.toList());
        return Generate.pick(chars);
    }

    static Gen<String> stringOf(String alphabet, int minLength, int maxLength) {
        return lists().of(charFrom(alphabet)).ofSizeBetween(minLength, maxLength)
                .map(cs -> cs.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    /** A valid string of the given alphabet with one character replaced by a bad one. */
    static Gen<String> withOneBad(String alphabet, int length, String badAlphabet) {
        return stringOf(alphabet, length, length)
                .zip(integers().between(0, length - 1), charFrom(badAlphabet),
                        (s, at, bad) -> s.substring(0, at) + bad + s.substring(at + 1));
    }

    /** Randomly upper- or lower-cases each ASCII letter. */
    static Gen<String> mixedCase(Gen<String> source) {
        return source.zip(integers().all(), (s, bits) -> {
            StringBuilder out = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                String c = String.valueOf(s.charAt(i));
                out.append(((bits >> (i % 31)) & 1) == 0 ? c.toLowerCase(Locale.ROOT) : c.toUpperCase(Locale.ROOT));
            }
            return out.toString();
        });
    }

    static Gen<SiteCode> siteCodes() {
        return stringOf(UPPER_ALNUM, 3, 3).map(SiteCode::of);
    }

    static Gen<SmsId> smsIds() {
        return stringOf(UPPER_ALNUM, 8, 8).map(SmsId::parse);
    }
}
