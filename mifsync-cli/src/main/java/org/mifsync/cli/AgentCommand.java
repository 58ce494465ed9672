package org.mifsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

import org.mifsync.mif.TextEscapes;
import org.mifsync.model.GroupClass;
import org.mifsync.resync.agent.Agent;
import org.mifsync.resync.agent.AgentException;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mifsync agent}: the client side, standing in for SMS's inventory agents. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Send this computer's inventory to its logon server, as SMS's inventory agent did: a delta"
                + " against what was last sent, or a complete report when the site asks for one (a request for"
                + " this SMSID in LOGON.SRV/RESYNC.CFG or LOGON.SRV/INVENCFG.BOX/<SMSID>.CFG whose time differs"
                + " from the one last answered), on /F or on /X.",
                "The inventory is a MIF file or a directory of MIF files (a real collector is out of scope). The"
                + " state directory keeps, per kind, the last inventory sent, its version and the last request"
                + " time answered."},
        footer = { "", "Examples:",
                "  mifsync agent --logon-server /mnt/ls1 --state /var/lib/mifsync-agent inventory.mif",
                "  mifsync agent --logon-server /mnt/ls1 --state /var/lib/mifsync-agent /F inventory.mif" })
final class AgentCommand implements Callable<Integer> {

    @Option(names = "--logon-server", required = true, paramLabel = "DIR",
            description = "The logon server's root: the directory holding LOGON.SRV (a mounted SMS_SHR share).")
    Path logonServer;

    @Option(names = "--state", required = true, paramLabel = "DIR",
            description = "The client's state directory (created on first use).")
    Path state;

    @Option(names = { "/F", "/f", "--full" }, description = "Send a complete inventory of every kind flagged as a"
            + " resync (SMS's /F).")
    boolean full;

    @Option(names = { "/X", "/x", "--complete" }, description = "Send a complete inventory of every kind, not flagged"
            + " as a resync (SMS's /X: less work for the site's loader than /F).")
    boolean complete;

    @Option(names = "--software-class", paramLabel = "CLASS", description = "A group class that is software"
            + " inventory, as the site counts them; repeat for more. Default: MICROSOFT|SOFTWARE|1.0.")
    List<String> softwareClasses;

    @Parameters(index = "0", paramLabel = "INVENTORY", description = "A MIF file, or a directory of MIF files.")
    Path inventory;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (full && complete) {
            throw new CommandLine.ParameterException(spec.commandLine(), "/F and /X cannot be given together");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Agent.Builder builder = Agent.builder(state, logonServer).clock(Clock.systemUTC());
        if (softwareClasses != null) {
            builder.softwareClasses(softwareClasses.stream().map(GroupClass::of).toList());
        }
        Agent.Mode mode = full ? Agent.Mode.FORCED_RESYNC : complete ? Agent.Mode.COMPLETE : Agent.Mode.DELTA;
        Agent.Report result;
        try {
            result = builder.build().run(inventory, mode);
        } catch (AgentException e) {
            e.getMessage().lines().map(TextEscapes::forDisplay).forEach(err::println);
            err.flush();
            return Main.PROBLEMS;
        }
        result.warnings().forEach(err::println);
        for (Agent.Sent sent : result.sent()) {
            out.println(line(result, sent));
        }
        for (var file : result.delivered()) {
            if (result.sent().stream().noneMatch(s -> s.file().filter(file::equals).isPresent())) {
                out.println(result.smsId() + ": delivered " + file + " (kept from an earlier run)");
            }
        }
        out.flush();
        err.flush();
        return 0;
    }

    private static String line(Agent.Report result, Agent.Sent s) {
        String head = result.smsId() + " " + s.kind() + ": ";
        String to = s.file().map(f -> " -> " + f).orElse("");
        return switch (s.action()) {
            case UNCHANGED -> head + "unchanged, nothing sent (last sent " + s.version() + ")";
            case DELTA -> head + "delta " + s.version() + " (" + s.adds() + " added, " + s.updates() + " updated, "
                    + s.deletes() + " deleted)" + to;
            case FULL -> head + "full " + s.version() + " (" + s.instances() + " groups)" + to;
            case RESYNC -> head + "resync " + s.version() + " (" + s.instances() + " groups"
                    + s.answersRequest().map(t -> ", answering the request of " + RequestCommands.time(t) + " UTC")
                            .orElse(", forced") + ")" + to;
        };
    }
}
