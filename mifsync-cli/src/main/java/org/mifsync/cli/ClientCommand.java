package org.mifsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mifsync.model.Attribute;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.resync.admin.ClientAdmin;
import org.mifsync.resync.admin.ClientView;
import org.mifsync.resync.admin.ConflictAdmin;
import org.mifsync.resync.compare.Decision;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.store.ClassTypes;
import org.mifsync.resync.store.Clients;
import org.mifsync.resync.store.ConflictLedger;
import org.mifsync.resync.admin.Deletion;
import org.mifsync.resync.admin.KindView;
import org.mifsync.resync.files.Mode;
import org.mifsync.resync.admin.Resolution;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.LoadLogEntry;
import org.mifsync.resync.store.StoredRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code mifsync client show|delete|resolve NAME|SMSID} and {@code client conflicts}: what the store
 * holds for a client, the conflicting records held, and changes to them.
 */
@Command(name = "client", mixinStandardHelpOptions = true, description = "Show, delete or resolve one client, named by NetBIOS name (any case) or"
        + " SMSID; list the conflicting records held.", subcommands = { ClientCommand.Show.class,
        ClientCommand.Delete.class, ClientCommand.Resolve.class, ClientCommand.Conflicts.class },
        synopsisSubcommandLabel = "(show | delete | resolve | conflicts)")
final class ClientCommand {

