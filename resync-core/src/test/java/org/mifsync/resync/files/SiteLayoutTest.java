package org.mifsync.resync.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mifsync.resync.files.Requests.SITE;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.model.DomainName;
import org.mifsync.model.SmsId;

class SiteLayoutTest {

    @TempDir
    Path root;

    @Test
    void pathsFollowTheSms12Names() {
        SiteLayout site = SiteLayout.of(root, SITE);
        DomainName domain = DomainName.of("sales");
        SmsId id = SmsId.parse("ABC00001");

        assertThat(root.relativize(site.resyncCfgPath(domain)))
                .hasToString("SITE.SRV/MAINCFG.BOX/INVDOM.BOX/SALES.000/RESYNC.CFG");
        assertThat(root.relativize(site.clientCfgPath(domain, id)))
                .hasToString("SITE.SRV/MAINCFG.BOX/INVDOM.BOX/SALES.000/INVENCFG.BOX/ABC00001.CFG");
        assertThat(root.relativize(site.inventoryBox())).hasToString("SITE.SRV/INVENTRY.BOX");
        assertThat(root.relativize(site.badMifs())).hasToString("SITE.SRV/INVENTRY.BOX/BADMIFS");
        assertThat(root.relativize(site.refused("VERSION_GAP"))).hasToString("SITE.SRV/INVENTRY.BOX/REFUSED/VERSION_GAP");
        assertThat(site.domainDir(DomainName.of("Sales"))).isEqualTo(site.domainDir(DomainName.of("SALES")));

        LogonServerLayout server = SiteLayout.logonServer(root.resolve("lsrv1"));
        assertThat(root.relativize(server.resyncCfgPath())).hasToString("lsrv1/LOGON.SRV/RESYNC.CFG");
        assertThat(root.relativize(server.clientCfgPath(id))).hasToString("lsrv1/LOGON.SRV/INVENCFG.BOX/ABC00001.CFG");
        assertThat(root.relativize(server.inventoryBox())).hasToString("lsrv1/LOGON.SRV/INVENTRY.BOX");
    }

    @Test
    void reasonCodesThatCannotBeAFolderNameAreRefused() {
        SiteLayout site = SiteLayout.of(root, SITE);
        for (String bad : new String[] {"", "..", "../X", "A/B", "a", "X Y", "1ABC", "CON", "NUL", "LPT1", "A".repeat(33),
            "A\u0000"}) {
            assertThatThrownBy(() -> site.refused(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("reason code");
        }
        assertThat(site.refused("DUPLICATE").getFileName()).hasToString("DUPLICATE");
    }

    @Test
    void createMakesTheSiteAndDomainFoldersAndKeepsWhatIsThere() throws Exception {
        SiteLayout site = SiteLayout.of(root, SITE);
        DomainName domain = DomainName.of("SALES");
        site.createDomain(domain);
        Files.writeString(site.resyncCfgPath(domain), "kept");
        site.create();
        site.createDomain(domain);

        assertThat(site.invenCfgBox(domain)).isDirectory();
        assertThat(site.badMifs()).isDirectory();
        assertThat(site.refusedBox()).isDirectory();
        assertThat(site.resyncCfgPath(domain)).hasContent("kept");

        LogonServerLayout server = SiteLayout.logonServer(Files.createDirectories(root.resolve("lsrv1")));
        server.create();
        assertThat(server.invenCfgBox()).isDirectory();
        assertThat(server.inventoryBox()).isDirectory();
        assertThatThrownBy(() -> SiteLayout.logonServer(root.resolve("offline")).create())
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void siteLayoutGivesAResyncCfgBoundToItsSiteAndDomain() throws Exception {
        SiteLayout site = SiteLayout.of(root, SITE);
        DomainName domain = DomainName.of("SALES");
        site.createDomain(domain);
        site.resyncCfg(domain).publish(java.util.List.of());
        assertThat(Files.readString(site.resyncCfgPath(domain))).startsWith(";RESYNC.CFG v1 site=ABC domain=SALES ");
    }
}
