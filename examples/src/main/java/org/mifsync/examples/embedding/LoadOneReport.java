package org.mifsync.examples.embedding;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import org.mifsync.mif.MifParser;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.compare.Decision;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportReader;
import org.mifsync.resync.store.InventoryStore;

/**
 * Embedding example: load reports into the embedded inventory store and see the decisions,
 * including a delta whose predecessor was lost, which is refused with a resync request.
 *
 * <pre>java … org.mifsync.examples.embedding.LoadOneReport</pre>
 */
public final class LoadOneReport {

    private LoadOneReport() {
    }

    private static final String FULL = """
            //ReportType<Full>
            //ReportVersion<1.0>
            //InventoryKind<HW>
            Start Component
                Name = "Workstation"
                Start Group
                    Name = "Identification" ID = 1 Class = "MICROSOFT|IDENTIFICATION|1.0"
                    Start Attribute Name = "SMSID" ID = 1 Type = String(8) Value = "ABC00001" End Attribute
                    Start Attribute Name = "Name" ID = 2 Type = String(15) Value = "ALPHA" End Attribute
                    Start Attribute Name = "NetCardID" ID = 3 Type = String(17) Value = "00:AA:00:60:D8:56" End Attribute
                End Group
                Start Group
                    Name = "PC Memory" ID = 2 Class = "MICROSOFT|PC_MEMORY|1.0"
                    Start Attribute Name = "Total Physical Memory" ID = 1 Type = Integer Value = 65536 End Attribute
                End Group
            End Component
            """;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("mifsync-embedding-");
        // tag::readme[]
        try (InventoryStore store = InventoryStore.openEmbedded(dir.resolve("inventory.db"), Clock.systemUTC())) {
            Comparer comparer = Comparer.builder(store).build();
            MifParser parser = MifParser.lenient();
            ReportReader reader = ReportReader.standard(store.settings());

            // a complete hardware inventory, version 1.0
            var full = parser.parse(FULL.getBytes(StandardCharsets.ISO_8859_1), "full.mif").document();
            for (ClientReport report : reader.read(full, Instant.now()).reports()) {
                Decision d = comparer.decide(report, "full.mif");
                System.out.println("full 1.0: " + d.outcome() + " (" + d.inventoryRowsWritten() + " rows)");
            }

            // delta 1.2 arrives, but 1.1 was lost on the way: refused, and a resync is requested
            String gap = FULL.replace("Full>", "Delta>").replace("1.0>", "1.2>")
                    .replace("Class = \"MICROSOFT|PC_MEMORY|1.0\"", "Class = \"MICROSOFT|PC_MEMORY|1.0\""
                            + " Pragma = \"SMS:Update\"");
            var delta = parser.parse(gap.getBytes(StandardCharsets.ISO_8859_1), "delta.mif").document();
            for (ClientReport report : reader.read(delta, Instant.now()).reports()) {
                Decision d = comparer.decide(report, "delta.mif");
                System.out.println("delta 1.2: " + d.outcome() + ", request " + d.requestAction());
            }
        }
        // end::readme[]
    }
}