    /** {@code client show}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Show what the store holds for a client: identity, quarantine, identities seen, each kind's"
                    + " version and inventory, blocked and dropped classes, resync requests and the recent load log."},
            footer = {"", "Exit codes: 0 shown, 1 unknown or ambiguous client.", "", "Examples:",
                    "  mifsync client show PC-SALES-07", "  mifsync client show ABC00001 --rows --log 50",
                    "  mifsync client show ABC00001 --json"})
    static final class Show extends StoreCommand {
        @Parameters(index = "0", paramLabel = "NAME|SMSID", description = "The client.")
        String client;

        @Option(names = "--json", description = "Print JSON (every instance with its typed values).")
        boolean json;

        @Option(names = "--rows", description = "Also print every stored instance with its values.")
        boolean rows;

        @Option(names = "--log", paramLabel = "N", defaultValue = "20", description = "How many of the newest load-log"
                + " rows to show (default ${DEFAULT-VALUE}).")
        int log;

        @Override
        int run(InventoryStore store, Clock clock, PrintWriter out) {
            ClientView view = AdminCommands.admin(site, store, clock).show(client, Math.max(0, log));
            if (json) {
                out.println(Json.write(json(view)));
            } else {
                text(view, out);
            }
            return 0;
        }

        private void text(ClientView v, PrintWriter out) {
            var id = v.client().identity();
            out.println("client " + AdminCommands.client(v.client()));
            out.println("  card " + id.netCardId().orElse("(none)") + ", site " + id.site().map(Object::toString)
                    .orElse("(none)") + ", domain " + id.domain().map(Object::toString).orElse("(none)"));
            v.client().quarantinedAt().ifPresent(at -> out.println("  QUARANTINED since " + AdminCommands.time(at)
                    + " UTC: " + v.quarantineDetail().orElse("") + " (resolve with 'mifsync client resolve "
                    + id.smsId() + " --keep CARD|NAME')"));
            for (Clients.SeenIdentity s : v.identities()) {
                out.println("  seen as " + s.nameFolded() + (s.cardFolded().isEmpty() ? "" : " (card " + s.cardFolded()
                        + ")") + ", " + AdminCommands.time(s.firstSeen()) + " to " + AdminCommands.time(s.lastSeen()));
            }
            for (KindView k : v.kinds()) {
                if (k.state().isEmpty()) {
                    out.println(k.kind() + " inventory: no baseline (a delta meets NO_BASELINE)");
                    continue;
                }
                var s = k.state().get();
                out.println(k.kind() + " inventory: version " + s.version() + ", made " + AdminCommands.time(s.generatedAt())
                        + ", accepted " + AdminCommands.time(s.acceptedAt()) + " UTC, " + k.inventory().size()
                        + " instance" + (k.inventory().size() == 1 ? "" : "s"));
                Map<GroupClass, List<GroupInstance>> byClass = new TreeMap<>();
                k.inventory().instances().values().forEach(i -> byClass.computeIfAbsent(i.groupClass(),
                        c -> new ArrayList<>()).add(i));
                List<List<String>> table = new ArrayList<>();
                byClass.forEach((c, list) -> table.add(List.of("  " + c.value(), Integer.toString(list.size()))));
                if (!table.isEmpty()) {
                    RequestCommands.table(out, List.of("  CLASS", "INSTANCES"), table);
                }
                if (rows) {
                    byClass.forEach((c, list) -> list.forEach(i -> {
                        out.println("    " + c.value() + " " + i.key().values().stream().map(AdminCommands::value)
                                .toList());
                        for (Attribute a : i.attributes()) {
                            out.println("      " + a.id() + " " + a.name() + " = " + AdminCommands.value(a.value()));
                        }
                    }));
                }
            }
            for (ClassTypes.Block b : v.blocked()) {
                out.println("BLOCKED class " + b.groupClass() + " since " + AdminCommands.time(b.blockedAt()) + " UTC: "
                        + b.conflicts().stream().map(c -> "attribute " + c.attributeId() + " stored " + c.stored()
                        + ", reported " + c.reported()).toList() + " (way out: 'mifsync class retype|drop|unblock "
                        + id.smsId() + " \"" + b.groupClass() + "\"')");
            }
            for (ClassTypes.Dropped d : v.dropped()) {
                out.println("dropped class " + d.groupClass() + " since " + AdminCommands.time(d.droppedAt())
                        + " UTC (left out of this client's reports)");
            }
            for (ClassTypes.Retyped r : v.retyped()) {
                out.println("retyped class " + r.groupClass() + " attribute " + r.attributeId() + ": " + r.family()
                        + " for this client since " + AdminCommands.time(r.retypedAt()) + " UTC");
            }
            if (v.requests().isEmpty()) {
                out.println("requests: none");
            } else {
                out.println("requests:");
                List<List<String>> table = new ArrayList<>();
                for (StoredRequest r : v.requests()) {
                    var q = r.request();
                    table.add(List.of("  " + q.kind(), AdminCommands.time(q.requestTime()), q.reason().name(),
                            q.state().name(), Integer.toString(r.issueCount()), Integer.toString(q.refusalsSince()),
                            q.requestedBy()));
                }
                RequestCommands.table(out, List.of("  KIND", "REQUEST TIME (UTC)", "REASON", "STATE", "ISSUED",
                        "REFUSED SINCE", "BY"), table);
            }
            if (v.recentLoadLog().isEmpty()) {
                out.println("load log: empty");
            } else {
                out.println("load log (newest " + v.recentLoadLog().size() + "):");
                List<List<String>> table = new ArrayList<>();
                for (LoadLogEntry e : v.recentLoadLog()) {
                    table.add(List.of("  " + AdminCommands.time(e.loggedAt()), e.outcome().name(),
                            e.kind().map(Enum::name).orElse("-"), e.version().orElse("-"), e.source().orElse("-"),
                            e.detail()));
                }
                RequestCommands.table(out, List.of("  TIME (UTC)", "OUTCOME", "KIND", "VERSION", "FILE", "DETAIL"), table);
            }
        }

        private static Json.Obj json(ClientView v) {
            var id = v.client().identity();
            Json.Arr identities = Json.arr();
            v.identities().forEach(s -> identities.add(Json.obj().put("name", s.nameFolded())
                    .put("netCardId", s.cardFolded().isEmpty() ? null : s.cardFolded())
                    .put("firstSeen", s.firstSeen().toString()).put("lastSeen", s.lastSeen().toString())));
            Json.Obj kinds = Json.obj();
            for (KindView k : v.kinds()) {
                Json.Arr instances = AdminCommands.instancesJson(k.inventory());
                kinds.put(k.kind().name(), Json.obj()
                        .put("version", k.state().map(s -> s.version().toString()).orElse(null))
                        .put("generatedAt", k.state().map(s -> s.generatedAt().toString()).orElse(null))
                        .put("acceptedAt", k.state().map(s -> s.acceptedAt().toString()).orElse(null))
                        .put("instances", instances));
            }
            Json.Arr requests = Json.arr();
            for (StoredRequest r : v.requests()) {
                var q = r.request();
                requests.add(Json.obj().put("kind", q.kind().name()).put("requestTime", q.requestTime().toString())
                        .put("reason", q.reason().name()).put("state", q.state().name())
                        .put("requestedBy", q.requestedBy()).put("issueCount", (long) r.issueCount())
                        .put("refusalsSince", (long) q.refusalsSince())
                        .put("firstRequestedAt", r.firstRequestedAt().toString())
                        .put("publishedAt", r.publishedAt().map(Object::toString).orElse(null))
                        .put("acknowledgedAt", q.acknowledgedAt().map(Object::toString).orElse(null))
                        .put("expiredAt", r.expiredAt().map(Object::toString).orElse(null)));
            }
            Json.Arr log = Json.arr();
            for (LoadLogEntry e : v.recentLoadLog()) {
                log.add(Json.obj().put("loggedAt", e.loggedAt().toString()).put("outcome", e.outcome().name())
                        .put("kind", e.kind().map(Enum::name).orElse(null)).put("version", e.version().orElse(null))
                        .put("source", e.source().orElse(null)).put("detail", e.detail()));
            }
            Json.Arr blocked = Json.arr();
            for (ClassTypes.Block b : v.blocked()) {
                Json.Arr conflicts = Json.arr();
                b.conflicts().forEach(c -> conflicts.add(Json.obj().put("attribute", (long) c.attributeId())
                        .put("stored", c.stored().name()).put("reported", c.reported().name())));
                blocked.add(Json.obj().put("class", b.groupClass().value()).put("blockedAt", b.blockedAt().toString())
                        .put("detail", b.detail()).put("conflicts", conflicts));
            }
            Json.Arr dropped = Json.arr();
            v.dropped().forEach(d -> dropped.add(Json.obj().put("class", d.groupClass().value())
                    .put("droppedAt", d.droppedAt().toString())));
            Json.Arr retyped = Json.arr();
            v.retyped().forEach(r -> retyped.add(Json.obj().put("class", r.groupClass().value())
                    .put("attribute", (long) r.attributeId()).put("family", r.family().name())
                    .put("retypedAt", r.retypedAt().toString())));
            return Json.obj().put("smsId", id.smsId().value()).put("name", id.name().value())
                    .put("netCardId", id.netCardId().orElse(null)).put("site", id.site().map(Object::toString).orElse(null))
                    .put("domain", id.domain().map(Object::toString).orElse(null))
                    .put("quarantinedAt", v.client().quarantinedAt().map(Object::toString).orElse(null))
                    .put("quarantineDetail", v.quarantineDetail().orElse(null)).put("identitiesSeen", identities)
                    .put("inventory", kinds).put("blockedClasses", blocked).put("droppedClasses", dropped)
                    .put("retypedAttributes", retyped).put("requests", requests).put("loadLog", log);
        }
    }

    /** {@code client delete}. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Delete a client with its inventory, versions, requests, class decisions and identities"
                    + " (its load log stays). Its next delta meets NO_BASELINE and asks for a complete report; its"
                    + " domain's request files are rewritten without it."},
            footer = {"", "Exit codes: 0 deleted, 1 unknown, ambiguous or another site's client.", "", "Examples:",
                    "  mifsync client delete PC-SALES-07 --dry-run", "  mifsync client delete ABC00001"})
    static final class Delete extends StoreCommand {
        @Parameters(index = "0", paramLabel = "NAME|SMSID", description = "The client.")
        String client;

        @Option(names = "--dry-run", description = "Only say what would be deleted.")
        boolean dryRun;

        @Override
        int run(InventoryStore store, Clock clock, PrintWriter out) throws IOException {
            Deletion d = AdminCommands.admin(site, store, clock).delete(client, mode(dryRun));
            out.println((dryRun ? "would delete " : "deleted ") + "client " + AdminCommands.client(d.client()) + ": "
                    + AdminCommands.kinds(d.instancesDeleted()) + ", " + d.requestsDeleted() + " request"
                    + (d.requestsDeleted() == 1 ? "" : "s") + "; its load log stays");
            if (!dryRun) {
                AdminCommands.republish(site, store, clock, d.client(), false, out);
            }
            return 0;
        }
    }

    /** {@code client resolve}. */
    @Command(name = "resolve", mixinStandardHelpOptions = true,
            description = {"End a DUPLICATE_ID quarantine: two machines reported with one SMSID, and you choose the one"
                    + " that keeps it with --keep CARD|NAME, by its network card ID or its NetBIOS name (as 'client"
                    + " show' lists the identities seen). The other machine needs a new SMSID; until it has one, its"
                    + " next report quarantines the SMSID again, unless --forget-others. A complete report is asked of"
                    + " the kept machine, whose stored inventory may hold the other's rows.",
                    "Or end a conflicting record (IDENTITY_CONFLICT, as 'client conflicts' lists them): --merge applies"
                    + " the held reports in version order (the other machine takes the record), --keep alone discards"
                    + " them (the stored machine keeps it), --block quarantines the SMSID as a DUPLICATE_ID does. The"
                    + " choice is recorded with who made it."},
            footer = {"", "Exit codes: 0 resolved, 1 unknown client, not quarantined or no conflicting record held,"
                    + " --keep matching no identity or several, or a held file gone; 2 no choice or two.", "",
                    "Examples:", "  mifsync client resolve ABC00001 --keep 00:11:22:33:44:55",
                    "  mifsync client resolve ABC00001 --keep PC-SALES-07 --forget-others --dry-run",
                    "  mifsync client resolve ABC00001 --merge", "  mifsync client resolve PC-SALES-07 --keep",
                    "  mifsync client resolve ABC00001 --block"})
    static final class Resolve extends StoreCommand {
        @Parameters(index = "0", paramLabel = "NAME|SMSID", description = "The quarantined client, or the client"
                + " whose conflicting record is held (by its stored name or SMSID).")
        String client;

