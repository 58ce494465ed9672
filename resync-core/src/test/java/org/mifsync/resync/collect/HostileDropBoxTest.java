package org.mifsync.resync.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.site.SiteDescription;
import org.mifsync.resync.site.SiteCycle;
import org.mifsync.resync.site.SiteSetup;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.LoadLogEntry;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.Stores;
import org.mifsync.testkit.SiteDescriptionText;

/**
 * What a client can put into a logon server's drop box to stop a site (issue 12, rows 1–3), each
 * beside good reports: a real site (SQLite store, {@code max-mif-size = 64KiB}), a real collector
 * and loader on real files, FIFOs and sparse files. Every time the good reports of the same run are
 * loaded and the bad file is handled by rule.
 */
class HostileDropBoxTest {

    static final long LIMIT = 64 * 1024;
    static final GroupClass DISK = GroupClass.of("MICROSOFT|DISK|1.0");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    InventoryStore store;
    Path root;
    Path dropBox;
    Path inbox;
    final List<Loader.FileDecision> loaded = new ArrayList<>();

    @BeforeEach
    void site() throws Exception {
        store = Stores.open(Backend.SQLITE, dir, getClass(), clock);
        root = dir.resolve("root");
        SiteDescriptionText description = SiteDescriptionText.central().setting("max-mif-size", "64KiB")
                .createLogonServerRoots(dir);
        SiteSetup.of(root, store).apply(SiteDescription.parse("sites.ini", description.text(), dir));
        dropBox = dir.resolve("ls1/LOGON.SRV/INVENTRY.BOX");
        Files.createDirectories(dropBox);
        inbox = root.resolve("SITE.SRV/INVENTRY.BOX");
    }

    @AfterEach
    void close() {
        store.close();
    }

    static SmsId client(int n) {
        return SmsId.parse(String.format(Locale.ROOT, "CEN%05d", n));
    }

    /** A full hardware report of client n. */
    byte[] report(int n) {
        ClientIdentity who = ClientIdentity.of(client(n), NetBiosName.of("PC" + n), "00:0" + n);
        Inventory inventory = Inventory.of(GroupInstance.of(DISK, List.of(1), List.of(
                Attribute.of(1, "Drive Letter", AttributeValue.text("C:")),
                Attribute.of(2, "Free Space", AttributeValue.int64(1000L * n)))));
        return ReportWriter.encode(ClientReport.of(who, InventoryReport.full(client(n), InventoryKind.HW,
                ReportVersion.of(1, 0), clock.instant(), inventory)));
    }

    Path drop(String name, int client) throws IOException {
        return Files.write(dropBox.resolve(name), report(client));
    }

    Collector.Builder collector() {
        return Collector.builder(inbox).clock(clock).maxFileBytes(LIMIT).stallTimeout(Duration.ofSeconds(5));
    }

    /** The load step alone, as {@code mifsync load} runs it after collecting; a failed step fails the test. */
    Loader.Report load() {
        SiteCycle.Report report = SiteCycle.builder(root, store).clock(clock).listener(loaded::add).build().load();
        assertThat(report.failure()).isEmpty();
        return report.loaded();
    }

