package org.mifsync.resync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.RequestState;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.settings.SiteSettings;

/**
 * One test per rule of the resync request life cycle (DESIGN §6), each on SQLite and PostgreSQL:
 * new times at least a second apart, refusals attaching, re-issue after the timeout with backoff up
 * to the ceiling, acknowledgement by the matching time only, expiry, cancellation, and what an
 * administrator's (FORCED) request does to a pending one.
 */
class RequestLifecycleTest {

    static final SmsId ID = SmsId.parse("ABC00001");
    static final InventoryKind HW = InventoryKind.HW;
    static final InventoryKind SW = InventoryKind.SW;
    /** Mid-second on purpose: request times are whole seconds. */
    static final Instant START = Instant.parse("2026-03-01T10:00:00.700Z");
    static final Instant START_SECOND = Instant.parse("2026-03-01T10:00:00Z");

    /** From the site's settings, as every caller takes it: 1 h, doubling, at most 5 h. */
    static final RequestLifecycle.Reissue RULE = RequestLifecycle.Reissue.of(SiteSettings.DEFAULTS
            .with(SiteSettings.REISSUE_TIMEOUT, "1h").with(SiteSettings.REISSUE_BACKOFF, "2")
            .with(SiteSettings.REISSUE_CEILING, "5h"));

    static final RequestLifecycle.Audit ALICE = new RequestLifecycle.Audit(Optional.of(SiteCode.of("ABC")),
            Optional.of(DomainName.of("SALES")), "alice", "invsync hw PC1");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(START);
    InventoryStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    void open(Backend backend) {
        store = Stores.open(backend, dir, getClass(), clock);
        store.inTransaction(tx -> tx.clients().createClient(ClientIdentity.of(ID, NetBiosName.of("PC1"), "00:11:22:33:44:55"),
                clock.instant()));
    }

    interface Step<T> {
        T take(RequestLifecycle lifecycle, StoredClient client, Instant now) throws java.sql.SQLException;
    }

    /** One step in a transaction of its own, on the client as stored now, at the clock's time. */
    <T> T step(Step<T> step) {
        return store.inTransaction(tx -> {
            tx.lockClient(ID);
            return step.take(RequestLifecycle.of(tx, RULE), tx.clients().client(ID).orElseThrow(), clock.instant());
        });
    }

    RequestLifecycle.Change refused(InventoryKind kind) {
        return step((l, c, now) -> l.refused(c, kind, ResyncReason.VERSION_GAP, "loader", now));
    }

    RequestLifecycle.Change forced(InventoryKind kind) {
        return step((l, c, now) -> l.forced(c, kind, ResyncReason.FORCED, ALICE, now));
    }

    Optional<StoredRequest> acknowledge(InventoryKind kind, Instant answered) {
        return step((l, c, now) -> l.acknowledge(c.id(), kind, answered, now));
    }

    Optional<StoredRequest> cancel(InventoryKind kind) {
        return step((l, c, now) -> l.cancel(c.id(), kind, ALICE, now));
    }

    Optional<StoredRequest> pending(InventoryKind kind) {
        return store.inTransaction(tx -> tx.requests().pendingRequest(tx.clients().client(ID).orElseThrow().id(), kind));
    }

