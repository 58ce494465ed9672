package org.mifsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.cli.CliProcess.Run;
import org.mifsync.model.DomainName;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.store.Backend;
import org.mifsync.testkit.PostgresServer;

/**
 * What {@code load} and {@code client show} say about a report's identity values: an invalid
 * {@code Site} or {@code Domain} is a warning in the load log, and a report naming a site the site
 * description does not hold is refused as {@code UNKNOWN_SITE}; on SQLite and on PostgreSQL.
 */
class IdentityCliTest {

    @TempDir
    Path dir;

    Path root;
    Path description;

    @BeforeEach
    void site() throws IOException {
        root = dir.resolve("site");
        description = SiteCheckCliTest.SITES.createLogonServerRoots(dir).write(dir.resolve("sites.ini"));
    }

    Path inbox() {
        return root.resolve("SITE.SRV/INVENTRY.BOX");
    }

    static byte[] mif(SmsId id, String name, String site) {
        ClientIdentity who = new ClientIdentity(id, NetBiosName.of(name), Optional.empty(), Optional.of(SiteCode.of(site)),
                Optional.of(DomainName.of("SALES")));
        return ReportWriter.encode(ClientReport.of(who, InventoryReport.full(id, InventoryKind.HW, ReportVersion.of(1, 0),
                SiteCheckCliTest.T, Inventory.of(SiteCheckCliTest.disk("C", 10)))));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void invalidValuesAreWarnedAboutAndAnUndescribedSiteIsRefused(Backend backend) throws Exception {
        List<String> store = new ArrayList<>(List.of("--root", root.toString()));
        if (backend == Backend.POSTGRESQL) {
            store.addAll(List.of("--db-url", PostgresServer.url(PostgresServer.freshDatabase(getClass()).getDatabaseName())));
        }
        List<String> init = new ArrayList<>(List.of("site", "init"));
        init.addAll(store);
        init.add(description.toString());
        assertThat(CliProcess.mifsync(dir, init.toArray(String[]::new)).exit()).isZero();
        Files.createDirectories(inbox());
        String mif = new String(mif(SiteCheckCliTest.ONE, "PC1", "CEN"), StandardCharsets.ISO_8859_1);
        Files.writeString(inbox().resolve("BADVALUES.MIF"), mif.replace("\"CEN\"", "\"CE!\"")
                .replace("\"SALES\"", "\"SA/LE\""), StandardCharsets.ISO_8859_1);
        Files.write(inbox().resolve("STRAY.MIF"), mif(SiteCheckCliTest.TWO, "STRAY", "ZZZ"));

        List<String> load = new ArrayList<>(List.of("load", "--json"));
        load.addAll(store);
        Run loaded = CliProcess.mifsync(dir, load.toArray(String[]::new));

        assertThat(loaded.exit()).as(loaded.err()).isZero();
        assertThat(loaded.out()).contains("\"applied\": {\"APPLIED_FULL\": 1}", "\"refused\": {\"UNKNOWN_SITE\": 1}",
                "\"resyncsRequested\": 0");
        assertThat(inbox().resolve("REFUSED/UNKNOWN_SITE/STRAY.MIF")).exists();

        List<String> show = new ArrayList<>(List.of("client", "show", "pc1"));
        show.addAll(store);
        Run shown = CliProcess.mifsync(dir, show.toArray(String[]::new));
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("APPLIED_FULL", "BADVALUES.MIF",
                "warning: Identification attribute Site ignored", "warning: Identification attribute Domain ignored");

        List<String> stray = new ArrayList<>(List.of("client", "show", "STRAY"));
        stray.addAll(store);
        Run none = CliProcess.mifsync(dir, stray.toArray(String[]::new));
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("no client has the name STRAY");
    }
}
