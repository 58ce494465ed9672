package org.mifsync.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

import org.mifsync.mif.TextEscapes;
import org.mifsync.model.DomainName;
import org.mifsync.resync.files.Replicator;
import org.mifsync.resync.site.SiteReplication;
import org.mifsync.resync.store.InventoryStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import org.mifsync.resync.files.Mode;

/** {@code mifsync replicate}: Maintenance Manager outward, for every domain of the store or one. */
@Command(name = "replicate", mixinStandardHelpOptions = true,
        description = {"Copy each domain's masters (RESYNC.CFG and INVENCFG.BOX/<SMSID>.CFG under SITE.SRV) to"
                + " LOGON.SRV on every logon server of the domain, and remove replicas whose master is gone."
                + " Touches nothing else; never follows a link out of a logon server's root.",
                "Exit 0 when every domain was replicated cleanly; 1 when a domain failed or something was left"
                + " alone (a link, a folder where a file belongs, an unreachable logon server)."},
        footer = { "", "Examples:", "  mifsync replicate", "  mifsync replicate --domain SALES --dry-run" })
final class ReplicateCommand implements Callable<Integer> {

    @Mixin
    SiteOptions options;

    @Option(names = "--domain", paramLabel = "NAME", description = "Replicate this domain only. Default: every"
            + " domain of the store.")
    String domain;

    @Option(names = "--dry-run", description = "Report what would be copied and removed; change nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        Path root = options.root();
        Mode mode = dryRun ? Mode.DRY_RUN : Mode.APPLY;
        String copied = dryRun ? "would copy" : "copied";
        String removed = dryRun ? "would remove" : "removed";
        try (InventoryStore store = options.openStore(clock)) {
            BiConsumer<DomainName, Replicator.Report> print = (name, report) -> {
                out.println(name + ": " + report.copied().size() + " " + copied + ", " + report.removed().size()
                        + " " + removed + ", " + report.unchanged().size() + " unchanged"
                        + (report.problems().isEmpty() ? "" : ", " + report.problems().size() + " problems"));
                report.copied().forEach(p -> out.println("  " + copied + " " + p));
                report.removed().forEach(p -> out.println("  " + removed + " " + p));
                report.problems().forEach(p -> out.println("  problem: " + TextEscapes.forDisplay(p.toString())));
            };
            SiteReplication replication = SiteReplication.of(root, store, clock);
            SiteReplication.Report result = domain == null ? replication.run(mode, print)
                    : replication.run(DomainName.of(domain), mode, print);
            result.failures().forEach((name, why) -> out.println(name + ": not replicated: "
                    + TextEscapes.forDisplay(why)));
            if (result.reports().isEmpty() && result.failures().isEmpty()) {
                out.println("the store has no domains: describe them and run 'mifsync site init'");
            }
            out.flush();
            return result.isClean() ? 0 : Main.PROBLEMS;
        }
    }
}
