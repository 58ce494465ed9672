package org.mifsync.resync.requests;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.StoreException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A publisher in a JVM of its own, for the lock test: {@code sqlite FILE | pg JDBC-URL}, the site
 * root, the instant its clock stands at, the throttle limit and how many publishes to run. Prints
 * {@code ready}, waits for a line on standard input (so that all children start together), then
 * publishes SALES and prints {@code done}.
 */
public final class PublishProcess {

    private PublishProcess() {
    }

    public static void main(String[] args) throws Exception {
        Clock clock = Clock.fixed(Instant.parse(args[2 + 1]), ZoneOffset.UTC);
        InventoryStore store;
        if (args[0].equals("sqlite")) {
            store = InventoryStore.openEmbedded(Path.of(args[1]), clock);
        } else {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(args[1]);
            store = InventoryStore.open(ds, clock);
        }
        Publisher publisher = Publisher.builder(store, SiteLayout.of(Path.of(args[2]), World.CEN))
                .settings(World.throttle(Integer.parseInt(args[4]), Duration.ofMinutes(1))).clock(clock)
                .actor("process " + ProcessHandle.current().pid()).build();
        System.out.println("ready");
        System.out.flush();
        System.in.read();
        for (int i = 0; i < Integer.parseInt(args[5]); i++) {
            while (true) {
                try {
                    publisher.publish(World.SALES);
                    break;
                } catch (StoreException e) {
                    if (!e.isSiteFailure()) {
                        throw e;
                    }
                    Thread.sleep(20); // another process held the database past the busy timeout: try again
                }
            }
        }
        store.close();
        System.out.println("done");
    }
}
