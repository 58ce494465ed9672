package org.mifsync.cli.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.mifsync.cli.Advice;
import org.mifsync.cli.RequestCommands;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.SiteCode;
import org.mifsync.resync.admin.ClientAdmin;
import org.mifsync.resync.files.Mode;
import org.mifsync.resync.agent.Agent;
import org.mifsync.resync.agent.AgentException;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.requests.DumpSync;
import org.mifsync.resync.requests.InvSync;
import org.mifsync.resync.requests.Publisher;
import org.mifsync.resync.requests.RequestRefusedException;
import org.mifsync.resync.site.SiteCycle;
import org.mifsync.resync.site.SiteDescription;
import org.mifsync.resync.site.SiteReplication;
import org.mifsync.resync.site.SiteSetup;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;

/**
 * The whole mifsync story on the embedded store, in a fresh site directory, told as it happens:
 * a central site with a child site, two domains of two logon servers, two dozen clients; complete
 * inventories, then deltas; planted faults refused with their reasons; requests published and
 * replicated; agents answering; requests acknowledged and cleared; the tools at work. A demo clock
 * lets weeks pass in seconds. Not thread-safe; run once.
 */
public final class SiteDemo {

    private static final String CENTRAL = "ABC";
    private static final String CHILD = "CHD";

    private final Path root;
    private final PrintWriter out;
    private final DemoClock clock = new DemoClock(Instant.parse("2026-11-02T08:00:00Z"));
    private final Map<String, DemoClient> clients = new LinkedHashMap<>();
    private final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    private int requestsMade;
    private int badFiles;
    private int agedOut;
    private int replicasPruned;
    private InventoryStore store;

    private SiteDemo(Path root, PrintWriter out) {
        this.root = root;
        this.out = out;
    }

    /**
     * Runs the demo in {@code root} (created if missing), telling the story on {@code out}.
     *
     * @param root the site directory
     * @param out where the story goes
     * @throws Exception if a step fails (the demo is a program, not a library)
     */
    public static void run(Path root, PrintWriter out) throws Exception {
        new SiteDemo(root, out).tell();
    }

    private void tell() throws Exception {
        Files.createDirectories(root);
        chapter("1. A site hierarchy", """
                Central site ABC (Headquarters) and its child site CHD (Branch office). Domain SALES belongs to ABC,
                domain BRANCH to CHD; each has two logon servers, here plain directories under the site root.""");
        for (String share : List.of("salesls1", "salesls2", "branchls1", "branchls2")) {
            Files.createDirectories(root.resolve("logon").resolve(share)); // the logon servers' shares, mounted
        }
        Path description = Files.writeString(root.resolve("site.ini"), siteDescription());
        command("mifsync site init --root " + root + " site.ini");
        try (InventoryStore opened = InventoryStore.openEmbedded(root.resolve("SITE.SRV/mifsync.db"), clock)) {
            store = opened;
            SiteSetup.Plan plan = SiteSetup.of(root, store).apply(SiteDescription.read(description));
            say("%d changes: the store, SITE.SRV with its boxes, and LOGON.SRV on each logon server.",
                    plan.changes().size());
            story();
        }
        summary();
    }

