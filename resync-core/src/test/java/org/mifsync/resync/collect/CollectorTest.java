package org.mifsync.resync.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.resync.compare.MutableClock;

/** The collector on real directories: what moves, what stays, what is aged out, and half-done moves. */
class CollectorTest {

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    Path inbox;
    Path server1;
    Path server2;

    @BeforeEach
    void layout() throws IOException {
        inbox = dir.resolve("site/SITE.SRV/INVENTRY.BOX");
        server1 = dir.resolve("logon1");
        server2 = dir.resolve("logon2");
        Files.createDirectories(box(server1));
        Files.createDirectories(box(server2));
    }

    static Path box(Path root) {
        return root.resolve("LOGON.SRV/INVENTRY.BOX");
    }

    Collector collector() {
        return Collector.builder(inbox).clock(clock).abandonedAfter(Duration.ofDays(1)).build();
    }

    Path drop(Path root, String name, String text) throws IOException {
        Path file = box(root).resolve(name);
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        Files.setLastModifiedTime(file, FileTime.from(clock.instant().minusSeconds(60)));
        return file;
    }

    Path aged(Path file, Duration age) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(clock.instant().minus(age)));
        return file;
    }

    List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(Inbox.LOCK_FILE)).sorted().toList();
        }
    }

    String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    @Test
    void completeReportsMoveAndTemporaryOnesStay() throws Exception {
        drop(server1, "ABC00001.MIF", "one");
        drop(server1, "abc00002.mif", "two");
        drop(server1, "ABC00003.TMP", "being written");
        drop(server1, ".ABC00004.MIF.x1y2.tmp", "being written too");

        Collector.Report report = collector().collect(List.of(server1));

        assertThat(names(inbox)).containsExactly("ABC00001.MIF", "abc00002.mif");
        assertThat(read(inbox.resolve("ABC00001.MIF"))).isEqualTo("one");
        assertThat(names(box(server1))).containsExactly(".ABC00004.MIF.x1y2.tmp", "ABC00003.TMP");
        assertThat(report.moved()).extracting(i -> i.source().getFileName().toString())
                .containsExactly("ABC00001.MIF", "abc00002.mif");
        assertThat(report.moved().get(0).target()).contains(inbox.resolve("ABC00001.MIF"));
        assertThat(report.left()).hasSize(2).allSatisfy(i -> assertThat(i.detail()).contains("may still be being written"));
        assertThat(report.agedOut()).isEmpty();
        assertThat(report.problems()).isEmpty();
    }

    @Test
    void abandonedTemporaryAndEmptyFilesAreAgedOutAndForeignFilesLeftAlone() throws Exception {
        aged(drop(server1, "OLD.TMP", "half a report"), Duration.ofDays(2));
        aged(drop(server1, "EMPTY.MIF", ""), Duration.ofDays(2));
        drop(server1, "FRESH.MIF", "");
        drop(server1, "FRESH.TMP", "");
        aged(drop(server1, "NOTES.TXT", "the administrator's"), Duration.ofDays(30));
        aged(drop(server1, "EMPTY.TXT", ""), Duration.ofDays(30));
        Files.createDirectory(box(server1).resolve("SUB.MIF"));

        Collector.Report report = collector().collect(List.of(server1));

        assertThat(report.agedOut()).extracting(i -> i.source().getFileName().toString())
                .containsExactly("EMPTY.MIF", "OLD.TMP");
        assertThat(report.agedOut().get(0).detail()).startsWith("abandoned empty file, last written 2026-02-27T10:00:00Z");
        assertThat(names(box(server1))).containsExactly("EMPTY.TXT", "FRESH.MIF", "FRESH.TMP", "NOTES.TXT", "SUB.MIF");
        assertThat(report.left()).extracting(i -> i.source().getFileName().toString())
                .containsExactly("EMPTY.TXT", "FRESH.MIF", "FRESH.TMP", "NOTES.TXT", "SUB.MIF");
        assertThat(report.moved()).isEmpty();
        assertThat(names(inbox)).isEmpty();

        clock.advance(Duration.ofDays(1));
        Collector.Report later = collector().collect(List.of(server1));
        assertThat(later.agedOut()).extracting(i -> i.source().getFileName().toString())
                .containsExactly("FRESH.MIF", "FRESH.TMP");
    }

    @Test
    void sameNamesNeverOverwriteAFileInTheInbox() throws Exception {
        drop(server1, "R1.MIF", "from one");
        drop(server2, "R1.MIF", "from two");
        drop(server2, "XRAY.MIF", "a name the loader would read as a try");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("XR1~1.MIF"), "being loaded");   // a claimed R1~1.MIF

        Collector.Report report = collector().collect(List.of(server1, server2));

        assertThat(report.moved()).hasSize(3);
        assertThat(names(inbox)).containsExactly("R1.MIF", "R1~2.MIF", "XR1~1.MIF", "_XRAY.MIF");
        assertThat(read(inbox.resolve("R1.MIF"))).isEqualTo("from one");
        assertThat(read(inbox.resolve("R1~2.MIF"))).isEqualTo("from two");
        assertThat(read(inbox.resolve("XR1~1.MIF"))).isEqualTo("being loaded");
    }

    @Test
    void aRootGivenTwiceIsCollectedOnceAndAnUnreachableOneIsAProblem() throws Exception {
        drop(server1, "R1.MIF", "one");
        Collector.Report report = collector().collect(List.of(server1, server1.resolve("../logon1"),
                dir.resolve("no-such-server")));
        assertThat(report.moved()).hasSize(1);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(dir.resolve("no-such-server"));
            assertThat(p.detail()).startsWith("logon server root cannot be reached");
        });
    }

    @Test
    void neverFollowsALinkOutOfALogonServerRoot() throws Exception {
        Path outside = dir.resolve("outside");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("SECRET.MIF"), "not the collector's");
        // a report that is a link, a drop box that is a link, a LOGON.SRV that is a link
        Files.createSymbolicLink(box(server1).resolve("LINK.MIF"), outside.resolve("SECRET.MIF"));
        Path server3 = dir.resolve("logon3");
        Files.createDirectories(server3.resolve("LOGON.SRV"));
        Files.createSymbolicLink(box(server3), outside);
        Path server4 = dir.resolve("logon4");
        Files.createDirectories(server4);
        Files.createSymbolicLink(server4.resolve("LOGON.SRV"), outside);

        Collector.Report report = collector().collect(List.of(server1, server3, server4));

        assertThat(report.moved()).isEmpty();
        assertThat(report.problems()).extracting(i -> dir.relativize(i.source()).toString().replace('\\', '/'))
                .containsExactly("logon1/LOGON.SRV/INVENTRY.BOX/LINK.MIF", "logon3/LOGON.SRV/INVENTRY.BOX",
                        "logon4/LOGON.SRV");
        assertThat(report.problems()).allSatisfy(p -> assertThat(p.detail()).contains("symbolic link"));
        assertThat(names(outside)).containsExactly("SECRET.MIF");
        assertThat(Files.isSymbolicLink(box(server1).resolve("LINK.MIF"))).isTrue();
    }

    @Test
    void aClaimedFileWhosePartIsWaitingIsDeliveredOnce() throws Exception {
        // killed after the claim (step 2): part and claim both there
        Files.createDirectories(inbox);
        String key = Collector.serverKey(server1.toRealPath());
        Files.writeString(inbox.resolve(".collect-" + key + "-0123456789ab.part"), "report");
        drop(server1, "R1.MIF.0123456789ab.COLLECTED", "report");

        Collector.Report report = collector().collect(List.of(server1));

        assertThat(names(inbox)).containsExactly("R1.MIF");
        assertThat(read(inbox.resolve("R1.MIF"))).isEqualTo("report");
        assertThat(names(box(server1))).isEmpty();
        assertThat(report.moved()).singleElement().satisfies(i -> {
            assertThat(i.source().getFileName().toString()).isEqualTo("R1.MIF");
            assertThat(i.detail()).contains("finishing a move an earlier run began");
        });
    }

    @Test
    void aClaimedFileWithoutItsPartWasDeliveredAndIsNotDeliveredAgain() throws Exception {
        // killed after the part became a report (step 3), before the claim was deleted; the loader
        // may already have taken the report
        drop(server1, "R1.MIF.0123456789ab.COLLECTED", "report");
        Collector.Report report = collector().collect(List.of(server1));
        assertThat(names(box(server1))).isEmpty();
        assertThat(names(inbox)).isEmpty();
        assertThat(report.moved()).isEmpty();
        assertThat(report.problems()).isEmpty();
    }

    @Test
    void aPartWithoutClaimIsAnInterruptedCopyAndTheSourceMovesAgain() throws Exception {
        Files.createDirectories(inbox);
        String key = Collector.serverKey(server1.toRealPath());
        Files.writeString(inbox.resolve(".collect-" + key + "-0123456789ab.part"), "rep");   // partial? whole? unknown
        Files.writeString(inbox.resolve(".collect-" + key + "-0123456789ab.copy"), "re");
        drop(server1, "R1.MIF", "report");

        collector().collect(List.of(server1));

        assertThat(names(inbox)).containsExactly("R1.MIF");
        assertThat(read(inbox.resolve("R1.MIF"))).isEqualTo("report");
        assertThat(names(box(server1))).isEmpty();
    }

    @Test
    void aSourceReplacedBetweenCopyAndClaimDeliversTheClaimedBytes() throws Exception {
        Files.createDirectories(inbox);
        String key = Collector.serverKey(server1.toRealPath());
        Files.writeString(inbox.resolve(".collect-" + key + "-0123456789ab.part"), "old bytes");
        drop(server1, "R1.MIF.0123456789ab.COLLECTED", "new bytes");

        collector().collect(List.of(server1));

        assertThat(names(inbox)).containsExactly("R1.MIF");
        assertThat(read(inbox.resolve("R1.MIF"))).isEqualTo("new bytes");
    }

    @Test
    void aPartOfAnotherServerIsLeftForThatServersRun() throws Exception {
        Files.createDirectories(inbox);
        String key2 = Collector.serverKey(server2.toRealPath());
        Path part = inbox.resolve(".collect-" + key2 + "-0123456789ab.part");
        Files.writeString(part, "report");
        drop(server2, "R1.MIF.0123456789ab.COLLECTED", "report");

        collector().collect(List.of(server1));
        assertThat(part).exists();

        collector().collect(List.of(server2));
        assertThat(names(inbox)).containsExactly("R1.MIF");
    }

    @Test
    void theListenerHearsOfEveryFile() throws Exception {
        drop(server1, "R1.MIF", "one");
        drop(server1, "R2.TMP", "two");
        List<Collector.Item> heard = new ArrayList<>();
        Collector.Report report = Collector.builder(inbox).clock(clock).listener(heard::add).build()
                .collect(List.of(server1));
        assertThat(heard).containsExactlyInAnyOrderElementsOf(
                Stream.of(report.moved(), report.left()).flatMap(List::stream).toList());
    }

    @Test
    void aSecondCollectorOnTheSameInboxWaitsThenGivesUp() throws Exception {
        try (Inbox.Lock held = Inbox.of(inbox).lock(Duration.ZERO)) {
            Collector impatient = Collector.builder(inbox).clock(clock).lockWait(Duration.ofMillis(100)).build();
            assertThatThrownBy(() -> impatient.collect(List.of(server1))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another collector or re-queue is putting files into " + inbox);
        }
        assertThat(collector().collect(List.of(server1)).problems()).isEmpty();
    }
}
