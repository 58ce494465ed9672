package org.mifsync.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.mifsync.mif.TextEscapes;
import org.mifsync.resync.files.Mode;
import org.mifsync.resync.admin.Pruner;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.store.InventoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mifsync prune [--older-than DAYS] [--dry-run]}: retention. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Remove history older than the retention: load-log rows, acknowledged and expired requests,"
                + " identities of decided reports, refused reports archived under INVENTRY.BOX/REFUSED/ and files set"
                + " aside in BADMIFS with their .err files. Pending requests, inventory and clients are never"
                + " touched."},
        footer = {"", "Exit codes: 0 pruned, 1 something could not be removed, 2 usage error.", "", "Examples:",
                "  mifsync prune --dry-run", "  mifsync prune --older-than 30"})
final class PruneCommand implements Callable<Integer> {

    @Mixin
    SiteOptions site;

    @Option(names = "--older-than", paramLabel = "DAYS", description = "Remove what is older than this many days."
            + " Default: the site's retention (90 days unless the site description sets it).")
    Integer days;

    @Option(names = "--dry-run", description = "Only say what would be removed.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (days != null && days < 1) {
            throw new ParameterException(spec.commandLine(), "--older-than must be 1 or more days, found " + days);
        }
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        try (InventoryStore store = site.openStore(clock)) {
            Duration olderThan = days != null ? Duration.ofDays(days) : store.settings().retention();
            Path inbox = site.root().resolve(SiteLayout.SITE_SRV).resolve(SiteLayout.INVENTRY_BOX);
            Pruner.Report r;
            try (Progress progress = Progress.start(dryRun ? "would remove" : "removed", 0, out)) {
                r = Pruner.builder(store, inbox).clock(clock).olderThan(olderThan)
                        .listener(p -> progress.step(site.root().relativize(p).toString())).build()
                        .prune(dryRun ? Mode.DRY_RUN : Mode.APPLY);
            }
            out.println((dryRun ? "would remove" : "removed") + " what is older than " + AdminCommands.time(r.cutoff())
                    + " UTC (" + olderThan.toDays() + " days): " + r.loadLogRows() + " load-log rows, "
                    + r.acknowledgedRequests() + " acknowledged and " + r.expiredRequests() + " expired requests ("
                    + r.requestEvents() + " request events), " + r.reportIdentities() + " report identities, "
                    + r.refusedFiles().size() + " refused reports, " + r.badMifsFiles().size() + " BADMIFS files, "
                    + r.resolvedConflicts() + " resolved conflicting records, " + r.objects() + " custom objects not"
                    + " reported since");
            // a problem may name a client's file (BADMIFS, REFUSED): one escaped line each
            r.problems().forEach(p -> spec.commandLine().getErr().println(TextEscapes.forDisplay(p.toString())));
            return r.problems().isEmpty() ? 0 : Main.PROBLEMS;
        }
    }
}