    List<RequestEvent> events() {
        return store.inTransaction(tx -> tx.requestLedger().events(ID));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyNewRequestTimeIsAtLeastOneSecondAfterTheClientsPreviousOne(Backend backend) {
        open(backend);
        RequestLifecycle.Change hw = refused(HW);
        assertThat(hw.step()).isEqualTo(RequestLifecycle.Step.ISSUED);
        assertThat(hw.request().request().requestTime()).isEqualTo(START_SECOND);
        // same instant, other kind: still a later second, so the client tells them apart
        RequestLifecycle.Change sw = refused(SW);
        assertThat(sw.request().request().requestTime()).isEqualTo(START_SECOND.plusSeconds(1));
        // same instant, an administrator re-issues the HW request: later than both
        RequestLifecycle.Change forced = forced(HW);
        assertThat(forced.request().request().requestTime()).isEqualTo(START_SECOND.plusSeconds(2));
        // an ended request still counts: a new one after a cancel in the same second is later again
        cancel(HW);
        assertThat(refused(HW).request().request().requestTime()).isEqualTo(START_SECOND.plusSeconds(3));
        assertThat(store.client(ID).orElseThrow().lastRequestTime()).contains(START_SECOND.plusSeconds(3));
        // once the clock has passed them, the time is now's second
        clock.advance(Duration.ofMinutes(1));
        RequestLifecycle.Change later = step((l, c, now) -> l.forced(c, SW, ResyncReason.FORCED, ALICE, now));
        assertThat(later.request().request().requestTime()).isEqualTo(START_SECOND.plusSeconds(60));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void refusalsWhilePendingAttachToTheRequestAndAreCounted(Backend backend) {
        open(backend);
        RequestLifecycle.Change first = refused(HW);
        Instant time = first.request().request().requestTime();
        for (int i = 1; i <= 3; i++) {
            clock.advance(Duration.ofMinutes(14)); // 42 minutes in all: within the 1 h timeout
            RequestLifecycle.Change again = step((l, c, now) -> l.refused(c, HW, ResyncReason.ROW_MISMATCH,
                    "loader", now));
            assertThat(again.step()).isEqualTo(RequestLifecycle.Step.ATTACHED);
            assertThat(again.before()).map(StoredRequest::id).contains(first.request().id());
            assertThat(again.request().request().refusalsSince()).isEqualTo(i);
        }
        StoredRequest stored = pending(HW).orElseThrow();
        assertThat(stored.request().requestTime()).isEqualTo(time);
        assertThat(stored.request().refusalsSince()).isEqualTo(3);
        assertThat(stored.request().reason()).isEqualTo(ResyncReason.VERSION_GAP);
        assertThat(stored.issueCount()).isEqualTo(1);
        assertThat(store.requests(ID)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void reissuedAfterTheTimeoutWithBackoffUpToTheCeiling(Backend backend) {
        open(backend);
        StoredRequest issued = refused(HW).request();
        assertThat(issued.nextReissueAt()).isEqualTo(START.plus(Duration.ofHours(1)));
        // published, then unanswered: the files carried it
        StoredRequest toPublish = pending(HW).orElseThrow();
        step((l, c, now) -> l.publish(toPublish, now));
        // waits: 1 h (issue 1), 2 h, 4 h, then the 5 h ceiling
        List<Duration> waits = List.of(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4),
                Duration.ofHours(5), Duration.ofHours(5));
        Instant previousTime = issued.request().requestTime();
        for (int issue = 2; issue <= 5; issue++) {
            Duration wait = waits.get(issue - 2);
            clock.advance(wait.minusSeconds(1));
            assertThat(refused(HW).step()).as("a second before the wait of issue %d ends", issue - 1)
                    .isEqualTo(RequestLifecycle.Step.ATTACHED);
            clock.advance(Duration.ofSeconds(1));
            RequestLifecycle.Change c = refused(HW);
            assertThat(c.step()).isEqualTo(RequestLifecycle.Step.REISSUED);
            StoredRequest r = pending(HW).orElseThrow();
            assertThat(r.id()).isEqualTo(issued.id());
            assertThat(r.issueCount()).isEqualTo(issue);
            assertThat(r.nextReissueAt()).isEqualTo(clock.instant().plus(waits.get(issue - 1)));
            assertThat(r.request().requestTime()).isAfterOrEqualTo(previousTime.plusSeconds(1));
            assertThat(r.request().refusalsSince()).isZero();
            assertThat(r.request().state()).as("the new time waits for the throttle again")
                    .isEqualTo(RequestState.REQUESTED);
            assertThat(r.request().reason()).isEqualTo(ResyncReason.VERSION_GAP);
            assertThat(r.firstRequestedAt()).isEqualTo(issued.firstRequestedAt());
            previousTime = r.request().requestTime();
        }
        assertThat(RULE.waitAfter(1)).isEqualTo(Duration.ofHours(1));
        assertThat(RULE.waitAfter(50)).isEqualTo(Duration.ofHours(5));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void acknowledgedOnlyByTheResyncReportNamingItsCurrentTime(Backend backend) {
        open(backend);
        Instant firstTime = refused(HW).request().request().requestTime();
        clock.advance(Duration.ofHours(1));
        Instant currentTime = refused(HW).request().request().requestTime();
        assertThat(currentTime).isAfter(firstTime);
        clock.advance(Duration.ofMinutes(5));
        // an answer to the superseded time acknowledges nothing; nor does a time never asked for
        assertThat(acknowledge(HW, firstTime)).isEmpty();
        assertThat(acknowledge(HW, currentTime.plusSeconds(1))).isEmpty();
        assertThat(acknowledge(SW, currentTime)).isEmpty();
        assertThat(pending(HW)).isPresent();
        // the matching time, as the client echoes it (sub-second digits are not part of it)
        Optional<StoredRequest> ack = acknowledge(HW, currentTime.plusMillis(400));
        assertThat(ack).isPresent();
        assertThat(pending(HW)).isEmpty();
        StoredRequest stored = store.requests(ID).get(0);
        assertThat(stored.request().state()).isEqualTo(RequestState.ACKNOWLEDGED);
        assertThat(stored.request().acknowledgedAt()).contains(clock.instant());
        assertThat(stored.request().requestTime()).isEqualTo(currentTime);
        // answered: a second report with the same time finds nothing to acknowledge
        assertThat(acknowledge(HW, currentTime)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void expiredByDumpsyncDaysRecordedAndAFollowingRefusalMakesANewRequest(Backend backend) {
        open(backend);
        StoredRequest made = refused(HW).request();
        clock.advance(Duration.ofDays(15));
        RequestLifecycle.Audit dumpsync = new RequestLifecycle.Audit(Optional.of(SiteCode.of("ABC")),
                Optional.of(DomainName.of("SALES")), "dumpsync", "older than 14 day(s)");
        StoredRequest old = pending(HW).orElseThrow();
        StoredRequest expired = step((l, c, now) -> l.expire(old, dumpsync, now));
        assertThat(expired.request().state()).isEqualTo(RequestState.EXPIRED);
        StoredRequest stored = store.requests(ID).get(0);
        assertThat(stored.request().state()).isEqualTo(RequestState.EXPIRED);
        assertThat(stored.expiredAt()).contains(clock.instant());
        assertThat(pending(HW)).isEmpty();
        RequestEvent event = events().get(events().size() - 1);
        assertThat(event.type()).isEqualTo(RequestEvent.Type.EXPIRED);
        assertThat(event.actor()).isEqualTo("dumpsync");
        assertThat(event.detail()).isEqualTo("older than 14 day(s)");
        assertThat(event.requestTime()).isEqualTo(made.request().requestTime());
        // an ended request cannot be expired again
        assertThatThrownBy(() -> step((l, c, now) -> l.expire(expired, dumpsync, now)))
                .isInstanceOf(IllegalStateException.class);
        RequestLifecycle.Change next = refused(HW);
        assertThat(next.step()).isEqualTo(RequestLifecycle.Step.ISSUED);
        assertThat(next.request().id()).isNotEqualTo(made.id());
        assertThat(next.request().issueCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void cancelledEndsThePendingRequestAsExpiredRecordedAsCancelled(Backend backend) {
        open(backend);
        refused(HW);
        clock.advance(Duration.ofMinutes(3));
        Optional<StoredRequest> cancelled = cancel(HW);
        assertThat(cancelled).isPresent();
        assertThat(cancelled.get().request().state()).isEqualTo(RequestState.EXPIRED);
        assertThat(cancelled.get().expiredAt()).contains(clock.instant());
        assertThat(pending(HW)).isEmpty();
        RequestEvent event = events().get(events().size() - 1);
        assertThat(event.type()).isEqualTo(RequestEvent.Type.CANCELLED);
        assertThat(event.actor()).isEqualTo("alice");
        assertThat(event.site()).contains(SiteCode.of("ABC"));
        assertThat(event.domain()).contains(DomainName.of("SALES"));
        assertThat(event.detail()).isEqualTo("invsync hw PC1 of the VERSION_GAP request");
        // nothing pending: nothing to cancel, nothing written
        assertThat(cancel(HW)).isEmpty();
        assertThat(cancel(SW)).isEmpty();
        assertThat(events()).filteredOn(e -> e.type() == RequestEvent.Type.CANCELLED).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void forcedRequestMakesANewTimeAtOnceEvenWhileOneIsPendingAndRefusalsThenAttachToIt(Backend backend) {
        open(backend);
        // nothing pending: a new FORCED request, first issue, the plain timeout
        RequestLifecycle.Change sw = forced(SW);
        assertThat(sw.step()).isEqualTo(RequestLifecycle.Step.ISSUED);
        assertThat(sw.request().request().reason()).isEqualTo(ResyncReason.FORCED);
        assertThat(sw.request().nextReissueAt()).isEqualTo(START.plus(Duration.ofHours(1)));

        // a loader's request, published; the administrator forces well before its re-issue time
        StoredRequest loaders = refused(HW).request();
        step((l, c, now) -> l.publish(loaders, now));
        clock.advance(Duration.ofMinutes(10));
        RequestLifecycle.Change forced = forced(HW);
        assertThat(forced.step()).as("an administrator's request is not a refusal: it does not attach")
                .isEqualTo(RequestLifecycle.Step.REISSUED);
        assertThat(forced.before()).map(b -> b.request().requestTime()).contains(loaders.request().requestTime());
        StoredRequest r = pending(HW).orElseThrow();
        assertThat(r.id()).isEqualTo(loaders.id());
        assertThat(r.request().requestTime()).isAfterOrEqualTo(loaders.request().requestTime().plusSeconds(1));
        assertThat(r.request().reason()).as("FORCED, so the publisher admits it first").isEqualTo(ResyncReason.FORCED);
        assertThat(r.request().requestedBy()).isEqualTo("alice");
        assertThat(r.request().state()).isEqualTo(RequestState.REQUESTED);
        assertThat(r.request().refusalsSince()).isZero();
        assertThat(r.issueCount()).isEqualTo(2);
        assertThat(r.nextReissueAt()).as("the same backoff as any re-issue")
                .isEqualTo(clock.instant().plus(Duration.ofHours(2)));
        RequestEvent event = events().get(events().size() - 1);
        assertThat(event.type()).isEqualTo(RequestEvent.Type.FORCED);
        assertThat(event.requestTime()).isEqualTo(r.request().requestTime());
        assertThat(event.detail()).isEqualTo("invsync hw PC1; re-issued the pending VERSION_GAP request of "
                + loaders.request().requestTime());

        // a refusal while the forced request is pending attaches to it, keeping it FORCED
        clock.advance(Duration.ofMinutes(10));
        RequestLifecycle.Change refusal = refused(HW);
        assertThat(refusal.step()).isEqualTo(RequestLifecycle.Step.ATTACHED);
        assertThat(pending(HW).orElseThrow().request().reason()).isEqualTo(ResyncReason.FORCED);
        assertThat(pending(HW).orElseThrow().request().requestTime()).isEqualTo(r.request().requestTime());
    }
}
