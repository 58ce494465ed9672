package org.mifsync.mif;

/**
 * The default suite runs bounded, seeded versions of the property, crash and concurrency tests;
 * {@code mvn verify -Pthorough} sets {@code mifsync.thorough} and runs the long versions from fresh
 * seeds, printed so that a failure can be replayed.
 */
public final class Thorough {

    /** Whether the long versions run. */
    public static final boolean ON = Boolean.getBoolean("mifsync.thorough");

    private Thorough() {
    }

    /** The bounded count, or the long one under -Pthorough. */
    public static int count(int bounded, int thorough) {
        return ON ? thorough : bounded;
    }

    /** The fixed seed, or under -Pthorough a fresh one, printed with the test's name. */
    public static long seed(long fixed, String test) {
        if (!ON) {
            return fixed;
        }
        long seed = System.nanoTime();
        System.out.println("thorough: " + test + " seed " + seed);
        return seed;
    }
}
