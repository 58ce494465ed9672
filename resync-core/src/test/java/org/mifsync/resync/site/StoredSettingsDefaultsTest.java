package org.mifsync.resync.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.mif.MifParser;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.compare.Decision;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportReader;
import org.mifsync.resync.requests.Publisher;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.StoredRequest;
import org.mifsync.resync.store.Stores;
import org.mifsync.testkit.SiteDescriptionText;

/**
 * An embedder's builders start from the settings {@code site init} stored, not the built-in
 * defaults: a comparer re-issues after the stored timeout, a reader counts the stored software
 * classes, a publisher throttles by the stored limit. On SQLite and PostgreSQL.
 */
class StoredSettingsDefaultsTest {

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

    void init(Backend backend) throws Exception {
        store = Stores.open(backend, dir, getClass(), clock);
        root = dir.resolve("root");
        SiteDescriptionText description = SiteDescriptionText.central().setting("reissue-timeout", "2h")
                .setting("publish-limit", "1").addSetting("software-class", "MICROSOFT|SOFTWARE|1.0")
                .addSetting("software-class", "CONTOSO|LICENSES|1.0").createLogonServerRoots(dir);
        SiteSetup.of(root, store).apply(SiteDescription.parse("sites.ini", description.text(), dir));
    }

    static ClientReport deltaWithoutBaseline(String smsId) {
        return deltaWithoutBaseline(smsId, 2);
    }

    static ClientReport deltaWithoutBaseline(String smsId, int minor) {
        ClientIdentity who = new ClientIdentity(SmsId.parse(smsId), NetBiosName.of("PC" + smsId.substring(5)),
                Optional.empty(), Optional.of(SiteCode.of("CEN")), Optional.of(DomainName.of("SALES")));
        return ClientReport.of(who, InventoryReport.delta(who.smsId(), InventoryKind.HW, ReportVersion.of(4, minor),
                Instant.parse("2026-03-01T09:00:00Z"), InventoryDelta.of(List.of(), List.of(), List.of())));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void comparerReissuesAfterTheStoredTimeout(Backend backend) throws Exception {
        init(backend);
        Comparer comparer = Comparer.builder(store).build();

        Decision first = comparer.decide(deltaWithoutBaseline("CEN00002"));
        assertThat(first.outcome()).isEqualTo(Outcome.NO_BASELINE);
        assertThat(first.requestAction()).isEqualTo(Decision.RequestAction.CREATED);
        StoredRequest request = store.requests(SmsId.parse("CEN00002")).get(0);
        assertThat(request.nextReissueAt()).isEqualTo(request.request().requestTime().plus(Duration.ofHours(2)));

        // past the stored 2 hours (well inside the default day): the next refusal re-issues
        clock.advance(Duration.ofHours(2).plusMinutes(1));
        Decision again = comparer.decide(deltaWithoutBaseline("CEN00002", 3));
        assertThat(again.requestAction()).isEqualTo(Decision.RequestAction.REISSUED);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void readerCountsTheStoredSoftwareClasses(Backend backend) throws Exception {
        init(backend);
        String mif = """
                Start Component
                    Name = "Workstation"
                    Start Group
                        Name = "Identification" ID = 1 Class = "MICROSOFT|IDENTIFICATION|1.0"
                        Start Attribute Name = "SMSID" ID = 1 Type = String(8) Value = "CEN00001" End Attribute
                        Start Attribute Name = "Name" ID = 2 Type = String(15) Value = "PC1" End Attribute
                    End Group
                    Start Group
                        Name = "Licenses" ID = 2 Class = "CONTOSO|LICENSES|1.0"
                        Start Attribute Name = "Product" ID = 1 Type = String(20) Value = "Office" End Attribute
                    End Group
                End Component
                """;
        var doc = MifParser.lenient().parse(mif.getBytes(StandardCharsets.ISO_8859_1), "pc1.mif").document();

        // an SMS 1.x file carries both kinds; the licence group goes to the one its class is read as
        assertThat(kindHolding(ReportReader.standard(store.settings()).read(doc, clock.instant()).reports()))
                .containsExactly(InventoryKind.SW);
        // the built-in defaults know only MICROSOFT|SOFTWARE|1.0: there the same group is hardware
        assertThat(kindHolding(ReportReader.standard().read(doc, clock.instant()).reports()))
                .containsExactly(InventoryKind.HW);
    }

    static List<InventoryKind> kindHolding(List<ClientReport> reports) {
        return reports.stream().filter(r -> !r.report().inventory().orElseThrow().instances().isEmpty())
                .map(r -> r.report().kind()).toList();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void publisherThrottlesByTheStoredLimit(Backend backend) throws Exception {
        init(backend);
        Comparer comparer = Comparer.builder(store).build();
        comparer.decide(deltaWithoutBaseline("CEN00002"));
        comparer.decide(deltaWithoutBaseline("CEN00003"));

        Publisher publisher = Publisher.builder(store, SiteLayout.of(root, SiteCode.of("CEN"))).build();
        Publisher.Report report = publisher.publish(DomainName.of("SALES"));

        assertThat(publisher.settings()).isEqualTo(store.settings());
        assertThat(report.admitted()).hasSize(1);
        assertThat(report.waiting()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anExplicitSettingStillOverridesTheStoredOne(Backend backend) throws Exception {
        init(backend);
        Comparer comparer = Comparer.builder(store).reissueTimeout(Duration.ofMinutes(30)).build();
        comparer.decide(deltaWithoutBaseline("CEN00002"));
        StoredRequest request = store.requests(SmsId.parse("CEN00002")).get(0);
        assertThat(request.nextReissueAt()).isEqualTo(request.request().requestTime().plus(Duration.ofMinutes(30)));
    }
}
