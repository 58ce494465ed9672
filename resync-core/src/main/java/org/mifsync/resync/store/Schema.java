package org.mifsync.resync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema and its migrator: numbered steps applied in one transaction when a store opens,
 * recorded in {@code schema_version}. A database whose version is above {@link #CURRENT} was made
 * by a newer mifsync and is refused untouched.
 *
 * <p>DDL placeholders: {@code {id}} an auto-assigned 64-bit key, {@code {bytes}} a byte string,
 * {@code {u64}} an unsigned 64-bit integer (see {@link Dialect#ddl}).
 */
final class Schema {

    /** Steps, version 1 first; a new version appends a step and never edits an old one. */
    private static final List<List<String>> STEPS = List.of(List.of(
            """
            CREATE TABLE site (
              code TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              parent TEXT)""",
            """
            CREATE TABLE sms_domain (
              name_folded TEXT PRIMARY KEY,
              name TEXT NOT NULL,
              site TEXT NOT NULL)""",
            """
            CREATE TABLE logon_server (
              domain_folded TEXT NOT NULL,
              name_folded TEXT NOT NULL,
              name TEXT NOT NULL,
              root TEXT NOT NULL,
              PRIMARY KEY (domain_folded, name_folded))""",
            """
            CREATE TABLE client (
              client_id {id},
              sms_id TEXT NOT NULL UNIQUE,
              name TEXT NOT NULL,
              name_folded TEXT NOT NULL,
              net_card_id TEXT,
              site TEXT,
              domain TEXT,
              created_at BIGINT NOT NULL,
              updated_at BIGINT NOT NULL,
              quarantined_at BIGINT,
              quarantine_detail TEXT,
              last_request_time BIGINT)""",
            "CREATE INDEX client_by_name ON client (name_folded)",
            """
            CREATE TABLE client_identity (
              client_id BIGINT NOT NULL REFERENCES client (client_id),
              name_folded TEXT NOT NULL,
              card_folded TEXT NOT NULL,
              first_seen BIGINT NOT NULL,
              last_seen BIGINT NOT NULL,
              PRIMARY KEY (client_id, name_folded, card_folded))""",
            """
            CREATE TABLE inventory_state (
              client_id BIGINT NOT NULL REFERENCES client (client_id),
              kind TEXT NOT NULL,
              version_major INTEGER NOT NULL,
              version_minor INTEGER NOT NULL,
              generated_at BIGINT NOT NULL,
              accepted_at BIGINT NOT NULL,
              PRIMARY KEY (client_id, kind))""",
            """
            CREATE TABLE inventory_instance (
              instance_id {id},
              client_id BIGINT NOT NULL REFERENCES client (client_id),
              kind TEXT NOT NULL,
              class_folded TEXT NOT NULL,
              class_name TEXT NOT NULL,
              key_ids TEXT NOT NULL,
              key_text TEXT NOT NULL,
              UNIQUE (client_id, kind, class_folded, key_text))""",
            """
            CREATE TABLE inventory_value (
              instance_id BIGINT NOT NULL REFERENCES inventory_instance (instance_id),
              attr_id INTEGER NOT NULL,
              name TEXT NOT NULL,
              vtype TEXT NOT NULL,
              v_int BIGINT,
              v_u64 {u64},
              v_text TEXT,
              v_bytes {bytes},
              PRIMARY KEY (instance_id, attr_id))""",
            """
            CREATE TABLE class_attribute (
              class_folded TEXT NOT NULL,
              attr_id INTEGER NOT NULL,
              family TEXT NOT NULL,
              first_seen BIGINT NOT NULL,
              PRIMARY KEY (class_folded, attr_id))""",
            """
            CREATE TABLE class_block (
              client_id BIGINT NOT NULL REFERENCES client (client_id),
              class_folded TEXT NOT NULL,
              class_name TEXT NOT NULL,
              blocked_at BIGINT NOT NULL,
              detail TEXT NOT NULL,
              PRIMARY KEY (client_id, class_folded))""",
            """
            CREATE TABLE resync_request (
              request_id {id},
              client_id BIGINT NOT NULL REFERENCES client (client_id),
              kind TEXT NOT NULL,
              request_time BIGINT NOT NULL,
              reason TEXT NOT NULL,
              requested_by TEXT NOT NULL,
              refusals_since INTEGER NOT NULL,
              issue_count INTEGER NOT NULL,
              state TEXT NOT NULL,
              first_requested_at BIGINT NOT NULL,
              next_reissue_at BIGINT NOT NULL,
              published_at BIGINT,
              acknowledged_at BIGINT,
              expired_at BIGINT,
              updated_at BIGINT NOT NULL)""",
            // at most one pending request per client and kind: further refusals attach to it
            """
            CREATE UNIQUE INDEX resync_request_pending ON resync_request (client_id, kind)
              WHERE state IN ('REQUESTED', 'PUBLISHED')""",
            """
            CREATE TABLE report_seen (
              sms_id TEXT NOT NULL,
              kind TEXT NOT NULL,
              version TEXT NOT NULL,
              content_hash TEXT NOT NULL,
              outcome TEXT NOT NULL,
              decided_at BIGINT NOT NULL,
              PRIMARY KEY (sms_id, kind, version, content_hash))""",
            """
            CREATE TABLE load_log (
              log_id {id},
              sms_id TEXT,
              kind TEXT,
              version TEXT,
              content_hash TEXT,
              outcome TEXT NOT NULL,
              detail TEXT NOT NULL,
              source TEXT,
              logged_at BIGINT NOT NULL)""",
            "CREATE INDEX load_log_by_client ON load_log (sms_id, log_id)",
            // requests: when a request left the domain's files (the last step of its life cycle)
            "ALTER TABLE resync_request ADD COLUMN removed_at BIGINT",
            // requests: every step the publisher, invsync and dumpsync take, with who and when; the
            // throttle counts PUBLISHED rows of a site within its interval
            """
            CREATE TABLE request_event (
              event_id {id},
              request_id BIGINT NOT NULL,
              sms_id TEXT NOT NULL,
              kind TEXT NOT NULL,
              request_time BIGINT NOT NULL,
              event TEXT NOT NULL,
              site TEXT,
              domain TEXT,
              actor TEXT NOT NULL,
              detail TEXT NOT NULL,
              at BIGINT NOT NULL)""",
            "CREATE INDEX request_event_by_site ON request_event (event, site, at)",
            "CREATE INDEX request_event_by_request ON request_event (request_id, event_id)",
            // site settings from the site description, as text by key; scope '*' is the whole
            // hierarchy (room for per-site overrides without a new schema version)
            """
            CREATE TABLE site_setting (
              scope TEXT NOT NULL,
              name TEXT NOT NULL,
              value TEXT NOT NULL,
              PRIMARY KEY (scope, name))""",
            // administration: what a TYPE_CONFLICT found (so that retype knows the reported families),
            // families an administrator accepted for one client (retype), classes left out of one
            // client's reports (drop), and the load log by time for prune
            """
            CREATE TABLE class_conflict (
              client_id BIGINT NOT NULL REFERENCES client (client_id),
              class_folded TEXT NOT NULL,
              attr_id INTEGER NOT NULL,
              stored_family TEXT NOT NULL,
              reported_family TEXT NOT NULL,
              seen_at BIGINT NOT NULL,
              PRIMARY KEY (client_id, class_folded, attr_id))""",
            """
            CREATE TABLE client_family (
              client_id BIGINT NOT NULL REFERENCES client (client_id),
              class_folded TEXT NOT NULL,
              attr_id INTEGER NOT NULL,
              family TEXT NOT NULL,
              retyped_at BIGINT NOT NULL,
              PRIMARY KEY (client_id, class_folded, attr_id))""",
            """
            CREATE TABLE class_drop (
              client_id BIGINT NOT NULL REFERENCES client (client_id),
              class_folded TEXT NOT NULL,
              class_name TEXT NOT NULL,
              dropped_at BIGINT NOT NULL,
              PRIMARY KEY (client_id, class_folded))""",
            "CREATE INDEX load_log_by_time ON load_log (logged_at)"),
            // version 2: loaders claim the clients they work (several loaders on one site); a
            // claim names its loader and expires unless renewed
            List.of("""
            CREATE TABLE loader_claim (
              claim_key TEXT PRIMARY KEY,
              loader TEXT NOT NULL,
              expires_at BIGINT NOT NULL)""",
            // conflicting records held for an administrator (one row per refused report,
            // resolved rows kept as the audit trail of who merged, kept or blocked them, until prune)
            """
            CREATE TABLE identity_conflict (
              conflict_id {id},
              client_id BIGINT NOT NULL REFERENCES client (client_id),
              sms_id TEXT NOT NULL,
              name TEXT NOT NULL,
              net_card_id TEXT,
              site TEXT,
              domain TEXT,
              kind TEXT NOT NULL,
              version TEXT NOT NULL,
              version_major INTEGER NOT NULL,
              version_minor INTEGER NOT NULL,
              generated_at BIGINT NOT NULL,
              content_hash TEXT NOT NULL,
              source TEXT,
              archived TEXT,
              came_through TEXT,
              held_at BIGINT NOT NULL,
              resolution TEXT,
              resolved_by TEXT,
              resolved_at BIGINT)""",
            "CREATE INDEX identity_conflict_by_client ON identity_conflict (client_id, conflict_id)",
            // the logon server each collected file came through, by its name in the inbox, so that a
            // held conflicting record can say where it came from; pruned with the load log
            """
            CREATE TABLE report_origin (
              file_name TEXT PRIMARY KEY,
              logon_server TEXT NOT NULL,
              collected_at BIGINT NOT NULL)""",
            // custom objects from IDMIFs of other architectures, keyed by architecture and key (both
            // folded), with their inventory in tables shaped as the clients' are
            """
            CREATE TABLE custom_object (
              object_id {id},
              architecture TEXT NOT NULL,
              architecture_folded TEXT NOT NULL,
              object_key TEXT NOT NULL,
              key_folded TEXT NOT NULL,
              version_major INTEGER NOT NULL,
              version_minor INTEGER NOT NULL,
              generated_at BIGINT NOT NULL,
              accepted_at BIGINT NOT NULL,
              created_at BIGINT NOT NULL,
              content_hash TEXT NOT NULL,
              source TEXT,
              UNIQUE (architecture_folded, key_folded))""",
            """
            CREATE TABLE object_instance (
              instance_id {id},
              object_id BIGINT NOT NULL REFERENCES custom_object (object_id),
              class_folded TEXT NOT NULL,
              class_name TEXT NOT NULL,
              key_ids TEXT NOT NULL,
              key_text TEXT NOT NULL,
              UNIQUE (object_id, class_folded, key_text))""",
            """
            CREATE TABLE object_value (
              instance_id BIGINT NOT NULL REFERENCES object_instance (instance_id),
              attr_id INTEGER NOT NULL,
              name TEXT NOT NULL,
              vtype TEXT NOT NULL,
              v_int BIGINT,
              v_u64 {u64},
              v_text TEXT,
              v_bytes {bytes},
              PRIMARY KEY (instance_id, attr_id))"""));

    /** The schema version this code writes. */
    static final int CURRENT = STEPS.size();

    /** The table the migrator keeps its version in; created by {@link #migrate}, not by a step. */
    static final String VERSION_TABLE = "schema_version";

    private static final Pattern CREATE_TABLE = Pattern.compile("^\\s*CREATE TABLE (\\w+) \\(");
    private static final Pattern CREATE_INDEX = Pattern.compile("^\\s*CREATE (?:UNIQUE )?INDEX (\\w+) ON");

    /**
     * Returns what the steps create, for {@link StoreCheck}: each table with the DDL that created it
     * (the steps are the one place the schema is written down), in the order they are created.
     */
    static Map<String, String> tables() {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put(VERSION_TABLE, "PRIMARY KEY");
        for (List<String> step : STEPS) {
            for (String sql : step) {
                Matcher m = CREATE_TABLE.matcher(sql);
                if (m.find()) {
                    tables.put(m.group(1), sql);
                }
            }
        }
        return tables;
    }

    /** Returns the names of the indexes the steps create. */
    static List<String> indexes() {
        List<String> indexes = new ArrayList<>();
        for (List<String> step : STEPS) {
            for (String sql : step) {
                Matcher m = CREATE_INDEX.matcher(sql);
                if (m.find()) {
                    indexes.add(m.group(1));
                }
            }
        }
        return indexes;
    }

    private Schema() {
    }

    /** Whether the schema is at {@link #CURRENT}, read without a transaction; false when in doubt. */
    private static boolean isCurrent(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement();
                ResultSet rows = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rows.next() && rows.getInt(1) == CURRENT;
        } catch (SQLException noTableYet) {
            return false;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Brings the database up to {@link #CURRENT} in one transaction.
     *
     * @throws StoreException {@link StoreException.Kind#SCHEMA_TOO_NEW} for a newer database
     */
    static void migrate(Connection connection, Dialect dialect, Instant now, String where) throws SQLException {
        // a store already current needs no write lock to open: another process writing (a second
        // loader, an administrator's command) then meets this one at its first write, where the
        // caller names the step, instead of at opening
        if (isCurrent(connection)) {
            return;
        }
        dialect.begin(connection);
        boolean done = false;
        try {
            if (dialect == Dialect.POSTGRESQL) {
                try (PreparedStatement s = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, 0)")) {
                    s.setInt(1, Dialect.LOCK_SPACE_SCHEMA);
                    s.execute();
                }
            }
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                        + " applied_at BIGINT NOT NULL)");
            }
            int version = 0;
            try (Statement s = connection.createStatement();
                    ResultSet rows = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (rows.next()) {
                    version = rows.getInt(1);
                }
            }
            if (version > CURRENT) {
                throw new StoreException(StoreException.Kind.SCHEMA_TOO_NEW, "the inventory store " + where
                        + " has schema version " + version + ", newer than this mifsync knows (" + CURRENT
                        + "); use the mifsync that wrote it or a later one", null);
            }
            for (int step = version; step < CURRENT; step++) {
                try (Statement s = connection.createStatement()) {
                    for (String sql : STEPS.get(step)) {
                        s.execute(dialect.ddl(sql));
                    }
                }
                try (PreparedStatement s = connection.prepareStatement(
                        "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                    s.setInt(1, step + 1);
                    s.setLong(2, now.toEpochMilli());
                    s.executeUpdate();
                }
            }
            dialect.commit(connection);
            done = true;
        } finally {
            if (!done) {
                try {
                    dialect.rollback(connection);
                } catch (SQLException ignored) {
                    // the error being thrown says what went wrong
                }
            }
        }
    }
}
