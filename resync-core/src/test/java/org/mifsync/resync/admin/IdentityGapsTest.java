package org.mifsync.resync.admin;

import static org.mifsync.testkit.Fixtures.disk;
import static org.mifsync.testkit.Fixtures.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.LoadLogEntry;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.Stores;
import org.mifsync.resync.files.Mode;

/**
 * Identity and administration gaps: a quarantined SMSID found by every name reported on it, an
 * invalid {@code Site} or {@code Domain} kept as a warning, and a report naming a site the site
 * description does not hold refused as {@code UNKNOWN_SITE}; on SQLite and on PostgreSQL.
 */
class IdentityGapsTest {

    static final SmsId ID = SmsId.parse("ABC00001");
    static final SmsId OTHER = SmsId.parse("ABC00002");
    static final SiteCode ABC = SiteCode.of("ABC");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    InventoryStore store;
    Comparer comparer;
    ClientAdmin admin;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    void open(Backend backend) {
        store = Stores.open(backend, dir, getClass(), clock);
        // a second machine on an SMSID starts as a conflicting record: merged, so that the two alternate
        comparer = Comparer.builder(store).clock(clock).reissueTimeout(Duration.ofHours(1))
                .identityConflict(org.mifsync.resync.settings.SiteSettings.IdentityConflict.MERGE).build();
        admin = ClientAdmin.builder(store).clock(clock).settings(SiteSettings.DEFAULTS).build();
    }

    static ClientIdentity identity(SmsId id, String name, String card, Optional<SiteCode> site) {
        return new ClientIdentity(id, NetBiosName.of(name), Optional.of(card), site, Optional.of(DomainName.of("SALES")));
    }

    ClientReport full(ClientIdentity who, int major) {
        clock.advance(Duration.ofSeconds(5));
        return ClientReport.of(who, InventoryReport.full(who.smsId(), InventoryKind.HW, ReportVersion.of(major, 0),
                clock.instant(), Inventory.of(disk("C:", major))));
    }

    Outcome decide(ClientReport report) {
        return comparer.decide(report, "test.mif").outcome();
    }

    Path inbox() {
        return dir.resolve("SITE.SRV").resolve("INVENTRY.BOX");
    }

    Loader.Report load() throws Exception {
        return Loader.builder(inbox(), comparer).build().loadOnce();
    }

    // ---- a quarantined client by any of its names ----------------------------------------------

