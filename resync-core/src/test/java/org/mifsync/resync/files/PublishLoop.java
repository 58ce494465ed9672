package org.mifsync.resync.files;

import static org.mifsync.resync.files.Requests.DOMAIN;
import static org.mifsync.resync.files.Requests.SITE;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncReason;

/**
 * Child process of the crash test: publishes version after version of a large list until it is
 * killed. Every version is recognisable as a whole: one request time for all its records, a record
 * count and a reason that follow from that time.
 */
public final class PublishLoop {

    static final Instant BASE = Instant.parse("2000-01-01T00:00:00Z");
    static final int RECORDS = 40_000;

    private PublishLoop() {
    }

    static int countOf(long version) {
        return RECORDS + (int) (version % 97);
    }

    static ResyncReason reasonOf(long version) {
        return ResyncReason.values()[(int) (version % ResyncReason.values().length)];
    }

    static List<ResyncEntry> version(long version) {
        Instant time = BASE.plusSeconds(version);
        List<ResyncEntry> entries = new ArrayList<>(countOf(version));
        for (int i = countOf(version) - 1; i >= 0; i--) { // unsorted on purpose: publish sorts
            entries.add(new ResyncEntry(Requests.idNumber("ABC", i), InventoryKind.HW, time, reasonOf(version)));
        }
        return entries;
    }

    /** Arguments: the file, the first version to publish. */
    public static void main(String[] args) throws Exception {
        ResyncCfg cfg = ResyncCfg.of(Path.of(args[0]), SITE, DOMAIN);
        long version = Long.parseLong(args[1]);
        List<ResyncEntry> next = version(version);
        System.out.println("ready");
        System.out.flush();
        while (true) {
            cfg.publish(next);
            // the parent kills after a number of these, so that every kill follows progress however
            // slow the machine is
            System.out.println("published " + version);
            System.out.flush();
            next = version(++version);
        }
    }
}
