package org.mifsync.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mifsync.model.DomainName;
import org.mifsync.model.SiteCode;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.requests.DumpSync;
import org.mifsync.resync.requests.PendingRequest;
import org.mifsync.resync.requests.Publisher;
import org.mifsync.resync.requests.RequestListener;
import org.mifsync.resync.store.InventoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mifsync dumpsync [DAYS] [/Dump]}: age out and list a domain's resync requests, as SMS 1.2's did. */
@Command(name = "dumpsync", mixinStandardHelpOptions = true,
        description = {"For a domain: DAYS expires every pending request older than that many days and deletes its"
                + " <SMSID>.CFG (the files are rewritten from the store); /Dump (any case; also -d, --dump) lists"
                + " RESYNC.CFG's records. Run inside a domain's <DOMAIN>.000 folder it works on that domain, as SMS's"
                + " did; elsewhere give --domain. Beyond SMS: --all lists pending requests of the whole hierarchy"
                + " with their owning site, --stuck those re-issued more often than the stuck threshold."},
        footer = {"", "Exit codes: 0 ok, 1 refused or damaged records found, 2 usage error.", "", "Examples:",
                "  cd SITE.SRV/MAINCFG.BOX/INVDOM.BOX/SALES.000 && mifsync dumpsync 14 /Dump",
                "  mifsync dumpsync --domain SALES --dump --json", "  mifsync dumpsync --all",
                "  mifsync dumpsync --stuck --threshold 5"})
final class DumpSyncCommand implements Callable<Integer> {

    @Mixin
    SiteOptions site;

    @Parameters(arity = "0..2", paramLabel = "[DAYS] [/Dump]", description = "DAYS: expire requests older than that"
            + " many days. /Dump: list the file's records.")
    List<String> words = new ArrayList<>();

    @Option(names = {"-d", "--dump"}, description = "List RESYNC.CFG's records (as /Dump).")
    boolean dump;

    @Option(names = "--domain", paramLabel = "NAME", description = "The domain. Default: the <DOMAIN>.000 folder"
            + " the command runs in.")
    String domain;

    @Option(names = "--all", description = "List the pending requests of the whole hierarchy with owning site.")
    boolean all;

    @Option(names = "--stuck", description = "List pending requests re-issued more often than the threshold.")
    boolean stuck;

    @Option(names = "--threshold", paramLabel = "N", description = "Re-issues allowed before a request counts as"
            + " stuck. Default: the site's stuck-threshold setting (3).")
    Integer threshold;

    @Option(names = "--json", description = "Print JSON instead of tables.")
    boolean json;

    @Option(names = "--by", paramLabel = "WHO", description = "Who ages requests out, for the audit trail."
            + " Default: the user running the command.")
    String by;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Integer days = null;
        for (String word : words) {
            if (word.equalsIgnoreCase("/dump")) {
                dump = true;
            } else if (word.matches("[0-9]{1,6}")) {
                if (days != null) {
                    throw new ParameterException(spec.commandLine(), "DAYS given twice: " + days + " and " + word);
                }
                days = Integer.parseInt(word);
            } else {
                throw new ParameterException(spec.commandLine(), "'" + word + "' is neither a number of days nor"
                        + " /Dump");
            }
        }
        if (days == null && !dump && !all && !stuck) {
            throw new ParameterException(spec.commandLine(), "say what to do: DAYS, /Dump, --all or --stuck");
        }
        if (threshold != null && threshold < 0) {
            throw new ParameterException(spec.commandLine(), "--threshold must be 0 or more, found " + threshold);
        }
        Optional<DomainName> target = Optional.empty();
        if (days != null || dump) {
            try {
                target = RequestCommands.domain(domain, Path.of(""));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            if (target.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "which domain? run dumpsync inside a domain's"
                        + " <DOMAIN>.000 folder or give --domain NAME");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Clock clock = Clock.systemUTC();
        int exit = 0;
        try (InventoryStore store = site.openStore(clock)) {
            DumpSync dumpsync = DumpSync.of(RequestCommands.publisher(site, store, clock, RequestListener.NONE));
            if (days != null) {
                String who = by != null ? by : System.getProperty("user.name", "administrator");
                Publisher.Report report = dumpsync.ageOut(target.get(), Duration.ofDays(days), "dumpsync " + who);
                if (!json) {
                    out.println("domain " + report.domain().folded() + ": " + report.ended().size() + " request(s)"
                            + " older than " + days + " day(s) expired, " + report.clientFilesDeleted()
                            + " <SMSID>.CFG deleted; RESYNC.CFG holds " + report.records() + " record(s)");
                }
            }
            if (dump) {
                ResyncCfg.Contents contents = dumpsync.dump(target.get());
                printDump(out, target.get(), contents);
                for (ResyncCfg.Damage d : contents.damage()) {
                    err.println(d);
                    exit = Main.PROBLEMS;
                }
            }
            if (all) {
                printRequests(out, "pending requests of the hierarchy", dumpsync.all());
            }
            if (stuck) {
                List<PendingRequest> found = threshold != null ? dumpsync.stuck(threshold) : dumpsync.stuck();
                printRequests(out, "requests re-issued more than " + (threshold != null ? threshold
                        : store.settings().stuckThreshold()) + " times", found);
            }
        }
        out.flush();
        return exit;
    }

    private void printDump(PrintWriter out, DomainName domain, ResyncCfg.Contents contents) {
        if (json) {
            Json.Arr records = Json.arr();
            for (ResyncEntry e : contents.entries()) {
                records.add(Json.obj().put("smsId", e.smsId().value()).put("kind", e.kind())
                        .put("requestTime", e.requestTime()).put("reason", e.reason()));
            }
            Json.Arr damage = Json.arr();
            for (ResyncCfg.Damage d : contents.damage()) {
                damage.add(Json.obj().put("record", d.record()).put("field", d.field()).put("message", d.message()));
            }
            out.println(Json.line(Json.obj().put("domain", domain.folded()).put("site", contents.site().map(SiteCode::value).orElse(null))
                    .put("file", contents.file()).put("records", records).put("damage", damage)));
            return;
        }
        RequestCommands.printDump(out, domain, contents);
    }

    private void printRequests(PrintWriter out, String title, List<PendingRequest> requests) {
        if (json) {
            Json.Arr list = Json.arr();
            for (PendingRequest p : requests) {
                list.add(Json.obj().put("site", p.site().map(SiteCode::value).orElse(null))
                        .put("domain", p.domain().map(DomainName::folded).orElse(null)).put("smsId", p.smsId().value())
                        .put("name", p.clientName().value()).put("kind", p.kind()).put("state", p.state())
                        .put("requestTime", p.requestTime()).put("reason", p.reason())
                        .put("requestedBy", p.requestedBy()).put("issues", p.issueCount())
                        .put("refusalsSince", p.refusalsSince()));
            }
            out.println(Json.line(list));
            return;
        }
        out.println(title + ": " + requests.size());
        List<List<String>> rows = new ArrayList<>();
        for (PendingRequest p : requests) {
            rows.add(List.of(p.site().map(Object::toString).orElse("-"), p.domain().map(DomainName::folded).orElse("-"),
                    p.smsId().value(), p.clientName().value(), p.kind().name(), p.state().name().toLowerCase(Locale.ROOT),
                    RequestCommands.time(p.requestTime()), p.reason().name(), Integer.toString(p.issueCount())));
        }
        RequestCommands.table(out, List.of("SITE", "DOMAIN", "SMSID", "NAME", "KIND", "STATE", "REQUEST TIME (UTC)",
                "REASON", "ISSUES"), rows);
    }
}
