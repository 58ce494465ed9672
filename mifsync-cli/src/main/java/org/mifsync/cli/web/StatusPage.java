package org.mifsync.cli.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.mifsync.model.DomainName;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.LogonServer;
import org.mifsync.model.Site;
import org.mifsync.model.SmsDomain;
import org.mifsync.resync.admin.AdminException;
import org.mifsync.resync.admin.ClientView;
import org.mifsync.resync.admin.KindView;
import org.mifsync.resync.admin.SiteStatus;
import org.mifsync.resync.requests.PendingRequest;
import org.mifsync.resync.site.SiteCycle;
import org.mifsync.resync.store.ClassTypes;
import org.mifsync.resync.store.Clients;
import org.mifsync.resync.store.LoadLogEntry;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.StoreAdmin;
import org.mifsync.resync.store.StoredRequest;

/**
 * The status page and a client's page, as plain server-rendered HTML through {@link Html} (every
 * value escaped); the outcomes chart is inline SVG drawn here. No script. Thread-safe.
 */
final class StatusPage {

    /** The stylesheet: a constant, served at {@link StatusServer#STYLE_PATH}. */
    static final String STYLE = """
            :root { color-scheme: light; --ok: #2e7d32; --bad: #c62828; --muted: #666; }
            body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem; color: #222; }
            header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 1rem; border-bottom: 1px solid #ddd; }
            header h1 { font-size: 1.4rem; margin: .4rem 0; }
            nav a { margin-right: .8rem; }
            form.search { margin-left: auto; }
            form.search input[type=search] { width: 16rem; padding: .2rem .4rem; }
            h2 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
            table { border-collapse: collapse; margin: .3rem 0 .8rem; }
            th, td { text-align: left; padding: .15rem .7rem .15rem 0; border-bottom: 1px solid #eee; vertical-align: top; }
            th { font-weight: 600; color: #444; }
            td.n, th.n { text-align: right; }
            .ok { color: var(--ok); font-weight: 600; }
            .bad { color: var(--bad); font-weight: 600; }
            .muted { color: var(--muted); }
            .figures { display: flex; flex-wrap: wrap; gap: .6rem 2rem; margin: .8rem 0; }
            .figures div { min-width: 9rem; }
            .figures b { display: block; font-size: 1.3rem; }
            .legend span { margin-right: 1rem; white-space: nowrap; }
            svg.chart { width: 100%; max-width: 60rem; height: auto; border: 1px solid #eee; }
            """;

    /** The page's icon: a constant, served at {@link StatusServer#ICON_PATH}. */
    static final String ICON = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\">"
            + "<rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#2e7d32\"/>"
            + "<path d=\"M3 11h2V7H3zm4 0h2V4H7zm4 0h2V8h-2z\" fill=\"#fff\"/></svg>";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** The most pending requests listed per domain, oldest first. */
    static final int ROWS_PER_DOMAIN = 50;

    /** The chart's window and slice. */
    static final Duration CHART_WINDOW = Duration.ofDays(1);
    static final Duration CHART_SLICE = Duration.ofHours(1);

    private static final Map<Outcome, String> COLOURS = colours();

    private final SiteWatch watch;

    StatusPage(SiteWatch watch) {
        this.watch = watch;
    }

    /** A page and its HTTP status. */
    record Rendered(int status, String html) {
    }

    // ------------------------------------------------------------------------------- the status page

    String home() {
        SiteStatus.Snapshot s = watch.status().snapshot();
        Html h = new Html().document("mifsync site status");
        h.open("body");
        header(h, s.sites().isEmpty() ? "mifsync" : "mifsync site " + s.sites().get(0).code(), "");
        h.open("main");
        figures(h, s);
        hierarchy(h, s);
        cycles(h);
        chart(h, s.at());
        pending(h, s);
        stuck(h, s);
        quarantined(h, s);
        h.close("main");
        footer(h, s.at());
        h.close("body").close("html");
        return h.toString();
    }

