package org.mifsync.resync.files;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.quicktheories.core.Gen;

/** Test data for request files: fixed values, generators, and the expected merge. */
final class Requests {

    static final SiteCode SITE = SiteCode.of("ABC");
    static final DomainName DOMAIN = DomainName.of("Sales");
    static final Instant T0 = Instant.parse("1999-01-02T03:04:05Z");

    private static final String BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private Requests() {
    }

    static SmsId id(String text) {
        return SmsId.parse(text);
    }

    static ResyncEntry entry(String id, InventoryKind kind, Instant time, ResyncReason reason) {
        return new ResyncEntry(SmsId.parse(id), kind, time, reason);
    }

    static ResyncEntry hw(String id, Instant time) {
        return entry(id, InventoryKind.HW, time, ResyncReason.NO_BASELINE);
    }

    static ResyncEntry sw(String id, Instant time) {
        return entry(id, InventoryKind.SW, time, ResyncReason.FORCED);
    }

    /** The n-th SMSID of a site, base 36, e.g. {@code idNumber("ABC", 35)} is ABC0000Z. */
    static SmsId idNumber(String site, long n) {
        char[] tail = new char[5];
        for (int i = 4; i >= 0; i--) {
            tail[i] = BASE36.charAt((int) (n % 36));
            n /= 36;
        }
        return SmsId.parse(site + new String(tail));
    }

    /**
     * SMSIDs from a small space (3 sites, a few thousand numbers) so that generated lists share
     * prefixes and repeat keys; mixed kinds, times over 30 years, all reasons.
     */
    static Gen<ResyncEntry> entries() {
        Gen<SmsId> ids = integers().between(0, 2).zip(integers().between(0, 3000),
                (site, n) -> idNumber(new String[] {"ABC", "AB0", "ZZZ"}[site], n));
        Gen<Instant> times = integers().between(0, 30 * 365 * 24 * 3600)
                .map(s -> Instant.parse("1995-01-01T00:00:00Z").plusSeconds(s));
        Gen<InventoryKind> kinds = integers().between(0, 1).map(i -> InventoryKind.values()[i]);
        Gen<ResyncReason> reasons = integers().between(0, ResyncReason.values().length - 1)
                .map(i -> ResyncReason.values()[i]);
        return ids.zip(kinds, times, reasons, ResyncEntry::new);
    }

    static Gen<List<ResyncEntry>> entryLists(int max) {
        return lists().of(entries()).ofSizeBetween(0, max);
    }

    /** What a file should hold after publishing {@code given}: sorted, newest per key, later on ties. */
    static List<ResyncEntry> expected(Collection<ResyncEntry> given) {
        Map<ResyncCfg.Key, ResyncEntry> byKey = new LinkedHashMap<>();
        for (ResyncEntry e : given) {
            byKey.merge(new ResyncCfg.Key(e.smsId(), e.kind()), e, ResyncEntry::newest);
        }
        List<ResyncEntry> list = new ArrayList<>(byKey.values());
        list.sort(ResyncEntry.FILE_ORDER);
        return list;
    }
}
