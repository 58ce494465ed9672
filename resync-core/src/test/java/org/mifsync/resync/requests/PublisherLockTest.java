package org.mifsync.resync.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mifsync.resync.requests.World.CEN;
import static org.mifsync.resync.requests.World.SALES;
import static org.mifsync.resync.requests.World.START;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.RequestState;
import org.mifsync.model.ResyncReason;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.RequestEvent;
import org.mifsync.resync.store.StoredClient;
import org.mifsync.resync.store.StoredRequest;
import org.mifsync.resync.store.Stores;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One publisher per domain at a time: publishers of one domain racing in threads (each with a store
 * of its own) and in processes never admit more than the throttle allows, never admit a request
 * twice, and leave files holding exactly the published requests.
 */
class PublisherLockTest {

    static final int REQUESTS = 300;
    static final int LIMIT = 40;

    @TempDir
    Path dir;

    /** The store for a back end, and how another store or process reaches the same database. */
    record Db(InventoryStore store, String target) { }

    Db open(Backend backend, Clock clock) {
        if (backend == Backend.SQLITE) {
            Path file = dir.resolve("lock.db");
            return new Db(InventoryStore.openEmbedded(file, clock), file.toString());
        }
        DataSource ds = Stores.fresh(backend, dir, getClass());
        PGSimpleDataSource pg = (PGSimpleDataSource) ds;
        // getURL() leaves the user out; the children need it
        String url = pg.getURL() + (pg.getURL().contains("?") ? "&" : "?") + "user=" + pg.getUser();
        return new Db(InventoryStore.open(ds, clock), url);
    }

    static InventoryStore reopen(Backend backend, String target, Clock clock) {
        if (backend == Backend.SQLITE) {
            return InventoryStore.openEmbedded(Path.of(target), clock);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(target);
        return InventoryStore.open(ds, clock);
    }

    World seed(Db db) {
        World w = new World(dir.resolve("root"), db.store());
        w.describe();
        db.store().inTransaction(tx -> {
            for (int i = 0; i < REQUESTS; i++) {
                String id = String.format(Locale.ROOT, "CEN%05d", i);
                StoredClient c = tx.clients().createClient(new org.mifsync.resync.report.ClientIdentity(
                        org.mifsync.model.SmsId.parse(id), org.mifsync.model.NetBiosName.of("PC" + i),
                        java.util.Optional.empty(), java.util.Optional.of(CEN), java.util.Optional.of(SALES)), START);
                tx.requests().insertRequest(c.id(), org.mifsync.model.ResyncRequest.requested(c.identity().smsId(),
                        i % 3 == 0 ? InventoryKind.SW : InventoryKind.HW, START.minusSeconds(REQUESTS - i),
                        ResyncReason.VERSION_GAP, "loader"), START.plus(Duration.ofDays(1)), START);
            }
            return null;
        });
        return w;
    }

    /** After {@code rounds} intervals: exactly LIMIT per interval admitted once each, files match the store. */
    static void assertConsistent(World w, int rounds) throws Exception {
        List<StoredRequest> all = new ArrayList<>();
        List<RequestEvent> published = new ArrayList<>();
        w.store.inTransaction(tx -> {
            for (int i = 0; i < REQUESTS; i++) {
                var id = org.mifsync.model.SmsId.parse(String.format(Locale.ROOT, "CEN%05d", i));
                all.addAll(tx.requests().ofClient(tx.clients().client(id).orElseThrow().id()));
                tx.requestLedger().events(id).stream()
                        .filter(e -> e.type() == RequestEvent.Type.PUBLISHED).forEach(published::add);
            }
            return null;
        });
        assertThat(all).hasSize(REQUESTS);
        List<ResyncEntry> inStore = new ArrayList<>();
        for (StoredRequest r : all) {
            if (r.request().state() == RequestState.PUBLISHED) {
                inStore.add(new ResyncEntry(r.request().client(), r.request().kind(), r.request().requestTime(),
                        r.request().reason()));
            } else {
                assertThat(r.request().state()).isEqualTo(RequestState.REQUESTED);
            }
        }
        assertThat(inStore).hasSize(LIMIT * rounds);
        assertThat(published).hasSize(LIMIT * rounds);
        Set<Long> once = new HashSet<>();
        for (RequestEvent e : published) {
            assertThat(once.add(e.requestId())).as("request %d admitted twice", e.requestId()).isTrue();
        }
        inStore.sort(ResyncEntry.FILE_ORDER);
        assertThat(w.fileEntries(SALES)).containsExactlyElementsOf(inStore);
        assertThat(w.clientFiles(SALES)).hasSize(inStore.size());
        // the oldest went first: every published request is older than every waiting one
        Instant newestPublished = inStore.stream().map(ResyncEntry::requestTime).max(Instant::compareTo).orElseThrow();
        assertThat(all).filteredOn(r -> r.request().state() == RequestState.REQUESTED)
                .allMatch(r -> r.request().requestTime().isAfter(newestPublished));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void threadsPublishingOneDomainAtOnceNeverOverspendOrDuplicate(Backend backend) throws Exception {
        Db db = open(backend, Clock.fixed(START, ZoneOffset.UTC));
        try (InventoryStore main = db.store()) {
            World w = seed(new Db(main, db.target()));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (int round = 0; round < 2; round++) {
                    Clock clock = Clock.fixed(START.plus(Duration.ofMinutes(round)), ZoneOffset.UTC);
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<?>> racers = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        racers.add(pool.submit(() -> {
                            try (InventoryStore own = reopen(backend, db.target(), clock)) {
                                Publisher p = Publisher.builder(own, w.layout(CEN))
                                        .settings(World.throttle(LIMIT, Duration.ofMinutes(1))).clock(clock).build();
                                go.await();
                                for (int i = 0; i < 3; i++) {
                                    p.publish(SALES);
                                }
                            }
                            return null;
                        }));
                    }
                    go.countDown();
                    for (Future<?> f : racers) {
                        f.get(60, TimeUnit.SECONDS);
                    }
                    assertConsistent(w, round + 1);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void processesPublishingOneDomainAtOnceNeverOverspendOrDuplicate(Backend backend) throws Exception {
        Db db = open(backend, Clock.fixed(START, ZoneOffset.UTC));
        try (InventoryStore main = db.store()) {
            World w = seed(new Db(main, db.target()));
            for (int round = 0; round < 2; round++) {
                Instant at = START.plus(Duration.ofMinutes(round));
                List<Process> children = new ArrayList<>();
                for (int c = 0; c < 3; c++) {
                    List<String> command = new ArrayList<>(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                            "-cp", System.getProperty("java.class.path"), PublishProcess.class.getName(),
                            backend == Backend.SQLITE ? "sqlite" : "pg", db.target(), w.root.toString(), at.toString(),
                            Integer.toString(LIMIT), "3"));
                    children.add(new ProcessBuilder(command)
                            .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.err").toFile())).start());
                }
                List<BufferedReader> outs = new ArrayList<>();
                for (Process p : children) {
                    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                            StandardCharsets.US_ASCII));
                    assertThat(out.readLine()).isEqualTo("ready");
                    outs.add(out);
                }
                for (Process p : children) {
                    p.getOutputStream().write('\n');
                    p.getOutputStream().flush();
                }
                for (int i = 0; i < children.size(); i++) {
                    assertThat(outs.get(i).readLine()).as("child %d, see %s", i, dir.resolve("child.err"))
                            .isEqualTo("done");
                    assertThat(children.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
                    assertThat(children.get(i).exitValue()).isZero();
                }
                assertConsistent(w, round + 1);
            }
        }
    }
}
