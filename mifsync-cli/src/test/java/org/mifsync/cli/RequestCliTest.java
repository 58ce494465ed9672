package org.mifsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.LogonServer;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.ResyncRequest;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;
import org.mifsync.model.SmsId;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.requests.Publisher;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.StoredClient;

/** invsync, dumpsync and publish as users run them: real JVM processes on a real site directory and store. */
class RequestCliTest {

    static final SiteCode CEN = SiteCode.of("CEN");
    static final SiteCode CHI = SiteCode.of("CHI");
    static final DomainName SALES = DomainName.of("SALES");
    static final DomainName KIDS = DomainName.of("KIDS");

    @TempDir
    Path root;

    final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    record Run(int exit, String out, String err) { }

    static Run mifsync(Path workingDirectory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(workingDirectory.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    Run mifsync(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--root");
        all.add(root.toString());
        return mifsync(root, all.toArray(String[]::new));
    }

    InventoryStore store() {
        return InventoryStore.openEmbedded(root.resolve(SiteOptions.STORE_FILE), Clock.systemUTC());
    }

    StoredClient client(InventoryStore store, String id, String name, SiteCode site, DomainName domain) {
        return store.inTransaction(tx -> tx.clients().createClient(new ClientIdentity(SmsId.parse(id), NetBiosName.of(name),
                Optional.empty(), Optional.of(site), Optional.of(domain)), now));
    }

    void request(InventoryStore store, StoredClient c, InventoryKind kind, Instant time, ResyncReason reason, int issues) {
        store.inTransaction(tx -> {
            var r = tx.requests().insertRequest(c.id(), ResyncRequest.requested(c.identity().smsId(), kind, time, reason, "loader"),
                    time.plus(Duration.ofDays(1)), time);
            if (issues > 1) {
                tx.requests().updateRequest(new org.mifsync.resync.store.StoredRequest(r.id(), r.request(), issues,
                        r.firstRequestedAt(), r.nextReissueAt(), r.publishedAt(), r.expiredAt()), time);
            }
            return null;
        });
    }

    @BeforeEach
    void site() throws IOException {
        SiteLayout.of(root, CEN).create();
        try (InventoryStore store = store()) {
            store.inTransaction(tx -> {
                tx.topology().putSite(Site.central(CEN, "Central"));
                tx.topology().putSite(Site.child(CHI, "Child", CEN));
                tx.topology().putDomain(new SmsDomain(SALES, CEN, List.of(new LogonServer(NetBiosName.of("LS1"), root.resolve("ls1")))));
                tx.topology().putDomain(new SmsDomain(KIDS, CHI, List.of(new LogonServer(NetBiosName.of("LS2"), root.resolve("ls2")))));
                return null;
            });
            client(store, "CEN00001", "PC-SALES-07", CEN, SALES);
            client(store, "CHI00001", "KID1", CHI, KIDS);
            client(store, "CEN00002", "TWIN", CEN, SALES);
            client(store, "CHI00002", "twin", CHI, KIDS);
        }
    }

    Path domainDir() {
        return SiteLayout.of(root, CEN).domainDir(SALES);
    }

    List<ResyncEntry> salesFile() throws IOException {
        return ResyncCfg.forReading(SiteLayout.of(root, CEN).resyncCfgPath(SALES)).read().entries();
    }

    /** Runs the commands of a transcript in docs/requests-and-tools.md and compares what they print. */
    void checkTranscript(String name) throws Exception {
        for (DocTranscripts.Step step : DocTranscripts.steps(DocTranscripts.block("docs/requests-and-tools.md", name))) {
            List<String> words = step.words();
            Path workingDirectory = root;
            if (words.get(0).equals("cd")) {
                workingDirectory = root.resolve(words.get(1));
                words = words.subList(words.indexOf("&&") + 1, words.size());
            }
            assertThat(words.get(0)).isEqualTo("mifsync");
            List<String> args = new ArrayList<>(words.subList(1, words.size()));
            args.addAll(List.of("--root", root.toString()));
            Run run = mifsync(workingDirectory, args.toArray(String[]::new));
            assertThat(run.exit()).as(run.err()).isZero();
            DocTranscripts.assertPrints(step.expected(), run.out(), "docs/requests-and-tools.md, " + String.join(" ", words));
        }
    }

    @Test
    void invsyncTranscriptInTheDocsIsWhatTheToolPrints() throws Exception {
        checkTranscript("invsync");
    }

    @Test
    void dumpsyncTranscriptInTheDocsIsWhatTheToolPrints() throws Exception {
        try (InventoryStore store = store()) {
            StoredClient a = store.inTransaction(tx -> tx.clients().client(SmsId.parse("CEN00001")).orElseThrow());
            StoredClient b = store.inTransaction(tx -> tx.clients().client(SmsId.parse("CEN00002")).orElseThrow());
            StoredClient k = store.inTransaction(tx -> tx.clients().client(SmsId.parse("CHI00001")).orElseThrow());
            request(store, a, InventoryKind.HW, now.minus(Duration.ofDays(20)), ResyncReason.NO_BASELINE, 1);
            request(store, a, InventoryKind.SW, now.minus(Duration.ofDays(2)), ResyncReason.VERSION_GAP, 5);
            request(store, b, InventoryKind.HW, now.minus(Duration.ofDays(30)), ResyncReason.ROW_MISMATCH, 1);
            request(store, k, InventoryKind.SW, now, ResyncReason.NO_BASELINE, 1);
            Publisher.builder(store, SiteLayout.of(root, CEN)).build().publish(SALES);
        }
        checkTranscript("dumpsync");
    }

    @Test
    void invsyncRecordsAndPublishesAForcedRequest() throws Exception {
        Run run = mifsync("invsync", "HW", "pc-sales-07", "--by", "alice");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("requested a HW resync of PC-SALES-07 (CEN00001), request time ")
                .contains("; published in domain SALES");
        assertThat(salesFile()).singleElement().satisfies(e -> {
            assertThat(e.smsId()).isEqualTo(SmsId.parse("CEN00001"));
            assertThat(e.reason()).isEqualTo(ResyncReason.FORCED);
        });
        assertThat(SiteLayout.of(root, CEN).clientCfgPath(SALES, SmsId.parse("CEN00001"))).exists();

        Run cancel = mifsync("invsync", "--cancel", "hw", "PC-SALES-07");
        assertThat(cancel.exit()).isZero();
        assertThat(cancel.out()).startsWith("cancelled the HW request of ");
        assertThat(salesFile()).isEmpty();
        assertThat(SiteLayout.of(root, CEN).clientCfgPath(SALES, SmsId.parse("CEN00001"))).doesNotExist();
        Run again = mifsync("invsync", "--cancel", "hw", "PC-SALES-07");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).isEqualTo("mifsync: client PC-SALES-07 (CEN00001) has no pending HW request to cancel"
                + System.lineSeparator());
    }

    @Test
    void invsyncRefusesAChildSitesClientNamingTheSiteOnOneLine() throws Exception {
        Run run = mifsync("invsync", "sw", "kid1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("mifsync: client KID1 (CHI00001) is assigned to site CHI, a child of site CEN;"
                + " run this at site CHI (--site CHI)" + System.lineSeparator());
        // at the child it works (the child's domain folder lives under the same root here)
        Run atChild = mifsync("invsync", "sw", "kid1", "--site", "CHI");
        assertThat(atChild.exit()).isZero();
        assertThat(atChild.out()).contains("published in domain KIDS");
    }

    @Test
    void invsyncOfUnknownOrSharedNamesExitsOne() throws Exception {
        Run unknown = mifsync("invsync", "hw", "NOBODY");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("mifsync: no client named NOBODY is known to the store"
                + System.lineSeparator());
        Run shared = mifsync("invsync", "hw", "Twin");
        assertThat(shared.exit()).isEqualTo(1);
        assertThat(shared.err()).startsWith("mifsync: 2 clients are named Twin: CEN00002 (site CEN), CHI00002 (site CHI)")
                .hasLineCount(1);
    }

    @Test
    void invsyncWithoutKindOrWithABadOneIsAUsageError() throws Exception {
        Run missing = mifsync("invsync", "PC-SALES-07");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("invsync needs the kind before the name: 'invsync hw PC-SALES-07'");
        assertThat(mifsync("invsync", "cpu", "PC-SALES-07").exit()).isEqualTo(2);
        assertThat(mifsync("invsync").exit()).isEqualTo(2);
        // nothing was recorded, so nothing was published
        assertThat(SiteLayout.of(root, CEN).resyncCfgPath(SALES)).doesNotExist();
    }

    @Test
    void dumpsyncInsideTheDomainFolderAgesOutAndDumpsAsSmsDid() throws Exception {
        try (InventoryStore store = store()) {
            StoredClient a = store.inTransaction(tx -> tx.clients().client(SmsId.parse("CEN00001")).orElseThrow());
            StoredClient b = store.inTransaction(tx -> tx.clients().client(SmsId.parse("CEN00002")).orElseThrow());
            request(store, a, InventoryKind.HW, now.minus(Duration.ofDays(20)), ResyncReason.NO_BASELINE, 1);
            request(store, a, InventoryKind.SW, now.minus(Duration.ofDays(2)), ResyncReason.VERSION_GAP, 1);
            request(store, b, InventoryKind.HW, now.minus(Duration.ofDays(30)), ResyncReason.ROW_MISMATCH, 1);
            Publisher.builder(store, SiteLayout.of(root, CEN)).build().publish(SALES);
        }
        assertThat(salesFile()).hasSize(3);
        Run run = mifsync(domainDir(), "dumpsync", "14", "/DUMP");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("domain SALES: 2 request(s) older than 14 day(s) expired, 1 <SMSID>.CFG"
                + " deleted; RESYNC.CFG holds 1 record(s)");
        assertThat(lines.get(1)).isEqualTo("RESYNC.CFG of domain SALES, site CEN: 1 record(s)");
        assertThat(lines.get(2)).startsWith("SMSID     KIND  REQUEST TIME (UTC)   REASON");
        assertThat(lines.get(3)).startsWith("CEN00001  SW    " + RequestCommands.time(now.minus(Duration.ofDays(2))))
                .endsWith("VERSION_GAP");
        assertThat(lines).hasSize(4);
        assertThat(SiteLayout.of(root, CEN).clientCfgPath(SALES, SmsId.parse("CEN00002"))).doesNotExist();
        assertThat(SiteLayout.of(root, CEN).clientCfgPath(SALES, SmsId.parse("CEN00001"))).exists();
    }

    @Test
    void dumpsyncDumpAsJsonAndDamageOnStderr() throws Exception {
        try (InventoryStore store = store()) {
            StoredClient a = store.inTransaction(tx -> tx.clients().client(SmsId.parse("CEN00001")).orElseThrow());
            request(store, a, InventoryKind.HW, now, ResyncReason.FORCED, 1);
            Publisher.builder(store, SiteLayout.of(root, CEN)).build().publish(SALES);
        }
        Run json = mifsync("dumpsync", "--domain", "sales", "-d", "--json");
        assertThat(json.exit()).isZero();
        assertThat(json.out()).startsWith("{\"domain\": \"SALES\", \"site\": \"CEN\", \"file\": ")
                .contains("\"records\": [{\"smsId\": \"CEN00001\", \"kind\": \"HW\", \"requestTime\": \"" + now
                        + "\", \"reason\": \"FORCED\"}], \"damage\": []}");
        Files.writeString(SiteLayout.of(root, CEN).resyncCfgPath(SALES), "torn", java.nio.file.StandardOpenOption.APPEND);
        Run damaged = mifsync("dumpsync", "--domain", "SALES", "--dump");
        assertThat(damaged.exit()).isEqualTo(1);
        assertThat(damaged.err()).contains(": record 2: ").hasLineCount(1);
    }

    @Test
    void dumpsyncAllAndStuckListTheWholeHierarchy() throws Exception {
        try (InventoryStore store = store()) {
            StoredClient a = store.inTransaction(tx -> tx.clients().client(SmsId.parse("CEN00001")).orElseThrow());
            StoredClient k = store.inTransaction(tx -> tx.clients().client(SmsId.parse("CHI00001")).orElseThrow());
            request(store, a, InventoryKind.HW, now, ResyncReason.VERSION_GAP, 5);
            request(store, k, InventoryKind.SW, now, ResyncReason.NO_BASELINE, 1);
        }
        Run all = mifsync("dumpsync", "--all");
        assertThat(all.exit()).isZero();
        List<String> lines = all.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("pending requests of the hierarchy: 2");
        assertThat(lines.get(1)).startsWith("SITE  DOMAIN  SMSID     NAME         KIND  STATE      REQUEST TIME (UTC)");
        assertThat(lines.get(2)).startsWith("CEN   SALES   CEN00001  PC-SALES-07  HW    requested").endsWith("5");
        assertThat(lines.get(3)).startsWith("CHI   KIDS    CHI00001  KID1         SW    requested").endsWith("1");
        Run stuck = mifsync("dumpsync", "--stuck", "--json");
        assertThat(stuck.exit()).isZero();
        assertThat(stuck.out()).startsWith("[{\"site\": \"CEN\", \"domain\": \"SALES\", \"smsId\": \"CEN00001\"")
                .contains("\"issues\": 5").doesNotContain("CHI00001");
    }

    @Test
    void dumpsyncUsageErrorsExitTwo() throws Exception {
        assertThat(mifsync("dumpsync").exit()).isEqualTo(2);
        Run noDomain = mifsync("dumpsync", "14");
        assertThat(noDomain.exit()).isEqualTo(2);
        assertThat(noDomain.err()).startsWith("which domain? run dumpsync inside a domain's <DOMAIN>.000 folder");
        assertThat(mifsync("dumpsync", "fourteen", "--domain", "SALES").exit()).isEqualTo(2);
        Run otherSite = mifsync("dumpsync", "--domain", "KIDS", "/dump");
        assertThat(otherSite.exit()).isEqualTo(1);
        assertThat(otherSite.err()).isEqualTo("mifsync: domain KIDS belongs to site CHI, not to site CEN; run this"
                + " at site CHI (--site CHI)" + System.lineSeparator());
    }

    @Test
    void publishWritesEveryDomainOfTheSite() throws Exception {
        try (InventoryStore store = store()) {
            StoredClient a = store.inTransaction(tx -> tx.clients().client(SmsId.parse("CEN00001")).orElseThrow());
            request(store, a, InventoryKind.HW, now, ResyncReason.VERSION_GAP, 1);
        }
        Run run = mifsync("publish");
        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("SALES: 1 published, 0 waiting, 0 removed; RESYNC.CFG 1 records (+1 -0), .CFG 1"
                + " written, 0 deleted");
        assertThat(salesFile()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "invsync", "dumpsync", "publish" })
    void everyRequestCommandHasHelpWithAnExample(String command) throws Exception {
        Run run = mifsync(root, command, "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: mifsync " + command).contains("Example");
    }
}