        @Option(names = "--keep", arity = "0..1", fallbackValue = "", paramLabel = "CARD|NAME", description = "With"
                + " a value: the network card ID or NetBIOS name of the machine that keeps a quarantined SMSID (a card"
                + " is matched first; a name seen with several cards must be given by its card). Alone: discard the"
                + " held conflicting reports; the stored machine keeps the SMSID.")
        String keep;

        @Option(names = "--merge", description = "Apply the held conflicting reports in version order through the"
                + " normal comparison: the other machine takes the record.")
        boolean merge;

        @Option(names = "--block", description = "Quarantine the SMSID of a conflicting record, as a DUPLICATE_ID"
                + " does, until 'client resolve --keep CARD|NAME'.")
        boolean block;

        @Option(names = "--forget-others", description = "Forget the other identities instead of watching them (the"
                + " other machine is gone, or was this one under another name).")
        boolean forgetOthers;

        @Option(names = "--dry-run", description = "Only say what would be done.")
        boolean dryRun;

        @Override
        void checkOptions() {
            int choices = (keep != null ? 1 : 0) + (merge ? 1 : 0) + (block ? 1 : 0);
            if (choices != 1) {
                throw new ParameterException(spec.commandLine(), choices == 0 ? "choose one of --keep CARD|NAME (a"
                        + " quarantine), --merge, --keep or --block (a conflicting record)"
                        : "choose only one of --keep, --merge and --block");
            }
            if (conflict() && forgetOthers) {
                throw new ParameterException(spec.commandLine(), "--forget-others goes with --keep CARD|NAME");
            }
            if (merge && dryRun) {
                throw new ParameterException(spec.commandLine(), "--merge has no dry run: it applies the held reports"
                        + " one by one; 'client conflicts' shows what it would merge");
            }
        }

