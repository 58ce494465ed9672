package org.mifsync.resync.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mifsync.resync.files.Requests.DOMAIN;
import static org.mifsync.resync.files.Requests.SITE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.model.SmsId;

/**
 * Several processes (two threads each) add and age out requests on one {@code RESYNC.CFG} at once
 * while threads of this JVM binary-search and read it: no entry is ever lost, not even for a
 * moment, and no reader ever meets damage or an error.
 */
class ConcurrencyTest {

    private static final int WRITERS = 3;
    private static final int ITERATIONS = Integer.getInteger("mifsync.concurrency.iterations", 40);

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void writerProcessesLoseNoEntryAndReadersNeverFail() throws Exception {
        Path file = dir.resolve(ResyncCfg.FILE_NAME);
        ResyncCfg cfg = ResyncCfg.of(file, SITE, DOMAIN);
        cfg.publish(List.of());

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        Map<SmsId, List<ResyncEntry>> seen = new ConcurrentHashMap<>();
        AtomicInteger lookups = new AtomicInteger();
        AtomicInteger hits = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            long seed = r;
            Thread reader = new Thread(() -> {
                Random random = new Random(seed);
                ResyncCfg mine = ResyncCfg.of(file, SITE, DOMAIN);
                try {
                    while (writing.get()) {
                        SmsId id = ConcurrentEditor.youngId(random.nextInt(WRITERS),
                                random.nextInt(ConcurrentEditor.THREADS), random.nextInt(ITERATIONS));
                        // what any reader saw before this lookup began must still be there: the
                        // file this lookup opens is at least as new as the one they read
                        List<ResyncEntry> before = seen.get(id);
                        List<ResyncEntry> found = mine.lookup(id);
                        lookups.incrementAndGet();
                        if (before != null) {
                            assertThat(found).as("lookup of %s", id).containsAll(before);
                        }
                        if (!found.isEmpty()) {
                            hits.incrementAndGet();
                            seen.merge(id, found, (a, b) -> b.size() >= a.size() ? b : a);
                        }
                        if (random.nextInt(20) == 0) {
                            ResyncCfg.Contents contents = mine.read();
                            assertThat(contents.damage()).as("damage seen by a reader").isEmpty();
                        }
                    }
                } catch (Throwable e) {
                    readerFailure.compareAndSet(null, e);
                }
            });
            reader.start();
            readers.add(reader);
        }

        List<Process> writers = new ArrayList<>();
        try {
            for (int w = 0; w < WRITERS; w++) {
                writers.add(ChildJvm.start(ConcurrentEditor.class, dir.resolve("writer" + w + ".err"),
                        file.toString(), Integer.toString(w), Integer.toString(ITERATIONS), Integer.toString(77 + w)));
            }
            for (int w = 0; w < WRITERS; w++) {
                Process writer = writers.get(w);
                assertThat(writer.waitFor(45, TimeUnit.SECONDS)).as("writer %d finished", w).isTrue();
                assertThat(writer.exitValue()).as("writer %d: %s", w, errorsOf(w)).isZero();
            }
        } finally {
            writing.set(false);
            writers.forEach(Process::destroyForcibly);
            for (Thread reader : readers) {
                reader.join();
            }
        }
        assertThat(readerFailure.get()).as("reader failure").isNull();
        assertThat(lookups.get()).isGreaterThan(100);
        assertThat(hits.get()).isPositive();

        ResyncCfg.Contents contents = cfg.read();
        assertThat(contents.damage()).isEmpty();
        List<ResyncEntry> expectedYoung = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            for (int t = 0; t < ConcurrentEditor.THREADS; t++) {
                for (int i = 0; i < ITERATIONS; i++) {
                    expectedYoung.add(ConcurrentEditor.young(w, t, i));
                }
            }
        }
        assertThat(contents.entries()).containsAll(expectedYoung);
        assertThat(contents.entries().size() - expectedYoung.size())
                .as("old entries left after the last age-outs").isBetween(0, WRITERS * ConcurrentEditor.THREADS * ITERATIONS);
        ResyncCfg.Outcome last = cfg.update(ResyncCfg.Edit.none().removeOlderThan(ConcurrentEditor.CUTOFF));
        assertThat(cfg.read().entries()).containsExactlyInAnyOrderElementsOf(expectedYoung);
        assertThat(last.removed()).allMatch(e -> e.requestTime().isBefore(ConcurrentEditor.CUTOFF));
    }

    private String errorsOf(int writer) {
        try {
            return Files.readString(dir.resolve("writer" + writer + ".err"));
        } catch (Exception e) {
            return "(no stderr: " + e + ")";
        }
    }
}
