package org.mifsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.cli.CliProcess.Run;
import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.DomainName;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportWriter;
import org.sqlite.SQLiteDataSource;
import org.mifsync.testkit.PostgresServer;
import org.mifsync.testkit.SiteDescriptionText;

/**
 * {@code site check}, and {@code load} and {@code site run} on a damaged store, as users run them:
 * real processes on a real site whose SQLite file has pages overwritten on disk, and a PostgreSQL
 * store whose schema version was tampered with.
 */
class SiteCheckCliTest {

    static final SiteDescriptionText SITES = SiteDescriptionText.central().site("CEN", "Central", null);

    static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
    static final SmsId ONE = SmsId.parse("CEN00001");
    static final SmsId TWO = SmsId.parse("CEN00002");

    @TempDir
    Path dir;

    Path root;
    Path description;

    @BeforeEach
    void site() throws IOException {
        root = dir.resolve("site");
        description = SITES.createLogonServerRoots(dir).write(dir.resolve("sites.ini"));
    }

    Run mifsync(String... args) throws IOException, InterruptedException {
        return CliProcess.mifsync(dir, args);
    }

    static GroupInstance disk(String letter, int free) {
        return GroupInstance.of(GroupClass.of("MICROSOFT|DISK|1.0"), List.of(1), List.of(
                Attribute.of(1, "Drive Letter", AttributeValue.text(letter)),
                Attribute.of(2, "Free Space", AttributeValue.int32(free))));
    }

    static byte[] report(InventoryReport report) {
        NetBiosName name = NetBiosName.of("PC" + report.client().value().substring(5));
        ClientIdentity who = new ClientIdentity(report.client(), name, Optional.empty(), Optional.of(SiteCode.of("CEN")),
                Optional.of(DomainName.of("SALES")));
        return ReportWriter.encode(ClientReport.of(who, report));
    }

    Path inbox() {
        return root.resolve("SITE.SRV/INVENTRY.BOX");
    }

    Path store() {
        return root.resolve(SiteOptions.STORE_FILE);
    }

