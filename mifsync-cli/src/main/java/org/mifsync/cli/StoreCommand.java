package org.mifsync.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.mifsync.resync.files.Mode;
import org.mifsync.resync.store.InventoryStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the administrator's commands on the store ({@code client}, {@code object}, {@code class})
 * share: where the site is ({@link SiteOptions}: {@code --root}, {@code --site}, {@code --db-url}),
 * the output, and the store, opened on the system clock for the command's work and closed after it.
 */
abstract class StoreCommand implements Callable<Integer> {

    @Mixin
    SiteOptions site;

    @Spec
    CommandSpec spec;

    /**
     * Checks the options and parameters together before the store is opened (none by default).
     *
     * @throws picocli.CommandLine.ParameterException for a usage error (exit code 2)
     */
    void checkOptions() {
    }

    /**
     * Does the command's work on the open store.
     *
     * @return the exit code
     */
    abstract int run(InventoryStore store, Clock clock, PrintWriter out) throws Exception;

    @Override
    public final Integer call() throws Exception {
        checkOptions();
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        try (InventoryStore store = site.openStore(clock)) {
            return run(store, clock, out);
        }
    }

    /** {@code --dry-run} as the mode of the operation. */
    static Mode mode(boolean dryRun) {
        return dryRun ? Mode.DRY_RUN : Mode.APPLY;
    }
}
