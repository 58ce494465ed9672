package org.mifsync.resync.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.SmsId;
import org.mifsync.resync.collect.Inbox;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.store.InventoryStore;

/** Files the loader set aside, listed and re-queued with a fresh try count; the loader then takes them. */
class BadMifsTest {

    static final String GOOD = """
            //ReportType<Full>
            //ReportVersion<1.0>
            //InventoryKind<HW>
            //ReportTime<20260301100000>
            Start Component
                Name = "Workstation"
                Start Group Name = "Identification" ID = 1 Class = "MICROSOFT|IDENTIFICATION|1.0"
                    Start Attribute Name = "SMSID" ID = 1 Type = String(8) Value = "ABC00001" End Attribute
                    Start Attribute Name = "Name" ID = 2 Type = String(15) Value = "PC1" End Attribute
                End Group
                Start Group Name = "Architecture" ID = 2 Class = "MICROSOFT|ARCHITECTURE|1.0"
                    Start Attribute Name = "Architecture Name" ID = 1 Type = String(64) Value = "Personal Computer"
                    End Attribute
                End Group
                Start Group Name = "Disk" ID = 3 Class = "MICROSOFT|DISK|1.0" Key = 1
                    Start Attribute Name = "Drive" ID = 1 Type = String(2) Value = "C:" End Attribute
                End Group
            End Component
            """;

    @TempDir
    Path dir;

    Path inbox;

    @BeforeEach
    void inbox() throws Exception {
        inbox = dir.resolve("SITE.SRV/INVENTRY.BOX");
        Files.createDirectories(inbox);
    }

    List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Test
    void aFixedFileGoesBackToTheInboxAndTheLoaderTakesIt() throws Exception {
        Files.writeString(inbox.resolve("R1.MIF"), GOOD.replace("Value = \"C:\"", "Value = "), StandardCharsets.ISO_8859_1);
        try (InventoryStore store = InventoryStore.openEmbedded(dir.resolve("store.db"), Clock.systemUTC())) {
            Loader loader = Loader.builder(inbox, Comparer.builder(store).build()).build();
            assertThat(loader.loadOnce().badFiles()).isEqualTo(1);
            List<BadMifs.BadFile> bad = BadMifs.in(inbox).list();
            assertThat(bad).singleElement().satisfies(f -> {
                assertThat(f.name()).isEqualTo("R1.MIF");
                assertThat(f.errorsFile()).isPresent();
                assertThat(f.errors()).isNotEmpty().allSatisfy(e -> assertThat(e).startsWith("R1.MIF:"));
            });

            // the administrator fixes the file in place, then re-queues it
            Files.writeString(bad.get(0).file(), GOOD, StandardCharsets.ISO_8859_1);
            BadMifs.Requeued requeued = BadMifs.in(inbox).requeueAll();
            assertThat(requeued.moved()).singleElement().satisfies(m -> assertThat(m.to()).isEqualTo(inbox.resolve("R1.MIF")));
            assertThat(names(inbox.resolve("BADMIFS"))).isEmpty();

            assertThat(loader.loadOnce().badFiles()).isZero();
            assertThat(store.inventory(SmsId.parse("ABC00001"), InventoryKind.HW)).isPresent();
            assertThat(store.client(SmsId.parse("ABC00001")).orElseThrow().identity().name())
                    .isEqualTo(NetBiosName.of("PC1"));
        }
    }

    @Test
    void numberedNamesGetTheirReportNameBackAndNothingIsOverwritten() throws Exception {
        Path bad = inbox.resolve("BADMIFS");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("R1.MIF"), "first");
        Files.writeString(bad.resolve("R1.MIF.err"), "R1.MIF:1:1: broken\n");
        Files.writeString(bad.resolve("R1.MIF.1"), "second");
        Files.writeString(bad.resolve("R1.MIF.1.err"), "R1.MIF:1:1: broken\n");
        Files.writeString(bad.resolve("NOTES.TXT"), "not a report");
        Files.writeString(bad.resolve("GONE.MIF.err"), "a re-queue stopped after the move\n");
        Files.writeString(inbox.resolve("R1.MIF"), "a new report with the same name");

        BadMifs.Requeued done = BadMifs.in(inbox).requeueAll();

        assertThat(done.moved()).extracting(m -> m.to().getFileName().toString()).containsExactly("R1~1.MIF", "R1~2.MIF");
        assertThat(Files.readString(inbox.resolve("R1~1.MIF"))).isEqualTo("first");
        assertThat(Files.readString(inbox.resolve("R1~2.MIF"))).isEqualTo("second");
        assertThat(Files.readString(inbox.resolve("R1.MIF"))).isEqualTo("a new report with the same name");
        assertThat(done.problems()).singleElement().asString().contains("NOTES.TXT: not a report file name");
        assertThat(names(bad)).containsExactly("NOTES.TXT");
    }

    @Test
    void namedFilesOnlyAndUnknownNamesAreReported() throws Exception {
        Path bad = inbox.resolve("BADMIFS");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("A.MIF"), "a");
        Files.writeString(bad.resolve("B.MIF"), "b");
        Files.setLastModifiedTime(bad.resolve("B.MIF"), FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));

        BadMifs.Requeued done = BadMifs.in(inbox).requeue(List.of("b.mif", "C.MIF"));

        assertThat(done.moved()).extracting(m -> m.from().getFileName().toString()).containsExactly("B.MIF");
        assertThat(done.notFound()).containsExactly("C.MIF");
        assertThat(names(bad)).containsExactly("A.MIF");
        assertThat(Files.getLastModifiedTime(inbox.resolve("B.MIF")).toInstant())
                .as("the file keeps its time (SMS 1.x reports are ordered by it)")
                .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(BadMifs.in(dir.resolve("nowhere")).list()).isEmpty();
    }

    @Test
    void aLinkInBadmifsIsLeftAlone() throws Exception {
        Path bad = inbox.resolve("BADMIFS");
        Files.createDirectories(bad);
        Path outside = Files.writeString(dir.resolve("outside.mif"), "not ours");
        Files.createSymbolicLink(bad.resolve("LINK.MIF"), outside);
        BadMifs.Requeued done = BadMifs.in(inbox).requeueAll();
        assertThat(done.moved()).isEmpty();
        assertThat(done.problems()).singleElement().asString().contains("LINK.MIF: not a regular file");
        assertThat(Files.isSymbolicLink(bad.resolve("LINK.MIF"))).isTrue();
        assertThat(names(inbox)).containsExactly("BADMIFS");
        assertThat(Files.exists(inbox.resolve(Inbox.LOCK_FILE))).isTrue();
    }
}
