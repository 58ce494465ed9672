package org.mifsync.resync.store;

import static org.mifsync.resync.store.StoreTransaction.bind;
import static org.mifsync.resync.store.StoreTransaction.inList;
import static org.mifsync.resync.store.StoreTransaction.padded;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.GroupClass;

/**
 * The attribute types of classes inside one transaction ({@link StoreTransaction#classTypes}): the
 * type family every class attribute was first stored with, and for one client what a type conflict
 * left and the way out of it — the classes blocked with the conflicting attributes
 * ({@code TYPE_CONFLICT}), the families an administrator accepted ({@code class retype}) and the
 * classes dropped ({@code class drop}). A class's stored rows are in the inventories ({@link
 * StoreTransaction#inventories()}); {@link StoreAdmin#deleteClassRows} deletes them.
 *
 * <pre>{@code
 * store.inTransaction(tx -> {
 *     Set<GroupClass> blocked = tx.classTypes().rules(clientId).blocked();
 *     ...
 * });
 * }</pre>
 *
 * <p>Not thread-safe, and valid only inside the transaction it belongs to.
 *
 * @since 0.1
 */
public final class ClassTypes {

    private final StoreTransaction tx;

    ClassTypes(StoreTransaction tx) {
        this.tx = tx;
    }

    /**
     * One attribute of a type conflict: the family the store holds and the one a refused report
     * carried.
     *
     * <p>Immutable and thread-safe.
     *
     * @param attributeId the attribute ID
     * @param stored the stored family
     * @param reported the reported family
     * @since 0.1
     */
    public record Conflict(int attributeId, AttributeValue.Family stored, AttributeValue.Family reported) {
        /**
         * Validates the fields.
         *
         * @param attributeId the attribute ID
         * @param stored the stored family
         * @param reported the reported family
         */
        public Conflict {
            Objects.requireNonNull(stored, "stored family");
            Objects.requireNonNull(reported, "reported family");
        }
    }

    /**
     * A class blocked for one client after a type conflict, with the conflicting attributes.
     *
     * <p>Immutable and thread-safe.
     *
     * @param groupClass the class
     * @param blockedAt when it was blocked
     * @param detail the loader's sentence about it
     * @param conflicts the attributes whose families differ, by ID (empty for a block made before
     *     conflicts were recorded)
     * @since 0.1
     */
    public record Block(GroupClass groupClass, Instant blockedAt, String detail, List<Conflict> conflicts) {
        /**
         * Copies the conflicts.
         *
         * @param groupClass the class
         * @param blockedAt when blocked
         * @param detail why
         * @param conflicts the attributes
         */
        public Block {
            Objects.requireNonNull(groupClass, "class");
            Objects.requireNonNull(blockedAt, "block time");
            Objects.requireNonNull(detail, "detail");
            conflicts = List.copyOf(conflicts);
        }
    }

    /**
     * A family an administrator accepted for one attribute of one client's class ({@code class retype}).
     *
     * <p>Immutable and thread-safe.
     *
     * @param groupClass the class (as folded in the store: upper case)
     * @param attributeId the attribute ID
     * @param family the family accepted
     * @param retypedAt when
     * @since 0.1
     */
    public record Retyped(GroupClass groupClass, int attributeId, AttributeValue.Family family, Instant retypedAt) {
        /**
         * Validates the fields.
         *
         * @param groupClass the class
         * @param attributeId the attribute ID
         * @param family the family
         * @param retypedAt when
         */
        public Retyped {
            Objects.requireNonNull(groupClass, "class");
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(retypedAt, "retype time");
        }
    }

    /**
     * What administrators decided about one client's classes.
     *
     * @param dropped the classes dropped ({@code class drop}): left out of the client's reports; in
     *     the classes' order, as messages list them
     * @param blocked the classes blocked after a type conflict, until retyped, dropped or unblocked;
     *     in the classes' order
     * @since 0.1
     */
    public record ClassRules(Set<GroupClass> dropped, Set<GroupClass> blocked) {
        /**
         * Copies the sets, sorted.
         *
         * @throws NullPointerException if one is null
         */
        public ClassRules {
            dropped = Collections.unmodifiableSortedSet(new TreeSet<>(dropped));
            blocked = Collections.unmodifiableSortedSet(new TreeSet<>(blocked));
        }
    }

