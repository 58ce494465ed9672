package org.mifsync.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.StoreCheck;
import org.mifsync.resync.store.StoreException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mifsync site check}: the store's integrity check and what to do about a failure. The
 * library says what it found ({@link StoreCheck}); the advice lives here.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check the inventory store without changing it. SQLite: PRAGMA integrity_check (every page,"
                + " record and index) and foreign_key_check, or with --quick PRAGMA quick_check (pages and records;"
                + " what 'site run' does at start). Both back ends: the schema version is the one this mifsync"
                + " writes and every table and index is there; PostgreSQL: every primary key, unique and foreign"
                + " key constraint is there and validated, every index valid.",
                "Prints what it found and what to do about it. Nothing is repaired: stop the site's services"
                + " before you repair or restore the store."},
        footer = {"", "Exit codes: 0 the store is healthy, 1 problems found or the store cannot be read.", "",
                "Examples:", "  mifsync site check --root /srv/mifsync",
                "  mifsync site check --root /srv/mifsync --quick --json",
                "  mifsync site check --db-url jdbc:postgresql://dbhost/mifsync?user=mifsync"})
final class SiteCheckCommand implements Callable<Integer> {

    @Mixin
    SiteOptions options;

    @Option(names = "--quick", description = "On SQLite, run quick_check instead of integrity_check: time in"
            + " proportion to the file, without checking each index against its table.")
    boolean quick;

    @Option(names = "--json", description = "Print one JSON object: the store, the checks, the problems and the"
            + " advice (an \"error\" member when the store cannot be checked).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StoreCheck.Report result;
        try {
            result = options.checkStore(quick ? StoreCheck.Depth.QUICK : StoreCheck.Depth.FULL);
        } catch (StoreException | IllegalArgumentException e) {
            if (json) {
                out.println(Json.write(Json.obj().put("ok", false).put("error", e.getMessage())));
            } else {
                err.println("mifsync: " + e.getMessage());
            }
            return Main.PROBLEMS;
        }
        List<String> advice = advice(result);
        if (json) {
            Json.Arr checks = Json.arr();
            result.checks().forEach(checks::add);
            Json.Arr problems = Json.arr();
            result.problems().forEach(p -> problems.add(Json.obj().put("kind", p.kind().name()).put("detail",
                    p.detail())));
            Json.Arr todo = Json.arr();
            advice.forEach(todo::add);
            out.println(Json.write(Json.obj().put("store", result.store()).put("backend", result.backend().name())
                    .put("depth", result.depth().name())
                    .put("schemaVersion", result.schemaVersion().isPresent() ? (Object) (long) result.schemaVersion()
                            .getAsInt() : null)
                    .put("codeSchemaVersion", (long) result.codeSchemaVersion()).put("ok", result.ok())
                    .put("checks", checks).put("problems", problems).put("advice", todo)));
        } else {
            text(out, result, advice);
        }
        out.flush();
        return result.ok() ? 0 : Main.PROBLEMS;
    }

    private static void text(PrintWriter out, StoreCheck.Report result, List<String> advice) {
        String version = result.schemaVersion().isPresent() ? Integer.toString(result.schemaVersion().getAsInt())
                : "unreadable";
        out.println("store: " + result.backend() + " " + result.store() + ", schema version " + version
                + " (this mifsync writes " + result.codeSchemaVersion() + ")");
        out.println("checked: " + String.join(", ", result.checks()));
        if (result.ok()) {
            out.println("ok: no problem found");
            return;
        }
        out.println(result.problems().size() + " problem" + (result.problems().size() == 1 ? "" : "s") + ":");
        result.problems().forEach(p -> out.println("  " + p.kind() + ": " + p.detail()));
        out.println("what to do:");
        advice.forEach(a -> out.println("  - " + a));
    }

    /** What to do about what was found, most likely cure first; empty for a healthy store. */
    static List<String> advice(StoreCheck.Report result) {
        Set<String> advice = new LinkedHashSet<>();
        boolean sqlite = result.backend() == Backend.SQLITE;
        for (StoreCheck.Problem p : result.problems()) {
            switch (p.kind()) {
                case NOT_A_DATABASE -> {
                    advice.add("stop every 'site run' and 'load' of this site; the reports wait in the inboxes");
                    advice.add(sqlite ? "the file is not a SQLite database (its header is damaged or another file"
                            + " replaced it): restore " + result.store() + " from your latest backup"
                            : "restore the database from your latest backup");
                }
                case DAMAGED -> {
                    advice.add("stop every 'site run' and 'load' of this site; the reports wait in the inboxes with"
                            + " their try counts, and load once the store is repaired");
                    if (sqlite) {
                        advice.add("restore " + result.store() + " from your latest backup (copy it while nothing"
                                + " runs; remove the -wal and -shm files beside it first)");
                        advice.add("without a backup: sqlite3 " + result.store() + " \".recover\" | sqlite3"
                                + " recovered.db, check recovered.db with 'mifsync site check', then put it in place;"
                                + " rows on the damaged pages are lost, and clients whose versions went back get a"
                                + " resync request on their next delta");
                        advice.add("if only indexes are named, 'sqlite3 " + result.store() + " REINDEX' rebuilds them");
                    } else {
                        advice.add("restore the database from your latest backup or let your database"
                                + " administrator repair it (REINDEX for a damaged index)");
                    }
                    advice.add("find the cause before you load again: a failing disk, a full disk, a copy taken"
                            + " while the store was written, the store on a network share");
                }
                case SCHEMA -> {
                    advice.add("the schema was changed outside mifsync or by another mifsync version: restore the"
                            + " store from a backup made by this version, or run the mifsync that wrote it");
                    advice.add("never edit schema_version by hand: the migrator trusts it");
                }
                default -> throw new IllegalStateException("no advice for " + p.kind());
            }
        }
        return new ArrayList<>(advice);
    }
}
