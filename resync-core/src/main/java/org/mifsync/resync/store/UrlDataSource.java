package org.mifsync.resync.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source over a JDBC URL, each connection opened by the driver the URL names (no pool: the
 * {@link InventoryStore} keeps its connections open between units of work).
 *
 * <p>On PostgreSQL it asks the driver to rewrite batched inserts into multi-row ones ({@code
 * reWriteBatchedInserts=true}): the store writes a report's inventory rows as batches, and a
 * multi-row insert costs the server a fraction of as many single ones. A URL that sets the
 * property itself keeps its own value (the driver lets the URL win).
 *
 * <pre>{@code
 * InventoryStore store = InventoryStore.open(new UrlDataSource("jdbc:postgresql://dbhost/mifsync?user=mifsync"),
 *         Clock.systemUTC());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class UrlDataSource implements DataSource {

    private final String url;

    /**
     * Creates the data source.
     *
     * @param url a JDBC URL, e.g. {@code jdbc:postgresql://dbhost/mifsync?user=mifsync}
     */
    public UrlDataSource(String url) {
        this.url = Objects.requireNonNull(url, "JDBC URL");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url, defaults());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        Properties properties = defaults();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    private Properties defaults() {
        Properties properties = new Properties();
        if (url.startsWith("jdbc:postgresql:")) {
            properties.setProperty("reWriteBatchedInserts", "true");
        }
        return properties;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // connections log nothing
    }

    @Override
    public void setLoginTimeout(int seconds) {
        DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }

    /**
     * Returns the URL.
     *
     * @return the JDBC URL as given
     */
    @Override
    public String toString() {
        return url;
    }
}
