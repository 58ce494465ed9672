package org.mifsync.resync.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.Stores;

/** load: one pass over SITE.SRV/INVENTRY.BOX with the settings recorded by site init, on SQLite and PostgreSQL. */
class SiteLoadTest {

    static final GroupClass LICENSES = GroupClass.of("CONTOSO|LICENSES|1.0");

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
        Files.createDirectories(dir.resolve("ls1"));
        SiteSetup.of(root, store).apply(SiteDescription.parse("sites.ini", """
                [site CEN]
                [domain SALES]
                site = CEN
                logon-server LS1 = ls1
                [settings]
                software-class = MICROSOFT|SOFTWARE|1.0
                software-class = CONTOSO|LICENSES|1.0
                max-mif-size = 4KiB
                """, dir));
    }

    static byte[] full(String smsId, Inventory inventory) {
        ClientIdentity who = ClientIdentity.of(SmsId.parse(smsId), NetBiosName.of("PC" + smsId.substring(5)));
        return ReportWriter.encode(new ClientReport(who, InventoryReport.full(who.smsId(), InventoryKind.HW,
                ReportVersion.of(0, 0), Instant.parse("2026-03-01T09:00:00Z"), inventory), false));
    }

    static GroupInstance disk(String letter) {
        return GroupInstance.of(GroupClass.of("MICROSOFT|DISK|1.0"), List.of(1),
                List.of(Attribute.of(1, "Drive Letter", AttributeValue.text(letter))));
    }

    static GroupInstance license(String product) {
        return GroupInstance.of(LICENSES, List.of(1), List.of(Attribute.of(1, "Product", AttributeValue.text(product))));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aPassUsesTheStoredSettingsAndSummarisesByReason(Backend backend) throws Exception {
        init(backend);
        Path inbox = root.resolve("SITE.SRV/INVENTRY.BOX");
        // an SMS 1.x report with a licence group: software, by the description's classes
        String sms1x = new String(full("CEN00001", Inventory.of(license("Office"))), java.nio.charset.StandardCharsets.ISO_8859_1)
                .replaceAll("//[A-Za-z]+<[^>]*>\r\n", "");
        Files.writeString(inbox.resolve("A.MIF"), sms1x, java.nio.charset.StandardCharsets.ISO_8859_1);
        ClientIdentity two = ClientIdentity.of(SmsId.parse("CEN00002"), NetBiosName.of("PC2"));
        Files.write(inbox.resolve("B.MIF"), ReportWriter.encode(ClientReport.of(two, InventoryReport.delta(two.smsId(),
                InventoryKind.HW, ReportVersion.of(4, 2), clock.instant(), InventoryDelta.of(List.of(disk("C")),
                List.of(), List.of())))));
        List<GroupInstance> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(license("Product number " + i));
        }
        Files.write(inbox.resolve("C.MIF"), full("CEN00003", Inventory.of(many)));
        Files.writeString(inbox.resolve("D.MIF"), "Start Component\nEnd Group\n");
        Files.write(inbox.resolve("E.MIF"), full("CEN00005", Inventory.empty()));

        List<String> files = new ArrayList<>();
        SiteLoad.Result result = SiteLoad.builder(root, store).clock(clock).site(SiteCode.of("CEN"))
                .listener(f -> files.add(f.file() + " " + f.outcome())).build().run();

        assertThat(files).containsExactlyInAnyOrder("A.MIF APPLIED_FULL", "B.MIF NO_BASELINE", "C.MIF BAD_MIF",
                "D.MIF BAD_MIF", "E.MIF APPLIED_FULL");
        assertThat(result.files()).isEqualTo(5);
        assertThat(result.applied()).isEqualTo(Map.of(Outcome.APPLIED_FULL, 3)); // A.MIF is HW and SW, E.MIF HW
        assertThat(result.refusedByReason()).isEqualTo(Map.of(Outcome.NO_BASELINE, 1));
        assertThat(result.requestsMade()).isEqualTo(1);
        assertThat(result.badFiles()).isEqualTo(2);
        assertThat(result.isClean()).isFalse();
        assertThat(result.settings().maxMifBytes()).isEqualTo(4096);
        assertThat(store.inventory(SmsId.parse("CEN00001"), InventoryKind.SW)).contains(Inventory.of(license("Office")));
        assertThat(store.inventory(SmsId.parse("CEN00001"), InventoryKind.HW)).contains(Inventory.empty());
        assertThat(store.requests(SmsId.parse("CEN00002")).get(0).request().requestedBy()).isEqualTo("loader@CEN");
        assertThat(Files.readString(inbox.resolve("BADMIFS/C.MIF.err"))).contains("4096");
        assertThat(inbox.resolve("REFUSED/NO_BASELINE/B.MIF")).exists();

        SiteLoad.Result empty = SiteLoad.builder(root, store).clock(clock).build().run();
        assertThat(empty.files()).isZero();
        assertThat(empty.isClean()).isTrue();
    }
}
