package org.mifsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.mifsync.mif.TextEscapes;
import org.mifsync.model.SiteCode;
import org.mifsync.resync.collect.Collector;
import org.mifsync.resync.files.FileProblems;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.requests.Publisher;
import org.mifsync.resync.admin.BadMifs;
import org.mifsync.resync.site.SiteCycle;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mifsync load}: collect the logon servers' drop boxes, work the inbox once with the settings
 * from the store, publish the requests made; a summary at the end.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Collect reports from every logon server's LOGON.SRV/INVENTRY.BOX into SITE.SRV/INVENTRY.BOX,"
                + " load each one (parse, compare with the store, apply or refuse, request resyncs), then publish"
                + " the requests into the domains' files. Settings (software classes, largest MIF, re-issue"
                + " rule) come from the store, as 'mifsync site init' recorded them.",
                "Exit 0 when every file was applied or refused with its reason; 1 when a file went to BADMIFS or"
                + " the pass stopped early because the store failed (the files are kept)."},
        footer = { "", "Examples:", "  mifsync load --root /srv/mifsync", "  mifsync load --json",
            "  mifsync load --retry-bad" })
final class LoadCommand implements Callable<Integer> {

    @Mixin
    SiteOptions options;

    @Option(names = "--json", description = "Print the summary as JSON (progress then goes to standard error).")
    boolean json;

    @Option(names = "--retry-bad", description = "First put the files set aside in BADMIFS back into the inbox with a"
            + " fresh try count (after fixing what made them fail); their .err files are removed.")
    boolean retryBad;

