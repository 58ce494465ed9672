package org.mifsync.examples.embedding;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.mifsync.mif.MifParser;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.SiteCode;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportReader;
import org.mifsync.resync.requests.InvSync;
import org.mifsync.resync.requests.Publisher;
import org.mifsync.resync.site.SiteDescription;
import org.mifsync.resync.site.SiteSetup;
import org.mifsync.resync.store.InventoryStore;

/**
 * Embedding example: set up a site, let a client report, then request a resync for it by name
 * (as {@code invsync hw NAME} does) and publish it into the domain's {@code RESYNC.CFG}.
 *
 * <pre>java … org.mifsync.examples.embedding.RequestAndPublish</pre>
 */
public final class RequestAndPublish {

    private RequestAndPublish() {
    }

    private static final String SITE = """
            [site ABC]
            name = Headquarters

            [domain SALES]
            site = ABC
            logon-server SALESLS1 = salesls1
            """;

    private static final String REPORT = """
            Start Component
                Name = "Workstation"
                Start Group
                    Name = "Identification" ID = 1 Class = "MICROSOFT|IDENTIFICATION|1.0"
                    Start Attribute Name = "SMSID" ID = 1 Type = String(8) Value = "ABC00001" End Attribute
                    Start Attribute Name = "Name" ID = 2 Type = String(15) Value = "WS01" End Attribute
                    Start Attribute Name = "Domain" ID = 3 Type = String(15) Value = "SALES" End Attribute
                End Group
            End Component
            """;

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("mifsync-embedding-");
        Files.createDirectories(root.resolve("salesls1"));
        Path description = Files.writeString(root.resolve("site.ini"), SITE);
        // tag::readme[]
        try (InventoryStore store = InventoryStore.openEmbedded(root.resolve("SITE.SRV/mifsync.db"), Clock.systemUTC())) {
            SiteSetup.of(root, store).apply(SiteDescription.read(description));   // as 'mifsync site init'

            // the client WS01 has reported once, so the store knows it and its domain
            var doc = MifParser.lenient().parse(REPORT.getBytes(StandardCharsets.ISO_8859_1), "ws01.mif").document();
            Comparer comparer = Comparer.builder(store).build();
            ReportReader reader = ReportReader.standard(store.settings());
            for (ClientReport report : reader.read(doc, store.clock().instant()).reports()) {
                comparer.decide(report, "ws01.mif");
            }

            // as 'mifsync invsync hw WS01': a FORCED request, recorded in the store and published
            Publisher publisher = Publisher.builder(store, SiteLayout.of(root, SiteCode.of("ABC"))).build();
            InvSync.Report result = InvSync.of(publisher).request(NetBiosName.of("ws01"), InventoryKind.HW, "admin");
            System.out.println(result.smsId().value() + " " + result.request().reason() + " published: "
                    + result.published());

            Path file = publisher.layout().resyncCfgPath(result.domain());
            System.out.println(ResyncCfg.forReading(file).read().entries());
        }
        // end::readme[]
    }
}
