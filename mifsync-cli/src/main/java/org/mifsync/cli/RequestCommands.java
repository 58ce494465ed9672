package org.mifsync.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mifsync.model.DomainName;
import org.mifsync.model.Hierarchy;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.SiteCode;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.requests.InvSync;
import org.mifsync.resync.requests.Publisher;
import org.mifsync.resync.requests.RequestListener;
import org.mifsync.resync.store.InventoryStore;

/**
 * What invsync, dumpsync and publish share: which site they run as, its publisher, text forms. The
 * text forms are public for the demo, which shows what the commands print.
 */
public final class RequestCommands {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private RequestCommands() {
    }

    /** The site given with --site, or the central site of the store's hierarchy. */
    static SiteCode site(SiteOptions options, InventoryStore store) {
        if (options.site != null) {
            return SiteCode.of(options.site);
        }
        var sites = store.inTransaction(tx -> tx.topology().sites());
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("the store describes no site: create the site with 'mifsync site init'");
        }
        return Hierarchy.of(sites).root();
    }

    static Publisher publisher(SiteOptions options, InventoryStore store, Clock clock, RequestListener listener) {
        SiteLayout layout = SiteLayout.of(options.root(), site(options, store));
        return Publisher.builder(store, layout).settings(store.settings()).clock(clock).listener(listener)
                .actor("mifsync publish").build();
    }

    /**
     * The domain a command works on: --domain, or the {@code <DOMAIN>.000} folder it runs in (as SMS's
     * dumpsync did, run from {@code INVDOM.BOX\<DOMAIN>.000}).
     */
    static Optional<DomainName> domain(String option, Path workingDirectory) {
        if (option != null) {
            return Optional.of(DomainName.of(option));
        }
        Path dir = workingDirectory.toAbsolutePath().normalize();
        Path name = dir.getFileName();
        Path parent = dir.getParent();
        if (name == null || parent == null || parent.getFileName() == null) {
            return Optional.empty();
        }
        String folder = name.toString();
        if (folder.toUpperCase(Locale.ROOT).endsWith(SiteLayout.DOMAIN_SUFFIX)
                && parent.getFileName().toString().equalsIgnoreCase(SiteLayout.INVDOM_BOX) && Files.isDirectory(dir)) {
            return Optional.of(DomainName.of(folder.substring(0, folder.length() - SiteLayout.DOMAIN_SUFFIX.length())));
        }
        return Optional.empty();
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    /** What {@code invsync KIND NAME} prints for a request it made. */
    public static String invsyncRequested(InventoryKind kind, InvSync.Report r) {
        StringBuilder line = new StringBuilder("requested a " + kind + " resync of " + r.name() + " ("
                + r.smsId() + "), request time " + time(r.request().requestTime()) + " UTC");
        r.replaced().ifPresent(t -> line.append(", replacing the pending request of ").append(time(t)));
        if (r.published()) {
            line.append("; published in domain ").append(r.domain().folded());
        } else {
            line.append("; waiting for the throttle");
            r.publish().nextSlot().ifPresent(t -> line.append(" (next slot ").append(time(t)).append(" UTC)"));
        }
        return line.toString();
    }

    /** What {@code dumpsync /Dump} prints: the records of a domain's RESYNC.CFG as a table. */
    public static void printDump(PrintWriter out, DomainName domain, ResyncCfg.Contents contents) {
        out.println("RESYNC.CFG of domain " + domain.folded() + contents.site().map(c -> ", site " + c).orElse("")
                + ": " + contents.entries().size() + " record(s)");
        List<List<String>> rows = new ArrayList<>();
        for (ResyncEntry e : contents.entries()) {
            rows.add(List.of(e.smsId().value(), e.kind().name(), time(e.requestTime()), e.reason().name()));
        }
        table(out, List.of("SMSID", "KIND", "REQUEST TIME (UTC)", "REASON"), rows);
    }

    /** Prints rows as a table whose columns are as wide as their widest cell. */
    static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        printRow(out, header, width);
        for (List<String> row : rows) {
            printRow(out, row, width);
        }
    }

    private static void printRow(PrintWriter out, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            line.append(cell);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(width[i] - cell.length() + 2));
            }
        }
        out.println(line);
    }
}
