package org.mifsync.resync.requests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncReason;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.StoredClient;

/**
 * Figures, not a test: {@code dumpsync 30} as the command runs it (DumpSync.ageOut on a real SQLite
 * store: the requests expired in the store, RESYNC.CFG rewritten from it, the aged-out clients'
 * {@code <SMSID>.CFG} deleted, each file written durably), over a domain whose requests were all
 * published, half of them older than 30 days. Run with
 *
 * <pre>
 * mvn -B -q -pl resync-core -am test-compile exec:java -Dexec.mainClass=org.mifsync.resync.requests.DumpSyncBenchmark \
 *     -Dexec.classpathScope=test -Dexec.args="20000"
 * </pre>
 *
 * The argument is the number of clients (default 20,000), each with a hardware and a software
 * request.
 */
public final class DumpSyncBenchmark {

    private DumpSyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Files.createTempDirectory("dumpsync-bench");
        try (World w = new World(Backend.SQLITE, dir, DumpSyncBenchmark.class)) {
            Random random = new Random(42);
            long setup = System.nanoTime();
            for (int n = 0; n < clients; n++) {
                StoredClient c = w.client(String.format(Locale.ROOT, "CEN%05d", n), "PC" + n, World.CEN, World.SALES);
                for (InventoryKind kind : InventoryKind.values()) {
                    // request times spread over the last 60 days: about half are older than 30
                    w.request(c, kind, World.START.minusSeconds(1 + random.nextInt(60 * 24 * 3600)),
                            ResyncReason.values()[n % ResyncReason.values().length]);
                }
            }
            Publisher publisher = w.publisher(World.CEN, World.throttle(10 * clients, Duration.ofMinutes(1)));
            long publishStart = System.nanoTime();
            Publisher.Report published = publisher.publish(World.SALES);
            long publishEnd = System.nanoTime();
            long start = System.nanoTime();
            Publisher.Report aged = DumpSync.of(publisher).ageOut(World.SALES, Duration.ofDays(30), "benchmark");
            long end = System.nanoTime();
            System.out.printf(Locale.ROOT, "dumpsync benchmark: %,d clients, %,d requests, SQLite, Java %s, %d cpus"
                    + " (setup %.1f s)%n", clients, 2 * clients, System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(), (publishStart - setup) / 1e9);
            System.out.printf(Locale.ROOT, "publish all:  %.2f s  (%s)%n", (publishEnd - publishStart) / 1e9,
                    published.summary());
            System.out.printf(Locale.ROOT, "dumpsync 30:  %.2f s  (%s)%n", (end - start) / 1e9, aged.summary());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                System.err.println("could not remove " + dir + ": " + e.getMessage());
            }
        }
    }
}
