package org.mifsync.testkit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * One source of choices for every generator of the kit. Property tests draw from QuickTheories
 * (so that a failing example shrinks: every choice is a draw QuickTheories can move towards its
 * minimum), deterministic data sets such as the benchmark inventories draw from a seeded
 * {@link SplittableRandom}; the generator code is the same for both.
 */
abstract class Draw {

    /** A value in {@code [min, max]}, both inclusive. */
    abstract long between(long min, long max);

    /** Choices from a QuickTheories randomness source. */
    static Draw of(RandomnessSource source) {
        return new Draw() {
            @Override
            long between(long min, long max) {
                return source.next(Constraint.between(min, max));
            }
        };
    }

    /** Reproducible choices from a seed. */
    static Draw seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new Draw() {
            @Override
            long between(long min, long max) {
                if (min == max) {
                    return min;
                }
                if (max - min + 1 <= 0) {
                    // the span overflows a long: only reachable for near-full-range requests
                    long v;
                    do {
                        v = random.nextLong();
                    } while (v < min || v > max);
                    return v;
                }
                return min + random.nextLong(max - min + 1);
            }
        };
    }

    final int between(int min, int max) {
        return (int) between((long) min, (long) max);
    }

    /** True with the given probability in percent. */
    final boolean chance(int percent) {
        // drawing "0" as the likely shrink target makes shrunk examples take the false branch
        return between(0, 99) >= 100 - percent;
    }

    final <T> T pick(List<T> options) {
        return options.get(between(0, options.size() - 1));
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[between(0, options.length - 1)];
    }

    /** A shuffled copy (Fisher–Yates). */
    final <T> List<T> shuffle(List<T> list) {
        List<T> out = new ArrayList<>(list);
        for (int i = out.size() - 1; i > 0; i--) {
            int j = between(0, i);
            T t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }

    /**
     * An integer in {@code [min, max]}, often at or next to an edge of the range (and at zero),
     * where range checks go wrong.
     */
    final BigInteger integer(BigInteger min, BigInteger max) {
        List<BigInteger> edges = new ArrayList<>();
        for (BigInteger e : List.of(min, min.add(BigInteger.ONE), max, max.subtract(BigInteger.ONE), BigInteger.ZERO,
                BigInteger.ONE, BigInteger.ONE.negate())) {
            if (e.compareTo(min) >= 0 && e.compareTo(max) <= 0) {
                edges.add(e);
            }
        }
        int how = between(0, 9);
        if (how < 4) {
            return edges.get(between(0, edges.size() - 1));
        }
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        BigInteger raw;
        if (how < 7) {
            // small magnitudes, as real inventories have, of either sign where the type has one
            BigInteger small = BigInteger.valueOf(between(0L, 100_000L) - (min.signum() < 0 ? 50_000L : 0L));
            if (small.compareTo(min) >= 0 && small.compareTo(max) <= 0) {
                return small;
            }
            raw = small.abs();
        } else {
            raw = BigInteger.valueOf(between(0L, Long.MAX_VALUE)).shiftLeft(2).or(BigInteger.valueOf(between(0, 3)));
        }
        return min.add(raw.mod(span));
    }
}
