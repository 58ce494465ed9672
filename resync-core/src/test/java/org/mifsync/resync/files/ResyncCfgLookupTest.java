package org.mifsync.resync.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mifsync.resync.files.Requests.DOMAIN;
import static org.mifsync.resync.files.Requests.SITE;
import static org.mifsync.resync.files.Requests.T0;
import static org.mifsync.resync.files.Requests.hw;
import static org.mifsync.resync.files.Requests.idNumber;
import static org.mifsync.resync.files.Requests.sw;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SmsId;
import org.quicktheories.core.Gen;
import org.mifsync.resync.Thorough;

class ResyncCfgLookupTest {

    @TempDir
    Path dir;

    private ResyncCfg cfg() {
        return ResyncCfg.of(dir.resolve(ResyncCfg.FILE_NAME), SITE, DOMAIN);
    }

    /** The linear scan that the binary search must agree with. */
    private static List<ResyncEntry> linear(ResyncCfg cfg, SmsId id) throws Exception {
        return cfg.read().entries().stream().filter(e -> e.smsId().equals(id)).toList();
    }

    private static byte[] fileOf(List<ResyncEntry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(RecordFormat.header(SITE, DOMAIN));
        for (ResyncEntry e : Requests.expected(entries)) {
            out.writeBytes(RecordFormat.encode(e));
        }
        return out.toByteArray();
    }

    @Test
    void lookupFindsBothKindsOfOneSmsIdAndNothingForAnAbsentOne() throws Exception {
        ResyncCfg cfg = cfg();
        cfg.publish(List.of(hw("ABC00001", T0), sw("ABC00002", T0), hw("ABC00002", T0.plusSeconds(1)),
                hw("ABC00003", T0)));

        assertThat(cfg.lookup(SmsId.parse("ABC00002")))
                .containsExactly(hw("ABC00002", T0.plusSeconds(1)), sw("ABC00002", T0));
        assertThat(cfg.lookup(SmsId.parse("ABC00001"))).containsExactly(hw("ABC00001", T0));
        assertThat(cfg.lookup(SmsId.parse("ABC00003"))).containsExactly(hw("ABC00003", T0));
        assertThat(cfg.lookup(SmsId.parse("ABC00000"))).isEmpty();
        assertThat(cfg.lookup(SmsId.parse("ZZZ99999"))).isEmpty();
    }

    @Test
    void lookupInAFileWithOnlyAHeaderOrNothingFindsNothing() throws Exception {
        ResyncCfg cfg = cfg();
        cfg.publish(List.of());
        assertThat(cfg.lookup(SmsId.parse("ABC00001"))).isEmpty();
        Files.write(cfg.file(), new byte[0]);
        assertThat(cfg.lookup(SmsId.parse("ABC00001"))).isEmpty();
        Files.write(cfg.file(), ";RESYNC.CFG".getBytes(StandardCharsets.US_ASCII));
        assertThat(cfg.lookup(SmsId.parse("ABC00001"))).isEmpty();
    }

