package org.mifsync.examples.cli;

import picocli.CommandLine.Command;

/** {@code mifsync site init}: set up a site from its description file (more site commands join here). */
@Command(name = "site", description = "Set up a site from its site description file.",
        subcommands = { SiteInitCommand.class }, synopsisSubcommandLabel = "COMMAND")
final class SiteCommand {
}