    private void header(Html h, String title, String query) {
        h.open("header").element("h1", title).open("nav", "aria-label", "site")
                .element("a", "Status", "href", "/", "id", "nav-status")
                .element("a", "Metrics", "href", "/metrics", "id", "nav-metrics")
                .element("a", "Readiness", "href", "/health/ready", "id", "nav-ready").close("nav");
        h.open("form", "class", "search", "method", "get", "action", "/client", "role", "search")
                .element("label", "Client ", "for", "q")
                .open("input", "type", "search", "id", "q", "name", "q", "value", query,
                        "placeholder", "NetBIOS name or SMSID", "required", "required")
                .element("button", "Find", "type", "submit").close("form");
        h.close("header");
        Optional<String> notReady = watch.notReady();
        h.open("p", "id", "readiness");
        if (notReady.isEmpty()) {
            h.element("span", "Ready", "class", "ok").text(": the store answers and the last cycle had no failure.");
        } else {
            h.element("span", "Not ready", "class", "bad").text(": " + notReady.get());
        }
        h.close("p");
    }

    private void footer(Html h, Instant at) {
        h.open("footer").element("p", "Read at " + TIME.format(at) + " UTC. This page changes nothing;"
                + " it is drawn again on each load.", "class", "muted").close("footer");
    }

    private static void figures(Html h, SiteStatus.Snapshot s) {
        h.open("section", "class", "figures", "id", "figures");
        figure(h, "inbox", "reports waiting", Integer.toString(s.inbox().reports()));
        figure(h, "oldest", "oldest waiting", s.inbox().oldest().map(t -> age(Duration.between(t, s.at())))
                .orElse("-"));
        figure(h, "pending", "requests pending", Integer.toString(s.pending().size()));
        figure(h, "stuck-count", "requests stuck", Integer.toString(s.stuck().size()));
        figure(h, "quarantined-count", "clients quarantined", Integer.toString(s.quarantinedCount()));
        figure(h, "badmifs", "files in BADMIFS", Integer.toString(s.badMifs()));
        figure(h, "store-size", "store size", bytes(s.storeBytes()));
        h.close("section");
    }

    private static void figure(Html h, String id, String label, String value) {
        h.open("div", "id", "figure-" + id).element("b", value).text(label).close("div");
    }

    private void hierarchy(Html h, SiteStatus.Snapshot s) {
        Map<String, SiteCycle.LogonServerCollect> last = new LinkedHashMap<>();
        for (SiteCycle.LogonServerCollect c : watch.lastCollect()) {
            last.put(SiteWatch.serverKey(c), c);
        }
        h.open("section", "id", "hierarchy").element("h2", "Sites, domains and logon servers");
        h.open("table").open("thead").open("tr").element("th", "Site").element("th", "Domain")
                .element("th", "Logon server").element("th", "Last cycle").element("th", "Problems", "class", "n")
                .element("th", "Files since start", "class", "n").close("tr").close("thead").open("tbody");
        for (Site site : s.sites()) {
            List<SmsDomain> domains = s.domains().stream().filter(d -> d.site().equals(site.code()))
                    .sorted((a, b) -> a.name().folded().compareTo(b.name().folded())).toList();
            String siteText = site.code() + " " + site.name() + site.parent().map(p -> " (child of " + p + ")")
                    .orElse(" (central)");
            if (domains.isEmpty()) {
                h.open("tr").element("td", siteText).element("td", "no domain", "class", "muted").open("td").close("td")
                        .open("td").close("td").open("td").close("td").open("td").close("td").close("tr");
            }
            for (SmsDomain d : domains) {
                for (LogonServer server : d.logonServers()) {
                    String key = SiteWatch.serverKey(d.name(), server.name().toString());
                    SiteCycle.LogonServerCollect c = last.get(key);
                    h.open("tr", "class", "logon-server").element("td", siteText).element("td", d.name())
                            .element("td", server.name(), "title", server.root().toString());
                    if (c == null) {
                        h.element("td", "not collected yet", "class", "muted").element("td", "", "class", "n")
                                .element("td", "", "class", "n");
                    } else {
                        h.element("td", c.answered() ? "answered" : "did not answer", "class",
                                c.answered() ? "ok" : "bad").element("td", c.problems(), "class", "n")
                                .element("td", watch.collectedSinceStart(key), "class", "n");
                    }
                    h.close("tr");
                }
            }
        }
        h.close("tbody").close("table").close("section");
    }

