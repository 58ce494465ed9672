package org.mifsync.resync.files;

import static org.mifsync.resync.files.Requests.DOMAIN;
import static org.mifsync.resync.files.Requests.SITE;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SmsId;

/**
 * Child process of the concurrency test: a few threads that each add requests to one {@code
 * RESYNC.CFG} and age old ones out, as tools on several machines would. Young entries (2030) must
 * survive every age-out; old ones (1990) may be removed by anyone's age-out.
 */
public final class ConcurrentEditor {

    static final Instant YOUNG = Instant.parse("2030-01-01T00:00:00Z");
    static final Instant OLD = Instant.parse("1990-01-01T00:00:00Z");
    static final Instant CUTOFF = Instant.parse("2000-01-01T00:00:00Z");
    static final int THREADS = 2;

    private ConcurrentEditor() {
    }

    /** The young entry number {@code i} of a writer's thread: its SMSIDs are its own. */
    static ResyncEntry young(int writer, int thread, int i) {
        return new ResyncEntry(youngId(writer, thread, i), i % 2 == 0 ? InventoryKind.HW : InventoryKind.SW,
                YOUNG.plusSeconds(i), ResyncReason.values()[i % ResyncReason.values().length]);
    }

    static SmsId youngId(int writer, int thread, int i) {
        return Requests.idNumber("W" + writer + thread, i / 2);
    }

    static ResyncEntry old(int writer, int thread, int i) {
        return new ResyncEntry(Requests.idNumber("O" + writer + thread, i), InventoryKind.HW, OLD.plusSeconds(i),
                ResyncReason.NO_BASELINE);
    }

    /** Arguments: the file, the writer number (0-9), iterations per thread, a seed. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int writer = Integer.parseInt(args[1]);
        int iterations = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        List<Thread> threads = new ArrayList<>();
        Throwable[] failure = {null};
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                Random random = new Random(seed * 31 + thread);
                ResyncCfg cfg = ResyncCfg.of(file, SITE, DOMAIN);
                try {
                    for (int i = 0; i < iterations; i++) {
                        ResyncCfg.Edit edit = ResyncCfg.Edit.none()
                                .add(List.of(young(writer, thread, i), old(writer, thread, i)));
                        if (random.nextInt(4) == 0) {
                            edit = edit.removeOlderThan(CUTOFF);
                        }
                        ResyncCfg.Outcome outcome = cfg.update(edit);
                        if (!outcome.damage().isEmpty()) {
                            throw new AssertionError("damage seen by a writer: " + outcome.damage());
                        }
                        for (ResyncEntry removed : outcome.removed()) {
                            if (!removed.requestTime().isBefore(CUTOFF)) {
                                throw new AssertionError("a young entry was removed: " + removed);
                            }
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure[0] != null) {
            failure[0].printStackTrace();
            System.exit(1);
        }
        System.out.println("done");
    }
}
