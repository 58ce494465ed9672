package org.mifsync.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.mifsync.resync.collect.Collector;

/**
 * The collector's moves from logon servers into the site's inbox, on real directories of the file
 * system the work directory is on (every copy, rename and fsync is real): N small report files in
 * the drop boxes of S fake logon servers, then one run of the real {@link Collector}, timed; files/s
 * printed per run, and the median.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.mifsync.benchmarks.CollectBenchmark \
 *     [--files 2000] [--servers 2] [--size 4096] [--runs 3] [--dir DIR]
 * </pre>
 *
 * <p>The work directory (default: a new one under {@code java.io.tmpdir}) must not be on a
 * {@code tmpfs}, where an fsync costs nothing and the figure says little.
 */
public final class CollectBenchmark {

    private CollectBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args the options above
     * @throws Exception if a run fails or does not move every file
     */
    public static void main(String[] args) throws Exception {
        int files = 2000;
        int servers = 2;
        int size = 4096;
        int runs = 3;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--servers" -> servers = Integer.parseInt(args[++i]);
                case "--size" -> size = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --files N --servers S --size BYTES --runs R --dir DIR");
            }
        }
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("collect-bench");
        System.out.printf(Locale.ROOT, "collect: %d files of %d bytes on %d logon servers, %d runs, in %s%n",
                files, size, servers, runs, work);
        double[] rates = new double[runs];
        for (int run = 0; run < runs; run++) {
            Path runDir = Files.createDirectories(work.resolve("run" + run));
            List<Path> roots = dropReports(runDir, files, servers, size, new Random(run));
            Collector collector = Collector.builder(runDir.resolve("SITE.SRV/INVENTRY.BOX")).build();
            long start = System.nanoTime();
            Collector.Report report = collector.collect(roots);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (report.moved().size() != files || !report.problems().isEmpty()) {
                throw new IllegalStateException("moved " + report.moved().size() + " of " + files + " files; problems: "
                        + report.problems());
            }
            rates[run] = files / (took.toNanos() / 1e9);
            System.out.printf(Locale.ROOT, "run %d: %d files in %d ms: %.0f files/s%n", run + 1, files,
                    took.toMillis(), rates[run]);
        }
        Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "median: %.0f files/s%n", rates[runs / 2]);
    }

    /** Writes the report files, spread evenly over the servers' drop boxes. */
    private static List<Path> dropReports(Path runDir, int files, int servers, int size, Random random)
            throws IOException {
        List<Path> roots = new ArrayList<>();
        for (int s = 0; s < servers; s++) {
            Path root = runDir.resolve("logon" + s);
            Files.createDirectories(root.resolve("LOGON.SRV/INVENTRY.BOX"));
            roots.add(root);
        }
        byte[] filler = new byte[Math.max(0, size - 64)];
        for (int i = 0; i < files; i++) {
            Arrays.fill(filler, (byte) ('a' + random.nextInt(26)));
            String head = String.format(Locale.ROOT, "// report %d%n", i);
            byte[] bytes = (head + new String(filler, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
            Path box = roots.get(i % servers).resolve("LOGON.SRV/INVENTRY.BOX");
            Files.write(box.resolve(String.format(Locale.ROOT, "HW_%07d_1_0.MIF", i)), bytes);
        }
        return roots;
    }
}
