package org.mifsync.resync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.model.SmsId;

/**
 * How the store uses a host's data source: on PostgreSQL it takes a connection for each unit of
 * work (a commit group: each transaction) and gives every one back, so that pooling stays the
 * host's; on SQLite, whose units run one at a time, it keeps one connection for them, and refuses
 * at once a unit started inside another on the same thread.
 */
class StoreConnectionsTest {

    @TempDir
    Path dir;

    /** A real data source whose connections are counted as they are taken and closed. */
    static final class Counting implements DataSource {
        final DataSource real;
        final Set<Connection> open = ConcurrentHashMap.newKeySet();
        int taken;

        Counting(DataSource real) {
            this.real = real;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return counted(real.getConnection());
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return counted(real.getConnection(user, password));
        }

        private synchronized Connection counted(Connection connection) {
            taken++;
            Connection[] self = new Connection[1];
            self[0] = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close")) {
                            open.remove(self[0]);
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            open.add(self[0]);
            return self[0];
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return real.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            real.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            real.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return real.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return real.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return real.isWrapperFor(iface);
        }
    }

    private static final SmsId NOBODY = SmsId.parse("ABC00001");

    @Test
    void onSqliteUnitsOfWorkShareOneConnectionUntilTheStoreCloses() {
        Counting source = new Counting(Stores.fresh(Backend.SQLITE, dir, getClass()));
        InventoryStore store = InventoryStore.open(source, Clock.systemUTC());
        int afterOpen = source.taken;
        for (int i = 0; i < 20; i++) {
            assertThat(store.client(NOBODY)).isEmpty();
        }
        try (CommitGroup group = store.commitGroup()) {
            for (int i = 0; i < 3; i++) {
                group.run(tx -> tx.clients().client(NOBODY));
                group.commit();
            }
        }
        assertThat(source.taken - afterOpen).as("connections taken by 23 transactions").isEqualTo(1);
        assertThat(source.open).hasSize(1);

        store.close();
        assertThat(source.open).as("left open after close").isEmpty();
    }

    @Test
    void onSqliteAUnitStartedInsideAnotherIsRefusedAtOnceAndTheOuterGoesOn() {
        Counting source = new Counting(Stores.fresh(Backend.SQLITE, dir, getClass()));
        try (InventoryStore store = InventoryStore.open(source, Clock.systemUTC());
                CommitGroup group = store.commitGroup()) {
            assertThat(store.client(NOBODY)).isEmpty();
            int before = source.taken;
            // the group's transaction holds SQLite's one write lock: a unit inside it could only wait
            assertThatThrownBy(() -> group.run(tx -> store.client(NOBODY)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("inside another on the same thread");
            assertThat(source.taken).as("no connection taken for the inner unit").isEqualTo(before);
            group.run(tx -> tx.clients().client(NOBODY));
            group.commit();
            assertThat(store.client(NOBODY)).isEmpty();
            assertThat(source.open).as("still the one connection").hasSize(1);
        }
    }

    @Test
    void onPostgresqlEveryUnitOfWorkGivesItsConnectionBack() {
        Counting source = new Counting(Stores.fresh(Backend.POSTGRESQL, dir, getClass()));
        try (InventoryStore store = InventoryStore.open(source, Clock.systemUTC())) {
            int afterOpen = source.taken;
            for (int i = 0; i < 5; i++) {
                assertThat(store.client(NOBODY)).isEmpty();
                assertThat(source.open).as("open between units of work").isEmpty();
            }
            try (CommitGroup group = store.commitGroup()) {
                for (int i = 0; i < 3; i++) {
                    group.run(tx -> tx.clients().client(NOBODY));
                    assertThat(source.open).as("held by the group's open transaction").hasSize(1);
                    group.commit();
                    assertThat(source.open).as("open after the group's commit").isEmpty();
                }
            }
            assertThat(source.taken - afterOpen).as("one for each unit and each group transaction").isEqualTo(8);
        }
        assertThat(source.open).isEmpty();
    }
}