    @ParameterizedTest
    @EnumSource(Backend.class)
    void quarantinedClientIsFoundByEveryNameReportedOnItsSmsId(Backend backend) {
        open(backend);
        ClientIdentity pc1 = identity(ID, "PC1", "00:11:22:33:44:55", Optional.of(ABC));
        ClientIdentity pc2 = identity(ID, "PC2", "66:77:88:99:AA:BB", Optional.of(ABC));
        assertThat(decide(full(pc1, 1))).isEqualTo(Outcome.APPLIED_FULL);
        assertThat(decide(full(pc2, 2))).isEqualTo(Outcome.APPLIED_FULL);
        assertThat(decide(full(pc1, 3))).isEqualTo(Outcome.DUPLICATE_ID);
        // the stored name is the last one applied; PC1 is only in the identities seen
        assertThat(store.client(ID).orElseThrow().identity().name().value()).isEqualTo("PC2");

        assertThat(admin.show("pc1", 5).client().identity().smsId()).isEqualTo(ID);
        assertThat(admin.show("PC2", 5).client().identity().smsId()).isEqualTo(ID);
        Resolution dry = admin.resolve("Pc1", "00:11:22:33:44:55", false, Mode.DRY_RUN);
        assertThat(dry.kept().nameFolded()).isEqualTo("PC1");

        Resolution resolved = admin.resolve("PC1", "00:11:22:33:44:55", true, Mode.APPLY);
        assertThat(resolved.client().identity().smsId()).isEqualTo(ID);
        assertThat(store.client(ID).orElseThrow().isQuarantined()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void nameSeenOnAQuarantineAndStoredOnAnotherClientIsAmbiguousAndOldNamesOfOthersAreNotFound(Backend backend) {
        open(backend);
        decide(full(identity(ID, "PC1", "00:11:22:33:44:55", Optional.empty()), 1));
        decide(full(identity(ID, "PC2", "66:77:88:99:AA:BB", Optional.empty()), 2));
        decide(full(identity(ID, "PC1", "00:11:22:33:44:55", Optional.empty()), 3));
        // another machine now carries the name PC1 under its own SMSID, and a third was renamed
        decide(full(identity(OTHER, "PC1", "00:00:00:00:00:02", Optional.empty()), 1));
        SmsId third = SmsId.parse("ABC00003");
        decide(full(identity(third, "OLDNAME", "00:00:00:00:00:03", Optional.empty()), 1));
        assertThat(decide(full(identity(third, "NEWNAME", "00:00:00:00:00:03", Optional.empty()), 2)))
                .isEqualTo(Outcome.APPLIED_FULL);

        AdminException ambiguous = catchThrowableOfType(AdminException.class, () -> admin.show("PC1", 5));
        assertThat(ambiguous.kind()).isEqualTo(AdminException.Kind.AMBIGUOUS);
        assertThat(ambiguous.getMessage()).contains("ABC00001, ABC00002");
        // a client that is not quarantined is named by its stored name only
        AdminException unknown = catchThrowableOfType(AdminException.class, () -> admin.show("OLDNAME", 5));
        assertThat(unknown.kind()).isEqualTo(AdminException.Kind.NOT_FOUND);
        assertThat(admin.show("NEWNAME", 5).client().identity().smsId()).isEqualTo(third);
    }

    // ---- an invalid Site or Domain -----------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Backend.class)
    void invalidSiteAndDomainAreWarningsInTheLoadLogAndInClientShow(Backend backend) throws Exception {
        open(backend);
        String mif = new String(ReportWriter.encode(full(identity(ID, "PC1", "00:11", Optional.of(ABC)), 1)),
                StandardCharsets.ISO_8859_1);
        assertThat(mif).contains("\"ABC\"", "\"SALES\"");
        Files.createDirectories(inbox());
        Files.writeString(inbox().resolve("pc1.mif"), mif.replace("\"ABC\"", "\"AB!\"").replace("\"SALES\"", "\"SA/LE\""),
                StandardCharsets.ISO_8859_1);

        Loader.Report summary = load();

        assertThat(summary.reportsByOutcome()).containsEntry(Outcome.APPLIED_FULL, 1);
        ClientIdentity stored = store.client(ID).orElseThrow().identity();
        assertThat(stored.site()).isEmpty();
        assertThat(stored.domain()).isEmpty();
        List<LoadLogEntry> log = admin.show("PC1", 5).recentLoadLog();
        assertThat(log).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.APPLIED_FULL);
            assertThat(e.detail()).contains("replaced HW inventory", "pc1.mif:",
                    "warning: Identification attribute Site ignored", "AB!",
                    "warning: Identification attribute Domain ignored", "SA/LE");
        });
        assertThat(summary.files()).singleElement().satisfies(f -> assertThat(f.decisions().get(0).detail())
                .contains("Identification attribute Site ignored"));
    }

    // ---- a site the description does not hold -----------------------------------------------------

    @ParameterizedTest
    @EnumSource(Backend.class)
    void reportNamingASiteTheDescriptionDoesNotHoldIsRefusedAndStoresNothing(Backend backend) throws Exception {
        open(backend);
        store.inTransaction(tx -> {
            tx.topology().putSite(Site.central(ABC, "Central"));
            return null;
        });
        Files.createDirectories(inbox());
        Files.write(inbox().resolve("known.mif"), ReportWriter.encode(full(identity(ID, "PC1", "00:11",
                Optional.of(ABC)), 1)));
        Files.write(inbox().resolve("stray.mif"), ReportWriter.encode(full(identity(OTHER, "STRAY", "00:22",
                Optional.of(SiteCode.of("ZZZ"))), 1)));

        Loader.Report summary = load();

        assertThat(summary.reportsByOutcome()).containsEntry(Outcome.APPLIED_FULL, 1)
                .containsEntry(Outcome.UNKNOWN_SITE, 1).hasSize(2);
        assertThat(summary.requestsMade()).isZero();
        assertThat(names(inbox().resolve(Loader.REFUSED))).containsExactly("UNKNOWN_SITE");
        assertThat(names(inbox().resolve(Loader.REFUSED).resolve("UNKNOWN_SITE"))).containsExactly("stray.mif");
        assertThat(store.client(OTHER)).isEmpty();
        assertThat(store.requests(OTHER)).isEmpty();
        assertThat(store.loadLog(OTHER)).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.UNKNOWN_SITE);
            assertThat(e.detail()).contains("site ZZZ", "(sites: ABC)", "nothing stored, no resync");
        });
        assertThat(Outcome.UNKNOWN_SITE.isRefused()).isTrue();

        // once the site is described, the same file is loaded under it
        store.inTransaction(tx -> {
            tx.topology().putSite(Site.child(SiteCode.of("ZZZ"), "Branch", ABC));
            return null;
        });
        Files.move(inbox().resolve("REFUSED/UNKNOWN_SITE/stray.mif"), inbox().resolve("stray.mif"));
        assertThat(load().reportsByOutcome()).containsEntry(Outcome.APPLIED_FULL, 1);
        assertThat(store.client(OTHER).orElseThrow().identity().site()).contains(SiteCode.of("ZZZ"));
    }
}
