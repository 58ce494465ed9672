package org.mifsync.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import org.mifsync.model.Hierarchy;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;
import org.mifsync.resync.collect.Collector;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.requests.PublishReport;
import org.mifsync.resync.requests.Publisher;
import org.mifsync.resync.site.SiteLoad;
import org.mifsync.resync.site.SiteSettings;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.StoreTransaction;

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
        footer = { "", "Examples:", "  mifsync load --root /srv/mifsync", "  mifsync load --json" })
final class LoadCommand implements Callable<Integer> {

    @Mixin
    SiteOptions options;

    @Option(names = "--json", description = "Print the summary as JSON (progress then goes to standard error).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Clock clock = Clock.systemUTC();
        Path root = options.root();
        try (InventoryStore store = options.openStore(clock)) {
            SiteSettings settings = store.settings();
            List<SmsDomain> domains = store.inTransaction(StoreTransaction::domains);
            List<SiteCode> sites = publishingSites(store);
            SiteLayout layout = SiteLayout.of(root, sites.get(0));
            Progress[] progress = {null};
            Collector.Report[] collected = {null};
            List<PublishReport> published = new ArrayList<>();
            SiteLoad load = SiteLoad.builder(root, store).clock(clock).site(sites.get(0))
                    .collectFirst(() -> {
                        List<SmsDomain> mine = domains.stream().filter(d -> sites.contains(d.site())).toList();
                        collected[0] = Collector.builder(layout.inventoryBox()).clock(clock)
                                .abandonedAfter(settings.abandonedAfter()).build().collectDomains(mine);
                        progress[0] = Progress.start("load", countReports(layout.inventoryBox()), json ? err : out);
                    })
                    .publishAfter(() -> {
                        for (SiteCode site : sites) {
                            published.addAll(Publisher.builder(store, SiteLayout.of(root, site)).settings(settings)
                                    .clock(clock).actor("mifsync load").build().publishAll());
                        }
                    })
                    .listener(file -> {
                        if (progress[0] != null) {
                            progress[0].step(file.file() + " " + file.outcome());
                        }
                    }).build();
            SiteLoad.Result result;
            try {
                result = load.run();
            } finally {
                if (progress[0] != null) {
                    progress[0].close();
                }
            }
            if (json) {
                out.println(json(result, collected[0], published));
            } else {
                text(out, result, collected[0], published, layout);
            }
            result.summary().stoppedBy().ifPresent(why -> err.println("mifsync: the pass stopped early, files kept"
                    + " for the next run: " + why));
            out.flush();
            err.flush();
            return result.isClean() ? 0 : Main.PROBLEMS;
        }
    }

    /** The site given with --site alone, else every site: the central root's inbox serves the hierarchy. */
    private List<SiteCode> publishingSites(InventoryStore store) {
        var all = store.inTransaction(StoreTransaction::sites);
        if (all.isEmpty()) {
            throw new IllegalArgumentException("the store describes no site: create the site with 'mifsync site init'");
        }
        if (options.site != null) {
            SiteCode site = SiteCode.of(options.site);
            if (all.stream().noneMatch(s -> s.code().equals(site))) {
                throw new IllegalArgumentException("no site " + site + " in the store; the sites are "
                        + all.stream().map(s -> s.code().value()).collect(Collectors.joining(", ")));
            }
            return List.of(site);
        }
        Hierarchy hierarchy = Hierarchy.of(all);
        List<SiteCode> sites = new ArrayList<>();
        sites.add(hierarchy.root());
        sites.addAll(hierarchy.descendants(hierarchy.root()));
        return sites;
    }

    private static long countReports(Path inbox) throws IOException {
        long n = 0;
        if (!Files.isDirectory(inbox)) {
            return 0;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(inbox)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!name.startsWith(".") && name.toUpperCase(Locale.ROOT).endsWith(".MIF") && Files.isRegularFile(f)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int sum(Map<Outcome, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String counts(Map<Outcome, Integer> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    private static void text(PrintWriter out, SiteLoad.Result r, Collector.Report collected,
            List<PublishReport> published, SiteLayout layout) {
        if (collected != null) {
            out.println("collected: " + collected.moved().size() + " reports from the logon servers"
                    + (collected.agedOut().isEmpty() ? "" : ", " + collected.agedOut().size() + " abandoned files aged out")
                    + (collected.problems().isEmpty() ? "" : ", " + collected.problems().size() + " problems"));
            collected.problems().forEach(p -> out.println("  problem: " + p));
        }
        out.println("files: " + r.files());
        int applied = sum(r.applied());
        out.println("applied: " + applied + (applied == 0 ? "" : " (" + counts(r.applied()) + ")"));
        int refused = sum(r.refusedByReason());
        out.println("refused: " + refused + (refused == 0 ? "" : " (" + counts(r.refusedByReason()) + ")"));
        out.println("resyncs requested: " + r.requestsMade());
        out.println("bad files: " + r.badFiles() + (r.badFiles() == 0 ? "" : " (in " + layout.badMifs() + ")"));
        for (PublishReport p : published) {
            if (p.changedFiles()) {
                out.println("published: " + p.summary());
            }
        }
    }

    private static String json(SiteLoad.Result r, Collector.Report collected, List<PublishReport> published) {
        StringBuilder s = new StringBuilder("{\"files\": ").append(r.files());
        s.append(", \"applied\": ").append(jsonCounts(r.applied()));
        s.append(", \"refused\": ").append(jsonCounts(r.refusedByReason()));
        s.append(", \"resyncsRequested\": ").append(r.requestsMade());
        s.append(", \"badFiles\": ").append(r.badFiles());
        s.append(", \"collected\": ").append(collected == null ? 0 : collected.moved().size());
        s.append(", \"published\": ").append(published.stream().filter(PublishReport::changedFiles).count());
        s.append(", \"stoppedBy\": ").append(r.summary().stoppedBy().map(RequestCommands::json).orElse("null"));
        return s.append('}').toString();
    }

    private static String jsonCounts(Map<Outcome, Integer> counts) {
        return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "\"" + e.getKey() + "\": " + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
    }
}
