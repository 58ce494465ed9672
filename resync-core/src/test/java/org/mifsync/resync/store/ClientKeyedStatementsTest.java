package org.mifsync.resync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mifsync.testkit.Fixtures.disk;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.testkit.PostgresServer;

/**
 * Every statement a loader runs on a table of per-client rows names the client it works on (its
 * SMSID, its client row, or an inventory instance of it), so that the work on one client touches
 * one client's rows: the property that lets the per-client tables be distributed by client over
 * several database servers (docs/scaling.md). Statements on the reference tables (topology,
 * settings, class families) and on the loaders' claims are the exceptions, by design. Captured from a
 * real load on PostgreSQL: full reports, deltas, a refusal with a resync request, a rename.
 */
class ClientKeyedStatementsTest {

    /** Tables whose rows belong to one client. */
    static final Set<String> PER_CLIENT = Set.of("client", "client_identity", "inventory_state", "inventory_instance",
            "inventory_value", "class_block", "resync_request", "report_seen", "load_log", "request_event",
            "class_conflict", "client_family", "class_drop");
    /** The columns that name a client, or a row of one client's. */
    static final Pattern CLIENT_KEY = Pattern.compile("\\b(client_id|sms_id|instance_id)\\s*(=|IN\\b)",
            Pattern.CASE_INSENSITIVE);
    static final Pattern TABLE = Pattern.compile("\\b(?:FROM|INTO|UPDATE|JOIN)\\s+(\\w+)", Pattern.CASE_INSENSITIVE);

    @TempDir
    Path dir;

    @Test
    void everyStatementOfALoadOnPerClientRowsNamesTheClient() throws Exception {
        List<String> statements = Collections.synchronizedList(new ArrayList<>());
        DataSource recorded = recording(PostgresServer.freshDatabase(ClientKeyedStatementsTest.class), statements);
        Path inbox = Files.createDirectories(dir.resolve("INVENTRY.BOX"));
        SmsId id = SmsId.parse("KEY00001");
        ClientIdentity pc = ClientIdentity.of(id, NetBiosName.of("PC1"), "00:11");
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        write(inbox, "a.mif", ClientReport.of(pc, InventoryReport.full(id, InventoryKind.HW, ReportVersion.of(1, 0), t,
                Inventory.of(disk("C:", 5)))));
        write(inbox, "b.mif", ClientReport.of(pc, InventoryReport.delta(id, InventoryKind.HW, ReportVersion.of(1, 1), t,
                InventoryDelta.of(List.of(disk("D:", 1)), List.of(disk("C:", 4)), List.of()))));
        write(inbox, "c.mif", ClientReport.of(pc, InventoryReport.delta(id, InventoryKind.HW, ReportVersion.of(1, 3), t,
                InventoryDelta.empty())));
        ClientIdentity renamed = ClientIdentity.of(id, NetBiosName.of("PC1-NEW"), "00:11");
        write(inbox, "d.mif", ClientReport.of(renamed, InventoryReport.full(id, InventoryKind.HW, ReportVersion.of(2, 0),
                t.plusSeconds(60), Inventory.of(disk("C:", 9)))));

        try (InventoryStore store = InventoryStore.open(recorded, Clock.systemUTC())) {
            statements.clear(); // opening and migrating are not the loader's work
            Loader.Report summary = Loader.builder(inbox, Comparer.builder(store).build()).build().loadOnce();
            assertThat(summary.reportsByOutcome()).containsKeys(Outcome.APPLIED_FULL, Outcome.APPLIED_DELTA,
                    Outcome.VERSION_GAP);
        }

        Set<String> touched = new TreeSet<>();
        List<String> unkeyed = new ArrayList<>();
        for (String sql : statements) {
            Matcher m = TABLE.matcher(sql);
            boolean perClient = false;
            while (m.find()) {
                String table = m.group(1).toLowerCase(Locale.ROOT);
                if (PER_CLIENT.contains(table)) {
                    touched.add(table);
                    perClient = true;
                }
            }
            boolean insertWithKey = sql.trim().toUpperCase(Locale.ROOT).startsWith("INSERT")
                    && Pattern.compile("\\((?:[^)]*\\b(client_id|sms_id|instance_id)\\b)", Pattern.CASE_INSENSITIVE)
                            .matcher(sql).find();
            if (perClient && !insertWithKey && !CLIENT_KEY.matcher(sql).find()) {
                unkeyed.add(sql);
            }
        }
        assertThat(touched).as("the load touched the per-client tables").contains("client", "inventory_instance",
                "inventory_value", "load_log", "resync_request", "report_seen");
        assertThat(unkeyed).as("statements on per-client rows that name no client").isEmpty();
    }

    private static void write(Path inbox, String name, ClientReport report) throws Exception {
        Files.write(inbox.resolve(name), ReportWriter.encode(report));
    }

    /** A data source whose connections record the SQL of every statement prepared or executed. */
    private static DataSource recording(DataSource real, List<String> seen) {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return wrap(real.getConnection());
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                return wrap(real.getConnection(user, password));
            }

            private Connection wrap(Connection c) {
                return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                        (proxy, method, args) -> {
                            if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                                seen.add(sql);
                            }
                            Object result = invoke(method, c, args);
                            if (result instanceof Statement s && method.getName().equals("createStatement")) {
                                return Proxy.newProxyInstance(getClass().getClassLoader(),
                                        new Class<?>[] {Statement.class}, (p, m, a) -> {
                                            if (m.getName().startsWith("execute") && a != null
                                                    && a[0] instanceof String sql) {
                                                seen.add(sql);
                                            }
                                            return invoke(m, s, a);
                                        });
                            }
                            return result;
                        });
            }

            private Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
                try {
                    return method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int seconds) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                throw new SQLFeatureNotSupportedException();
            }

            @Override
            public <T> T unwrap(Class<T> iface) throws SQLException {
                throw new SQLException("not a wrapper");
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) {
                return false;
            }
        };
    }
}
