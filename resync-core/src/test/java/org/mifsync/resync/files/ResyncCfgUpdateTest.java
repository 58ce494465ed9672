package org.mifsync.resync.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mifsync.resync.files.Requests.DOMAIN;
import static org.mifsync.resync.files.Requests.SITE;
import static org.mifsync.resync.files.Requests.T0;
import static org.mifsync.resync.files.Requests.entry;
import static org.mifsync.resync.files.Requests.hw;
import static org.mifsync.resync.files.Requests.idNumber;
import static org.mifsync.resync.files.Requests.sw;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;

class ResyncCfgUpdateTest {

    @TempDir
    Path dir;

    private ResyncCfg cfg() {
        return ResyncCfg.of(dir.resolve(ResyncCfg.FILE_NAME), SITE, DOMAIN);
    }

    @Test
    void addToAMissingFileCreatesIt() throws Exception {
        ResyncCfg cfg = cfg();
        ResyncCfg.Outcome outcome = cfg.add(List.of(sw("ABC00002", T0), hw("ABC00001", T0)));

        assertThat(outcome.added()).containsExactly(hw("ABC00001", T0), sw("ABC00002", T0));
        assertThat(outcome.removed()).isEmpty();
        assertThat(outcome.records()).isEqualTo(2);
        assertThat(cfg.read().entries()).containsExactly(hw("ABC00001", T0), sw("ABC00002", T0));
        assertThat(cfg.read().isClean()).isTrue();
    }

    @Test
    void addMergesWithTheFileAndTheNewestTimeWins() throws Exception {
        ResyncCfg cfg = cfg();
        cfg.publish(List.of(hw("ABC00001", T0.plusSeconds(10)), hw("ABC00002", T0), hw("ABC00003", T0)));
        ResyncEntry older = entry("ABC00001", InventoryKind.HW, T0, ResyncReason.FORCED);
        ResyncEntry newer = entry("ABC00002", InventoryKind.HW, T0.plusSeconds(5), ResyncReason.VERSION_GAP);
        ResyncEntry same = hw("ABC00003", T0);
        ResyncEntry fresh = sw("ABC00001", T0);

        ResyncCfg.Outcome outcome = cfg.add(List.of(older, newer, same, fresh));

        assertThat(outcome.added()).containsExactly(fresh, newer);
        assertThat(outcome.removed()).isEmpty();
        assertThat(cfg.read().entries())
                .containsExactly(hw("ABC00001", T0.plusSeconds(10)), fresh, newer, same);
    }

    @Test
    void ageOutRemovesExactlyTheEntriesOlderThanTheCutoffAndListsThem() throws Exception {
        ResyncCfg cfg = cfg();
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.ofHours(-7)); // the zone must not matter
        ResyncEntry fifteenDays = hw("ABC00001", now.minus(Duration.ofDays(15)));
        ResyncEntry justOverFourteen = sw("ABC00001", now.minus(Duration.ofDays(14)).minusSeconds(1));
        ResyncEntry exactlyFourteen = hw("ABC00002", now.minus(Duration.ofDays(14)));
        ResyncEntry oneDay = hw("ABC00003", now.minus(Duration.ofDays(1)));
        cfg.publish(List.of(fifteenDays, justOverFourteen, exactlyFourteen, oneDay));

        ResyncCfg.Outcome outcome = cfg.ageOut(Duration.ofDays(14), clock);

