package org.mifsync.resync.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mifsync.resync.files.Requests.DOMAIN;
import static org.mifsync.resync.files.Requests.SITE;
import static org.mifsync.resync.files.Requests.T0;
import static org.mifsync.resync.files.Requests.entry;
import static org.mifsync.resync.files.Requests.hw;
import static org.mifsync.resync.files.Requests.sw;
import static org.quicktheories.QuickTheory.qt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SmsId;

class ResyncCfgFormatTest {

    @TempDir
    Path dir;

    private ResyncCfg cfg() {
        return ResyncCfg.of(dir.resolve(ResyncCfg.FILE_NAME), SITE, DOMAIN);
    }

    private String bytesOf(ResyncCfg cfg) throws Exception {
        return new String(Files.readAllBytes(cfg.file()), StandardCharsets.US_ASCII);
    }

    @Test
    void headerIsFortyEightBytesNamingSiteAndUpperCaseDomain() throws Exception {
        ResyncCfg cfg = cfg();
        cfg.publish(List.of());

        byte[] bytes = Files.readAllBytes(cfg.file());
        assertThat(bytes).hasSize(48);
        assertThat(new String(bytes, StandardCharsets.US_ASCII))
                .isEqualTo(";RESYNC.CFG v1 site=ABC domain=SALES          \r\n");
    }

    @Test
    void publishedFileHasTheExactBytesOfTheLayout() throws Exception {
        ResyncCfg cfg = cfg();
        cfg.publish(List.of(
                entry("ABC0000A", InventoryKind.HW, Instant.parse("2024-02-29T23:59:59Z"), ResyncReason.VERSION_GAP),
                sw("ABC00001", T0.plusSeconds(2)),
                hw("ABC00001", T0),
                entry("ABC00002", InventoryKind.SW, T0, ResyncReason.DUPLICATE_ID),
                entry("ABC00002", InventoryKind.HW, T0, ResyncReason.ROW_MISMATCH)));

        String expected = ""
                + ";RESYNC.CFG v1 site=ABC domain=SALES          \r\n"
                + "ABC00001 HW 19990102030405 NO_BASELINE        \r\n"
                + "ABC00001 SW 19990102030407 FORCED             \r\n"
                + "ABC00002 HW 19990102030405 ROW_MISMATCH       \r\n"
                + "ABC00002 SW 19990102030405 DUPLICATE_ID       \r\n"
                + "ABC0000A HW 20240229235959 VERSION_GAP        \r\n";
        assertThat(bytesOf(cfg)).isEqualTo(expected);
        byte[] bytes = Files.readAllBytes(cfg.file());
        assertThat(bytes.length % 48).isZero();
        for (int record = 0; record < bytes.length / 48; record++) {
            int at = record * 48;
            assertThat(bytes[at + 46]).as("CR of record %d", record).isEqualTo((byte) '\r');
            assertThat(bytes[at + 47]).as("LF of record %d", record).isEqualTo((byte) '\n');
            if (record > 0) {
                assertThat(bytes[at + 8]).isEqualTo((byte) ' ');
                assertThat(bytes[at + 11]).isEqualTo((byte) ' ');
                assertThat(bytes[at + 26]).isEqualTo((byte) ' ');
            }
        }
    }

    @Test
    void recordsAreSortedBySmsIdInAsciiOrderThenKind() throws Exception {
        ResyncCfg cfg = cfg();
        // digits sort before letters in ASCII: ABC0000Z < ABC000A0 < ABCZ0000 < ZZZ00000
        cfg.publish(List.of(sw("ZZZ00000", T0), hw("ABCZ0000", T0), sw("ABC000A0", T0), hw("ABC000A0", T0),
                hw("ABC0000Z", T0)));

        assertThat(cfg.read().entries()).extracting(e -> e.smsId().value() + " " + e.kind())
                .containsExactly("ABC0000Z HW", "ABC000A0 HW", "ABC000A0 SW", "ABCZ0000 HW", "ZZZ00000 SW");
    }

