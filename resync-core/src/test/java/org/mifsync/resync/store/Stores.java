package org.mifsync.resync.store;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Set;
import javax.sql.DataSource;
import org.mifsync.testkit.PostgresServer;
import org.sqlite.SQLiteDataSource;

/**
 * Real databases for tests: a SQLite file in the test's directory, or a database on a real
 * PostgreSQL server (the test kit's {@link PostgresServer}, shared with the command-line tests).
 * Each test class gets a database of its own, emptied before each test. If no server can be had,
 * the tests fail with the reason: they never skip.
 */
public final class Stores {

    private Stores() {
    }

    /** A data source on a database of the shared test server. */
    static DataSource postgres(String database) {
        return PostgresServer.on(database);
    }

    /** A data source on a database of the test class's own, emptied now. */
    public static DataSource fresh(Backend backend, Path dir, Class<?> testClass) {
        if (backend == Backend.SQLITE) {
            org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource();
            ds.setUrl("jdbc:sqlite:" + dir.resolve("store-" + System.nanoTime() + ".db"));
            return ds;
        }
        return PostgresServer.emptiedDatabase(testClass);
    }

    /** A store on a fresh database of the given back end. */
    public static InventoryStore open(Backend backend, Path dir, Class<?> testClass, Clock clock) {
        if (backend == Backend.SQLITE) {
            return InventoryStore.openEmbedded(dir.resolve("site").resolve("store-" + System.nanoTime() + ".db"),
                    clock);
        }
        return InventoryStore.open(fresh(backend, dir, testClass), clock);
    }

    /** Another store on the test class's PostgreSQL database, as it is (not emptied). */
    public static InventoryStore reopenPostgres(Class<?> testClass, Clock clock) {
        return InventoryStore.open(PostgresServer.on(PostgresServer.databaseOf(testClass)), clock);
    }

    /**
     * Overwrites the root page of a table or index of a closed SQLite file with text, as a failing
     * disk or a stray write would: the page's type byte becomes 'G', which no b-tree page has.
     */
    public static void damageSqlite(Path file, String object) throws Exception {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + file);
        long page;
        long pageSize;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rows = s.executeQuery("SELECT rootpage FROM sqlite_master WHERE name = '" + object + "'")) {
                if (!rows.next()) {
                    throw new IllegalArgumentException("no " + object + " in " + file);
                }
                page = rows.getLong(1);
            }
            try (ResultSet rows = s.executeQuery("PRAGMA page_size")) {
                rows.next();
                pageSize = rows.getLong(1);
            }
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        byte[] garbage = new byte[(int) pageSize];
        byte[] word = "GARBAGE!".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = word[i % word.length];
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(garbage), (page - 1) * pageSize);
            channel.force(true);
        }
    }
}
