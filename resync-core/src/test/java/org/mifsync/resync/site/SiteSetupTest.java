package org.mifsync.resync.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.DomainName;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Stores;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.testkit.SiteDescriptionText;

/** site init against real directories and a real store, SQLite and PostgreSQL. */
class SiteSetupTest {

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

    void open(Backend backend) throws Exception {
        store = Stores.open(backend, dir, getClass(), clock);
        root = dir.resolve("root");
        for (String server : List.of("ls1", "ls2", "ls3", "eurls")) {
            Files.createDirectories(dir.resolve(server));
        }
    }

    SiteDescription description(SiteDescriptionText text) throws Exception {
        return SiteDescription.parse("sites.ini", text.text(), dir);
    }

    /** The central site named, a second logon server, and a child site EUR with its domain PARIS. */
    static final SiteDescriptionText TWO_SITES = SiteDescriptionText.central().site("CEN", "Central", null)
            .site("EUR", "Europe", "CEN").logonServer("SALES", "LS2", "ls2").domain("PARIS", "EUR")
            .logonServer("PARIS", "EURLS", "eurls").setting("publish-limit", "50");

    SiteSetup.Plan apply(SiteDescriptionText text) throws Exception {
        return SiteSetup.of(root, store).apply(description(text));
    }

    List<String> lines(SiteSetup.Plan plan) {
        return plan.changes().stream().map(Object::toString).map(l -> l.replace(dir.toString(), "DIR")).toList();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void initRecordsTheDescriptionAndCreatesTheLayout(Backend backend) throws Exception {
        open(backend);
        SiteSetup.Plan plan = apply(TWO_SITES);
        assertThat(lines(plan)).contains("add site CEN: Central, central site", "add site EUR: Europe, parent CEN",
                "add domain SALES: site CEN", "add logon server LS1 of domain SALES: DIR/ls1",
                "add domain PARIS: site EUR", "add setting publish-limit: 50", "add setting retention: 90d",
                "create directory DIR/root/SITE.SRV/MAINCFG.BOX/INVDOM.BOX/SALES.000/INVENCFG.BOX",
                "create directory DIR/ls1/LOGON.SRV/INVENTRY.BOX");
        assertThat(store.<List<Site>>inTransaction(tx -> tx.topology().sites())).containsExactly(Site.central(SiteCode.of("CEN"),
                "Central"), Site.child(SiteCode.of("EUR"), "Europe", SiteCode.of("CEN")));
        List<SmsDomain> domains = store.inTransaction(tx -> tx.topology().domains());
        assertThat(domains).extracting(d -> d.name().value()).containsExactly("PARIS", "SALES");
        assertThat(store.settings().publishLimit()).isEqualTo(50);
        assertThat(store.settings().retention()).isEqualTo(SiteSettings.DEFAULTS.retention());
        for (String path : List.of("root/SITE.SRV/INVENTRY.BOX/BADMIFS", "root/SITE.SRV/INVENTRY.BOX/REFUSED",
                "root/SITE.SRV/MAINCFG.BOX/INVDOM.BOX/PARIS.000/INVENCFG.BOX", "ls2/LOGON.SRV/INVENCFG.BOX",
                "eurls/LOGON.SRV/INVENTRY.BOX")) {
            assertThat(dir.resolve(path)).isDirectory();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void runningAgainWithTheSameFileChangesNothing(Backend backend) throws Exception {
        open(backend);
        apply(TWO_SITES);
        long modified = Files.getLastModifiedTime(dir.resolve("ls1/LOGON.SRV")).toMillis();
        SiteSetup.Plan again = apply(TWO_SITES);
        assertThat(again.isEmpty()).isTrue();
        assertThat(again.notes()).isEmpty();
        assertThat(SiteSetup.of(root, store).plan(description(TWO_SITES)).isEmpty()).isTrue();
        assertThat(Files.getLastModifiedTime(dir.resolve("ls1/LOGON.SRV")).toMillis()).isEqualTo(modified);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aChangedFileAppliesItsChanges(Backend backend) throws Exception {
        open(backend);
        apply(TWO_SITES);
        SiteDescriptionText changed = TWO_SITES.site("EUR", "Europe and Africa", "CEN").site("AME", null, "CEN")
                .withoutLogonServer("SALES", "LS2").logonServer("SALES", "LS3", "ls3").domain("PARIS", "AME")
                .setting("publish-limit", "75").setting("retention", "30d");
        SiteSetup.Plan plan = apply(changed);
        assertThat(lines(plan)).containsExactly(
                "change site EUR: Europe, parent CEN -> Europe and Africa, parent CEN",
                "add site AME: AME, parent CEN",
                "add logon server LS3 of domain SALES: DIR/ls3",
                "remove logon server LS2 of domain SALES: DIR/ls2",
                "change domain PARIS: site EUR -> AME",
                "change setting publish-limit: 50 -> 75",
                "change setting retention: 90d -> 30d",
                "create directory DIR/ls3/LOGON.SRV/INVENCFG.BOX",
                "create directory DIR/ls3/LOGON.SRV/INVENTRY.BOX");
        SmsDomain sales = store.inTransaction(tx -> tx.topology().domains()).stream()
                .filter(d -> d.name().value().equals("SALES")).findFirst().orElseThrow();
        assertThat(sales.logonServers()).extracting(s -> s.name().value()).containsExactly("LS1", "LS3");
        assertThat(store.settings().publishLimit()).isEqualTo(75);
        assertThat(apply(changed).isEmpty()).isTrue();
    }

    void addClient(String smsId, String site, String domain) {
        store.inTransaction(tx -> tx.clients().createClient(new ClientIdentity(SmsId.parse(smsId), NetBiosName.of("PC" + smsId
                .substring(5)), Optional.empty(), Optional.of(SiteCode.of(site)), Optional.of(DomainName.of(domain))),
                clock.instant()));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void removingADomainWithClientsIsRefusedAndNothingChanges(Backend backend) throws Exception {
        open(backend);
        apply(TWO_SITES);
        addClient("CEN00001", "CEN", "sales");
        addClient("CEN00002", "CEN", "Sales");
        SiteDescriptionText withoutSales = TWO_SITES.withoutDomain("SALES").setting("publish-limit", "99");
        assertThatThrownBy(() -> apply(withoutSales))
                .isInstanceOfSatisfying(SiteSetupException.class, e -> assertThat(e.refusals()).extracting(
                        SiteSetupException.Refusal::kind).containsExactly(SiteSetupException.Kind.DOMAIN_HAS_CLIENTS))
                .hasMessage("the site description was not applied, nothing changed: domain SALES is not in the"
                        + " description but still has 2 clients");
        assertThat(store.<List<SmsDomain>>inTransaction(tx -> tx.topology().domains())).hasSize(2);
        assertThat(store.settings().publishLimit()).isEqualTo(50);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void removingASiteWithClientsIsRefused(Backend backend) throws Exception {
        open(backend);
        apply(TWO_SITES);
        addClient("EUR00001", "EUR", "PARIS");
        SiteDescriptionText withoutEurope = TWO_SITES.withoutSite("EUR").withoutDomain("PARIS");
        SiteSetupException e = org.junit.jupiter.api.Assertions.assertThrows(SiteSetupException.class,
                () -> apply(withoutEurope));
        assertThat(e.reasons()).containsExactly("site EUR is not in the description but still has 1 client",
                "domain PARIS is not in the description but still has 1 client");
        assertThat(e.refusals()).extracting(SiteSetupException.Refusal::kind).containsExactly(
                SiteSetupException.Kind.SITE_HAS_CLIENTS, SiteSetupException.Kind.DOMAIN_HAS_CLIENTS);
        // the refusals come back whole from Java serialization
        SiteSetupException back = org.mifsync.testkit.Serialization.roundTrip(e);
        assertThat(back.refusals()).isEqualTo(e.refusals());
        assertThat(back).hasMessage(e.getMessage());
        store.deleteClient(SmsId.parse("EUR00001"));
        SiteSetup.Plan plan = apply(withoutEurope);
        assertThat(lines(plan)).containsExactly("remove site EUR: Europe, parent CEN", "remove domain PARIS: site EUR");
        assertThat(plan.notes()).singleElement().asString().startsWith("domain PARIS removed: its folder ");
        assertThat(store.<List<Site>>inTransaction(tx -> tx.topology().sites())).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aLogonServerWhoseDropBoxHoldsReportsIsNotRemoved(Backend backend) throws Exception {
        open(backend);
        apply(TWO_SITES);
        Files.writeString(dir.resolve("ls2/LOGON.SRV/INVENTRY.BOX/HW_CEN00001_1_0.MIF"), "report");
        SiteDescriptionText withoutLs2 = TWO_SITES.withoutLogonServer("SALES", "LS2");
        assertThatThrownBy(() -> apply(withoutLs2))
                .isInstanceOfSatisfying(SiteSetupException.class, e -> assertThat(e.refusals()).extracting(
                        SiteSetupException.Refusal::kind).containsExactly(SiteSetupException.Kind.DROP_BOX_HOLDS_REPORTS))
                .hasMessageEndingWith("logon server LS2 of domain SALES would be removed, but its drop box "
                        + dir.resolve("ls2/LOGON.SRV/INVENTRY.BOX") + " still holds 1 file not yet collected");
        SiteDescriptionText movedLs2 = TWO_SITES.logonServer("SALES", "LS2", "ls3");
        assertThatThrownBy(() -> apply(movedLs2)).isInstanceOf(SiteSetupException.class)
                .hasMessageContaining("would be moved to " + dir.resolve("ls3"));
        Files.delete(dir.resolve("ls2/LOGON.SRV/INVENTRY.BOX/HW_CEN00001_1_0.MIF"));
        assertThat(lines(apply(withoutLs2))).containsExactly("remove logon server LS2 of domain SALES: DIR/ls2");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aMissingLogonServerRootIsRefusedNotCreated(Backend backend) throws Exception {
        open(backend);
        SiteDescriptionText text = TWO_SITES.logonServer("SALES", "LS2", "not-mounted");
        assertThatThrownBy(() -> apply(text)).isInstanceOf(SiteSetupException.class)
                .hasMessage("the site description was not applied, nothing changed: logon server LS2 of domain"
                        + " SALES: root " + dir.resolve("not-mounted") + " does not exist; mount the share or create"
                        + " the directory (site init does not create a logon server's root)");
        assertThat(dir.resolve("not-mounted")).doesNotExist();
        assertThat(dir.resolve("ls1/LOGON.SRV")).doesNotExist();
        assertThat(store.<List<Site>>inTransaction(tx -> tx.topology().sites())).isEmpty();
    }
}
