package org.mifsync.cli;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The PostgreSQL connections of one run of the tool: a HikariCP pool per {@code --db-url}, opened
 * on first use and closed when the command ends. The store takes a connection for each unit of work
 * and gives it back when the unit ends, so that pooling them is the tool's job: opening a
 * PostgreSQL connection starts a server process. Public for the benchmarks, which connect as the
 * tool does.
 */
public final class ConnectionPools implements AutoCloseable {

    /**
     * The most connections a run holds at once: a loader's worker holds one while its commit group's
     * transaction is open (its claims go through that group), and the publisher, the status page
     * and the store's other units of work take their own for a moment. {@code --workers} beyond
     * this wait for a connection.
     */
    static final int MAX_CONNECTIONS = Math.max(10, 2 * Runtime.getRuntime().availableProcessors() + 2);

    /** How long a unit of work waits for a connection before the database counts as unreachable. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, HikariDataSource> pools = new HashMap<>();

    /** The pool on a JDBC URL, opened (lazily: nothing connects until the store asks) on first use. */
    public synchronized DataSource on(String jdbcUrl) {
        return pools.computeIfAbsent(jdbcUrl, ConnectionPools::pool);
    }

    private static HikariDataSource pool(String jdbcUrl) {
        // not started here: the first getConnection() starts the pool and, when the database cannot
        // be reached, throws the driver's own SQLException, which the store words and classifies
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("mifsync");
        pool.setJdbcUrl(jdbcUrl);
        pool.setMaximumPoolSize(MAX_CONNECTIONS);
        // a command that runs for a second opens the connections it uses, not the whole pool
        pool.setMinimumIdle(0);
        pool.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            // a report's rows of one table go in one INSERT instead of one per row; a parameter in
            // the URL still wins
            pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return pool;
    }

    /** Closes every pool: their connections end, and the server's processes with them. */
    @Override
    public synchronized void close() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }
}
