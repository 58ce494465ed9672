package org.mifsync.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.mifsync.mif.MifException;
import org.mifsync.mif.MifParser;
import org.mifsync.testkit.InventoryMifs;
import org.mifsync.testkit.InventoryMifs.Inventory;
import org.mifsync.testkit.InventoryPojo;

/**
 * The comparison of {@link ParseBenchmark} counted in CPU time of the reading thread instead of
 * wall-clock time, with the readers alternating pass by pass over the same inventories: on a
 * shared machine whose other processes come and go, this ratio holds still where the JMH figures
 * (measured one after the other, in wall-clock time) do not. JMH stays the reference; this is the
 * cross-check.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.mifsync.benchmarks.ParseCpuTime [warm-up s] [rounds]
 * </pre>
 *
 * @since 0.1
 */
public final class ParseCpuTime {

    /** Where the passes' results go, so that the JIT cannot drop the work. */
    private static volatile int sink;

    private ParseCpuTime() {
    }

    /**
     * Warms both readers up, then measures rounds of one pass each and prints the medians.
     *
     * @param args warm-up seconds (default 20), measured rounds (default 30)
     * @throws Exception if a reader fails
     */
    public static void main(String[] args) throws Exception {
        int warmupSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        List<Inventory> set = InventoryMifs.mixedSet(42, 50);
        byte[][] mif = set.stream().map(Inventory::mif).toArray(byte[][]::new);
        byte[][] json = set.stream().map(Inventory::json).toArray(byte[][]::new);
        MifParser parser = MifParser.strict();
        MifParser grammarLexer = MifParser.builder().grammarLexer(true).build();
        ObjectReader jackson = new ObjectMapper().readerFor(InventoryPojo.class);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        long until = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        while (System.nanoTime() < until) {
            sink += mifPass(parser, mif) + mifPass(grammarLexer, mif) + jsonPass(jackson, json);
        }
        double[] mifRate = new double[rounds];
        double[] jsonRate = new double[rounds];
        double[] grammarRate = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = threads.getCurrentThreadCpuTime();
            sink += mifPass(parser, mif);
            long t1 = threads.getCurrentThreadCpuTime();
            sink += jsonPass(jackson, json);
            long t2 = threads.getCurrentThreadCpuTime();
            sink += mifPass(grammarLexer, mif);
            long t3 = threads.getCurrentThreadCpuTime();
            mifRate[r] = mif.length / ((t1 - t0) / 1e9);
            jsonRate[r] = json.length / ((t2 - t1) / 1e9);
            grammarRate[r] = mif.length / ((t3 - t2) / 1e9);
        }
        double m = median(mifRate);
        double j = median(jsonRate);
        double g = median(grammarRate);
        System.out.printf(Locale.ROOT, "MIF parser      %10.1f inventories per CPU second (median of %d passes)%n", m,
                rounds);
        System.out.printf(Locale.ROOT, "Jackson databind %9.1f inventories per CPU second%n", j);
        System.out.printf(Locale.ROOT, "MIF parser with the grammar's lexer %.1f inventories per CPU second%n", g);
        System.out.printf(Locale.ROOT, "ratio MIF / Jackson %.1f %% (grammar's lexer: %.1f %%)%n", 100 * m / j,
                100 * g / j);
    }

    private static int mifPass(MifParser parser, byte[][] mif) throws MifException {
        int groups = 0;
        for (byte[] b : mif) {
            groups += parser.parse(b, "inventory.mif").document().component().groups().size();
        }
        return groups;
    }

    private static int jsonPass(ObjectReader jackson, byte[][] json) throws IOException {
        int groups = 0;
        for (byte[] b : json) {
            groups += jackson.<InventoryPojo>readValue(b).groups.size();
        }
        return groups;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
