package org.mifsync.examples.embedding;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.ResyncEntry;

/**
 * Embedding example: publish a {@code RESYNC.CFG} and look one client up in it the way an agent
 * does, by binary search over the fixed-width records.
 *
 * <pre>java … org.mifsync.examples.embedding.LookUpResyncCfg</pre>
 */
public final class LookUpResyncCfg {

    private LookUpResyncCfg() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("mifsync-embedding-");
        // tag::readme[]
        ResyncCfg file = ResyncCfg.of(dir.resolve(ResyncCfg.FILE_NAME), SiteCode.of("ABC"), DomainName.of("SALES"));
        Instant t = Instant.parse("2026-11-21T08:00:00Z");
        file.publish(List.of(
                new ResyncEntry(SmsId.parse("ABC00001"), InventoryKind.HW, t, ResyncReason.VERSION_GAP),
                new ResyncEntry(SmsId.parse("ABC00007"), InventoryKind.SW, t, ResyncReason.FORCED)));

        // what an agent does at logon: find its own SMSID without reading the whole file
        for (ResyncEntry e : file.lookup(SmsId.parse("ABC00007"))) {
            System.out.println(e.smsId().value() + " " + e.kind() + " requested " + e.requestTime() + " " + e.reason());
        }
        System.out.println("ABC00002 has " + file.lookup(SmsId.parse("ABC00002")).size() + " requests");
        // end::readme[]
    }
}
