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
 * A loader in a process of its own, for the crash test: loads the inbox until no report is left.
 * Arguments: the inbox, the store (a SQLite file, or a PostgreSQL JDBC URL), and how many files a
 * commit groups at most.
 */
public final class LoaderProcess {

    /** The start of the line printed for each decided file. */
    static final String DECIDED = "decided ";
    /** The line printed as each decision is committed, before its file is removed or archived. */
    static final String COMMITTED = "committed";
    /** How long the child pauses after each commit: the window a kill after {@link #COMMITTED} lands in. */
    static final long PAUSE_AFTER_COMMIT_MILLIS = 20;

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
            Loader loader = Loader.builder(inbox, comparer).commitEvery(commitFiles, Duration.ofSeconds(1))
                    .listener(file -> {
                        System.out.println(DECIDED + file.file());
                        System.out.flush();
                    }).build();
            for (int pass = 0; pass < 20 && reportsLeft(inbox); pass++) {
                loader.loadOnce();
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
