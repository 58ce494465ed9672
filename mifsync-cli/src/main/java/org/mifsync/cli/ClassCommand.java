package org.mifsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import org.mifsync.model.GroupClass;
import org.mifsync.resync.admin.ClassChange;
import org.mifsync.resync.admin.ClientAdmin;
import org.mifsync.resync.files.Mode;
import org.mifsync.resync.store.InventoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code mifsync class retype|drop|unblock CLIENT CLASS}: the way out of a TYPE_CONFLICT. Nothing is
 * converted, so nothing is truncated: rows are deleted (and counted) and come back from a complete
 * report.
 */
@Command(name = "class", mixinStandardHelpOptions = true, description = "The way out of a TYPE_CONFLICT for one class of one client: retype, drop or"
        + " unblock it. Stored rows are never converted to another type: they are deleted, counted, and come back from"
        + " the client's next complete report.",
        subcommands = { ClassCommand.Retype.class, ClassCommand.Drop.class, ClassCommand.Unblock.class },
        synopsisSubcommandLabel = "(retype | drop | unblock)")
final class ClassCommand {

    /** What the three commands share. */
    abstract static class Change extends StoreCommand {
        @Parameters(index = "0", paramLabel = "CLIENT", description = "The client's NetBIOS name or SMSID.")
        String client;

        @Parameters(index = "1", paramLabel = "CLASS", description = "The group class, e.g."
                + " \"MICROSOFT|DISK|1.0\" (any case; quote the | for the shell).")
        String groupClass;

        @Option(names = "--dry-run", description = "Only say what would be done.")
        boolean dryRun;

        private GroupClass parsed;

        abstract ClassChange change(ClientAdmin admin, GroupClass groupClass, Mode mode);

        @Override
        void checkOptions() {
            try {
                parsed = GroupClass.of(groupClass);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "CLASS: " + e.getMessage());
            }
        }

        @Override
        int run(InventoryStore store, Clock clock, PrintWriter out) throws IOException {
            ClassChange c = change(AdminCommands.admin(site, store, clock), parsed, mode(dryRun));
            out.println((dryRun ? "dry run, nothing changed: " : "") + c.summary());
            if (!dryRun && !c.requested().isEmpty()) {
                AdminCommands.republish(site, store, clock, store.client(c.client()).orElseThrow(), true, out);
            }
            return 0;
        }
    }

    /** {@code class retype}. */
    @Command(name = "retype", mixinStandardHelpOptions = true,
            description = {"Accept, for this client only, the type families its reports gave a blocked class: its"
                    + " stored rows of the class (old types) are deleted, not converted, and a complete report of the"
                    + " class's kind is asked for (FORCED), which stores them in the new types. Other clients keep"
                    + " the class's first-stored types."},
            footer = {"", "Exit codes: 0 retyped, 1 unknown client or class not blocked, 2 usage error.", "",
                    "Examples:", "  mifsync class retype PC-SALES-07 \"MICROSOFT|DISK|1.0\" --dry-run",
                    "  mifsync class retype ABC00001 \"MICROSOFT|DISK|1.0\""})
    static final class Retype extends Change {
        @Override
        ClassChange change(ClientAdmin admin, GroupClass groupClass, Mode mode) {
            return admin.retype(client, groupClass, mode);
        }
    }

    /** {@code class drop}. */
    @Command(name = "drop", mixinStandardHelpOptions = true,
            description = {"Delete the client's stored rows of a class and leave the class out of its reports from now"
                    + " on (the rest of each report is applied), until 'class unblock'. Lifts a block of the class."},
            footer = {"", "Exit codes: 0 dropped, 1 unknown client, 2 usage error.", "", "Examples:",
                    "  mifsync class drop PC-SALES-07 \"MICROSOFT|DISK|1.0\""})
    static final class Drop extends Change {
        @Override
        ClassChange change(ClientAdmin admin, GroupClass groupClass, Mode mode) {
            return admin.drop(client, groupClass, mode);
        }
    }

    /** {@code class unblock}. */
    @Command(name = "unblock", mixinStandardHelpOptions = true,
            description = {"Lift a block (the client reports the stored types again: its next report is checked as"
                    + " usual) or a drop (the class is stored again: a complete report of its kind is asked for)."},
            footer = {"", "Exit codes: 0 unblocked, 1 unknown client or class neither blocked nor dropped, 2 usage"
                    + " error.", "", "Examples:", "  mifsync class unblock PC-SALES-07 \"MICROSOFT|DISK|1.0\""})
    static final class Unblock extends Change {
        @Override
        ClassChange change(ClientAdmin admin, GroupClass groupClass, Mode mode) {
            return admin.unblock(client, groupClass, mode);
        }
    }
}
