package org.mifsync.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mifsync} command line. Exit codes: 0 ok, 1 problems found, 2 usage error. Errors go
 * to standard error, one line each.
 */
@Command(name = "mifsync", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Keep an inventory database in step with its clients, the way SMS 1.2/2.0 did with"
                + " MIF files, Resync.cfg, dumpsync and invsync.",
        subcommands = { MifCommand.class, DemoCommand.class, InvSyncCommand.class, DumpSyncCommand.class,
                PublishCommand.class, SiteCommand.class, LoadCommand.class, ReplicateCommand.class,
                AgentCommand.class, ClientCommand.class, ClassCommand.class, PruneCommand.class,
                CommandLine.HelpCommand.class },
        footer = { "", "Examples:", "  mifsync mif check --lenient inventory.mif", "  mifsync demo" })
public final class Main {

    /** Exit code for a run that found problems (invalid files, refused requests). */
    static final int PROBLEMS = 1;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (used by tests too). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("mifsync: " + e.getMessage());
            return PROBLEMS;
        });
        return cli.execute(args);
    }
}