        /** A choice on a conflicting record rather than the end of a quarantine. */
        private boolean conflict() {
            return merge || block || keep.isBlank();
        }

        @Override
        int run(InventoryStore store, Clock clock, PrintWriter out) throws IOException {
            if (conflict()) {
                return resolveConflict(store, clock, out);
            }
            ClientAdmin admin = AdminCommands.admin(site, store, clock);
            Resolution r = admin.resolve(client, keep, forgetOthers, mode(dryRun));
            StringBuilder line = new StringBuilder(dryRun ? "would resolve " : "resolved ")
                    .append(AdminCommands.client(r.client())).append(": ").append(r.kept().nameFolded())
                    .append(r.kept().cardFolded().isEmpty() ? "" : " (card " + r.kept().cardFolded() + ")")
                    .append(" keeps the SMSID");
            if (!r.forgotten().isEmpty()) {
                line.append("; forgotten: ").append(r.forgotten().stream().map(s -> s.nameFolded()).toList());
            }
            if (!r.watched().isEmpty()) {
                line.append("; still watched (a report from them quarantines the SMSID again): ")
                        .append(r.watched().stream().map(s -> s.nameFolded()).toList());
            }
            if (!r.requested().isEmpty()) {
                line.append("; complete report asked for: ").append(AdminCommands.requests(r.requested()));
            }
            out.println(line);
            if (!dryRun && !r.requested().isEmpty()) {
                AdminCommands.republish(site, store, clock, r.client(), true, out);
            }
            return 0;
        }

        private int resolveConflict(InventoryStore store, Clock clock, PrintWriter out) {
            ConflictAdmin admin = AdminCommands.conflicts(site, store, clock);
            Mode mode = mode(dryRun);
            ConflictAdmin.Choice choice = merge ? admin.merge(client) : block ? admin.block(client, mode)
                    : admin.keep(client, mode);
            out.println((dryRun ? "would have: " : "") + choice.summary());
            for (int i = 0; i < choice.decisions().size(); i++) {
                ConflictLedger.Held h = choice.reports().get(i);
                Decision d = choice.decisions().get(i);
                out.println("  " + h.report().kind() + " " + h.report().version() + " " + h.source().orElse("-")
                        + ": " + d.outcome() + " (" + d.detail() + ")");
            }
            return 0;
        }
    }

