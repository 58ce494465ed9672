package org.mifsync.resync.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mifsync.resync.files.Requests.DOMAIN;
import static org.mifsync.resync.files.Requests.SITE;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during publishing, a few dozen times at random points after a random number of whole
 * versions: the file is always one whole version, old or new, never a mixture and never damaged.
 * Every fifth kill lands while the temporary file is being written, whatever the machine's speed:
 * the child is frozen (SIGSTOP) as soon as it creates one, and killed if it is still there.
 */
class CrashTest {

    private static final int KILLS = Integer.getInteger("mifsync.crash.kills", 30);

    @TempDir
    Path dir;

    @Test
    @Timeout(90)
    void killedPublisherLeavesTheOldOrTheNewVersionNeverAMixture() throws Exception {
        Path file = dir.resolve(ResyncCfg.FILE_NAME);
        ResyncCfg cfg = ResyncCfg.of(file, SITE, DOMAIN);
        cfg.publish(PublishLoop.version(0));
        Random random = new Random(20261122L);
        TreeSet<Long> seen = new TreeSet<>();
        seen.add(checkWholeVersion(cfg));
        int killedMidWrite = 0;
        try (WatchService created = dir.getFileSystem().newWatchService()) {
            dir.register(created, StandardWatchEventKinds.ENTRY_CREATE);
            for (int kill = 1; kill <= KILLS; kill++) {
                long first = kill * 1_000_000L;
                Process child = ChildJvm.start(PublishLoop.class, dir.resolve("child.err"), file.toString(),
                        Long.toString(first));
                try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.US_ASCII))) {
                    // kill by progress, not by wall time: after 0-2 whole versions, then somewhere in the next write
                    int versions = random.nextInt(3);
                    String line;
                    while ((line = out.readLine()) != null && !line.equals("published " + (first + versions - 1))
                            && !(versions == 0 && line.equals("ready"))) {
                        // lines before the one we wait for
                    }
                    assertThat(line).as("the child's progress (see child.err)").isNotNull();
                    int pause = random.nextInt(60);
                    if (kill % 5 == 0) {
                        // a random moment may always miss the write on a machine slow to build the next
                        // version: here the kill lands inside it by construction
                        freezeWhileWriting(child, created);
                    } else {
                        Thread.sleep(pause);
                    }
                } finally {
                    child.destroyForcibly(); // SIGKILL on Unix
                    child.waitFor();
                }
                if (!temporaries().isEmpty()) {
                    killedMidWrite++;
                }
                long version = checkWholeVersion(cfg);
                assertThat(version).as("after kill %d", kill).isIn(seen.last(), version >= first ? version : -1);
                seen.add(version);
            }
        }
        assertThat(killedMidWrite).as("kills that landed while a temporary file was being written").isPositive();
        assertThat(seen).as("versions published by the children").hasSizeGreaterThan(KILLS / 3);
        // the next writer cleans up what the killed ones left
        cfg.publish(PublishLoop.version(1));
        assertThat(temporaries()).isEmpty();
    }

    /**
     * Returns once the child is stopped (SIGSTOP) with a temporary file it created still there, half
     * written; a write that ended before the stop took hold is let go on (SIGCONT) until the next.
     */
    private void freezeWhileWriting(Process child, WatchService created) throws Exception {
        for (WatchKey stale = created.poll(); stale != null; stale = created.poll()) {
            stale.pollEvents(); // events of earlier writes
            stale.reset();
        }
        while (true) {
            WatchKey key = created.poll(1, TimeUnit.SECONDS);
            assertThat(child.isAlive()).as("the child publishes (see child.err)").isTrue();
            if (key == null) {
                continue;
            }
            List<Path> temporaries = key.pollEvents().stream().map(WatchEvent::context)
                    .filter(Path.class::isInstance).map(p -> dir.resolve((Path) p))
                    .filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
            key.reset();
            if (temporaries.isEmpty()) {
                continue;
            }
            signal(child, "STOP");
            awaitStopped(child);
            if (temporaries.stream().anyMatch(Files::exists)) {
                return; // renamed away only once written: this one is not
            }
            signal(child, "CONT");
        }
    }

    /** Waits until every thread of the child has stopped: one may still finish a system call, a rename too. */
    private static void awaitStopped(Process child) throws Exception {
        Path tasks = Path.of("/proc", Long.toString(child.pid()), "task");
        while (!allStopped(tasks)) {
            Thread.sleep(1);
        }
    }

    private static boolean allStopped(Path tasks) throws Exception {
        try (Stream<Path> threads = Files.list(tasks)) {
            for (Path thread : threads.toList()) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (java.nio.file.NoSuchFileException ended) {
                    continue;
                }
                // the state follows the command name, which is in parentheses and may hold anything
                char state = stat.charAt(stat.lastIndexOf(')') + 2);
                if (state != 'T' && state != 't') {
                    return false;
                }
            }
        }
        return true;
    }

    private static void signal(Process child, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s", signal).isZero();
    }

    /** Reads the file and returns its version, failing unless it is exactly one whole version. */
    private static long checkWholeVersion(ResyncCfg cfg) throws Exception {
        ResyncCfg.Contents contents = cfg.read();
        assertThat(contents.damage()).as("damage").isEmpty();
        List<ResyncEntry> entries = contents.entries();
        assertThat(entries).isNotEmpty();
        long version = Duration.between(PublishLoop.BASE, entries.get(0).requestTime()).getSeconds();
        assertThat(entries).as("version %d", version).isEqualTo(Requests.expected(PublishLoop.version(version)));
        assertThat(Files.size(cfg.file())).isEqualTo(48L * (1 + PublishLoop.countOf(version)));
        return version;
    }

    private List<Path> temporaries() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
