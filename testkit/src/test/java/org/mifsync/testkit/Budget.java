package org.mifsync.testkit;

import java.util.concurrent.ThreadLocalRandom;

import org.quicktheories.QuickTheory;

/**
 * How much the properties try. The default build runs seeded, bounded examples (the whole kit in
 * well under a minute on two cores); {@code -Pthorough} (or {@code -Dmifsync.thorough=true}) runs
 * 25 times as many from fresh seeds, printed so that a failure can be replayed with
 * {@code -Dmifsync.seed=…}.
 */
final class Budget {

    static final boolean THOROUGH = Boolean.getBoolean("mifsync.thorough");
    private static final Long SEED = Long.getLong("mifsync.seed");

    private Budget() {
    }

    /** QuickTheories with the pinned seed (or a fresh or given one) and the example count. */
    static QuickTheory qt(String property, long pinnedSeed, int examples) {
        long seed = SEED != null ? SEED : THOROUGH ? ThreadLocalRandom.current().nextLong() : pinnedSeed;
        if (THOROUGH || SEED != null) {
            System.out.println(property + ": seed " + seed);
        }
        return QuickTheory.qt().withFixedSeed(seed).withExamples(THOROUGH ? examples * 25 : examples)
                .withShrinkCycles(THOROUGH ? 1000 : 100);
    }
}
