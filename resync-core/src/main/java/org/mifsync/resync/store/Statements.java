package org.mifsync.resync.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prepared statements of one connection, prepared once and reused by every transaction on it: a
 * report's decision runs about a hundred statements, and preparing each afresh (SQLite compiles it
 * each time) was a large part of a report's cost (issue 14).
 *
 * <p>{@link #prepare} hands out the cached statement behind a view whose {@code close()} only clears
 * its parameters and batch, so that the usual {@code try (PreparedStatement s = ...)} keeps working;
 * the statements themselves are closed with the connection ({@link #close}). A cache holds at most
 * {@value #MAX_STATEMENTS} statements, the least recently used going first.
 *
 * <p>Not thread-safe: one connection is used by one transaction at a time.
 */
final class Statements {

    static final int MAX_STATEMENTS = 128;

    private final Connection connection;
    private final Map<String, PreparedStatement> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= MAX_STATEMENTS) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };
    private final Map<String, PreparedStatement> views = new LinkedHashMap<>();

    Statements(Connection connection) {
        this.connection = connection;
    }

    /**
     * Returns the statement for this SQL, prepared on first use.
     *
     * @param sql the SQL
     * @return a view of the cached statement whose {@code close()} only resets it
     * @throws SQLException if the statement cannot be prepared
     */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = cache.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            cache.put(sql, statement);
            views.remove(sql);
        }
        PreparedStatement view = views.get(sql);
        if (view == null) {
            view = view(statement);
            views.put(sql, view);
            if (views.size() > MAX_STATEMENTS) {
                views.remove(views.keySet().iterator().next());
            }
        }
        return view;
    }

    /** Closes every cached statement (the connection is going away). */
    void close() {
        cache.values().forEach(Statements::closeQuietly);
        cache.clear();
        views.clear();
    }

    private static PreparedStatement view(PreparedStatement statement) {
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "close" -> {
                    if (!statement.isClosed()) {
                        statement.clearParameters();
                        // a batch left behind by a failed execution must not run with the next one
                        statement.clearBatch();
                    }
                    return null;
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> {
                    return invoke(statement, method, args);
                }
            }
        };
        return (PreparedStatement) Proxy.newProxyInstance(Statements.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static Object invoke(PreparedStatement statement, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(statement, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // the connection is closing or broken: the statement goes with it
        }
    }
}
