package org.mifsync.cli;

import picocli.CommandLine.Command;

/** {@code mifsync site init|run|check}: set up a site; run it as a service; check its store. */
@Command(name = "site", mixinStandardHelpOptions = true, description = "Set up a site from its site description file,"
        + " run it as a service, or check its store.",
        subcommands = { SiteInitCommand.class, SiteRunCommand.class, SiteCheckCommand.class },
        synopsisSubcommandLabel = "COMMAND")
final class SiteCommand {
}