    /**
     * The type families of some classes' attributes, as one client's report is checked against them.
     *
     * @param stored per class, per attribute ID, the family the class was first stored with
     * @param client per class, per attribute ID, the family an administrator accepted for the client
     *     ({@code class retype}), which overrides the stored one
     * @since 0.1
     */
    public record Families(Map<GroupClass, Map<Integer, AttributeValue.Family>> stored,
            Map<GroupClass, Map<Integer, AttributeValue.Family>> client) {
        /**
         * Checks the maps.
         *
         * @throws NullPointerException if one is null
         */
        public Families {
            Objects.requireNonNull(stored, "stored");
            Objects.requireNonNull(client, "client");
        }

        /**
         * Returns the families that hold for the client: the stored ones, overridden by the client's.
         *
         * @return a new mutable map, per class, of new mutable maps
         */
        public Map<GroupClass, Map<Integer, AttributeValue.Family>> forClient() {
            Map<GroupClass, Map<Integer, AttributeValue.Family>> merged = new HashMap<>();
            stored.forEach((c, f) -> merged.put(c, new HashMap<>(f)));
            client.forEach((c, f) -> merged.computeIfAbsent(c, k -> new HashMap<>()).putAll(f));
            return merged;
        }
    }

    /**
     * A class left out of one client's reports ({@code class drop}).
     *
     * <p>Immutable and thread-safe.
     *
     * @param groupClass the class
     * @param droppedAt when it was dropped
     * @since 0.1
     */
    public record Dropped(GroupClass groupClass, Instant droppedAt) {
        /**
         * Validates the fields.
         *
         * @param groupClass the class
         * @param droppedAt when
         */
        public Dropped {
            Objects.requireNonNull(groupClass, "class");
            Objects.requireNonNull(droppedAt, "drop time");
        }
    }

    // ---- families and blocks -------------------------------------------------------------------

    /**
     * Returns the type family each attribute of the given classes was first stored with.
     *
     * @param classes the classes
     * @return per class (as given), per attribute ID, the family; classes never stored are absent
     * @throws SQLException if the database fails
     */
    public Map<GroupClass, Map<Integer, AttributeValue.Family>> attributeFamilies(Collection<GroupClass> classes)
            throws SQLException {
        return families(OptionalLong.empty(), classes).stored();
    }