    private void story() throws Exception {
        for (int i = 1; i <= 16; i++) {
            addClient(String.format("WS-SALES-%02d", i), String.format("ABC%05d", i), "SALES",
                    "logon/salesls" + (1 + i % 2), i);
        }
        for (int i = 1; i <= 8; i++) {
            addClient(String.format("WS-BRANCH-%02d", i), String.format("CHD%05d", i), "BRANCH",
                    "logon/branchls" + (1 + i % 2), 16 + i);
        }

        chapter("2. Day 1: every client sends a complete inventory", """
                24 clients log on. Each agent finds no state of its own, so it sends complete reports 1.0 for hardware
                and for software into its logon server's LOGON.SRV/INVENTRY.BOX (temporary name, then rename).""");
        logOnAll();
        cycle("collect the drop boxes, load, publish");

        chapter("3. Day 2: things change; the agents send deltas", """
                Memory is upgraded, disks fill, software comes and goes. Each agent sends delta 1.1 against what it
                sent last time, with SMS:Add, SMS:Update and SMS:Delete pragmas on the groups that changed.""");
        clock.advance(Duration.ofDays(1));
        int n = 0;
        for (DemoClient c : clients.values()) {
            changeSomething(c, n++);
        }
        logOnAll();
        cycle("load the deltas");

        chapter("4. Day 3: planted faults", """
                a) WS-SALES-03's next hardware delta is lost on the way (deleted from the drop box); the one after arrives.
                b) An administrator deletes WS-SALES-05 from the database; its next delta has nothing to apply to.
                c) WS-CLONE is imaged from WS-SALES-07's disk: another machine, another name and card, the same SMSID
                   (this site merges such a conflicting record, identity-conflict = merge; the default holds it).
                d) Someone drops a half-edited report on a logon server.""");
        clock.advance(Duration.ofDays(1));
        DemoClient lost = clients.get("WS-SALES-03");
        lost.disks.merge("C:", -50_000, Integer::sum);
        for (Path file : lost.logOn(clock).delivered()) {
            Files.delete(file);
            say("   lost on the way: %s", root.relativize(file));
        }
        lost.memoryKb *= 2;
        lost.logOn(clock);
        command("mifsync client delete WS-SALES-05");
        ClientAdmin.builder(store).clock(clock).actor("demo").build().delete("WS-SALES-05", Mode.APPLY);
        DemoClient deleted = clients.get("WS-SALES-05");
        deleted.software.add("Doom II");
        deleted.logOn(clock);
        DemoClient original = clients.get("WS-SALES-07");
        DemoClient clone = original.cloneAs("WS-CLONE", "00:C0:4F:99:99:07");
        clone.disks.put("E:", 123_456);
        clone.logOn(clock);
        original.software.add("Quake");
        original.logOn(clock);
        Path dropBox = root.resolve("logon/salesls1/LOGON.SRV/INVENTRY.BOX");
        Files.writeString(dropBox.resolve("HANDMADE.MIF"), """
                Start Component
                    Name = "Workstation"
                    Start Group
                        Name = "Identification" ID = 1 Class = "MICROSOFT|IDENTIFICATION|1.0"
                        Start Attribute Name = "SMSID" ID = 1 Type = String(8) Value = "ABC00016" End Attribute
                End Component
                """);
        cycle("load: the faults are refused with their reasons, and resyncs are requested");
        show("SITE.SRV/INVENTRY.BOX/REFUSED");
        show("SITE.SRV/INVENTRY.BOX/BADMIFS");
        try (Stream<Path> errs = Files.list(root.resolve("SITE.SRV/INVENTRY.BOX/BADMIFS"))) {
            for (Path err : errs.filter(f -> f.toString().endsWith(".err")).toList()) {
                Files.readAllLines(err).forEach(line -> say("     | %s", line));
            }
        }

        chapter("5. The requests reach the clients", """
                The store is the source of truth; RESYNC.CFG and <SMSID>.CFG in the domain's master folder are its
                projections (already published by the load). Replication copies them to every logon server.""");
        command("mifsync dumpsync --domain SALES /Dump");
        dump("SALES");
        replicate();
        Path replica = root.resolve("logon/salesls1/LOGON.SRV/RESYNC.CFG");
        say("   %s, fixed-width 48-byte records that an agent can binary-search:", root.relativize(replica));
        Files.readAllLines(replica).forEach(line -> say("     | %s", line));

        chapter("6. invsync: an administrator forces inventory", """
                invsync at the central site asks WS-SALES-01 for a hardware resync (FORCED). A client of the child
                site must be asked at its own site: invsync refuses and names it.""");
        clock.advance(Duration.ofHours(1));
        Publisher central = publisher(CENTRAL);
        command("mifsync invsync hw WS-SALES-01");
        InvSync.Report forced = InvSync.of(central).request(NetBiosName.of("WS-SALES-01"), InventoryKind.HW, "admin");
        say("   %s", RequestCommands.invsyncRequested(InventoryKind.HW, forced));
        command("mifsync invsync hw WS-BRANCH-02");
        try {
            InvSync.of(central).request(NetBiosName.of("WS-BRANCH-02"), InventoryKind.HW, "admin");
            say("   unexpected: the request was accepted");
        } catch (RequestRefusedException e) {
            say("   mifsync: %s", Advice.message(e));
        }
        replicate();

        chapter("7. Day 4: the agents answer", """
                At logon each agent binary-searches its logon server's RESYNC.CFG (or reads its <SMSID>.CFG), sees a
                request time it has not answered, and sends a complete inventory flagged as a resync, carrying that
                time. The site applies it and acknowledges the request; the next publish removes it from the files.
                The two machines sharing ABC00007 answer too, but a quarantined SMSID's reports wait for an
                administrator (mifsync client resolve).""");
        clock.advance(Duration.ofDays(1));
        List<String> answered = new ArrayList<>();
        for (DemoClient c : clients.values()) {
            for (Agent.Sent sent : c.logOn(clock).sent()) {
                if (sent.answersRequest().isPresent()) {
                    answered.add(c.name + " " + sent.kind() + " " + sent.version());
                }
            }
        }
        clone.logOn(clock);
        say("   resyncs sent: %s", String.join(", ", answered));
        cycle("load the resyncs: requests acknowledged, then removed from the files");
        replicate();
        dump("SALES");

        chapter("8. Day 40: dumpsync 30 ages out what was never answered", """
                The quarantined SMSID's request is still pending. dumpsync 30 expires every request older than 30 days
                and deletes its <SMSID>.CFG, as SMS's dumpsync did; the next replication removes the replicas.""");
        clock.advance(Duration.ofDays(36));
        command("mifsync dumpsync 30 --domain SALES");
        Publisher.Report aged = DumpSync.of(publisher(CENTRAL)).ageOut(DomainName.of("SALES"), Duration.ofDays(30),
                "admin");
        agedOut += aged.ended().size();
        say("   %s", aged.summary());
        dump("SALES");

        chapter("9. replicate prunes what SMS left behind", """
                A logon server still holds ABC00099.CFG from a client long gone (SMS never removed replicas), and a
                note of the local administrator's. replicate removes the stale replica and leaves the note alone.""");
        Path box = root.resolve("logon/salesls2/LOGON.SRV/INVENCFG.BOX");
        Files.writeString(box.resolve("ABC00099.CFG"), "[HW]\r\nRequestTime=19990101000000\r\nReason=FORCED\r\n");
        Files.writeString(box.resolve("NOTES.TXT"), "do not delete: backup rota\r\n");
        replicate();
        show("logon/salesls2/LOGON.SRV/INVENCFG.BOX");
    }

