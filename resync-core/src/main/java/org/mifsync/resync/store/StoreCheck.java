package org.mifsync.resync.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * Checks a store's health without changing it: what {@code mifsync site check} prints, and what
 * {@code site run} checks at start, before it works the site.
 *
 * <ul>
 *   <li>SQLite: {@code PRAGMA quick_check} ({@link Depth#QUICK}: every page and record well formed,
 *       time proportional to the file) or {@code PRAGMA integrity_check} and {@code PRAGMA
 *       foreign_key_check} ({@link Depth#FULL}: also every index against its table, and every
 *       reference).
 *   <li>Both back ends: the migrator's schema version is the one this code writes, with no step
 *       missing, and every table and index of the schema exists.
 *   <li>PostgreSQL: every table has the primary key, unique and foreign-key constraints its DDL
 *       declares, no constraint is left {@code NOT VALID}, and no index is left invalid (by a failed
 *       {@code CREATE INDEX CONCURRENTLY}).
 * </ul>
 *
 * <p>Nothing is migrated, created or repaired, so a damaged or tampered store is seen as it is (an
 * {@link InventoryStore#open open} would migrate it first). What to do about a problem is the
 * caller's to say; the check says what it found.
 *
 * <pre>{@code
 * StoreCheck.Report report = StoreCheck.embedded(root.resolve("SITE.SRV/mifsync.db"), StoreCheck.Depth.FULL);
 * report.problems().forEach(p -> System.err.println(p.kind() + ": " + p.detail()));
 * }</pre>
 *
 * <p>Thread-safe: each check uses a connection of its own.
 *
 * @since 0.1
 */
public final class StoreCheck {

    /** How many problem lines SQLite's checks return at most: enough to judge, not a flood. */
    public static final int MAX_PROBLEMS = 100;

    private StoreCheck() {
    }

    /**
     * How thorough a check is.
     *
     * @since 0.1
     */
    public enum Depth {
        /** SQLite's {@code quick_check} and the schema: what {@code site run} does at start. */
        QUICK,
        /** SQLite's {@code integrity_check} and {@code foreign_key_check}, and the schema. */
        FULL
    }

    /**
     * What kind of problem was found.
     *
     * @since 0.1
     */
    public enum Kind {
        /** The file is not a database at all (its header is damaged or it is another file). */
        NOT_A_DATABASE,
        /** Pages, records or indexes are damaged, or a reference points nowhere. */
        DAMAGED,
        /**
         * The schema is not the one this code wrote: another version, a missing table, index or
         * constraint, a constraint not validated. Changed outside mifsync, or left by a failed step.
         */
        SCHEMA
    }

    /**
     * One problem found.
     *
     * <p>Immutable and thread-safe.
     *
     * @param kind what kind of problem
     * @param detail what was found, as the database said it where it said it
     * @since 0.1
     */
    public record Problem(Kind kind, String detail) {
        /**
         * Validates the fields.
         *
         * @param kind the kind
         * @param detail the detail
         */
        public Problem {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * What a check found.
     *
     * <p>Immutable and thread-safe.
     *
     * @param backend the database product
     * @param store the database checked (file or URL, without connection properties)
     * @param depth how thorough the check was
     * @param schemaVersion the schema version the database holds, empty if it could not be read
     * @param checks what was checked, in order, for people (e.g. {@code PRAGMA integrity_check})
     * @param problems what was found wrong; empty when the store is healthy
     * @since 0.1
     */
    public record Report(Backend backend, String store, Depth depth, OptionalInt schemaVersion, List<String> checks,
            List<Problem> problems) {
        /**
         * Copies the lists.
         *
         * @param backend the back end
         * @param store the store
         * @param depth the depth
         * @param schemaVersion the schema version
         * @param checks the checks
         * @param problems the problems
         */
        public Report {
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(depth, "depth");
            Objects.requireNonNull(schemaVersion, "schema version");
            checks = List.copyOf(checks);
            problems = List.copyOf(problems);
        }

        /**
         * Tells whether the store is healthy.
         *
         * @return true when no problem was found
         */
        public boolean ok() {
            return problems.isEmpty();
        }

        /**
         * Returns the schema version this code writes, to compare with {@link #schemaVersion()}.
         *
         * @return the version
         */
        public int codeSchemaVersion() {
            return Schema.CURRENT;
        }
    }

    /**
     * Checks the embedded SQLite store in a file, opening it without creating it or changing its
     * settings.
     *
     * @param file the database file, e.g. {@code SITE.SRV/mifsync.db}
     * @param depth how thorough
     * @return what was found
     * @throws StoreException {@link StoreException.Kind#UNAVAILABLE} if the file does not exist or
     *     cannot be opened, {@link StoreException.Kind#BUSY} if another process holds it past the busy
     *     timeout
     */
    public static Report embedded(Path file, Depth depth) {
        Objects.requireNonNull(file, "database file");
        if (!Files.isRegularFile(file)) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "no inventory store at " + file, null);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(InventoryStore.BUSY_TIMEOUT_MILLIS);
        // a check must not create a missing file, as an open does
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return check(dataSource, depth, Dialect.SQLITE, file.toAbsolutePath().toString());
    }

    /**
     * Checks the store behind a data source (SQLite or PostgreSQL).
     *
     * @param dataSource where the connection comes from
     * @param depth how thorough
     * @return what was found
     * @throws StoreException if the database cannot be reached or is neither SQLite nor PostgreSQL
     */
    public static Report of(DataSource dataSource, Depth depth) {
        return check(Objects.requireNonNull(dataSource, "data source"), depth, null, null);
    }

    private static Report check(DataSource dataSource, Depth depth, Dialect expected, String name) {
        Objects.requireNonNull(depth, "depth");
        Dialect dialect = expected;
        String where = name;
        try (Connection connection = dataSource.getConnection()) {
            dialect = Dialect.of(connection);
            if (where == null) {
                String url = connection.getMetaData().getURL();
                where = url == null ? "(" + dialect.backend() + ")" : url.replaceFirst("\\?.*", "");
            }
            connection.setAutoCommit(true);
            if (dialect == Dialect.POSTGRESQL) {
                connection.setReadOnly(true);
            }
            return new Run(connection, dialect, depth, where).run();
        } catch (SQLException e) {
            if (dialect != null && dialect.classify(e) == StoreException.Kind.CORRUPT) {
                // SQLite may refuse the file before any check ran: that is the finding
                return new Report(dialect.backend(), where == null ? "(" + dialect.backend() + ")" : where, depth,
                        OptionalInt.empty(), List.of("open"), List.of(new Problem(Kind.NOT_A_DATABASE,
                        String.valueOf(e.getMessage()))));
            }
            throw dialect == null ? new StoreException(StoreException.Kind.UNAVAILABLE, "cannot open the inventory"
                    + " store to check it: " + e.getMessage(), e) : dialect.wrap("checking the inventory store "
                    + (where == null ? "" : where), e);
        }
    }

    /** One check on one connection. */
    private static final class Run {
        private final Connection connection;
        private final Dialect dialect;
        private final Depth depth;
        private final String where;
        private final List<String> checks = new ArrayList<>();
        private final List<Problem> problems = new ArrayList<>();
        private OptionalInt version = OptionalInt.empty();

        Run(Connection connection, Dialect dialect, Depth depth, String where) {
            this.connection = connection;
            this.dialect = dialect;
            this.depth = depth;
            this.where = where;
        }

        Report run() throws SQLException {
            boolean readable = true;
            if (dialect == Dialect.SQLITE) {
                readable = sqlitePages();
            }
            if (readable) {
                try {
                    if (schema() && dialect == Dialect.POSTGRESQL) {
                        postgresConstraints();
                    }
                } catch (SQLException e) {
                    if (dialect.classify(e) != StoreException.Kind.CORRUPT) {
                        throw e;
                    }
                    problems.add(new Problem(Kind.DAMAGED, String.valueOf(e.getMessage())));
                }
            }
            return new Report(dialect.backend(), where, depth, version, checks, problems);
        }

        /** SQLite's own checks; false when the file cannot be read as a database at all. */
        private boolean sqlitePages() throws SQLException {
            String pragma = depth == Depth.FULL ? "integrity_check" : "quick_check";
            checks.add("PRAGMA " + pragma);
            if (!pragma("PRAGMA " + pragma + "(" + MAX_PROBLEMS + ")", rows -> {
                String found = rows.getString(1);
                return "ok".equals(found) ? null : found;
            })) {
                return false;
            }
            if (depth == Depth.FULL) {
                checks.add("PRAGMA foreign_key_check");
                return pragma("PRAGMA foreign_key_check", rows -> "row " + rows.getLong("rowid") + " of table "
                        + rows.getString("table") + " refers to a missing row of " + rows.getString("parent"));
            }
            return true;
        }

        /** What a problem row of a check says, or null for "ok". */
        @FunctionalInterface
        private interface RowText {
            String of(ResultSet rows) throws SQLException;
        }

        /**
         * Runs one of SQLite's checks: each row is a problem. The check itself may stop at damage it
         * cannot step over: that is one more problem. False when the file is not a database at all.
         */
        private boolean pragma(String sql, RowText text) throws SQLException {
            try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(sql)) {
                while (rows.next() && problems.size() < MAX_PROBLEMS) {
                    String found = text.of(rows);
                    if (found != null) {
                        // integrity_check puts a header and several findings in one row: one line each
                        found.lines().filter(line -> !line.isBlank() && !line.startsWith("*** in database"))
                                .forEach(line -> problems.add(new Problem(Kind.DAMAGED, line)));
                    }
                }
                return true;
            } catch (SQLException e) {
                if (dialect.classify(e) != StoreException.Kind.CORRUPT) {
                    throw e;
                }
                String message = String.valueOf(e.getMessage());
                boolean notADatabase = (e.getErrorCode() & 0xFF) == 26
                        || message.toUpperCase(Locale.ROOT).contains("NOTADB");
                problems.add(new Problem(notADatabase ? Kind.NOT_A_DATABASE : Kind.DAMAGED, message));
                return !notADatabase;
            }
        }

        /** The migrator's version and the tables and indexes of the schema; false if the version is not this code's. */
        private boolean schema() throws SQLException {
            checks.add("schema version and objects");
            Map<String, String> objects = objects();
            if (!objects.containsKey(Schema.VERSION_TABLE)) {
                problems.add(new Problem(Kind.SCHEMA, "no " + Schema.VERSION_TABLE + " table: this is not a mifsync"
                        + " store, or its schema was never created"));
                return false;
            }
            int max;
            int count;
            try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(
                    "SELECT MAX(version), COUNT(*), MIN(version) FROM " + Schema.VERSION_TABLE)) {
                rows.next();
                max = rows.getInt(1);
                count = rows.getInt(2);
                int min = rows.getInt(3);
                version = OptionalInt.of(max);
                if (count != max || (count > 0 && min != 1)) {
                    problems.add(new Problem(Kind.SCHEMA, Schema.VERSION_TABLE + " lists " + count + " step"
                            + (count == 1 ? "" : "s") + " from " + min + " to " + max + ", not every step from 1"));
                }
            }
            if (max > Schema.CURRENT) {
                problems.add(new Problem(Kind.SCHEMA, "schema version " + max + " is newer than this mifsync knows ("
                        + Schema.CURRENT + ")"));
                return false; // a newer layout: what this code expects tells nothing about it
            } else if (max < Schema.CURRENT) {
                problems.add(new Problem(Kind.SCHEMA, "schema version " + max + " is older than this mifsync writes ("
                        + Schema.CURRENT + "); a command that opens the store migrates it"));
                return false;
            }
            for (String table : Schema.tables().keySet()) {
                if (!"table".equals(objects.get(table))) {
                    problems.add(new Problem(Kind.SCHEMA, "table " + table + " is missing"));
                }
            }
            for (String index : Schema.indexes()) {
                if (!"index".equals(objects.get(index))) {
                    problems.add(new Problem(Kind.SCHEMA, "index " + index + " is missing"));
                }
            }
            return true;
        }

        /** The store's tables and indexes: name to "table" or "index". */
        private Map<String, String> objects() throws SQLException {
            String sql = dialect == Dialect.SQLITE
                    ? "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'index')"
                    : "SELECT c.relname, CASE c.relkind WHEN 'i' THEN 'index' ELSE 'table' END FROM pg_class c"
                            + " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'i')";
            Map<String, String> objects = new HashMap<>();
            try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(sql)) {
                while (rows.next()) {
                    objects.put(rows.getString(1).toLowerCase(Locale.ROOT), rows.getString(2));
                }
            }
            return objects;
        }

        /** Constraints as the DDL declares them, all validated; every index valid. */
        private void postgresConstraints() throws SQLException {
            checks.add("constraints and indexes (pg_constraint, pg_index)");
            Map<String, Map<Character, Integer>> found = new HashMap<>();
            Set<String> notValid = new TreeSet<>();
            try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(
                    "SELECT conname, conrelid::regclass::text, contype, convalidated FROM pg_constraint"
                    + " WHERE connamespace = current_schema()::regnamespace")) {
                while (rows.next()) {
                    String table = rows.getString(2).toLowerCase(Locale.ROOT);
                    found.computeIfAbsent(table, t -> new HashMap<>()).merge(rows.getString(3).charAt(0), 1,
                            Integer::sum);
                    if (!rows.getBoolean(4)) {
                        notValid.add(rows.getString(1) + " on " + table);
                    }
                }
            }
            for (Map.Entry<String, String> table : Schema.tables().entrySet()) {
                Map<Character, Integer> has = found.getOrDefault(table.getKey(), Map.of());
                String ddl = dialect.ddl(table.getValue());
                expect(table.getKey(), has, 'p', "primary key", ddl.contains("PRIMARY KEY") ? 1 : 0);
                expect(table.getKey(), has, 'u', "unique constraint", count(ddl, "UNIQUE"));
                expect(table.getKey(), has, 'f', "foreign key", count(ddl, "REFERENCES"));
            }
            for (String c : notValid) {
                problems.add(new Problem(Kind.SCHEMA, "constraint " + c + " is not validated (NOT VALID): rows may"
                        + " break it"));
            }
            Set<String> invalid = new HashSet<>();
            try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery(
                    "SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " WHERE c.relnamespace = current_schema()::regnamespace AND NOT (i.indisvalid AND i.indisready)")) {
                while (rows.next()) {
                    invalid.add(rows.getString(1));
                }
            }
            new TreeSet<>(invalid).forEach(i -> problems.add(new Problem(Kind.SCHEMA, "index " + i + " is invalid"
                    + " (left by a failed build); REINDEX it")));
        }

        private void expect(String table, Map<Character, Integer> has, char type, String what, int expected) {
            int actual = has.getOrDefault(type, 0);
            if (actual < expected) {
                problems.add(new Problem(Kind.SCHEMA, "table " + table + " has " + actual + " " + what
                        + (actual == 1 ? "" : "s") + ", its schema declares " + expected));
            }
        }

        private static int count(String text, String word) {
            int n = 0;
            for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length())) {
                n++;
            }
            return n;
        }
    }
}