    /** {@code client conflicts}. */
    @Command(name = "conflicts", mixinStandardHelpOptions = true,
            description = {"List the conflicting records held for an administrator: reports that came with a stored"
                    + " SMSID but both another name and another network card (a cloned disk image, a re-imaged"
                    + " machine), refused as IDENTITY_CONFLICT (identity-conflict = manual). Each is shown beside the"
                    + " stored identity; end it with 'client resolve NAME|SMSID --merge | --keep | --block'."},
            footer = {"", "Exit codes: 0 listed (also when none is held).", "", "Examples:",
                    "  mifsync client conflicts", "  mifsync client conflicts --json"})
    static final class Conflicts extends StoreCommand {
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        int run(InventoryStore store, Clock clock, PrintWriter out) {
            List<ConflictAdmin.Conflict> conflicts = AdminCommands.conflicts(site, store, clock).conflicts();
            if (json) {
                Json.Arr list = Json.arr();
                conflicts.forEach(c -> list.add(json(c)));
                out.println(Json.write(Json.obj().put("conflicts", list)));
                return 0;
            }
            if (conflicts.isEmpty()) {
                out.println("no conflicting record is held");
                return 0;
            }
            for (ConflictAdmin.Conflict c : conflicts) {
                text(c, out);
            }
            return 0;
        }

        private static void text(ConflictAdmin.Conflict c, PrintWriter out) {
            ClientIdentity stored = c.client().identity();
            ClientIdentity held = c.held();
            out.println("SMSID " + stored.smsId() + ": " + c.reports().size() + " report"
                    + (c.reports().size() == 1 ? "" : "s") + " held since " + AdminCommands.time(c.reports().stream()
                    .map(ConflictLedger.Held::heldAt).min(java.time.Instant::compareTo).orElseThrow()) + " UTC");
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("  name", stored.name().value(), held.name().value()));
            rows.add(List.of("  card", stored.netCardId().orElse("(none)"), held.netCardId().orElse("(none)")));
            rows.add(List.of("  first report", c.storedSeen().map(s -> AdminCommands.time(s.firstSeen())).orElse("-"),
                    AdminCommands.time(c.firstReport())));
            rows.add(List.of("  last report", c.storedSeen().map(s -> AdminCommands.time(s.lastSeen())).orElse("-"),
                    AdminCommands.time(c.lastReport())));
            String servers = c.reports().stream().flatMap(h -> h.cameThrough().stream()).distinct()
                    .collect(java.util.stream.Collectors.joining(", "));
            rows.add(List.of("  came through", where(stored), (servers.isEmpty() ? "" : "logon server " + servers
                    + ", ") + where(held)));
            RequestCommands.table(out, List.of("", "STORED", "HELD"), rows);
            for (ConflictLedger.Held h : c.reports()) {
                out.println("  held " + h.report().kind() + " " + h.report().version() + " made "
                        + AdminCommands.time(h.generatedAt()) + ": " + h.archived().or(h::source).orElse("-"));
            }
            out.println("  resolve: mifsync client resolve " + stored.smsId() + " --merge | --keep | --block");
        }

        private static String where(ClientIdentity identity) {
            return "site " + identity.site().map(Object::toString).orElse("-") + ", domain "
                    + identity.domain().map(Object::toString).orElse("-");
        }

        private static Json.Obj json(ConflictAdmin.Conflict c) {
            Json.Arr reports = Json.arr();
            for (ConflictLedger.Held h : c.reports()) {
                reports.add(Json.obj().put("kind", h.report().kind().name()).put("version", h.report().version())
                        .put("generatedAt", h.generatedAt().toString()).put("heldAt", h.heldAt().toString())
                        .opt("source", h.source()).opt("archived", h.archived()).opt("cameThrough", h.cameThrough()));
            }
            ClientIdentity stored = c.client().identity();
            return Json.obj().put("smsId", stored.smsId().value())
                    .put("stored", identity(stored).put("firstReport", c.storedSeen().map(s -> s.firstSeen().toString())
                            .orElse(null)).put("lastReport", c.storedSeen().map(s -> s.lastSeen().toString()).orElse(null)))
                    .put("held", identity(c.held()).put("firstReport", c.firstReport().toString())
                            .put("lastReport", c.lastReport().toString()))
                    .put("reports", reports);
        }

        private static Json.Obj identity(ClientIdentity identity) {
            return Json.obj().put("name", identity.name().value()).opt("netCardId", identity.netCardId())
                    .put("site", identity.site().map(Object::toString).orElse(null))
                    .put("domain", identity.domain().map(Object::toString).orElse(null));
        }
    }
}
