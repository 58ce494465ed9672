package org.mifsync.examples.cli;

import picocli.CommandLine.Command;

/** {@code mifsync site init|run}: set up a site from its description file; run it as a service. */
@Command(name = "site", mixinStandardHelpOptions = true, description = "Set up a site from its site description file, or run it as a service.",
        subcommands = { SiteInitCommand.class, SiteRunCommand.class }, synopsisSubcommandLabel = "COMMAND")
final class SiteCommand {
}