    @Option(names = "--workers", paramLabel = "N", description = "How many workers load: on PostgreSQL N deciding"
            + " threads, each with its own connection and its own clients; on SQLite one deciding and N reading."
            + " Default: the site's 'workers' setting (one per core).")
    Integer workers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Clock clock = Clock.systemUTC();
        Path root = options.root();
        SiteCycle.Report cycled = null;
        Optional<Problem> problem;
        SiteLayout layout = null;
        try (InventoryStore store = options.openStore(clock)) {
            List<SiteCode> sites = options.site == null ? SiteCycle.sitesOf(store)
                    : SiteCycle.sitesOf(store, SiteCode.of(options.site));
            layout = SiteLayout.of(root, sites.get(0));
            if (retryBad) {
                BadMifs.Requeued requeued = BadMifs.in(layout.inventoryBox()).requeueAll();
                (json ? err : out).println("re-queued " + requeued.moved().size() + " file(s) from BADMIFS");
                requeued.problems().forEach(p -> Main.error(err, p));
            }
            Progress[] progress = {null};
            SiteCycle.Builder builder = SiteCycle.builder(root, store).clock(clock).sites(sites).actor("mifsync load");
            if (workers != null) {
                builder.workers(workers);
            }
            SiteCycle cycle = builder
                    .beforeLoad(files -> progress[0] = Progress.start("load", files, json ? err : out))
                    .listener(file -> {
                        if (progress[0] != null) {
                            progress[0].step(file.file() + " " + file.outcome());
                        }
                    }).build();
            try {
                cycled = cycle.run();
            } finally {
                if (progress[0] != null) {
                    progress[0].close();
                }
            }
            problem = cycled.failure().map(f -> new Problem(f.step(), f.message()));
        } catch (IOException | RuntimeException e) {
            // before the cycle (opening the store, reading the sites, re-queueing BADMIFS) or while
            // closing the store: the load step as a whole failed, and says so
            String message = e instanceof IOException io ? FileProblems.describe(io)
                    : Advice.message(e);
            problem = Optional.of(new Problem(SiteCycle.Step.LOAD, message));
        }
        // a pass that a failure of the site stopped early is a failure of the load step too
        if (problem.isEmpty() && cycled != null) {
            Loader.Report loaded = cycled.loaded();
            problem = loaded.stopReason() == Loader.StopReason.STOP_REQUESTED ? Optional.empty()
                    : loaded.stoppedBy().map(why -> new Problem(SiteCycle.Step.LOAD,
                            "the pass stopped early, files kept for the next run: " + why));
        }
        // the summary first, whatever failed: what was loaded is loaded
        if (json) {
            out.println(json(cycled, problem));
        } else if (cycled != null) {
            text(out, cycled.loaded(), cycled.collected(), cycled.published(), layout);
        }
        problem.ifPresent(p -> Main.error(err, p.toString()));
        out.flush();
        err.flush();
        return problem.isEmpty() && cycled.loaded().isClean() ? 0 : Main.PROBLEMS;
    }

    /** What made the load fail, and in which step. */
    private record Problem(SiteCycle.Step step, String message) {
        @Override
        public String toString() {
            return step.label() + ": " + message;
        }
    }

    private static int sum(Map<Outcome, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String counts(Map<Outcome, Integer> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static void text(PrintWriter out, Loader.Report r, Collector.Report collected,
            List<Publisher.Report> published, SiteLayout layout) {
        out.println("collected: " + collected.moved().size() + " reports from the logon servers"
                + (collected.agedOut().isEmpty() ? "" : ", " + collected.agedOut().size() + " abandoned files aged out")
                + (collected.problems().isEmpty() ? "" : ", " + collected.problems().size() + " problems"));
        collected.problems().forEach(p -> out.println("  problem: " + TextEscapes.forDisplay(p.toString())));
        out.println("files: " + r.files().size());
        int applied = sum(r.applied());
        out.println("applied: " + applied + (applied == 0 ? "" : " (" + counts(r.applied()) + ")"));
        int refused = sum(r.refusedByReason());
        out.println("refused: " + refused + (refused == 0 ? "" : " (" + counts(r.refusedByReason()) + ")"));
        out.println("resyncs requested: " + r.requestsMade());
        out.println("bad files: " + r.badFiles() + (r.badFiles() == 0 ? ""
                : " (in " + TextEscapes.forDisplay(layout.badMifs().toString()) + ")"));
        // files an error left in the inbox: retried by the next pass, set aside after their last try
        if (r.leftToOthers() > 0) {
            // several loaders share a site: what another holds is its work, not a failure
            out.println("left to other loaders: " + r.leftToOthers() + " file(s) of clients other loaders"
                    + " are working");
        }
        List<String> left = r.problems();
        if (!left.isEmpty()) {
            out.println("left in the inbox after an error: " + left.size());
            left.forEach(p -> out.println("  problem: " + TextEscapes.forDisplay(p)));
        }
        for (Publisher.Report p : published) {
            if (p.changedFiles()) {
                out.println("published: " + p.summary());
            }
        }
    }

    /** One object, whatever happened: the summary (zeros when nothing ran) and the failure, if any. */
    private static String json(SiteCycle.Report cycled, Optional<Problem> failure) {
        Loader.Report r = cycled == null ? null : cycled.loaded();
        Json.Arr problems = Json.arr();
        if (r != null) {
            r.problems().forEach(problems::add);
        }
        Json.Obj o = Json.obj().put("files", r == null ? 0 : r.files().size())
                .put("applied", jsonCounts(r == null ? Map.of() : r.applied()))
                .put("refused", jsonCounts(r == null ? Map.of() : r.refusedByReason()))
                .put("resyncsRequested", r == null ? 0 : r.requestsMade()).put("badFiles", r == null ? 0 : r.badFiles())
                .put("problems", problems).put("leftToOthers", r == null ? 0 : r.leftToOthers())
                .put("collected", cycled == null ? 0 : cycled.collected().moved().size())
                .put("published", cycled == null ? 0
                        : cycled.published().stream().filter(Publisher.Report::changedFiles).count())
                .put("stoppedBy", r == null ? null : r.stoppedBy().orElse(null));
        failure.ifPresent(f -> o.put("failedStep", f.step().label()).put("error", f.toString()));
        return Json.line(o);
    }

    private static Json.Obj jsonCounts(Map<Outcome, Integer> counts) {
        Json.Obj o = Json.obj();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.put(e.getKey().toString(), e.getValue()));
        return o;
    }
}
