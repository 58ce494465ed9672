package org.mifsync.resync.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.store.InventoryStore;

/** A loader in a process of its own, for the crash test: loads the inbox until no report is left. */
public final class LoaderProcess {

    /** The start of the line printed for each decided file. */
    static final String DECIDED = "decided ";

    private LoaderProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path inbox = Path.of(args[0]);
        try (InventoryStore store = InventoryStore.openEmbedded(Path.of(args[1]), Clock.systemUTC())) {
            // one line per decided file: the crash test kills after a number of these, not after a time
            Loader loader = Loader.builder(inbox, Comparer.builder(store).build()).listener(file -> {
                System.out.println(DECIDED + file.file());
                System.out.flush();
            }).build();
            for (int pass = 0; pass < 20 && reportsLeft(inbox); pass++) {
                loader.loadOnce();
            }
            System.exit(reportsLeft(inbox) ? 1 : 0);
        }
    }

    static boolean reportsLeft(Path inbox) throws Exception {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.anyMatch(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".mif"));
        }
    }
}
