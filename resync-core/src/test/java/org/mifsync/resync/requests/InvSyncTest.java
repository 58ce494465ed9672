package org.mifsync.resync.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mifsync.resync.requests.World.CEN;
import static org.mifsync.resync.requests.World.CHI;
import static org.mifsync.resync.requests.World.GRA;
import static org.mifsync.resync.requests.World.GRAND;
import static org.mifsync.resync.requests.World.KIDS;
import static org.mifsync.resync.requests.World.SALES;
import static org.mifsync.resync.requests.World.START;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.RequestState;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SmsId;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.RequestEvent;
import org.mifsync.resync.store.StoredClient;
import org.mifsync.resync.store.StoredRequest;
import org.mifsync.testkit.Serialization;

/** invsync on SQLite and PostgreSQL: forced requests, refusals naming the right site, cancel. */
class InvSyncTest {

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

    static InvSync invsync(World w, SiteSettings settings) {
        return InvSync.of(w.publisher(CEN, settings));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void forcedRequestIsRecordedWithWhoAskedAndPublishedForANameInAnyCase(Backend backend) throws Exception {
        World w = world(backend);
        w.client("CEN00001", "Pc-Seven", CEN, SALES);
        InvSync.Report r = invsync(w, SiteSettings.DEFAULTS).request(NetBiosName.of("pc-SEVEN"), InventoryKind.SW,
                "alice");
        assertThat(r.published()).isTrue();
        assertThat(r.replaced()).isEmpty();
        assertThat(r.name().value()).isEqualTo("Pc-Seven");
        assertThat(w.fileEntries(SALES)).containsExactly(new ResyncEntry(SmsId.parse("CEN00001"), InventoryKind.SW,
                START, ResyncReason.FORCED));
        assertThat(w.clientFiles(SALES)).containsOnlyKeys("CEN00001.CFG");
        StoredRequest stored = w.store.requests(SmsId.parse("CEN00001")).get(0);
        assertThat(stored.request().requestedBy()).isEqualTo("alice");
        assertThat(stored.request().state()).isEqualTo(RequestState.PUBLISHED);
        List<RequestEvent> events = w.store.inTransaction(tx -> tx.requestLedger().events(SmsId.parse("CEN00001")));
        assertThat(events).extracting(RequestEvent::type)
                .containsExactly(RequestEvent.Type.FORCED, RequestEvent.Type.PUBLISHED);
        assertThat(events.get(0).actor()).isEqualTo("alice");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void clientsOfAChildOrGrandchildSiteAreRefusedNamingTheirSite(Backend backend) {
        World w = world(backend);
        w.client("CHI00001", "KID1", CHI, KIDS);
        w.client("GRA00001", "GRANDKID", GRA, GRAND);
        InvSync invsync = invsync(w, SiteSettings.DEFAULTS);
        assertThatThrownBy(() -> invsync.request(NetBiosName.of("kid1"), InventoryKind.HW, "alice"))
                .isInstanceOfSatisfying(RequestRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RequestRefusedException.Reason.OTHER_SITE);
                    assertThat(e.site()).contains(CHI);
                    assertThat(Serialization.roundTrip(e).site()).contains(CHI);
                })
                // the message says what is so; the command line adds where to run it (the site is a field)
                .hasMessage("client KID1 (CHI00001) is assigned to site CHI, a child of site CEN");
        assertThatThrownBy(() -> invsync.request(NetBiosName.of("GRANDKID"), InventoryKind.HW, "alice"))
                .hasMessage("client GRANDKID (GRA00001) is assigned to site GRA, a grandchild of site CEN");
        assertThat(w.store.pendingRequests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anSmsIdReachesOneOfTheClientsSharingAName(Backend backend) throws Exception {
        World w = world(backend);
        w.client("CEN00001", "TWIN", CEN, SALES);
        w.client("CEN00002", "twin", CEN, SALES);
        w.client("CHI00003", "TWIN", CHI, KIDS);
        InvSync invsync = invsync(w, SiteSettings.DEFAULTS);

        InvSync.Report r = invsync.request(SmsId.parse("CEN00002"), InventoryKind.HW, "alice");
        assertThat(r.published()).isTrue();
        assertThat(r.smsId()).isEqualTo(SmsId.parse("CEN00002"));
        assertThat(r.name().value()).isEqualTo("twin");
        assertThat(w.fileEntries(SALES)).containsExactly(new ResyncEntry(SmsId.parse("CEN00002"), InventoryKind.HW,
                START, ResyncReason.FORCED));
        assertThat(w.store.requests(SmsId.parse("CEN00001"))).isEmpty();
        assertThat(w.store.requests(SmsId.parse("CEN00002")).get(0).request().requestedBy()).isEqualTo("alice");

        // the same checks as by name: another site's client, an SMSID nobody has
        assertThatThrownBy(() -> invsync.request(SmsId.parse("CHI00003"), InventoryKind.HW, "alice"))
                .isInstanceOfSatisfying(RequestRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RequestRefusedException.Reason.OTHER_SITE);
                    assertThat(e.site()).contains(CHI);
                });
        assertThatThrownBy(() -> invsync.request(SmsId.parse("CEN00099"), InventoryKind.HW, "alice"))
                .isInstanceOfSatisfying(RequestRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RequestRefusedException.Reason.UNKNOWN_CLIENT))
                .hasMessage("no client with SMSID CEN00099 is known to the store");

