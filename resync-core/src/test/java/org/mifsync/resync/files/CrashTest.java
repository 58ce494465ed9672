package org.mifsync.resync.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mifsync.resync.files.Requests.DOMAIN;
import static org.mifsync.resync.files.Requests.SITE;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during publishing, a few dozen times at random points after a random number of whole
 * versions: the file is always one whole version, old or new, never a mixture and never damaged.
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
                Thread.sleep(random.nextInt(60));
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
        assertThat(killedMidWrite).as("kills that landed while a temporary file was being written").isPositive();
        assertThat(seen).as("versions published by the children").hasSizeGreaterThan(KILLS / 3);
        // the next writer cleans up what the killed ones left
        cfg.publish(PublishLoop.version(1));
        assertThat(temporaries()).isEmpty();
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