    @Test
    void lookupReadsAFewBlocksNotTheWholeFile() throws Exception {
        List<ResyncEntry> entries = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            entries.add(hw(idNumber("ABC", i * 3L).value(), T0));
        }
        ResyncCfg cfg = cfg();
        cfg.publish(entries);
        for (long n : new long[] {0, 3, 299_997, 150_000, 150_001, 599_997, 599_998, 77_777}) {
            try (FileChannel channel = FileChannel.open(cfg.file(), StandardOpenOption.READ)) {
                RecordSearch search = new RecordSearch(channel);
                List<ResyncEntry> found = search.find(idNumber("ABC", n));
                assertThat(found).as("ABC #%d", n).hasSize(n % 3 == 0 ? 1 : 0);
                assertThat(search.reads()).as("reads for #%d", n).isLessThan(64);
            }
        }
    }

    @Test
    void probeLandingInADamagedStretchScansToTheNextGoodRecord() throws Exception {
        List<ResyncEntry> entries = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            entries.add(hw(idNumber("ABC", i).value(), T0));
        }
        byte[] good = fileOf(entries);
        ByteArrayOutputStream damaged = new ByteArrayOutputStream();
        // record 101 loses a byte: every later record is off the 48-byte grid
        int cut = 48 * 101 + 20;
        damaged.write(good, 0, cut);
        damaged.write(good, cut + 1, 48 * 9_000 - cut - 1);
        // then a stretch of junk lines of odd lengths where records 9,000-10,999 were
        for (int i = 0; i < 2_000; i++) {
            damaged.writeBytes(("#".repeat(i % 97) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        damaged.write(good, 48 * 11_000, good.length - 48 * 11_000);
        ResyncCfg cfg = cfg();
        Files.write(cfg.file(), damaged.toByteArray());

        List<ResyncEntry> all = cfg.read().entries();
        assertThat(all).hasSize(20_000 - 1 - 2_000);
        for (long n = 0; n < 20_000; n += 7) {
            SmsId id = idNumber("ABC", n);
            assertThat(cfg.lookup(id)).as("%s", id)
                    .isEqualTo(all.stream().filter(e -> e.smsId().equals(id)).toList());
        }
        // record 101 holds the entry numbered 100; records 9,000-10,999 hold 8,999-10,998
        assertThat(cfg.lookup(idNumber("ABC", 99))).hasSize(1);
        assertThat(cfg.lookup(idNumber("ABC", 100))).isEmpty();
        assertThat(cfg.lookup(idNumber("ABC", 101))).hasSize(1);
        assertThat(cfg.lookup(idNumber("ABC", 8_998))).hasSize(1);
        assertThat(cfg.lookup(idNumber("ABC", 10_000))).isEmpty();
        assertThat(cfg.lookup(idNumber("ABC", 10_999))).hasSize(1);
    }

    /** One injected fault: where (per mille of the file) and what. */
    private record Fault(int kind, int where, int size) {
    }

    private static byte[] inject(byte[] file, List<Fault> faults) {
        List<Byte> bytes = new ArrayList<>(file.length + 64);
        for (byte b : file) {
            bytes.add(b);
        }
        for (Fault f : faults) {
            if (bytes.isEmpty()) {
                break;
            }
            int at = (int) ((long) f.where * (bytes.size() - 1) / 1000);
            switch (f.kind) {
                case 0 -> bytes.set(at, (byte) '#'); // a bad byte: bad field, or a merged line if it hit an LF
                case 1 -> bytes.remove(at); // a record one byte short (or two records merged)
                case 2 -> { // a junk line at the next line start
                    int start = lineStart(bytes, at);
                    byte[] junk = ("#".repeat(f.size % 60) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < junk.length; i++) {
                        bytes.add(start + i, junk[i]);
                    }
                }
                case 3 -> { // a duplicated line
                    int start = lineStart(bytes, at);
                    int end = start;
                    while (end < bytes.size() && bytes.get(end) != '\n') {
                        end++;
                    }
                    if (end < bytes.size()) {
                        List<Byte> line = new ArrayList<>(bytes.subList(start, end + 1));
                        bytes.addAll(end + 1, line);
                    }
                }
                case 4 -> { // the end cut off mid-record
                    int keep = Math.max(0, bytes.size() - 1 - f.size % 47);
                    bytes.subList(keep, bytes.size()).clear();
                }
                default -> bytes.add(at, (byte) '\n'); // a record split in two
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    private static int lineStart(List<Byte> bytes, int at) {
        int i = at;
        while (i > 0 && bytes.get(i - 1) != '\n') {
            i--;
        }
        return i;
    }

    @Test
    void binarySearchAgreesWithALinearScanEvenWithDamagedRecords() throws Exception {
        ResyncCfg cfg = cfg();
        Gen<Fault> faults = integers().between(0, 5).zip(integers().between(0, 1000), integers().between(0, 200),
                Fault::new);
        AtomicInteger checked = new AtomicInteger();
        AtomicInteger unordered = new AtomicInteger();
        qt().withExamples(Thorough.count(250, 5_000)).withFixedSeed(Thorough.seed(4_8000_48L, "ResyncCfgLookupTest"))
                .forAll(Requests.entryLists(300), lists().of(faults).ofSizeBetween(0, 8),
                        lists().of(Requests.entries()).ofSizeBetween(1, 10))
                .checkAssert((entries, injected, absent) -> {
                    try {
                        Files.write(cfg.file(), inject(fileOf(entries), injected));
                        ResyncCfg.Contents contents = cfg.read();
                        if (contents.damage().stream().anyMatch(d -> d.message().contains("out of order"))) {
                            // the promise covers files whose good records are in order; faults that
                            // recombine into a valid misplaced record are possible but rare
                            unordered.incrementAndGet();
                            return;
                        }
                        Set<SmsId> ids = new LinkedHashSet<>();
                        entries.forEach(e -> ids.add(e.smsId()));
                        absent.forEach(e -> ids.add(e.smsId()));
                        for (SmsId id : ids) {
                            List<ResyncEntry> expected = contents.entries().stream()
                                    .filter(e -> e.smsId().equals(id)).toList();
                            assertThat(cfg.lookup(id)).as("%s with faults %s", id, injected).isEqualTo(expected);
                        }
                        checked.incrementAndGet();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
        assertThat(unordered.get()).isLessThan(10);
        assertThat(checked.get()).isGreaterThan(200);
    }

    @Test
    void lookupSkipsADuplicateAsTheReaderDoes() throws Exception {
        ResyncCfg cfg = cfg();
        String header = new String(RecordFormat.header(SITE, DOMAIN), StandardCharsets.US_ASCII);
        Files.writeString(cfg.file(), header
                + "ABC00001 HW 19990102030405 NO_BASELINE        \r\n"
                + "ABC00001 HW 19990102030406 FORCED             \r\n"
                + "ABC00001 SW 19990102030405 FORCED             \r\n", StandardCharsets.US_ASCII);
        assertThat(cfg.lookup(SmsId.parse("ABC00001"))).isEqualTo(linear(cfg, SmsId.parse("ABC00001")))
                .containsExactly(hw("ABC00001", T0), new ResyncEntry(SmsId.parse("ABC00001"), InventoryKind.SW, T0,
                        ResyncReason.FORCED));
    }
}