    private void addClient(String name, String smsId, String domain, String logonServer, int seed) {
        String card = String.format("00:AA:00:%02X:%02X:%02X", seed, seed * 7 % 256, seed * 13 % 256);
        clients.put(name, new DemoClient(name, smsId, card, domain, root.resolve(logonServer), root.resolve("clients"),
                seed));
    }

    private static void changeSomething(DemoClient c, int n) {
        switch (n % 3) {
            case 0 -> c.memoryKb += 16_384;
            case 1 -> c.disks.merge("C:", -25_000, Integer::sum);
            default -> {
                c.software.remove("Internet Explorer 4.01");
                c.software.add("Internet Explorer 5.0");
            }
        }
    }

    private void logOnAll() throws IOException, AgentException {
        int reports = 0;
        for (DemoClient c : clients.values()) {
            reports += c.logOn(clock).delivered().size();
        }
        command("mifsync agent --logon-server <its logon server> --state <its state> INVENTORY.MIF   (x "
                + clients.size() + ")");
        say("   %d reports in the logon servers' drop boxes", reports);
    }

    private void cycle(String what) throws IOException {
        command("mifsync load --root " + root + "        # " + what);
        SiteCycle.Report r = SiteCycle.builder(root, store).clock(clock).actor("mifsync load").build().run();
        Loader.Report s = r.loaded();
        s.reportsByOutcome().forEach((outcome, count) -> outcomes.merge(outcome, count, Integer::sum));
        requestsMade += s.requestsMade();
        badFiles += s.badFiles();
        say("   collected %d files; %s", r.collected().moved().size(), describe(s.reportsByOutcome()));
        for (Loader.FileDecision file : s.files()) {
            if (!file.outcome().name().startsWith("APPLIED")) {
                String detail = file.decisions().isEmpty() ? "" : " - " + file.decisions().get(0).detail();
                say("   %-34s %s%s", file.file(), file.outcome(), detail);
            }
        }
        if (s.requestsMade() > 0) {
            say("   %d resync request(s) recorded and published", s.requestsMade());
        }
    }

