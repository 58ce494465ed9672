package org.mifsync.resync.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.site.SiteCycle;
import org.mifsync.resync.site.SiteDescription;
import org.mifsync.resync.site.SiteSetup;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.StoreAdmin;
import org.mifsync.resync.store.Stores;
import org.mifsync.testkit.SiteDescriptionText;

/**
 * What an operator watches: the figures of a real site after a real cycle, on both backends, read
 * without changing the store.
 */
class SiteStatusTest {

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    InventoryStore store;
    Path root;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    /** A site whose domain has a logon server that exists (LS1) and one whose root is missing (LS2). */
    void init(Backend backend) throws Exception {
        store = Stores.open(backend, dir, getClass(), clock);
        root = dir.resolve("root");
        SiteDescriptionText description = SiteDescriptionText.central().logonServer("SALES", "LS2", "ls2")
                .createLogonServerRoots(dir);
        SiteSetup.of(root, store).apply(SiteDescription.parse("sites.ini", description.text(), dir));
    }

    /** A delta without baseline: refused NO_BASELINE with a request. */
    void drop(Path box, String name, String smsId) throws Exception {
        ClientIdentity who = new ClientIdentity(SmsId.parse(smsId), NetBiosName.of(name), Optional.empty(),
                Optional.of(SiteCode.of("CEN")), Optional.of(DomainName.of("SALES")));
        Files.createDirectories(box);
        Files.write(box.resolve(name + ".MIF"), ReportWriter.encode(ClientReport.of(who, InventoryReport.delta(
                who.smsId(), InventoryKind.HW, ReportVersion.of(1, 1), clock.instant(), InventoryDelta.empty()))));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aCycleIsReportedPerLogonServerAndTheSnapshotMatchesTheStore(Backend backend) throws Exception {
        init(backend);
        drop(dir.resolve("ls1/LOGON.SRV/INVENTRY.BOX"), "PC1", "CEN00001");
        drop(dir.resolve("ls1/LOGON.SRV/INVENTRY.BOX"), "PC2", "CEN00002");
        // LS2 stops answering: its root is gone
        org.apache.commons.io.file.PathUtils.deleteDirectory(dir.resolve("ls2"));

        SiteCycle.Report cycle = SiteCycle.builder(root, store).clock(clock).build().run();

        assertThat(cycle.byLogonServer()).extracting(c -> c.logonServer().name().toString(), c -> c.answered(),
                SiteCycle.LogonServerCollect::moved, c -> c.problems() > 0)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("LS1", true, 2, false),
                        org.assertj.core.groups.Tuple.tuple("LS2", false, 0, true));

        // two reports wait in the inbox, the older one first written an hour ago
        Path inbox = root.resolve("SITE.SRV/INVENTRY.BOX");
        drop(inbox, "PC3", "CEN00003");
        drop(inbox, "PC4", "CEN00004");
        Instant hourAgo = clock.instant().minus(Duration.ofHours(1));
        Files.setLastModifiedTime(inbox.resolve("PC3.MIF"), FileTime.from(hourAgo));
        Files.setLastModifiedTime(inbox.resolve("PC4.MIF"), FileTime.from(clock.instant()));
        Files.writeString(inbox.resolve("BADMIFS/BROKEN.MIF"), "not a MIF");
        clock.advance(Duration.ofMinutes(5));

        SiteStatus status = SiteStatus.of(root, store, clock);
        SiteStatus.Snapshot s = status.snapshot();

        assertThat(s.at()).isEqualTo(clock.instant());
        assertThat(s.sites()).extracting(site -> site.code().value()).containsExactly("CEN");
        assertThat(s.domains()).extracting(d -> d.name().toString()).containsExactly("SALES");
        assertThat(s.inbox().reports()).isEqualTo(2);
        assertThat(s.inbox().oldest()).contains(hourAgo.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(s.badMifs()).isEqualTo(1);
        assertThat(s.pending()).extracting(p -> p.smsId().value(), p -> p.reason())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("CEN00001", ResyncReason.NO_BASELINE),
                        org.assertj.core.groups.Tuple.tuple("CEN00002", ResyncReason.NO_BASELINE));
        assertThat(s.pending()).allSatisfy(p -> assertThat(p.domain()).contains(DomainName.of("SALES")));
        assertThat(s.stuck()).isEmpty();
        assertThat(s.quarantinedCount()).isZero();
        assertThat(s.storeBytes()).isPositive();
        assertThat(status.storeProblem()).isEmpty();

        // the load log's two refusals, in the slice they were decided in
        List<StoreAdmin.OutcomeCount> outcomes = status.outcomes(Duration.ofDays(1), Duration.ofHours(1));
        assertThat(outcomes).extracting(StoreAdmin.OutcomeCount::outcome, StoreAdmin.OutcomeCount::count)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Outcome.NO_BASELINE, 2));
        Instant since = clock.instant().minus(Duration.ofDays(1));
        assertThat(outcomes.get(0).sliceStart()).isEqualTo(since.plus(Duration.ofHours(23)));

        // a search shows what client show shows
        ClientView pc1 = status.client("pc1", 20);
        assertThat(pc1.client().identity().smsId().value()).isEqualTo("CEN00001");
        assertThat(pc1.requests()).hasSize(1);
        assertThat(pc1.recentLoadLog()).extracting(LoadLogEntry -> LoadLogEntry.outcome())
                .containsExactly(Outcome.NO_BASELINE);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void quarantinedClientsAreListedLongestFirstAndCounted(Backend backend) throws Exception {
        init(backend);
        drop(dir.resolve("ls1/LOGON.SRV/INVENTRY.BOX"), "PC1", "CEN00001");
        drop(dir.resolve("ls1/LOGON.SRV/INVENTRY.BOX"), "PC2", "CEN00002");
        SiteCycle.builder(root, store).clock(clock).build().run();
        store.inTransaction(tx -> {
            tx.clients().quarantine(tx.clients().client(SmsId.parse("CEN00002")).orElseThrow().id(), "two machines on CEN00002",
                    clock.instant().minus(Duration.ofHours(2)));
            tx.clients().quarantine(tx.clients().client(SmsId.parse("CEN00001")).orElseThrow().id(), "two machines on CEN00001",
                    clock.instant().minus(Duration.ofHours(1)));
            return null;
        });

        SiteStatus.Snapshot s = SiteStatus.of(root, store, clock).snapshot();

        assertThat(s.quarantinedCount()).isEqualTo(2);
        assertThat(s.quarantined()).extracting(q -> q.smsId().value(), q -> q.name().toString(), q -> q.detail())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CEN00002", "PC2", "two machines on CEN00002"),
                        org.assertj.core.groups.Tuple.tuple("CEN00001", "PC1", "two machines on CEN00001"));
        List<StoreAdmin.Quarantined> first = store.inTransaction(tx -> tx.admin().quarantinedClients(1));
        assertThat(first).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anEmptyInboxHasNoOldestReport(Backend backend) throws Exception {
        init(backend);

        SiteStatus.Snapshot s = SiteStatus.of(root, store, clock).snapshot();

        assertThat(s.inbox().reports()).isZero();
        assertThat(s.inbox().oldest()).isEmpty();
        assertThat(s.pending()).isEmpty();
        assertThat(s.badMifs()).isZero();
    }
}