    static List<String> reports(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.toUpperCase(Locale.ROOT).endsWith(".MIF")).sorted().toList();
        }
    }

    /** A site with one client loaded, and two more valid reports waiting in the inbox. */
    void siteWithWaitingReports() throws Exception {
        assertThat(mifsync("site", "init", "--root", root.toString(), description.toString()).exit()).isZero();
        Files.createDirectories(inbox());
        Files.write(inbox().resolve("A.MIF"), report(InventoryReport.full(ONE, InventoryKind.HW, ReportVersion.of(1, 0),
                T, Inventory.of(disk("C", 10)))));
        Run first = mifsync("load", "--root", root.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        Files.write(inbox().resolve("B.MIF"), report(InventoryReport.delta(ONE, InventoryKind.HW,
                ReportVersion.of(1, 1), T, InventoryDelta.of(List.of(), List.of(disk("C", 9)), List.of()))));
        Files.write(inbox().resolve("C.MIF"), report(InventoryReport.full(TWO, InventoryKind.HW, ReportVersion.of(1, 0),
                T, Inventory.of(disk("D", 1)))));
    }

    /**
     * Overwrites the root page of a table or index of the closed store with text, as a failing disk
     * would (resync-core's test harness does the same; test harnesses are not shared across modules).
     */
    void damage(String object) throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + store());
        long page;
        long pageSize;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rows = s.executeQuery("SELECT rootpage FROM sqlite_master WHERE name = '" + object + "'")) {
                assertThat(rows.next()).as(object).isTrue();
                page = rows.getLong(1);
            }
            try (ResultSet rows = s.executeQuery("PRAGMA page_size")) {
                rows.next();
                pageSize = rows.getLong(1);
            }
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        byte[] garbage = "GARBAGE!".repeat((int) pageSize / 8).getBytes(StandardCharsets.US_ASCII);
        try (FileChannel channel = FileChannel.open(store(), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(garbage), (page - 1) * pageSize);
        }
    }

    @Test
    void siteCheckHasHelpWithAnExample() throws Exception {
        Run run = mifsync("site", "check", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: mifsync site check", "Example", "integrity_check", "quick_check");
    }

    @Test
    void healthyStorePassesBothChecks() throws Exception {
        siteWithWaitingReports();

        Run full = mifsync("site", "check", "--root", root.toString());
        Run quick = mifsync("site", "check", "--root", root.toString(), "--quick", "--json");

        assertThat(full.exit()).as(full.err()).isZero();
        assertThat(full.out()).contains("store: SQLITE " + store(), "schema version 2 (this mifsync writes 2)",
                "checked: PRAGMA integrity_check, PRAGMA foreign_key_check, schema version and objects",
                "ok: no problem found");
        assertThat(quick.exit()).isZero();
        assertThat(quick.out()).contains("\"ok\": true", "\"depth\": \"QUICK\"", "\"problems\": []");
    }

    @Test
    void damageTheLoadMeetsStopsEveryRunKeepsTheFilesAndSiteCheckSaysWhatToDo() throws Exception {
        siteWithWaitingReports();
        // the index every decision reads first: has this very report been decided before?
        damage("sqlite_autoindex_report_seen_1");

        for (int run = 1; run <= 4; run++) {
            Run load = mifsync("load", "--root", root.toString());
            assertThat(load.exit()).as("run %d", run).isEqualTo(1);
            assertThat(load.err()).contains("the pass stopped early, files kept for the next run", "is damaged");
            assertThat(load.out()).contains("bad files: 0");
            // neither claimed (an X prefix) nor set aside: the try counts stay as they were
            assertThat(reports(inbox())).as("run %d", run).containsExactly("B.MIF", "C.MIF");
        }
        Path badMifs = inbox().resolve("BADMIFS");
        assertThat(Files.isDirectory(badMifs) ? reports(badMifs) : List.of()).isEmpty();

        Run check = mifsync("site", "check", "--root", root.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("DAMAGED: ", "what to do:", "restore " + store() + " from your latest backup",
                "\".recover\"");
        Run json = mifsync("site", "check", "--root", root.toString(), "--json");
        assertThat(json.exit()).isEqualTo(1);
        assertThat(json.out()).startsWith("{").contains("\"ok\": false", "\"kind\": \"DAMAGED\"", "\"advice\": [");

        Run service = mifsync("site", "run", "--root", root.toString());
        assertThat(service.exit()).isEqualTo(1);
        assertThat(service.err()).contains("site run: not started", "failed the quick check", "mifsync site check");
        assertThat(reports(inbox())).containsExactly("B.MIF", "C.MIF");
    }

    @Test
    void damageNoDecisionReadsIsFoundBySiteCheckAndSiteRunDoesNotStart() throws Exception {
        siteWithWaitingReports();
        // written only when a type conflict is found: loading good reports never reads it
        damage("class_conflict");

        Run check = mifsync("site", "check", "--root", root.toString(), "--quick");
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("checked: PRAGMA quick_check", "DAMAGED: ");

        Run service = mifsync("site", "run", "--root", root.toString());
        assertThat(service.exit()).isEqualTo(1);
        assertThat(service.err()).contains("site run: not started");
        assertThat(reports(inbox())).containsExactly("B.MIF", "C.MIF");
    }

    @Test
    void fileThatIsNotADatabaseIsNamedAsSuch() throws Exception {
        assertThat(mifsync("site", "init", "--root", root.toString(), description.toString()).exit()).isZero();
        Files.writeString(store(), "these bytes were never a database, and there are enough of them to fill a header");
        Files.deleteIfExists(Path.of(store() + "-wal"));
        Files.deleteIfExists(Path.of(store() + "-shm"));

        Run check = mifsync("site", "check", "--root", root.toString());

        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("schema version unreadable", "NOT_A_DATABASE: ", "from your latest backup");
    }

    @Test
    void postgresqlStorePassesUntilItsSchemaVersionIsTamperedWith() throws Exception {
        var database = PostgresServer.freshDatabase(getClass());
        String url = PostgresServer.url(database.getDatabaseName());
        assertThat(mifsync("site", "init", "--root", root.toString(), "--db-url", url, description.toString()).exit())
                .isZero();

        Run healthy = mifsync("site", "check", "--root", root.toString(), "--db-url", url);
        assertThat(healthy.exit()).as(healthy.err()).isZero();
        assertThat(healthy.out()).contains("store: POSTGRESQL jdbc:postgresql:",
                "checked: schema version and objects, constraints and indexes (pg_constraint, pg_index)",
                "ok: no problem found");

        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            // one row per version: keep the last only, then make it 0
            s.execute("DELETE FROM schema_version WHERE version < (SELECT MAX(version) FROM schema_version)");
            s.execute("UPDATE schema_version SET version = 0");
        }
        Run tampered = mifsync("site", "check", "--root", root.toString(), "--db-url", url, "--json");
        assertThat(tampered.exit()).isEqualTo(1);
        assertThat(tampered.out()).contains("\"schemaVersion\": 0", "\"ok\": false", "\"kind\": \"SCHEMA\"",
                "never edit schema_version by hand");
    }
}
