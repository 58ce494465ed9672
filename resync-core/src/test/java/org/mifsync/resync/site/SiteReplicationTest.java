package org.mifsync.resync.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.files.ClientCfg;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Stores;
import org.mifsync.resync.files.Mode;
import org.mifsync.testkit.SiteDescriptionText;

/** replicate: every domain of the store to its logon servers, on SQLite and PostgreSQL. */
class SiteReplicationTest {

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

    @ParameterizedTest
    @EnumSource(Backend.class)
    void mastersReachEveryLogonServerAndStaleReplicasGo(Backend backend) throws Exception {
        store = Stores.open(backend, dir, getClass(), clock);
        root = dir.resolve("root");
        SiteDescriptionText description = SiteDescriptionText.central().site("EUR", null, "CEN")
                .logonServer("SALES", "LS2", "ls2").domain("HR", "EUR").logonServer("HR", "HR1", "hr1")
                .createLogonServerRoots(dir);
        SiteSetup.of(root, store).apply(SiteDescription.parse("sites.ini", description.text(), dir));
        DomainName sales = DomainName.of("SALES");
        SiteLayout layout = SiteLayout.of(root, SiteCode.of("CEN"));
        ResyncEntry entry = new ResyncEntry(SmsId.parse("CEN00001"), InventoryKind.HW, clock.instant(),
                ResyncReason.FORCED);
        layout.resyncCfg(sales).publish(List.of(entry));
        ClientCfg.of(entry).write(layout.invenCfgBox(sales));
        Path stale = Files.writeString(dir.resolve("ls2/LOGON.SRV/INVENCFG.BOX/CEN00009.CFG"), "[HW]\r\n");
        Path foreign = Files.writeString(dir.resolve("ls2/LOGON.SRV/INVENCFG.BOX/NOTES.TXT"), "mine");

        SiteReplication replication = SiteReplication.of(root, store, clock);
        List<String> seen = new ArrayList<>();
        SiteReplication.Report dry = replication.run(Mode.DRY_RUN,
                (d, r) -> seen.add(d.value()));
        assertThat(seen).containsExactly("HR", "SALES");
        assertThat(dry.reports().get(sales).copied()).hasSize(4);
        assertThat(dry.reports().get(sales).removed()).containsExactly(stale);
        assertThat(stale).exists();
        assertThat(dir.resolve("ls1/LOGON.SRV/RESYNC.CFG")).doesNotExist();

        SiteReplication.Report done = replication.run(Mode.APPLY, (d, r) -> { });
        assertThat(done.isClean()).isTrue();
        assertThat(done.reports().get(sales).copied()).containsExactlyInAnyOrder(
                dir.resolve("ls1/LOGON.SRV/RESYNC.CFG"), dir.resolve("ls2/LOGON.SRV/RESYNC.CFG"),
                dir.resolve("ls1/LOGON.SRV/INVENCFG.BOX/CEN00001.CFG"),
                dir.resolve("ls2/LOGON.SRV/INVENCFG.BOX/CEN00001.CFG"));
        assertThat(stale).doesNotExist();
        assertThat(foreign).exists();
        assertThat(Files.mismatch(layout.resyncCfgPath(sales), dir.resolve("ls2/LOGON.SRV/RESYNC.CFG"))).isEqualTo(-1);

        SiteReplication.Report again = replication.run(DomainName.of("sales"), Mode.APPLY,
                (d, r) -> { });
        assertThat(again.reports().keySet()).containsExactly(sales);
        assertThat(again.reports().get(sales).copied()).isEmpty();
        assertThat(again.reports().get(sales).unchanged()).hasSize(4);

        assertThatThrownBy(() -> replication.run(DomainName.of("MARKETING"), Mode.APPLY,
                (d, r) -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no domain MARKETING in the store; the domains are HR, SALES");

        org.apache.commons.io.file.PathUtils.deleteDirectory(SiteLayout.of(root, SiteCode.of("EUR"))
                .domainDir(DomainName.of("HR")));
        SiteReplication.Report broken = replication.run(Mode.APPLY, (d, r) -> { });
        assertThat(broken.isClean()).isFalse();
        assertThat(broken.failures().get(DomainName.of("HR"))).contains("does not exist");
        assertThat(broken.reports()).containsKey(sales);
    }
}