        assertThat(outcome.removed()).containsExactly(fifteenDays, justOverFourteen);
        assertThat(outcome.added()).isEmpty();
        assertThat(outcome.records()).isEqualTo(2);
        assertThat(cfg.read().entries()).containsExactly(exactlyFourteen, oneDay);
    }

    @Test
    void cutoffWithAFractionOfASecondKeepsTheEntryAtThatSecond() throws Exception {
        ResyncCfg cfg = cfg();
        cfg.publish(List.of(hw("ABC00001", T0)));
        assertThat(cfg.update(ResyncCfg.Edit.none().removeOlderThan(T0)).removed()).isEmpty();
        assertThat(cfg.update(ResyncCfg.Edit.none().removeOlderThan(T0.plusMillis(1))).removed())
                .containsExactly(hw("ABC00001", T0));
    }

    @Test
    void cutoffsBeyondTheFieldsRangeRemoveAllOrNothing() throws Exception {
        ResyncCfg cfg = cfg();
        cfg.publish(List.of(hw("ABC00001", T0), hw("ABC00002", ResyncEntry.MAX_TIME)));
        assertThat(cfg.update(ResyncCfg.Edit.none().removeOlderThan(Instant.MIN)).removed()).isEmpty();
        assertThat(cfg.update(ResyncCfg.Edit.none().removeOlderThan(Instant.MAX)).removed()).hasSize(2);
        assertThat(cfg.read().entries()).isEmpty();
    }

    @Test
    void removeDropsTheNamedKeysOnly() throws Exception {
        ResyncCfg cfg = cfg();
        cfg.publish(List.of(hw("ABC00001", T0), sw("ABC00001", T0), hw("ABC00002", T0)));

        ResyncCfg.Outcome outcome = cfg.update(ResyncCfg.Edit.none()
                .remove(SmsId.parse("ABC00001"), InventoryKind.SW)
                .remove(SmsId.parse("ABC00009"), InventoryKind.HW));

        assertThat(outcome.removed()).containsExactly(sw("ABC00001", T0));
        assertThat(cfg.read().entries()).containsExactly(hw("ABC00001", T0), hw("ABC00002", T0));
    }

    @Test
    void anAdditionOlderThanTheCutoffOfTheSameEditNeverReachesTheFile() throws Exception {
        ResyncCfg cfg = cfg();
        cfg.publish(List.of(hw("ABC00001", T0)));
        ResyncCfg.Outcome outcome = cfg.update(ResyncCfg.Edit.none()
                .add(List.of(hw("ABC00002", T0.minusSeconds(1)), hw("ABC00001", T0.plusSeconds(1))))
                .removeOlderThan(T0.plusSeconds(1)));
        assertThat(outcome.added()).containsExactly(hw("ABC00001", T0.plusSeconds(1)));
        assertThat(outcome.removed()).isEmpty();
        assertThat(cfg.read().entries()).containsExactly(hw("ABC00001", T0.plusSeconds(1)));
    }

    @Test
    void updateDropsDamagedRecordsAndReportsThem() throws Exception {
        ResyncCfg cfg = cfg();
        cfg.publish(List.of(hw("ABC00001", T0), hw("ABC00002", T0), hw("ABC00003", T0)));
        byte[] bytes = Files.readAllBytes(cfg.file());
        bytes[48 * 2 + 14] = 'X'; // the time of record 2
        Files.write(cfg.file(), bytes);

        ResyncCfg.Outcome outcome = cfg.add(List.of(hw("ABC00004", T0)));

        assertThat(outcome.damage()).singleElement().satisfies(d -> {
            assertThat(d.record()).isEqualTo(2);
            assertThat(d.field()).isEqualTo("request time");
        });
        assertThat(cfg.read().isClean()).isTrue();
        assertThat(cfg.read().entries()).extracting(e -> e.smsId().value())
                .containsExactly("ABC00001", "ABC00003", "ABC00004");
    }

    @Test
    void updateRefusesToRewriteTheListOfAnotherDomain() throws Exception {
        ResyncCfg other = ResyncCfg.of(dir.resolve(ResyncCfg.FILE_NAME), SITE, DomainName.of("MARKETING"));
        other.publish(List.of(hw("ABC00001", T0)));
        byte[] before = Files.readAllBytes(other.file());

        assertThatThrownBy(() -> cfg().add(List.of(hw("ABC00002", T0))))
                .isInstanceOf(RequestFileException.class)
                .hasMessageContaining("record 0: header names domain MARKETING, expected Sales")
                .satisfies(e -> assertThat(((RequestFileException) e).field()).isEqualTo("domain"));
        assertThatThrownBy(() -> ResyncCfg.of(other.file(), SiteCode.of("XYZ"), DomainName.of("MARKETING"))
                .add(List.of(hw("ABC00002", T0))))
                .isInstanceOf(RequestFileException.class).hasMessageContaining("site ABC, expected XYZ");
        assertThat(Files.readAllBytes(other.file())).isEqualTo(before);
        assertThat(temporaries()).isEmpty();
        // publishing is the store's word and replaces whatever is there
        cfg().publish(List.of());
        assertThat(cfg().read().isClean()).isTrue();
    }

    @Test
    void aDamagedHeaderIsRewrittenNotRefused() throws Exception {
        ResyncCfg cfg = cfg();
        Files.writeString(cfg.file(), "garbage\r\nABC00001 HW 19990102030405 NO_BASELINE        \r\n",
                StandardCharsets.US_ASCII);
        ResyncCfg.Outcome outcome = cfg.add(List.of());
        assertThat(outcome.damage()).extracting(ResyncCfg.Damage::record).containsExactly(0L);
        assertThat(cfg.read().isClean()).isTrue();
        assertThat(cfg.read().entries()).containsExactly(hw("ABC00001", T0));
    }

    @Test
    void leftoverTemporaryFilesOfKilledWritersAreRemovedUnderTheLock() throws Exception {
        ResyncCfg cfg = cfg();
        Path leftover = dir.resolve(".RESYNC.CFG.abc123.tmp");
        Path notOurs = dir.resolve(".OTHER.CFG.abc123.tmp");
        Files.writeString(leftover, "half a file");
        Files.writeString(notOurs, "someone else's");

        cfg.publish(List.of(hw("ABC00001", T0)));

        assertThat(leftover).doesNotExist();
        assertThat(notOurs).exists();
        assertThat(dir.resolve("RESYNC.CFG.lock")).exists();
    }

    @Test
    void publishedFileIsReadableByOthersNotOwnerOnly() throws Exception {
        ResyncCfg cfg = cfg();
        cfg.publish(List.of(hw("ABC00001", T0)));
        if (Files.getFileStore(cfg.file()).supportsFileAttributeView("posix")) {
            assertThat(Files.getPosixFilePermissions(cfg.file()))
                    .contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE)
                    .as("created like a new file (umask), not like Files.createTempFile (0600)")
                    .hasSizeGreaterThan(2);
        }
    }

    @Test
    void threadsAddingAtOnceLoseNoEntry() throws Exception {
        ResyncCfg cfg = cfg();
        int threads = 6;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    ResyncCfg mine = ResyncCfg.of(cfg.file(), SITE, DOMAIN); // a handle of its own
                    for (int i = 0; i < perThread; i++) {
                        mine.add(List.of(hw(idNumber("T0" + thread, i).value(), T0)));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        ResyncCfg.Contents contents = cfg.read();
        assertThat(contents.isClean()).isTrue();
        assertThat(contents.entries()).hasSize(threads * perThread);
    }

    private List<Path> temporaries() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
