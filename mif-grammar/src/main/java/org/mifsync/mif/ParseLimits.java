package org.mifsync.mif;

/**
 * Bounds that keep hostile input from exhausting memory or time. Exceeding one is an error that
 * names the limit; it never becomes an {@code OutOfMemoryError} or a hang.
 *
 * @param maxInputBytes largest input accepted, in bytes
 * @param maxStringLength longest string value accepted, in characters (after concatenation)
 * @param maxErrors errors collected before the parser stops looking for more
 * @since 0.1
 */
public record ParseLimits(long maxInputBytes, int maxStringLength, int maxErrors) {

    /** 32 MiB of input, strings of 64 Ki characters, 100 errors. */
    public static final ParseLimits DEFAULT = new ParseLimits(32L << 20, 65_536, 100);

    public ParseLimits {
        if (maxInputBytes < 1 || maxStringLength < 1 || maxErrors < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
