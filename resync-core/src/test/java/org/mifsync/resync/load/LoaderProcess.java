package org.mifsync.resync.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.testkit.PostgresServer;

/**
 * A loader in a process of its own, for the crash tests: loads the inbox until no report is left
 * (other loaders may be working it too), then exits 0; exits 1 if reports are still left after a
 * minute. Arguments: the inbox, the store (a SQLite file, or a PostgreSQL JDBC URL), how many files a
 * commit groups at most, and optionally the loader's name, its lease in milliseconds, its workers and
 * {@value #GATED}: then it starts loading only when its standard input ends (the parent closes it).
 */
public final class LoaderProcess {

    /** The start of the line printed for each decided file. */
    static final String DECIDED = "decided ";
    /** The line printed as each decision is committed, before its file is removed or archived. */
    static final String COMMITTED = "committed";
    /** How long the child pauses after each commit: the window a kill after {@link #COMMITTED} lands in. */
    static final long PAUSE_AFTER_COMMIT_MILLIS = 20;
    /** The last argument of a loader that waits for the end of its standard input before it loads. */
    static final String GATED = "gated";

    private LoaderProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path inbox = Path.of(args[0]);
        int commitFiles = Integer.parseInt(args[2]);
        try (InventoryStore store = open(args[1])) {
            // one line per decided file: the crash test kills after a number of these, not after a time
            // the pause stands for a slow file system between a commit and the file's removal, the
            // window in which a killed loader used to leave a false DUPLICATE behind
            Comparer comparer = Comparer.builder(store).listener(decision -> {
                System.out.println(COMMITTED);
                System.out.flush();
                try {
                    Thread.sleep(PAUSE_AFTER_COMMIT_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }).build();
            Loader.Builder builder = Loader.builder(inbox, comparer).commitEvery(commitFiles, Duration.ofSeconds(1))
                    .listener(file -> {
                        System.out.println(DECIDED + file.file());
                        System.out.flush();
                    });
            if (args.length > 3) {
                builder.name(args[3]).lease(Duration.ofMillis(Long.parseLong(args[4])))
                        .workers(Integer.parseInt(args[5]));
            }
            Loader loader = builder.build();
            if (args.length > 6 && args[6].equals(GATED)) {
                // started early, so that its JVM is up, but held back until the parent lets it go
                System.in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (reportsLeft(inbox) && System.nanoTime() < deadline) {
                Loader.Report summary = loader.loadOnce();
                if (summary.files().isEmpty()) {
                    Thread.sleep(100); // what is left is another loader's, for now
                }
            }
            System.exit(reportsLeft(inbox) ? 1 : 0);
        }
    }

    /** A store on a SQLite file, or on the PostgreSQL database a JDBC URL names. */
    static InventoryStore open(String store) {
        return store.startsWith("jdbc:") ? InventoryStore.open(PostgresServer.dataSource(store), Clock.systemUTC())
                : InventoryStore.openEmbedded(Path.of(store), Clock.systemUTC());
    }

    static boolean reportsLeft(Path inbox) throws Exception {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.anyMatch(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".mif"));
        }
    }
}
