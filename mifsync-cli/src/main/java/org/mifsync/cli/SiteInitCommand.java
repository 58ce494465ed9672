package org.mifsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import org.mifsync.resync.site.SiteDescription;
import org.mifsync.resync.site.SiteDescriptionException;
import org.mifsync.resync.site.SiteSetup;
import org.mifsync.resync.site.SiteSetupException;
import org.mifsync.resync.store.InventoryStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mifsync site init FILE}: creates the store and the SMS 1.2 layout from a site description
 * and records the description in the store; run again after editing the file to apply the changes.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create the store and the on-disk layout (SITE.SRV, each logon server's LOGON.SRV) from a"
                + " site description file, and record its sites, domains, logon servers and settings in the store.",
                "Running it again with the same file changes nothing; with a changed file it applies the changes,"
                + " and refuses (changing nothing) to remove a domain or site that still has clients or a logon"
                + " server whose drop box still holds reports. The format: docs/site-description.md."},
        footer = { "", "Examples:", "  mifsync site init --root /srv/mifsync sites.ini",
                "  mifsync site init --root /srv/mifsync --dry-run sites.ini",
                "  mifsync site init --root /srv/mifsync --db-url jdbc:postgresql://dbhost/mifsync?user=mifsync"
                        + " sites.ini" })
final class SiteInitCommand implements Callable<Integer> {

    @Mixin
    SiteOptions options;

    @Option(names = "--dry-run", description = "Show what would change; change nothing.")
    boolean dryRun;

    @Parameters(index = "0", paramLabel = "FILE", description = "The site description file.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SiteDescription description;
        try {
            description = SiteDescription.read(file);
        } catch (NoSuchFileException e) {
            err.println(file + ": no such file");
            err.flush();
            return Main.PROBLEMS;
        } catch (SiteDescriptionException e) {
            e.problems().forEach(err::println);
            err.flush();
            return Main.PROBLEMS;
        }
        // site init makes the site, so the root is the directory given or the current one, never a parent
        Path root = (options.root != null ? options.root : Path.of("")).toAbsolutePath().normalize();
        Clock clock = Clock.systemUTC();
        Path storeFile = root.resolve(SiteOptions.STORE_FILE);
        boolean newStore = options.dbUrl == null && !Files.exists(storeFile);
        Path scratch = null;
        InventoryStore store;
        if (options.dbUrl != null) {
            store = options.openStore(clock);
        } else if (dryRun && newStore) {
            // a dry run must not create the store: plan against an empty one that is thrown away
            scratch = Files.createTempDirectory("mifsync-dry-run-");
            store = InventoryStore.openEmbedded(scratch.resolve("mifsync.db"), clock);
        } else {
            store = InventoryStore.openEmbedded(storeFile, clock);
        }
        boolean refused = false;
        try (store) {
            SiteSetup setup = SiteSetup.of(root, store);
            SiteSetup.Plan plan = dryRun ? setup.plan(description) : setup.apply(description);
            String would = dryRun ? "would " : "";
            if (newStore) {
                out.println(would + "create store " + storeFile);
            }
            for (SiteSetup.Change change : plan.changes()) {
                out.println(would + change);
            }
            for (String note : plan.notes()) {
                out.println("note: " + note);
            }
            if (plan.isEmpty() && !newStore) {
                out.println("no changes: the store and " + root + " already match " + file);
            }
            out.flush();
            return 0;
        } catch (SiteSetupException e) {
            refused = true;
            err.println(file + ": not applied, nothing changed:");
            e.refusals().forEach(r -> err.println("  " + r.text() + Advice.of(r).map(a -> "; " + a).orElse("")));
            err.flush();
            return Main.PROBLEMS;
        } finally {
            if (scratch != null) {
                deleteQuietly(scratch);
            }
            if (refused && newStore && scratch == null) {
                // the store this run created holds nothing yet: take it away, so that nothing changed
                for (String suffix : new String[] {"", "-wal", "-shm"}) {
                    Files.deleteIfExists(storeFile.resolveSibling(storeFile.getFileName() + suffix));
                }
                try {
                    Files.deleteIfExists(storeFile.getParent());
                } catch (java.nio.file.DirectoryNotEmptyException e) {
                    // SITE.SRV was there before, with other things in it
                }
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
