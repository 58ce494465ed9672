package org.mifsync.resync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.SmsId;
import org.mifsync.resync.report.ClientIdentity;
import org.sqlite.SQLiteDataSource;

/** The store's health check on real databases: healthy, with damaged pages, tampered with. */
class StoreCheckTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** A SQLite store with a few clients, closed, its write-ahead log folded into the file. */
    Path sqliteStore() throws Exception {
        Path file = dir.resolve("SITE.SRV").resolve("mifsync.db");
        try (InventoryStore store = InventoryStore.openEmbedded(file, CLOCK)) {
            for (int i = 1; i <= 40; i++) {
                ClientIdentity id = ClientIdentity.of(SmsId.parse(String.format("ABC%05d", i)),
                        NetBiosName.of("PC" + i));
                store.inTransaction(tx -> tx.clients().createClient(id, CLOCK.instant()));
            }
        }
        checkpoint(file);
        return file;
    }

    static void checkpoint(Path file) throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + file);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    @Test
    void healthySqliteStorePassesQuickAndFullChecks() throws Exception {
        Path file = sqliteStore();
        for (StoreCheck.Depth depth : StoreCheck.Depth.values()) {
            StoreCheck.Report result = StoreCheck.embedded(file, depth);
            assertThat(result.problems()).as(depth.name()).isEmpty();
            assertThat(result.ok()).isTrue();
            assertThat(result.backend()).isEqualTo(Backend.SQLITE);
            assertThat(result.schemaVersion()).hasValue(InventoryStore.codeSchemaVersion());
            assertThat(result.checks()).contains(depth == StoreCheck.Depth.FULL ? "PRAGMA integrity_check"
                    : "PRAGMA quick_check");
        }
    }

    @Test
    void damagedPagesAreFoundByBothChecksAndTheCheckChangesNothing() throws Exception {
        Path file = sqliteStore();
        Stores.damageSqlite(file, "client");
        byte[] before = Files.readAllBytes(file);

        StoreCheck.Report quick = StoreCheck.embedded(file, StoreCheck.Depth.QUICK);
        StoreCheck.Report full = StoreCheck.embedded(file, StoreCheck.Depth.FULL);

        assertThat(quick.ok()).isFalse();
        assertThat(full.ok()).isFalse();
        assertThat(quick.problems()).allMatch(p -> p.kind() == StoreCheck.Kind.DAMAGED);
        assertThat(full.problems()).extracting(StoreCheck.Problem::detail).anyMatch(d -> d.contains("Page")
                || d.contains("page") || d.contains("malformed"));
        // one finding a line, and the damage elsewhere does not hide the schema
        assertThat(full.problems()).extracting(StoreCheck.Problem::detail).noneMatch(d -> d.contains("\n"));
        assertThat(full.schemaVersion()).hasValue(InventoryStore.codeSchemaVersion());
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void damageInAnIndexIsFoundByTheFullCheckAndItsKindIsCorrupt() throws Exception {
        Path file = sqliteStore();
        Stores.damageSqlite(file, "client_by_name");

        assertThat(StoreCheck.embedded(file, StoreCheck.Depth.FULL).problems()).isNotEmpty()
                .allMatch(p -> p.kind() == StoreCheck.Kind.DAMAGED);
        // a statement that reads the damaged index is a failure of the site, not of the data
        try (InventoryStore store = InventoryStore.openEmbedded(file, CLOCK)) {
            StoreException e = catchThrowableOfType(StoreException.class, () -> store.inTransaction(
                    tx -> tx.clients().clientsNamed(NetBiosName.of("PC7"))));
            assertThat(e.kind()).isEqualTo(StoreException.Kind.CORRUPT);
            assertThat(e.isSiteFailure()).isTrue();
            assertThat(e.getMessage()).contains("is damaged");
        }
    }

    @Test
    void fileThatIsNotADatabaseIsReportedAsSuchAndRefusedOnOpen() throws Exception {
        Path file = sqliteStore();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap("this is not a SQLite file at all".getBytes(StandardCharsets.US_ASCII)), 0);
        }

        StoreCheck.Report result = StoreCheck.embedded(file, StoreCheck.Depth.QUICK);

        assertThat(result.problems()).extracting(StoreCheck.Problem::kind).containsExactly(StoreCheck.Kind.NOT_A_DATABASE);
        assertThat(result.schemaVersion()).isEmpty();
        StoreException e = catchThrowableOfType(StoreException.class, () -> InventoryStore.openEmbedded(file, CLOCK));
        assertThat(e.kind()).isEqualTo(StoreException.Kind.CORRUPT);
    }

    @Test
    void missingFileIsNotCreatedByTheCheck() {
        Path file = dir.resolve("none.db");
        StoreException e = catchThrowableOfType(StoreException.class,
                () -> StoreCheck.embedded(file, StoreCheck.Depth.QUICK));
        assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
        assertThat(file).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void healthyStorePassesOnEveryBackEnd(Backend backend) {
        DataSource ds = Stores.fresh(backend, dir, getClass());
        InventoryStore.open(ds, CLOCK).close();

        StoreCheck.Report result = StoreCheck.of(ds, StoreCheck.Depth.FULL);

        assertThat(result.problems()).isEmpty();
        assertThat(result.backend()).isEqualTo(backend);
        assertThat(result.schemaVersion()).hasValue(InventoryStore.codeSchemaVersion());
        if (backend == Backend.POSTGRESQL) {
            assertThat(result.checks()).contains("constraints and indexes (pg_constraint, pg_index)");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void tamperedSchemaVersionFailsTheCheck(Backend backend) throws Exception {
        DataSource ds = Stores.fresh(backend, dir, getClass());
        InventoryStore.open(ds, CLOCK).close();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE schema_version SET version = version + 7");
        }

        StoreCheck.Report result = StoreCheck.of(ds, StoreCheck.Depth.QUICK);

        assertThat(result.ok()).isFalse();
        assertThat(result.schemaVersion()).hasValue(InventoryStore.codeSchemaVersion() + 7);
        assertThat(result.problems()).extracting(StoreCheck.Problem::kind).containsOnly(StoreCheck.Kind.SCHEMA);
        assertThat(result.problems()).extracting(StoreCheck.Problem::detail)
                .anyMatch(d -> d.contains("newer than this mifsync knows"))
                .anyMatch(d -> d.contains("not every step from 1"));
    }

    @Test
    void postgresConstraintDroppedOrNotValidatedFailsTheCheck() throws Exception {
        DataSource ds = Stores.fresh(Backend.POSTGRESQL, dir, getClass());
        InventoryStore.open(ds, CLOCK).close();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE client DROP CONSTRAINT client_sms_id_key");
            s.execute("ALTER TABLE inventory_state DROP CONSTRAINT inventory_state_client_id_fkey");
            s.execute("ALTER TABLE inventory_state ADD CONSTRAINT inventory_state_client_id_fkey FOREIGN KEY"
                    + " (client_id) REFERENCES client (client_id) NOT VALID");
            s.execute("DROP INDEX load_log_by_time");
        }

        StoreCheck.Report result = StoreCheck.of(ds, StoreCheck.Depth.QUICK);

        assertThat(result.problems()).extracting(StoreCheck.Problem::detail).containsExactlyInAnyOrder(
                "table client has 0 unique constraints, its schema declares 1",
                "constraint inventory_state_client_id_fkey on inventory_state is not validated (NOT VALID): rows may"
                        + " break it",
                "index load_log_by_time is missing");
    }

    @Test
    void postgresDataCorruptionStatesAreFailuresOfTheSite() {
        try (InventoryStore store = Stores.open(Backend.POSTGRESQL, dir, getClass(), CLOCK)) {
            for (String state : new String[] {"XX001", "XX002"}) {
                // the server raises the SQLSTATE it raises on a damaged page or index
                StoreException e = catchThrowableOfType(StoreException.class, () -> store.inTransaction(tx -> {
                    try (Statement s = tx.connection().createStatement()) {
                        s.execute("DO $$ BEGIN RAISE EXCEPTION 'invalid page in block 7 of relation base/1/2'"
                                + " USING ERRCODE = '" + state + "'; END $$");
                    }
                    return null;
                }));
                assertThat(e.kind()).as(state).isEqualTo(StoreException.Kind.CORRUPT);
                assertThat(e.isSiteFailure()).isTrue();
            }
        }
    }
}