    /**
     * Records the family of a class attribute the first time it is stored; later calls keep the first.
     *
     * @param groupClass the class
     * @param attributeId the attribute ID
     * @param family the family
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void registerFamily(GroupClass groupClass, int attributeId, AttributeValue.Family family, Instant now)
            throws SQLException {
        tx.update("INSERT INTO class_attribute (class_folded, attr_id, family, first_seen) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (class_folded, attr_id) DO NOTHING", groupClass.folded(), attributeId, family.name(),
                now.toEpochMilli());
    }

    /**
     * Returns what administrators decided about a client's classes, as the comparison reads it for
     * every report: in one round trip, the classes dropped and those blocked.
     *
     * @param clientId the client
     * @return the dropped and the blocked classes
     * @throws SQLException if the database fails
     */
    public ClassRules rules(long clientId) throws SQLException {
        Set<GroupClass> dropped = new TreeSet<>();
        Set<GroupClass> blocked = new TreeSet<>();
        try (PreparedStatement s = tx.prepare("SELECT 'drop', class_name FROM class_drop WHERE client_id = ?"
                + " UNION ALL SELECT 'block', class_name FROM class_block WHERE client_id = ?")) {
            s.setLong(1, clientId);
            s.setLong(2, clientId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    (rows.getString(1).equals("drop") ? dropped : blocked).add(GroupClass.of(rows.getString(2)));
                }
            }
        }
        return new ClassRules(dropped, blocked);
    }

    /**
     * Blocks a class for a client until an administrator unblocks it.
     *
     * @param clientId the client
     * @param groupClass the class
     * @param detail why, for people
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void blockClass(long clientId, GroupClass groupClass, String detail, Instant now) throws SQLException {
        tx.update("INSERT INTO class_block (client_id, class_folded, class_name, blocked_at, detail) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (client_id, class_folded) DO NOTHING", clientId, groupClass.folded(),
                groupClass.value(), now.toEpochMilli(), detail);
    }

    /**
     * Unblocks a class for a client.
     *
     * @param clientId the client
     * @param groupClass the class
     * @return true if it was blocked
     * @throws SQLException if the database fails
     */
    public boolean unblockClass(long clientId, GroupClass groupClass) throws SQLException {
        return tx.update("DELETE FROM class_block WHERE client_id = ? AND class_folded = ?", clientId,
                groupClass.folded()) > 0;
    }

    /**
     * Returns, in one round trip, the type family each attribute of the given classes was first
     * stored with, and the families an administrator accepted for one client over those ({@code
     * class retype}).
     *
     * @param clientId the client
     * @param classes the classes
     * @return the stored and the client's families of the classes
     * @throws SQLException if the database fails
     */
    public Families families(long clientId, Collection<GroupClass> classes) throws SQLException {
        return families(OptionalLong.of(clientId), classes);
    }

    /** The stored families of the classes, and the client's if one is given, in one query. */
    private Families families(OptionalLong clientId, Collection<GroupClass> classes) throws SQLException {
        Map<String, GroupClass> byFolded = new HashMap<>();
        classes.forEach(c -> byFolded.put(c.folded(), c));
        Map<GroupClass, Map<Integer, AttributeValue.Family>> stored = new HashMap<>();
        Map<GroupClass, Map<Integer, AttributeValue.Family>> client = new HashMap<>();
        if (byFolded.isEmpty()) {
            return new Families(stored, client);
        }
        List<String> folded = padded(new ArrayList<>(new TreeSet<>(byFolded.keySet())));
        String in = inList(folded.size());
        String query = "SELECT 'stored', class_folded, attr_id, family FROM class_attribute WHERE class_folded IN " + in;
        List<Object> params = new ArrayList<>(folded);
        if (clientId.isPresent()) {
            query += " UNION ALL SELECT 'client', class_folded, attr_id, family FROM client_family"
                    + " WHERE client_id = ? AND class_folded IN " + in;
            params.add(clientId.getAsLong());
            params.addAll(folded);
        }
        try (PreparedStatement s = tx.prepare(query)) {
            bind(s, params.toArray());
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    (rows.getString(1).equals("stored") ? stored : client)
                            .computeIfAbsent(byFolded.get(rows.getString(2)), c -> new HashMap<>())
                            .put(rows.getInt(3), AttributeValue.Family.valueOf(rows.getString(4)));
                }
            }
        }
        return new Families(stored, client);
    }

    /**
     * Records one attribute of a type conflict beside the block it caused, so that {@code class
     * retype} knows which family the client reported. A later conflict on the same attribute
     * replaces it.
     *
     * @param clientId the client
     * @param groupClass the class
     * @param attributeId the attribute ID
     * @param stored the family the store holds for it
     * @param reported the family the refused report carried
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void recordTypeConflict(long clientId, GroupClass groupClass, int attributeId,
            AttributeValue.Family stored, AttributeValue.Family reported, Instant now) throws SQLException {
        tx.update("INSERT INTO class_conflict (client_id, class_folded, attr_id, stored_family, reported_family, seen_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (client_id, class_folded, attr_id) DO UPDATE SET"
                + " stored_family = excluded.stored_family, reported_family = excluded.reported_family,"
                + " seen_at = excluded.seen_at", clientId, groupClass.folded(), attributeId, stored.name(),
                reported.name(), now.toEpochMilli());
    }

    // ---- the way out: retype, drop, unblock ------------------------------------------------------

    /**
     * Returns the classes blocked for a client, with the conflicts recorded for each.
     *
     * @param clientId the client
     * @return the blocks, by class
     * @throws SQLException if the database fails
     */
    public List<Block> blocks(long clientId) throws SQLException {
        Map<String, List<Conflict>> conflicts = new TreeMap<>();
        try (PreparedStatement s = tx.connection().prepareStatement("SELECT class_folded, attr_id, stored_family,"
                + " reported_family FROM class_conflict WHERE client_id = ? ORDER BY class_folded, attr_id")) {
            s.setLong(1, clientId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    conflicts.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(new Conflict(rows.getInt(2),
                            AttributeValue.Family.valueOf(rows.getString(3)),
                            AttributeValue.Family.valueOf(rows.getString(4))));
                }
            }
        }
        List<Block> blocks = new ArrayList<>();
        try (PreparedStatement s = tx.connection().prepareStatement("SELECT class_folded, class_name, blocked_at, detail"
                + " FROM class_block WHERE client_id = ? ORDER BY class_folded")) {
            s.setLong(1, clientId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    blocks.add(new Block(GroupClass.of(rows.getString(2)), Instant.ofEpochMilli(rows.getLong(3)),
                            rows.getString(4), conflicts.getOrDefault(rows.getString(1), List.of())));
                }
            }
        }
        return blocks;
    }

    /**
     * Returns the families accepted for a client's classes by {@code class retype}.
     *
     * @param clientId the client
     * @return the accepted families, by class and attribute
     * @throws SQLException if the database fails
     */
    public List<Retyped> retyped(long clientId) throws SQLException {
        List<Retyped> found = new ArrayList<>();
        try (PreparedStatement s = tx.connection().prepareStatement("SELECT class_folded, attr_id, family, retyped_at"
                + " FROM client_family WHERE client_id = ? ORDER BY class_folded, attr_id")) {
            s.setLong(1, clientId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(new Retyped(GroupClass.of(rows.getString(1)), rows.getInt(2),
                            AttributeValue.Family.valueOf(rows.getString(3)), Instant.ofEpochMilli(rows.getLong(4))));
                }
            }
        }
        return found;
    }

    /**
     * Returns the classes dropped for a client.
     *
     * @param clientId the client
     * @return the dropped classes, by class
     * @throws SQLException if the database fails
     */
    public List<Dropped> dropped(long clientId) throws SQLException {
        List<Dropped> found = new ArrayList<>();
        try (PreparedStatement s = tx.connection().prepareStatement(
                "SELECT class_name, dropped_at FROM class_drop WHERE client_id = ? ORDER BY class_folded")) {
            s.setLong(1, clientId);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(new Dropped(GroupClass.of(rows.getString(1)), Instant.ofEpochMilli(rows.getLong(2))));
                }
            }
        }
        return found;
    }

    /**
     * Accepts a family for one attribute of a client's class: the comparison then checks the
     * client's reports of that attribute against it instead of the class's first-stored family.
     *
     * @param clientId the client
     * @param groupClass the class
     * @param attributeId the attribute ID
     * @param family the family accepted
     * @param now the time
     * @throws SQLException if the database fails
     */
    public void acceptFamily(long clientId, GroupClass groupClass, int attributeId, AttributeValue.Family family,
            Instant now) throws SQLException {
        tx.update("INSERT INTO client_family (client_id, class_folded, attr_id, family, retyped_at) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (client_id, class_folded, attr_id) DO UPDATE SET family = excluded.family,"
                + " retyped_at = excluded.retyped_at", clientId, groupClass.folded(), attributeId, family.name(),
                now.toEpochMilli());
    }

    /**
     * Forgets the families accepted for a client's class.
     *
     * @param clientId the client
     * @param groupClass the class
     * @return the number of attributes forgotten
     * @throws SQLException if the database fails
     */
    public int forgetFamilies(long clientId, GroupClass groupClass) throws SQLException {
        return tx.update("DELETE FROM client_family WHERE client_id = ? AND class_folded = ?", clientId,
                groupClass.folded());
    }

    /**
     * Forgets the conflicts recorded for a client's class.
     *
     * @param clientId the client
     * @param groupClass the class
     * @throws SQLException if the database fails
     */
    public void clearConflicts(long clientId, GroupClass groupClass) throws SQLException {
        tx.update("DELETE FROM class_conflict WHERE client_id = ? AND class_folded = ?", clientId, groupClass.folded());
    }

    /**
     * Leaves a class out of a client's reports from now on (kept if already dropped).
     *
     * @param clientId the client
     * @param groupClass the class
     * @param now the time
     * @return true if the class was not dropped before
     * @throws SQLException if the database fails
     */
    public boolean dropClass(long clientId, GroupClass groupClass, Instant now) throws SQLException {
        return tx.update("INSERT INTO class_drop (client_id, class_folded, class_name, dropped_at) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (client_id, class_folded) DO NOTHING", clientId, groupClass.folded(), groupClass.value(),
                now.toEpochMilli()) > 0;
    }

    /**
     * Stores a dropped class again from the client's next reports.
     *
     * @param clientId the client
     * @param groupClass the class
     * @return true if it was dropped
     * @throws SQLException if the database fails
     */
    public boolean undropClass(long clientId, GroupClass groupClass) throws SQLException {
        return tx.update("DELETE FROM class_drop WHERE client_id = ? AND class_folded = ?", clientId,
                groupClass.folded()) > 0;
    }

    /**
     * Forgets everything kept about a client's classes (blocks, conflicts, accepted families,
     * drops): part of deleting the client ({@link Clients#deleteClient}).
     *
     * @param clientId the client
     * @throws SQLException if the database fails
     */
    public void forgetClient(long clientId) throws SQLException {
        for (String table : List.of("class_block", "class_conflict", "client_family", "class_drop")) {
            tx.update("DELETE FROM " + table + " WHERE client_id = ?", clientId);
        }
    }
}