    static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(Inbox.LOCK_FILE)
                    && !n.equals(".loader.lock")).sorted().toList();
        }
    }

    void assertLoaded(int... clients) {
        for (int n : clients) {
            assertThat(store.inventory(client(n), InventoryKind.HW)).as("client %d loaded", n).isPresent();
            assertThat(store.loadLog(client(n))).extracting(LoadLogEntry::outcome).containsExactly(Outcome.APPLIED_FULL);
        }
    }

    @Test
    void namesWithBackslashesAreDeliveredUnderSafeNamesAndLoadedUnderTheClientsNames() throws Exception {
        drop("GOOD1.MIF", 1);
        drop("a\\b.MIF", 2);
        drop("C:\\Windows\\x.MIF", 3);
        drop("GOOD4.MIF", 4);
        // one put straight into the inbox (by hand, or by an older collector) is handled alike
        Files.createDirectories(inbox);
        Files.write(inbox.resolve("d\\e.MIF"), report(5));

        Collector.Report collected = collector().build().collect(List.of(dir.resolve("ls1")));
        Loader.Report result = load();

        assertThat(collected.problems()).isEmpty();
        assertThat(collected.moved()).extracting(i -> i.target().orElseThrow().getFileName().toString())
                .containsExactlyInAnyOrder("GOOD1.MIF", "a%5Cb.MIF", "C%3A%5CWindows%5Cx.MIF", "GOOD4.MIF");
        assertThat(collected.moved()).filteredOn(i -> i.target().orElseThrow().endsWith("a%5Cb.MIF")).singleElement()
                .satisfies(i -> assertThat(i.detail()).contains("'a\\b.MIF'"));
        assertThat(names(dropBox)).as("nothing left half-claimed on the logon server").isEmpty();
        assertThat(result.isClean()).isTrue();
        assertThat(loaded).extracting(Loader.FileDecision::file).containsExactlyInAnyOrder("GOOD1.MIF", "a\\b.MIF",
                "C:\\Windows\\x.MIF", "GOOD4.MIF", "d\\e.MIF");
        assertLoaded(1, 2, 3, 4, 5);
        // the load log holds the client's name escaped once, as everything from a client is
        assertThat(store.loadLog(client(3)).get(0).source()).contains("C:\\\\Windows\\\\x.MIF");
        assertThat(store.loadLog(client(5)).get(0).source()).contains("d\\\\e.MIF");
        assertThat(names(inbox)).as("nothing left half-claimed in the inbox").containsExactly("BADMIFS", "REFUSED");
        assertThat(names(inbox.resolve(Loader.BADMIFS))).isEmpty();

        // and the next run finds nothing to do and nothing wrong
        assertThat(collector().build().collect(List.of(dir.resolve("ls1"))).problems()).isEmpty();
        assertThat(load().files()).isEmpty();
    }

    @Test
    void aFifoSwappedInAfterTheListingIsLeftAloneWithoutBlockingTheRun() throws Exception {
        drop("GOOD1.MIF", 1);
        Path swapped = drop("SWAP.MIF", 2);
        drop("GOOD3.MIF", 3);
        Collector swapping = collector().beforeCopy(source -> {
            if (source.getFileName().toString().equals("SWAP.MIF")) {
                try {
                    Files.delete(source);
                    mkfifo(source);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }).build();

        Collector.Report collected = swapping.collect(List.of(dir.resolve("ls1")));
        Loader.Report result = load();

        assertThat(collected.moved()).extracting(i -> i.source().getFileName().toString())
                .containsExactly("GOOD1.MIF", "GOOD3.MIF");
        assertThat(collected.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(swapped);
            assertThat(p.detail()).contains("not a regular file");
        });
        assertThat(Files.isRegularFile(swapped)).isFalse();
        assertThat(Files.exists(swapped)).as("the FIFO is left where it is").isTrue();
        assertThat(result.isClean()).isTrue();
        assertLoaded(1, 3);
        // the inbox lock was released: the next run works, and reports the FIFO again
        Collector.Report next = collector().lockWait(Duration.ZERO).build().collect(List.of(dir.resolve("ls1")));
        assertThat(next.problems()).singleElement().satisfies(p -> assertThat(p.detail()).contains("not a regular file"));
    }

    @Test
    void aSparseFileOfTwoAndAHalfGigabytesIsCutAtTheLimitAndSetAsideBesideLoadedReports() throws Exception {
        drop("GOOD1.MIF", 1);
        Path big = dropBox.resolve("BIG.MIF");
        sparse(big, 2_684_354_560L);
        drop("GOOD3.MIF", 3);
        Files.createDirectories(inbox);
        sparse(inbox.resolve("HUGE.MIF"), 2_684_354_560L);

        Collector.Report collected = collector().build().collect(List.of(dir.resolve("ls1")));
        Loader.Report result = load();

        assertThat(collected.problems()).isEmpty();
        assertThat(collected.moved()).filteredOn(i -> i.source().equals(big)).singleElement()
                .satisfies(i -> assertThat(i.detail()).contains("2684354560 bytes, larger than max-mif-size (65536"
                        + " bytes): only its first 65537 bytes were copied"));
        assertThat(names(dropBox)).isEmpty();
        assertThat(result.badFiles()).isEqualTo(2);
        assertLoaded(1, 3);
        Path badMifs = inbox.resolve(Loader.BADMIFS);
        assertThat(names(badMifs)).containsExactly("BIG.MIF", "BIG.MIF.err", "HUGE.MIF", "HUGE.MIF.err");
        assertThat(Files.size(badMifs.resolve("BIG.MIF"))).isEqualTo(LIMIT + 1);
        assertThat(Files.readString(badMifs.resolve("BIG.MIF.err")))
                .startsWith("BIG.MIF: 65537 bytes, larger than max-mif-size (65536 bytes); not read.");
        assertThat(Files.readString(badMifs.resolve("HUGE.MIF.err")))
                .startsWith("HUGE.MIF: 2684354560 bytes, larger than max-mif-size (65536 bytes); not read.");
        assertThat(loaded).extracting(Loader.FileDecision::file, Loader.FileDecision::outcome).contains(
                org.assertj.core.groups.Tuple.tuple("BIG.MIF", Outcome.BAD_MIF),
                org.assertj.core.groups.Tuple.tuple("HUGE.MIF", Outcome.BAD_MIF));
    }

    static void sparse(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    static void mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("mkfifo %s", path).isZero();
    }
}