    private static String describe(Map<Outcome, Integer> byOutcome) {
        if (byOutcome.isEmpty()) {
            return "nothing to load";
        }
        List<String> parts = new ArrayList<>();
        // in the outcomes' own order, so that the same run always prints the same line
        new TreeMap<>(byOutcome).forEach((outcome, count) -> parts.add(count + " " + outcome));
        return String.join(", ", parts);
    }

    private void replicate() {
        command("mifsync replicate");
        SiteReplication.Report r = SiteReplication.of(root, store, clock).run(Mode.APPLY,
                (domain, report) -> { });
        r.reports().forEach((domain, report) -> {
            replicasPruned += report.removed().size();
            say("   %-7s copied %d, removed %d, unchanged %d", domain.value(), report.copied().size(),
                    report.removed().size(), report.unchanged().size());
        });
    }

    private void dump(String domain) throws IOException {
        ResyncCfg.Contents contents = DumpSync.of(publisher(CENTRAL)).dump(DomainName.of(domain));
        StringWriter text = new StringWriter();
        try (PrintWriter w = new PrintWriter(text)) {
            RequestCommands.printDump(w, DomainName.of(domain), contents);
        }
        text.toString().lines().forEach(line -> say("   %s", line));
    }

    private Publisher publisher(String site) {
        return Publisher.builder(store, SiteLayout.of(root, SiteCode.of(site))).settings(store.settings()).clock(clock)
                .actor("admin").build();
    }

    private void show(String dir) throws IOException {
        Path path = root.resolve(dir);
        if (!Files.isDirectory(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                say("   %s", root.relativize(f));
            }
        }
    }

    private void summary() {
        out.println();
        out.println("Summary");
        row("clients, and one clone", clients.size() + 1);
        row("reports applied", outcomes.entrySet().stream().filter(e -> e.getKey().name().startsWith("APPLIED"))
                .mapToInt(Map.Entry::getValue).sum());
        for (Outcome reason : List.of(Outcome.VERSION_GAP, Outcome.NO_BASELINE, Outcome.DUPLICATE_ID)) {
            row("refused: " + reason, outcomes.getOrDefault(reason, 0));
        }
        row("resync requests made by the loader", requestsMade);
        row("resyncs acknowledged", outcomes.getOrDefault(Outcome.APPLIED_RESYNC, 0));
        row("requests aged out by dumpsync 30", agedOut);
        row("unusable files moved to BADMIFS", badFiles);
        row("replicas removed (cleared requests, stale files)", replicasPruned);
        out.println();
        out.println("The site directory is " + root + " - look at the files, or try:");
        out.println("  ./mifsync dumpsync --root " + root + " --domain SALES /Dump");
        out.println("  ./mifsync client show --root " + root + " WS-SALES-03");
        out.println("  ./mifsync dumpsync --root " + root + " --all");
        out.flush();
    }

    private void row(String what, int count) {
        out.printf("  %-48s %5d%n", what, count);
    }

    private void chapter(String title, String text) {
        out.println();
        out.println(title);
        text.lines().forEach(l -> out.println("   " + l));
        out.flush();
    }

    private void command(String line) {
        out.println(" $ " + line);
    }

    private void say(String format, Object... args) {
        out.println(String.format(format, args));
        out.flush();
    }

    private String siteDescription() {
        return """
                # The demo hierarchy: a central site and one child site
                [site ABC]
                name = Headquarters

                [site CHD]
                name = Branch office
                parent = ABC

                [domain SALES]
                site = ABC
                logon-server SALESLS1 = logon/salesls1
                logon-server SALESLS2 = logon/salesls2

                [domain BRANCH]
                site = CHD
                logon-server BRANCHLS1 = logon/branchls1
                logon-server BRANCHLS2 = logon/branchls2

                [settings]
                reissue-timeout = 2d
                ; a clone's first report takes the record, so that the two machines alternate (DUPLICATE_ID)
                identity-conflict = merge
                """;
    }
}