    private void cycles(Html h) {
        List<SiteWatch.CycleLine> lines = watch.lastCycles();
        h.open("section", "id", "cycles").element("h2", "Last cycles");
        Optional<SiteWatch.CycleLine> newest = watch.newestCycle();
        h.element("p", newest.map(c -> "Newest: cycle " + c.number() + ", started " + TIME.format(c.started())
                + " UTC. Cycles that found nothing to do are not listed.").orElse("No cycle has finished yet."),
                "class", "muted", "id", "newest-cycle");
        if (lines.isEmpty()) {
            h.close("section");
            return;
        }
        h.open("table").open("thead").open("tr");
        for (String c : List.of("Cycle", "Started (UTC)", "Took", "Collected", "Loaded", "Applied", "Refused", "Bad",
                "Requests", "Published", "Waiting", "Result")) {
            h.element("th", c);
        }
        h.close("tr").close("thead").open("tbody");
        for (SiteWatch.CycleLine c : lines) {
            int refused = c.refused().values().stream().mapToInt(Integer::intValue).sum();
            h.open("tr").element("td", c.number(), "class", "n").element("td", TIME.format(c.started()))
                    .element("td", c.took().toMillis() + " ms", "class", "n").element("td", c.collected(), "class", "n")
                    .element("td", c.loaded(), "class", "n").element("td", c.applied(), "class", "n")
                    .element("td", refused, "class", "n", "title", c.refused().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")))
                    .element("td", c.bad(), "class", "n").element("td", c.requests(), "class", "n")
                    .element("td", c.published(), "class", "n").element("td", c.waiting(), "class", "n");
            if (c.failure().isEmpty()) {
                h.element("td", "ok", "class", "ok");
            } else {
                h.element("td", "failed: " + c.failure().get(), "class", "bad");
            }
            h.close("tr");
        }
        h.close("tbody").close("table").close("section");
    }

    /** Stacked bars of the load log's outcomes per hour over the last day, as inline SVG. */
    private void chart(Html h, Instant now) {
        Instant end = now.truncatedTo(ChronoUnit.HOURS).plus(CHART_SLICE);
        Instant start = end.minus(CHART_WINDOW);
        List<StoreAdmin.OutcomeCount> counts = watch.status().outcomes(Duration.between(start, now), CHART_SLICE);
        int slices = (int) (CHART_WINDOW.toMillis() / CHART_SLICE.toMillis());
        List<Map<Outcome, Integer>> bars = new ArrayList<>();
        for (int i = 0; i < slices; i++) {
            bars.add(new EnumMap<>(Outcome.class));
        }
        Map<Outcome, Integer> totals = new EnumMap<>(Outcome.class);
        for (StoreAdmin.OutcomeCount c : counts) {
            int i = (int) (Duration.between(start, c.sliceStart()).toMillis() / CHART_SLICE.toMillis());
            if (i >= 0 && i < slices) {
                bars.get(i).merge(c.outcome(), c.count(), Integer::sum);
                totals.merge(c.outcome(), c.count(), Integer::sum);
            }
        }
        int max = Math.max(1, bars.stream().mapToInt(b -> b.values().stream().mapToInt(Integer::intValue).sum())
                .max().orElse(0));
        int width = 720;
        int height = 160;
        int left = 40;
        int bottom = 20;
        int barWidth = (width - left) / slices;
        h.open("section", "id", "outcomes").element("h2", "Outcomes over the last day");
        h.open("svg", "class", "chart", "id", "outcome-chart", "xmlns", "http://www.w3.org/2000/svg",
                "viewbox", "0 0 " + width + " " + (height + bottom), "role", "img",
                "aria-label", "decisions per hour by outcome, last 24 hours");
        h.element("text", max, "x", "2", "y", "12", "font-size", "11", "fill", "#666");
        h.element("text", "0", "x", "2", "y", Integer.toString(height), "font-size", "11", "fill", "#666");
        h.open("line", "x1", Integer.toString(left - 2), "y1", Integer.toString(height), "x2", Integer.toString(width),
                "y2", Integer.toString(height), "stroke", "#999").close("line");
        for (int i = 0; i < slices; i++) {
            int x = left + i * barWidth;
            double y = height;
            for (Outcome o : SiteWatch.outcomeOrder()) {
                Integer n = bars.get(i).get(o);
                if (n == null) {
                    continue;
                }
                double bar = (double) n * (height - 16) / max;
                y -= bar;
                h.open("rect", "x", Integer.toString(x + 1), "y", String.format(Locale.ROOT, "%.1f", y), "width",
                        Integer.toString(barWidth - 2), "height", String.format(Locale.ROOT, "%.1f", bar), "fill",
                        COLOURS.get(o), "class", "bar").element("title", HOUR.format(start.plus(CHART_SLICE
                        .multipliedBy(i))) + ":00 UTC " + o + " " + n).close("rect");
            }
            if (i % 3 == 0) {
                h.element("text", HOUR.format(start.plus(CHART_SLICE.multipliedBy(i))), "x", Integer.toString(x),
                        "y", Integer.toString(height + 14), "font-size", "11", "fill", "#666");
            }
        }
        h.close("svg");
        h.open("p", "class", "legend", "id", "outcome-legend");
        if (totals.isEmpty()) {
            h.element("span", "No report was decided in the last day.", "class", "muted");
        }
        for (Outcome o : SiteWatch.outcomeOrder()) {
            if (totals.containsKey(o)) {
                // a swatch of its own: the page's policy allows no inline style
                h.open("span").open("svg", "class", "swatch", "width", "10", "height", "10", "viewbox", "0 0 10 10",
                        "xmlns", "http://www.w3.org/2000/svg").open("rect", "width", "10", "height", "10", "fill",
                        COLOURS.get(o)).close("rect").close("svg").text(" " + o + " " + totals.get(o)).close("span");
            }
        }
        h.close("p").close("section");
    }

    private static void pending(Html h, SiteStatus.Snapshot s) {
        h.open("section", "id", "pending").element("h2", "Pending requests per domain");
        if (s.pending().isEmpty()) {
            h.element("p", "No request is pending.", "class", "muted").close("section");
            return;
        }
        Map<String, List<PendingRequest>> byDomain = new TreeMap<>();
        for (PendingRequest p : s.pending()) {
            byDomain.computeIfAbsent(p.domain().map(DomainName::toString).orElse(SiteWatch.NO_DOMAIN),
                    d -> new ArrayList<>()).add(p);
        }
        byDomain.forEach((domain, list) -> {
            Map<String, Long> reasons = list.stream().collect(Collectors.groupingBy(p -> p.reason().name(),
                    TreeMap::new, Collectors.counting()));
            h.open("h3").text(domain + ": " + list.size() + " (" + reasons.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")").close("h3");
            // a mass resync leaves thousands waiting: the oldest are the ones to look at
            List<PendingRequest> oldest = list.stream().sorted(java.util.Comparator.comparing(
                    PendingRequest::firstRequestedAt)).limit(ROWS_PER_DOMAIN).toList();
            requestTable(h, oldest, s.at(), "pending-" + domain);
            if (list.size() > oldest.size()) {
                h.element("p", "… and " + (list.size() - oldest.size()) + " younger; 'mifsync dumpsync --all' lists"
                        + " them all.", "class", "muted");
            }
        });
        h.close("section");
    }

    private static void stuck(Html h, SiteStatus.Snapshot s) {
        h.open("section", "id", "stuck").element("h2", "Stuck requests (re-issued more than "
                + s.settings().stuckThreshold() + " times)");
        if (s.stuck().isEmpty()) {
            h.element("p", "No request is stuck.", "class", "muted");
        } else {
            requestTable(h, s.stuck(), s.at(), "stuck-table");
        }
        h.close("section");
    }

    private static void requestTable(Html h, List<PendingRequest> list, Instant now, String id) {
        h.open("table", "id", id).open("thead").open("tr");
        for (String c : List.of("Client", "SMSID", "Kind", "Reason", "State", "Age", "Re-issued", "Site")) {
            h.element("th", c);
        }
        h.close("tr").close("thead").open("tbody");
        for (PendingRequest p : list) {
            h.open("tr").open("td").element("a", p.clientName(), "href", clientLink(p.smsId().value()), "class",
                    "client").close("td").element("td", p.smsId()).element("td", p.kind()).element("td", p.reason())
                    .element("td", p.state()).element("td", age(Duration.between(p.firstRequestedAt(), now)), "title",
                            "first requested " + TIME.format(p.firstRequestedAt()) + " UTC")
                    .element("td", p.reissues(), "class", "n").element("td", p.site().map(Object::toString).orElse("-"))
                    .close("tr");
        }
        h.close("tbody").close("table");
    }

    private static void quarantined(Html h, SiteStatus.Snapshot s) {
        h.open("section", "id", "quarantined").element("h2", "Quarantined clients");
        if (s.quarantined().isEmpty()) {
            h.element("p", "No client is quarantined.", "class", "muted").close("section");
            return;
        }
        h.open("table", "id", "quarantined-table").open("thead").open("tr").element("th", "Client").element("th", "SMSID")
                .element("th", "Since (UTC)").element("th", "Why").close("tr").close("thead").open("tbody");
        for (StoreAdmin.Quarantined q : s.quarantined()) {
            h.open("tr").open("td").element("a", q.name(), "href", clientLink(q.smsId().value()), "class", "client")
                    .close("td").element("td", q.smsId()).element("td", TIME.format(q.since())).element("td", q.detail())
                    .close("tr");
        }
        h.close("tbody").close("table");
        if (s.quarantinedCount() > s.quarantined().size()) {
            h.element("p", "… and " + (s.quarantinedCount() - s.quarantined().size()) + " more.", "class", "muted");
        }
        h.close("section");
    }

    // ------------------------------------------------------------------------------- a client

    Rendered client(String query) {
        String q = query.strip();
        Html h = new Html().document("mifsync client " + q);
        h.open("body");
        header(h, "Client " + q, q);
        h.open("main");
        int status = 200;
        if (q.isEmpty()) {
            h.element("p", "Give a NetBIOS name or an SMSID.", "id", "client-error");
            status = 400;
        } else {
            try {
                clientView(h, watch.status().client(q, 20));
            } catch (AdminException e) {
                h.element("p", e.getMessage(), "id", "client-error", "class", "bad");
                status = e.kind() == AdminException.Kind.NOT_FOUND ? 404 : 409;
            }
        }
        h.close("main");
        footer(h, watch.clock().instant());
        h.close("body").close("html");
        return new Rendered(status, h.toString());
    }

    private static void clientView(Html h, ClientView v) {
        var id = v.client().identity();
        h.open("section", "id", "client");
        h.open("table", "id", "client-identity").open("tbody");
        row(h, "Name", id.name());
        row(h, "SMSID", id.smsId());
        row(h, "Network card", id.netCardId().orElse("(none)"));
        row(h, "Site", id.site().map(Object::toString).orElse("(none)"));
        row(h, "Domain", id.domain().map(Object::toString).orElse("(none)"));
        h.close("tbody").close("table");
        v.client().quarantinedAt().ifPresent(at -> h.open("p", "class", "bad", "id", "client-quarantine")
                .text("QUARANTINED since " + TIME.format(at) + " UTC: " + v.quarantineDetail().orElse("")
                        + " (resolve with 'mifsync client resolve " + id.smsId() + " --keep CARD|NAME')").close("p"));
        if (!v.identities().isEmpty()) {
            h.element("h2", "Identities seen").open("ul");
            for (Clients.SeenIdentity s : v.identities()) {
                h.element("li", s.nameFolded() + (s.cardFolded().isEmpty() ? "" : " (card " + s.cardFolded() + ")")
                        + ", " + TIME.format(s.firstSeen()) + " to " + TIME.format(s.lastSeen()) + " UTC");
            }
            h.close("ul");
        }
        for (KindView k : v.kinds()) {
            h.open("h2").text(k.kind() + " inventory").close("h2");
            if (k.state().isEmpty()) {
                h.element("p", "No baseline (a delta meets NO_BASELINE).", "class", "muted");
                continue;
            }
            var s = k.state().get();
            h.element("p", "Version " + s.version() + ", made " + TIME.format(s.generatedAt()) + ", accepted "
                    + TIME.format(s.acceptedAt()) + " UTC, " + k.inventory().size() + " instance"
                    + (k.inventory().size() == 1 ? "" : "s") + ".", "id", "kind-" + k.kind());
            Map<GroupClass, Integer> byClass = new TreeMap<>();
            for (GroupInstance i : k.inventory().instances().values()) {
                byClass.merge(i.groupClass(), 1, Integer::sum);
            }
            if (!byClass.isEmpty()) {
                h.open("table", "class", "classes").open("thead").open("tr").element("th", "Class")
                        .element("th", "Instances", "class", "n").close("tr").close("thead").open("tbody");
                byClass.forEach((c, n) -> h.open("tr").element("td", c.value()).element("td", n, "class", "n")
                        .close("tr"));
                h.close("tbody").close("table");
            }
        }
        for (ClassTypes.Block b : v.blocked()) {
            h.element("p", "BLOCKED class " + b.groupClass() + " since " + TIME.format(b.blockedAt()) + " UTC: "
                    + b.conflicts().stream().map(c -> "attribute " + c.attributeId() + " stored " + c.stored()
                    + ", reported " + c.reported()).toList(), "class", "bad");
        }
        for (ClassTypes.Dropped d : v.dropped()) {
            h.element("p", "Dropped class " + d.groupClass() + " since " + TIME.format(d.droppedAt()) + " UTC.");
        }
        for (ClassTypes.Retyped r : v.retyped()) {
            h.element("p", "Retyped class " + r.groupClass() + " attribute " + r.attributeId() + ": " + r.family()
                    + " since " + TIME.format(r.retypedAt()) + " UTC.");
        }
        h.element("h2", "Requests");
        if (v.requests().isEmpty()) {
            h.element("p", "None.", "class", "muted", "id", "client-requests");
        } else {
            h.open("table", "id", "client-requests").open("thead").open("tr");
            for (String c : List.of("Kind", "Request time (UTC)", "Reason", "State", "Issued", "Refused since", "By")) {
                h.element("th", c);
            }
            h.close("tr").close("thead").open("tbody");
            for (StoredRequest r : v.requests()) {
                var q = r.request();
                h.open("tr").element("td", q.kind()).element("td", TIME.format(q.requestTime()))
                        .element("td", q.reason()).element("td", q.state()).element("td", r.issueCount(), "class", "n")
                        .element("td", q.refusalsSince(), "class", "n").element("td", q.requestedBy()).close("tr");
            }
            h.close("tbody").close("table");
        }
        h.element("h2", "Load log (newest " + v.recentLoadLog().size() + ")");
        h.open("table", "id", "client-load-log").open("thead").open("tr");
        for (String c : List.of("Time (UTC)", "Outcome", "Kind", "Version", "File", "Detail")) {
            h.element("th", c);
        }
        h.close("tr").close("thead").open("tbody");
        for (LoadLogEntry e : v.recentLoadLog()) {
            h.open("tr").element("td", TIME.format(e.loggedAt())).element("td", e.outcome())
                    .element("td", e.kind().map(Enum::name).orElse("-")).element("td", e.version().orElse("-"))
                    .element("td", e.source().orElse("-")).element("td", e.detail()).close("tr");
        }
        h.close("tbody").close("table").close("section");
    }

    private static void row(Html h, String label, Object value) {
        h.open("tr").element("th", label).element("td", value).close("tr");
    }

    String notFound(String path) {
        Html h = new Html().document("not found");
        h.open("body");
        header(h, "Not found", "");
        h.element("p", "Nothing is served at " + path + ".", "id", "not-found").close("body").close("html");
        return h.toString();
    }

    // ------------------------------------------------------------------------------- helpers

    static String clientLink(String smsIdOrName) {
        return "/client?q=" + URLEncoder.encode(smsIdOrName, StandardCharsets.UTF_8);
    }

    /** An age as people read it: 45 s, 12 min, 3 h 20 min, 2 d 4 h. */
    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min";
        }
        if (s < 86_400) {
            return s / 3600 + " h " + (s % 3600) / 60 + " min";
        }
        return s / 86_400 + " d " + (s % 86_400) / 3600 + " h";
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static Map<Outcome, String> colours() {
        Map<Outcome, String> c = new EnumMap<>(Outcome.class);
        String[] palette = {"#2e7d32", "#43a047", "#81c784", "#90a4ae", "#b0bec5", "#ef6c00", "#f9a825", "#8d6e63",
            "#6a1b9a", "#ad1457", "#5d4037", "#455a64", "#1565c0", "#c62828", "#00838f", "#4e342e"};
        int i = 0;
        for (Outcome o : Outcome.values()) {
            c.put(o, palette[i++ % palette.length]);
        }
        return c;
    }
}
