package org.mifsync.model;

import java.util.Locale;

/**
 * The NetBIOS name of a computer (a client or a logon server), such as {@code PC042}.
 *
 * <p>Rules (NetBIOS, plus what keeps the name a safe path component): 1 to 15 printable ASCII
 * characters; none of {@code \ / : * ? " < > |}; no control characters; no leading or trailing
 * space; no leading or trailing period (so never {@code .} or {@code ..}); and not a Windows
 * device name ({@code CON PRN AUX NUL COM1-9 LPT1-9 CLOCK$ CONIN$ CONOUT$}), with or without
 * an extension. Non-ASCII characters are refused so that look-alikes cannot pose as another name.
 *
 * <p>{@link #value()} keeps the spelling given; {@link #equals(Object)}, {@link #hashCode()} and
 * {@link #compareTo} ignore case, folding with {@link Locale#ROOT} (so {@code "iis"} equals
 * {@code "IIS"} under any default locale, Turkish included).
 *
 * <p>Immutable and thread-safe.
 *
 * @param value the name as given
 * @since 0.1
 */
public record NetBiosName(String value) implements Comparable<NetBiosName> {

    /** The maximum number of characters. */
    public static final int MAX_LENGTH = NetBiosRules.MAX_LENGTH;

    /**
     * Validates the name.
     *
     * @param value the name as given
     * @throws InvalidValueException if the name breaks a rule, with a message saying which
     */
    public NetBiosName {
        NetBiosRules.check("NetBIOS name", value);
    }

    /**
     * Returns the name for the given text, e.g. {@code NetBiosName.of("pc042")}.
     *
     * @param text the name
     * @return the name, spelling kept
     * @throws InvalidValueException if the text breaks a rule, with a message saying which
     */
    public static NetBiosName of(String text) {
        return new NetBiosName(text);
    }

    /**
     * Returns the name folded to upper case with {@link Locale#ROOT}: the form to compare, index
     * or store it by.
     *
     * @return the upper-case name
     */
    public String folded() {
        return NetBiosRules.fold(value);
    }

    /**
     * Tells whether the other object is a {@code NetBiosName} with the same name, ignoring case.
     *
     * @param other the object to compare with
     * @return true if both fold to the same upper-case name
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof NetBiosName that && folded().equals(that.folded());
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code of the folded name
     */
    @Override
    public int hashCode() {
        return folded().hashCode();
    }

    /**
     * Orders names by their folded form (ASCII order), consistent with {@link #equals(Object)}.
     *
     * @param other the name to compare with
     * @return negative, zero or positive as this name sorts before, with or after {@code other}
     */
    @Override
    public int compareTo(NetBiosName other) {
        return folded().compareTo(other.folded());
    }

    /**
     * Returns the name as given, so that names read naturally in messages.
     *
     * @return {@link #value()}
     */
    @Override
    public String toString() {
        return value;
    }
}
