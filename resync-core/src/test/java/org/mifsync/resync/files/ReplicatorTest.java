package org.mifsync.resync.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mifsync.resync.files.Requests.DOMAIN;
import static org.mifsync.resync.files.Requests.SITE;
import static org.mifsync.resync.files.Requests.T0;
import static org.mifsync.resync.files.Requests.hw;
import static org.mifsync.resync.files.Requests.sw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.model.LogonServer;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.SmsDomain;
import org.mifsync.model.SmsId;

class ReplicatorTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    @TempDir
    Path temp;

    private SiteLayout site;
    private Path server1;
    private Path server2;
    private final Replicator replicator = new Replicator(Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void masters() throws IOException {
        site = SiteLayout.of(temp.resolve("site"), SITE);
        site.createDomain(DOMAIN);
        site.resyncCfg(DOMAIN).publish(List.of(hw("ABC00001", T0), sw("ABC00002", T0)));
        ClientCfg.of(hw("ABC00001", T0)).write(site.invenCfgBox(DOMAIN));
        ClientCfg.of(sw("ABC00002", T0)).write(site.invenCfgBox(DOMAIN));
        server1 = Files.createDirectories(temp.resolve("lsrv1"));
        server2 = Files.createDirectories(temp.resolve("lsrv2"));
    }

    private Replicator.Report replicate(Mode mode, Path... roots) throws IOException {
        return replicator.replicate(site, DOMAIN, List.of(roots), mode);
    }

    private static Path replica(Path root, String name) {
        return root.resolve("LOGON.SRV").resolve(name);
    }

    private static Path boxReplica(Path root, String name) {
        return root.resolve("LOGON.SRV").resolve("INVENCFG.BOX").resolve(name);
    }

    /** Every file under a directory with its content, to show that nothing changed. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    files.put(dir.relativize(p).toString(), Files.readString(p) + "@" + Files.getLastModifiedTime(p));
                } else {
                    files.put(dir.relativize(p) + "/", "");
                }
            }
        }
        return files;
    }

    @Test
    void mastersAreCopiedToEveryLogonServerAndThenUnchanged() throws Exception {
        Replicator.Report first = replicate(Mode.APPLY, server1, server2);

        assertThat(first.copied()).containsExactlyInAnyOrder(
                replica(server1, "RESYNC.CFG"), boxReplica(server1, "ABC00001.CFG"), boxReplica(server1, "ABC00002.CFG"),
                replica(server2, "RESYNC.CFG"), boxReplica(server2, "ABC00001.CFG"), boxReplica(server2, "ABC00002.CFG"));
        assertThat(first.removed()).isEmpty();
        assertThat(first.problems()).isEmpty();
        for (Path server : List.of(server1, server2)) {
            assertThat(replica(server, "RESYNC.CFG")).hasSameBinaryContentAs(site.resyncCfgPath(DOMAIN));
            assertThat(Files.getLastModifiedTime(replica(server, "RESYNC.CFG")))
                    .isEqualTo(Files.getLastModifiedTime(site.resyncCfgPath(DOMAIN)));
            assertThat(ResyncCfg.forReading(replica(server, "RESYNC.CFG")).lookup(SmsId.parse("ABC00002")))
                    .containsExactly(sw("ABC00002", T0));
            assertThat(ClientCfg.read(boxReplica(server, "ABC00001.CFG"))).isEqualTo(ClientCfg.of(hw("ABC00001", T0)));
        }

        Replicator.Report second = replicate(Mode.APPLY, server1, server2);
        assertThat(second.copied()).isEmpty();
        assertThat(second.unchanged()).hasSize(6);
    }

    @Test
    void aChangedMasterIsCopiedAgain() throws Exception {
        replicate(Mode.APPLY, server1);
        ClientCfg.of(hw("ABC00001", T0.plusSeconds(60))).write(site.invenCfgBox(DOMAIN));

        Replicator.Report report = replicate(Mode.APPLY, server1);

        assertThat(report.copied()).containsExactly(boxReplica(server1, "ABC00001.CFG"));
        assertThat(report.unchanged()).hasSize(2);
        assertThat(boxReplica(server1, "ABC00001.CFG")).hasSameBinaryContentAs(site.clientCfgPath(DOMAIN,
                SmsId.parse("ABC00001")));
    }

    @Test
    void staleReplicaIsRemovedAndAFileThatIsNotOursIsLeftAlone() throws Exception {
        replicate(Mode.APPLY, server1);
        Path box = server1.resolve("LOGON.SRV/INVENCFG.BOX");
        Files.writeString(box.resolve("NOTES.TXT"), "the admin's notes");
        Files.writeString(box.resolve("README.CFG"), "not an SMSID");
        Files.writeString(box.resolve("abc00009.cfg"), "lower case: not a name we write");
        Files.writeString(server1.resolve("LOGON.SRV/DOMAIN.INI"), "[Domain]");
        ClientCfg.delete(site.invenCfgBox(DOMAIN), SmsId.parse("ABC00002"));

        Replicator.Report report = replicate(Mode.APPLY, server1);

        assertThat(report.removed()).containsExactly(boxReplica(server1, "ABC00002.CFG"));
        assertThat(boxReplica(server1, "ABC00002.CFG")).doesNotExist();
        assertThat(box.resolve("NOTES.TXT")).hasContent("the admin's notes");
        assertThat(box.resolve("README.CFG")).exists();
        assertThat(box.resolve("abc00009.cfg")).exists();
        assertThat(server1.resolve("LOGON.SRV/DOMAIN.INI")).exists();
    }

    @Test
    void replicaOfARemovedMasterRequestListIsRemoved() throws Exception {
        replicate(Mode.APPLY, server1);
        Files.delete(site.resyncCfgPath(DOMAIN));

        Replicator.Report report = replicate(Mode.APPLY, server1);

        assertThat(report.removed()).containsExactly(replica(server1, "RESYNC.CFG"));
        assertThat(replica(server1, "RESYNC.CFG")).doesNotExist();
    }

    @Test
    void dryRunReportsTheSameChangesAndTouchesNothing() throws Exception {
        replicate(Mode.APPLY, server1);
        ClientCfg.delete(site.invenCfgBox(DOMAIN), SmsId.parse("ABC00002"));
        ClientCfg.of(hw("ABC00003", T0)).write(site.invenCfgBox(DOMAIN));
        Map<String, String> before1 = snapshot(server1);
        Map<String, String> before2 = snapshot(server2);

        Replicator.Report dry = replicate(Mode.DRY_RUN, server1, server2);

        assertThat(snapshot(server1)).isEqualTo(before1);
        assertThat(snapshot(server2)).isEqualTo(before2);
        assertThat(dry.mode()).isEqualTo(Mode.DRY_RUN);
        Replicator.Report real = replicate(Mode.APPLY, server1, server2);
        assertThat(dry.copied()).isEqualTo(real.copied()).contains(boxReplica(server1, "ABC00003.CFG"),
                replica(server2, "RESYNC.CFG"));
        assertThat(dry.removed()).isEqualTo(real.removed()).containsExactly(boxReplica(server1, "ABC00002.CFG"));
        assertThat(dry.unchanged()).isEqualTo(real.unchanged());
    }

    @Test
    void symbolicLinkPointingOutsideTheLogonServerRootIsNeverFollowed() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("ABC00009.CFG"), "looks stale, is not ours");
        Files.writeString(outside.resolve("ABC00001.CFG"), "precious");
        Files.writeString(outside.resolve("RESYNC.CFG"), "precious too");
        Map<String, String> before = snapshot(outside);

        // server 1: INVENCFG.BOX is a link out; server 2: LOGON.SRV itself is a link out
        Files.createDirectories(server1.resolve("LOGON.SRV"));
        Files.createSymbolicLink(server1.resolve("LOGON.SRV/INVENCFG.BOX"), outside);
        Files.createSymbolicLink(server2.resolve("LOGON.SRV"), outside);
        // server 3: single replicas are links out
        Path server3 = Files.createDirectories(temp.resolve("lsrv3"));
        Files.createDirectories(server3.resolve("LOGON.SRV/INVENCFG.BOX"));
        Files.createSymbolicLink(server3.resolve("LOGON.SRV/RESYNC.CFG"), outside.resolve("RESYNC.CFG"));
        Files.createSymbolicLink(boxReplica(server3, "ABC00001.CFG"), outside.resolve("ABC00001.CFG"));
        Files.createSymbolicLink(boxReplica(server3, "ABC00009.CFG"), outside.resolve("ABC00009.CFG"));

        Replicator.Report report = replicate(Mode.APPLY, server1, server2, server3);

        assertThat(snapshot(outside)).isEqualTo(before);
        assertThat(report.problems()).extracting(Replicator.Problem::path).containsExactlyInAnyOrder(
                server1.resolve("LOGON.SRV/INVENCFG.BOX"), server2.resolve("LOGON.SRV"),
                replica(server3, "RESYNC.CFG"), boxReplica(server3, "ABC00001.CFG"), boxReplica(server3, "ABC00009.CFG"));
        assertThat(report.problems()).allSatisfy(p -> assertThat(p.message()).containsAnyOf("symbolic link", "a link"));
        assertThat(Files.isSymbolicLink(server1.resolve("LOGON.SRV/INVENCFG.BOX"))).isTrue();
        assertThat(Files.isSymbolicLink(boxReplica(server3, "ABC00001.CFG"))).isTrue();
        // what is not a link is still served
        assertThat(report.copied()).containsExactlyInAnyOrder(replica(server1, "RESYNC.CFG"),
                boxReplica(server3, "ABC00002.CFG"));
    }

    @Test
    void aLogonServerRootThatIsItselfALinkIsServed() throws Exception {
        Path link = Files.createSymbolicLink(temp.resolve("share"), server1);
        Replicator.Report report = replicate(Mode.APPLY, link);
        assertThat(report.problems()).isEmpty();
        assertThat(report.copied()).hasSize(3).allMatch(p -> p.startsWith(link));
        assertThat(replica(server1, "RESYNC.CFG")).exists();
    }

    @Test
    void aFolderWhereAReplicaBelongsIsReportedAndLeftAlone() throws Exception {
        Files.createDirectories(boxReplica(server1, "ABC00001.CFG"));
        Files.createDirectories(boxReplica(server1, "ABC00008.CFG"));
        Replicator.Report report = replicate(Mode.APPLY, server1);
        assertThat(report.problems()).extracting(Replicator.Problem::path)
                .containsExactlyInAnyOrder(boxReplica(server1, "ABC00001.CFG"), boxReplica(server1, "ABC00008.CFG"));
        assertThat(boxReplica(server1, "ABC00008.CFG")).isDirectory();
    }

    @Test
    void unreachableRootIsAProblemNotAFailure() throws Exception {
        Path missing = temp.resolve("offline");
        Replicator.Report report = replicate(Mode.APPLY, missing, server1);
        assertThat(report.problems()).singleElement().satisfies(p -> assertThat(p.path()).isEqualTo(missing));
        assertThat(report.copied()).hasSize(3);
    }

    @Test
    void missingMasterFolderReplicatesNothing() throws Exception {
        replicate(Mode.APPLY, server1);
        SiteLayout elsewhere = SiteLayout.of(temp.resolve("not-mounted"), SITE);
        assertThatThrownBy(() -> replicator.replicate(elsewhere, DOMAIN, List.of(server1), Mode.APPLY))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nothing replicated");
        assertThat(replica(server1, "RESYNC.CFG")).exists();
    }

    @Test
    void leftoverTemporaryFilesAreRemovedOnlyOnceStale() throws Exception {
        replicate(Mode.APPLY, server1);
        Path box = server1.resolve("LOGON.SRV/INVENCFG.BOX");
        Path stale = Files.writeString(box.resolve(".ABC00001.CFG.x1y2.tmp"), "half");
        Path fresh = Files.writeString(box.resolve(".ABC00002.CFG.z9.tmp"), "being written");
        Path staleList = Files.writeString(server1.resolve("LOGON.SRV/.RESYNC.CFG.q7.tmp"), "half");
        Path foreign = Files.writeString(box.resolve(".NOTES.TXT.a1.tmp"), "someone else's");
        FileTime old = FileTime.from(NOW.minus(Duration.ofHours(2)));
        for (Path p : List.of(stale, staleList, foreign)) {
            Files.setLastModifiedTime(p, old);
        }
        Files.setLastModifiedTime(fresh, FileTime.from(NOW.minus(Duration.ofMinutes(5))));

        Replicator.Report report = replicate(Mode.APPLY, server1);

        assertThat(report.removed()).containsExactlyInAnyOrder(stale, staleList);
        assertThat(stale).doesNotExist();
        assertThat(staleList).doesNotExist();
        assertThat(fresh).exists();
        assertThat(foreign).exists();
    }

    @Test
    void aDomainsLogonServersComeFromTheModel() throws Exception {
        SmsDomain domain = new SmsDomain(DOMAIN, SITE, List.of(
                new LogonServer(NetBiosName.of("LSRV1"), server1), new LogonServer(NetBiosName.of("LSRV2"), server2)));
        Replicator.Report report = replicator.replicate(site, domain, Mode.APPLY);
        assertThat(report.copied()).hasSize(6);
    }
}
