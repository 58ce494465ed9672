package org.mifsync.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.mifsync.model.Attribute;
import org.mifsync.model.GroupInstance;
import org.mifsync.resync.admin.ObjectAdmin;
import org.mifsync.resync.store.CustomObjects.StoredObject;
import org.mifsync.resync.store.InventoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mifsync object list|show|delete}: the custom objects IDMIFs of other architectures describe. */
@Command(name = "object", mixinStandardHelpOptions = true, description = "List, show or delete custom objects: what"
        + " IDMIFs of architectures other than Personal Computer describe (an Employee, a Printer), each named by its"
        + " architecture and key.", subcommands = { ObjectCommand.List_.class, ObjectCommand.Show.class,
        ObjectCommand.Delete.class }, synopsisSubcommandLabel = "(list | show | delete)")
final class ObjectCommand {

    /** {@code object list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the custom objects stored, by architecture and key, with the version and time of the"
                    + " IDMIF last accepted for each."},
            footer = {"", "Exit codes: 0 listed (also when none is stored).", "", "Examples:",
                    "  mifsync object list", "  mifsync object list Employee --json"})
    static final class List_ extends StoreCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "ARCHITECTURE", description = "Only this architecture"
                + " (any case).")
        String architecture;

        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        int run(InventoryStore store, Clock clock, PrintWriter out) {
            ObjectAdmin admin = ObjectAdmin.of(store);
            List<StoredObject> objects = architecture == null ? admin.list() : admin.list(architecture);
            if (json) {
                Json.Arr list = Json.arr();
                objects.forEach(o -> list.add(json(o)));
                out.println(Json.write(Json.obj().put("objects", list)));
                return 0;
            }
            if (objects.isEmpty()) {
                out.println("no custom object is stored" + (architecture == null ? "" : " of architecture "
                        + architecture.strip()));
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (StoredObject o : objects) {
                rows.add(List.of(o.architecture(), o.key(), o.version().toString(),
                        AdminCommands.time(o.generatedAt()), AdminCommands.time(o.acceptedAt()),
                        o.source().orElse("-")));
            }
            RequestCommands.table(out, List.of("ARCHITECTURE", "KEY", "VERSION", "MADE (UTC)", "ACCEPTED (UTC)",
                    "FILE"), rows);
            return 0;
        }
    }

    /** {@code object show}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Show one custom object: its version and times, and every group its last IDMIF reported"
                    + " with the values (an attribute no longer reported is NULL, and not shown)."},
            footer = {"", "Exit codes: 0 shown, 1 no such object.", "", "Examples:",
                    "  mifsync object show Employee E-10442", "  mifsync object show printer PRN-0042 --json"})
    static final class Show extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ARCHITECTURE", description = "The architecture (any case).")
        String architecture;

        @Parameters(index = "1", paramLabel = "KEY", description = "The object's key: its //UniqueID, or its"
                + " Identification group's key values joined by | (any case).")
        String key;

        @Option(names = "--json", description = "Print JSON (every instance with its typed values).")
        boolean json;

        @Override
        int run(InventoryStore store, Clock clock, PrintWriter out) {
            ObjectAdmin.ObjectView view = ObjectAdmin.of(store).show(architecture, key);
            if (json) {
                out.println(Json.write(json(view.object()).put("instances",
                        AdminCommands.instancesJson(view.inventory()))));
                return 0;
            }
            StoredObject o = view.object();
            out.println(o.architecture() + " " + o.key() + ": version " + o.version() + ", made "
                    + AdminCommands.time(o.generatedAt()) + ", accepted " + AdminCommands.time(o.acceptedAt())
                    + " UTC, first stored " + AdminCommands.time(o.createdAt()) + " UTC, from "
                    + o.source().orElse("-"));
            for (GroupInstance i : view.inventory().instances().values()) {
                out.println("  " + i.groupClass().value() + (i.key().values().isEmpty() ? "" : " "
                        + i.key().values().stream().map(AdminCommands::value).toList()));
                for (Attribute a : i.attributes()) {
                    out.println("    " + a.id() + " " + a.name() + " = " + AdminCommands.value(a.value()));
                }
            }
            return 0;
        }
    }

    /** {@code object delete}. */
    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Delete a custom object with its inventory (the load log keeps its history); its next IDMIF"
                    + " creates it again."},
            footer = {"", "Exit codes: 0 deleted, 1 no such object.", "", "Examples:",
                    "  mifsync object delete Employee E-10442 --dry-run", "  mifsync object delete Employee E-10442"})
    static final class Delete extends StoreCommand {
        @Parameters(index = "0", paramLabel = "ARCHITECTURE", description = "The architecture (any case).")
        String architecture;

        @Parameters(index = "1", paramLabel = "KEY", description = "The object's key (any case).")
        String key;

        @Option(names = "--dry-run", description = "Only say what would be deleted.")
        boolean dryRun;

        @Override
        int run(InventoryStore store, Clock clock, PrintWriter out) {
            ObjectAdmin.ObjectView view = ObjectAdmin.of(store).delete(architecture, key, mode(dryRun));
            int n = view.inventory().size();
            out.println((dryRun ? "would delete " : "deleted ") + view.object().architecture() + " "
                    + view.object().key() + " with " + n + " instance" + (n == 1 ? "" : "s")
                    + "; its load log stays");
            return 0;
        }
    }

    private static Json.Obj json(StoredObject o) {
        return Json.obj().put("architecture", o.architecture()).put("key", o.key())
                .put("version", o.version().toString()).put("generatedAt", o.generatedAt().toString())
                .put("acceptedAt", o.acceptedAt().toString()).put("createdAt", o.createdAt().toString())
                .opt("source", o.source());
    }
}
