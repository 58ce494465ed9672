package org.mifsync.resync.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;

/**
 * Figures, not a test: publish of a 1,000,000-record {@code RESYNC.CFG} and one agent lookup in it
 * (goals: publish under 2 s, lookup under 1 ms). {@code dumpsync} over the store is measured by
 * {@code org.mifsync.resync.requests.DumpSyncBenchmark}. Run with
 *
 * <pre>
 * mvn -B -q -pl resync-core test-compile exec:java \
 *     -Dexec.mainClass=org.mifsync.resync.files.ResyncCfgBenchmark -Dexec.classpathScope=test
 * </pre>
 *
 * Optional arguments: the number of records (default 1,000,000) and of rounds (default 5).
 * Publish includes the fsync of the file and its folder; it is timed after one untimed round to
 * warm the JIT.
 */
public final class ResyncCfgBenchmark {

    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    private ResyncCfgBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("resync-bench");
        try {
            run(dir, records, rounds);
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static void run(Path dir, int records, int rounds) throws IOException {
        ResyncCfg cfg = ResyncCfg.of(dir.resolve(ResyncCfg.FILE_NAME), SiteCode.of("ABC"), DomainName.of("SALES"));
        Random random = new Random(42);
        List<ResyncEntry> entries = new ArrayList<>(records);
        for (int n = 0; n < records; n++) {
            // half a million clients with both kinds, request times spread over the last 60 days
            entries.add(new ResyncEntry(Requests.idNumber("ABC", n / 2), InventoryKind.values()[n % 2],
                    NOW.minusSeconds(random.nextInt(60 * 24 * 3600)),
                    ResyncReason.values()[n % ResyncReason.values().length]));
        }
        Collections.shuffle(entries, random);
        System.out.printf(Locale.ROOT, "RESYNC.CFG benchmark: %,d records (%,d bytes), %d rounds, Java %s, %d cpus%n",
                records, 48L * (records + 1), rounds, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        cfg.publish(entries); // warm-up
        long[] publish = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            cfg.publish(entries);
            publish[round] = System.nanoTime() - start;
        }

        // lookups: each opens the file, as an agent would
        int lookups = 20_000;
        long[] lookup = new long[lookups];
        int found = 0;
        long first = 0;
        for (int i = 0; i < lookups; i++) {
            SmsId id = Requests.idNumber("ABC", random.nextInt(records / 2 + 1000)); // a few absent
            long start = System.nanoTime();
            found += cfg.lookup(id).isEmpty() ? 0 : 1;
            lookup[i] = System.nanoTime() - start;
            if (i == 0) {
                first = lookup[0];
            }
        }
        System.out.printf(Locale.ROOT, "publish (sort, write, fsync, rename)  %s%n", summary(publish));
        Arrays.sort(lookup);
        System.out.printf(Locale.ROOT, "lookup: first %.3f ms; of %,d: median %.3f ms, p99 %.3f ms, max %.3f ms"
                + " (%,d found)%n", first / 1e6, lookups, lookup[lookups / 2] / 1e6, lookup[lookups * 99 / 100] / 1e6,
                lookup[lookups - 1] / 1e6, found);
    }

    private static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "best %.0f ms, median %.0f ms, worst %.0f ms", sorted[0] / 1e6,
                sorted[sorted.length / 2] / 1e6, sorted[sorted.length - 1] / 1e6);
    }
}
