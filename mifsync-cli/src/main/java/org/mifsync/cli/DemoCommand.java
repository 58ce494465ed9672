package org.mifsync.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.mifsync.cli.demo.SiteDemo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mifsync demo}: the whole story on the embedded store in a fresh site directory, explained
 * as it goes (see {@link SiteDemo}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole mifsync story in a fresh site directory and explain it as it goes: a central"
                + " and a child site, two domains, two dozen clients, complete inventories and deltas, planted faults"
                + " refused with their reasons, requests published, replicated, answered and cleared, invsync,"
                + " dumpsync and replicate at work. The embedded SQLite store; a demo clock lets weeks pass.",
        footer = { "", "Examples:", "  mifsync demo", "  mifsync demo --dir /tmp/mysite" })
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", description = "An empty directory to create the demo site in"
            + " (default: a new temporary one).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path site;
        if (dir == null) {
            site = Files.createTempDirectory("mifsync-demo-");
        } else {
            if (Files.isDirectory(dir)) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException("--dir " + dir + " is not empty; the demo needs a fresh site");
                    }
                }
            }
            site = Files.createDirectories(dir);
        }
        SiteDemo.run(site.toAbsolutePath(), spec.commandLine().getOut());
        return 0;
    }
}
