package org.mifsync.resync.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mifsync.resync.requests.World.CEN;
import static org.mifsync.resync.requests.World.CHI;
import static org.mifsync.resync.requests.World.KIDS;
import static org.mifsync.resync.requests.World.OFFICE;
import static org.mifsync.resync.requests.World.SALES;
import static org.mifsync.resync.requests.World.START;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.DomainName;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.RequestState;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.compare.Decision;
import org.mifsync.resync.files.ClientCfg;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.RequestEvent;
import org.mifsync.resync.store.StoredClient;
import org.mifsync.resync.store.StoredRequest;

/** The publisher on SQLite and PostgreSQL: life cycle, throttle, projection, site boundaries. */
class PublisherTest {

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

    List<RequestEvent> events(SmsId id) {
        return world.store.inTransaction(tx -> tx.requestLedger().events(id));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void lifeCycleRequestedPublishedAcknowledgedThenRemovedAtTheNextPublish(Backend backend) throws Exception {
        World w = world(backend);
        StoredClient pc = w.client("CEN00001", "PC1", CEN, SALES);
        SmsId id = pc.identity().smsId();
        Comparer comparer = Comparer.builder(w.store).clock(w.clock).build();
        // a delta without a baseline: refused, NO_BASELINE requested
        Decision refused = comparer.decide(ClientReport.of(pc.identity(), InventoryReport.delta(id, InventoryKind.HW,
                ReportVersion.of(1, 1), w.clock.instant(), InventoryDelta.empty())), "d.mif");
        Instant time = refused.request().orElseThrow().requestTime();
        assertThat(w.store.requests(id).get(0).request().state()).isEqualTo(RequestState.REQUESTED);

        w.clock.advance(Duration.ofSeconds(5));
        Publisher.Report first = w.publisher().publish(SALES);
        assertThat(first.admitted()).containsExactly(new ResyncEntry(id, InventoryKind.HW, time, ResyncReason.NO_BASELINE));
        assertThat(first.added()).hasSize(1);
        assertThat(w.fileEntries(SALES)).containsExactly(first.admitted().get(0));
        assertThat(w.clientFiles(SALES)).containsOnlyKeys("CEN00001.CFG");
        StoredRequest published = w.store.requests(id).get(0);
        assertThat(published.request().state()).isEqualTo(RequestState.PUBLISHED);
        assertThat(published.publishedAt()).contains(START.plusSeconds(5));

        // the client answers with a resync report naming the request time
        w.clock.advance(Duration.ofMinutes(10));
        Decision answered = comparer.decide(ClientReport.of(pc.identity(), InventoryReport.resync(id, InventoryKind.HW,
                ReportVersion.of(1, 0), w.clock.instant(), time, Inventory.empty())), "r.mif");
        assertThat(answered.requestAction()).isEqualTo(Decision.RequestAction.ACKNOWLEDGED);
        assertThat(w.fileEntries(SALES)).hasSize(1); // the files change at the next publish only

        w.clock.advance(Duration.ofMinutes(1));
        Publisher.Report second = w.publisher().publish(SALES);
        assertThat(second.removed()).containsExactly(first.admitted().get(0));
        assertThat(second.removalsRecorded()).isEqualTo(1);
        assertThat(second.clientFilesDeleted()).isEqualTo(1);
        assertThat(w.fileEntries(SALES)).isEmpty();
        assertThat(w.clientFiles(SALES)).isEmpty();
        assertThat(events(id)).extracting(RequestEvent::type)
                .containsExactly(RequestEvent.Type.PUBLISHED, RequestEvent.Type.REMOVED);
        assertThat(events(id).get(1).at()).isEqualTo(START.plusSeconds(5).plus(Duration.ofMinutes(11)));

        // nothing more to do: a third publish changes nothing and records nothing
        Publisher.Report third = w.publisher().publish(SALES);
        assertThat(third.changedFiles()).isFalse();
        assertThat(third.removalsRecorded()).isZero();
        assertThat(events(id)).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void massOfRefusalsIsPublishedAtMostLimitPerIntervalForcedFirstThenOldestFirst(Backend backend) throws Exception {
        World w = world(backend);
        int total = 2_000;
        int limit = 400;
        Duration interval = Duration.ofMinutes(1);
        List<StoredRequest> made = new ArrayList<>();
        // 2,000 refusals in one store transaction per hundred, request times one second apart, shuffled
        // across the two domains of the site; every 97th is FORCED by an administrator
        w.store.inTransaction(tx -> {
            for (int i = 0; i < total; i++) {
                DomainName domain = i % 2 == 0 ? SALES : OFFICE;
                String sms = String.format(java.util.Locale.ROOT, "CEN%05d", i);
                var client = tx.clients().createClient(new org.mifsync.resync.report.ClientIdentity(SmsId.parse(sms),
                        org.mifsync.model.NetBiosName.of("PC" + i), Optional.empty(), Optional.of(CEN),
                        Optional.of(domain)), START);
                // request times run backwards, so that the oldest request has the highest SMSID
                Instant time = START.minusSeconds(total - i).minusSeconds((i * 7919L) % total * total);
                ResyncReason reason = i % 97 == 0 ? ResyncReason.FORCED : ResyncReason.ROW_MISMATCH;
                made.add(tx.requests().insertRequest(client.id(), org.mifsync.model.ResyncRequest.requested(SmsId.parse(sms),
                        InventoryKind.HW, time, reason, "loader"), START.plus(Duration.ofDays(1)), START));
            }
            return null;
        });
        List<TrackedOrder> expected = new ArrayList<>();
        for (StoredRequest r : made) {
            expected.add(new TrackedOrder(r.request().client(), r.request().reason() == ResyncReason.FORCED,
                    r.request().requestTime(), r.id()));
        }
        expected.sort(TrackedOrder.ORDER);

        Publisher publisher = w.publisher(CEN, World.throttle(limit, interval));
        List<SmsId> admittedInOrder = new ArrayList<>();
        int rounds = 0;
        while (admittedInOrder.size() < total) {
            List<Publisher.Report> reports = publisher.publishAll();
            int admitted = reports.stream().mapToInt(r -> r.admitted().size()).sum();
            assertThat(admitted).as("admitted in round %d", rounds).isLessThanOrEqualTo(limit);
            // publishAll admits site-wide first, so the per-domain lists interleave: order them as a whole
            List<SmsId> round = new ArrayList<>();
            reports.forEach(r -> r.admitted().forEach(e -> round.add(e.smsId())));
            List<SmsId> expectedRound = expected.subList(admittedInOrder.size(), admittedInOrder.size() + admitted)
                    .stream().map(TrackedOrder::smsId).toList();
            assertThat(round).containsExactlyInAnyOrderElementsOf(expectedRound);
            admittedInOrder.addAll(expectedRound);
            if (admittedInOrder.size() < total) {
                assertThat(reports.stream().mapToInt(Publisher.Report::waiting).sum()).isEqualTo(total - admittedInOrder.size());
                assertThat(reports.get(0).nextSlot()).contains(w.clock.instant().plus(interval));
                if (rounds == 0) {
                    // half an interval later the budget is still spent
                    w.clock.advance(interval.dividedBy(2));
                    assertThat(publisher.publish(SALES).admitted()).isEmpty();
                    w.clock.advance(interval.dividedBy(2));
                } else {
                    w.clock.advance(interval);
                }
            }
            rounds++;
        }
        assertThat(rounds).isEqualTo((total + limit - 1) / limit);
        // the FORCED requests went first
        long forced = expected.stream().filter(TrackedOrder::forced).count();
        assertThat(expected.subList(0, (int) forced)).allMatch(TrackedOrder::forced);
        assertThat(w.fileEntries(SALES)).hasSize(total / 2);
        assertThat(w.fileEntries(OFFICE)).hasSize(total / 2);
        assertThat(w.clientFiles(SALES)).hasSize(total / 2);
    }

    record TrackedOrder(SmsId smsId, boolean forced, Instant time, long id) {
        static final java.util.Comparator<TrackedOrder> ORDER = java.util.Comparator
                .comparing((TrackedOrder t) -> !t.forced()).thenComparing(TrackedOrder::time)
                .thenComparingLong(TrackedOrder::id);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void singleDomainPublishTakesOnlyThatDomainsRequestsButSharesTheSiteBudget(Backend backend) throws Exception {
        World w = world(backend);
        StoredClient a = w.client("CEN00001", "A", CEN, SALES);
        StoredClient b = w.client("CEN00002", "B", CEN, OFFICE);
        StoredClient c = w.client("CEN00003", "C", CEN, OFFICE);
        w.request(a, InventoryKind.HW, START.minusSeconds(10), ResyncReason.VERSION_GAP);
        w.request(b, InventoryKind.HW, START.minusSeconds(30), ResyncReason.VERSION_GAP);
        w.request(c, InventoryKind.SW, START.minusSeconds(20), ResyncReason.VERSION_GAP);
        Publisher publisher = w.publisher(CEN, World.throttle(2, Duration.ofMinutes(1)));
        assertThat(World.names(publisher.publish(SALES).admitted())).containsExactly("CEN00001 HW");
        Publisher.Report office = publisher.publish(OFFICE);
        assertThat(World.names(office.admitted())).containsExactly("CEN00002 HW");
        assertThat(office.waiting()).isEqualTo(1);
        assertThat(office.nextSlot()).contains(START.plus(Duration.ofMinutes(1)));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void guidClientsGetOnlyTheirCfgAndForeignFilesAreLeftAlone(Backend backend) throws Exception {
        World w = world(backend);
        SmsId guid = SmsId.ofGuid(UUID.fromString("0123abcd-0000-4000-8000-00000000beef"));
        StoredClient g = w.client(guid.value(), "NEWPC", CEN, SALES);
        StoredClient old = w.client("CEN00001", "OLDPC", CEN, SALES);
        w.request(g, InventoryKind.SW, START, ResyncReason.NO_BASELINE);
        w.request(old, InventoryKind.HW, START, ResyncReason.NO_BASELINE);
        Path notes = w.box(SALES).resolve("NOTES.TXT");
        Path stale = w.box(SALES).resolve("CEN00099.CFG");
        World.write(notes, "not ours");
        World.write(stale, "[HW]\r\nRequestTime=20200101000000\r\nReason=FORCED\r\n");
        Publisher.Report report = w.publisher().publish(SALES);
        assertThat(World.names(w.fileEntries(SALES))).containsExactly("CEN00001 HW");
        assertThat(w.clientFiles(SALES)).containsOnlyKeys(ClientCfg.fileName(guid), "CEN00001.CFG");
        assertThat(w.clientFiles(SALES).get(ClientCfg.fileName(guid)).entries()).extracting(ResyncEntry::kind)
                .containsExactly(InventoryKind.SW);
        assertThat(notes).hasContent("not ours");
        assertThat(stale).doesNotExist();
        assertThat(report.clientFilesWritten()).isEqualTo(2);
        assertThat(report.clientFilesDeleted()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void damagedOrHandEditedFilesArePutRightFromTheStore(Backend backend) throws Exception {
        World w = world(backend);
        StoredClient a = w.client("CEN00001", "A", CEN, SALES);
        w.request(a, InventoryKind.HW, START, ResyncReason.VERSION_GAP);
        w.publisher().publish(SALES);
        byte[] good = Files.readAllBytes(w.resyncCfg(SALES));
        Files.writeString(w.resyncCfg(SALES), new String(good, java.nio.charset.StandardCharsets.US_ASCII)
                + "garbage that is not a record\r\n");
        Files.writeString(w.box(SALES).resolve("CEN00001.CFG"), "[HW]\r\nRequestTime=19990101000000\r\nReason=FORCED\r\n");
        Publisher.Report again = w.publisher().publish(SALES);
        assertThat(again.damage()).hasSize(1);
        assertThat(again.clientFilesWritten()).isEqualTo(1);
        assertThat(Files.readAllBytes(w.resyncCfg(SALES))).isEqualTo(good);
        assertThat(w.clientFiles(SALES).get("CEN00001.CFG").entries().get(0).requestTime()).isEqualTo(START);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void domainsOfOtherSitesAndUnknownDomainsAreRefused(Backend backend) {
        World w = world(backend);
        assertThatThrownBy(() -> w.publisher().publish(KIDS))
                .isInstanceOfSatisfying(RequestRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RequestRefusedException.Reason.OTHER_SITE);
                    assertThat(e.site()).contains(CHI);
                })
                .hasMessage("domain KIDS belongs to site CHI, not to site CEN");
        assertThatThrownBy(() -> w.publisher().publish(DomainName.of("NOWHERE")))
                .isInstanceOfSatisfying(RequestRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RequestRefusedException.Reason.UNKNOWN_DOMAIN))
                .hasMessageContaining("domain NOWHERE is not described for any site");
        assertThat(w.publisher().domains()).containsExactly(OFFICE, SALES);
        assertThat(w.publisher(CHI, World.throttle(1, Duration.ofSeconds(1))).domains()).containsExactly(KIDS);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void domainNameIsMatchedIgnoringCaseAndTheFolderIsUpperCase(Backend backend) throws Exception {
        World w = world(backend);
        StoredClient a = w.store.inTransaction(tx -> tx.clients().createClient(new org.mifsync.resync.report.ClientIdentity(
                SmsId.parse("CEN00001"), org.mifsync.model.NetBiosName.of("a"), Optional.empty(), Optional.of(CEN),
                Optional.of(DomainName.of("sAlEs"))), START));
        w.request(a, InventoryKind.HW, START, ResyncReason.FORCED);
        w.publisher().publish(DomainName.of("SALES"));
        assertThat(w.root.resolve("SITE.SRV/MAINCFG.BOX/INVDOM.BOX/SALES.000/RESYNC.CFG")).exists();
        assertThat(World.names(w.fileEntries(SALES))).containsExactly("CEN00001 HW");
    }
}