    @Test
    void newestTimeWinsWhenOneKeyIsGivenTwice() throws Exception {
        ResyncCfg cfg = cfg();
        ResyncEntry newer = entry("ABC00001", InventoryKind.HW, T0.plusSeconds(60), ResyncReason.FORCED);
        cfg.publish(List.of(newer, hw("ABC00001", T0)));

        assertThat(cfg.read().entries()).containsExactly(newer);
    }

    @Test
    void onEqualTimesTheEntryGivenLaterWins() throws Exception {
        ResyncCfg cfg = cfg();
        ResyncEntry later = entry("ABC00001", InventoryKind.HW, T0, ResyncReason.FORCED);
        cfg.publish(List.of(hw("ABC00001", T0), later));

        assertThat(cfg.read().entries()).containsExactly(later);
    }

    @Test
    void guidSmsIdIsRefusedWithAClearMessage() throws Exception {
        ResyncCfg cfg = cfg();
        cfg.publish(List.of(hw("ABC00001", T0)));
        ResyncEntry guid = new ResyncEntry(SmsId.parse("GUID:{5A6F1C2E-0B4D-4E8A-9F10-23456789ABCD}"),
                InventoryKind.HW, T0, ResyncReason.FORCED);

        assertThatThrownBy(() -> cfg.publish(List.of(guid)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GUID:{5A6F1C2E-0B4D-4E8A-9F10-23456789ABCD}")
                .hasMessageContaining("no place in RESYNC.CFG")
                .hasMessageContaining("5A6F1C2E0B4D4E8A9F1023456789ABCD.CFG");
        assertThat(cfg.read().entries()).containsExactly(hw("ABC00001", T0));
        assertThat(ResyncCfg.accepts(guid.smsId())).isFalse();
        assertThat(cfg.lookup(guid.smsId())).isEmpty();
    }

    @Test
    void requestTimeIsTruncatedToWholeSecondsAndWrittenInUtc() throws Exception {
        ResyncEntry entry = hw("ABC00001", Instant.parse("2001-12-31T23:59:59.999Z"));
        assertThat(entry.requestTime()).isEqualTo(Instant.parse("2001-12-31T23:59:59Z"));
        ResyncCfg cfg = cfg();
        cfg.publish(List.of(entry));
        assertThat(bytesOf(cfg)).contains("ABC00001 HW 20011231235959 ");
    }

    @Test
    void timesOutsideFourDigitYearsAreRefused() {
        assertThatThrownBy(() -> hw("ABC00001", Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0000-9999");
        assertThatThrownBy(() -> hw("ABC00001", Instant.parse("-0001-12-31T23:59:59Z")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(hw("ABC00001", ResyncEntry.MAX_TIME).toString()).isEqualTo("ABC00001 HW 99991231235959 NO_BASELINE");
    }

    @Test
    void writingThroughAReadOnlyHandleIsRefused() {
        ResyncCfg reader = ResyncCfg.forReading(dir.resolve(ResyncCfg.FILE_NAME));
        assertThatThrownBy(() -> reader.publish(List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ResyncCfg.of");
    }

    @Test
    void publishThenReadGivesTheSortedMergedList() {
        ResyncCfg cfg = cfg();
        qt().withExamples(50).withFixedSeed(20260501L)
                .forAll(Requests.entryLists(200))
                .checkAssert(list -> {
                    try {
                        cfg.publish(list);
                        ResyncCfg.Contents contents = cfg.read();
                        assertThat(contents.damage()).isEmpty();
                        assertThat(contents.site()).contains(SITE);
                        assertThat(contents.domain()).contains(DOMAIN);
                        assertThat(contents.entries()).isEqualTo(Requests.expected(list));
                        assertThat(Files.size(cfg.file())).isEqualTo(48L * (1 + contents.entries().size()));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
    }
}
