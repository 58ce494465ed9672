package org.mifsync.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.mifsync.mif.TextEscapes;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code mifsync} command line. Exit codes: 0 ok, 1 problems found, 2 usage error. Errors go
 * to standard error, one line each, escaped; with {@code --json} standard output holds exactly one
 * JSON object, with an {@code error} member on failure.
 */
@Command(name = "mifsync", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Keep an inventory database in step with its clients, the way SMS 1.2/2.0 did with"
                + " MIF files, Resync.cfg, dumpsync and invsync.",
        subcommands = { MifCommand.class, DemoCommand.class, InvSyncCommand.class, DumpSyncCommand.class,
                PublishCommand.class, SiteCommand.class, LoadCommand.class, ReplicateCommand.class,
                AgentCommand.class, ClientCommand.class, ClassCommand.class, ObjectCommand.class,
                PruneCommand.class, CommandLine.HelpCommand.class },
        footer = { "", "Examples:", "  mifsync mif check --lenient inventory.mif", "  mifsync demo" })
public final class Main {

    /** Exit code for a run that found problems (invalid files, refused requests). */
    static final int PROBLEMS = 1;

    /** The option that asks a command for one JSON object on standard output. */
    static final String JSON_OPTION = "--json";

    /** The database connections this run opened; {@link #run} closes them when the command ends. */
    private final ConnectionPools connectionPools = new ConnectionPools();

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (used by tests too). */
    public static int run(String... args) {
        quietLibraryLogs();
        Main main = new Main();
        try {
            return main.execute(args);
        } finally {
            main.connectionPools.close();
        }
    }

    ConnectionPools connectionPools() {
        return connectionPools;
    }

    private int execute(String... args) {
        CommandLine cli = new CommandLine(this);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String message = Advice.message(e);
            if (commandLine.getParseResult() != null && commandLine.getParseResult().hasMatchedOption(JSON_OPTION)) {
                printJsonError(commandLine.getOut(), message);
            }
            error(commandLine.getErr(), message);
            return PROBLEMS;
        });
        CommandLine.IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, arguments) -> {
            if (asksForJson(arguments)) {
                printJsonError(e.getCommandLine().getOut(), "usage: " + e.getMessage());
            }
            return usage.handleParseException(e, arguments);
        });
        return cli.execute(args);
    }

    /**
     * The commands turn every outcome and failure of the libraries into their own one-line messages;
     * the libraries' warnings on the console would say the same again, in two lines each. Only
     * errors (a bug) are logged, unless the user configures logging.
     */
    private static void quietLibraryLogs() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        Logger root = Logger.getLogger("");
        root.setLevel(Level.SEVERE);
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(Level.SEVERE);
        }
    }

    /** Prints one error line on standard error: {@code mifsync: message}, escaped. */
    static void error(PrintWriter err, String message) {
        err.println("mifsync: " + TextEscapes.forDisplay(message));
        err.flush();
    }

    /** The one JSON object of a command that failed before it had anything else to say. */
    static void printJsonError(PrintWriter out, String message) {
        out.println(Json.line(Json.obj().put("error", message)));
        out.flush();
    }

    /** Whether the command line asked for JSON, before any {@code --} that ends the options. */
    private static boolean asksForJson(String[] arguments) {
        for (String a : List.of(arguments)) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals(JSON_OPTION)) {
                return true;
            }
        }
        return false;
    }
}
