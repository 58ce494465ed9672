package org.mifsync.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.mifsync.mif.MifException;
import org.mifsync.mif.MifParser;
import org.mifsync.testkit.HostileMifs;
import org.mifsync.testkit.HostileMifs.Shape;
import org.mifsync.testkit.InventoryMifs;
import org.mifsync.testkit.InventoryMifs.Inventory;

/**
 * What hostile input costs the MIF parser, against valid input: CPU time of the parsing thread per
 * parse and per byte, for each shape of {@link HostileMifs} at 4.25 MiB (issue 12's case first:
 * nothing but {@code Start Component} lines), in strict and in lenient mode (the loader's), next to
 * the same figure for the 50 valid inventories of {@link ParseCpuTime}, parsed in turns with them so
 * that both see the same load. Each hostile parse must end in a {@link MifException}; the number of
 * errors it lists is printed too.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.mifsync.benchmarks.HostileParse [warm-up s] [rounds] [shape]
 * </pre>
 *
 * <p>With a shape name, only that shape is parsed (for a profile of it).
 *
 * @since 0.1
 */
public final class HostileParse {

    /** Where the parses' results go, so that the JIT cannot drop the work. */
    private static volatile long sink;

    private HostileParse() {
    }

    /**
     * Warms up on every input, then measures rounds of one parse of each and prints the medians.
     *
     * @param args warm-up seconds (default 10), measured rounds (default 7), optionally one shape's name
     * @throws Exception if a valid inventory does not parse
     */
    public static void main(String[] args) throws Exception {
        int warmupSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        List<Inventory> set = InventoryMifs.mixedSet(42, 50);
        byte[][] valid = set.stream().map(Inventory::mif).toArray(byte[][]::new);
        long validBytes = Arrays.stream(valid).mapToLong(b -> b.length).sum();
        List<MifParser> parsers = List.of(MifParser.strict(), MifParser.lenient());
        List<Shape> shapes = HostileMifs.SHAPES.stream().filter(s -> args.length < 3 || s.name().equals(args[2]))
                .toList();
        byte[][] hostile = shapes.stream().map(s -> s.bytes(HostileMifs.CASE_BYTES)).toArray(byte[][]::new);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        long until = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        do {
            for (MifParser p : parsers) {
                sink += validPass(p, valid);
                for (byte[] h : hostile) {
                    sink += hostileErrors(p, h);
                }
            }
        } while (System.nanoTime() < until);

        System.out.printf(Locale.ROOT, "%-16s %-7s %10s %10s %8s %7s  %s%n", "input", "mode", "bytes", "ms/parse",
                "ns/byte", "x valid", "errors listed");
        for (MifParser p : parsers) {
            // valid and hostile parses alternate round by round, so that both see the same machine load
            double[] validNs = new double[rounds];
            double[][] ns = new double[hostile.length][rounds];
            int[] errors = new int[hostile.length];
            for (int r = 0; r < rounds; r++) {
                long t0 = threads.getCurrentThreadCpuTime();
                sink += validPass(p, valid);
                validNs[r] = threads.getCurrentThreadCpuTime() - t0;
                for (int i = 0; i < hostile.length; i++) {
                    long t1 = threads.getCurrentThreadCpuTime();
                    errors[i] = hostileErrors(p, hostile[i]);
                    ns[i][r] = threads.getCurrentThreadCpuTime() - t1;
                }
            }
            double validPerByte = median(validNs) / validBytes;
            String mode = p.mode().name().toLowerCase(Locale.ROOT);
            System.out.printf(Locale.ROOT, "%-16s %-7s %10d %10.1f %8.1f %7.1f  %s%n", "50 inventories", mode,
                    validBytes, median(validNs) / 1e6, validPerByte, 1.0, "-");
            for (int i = 0; i < hostile.length; i++) {
                double perByte = median(ns[i]) / hostile[i].length;
                System.out.printf(Locale.ROOT, "%-16s %-7s %10d %10.1f %8.1f %7.1f  %d%n", shapes.get(i).name(), mode,
                        hostile[i].length, median(ns[i]) / 1e6, perByte, perByte / validPerByte, errors[i]);
            }
        }
    }

    private static long validPass(MifParser parser, byte[][] mif) throws MifException {
        long groups = 0;
        for (byte[] b : mif) {
            groups += parser.parse(b, "inventory.mif").document().component().groups().size();
        }
        return groups;
    }

    /** The number of errors the parser lists; a hostile input that parses is a broken benchmark. */
    private static int hostileErrors(MifParser parser, byte[] bytes) {
        try {
            parser.parse(bytes, "hostile.mif");
        } catch (MifException e) {
            return e.errors().size();
        }
        throw new IllegalStateException("a hostile input parsed without error");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
