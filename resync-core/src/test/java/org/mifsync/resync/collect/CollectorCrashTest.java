package org.mifsync.resync.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.resync.Thorough;

/**
 * A collector in a real child JVM is killed with SIGKILL at random moments, a few dozen times,
 * while agents keep dropping reports (same names on every logon server, so names clash in the
 * inbox; some names hold a backslash, which the inbox cannot use as it is) and temporary files;
 * then one run goes to the end. Every report must be in the inbox exactly once, by content; no
 * claim or part may be left; temporary files still being written are untouched. Seeded; bounded
 * to about twenty seconds.
 */
class CollectorCrashTest {

    static final int SERVERS = 3;
    static final int ROUNDS = Thorough.count(24, 200);
    static final int FILES_PER_SERVER_AND_ROUND = 10;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // against a child that hangs, not a measure of speed
    void killedCollectorLosesNoReportAndDeliversNoneTwice() throws Exception {
        Random r = new Random(20261122L);
        Path inbox = dir.resolve("site/SITE.SRV/INVENTRY.BOX");
        List<Path> roots = new ArrayList<>();
        for (int s = 0; s < SERVERS; s++) {
            Path root = dir.resolve("logon" + s);
            Files.createDirectories(root.resolve("LOGON.SRV/INVENTRY.BOX"));
            roots.add(root);
        }
        Set<String> expected = new HashSet<>();
        List<Path> writing = new ArrayList<>();
        int kills = 0;
        int halfDoneMoves = 0;
        long started = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            for (int s = 0; s < SERVERS; s++) {
                Path box = roots.get(s).resolve("LOGON.SRV/INVENTRY.BOX");
                for (int i = 0; i < FILES_PER_SERVER_AND_ROUND; i++) {
                    // names repeat across servers and rounds: the inbox must never lose one to a clash;
                    // some hold a backslash, which the inbox holds percent-encoded
                    String name = String.format(Locale.ROOT, "R%s%03d.MIF", r.nextInt(4) == 0 ? "\\" : "",
                            r.nextInt(400));
                    String content = "server " + s + " round " + round + " file " + i + " " + "x".repeat(r.nextInt(4000));
                    Path tmp = box.resolve(String.format(Locale.ROOT, "W%d-%d-%d.TMP", s, round, i));
                    Files.writeString(tmp, content);
                    if (Files.exists(box.resolve(name))) {
                        writing.add(tmp); // as if still being written: an agent renames only onto a free name
                    } else {
                        Files.move(tmp, box.resolve(name));
                        expected.add(content);
                    }
                }
            }
            boolean paced = round % 2 == 0;
            Process child = start(inbox, roots, false, paced, null);
            BufferedReader lines = awaitStarted(child);
            if (paced) {
                // progress places the kill: the child waits after each step until told to go on, and is
                // killed while it waits just after the parts are copied or the sources claimed, so the
                // kill lands in the middle of a batch's moves however fast or loaded the machine is
                String after = "step " + (r.nextBoolean() ? Collector.Step.COPIED : Collector.Step.CLAIMED);
                PrintWriter goOn = new PrintWriter(child.getOutputStream(), true, StandardCharsets.US_ASCII);
                String line = lines.readLine();
                for (; line != null && !line.equals(after); line = lines.readLine()) {
                    goOn.println(); // an earlier step
                }
                assertThat(line).as("the child's progress (see child.log)").isEqualTo(after);
                child.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook
                kills++;
            } else if (!child.waitFor(r.nextInt(60), TimeUnit.MILLISECONDS)) {
                // wall time places it: anywhere, a copy half written included
                child.destroyForcibly();
                kills++;
            }
            child.waitFor();
            if (halfDone(inbox, roots)) {
                halfDoneMoves++;
            }
        }
        Process last = start(inbox, roots, true, null);
        assertThat(last.waitFor(60, TimeUnit.SECONDS)).as("the last collector finishes").isTrue();
        assertThat(last.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(kills).as("kills that interrupted a collector").isGreaterThanOrEqualTo(ROUNDS / 2);
        // at least every paced round's
        assertThat(halfDoneMoves).as("kills that left a move half done (a claim or a part)")
                .isGreaterThanOrEqualTo(ROUNDS / 2);
        Map<String, Integer> delivered = new HashMap<>();
        List<String> leftovers = new ArrayList<>();
        try (Stream<Path> files = Files.list(inbox)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (Inbox.isReportName(name)) {
                    delivered.merge(Files.readString(file), 1, Integer::sum);
                } else if (!name.equals(Inbox.LOCK_FILE)) {
                    leftovers.add(name);
                }
            }
        }
        assertThat(leftovers).as("parts left in the inbox").isEmpty();
        assertThat(delivered.values()).as("reports delivered more than once").allMatch(n -> n == 1);
        assertThat(delivered.keySet()).as("reports delivered").isEqualTo(expected);
        for (Path root : roots) {
            try (Stream<Path> files = Files.list(root.resolve("LOGON.SRV/INVENTRY.BOX"))) {
                assertThat(files.map(p -> p.getFileName().toString()))
                        .as("a drop box keeps only the files still being written").allMatch(n -> n.endsWith(".TMP"));
            }
        }
        assertThat(writing).allMatch(Files::exists);
        System.out.printf(Locale.ROOT, "collector crash test: %d reports, %d kills, %d half-done moves, %d s%n",
                expected.size(), kills, halfDoneMoves, took.toSeconds());
    }

    /**
     * A batch moves step by step (all copies, then all claims, then all deliveries, then the claims
     * deleted), so a kill between two steps leaves a whole batch half done: stopped dead after each
     * step in turn, the collector has left exactly that step's files, and the next run delivers every
     * report once and leaves nothing behind.
     */
    @ParameterizedTest
    @EnumSource(Collector.Step.class)
    void collectorStoppedBetweenTheStepsOfABatchLosesNoReportAndDeliversNoneTwice(Collector.Step step)
            throws Exception {
        Path inbox = dir.resolve("site/SITE.SRV/INVENTRY.BOX");
        Path root = dir.resolve("logon");
        Path box = Files.createDirectories(root.resolve("LOGON.SRV/INVENTRY.BOX"));
        int files = Collector.BATCH_FILES + 6; // a whole batch and part of the next
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < files; i++) {
            String content = "report " + i;
            Files.writeString(box.resolve(String.format(Locale.ROOT, "R%03d.MIF", i)), content);
            expected.add(content);
        }

        Process halted = start(inbox, List.of(root), true, step);
        assertThat(halted.waitFor(60, TimeUnit.SECONDS)).as("the collector stops at " + step).isTrue();
        assertThat(halted.exitValue()).as(Files.readString(dir.resolve("child.log"))).isEqualTo(137);
        int batch = Collector.BATCH_FILES;
        assertThat(count(inbox, Collector.PART_SUFFIX)).as("parts after " + step)
                .isEqualTo(step == Collector.Step.DELIVERED ? 0 : batch);
        assertThat(count(box, Collector.CLAIMED_SUFFIX)).as("claims after " + step)
                .isEqualTo(step == Collector.Step.COPIED ? 0 : batch);
        assertThat(count(inbox, ".MIF")).as("reports after " + step)
                .isEqualTo(step == Collector.Step.DELIVERED ? batch : 0);
        assertThat(count(box, ".MIF")).as("sources not yet claimed after " + step)
                .isEqualTo(step == Collector.Step.COPIED ? files : files - batch);

        Process last = start(inbox, List.of(root), true, null);
        assertThat(last.waitFor(60, TimeUnit.SECONDS)).as("the next collector finishes").isTrue();
        assertThat(last.exitValue()).as(Files.readString(dir.resolve("child.log"))).isZero();
        Map<String, Integer> delivered = new HashMap<>();
        List<String> leftovers = new ArrayList<>();
        try (Stream<Path> list = Files.list(inbox)) {
            for (Path file : list.toList()) {
                String name = file.getFileName().toString();
                if (Inbox.isReportName(name)) {
                    delivered.merge(Files.readString(file), 1, Integer::sum);
                } else if (!name.equals(Inbox.LOCK_FILE)) {
                    leftovers.add(name);
                }
            }
        }
        assertThat(leftovers).as("parts left in the inbox").isEmpty();
        assertThat(delivered.values()).as("reports delivered more than once").allMatch(n -> n == 1);
        assertThat(delivered.keySet()).as("reports delivered").isEqualTo(expected);
        try (Stream<Path> list = Files.list(box)) {
            assertThat(list).as("the drop box is emptied").isEmpty();
        }
    }

    private static long count(Path folder, String suffix) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }

    private Process start(Path inbox, List<Path> roots, boolean once, Collector.Step haltAt) throws IOException {
        return start(inbox, roots, once, false, haltAt);
    }

    private Process start(Path inbox, List<Path> roots, boolean once, boolean paced, Collector.Step haltAt)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), CollectorProcess.class.getName()));
        if (once) {
            command.add("--once");
        }
        if (paced) {
            command.add("--paced");
        }
        if (haltAt != null) {
            command.add("--halt-at");
            command.add(haltAt.name());
        }
        command.add(inbox.toString());
        roots.forEach(p -> command.add(p.toString()));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child.log")
                .toFile())).start();
    }

    /** Waits for the child to hold the inbox; returns its output, to read on. */
    private static BufferedReader awaitStarted(Process child) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
        String line = out.readLine();
        assertThat(line).as("the child collector starts").isEqualTo("started");
        return out;
    }

    /** Whether a killed collector left a claim on a logon server or a part in the inbox. */
    private static boolean halfDone(Path inbox, List<Path> roots) throws IOException {
        List<Path> dirs = new ArrayList<>(List.of(inbox));
        roots.forEach(root -> dirs.add(root.resolve("LOGON.SRV/INVENTRY.BOX")));
        for (Path folder : dirs) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                if (files.map(p -> p.getFileName().toString()).anyMatch(n -> n.endsWith(Collector.CLAIMED_SUFFIX)
                        || n.endsWith(Collector.PART_SUFFIX) || n.endsWith(Collector.COPY_SUFFIX))) {
                    return true;
                }
            }
        }
        return false;
    }
}