        InvSync.Report cancelled = invsync.cancel(SmsId.parse("CEN00002"), InventoryKind.HW, "bob");
        assertThat(cancelled.request().state()).isEqualTo(RequestState.EXPIRED);
        assertThat(World.names(cancelled.publish().removed())).containsExactly("CEN00002 HW");
        assertThat(w.fileEntries(SALES)).isEmpty();
        assertThatThrownBy(() -> invsync.cancel(SmsId.parse("CEN00002"), InventoryKind.HW, "bob"))
                .isInstanceOfSatisfying(RequestRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RequestRefusedException.Reason.NOTHING_PENDING));
        assertThat(w.store.pendingRequests()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aParentsClientIsRefusedAtTheChild(Backend backend) {
        World w = world(backend);
        w.client("CEN00001", "BOSS", CEN, SALES);
        InvSync atChild = InvSync.of(w.publisher(CHI, SiteSettings.DEFAULTS));
        assertThatThrownBy(() -> atChild.request(NetBiosName.of("boss"), InventoryKind.SW, "bob"))
                .isInstanceOf(RequestRefusedException.class)
                .hasMessage("client BOSS (CEN00001) is assigned to site CEN, the parent of site CHI");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void unknownAndSharedNamesAreErrors(Backend backend) {
        World w = world(backend);
        w.client("CEN00001", "TWIN", CEN, SALES);
        w.client("CHI00002", "twin", CHI, KIDS);
        InvSync invsync = invsync(w, SiteSettings.DEFAULTS);
        assertThatThrownBy(() -> invsync.request(NetBiosName.of("NOBODY"), InventoryKind.HW, "alice"))
                .isInstanceOfSatisfying(RequestRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RequestRefusedException.Reason.UNKNOWN_CLIENT))
                .hasMessage("no client named NOBODY is known to the store");
        assertThatThrownBy(() -> invsync.request(NetBiosName.of("Twin"), InventoryKind.HW, "alice"))
                .isInstanceOfSatisfying(RequestRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RequestRefusedException.Reason.AMBIGUOUS_NAME);
                    assertThat(e.smsIds()).containsExactly(SmsId.parse("CEN00001"), SmsId.parse("CHI00002"));
                    // the clients sharing the name come back whole from Java serialization
                    RequestRefusedException back = Serialization.roundTrip(e);
                    assertThat(back.smsIds()).isEqualTo(e.smsIds());
                    assertThat(back.reason()).isEqualTo(e.reason());
                    assertThat(back.site()).isEmpty();
                    assertThat(back).hasMessage(e.getMessage());
                })
                .hasMessageStartingWith("2 clients are named Twin: CEN00001 (site CEN), CHI00002 (site CHI)");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void quarantinedAndDomainlessClientsAreRefused(Backend backend) {
        World w = world(backend);
        StoredClient dup = w.client("CEN00001", "DUP", CEN, SALES);
        w.store.inTransaction(tx -> {
            tx.clients().quarantine(dup.id(), "two machines", START);
            return null;
        });
        w.client("CEN00002", "LOST", CEN, null);
        InvSync invsync = invsync(w, SiteSettings.DEFAULTS);
        assertThatThrownBy(() -> invsync.request(NetBiosName.of("dup"), InventoryKind.HW, "alice"))
                .isInstanceOfSatisfying(RequestRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RequestRefusedException.Reason.QUARANTINED))
                .hasMessageStartingWith("client DUP (CEN00001) is quarantined as a duplicate SMSID since")
                .hasMessageNotContaining("mifsync");
        assertThatThrownBy(() -> invsync.request(NetBiosName.of("lost"), InventoryKind.HW, "alice"))
                .isInstanceOfSatisfying(RequestRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RequestRefusedException.Reason.NO_DOMAIN));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aPendingRequestBecomesForcedWithALaterTimeAndJumpsTheQueue(Backend backend) throws Exception {
        World w = world(backend);
        StoredClient a = w.client("CEN00001", "A", CEN, SALES);
        StoredClient b = w.client("CEN00002", "B", CEN, SALES);
        StoredRequest waiting = w.request(a, InventoryKind.HW, START, ResyncReason.VERSION_GAP);
        w.request(b, InventoryKind.HW, START.minusSeconds(60), ResyncReason.ROW_MISMATCH);
        SiteSettings one = World.throttle(1, Duration.ofMinutes(1));
        // the older refusal takes the only slot of this interval
        assertThat(World.names(w.publisher(CEN, one).publish(SALES).admitted())).containsExactly("CEN00002 HW");
        w.clock.advance(Duration.ofMinutes(1));
        InvSync.Report r = invsync(w, one).request(NetBiosName.of("a"), InventoryKind.HW, "alice");
        assertThat(r.replaced()).contains(waiting.request().requestTime());
        // the client's last request time was START: the new one is at least a second later
        assertThat(r.request().requestTime()).isEqualTo(START.plus(Duration.ofMinutes(1)));
        assertThat(r.published()).isTrue();
        List<StoredRequest> requests = w.store.requests(SmsId.parse("CEN00001"));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).request().reason()).isEqualTo(ResyncReason.FORCED);
        assertThat(requests.get(0).issueCount()).isEqualTo(2);
        // at once again: the time still moves on by a second, so the client sees a change
        w.clock.advance(Duration.ofMillis(10));
        InvSync.Report again = invsync(w, one).request(NetBiosName.of("a"), InventoryKind.HW, "alice");
        assertThat(again.request().requestTime()).isEqualTo(r.request().requestTime().plusSeconds(1));
        assertThat(again.published()).isFalse();
        assertThat(again.publish().waiting()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void cancelEndsThePendingRequestAndRemovesItFromTheFiles(Backend backend) throws Exception {
        World w = world(backend);
        w.client("CEN00001", "A", CEN, SALES);
        InvSync invsync = invsync(w, SiteSettings.DEFAULTS);
        invsync.request(NetBiosName.of("a"), InventoryKind.HW, "alice");
        invsync.request(NetBiosName.of("a"), InventoryKind.SW, "alice");
        w.clock.advance(Duration.ofMinutes(5));
        InvSync.Report cancelled = invsync.cancel(NetBiosName.of("A"), InventoryKind.HW, "bob");
        assertThat(cancelled.request().state()).isEqualTo(RequestState.EXPIRED);
        assertThat(World.names(cancelled.publish().removed())).containsExactly("CEN00001 HW");
        assertThat(World.names(w.fileEntries(SALES))).containsExactly("CEN00001 SW");
        assertThat(w.clientFiles(SALES).get("CEN00001.CFG").entries()).extracting(ResyncEntry::kind)
                .containsExactly(InventoryKind.SW);
        invsync.cancel(NetBiosName.of("A"), InventoryKind.SW, "bob");
        assertThat(w.fileEntries(SALES)).isEmpty();
        assertThat(w.clientFiles(SALES)).isEmpty();
        assertThatThrownBy(() -> invsync.cancel(NetBiosName.of("A"), InventoryKind.SW, "bob"))
                .isInstanceOfSatisfying(RequestRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RequestRefusedException.Reason.NOTHING_PENDING))
                .hasMessage("client A (CEN00001) has no pending SW request to cancel");
        List<RequestEvent> events = w.store.inTransaction(tx -> tx.requestLedger().events(SmsId.parse("CEN00001")));
        assertThat(events).filteredOn(e -> e.type() == RequestEvent.Type.CANCELLED).extracting(RequestEvent::actor)
                .containsExactly("bob", "bob");
        assertThat(events).filteredOn(e -> e.type() == RequestEvent.Type.REMOVED).hasSize(2);
    }
}
