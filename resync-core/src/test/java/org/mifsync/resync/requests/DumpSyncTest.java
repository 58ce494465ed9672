package org.mifsync.resync.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mifsync.resync.requests.World.CEN;
import static org.mifsync.resync.requests.World.CHI;
import static org.mifsync.resync.requests.World.GRA;
import static org.mifsync.resync.requests.World.GRAND;
import static org.mifsync.resync.requests.World.KIDS;
import static org.mifsync.resync.requests.World.OFFICE;
import static org.mifsync.resync.requests.World.SALES;
import static org.mifsync.resync.requests.World.START;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.RequestState;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SmsId;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.StoredClient;
import org.mifsync.resync.store.StoredRequest;

/** dumpsync on SQLite and PostgreSQL: age-out, dump, the hierarchy-wide list and stuck requests. */
class DumpSyncTest {

    @TempDir
    Path dir;

    World world;

    @AfterEach
    void close() {
        if (world != null) {
            world.close();
        }
    }

    World world(Backend backend) {
        world = new World(backend, dir, getClass());
        return world;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void ageOutRemovesExactlyTheOlderEntriesAndTheirCfgFilesAndNothingElse(Backend backend) throws Exception {
        World w = world(backend);
        StoredClient old = w.client("CEN00001", "OLD", CEN, SALES);
        StoredClient mixed = w.client("CEN00002", "MIXED", CEN, SALES);
        StoredClient young = w.client("CEN00003", "YOUNG", CEN, SALES);
        StoredClient other = w.client("CEN00004", "OTHER", CEN, OFFICE);
        w.request(old, InventoryKind.HW, START.minus(Duration.ofDays(20)), ResyncReason.NO_BASELINE);
        w.request(mixed, InventoryKind.HW, START.minus(Duration.ofDays(15)), ResyncReason.VERSION_GAP);
        w.request(mixed, InventoryKind.SW, START.minus(Duration.ofDays(13)), ResyncReason.VERSION_GAP);
        w.request(young, InventoryKind.HW, START.minus(Duration.ofDays(1)), ResyncReason.ROW_MISMATCH);
        w.request(other, InventoryKind.HW, START.minus(Duration.ofDays(30)), ResyncReason.ROW_MISMATCH);
        Publisher publisher = w.publisher();
        publisher.publishAll();
        Path foreign = w.box(SALES).resolve("README.TXT");
        World.write(foreign, "keep me");
        byte[] officeBefore = Files.readAllBytes(w.resyncCfg(OFFICE));
        // one more refusal arrives but waits in the store: ageing out must not publish it
        StoredClient late = w.client("CEN00005", "LATE", CEN, SALES);
        w.request(late, InventoryKind.HW, START, ResyncReason.NO_BASELINE);

        Publisher.Report report = DumpSync.of(publisher).ageOut(SALES, Duration.ofDays(14), "dumpsync");

        assertThat(World.names(report.ended())).containsExactlyInAnyOrder("CEN00001 HW", "CEN00002 HW");
        assertThat(World.names(report.removed())).containsExactlyInAnyOrder("CEN00001 HW", "CEN00002 HW");
        assertThat(report.admitted()).isEmpty();
        assertThat(World.names(w.fileEntries(SALES))).containsExactly("CEN00002 SW", "CEN00003 HW");
        assertThat(w.clientFiles(SALES)).containsOnlyKeys("CEN00002.CFG", "CEN00003.CFG");
        assertThat(w.clientFiles(SALES).get("CEN00002.CFG").entries()).extracting(ResyncEntry::kind)
                .containsExactly(InventoryKind.SW);
        assertThat(foreign).hasContent("keep me");
        assertThat(Files.readAllBytes(w.resyncCfg(OFFICE))).isEqualTo(officeBefore);
        assertThat(w.store.requests(SmsId.parse("CEN00001")).get(0).request().state()).isEqualTo(RequestState.EXPIRED);
        assertThat(w.store.requests(SmsId.parse("CEN00001")).get(0).expiredAt()).contains(START);
        assertThat(w.store.requests(SmsId.parse("CEN00005")).get(0).request().state())
                .isEqualTo(RequestState.REQUESTED);
        assertThat(w.store.requests(SmsId.parse("CEN00004")).get(0).request().state())
                .isEqualTo(RequestState.PUBLISHED);
    }

    /** Property: for any request ages and any N, exactly the requests older than N days go. */
    @Test
    void ageOutKeepsExactlyTheRequestsYoungerThanTheCutoff() {
        int[] run = {0};
        qt().withFixedSeed(20260301L).withExamples(25).forAll(lists().of(integers().between(0, 40 * 24))
                .ofSizeBetween(0, 12), integers().between(0, 40)).checkAssert((hoursAgo, days) -> {
                    Path d = dir.resolve("run" + run[0]++);
                    try (World w = new World(Backend.SQLITE, d, getClass())) {
                        List<String> expected = new ArrayList<>();
                        for (int i = 0; i < hoursAgo.size(); i++) {
                            String id = String.format(Locale.ROOT, "CEN%05d", i);
                            StoredClient c = w.client(id, "PC" + i, CEN, SALES);
                            Instant time = START.minus(Duration.ofHours(hoursAgo.get(i)));
                            w.request(c, InventoryKind.HW, time, ResyncReason.VERSION_GAP);
                            if (!time.isBefore(START.minus(Duration.ofDays(days)))) {
                                expected.add(id + " HW");
                            }
                        }
                        Publisher publisher = w.publisher();
                        publisher.publish(SALES);
                        DumpSync.of(publisher).ageOut(SALES, Duration.ofDays(days), "dumpsync");
                        assertThat(World.names(w.fileEntries(SALES))).containsExactlyElementsOf(expected);
                        assertThat(w.clientFiles(SALES).keySet())
                                .containsExactlyElementsOf(expected.stream().map(e -> e.substring(0, 8) + ".CFG").toList());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void dumpReadsTheFileAsItIsWithDamageNumbered(Backend backend) throws Exception {
        World w = world(backend);
        DumpSync dumpsync = DumpSync.of(w.publisher());
        assertThatThrownBy(() -> dumpsync.dump(SALES))
                .isInstanceOfSatisfying(RequestRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RequestRefusedException.Reason.NOTHING_PUBLISHED))
                .hasMessageEndingWith(": nothing was published there").hasMessageNotContaining("mifsync");
        StoredClient a = w.client("CEN00001", "A", CEN, SALES);
        w.request(a, InventoryKind.HW, START, ResyncReason.FORCED);
        w.publisher().publish(SALES);
        Files.writeString(w.resyncCfg(SALES), "short\r\n", java.nio.file.StandardOpenOption.APPEND);
        ResyncCfg.Contents contents = dumpsync.dump(SALES);
        assertThat(World.names(contents.entries())).containsExactly("CEN00001 HW");
        assertThat(contents.damage()).extracting(ResyncCfg.Damage::record).containsExactly(2L);
        assertThat(contents.site()).contains(CEN);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void allListsPendingRequestsOfTheWholeHierarchyWithOwningSite(Backend backend) throws Exception {
        World w = world(backend);
        StoredClient a = w.client("CEN00001", "A", CEN, SALES);
        StoredClient k = w.client("CHI00001", "K", null, KIDS); // no site reported: its domain's
        StoredClient g = w.client("GRA00001", "G", GRA, GRAND);
        StoredClient n = w.client("XYZ00001", "N", null, null); // nothing known: its SMSID's site code
        w.request(a, InventoryKind.HW, START, ResyncReason.FORCED);
        w.request(k, InventoryKind.SW, START, ResyncReason.NO_BASELINE);
        w.request(g, InventoryKind.HW, START, ResyncReason.VERSION_GAP);
        StoredRequest done = w.request(n, InventoryKind.HW, START, ResyncReason.VERSION_GAP);
        w.request(n, InventoryKind.SW, START.plusSeconds(1), ResyncReason.VERSION_GAP);
        w.store.inTransaction(tx -> {
            tx.requests().updateRequest(new StoredRequest(done.id(), done.request().acknowledged(START), 1, START, START,
                    java.util.Optional.empty(), java.util.Optional.empty()), START);
            return null;
        });
        w.publisher().publish(SALES);
        List<PendingRequest> all = DumpSync.of(w.publisher()).all();
        assertThat(all).extracting(p -> p.site().map(Object::toString).orElse("-") + " " + p.smsId() + " "
                + p.kind() + " " + p.state())
                .containsExactly("CEN CEN00001 HW PUBLISHED", "CHI CHI00001 SW REQUESTED", "GRA GRA00001 HW REQUESTED",
                        "XYZ XYZ00001 SW REQUESTED");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void stuckListsRequestsReissuedMoreThanTheThreshold(Backend backend) {
        World w = world(backend);
        int[] issues = {1, 4, 5, 9};
        for (int i = 0; i < issues.length; i++) {
            StoredClient c = w.client("CEN0000" + i, "PC" + i, CEN, SALES);
            StoredRequest r = w.request(c, InventoryKind.HW, START, ResyncReason.VERSION_GAP);
            int count = issues[i];
            w.store.inTransaction(tx -> {
                tx.requests().updateRequest(new StoredRequest(r.id(), r.request(), count, START, START, java.util.Optional.empty(),
                        java.util.Optional.empty()), START);
                return null;
            });
        }
        DumpSync dumpsync = DumpSync.of(w.publisher());
        // default threshold 3: more than 3 re-issues means 5 issues or more
        assertThat(dumpsync.stuck()).extracting(p -> p.smsId().value() + " " + p.reissues())
                .containsExactly("CEN00003 8", "CEN00002 4");
        assertThat(dumpsync.stuck(0)).hasSize(3);
    }
}
