package org.mifsync.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;

import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.StoreCheck;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the site lives and which site a command runs as: shared by every command that works on
 * a site. The store is the embedded SQLite file {@code SITE.SRV/mifsync.db} under the central
 * site's root unless {@code --db-url} names a PostgreSQL database.
 */
final class SiteOptions {

    /** The embedded store, relative to the root. */
    static final String STORE_FILE = "SITE.SRV/mifsync.db";

    /** The command this is part of: its root command holds the run's connection pools. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--root", paramLabel = "DIR", description = "The central site's root directory (the one"
            + " holding SITE.SRV). Default: the current directory or the nearest parent holding SITE.SRV.")
    Path root;

    @Option(names = "--site", paramLabel = "CODE", description = "The site this command runs as."
            + " Default: the central site, whose root this is.")
    String site;

    @Option(names = "--db-url", paramLabel = "JDBC-URL", description = "Use this PostgreSQL database instead of"
            + " the embedded file " + STORE_FILE + ", e.g. jdbc:postgresql://dbhost/mifsync?user=mifsync")
    String dbUrl;

    /** The root given, or found by walking up from the working directory to a folder with SITE.SRV. */
    Path root() {
        if (root != null) {
            return root.toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("SITE.SRV"))) {
                return dir;
            }
        }
        throw new IllegalArgumentException("no site here: give --root DIR (the directory holding SITE.SRV),"
                + " or create one with 'mifsync site init'");
    }

    /** Opens the store; the caller closes it. */
    InventoryStore openStore(Clock clock) {
        if (dbUrl != null) {
            return InventoryStore.open(pooledDbUrl(), clock);
        }
        Path file = root().resolve(STORE_FILE);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no store at " + file + ": create the site with 'mifsync site init'");
        }
        return InventoryStore.openEmbedded(file, clock);
    }

    /** Checks the store without opening it for use (an open would migrate it first). */
    StoreCheck.Report checkStore(StoreCheck.Depth depth) {
        if (dbUrl != null) {
            return StoreCheck.of(pooledDbUrl(), depth);
        }
        Path file = root().resolve(STORE_FILE);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no store at " + file + ": create the site with 'mifsync site init'");
        }
        return StoreCheck.embedded(file, depth);
    }

    /** The run's pool on {@code --db-url}, closed when the command ends. */
    private DataSource pooledDbUrl() {
        return ((Main) command.root().userObject()).connectionPools().on(dbUrl);
    }
}
