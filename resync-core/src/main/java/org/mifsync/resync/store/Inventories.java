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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mifsync.model.Attribute;
import org.mifsync.model.DeltaMismatchException;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.InstanceKey;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ReportVersion;

/**
 * The inventories inside one transaction ({@link StoreTransaction#inventories}): each client's
 * inventory and version per kind, and custom objects' inventories (the type family of every class
 * attribute, and the classes blocked or dropped for a client, are {@link
 * StoreTransaction#classTypes}'). Writes are diffed against what is
 * stored and batched; the rows written are counted in {@link StoreTransaction#inventoryRowsWritten}.
 *
 * <p>One per transaction: it keeps the stored rows a delta was checked against ({@link
 * #deltaMismatches}) until the delta is written ({@link #applyDelta}).
 *
 * <p>Not thread-safe, and valid only inside the transaction it belongs to.
 *
 * @since 0.1
 */
public final class Inventories {

    private final StoreTransaction tx;

    Inventories(StoreTransaction tx) {
        this.tx = tx;
    }

    /**
     * Returns the version state of a client's kind: its baseline.
     *
     * @param clientId the client
     * @param kind the kind
     * @return the state, or empty without a baseline
     * @throws SQLException if the database fails
     */
    public Optional<KindState> kindState(long clientId, InventoryKind kind) throws SQLException {
        try (PreparedStatement s = tx.prepare(
                "SELECT * FROM inventory_state WHERE client_id = ? AND kind = ?")) {
            s.setLong(1, clientId);
            s.setString(2, kind.name());
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.of(kindState(rows, "")) : Optional.empty();
            }
        }
    }

    /** The kind state in the current row, from {@code inventory_state}'s columns named with a prefix. */
    static KindState kindState(ResultSet rows, String prefix) throws SQLException {
        return new KindState(ReportVersion.of(rows.getInt(prefix + "version_major"),
                rows.getInt(prefix + "version_minor")), Instant.ofEpochMilli(rows.getLong(prefix + "generated_at")),
                Instant.ofEpochMilli(rows.getLong(prefix + "accepted_at")));
    }

    /**
     * Records the version of the last accepted report of a client's kind.
     *
     * @param clientId the client
     * @param kind the kind
     * @param state the version and times
     * @throws SQLException if the database fails
     */
    public void putKindState(long clientId, InventoryKind kind, KindState state) throws SQLException {
        tx.update("INSERT INTO inventory_state (client_id, kind, version_major, version_minor, generated_at,"
                + " accepted_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (client_id, kind) DO UPDATE SET"
                + " version_major = excluded.version_major, version_minor = excluded.version_minor,"
                + " generated_at = excluded.generated_at, accepted_at = excluded.accepted_at", clientId, kind.name(),
                state.version().major(), state.version().minor(), state.generatedAt().toEpochMilli(),
                state.acceptedAt().toEpochMilli());
    }
    /**
     * Forgets a client's versions (its baselines), keeping its inventory: its next complete report of
     * each kind is accepted whatever its version, and a delta before it asks for one. For a
     * conflicting record merged into the client, whose versions counted another machine's reports.
     *
     * @param clientId the client
     * @return how many kinds had a version
     * @throws SQLException if the database fails
     */
    public int forgetVersions(long clientId) throws SQLException {
        return tx.update("DELETE FROM inventory_state WHERE client_id = ?", clientId);
    }
    /**
     * Returns a client's inventory of one kind.
     *
     * @param clientId the client
     * @param kind the kind
     * @return the inventory, empty if none is stored
     * @throws SQLException if the database fails
     */
    public Inventory inventory(long clientId, InventoryKind kind) throws SQLException {
        return stored(Owner.client(clientId, kind)).inventory;
    }

    /**
     * Whose inventory rows: a client's of one kind ({@code inventory_instance}, {@code inventory_value})
     * or a custom object's ({@code object_instance}, {@code object_value}, no kind). One way of reading
     * and diffing inventory rows for both.
     */
    private record Owner(String instances, String values, String column, long id, InventoryKind kind) {
        static Owner client(long clientId, InventoryKind kind) {
            return new Owner("inventory_instance", "inventory_value", "client_id", clientId, kind);
        }

        static Owner object(long objectId) {
            return new Owner("object_instance", "object_value", "object_id", objectId, null);
        }

        String where(String alias) {
            return alias + column + " = ?" + (kind == null ? "" : " AND " + alias + "kind = ?");
        }

        int bind(PreparedStatement s, int first) throws SQLException {
            s.setLong(first, id);
            if (kind == null) {
                return first + 1;
            }
            s.setString(first + 1, kind.name());
            return first + 2;
        }
    }

    /** An inventory with the row ID of each instance, for diffed writes. */
    private record Stored(Owner owner, Inventory inventory, Map<InstanceKey, Long> ids) {
    }

    private Stored stored(Owner owner) throws SQLException {
        Map<Long, String[]> heads = new LinkedHashMap<>();
        Map<Long, List<Attribute>> attributes = new HashMap<>();
        try (PreparedStatement s = tx.prepare("SELECT i.instance_id, i.class_name, i.key_ids,"
                + " v.attr_id, v.name, v.vtype, v.v_int, v.v_u64, v.v_text, v.v_bytes FROM " + owner.instances + " i"
                + " JOIN " + owner.values + " v ON v.instance_id = i.instance_id WHERE " + owner.where("i.")
                + " ORDER BY i.instance_id, v.attr_id")) {
            owner.bind(s, 1);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    long id = rows.getLong("instance_id");
                    heads.computeIfAbsent(id, k -> new String[2]);
                    String[] head = heads.get(id);
                    if (head[0] == null) {
                        head[0] = rows.getString("class_name");
                        head[1] = rows.getString("key_ids");
                    }
                    attributes.computeIfAbsent(id, k -> new ArrayList<>()).add(Attribute.of(rows.getInt("attr_id"),
                            rows.getString("name"), ValueCodec.read(rows, tx.dialect())));
                }
            }
        }
        List<GroupInstance> instances = new ArrayList<>();
        Map<InstanceKey, Long> ids = new HashMap<>();
        for (Map.Entry<Long, String[]> head : heads.entrySet()) {
            GroupInstance instance = GroupInstance.of(GroupClass.of(head.getValue()[0]),
                    ValueCodec.parseKeyIds(head.getValue()[1]), attributes.get(head.getKey()));
            instances.add(instance);
            ids.put(instance.key(), head.getKey());
        }
        return new Stored(owner, Inventory.of(instances), ids);
    }

    /**
     * Replaces a client's inventory of one kind, writing only what differs from what is stored:
     * an inventory equal to the stored one writes no row.
     *
     * @param clientId the client
     * @param kind the kind
     * @param inventory the new inventory
     * @return the number of inventory rows written
     * @throws SQLException if the database fails
     */
    public int replaceInventory(long clientId, InventoryKind kind, Inventory inventory) throws SQLException {
        Stored before = stored(Owner.client(clientId, kind));
        return write(before, InventoryDelta.diff(before.inventory, inventory));
    }

    /**
     * Returns a custom object's inventory.
     *
     * @param objectId the object
     * @return the inventory, empty if none is stored
     * @throws SQLException if the database fails
     */
    public Inventory objectInventory(long objectId) throws SQLException {
        return stored(Owner.object(objectId)).inventory;
    }

    /**
     * Replaces a custom object's inventory whole, writing only what differs from what is stored:
     * what the new inventory no longer holds (an attribute, an instance) is deleted.
     *
     * @param objectId the object
     * @param inventory the new inventory
     * @return the number of rows written
     * @throws SQLException if the database fails
     */
    public int replaceObjectInventory(long objectId, Inventory inventory) throws SQLException {
        Stored before = stored(Owner.object(objectId));
        return write(before, InventoryDelta.diff(before.inventory, inventory));
    }

    /**
     * Returns every way a delta does not fit a client's stored inventory of one kind ({@link
     * InventoryDelta#mismatches(InventoryDelta.Stored)}), reading the key of every stored instance
     * but the values only of those the delta touches; {@link #applyDelta} then writes it without
     * reading again.
     *
     * @param clientId the client
     * @param kind the kind
     * @param delta the delta
     * @return the mismatches, empty if it fits
     * @throws SQLException if the database fails
     */
    public List<DeltaMismatchException.Mismatch> deltaMismatches(long clientId, InventoryKind kind,
            InventoryDelta delta) throws SQLException {
        lastDelta = deltaBase(Owner.client(clientId, kind), delta);
        return delta.mismatches(lastDelta);
    }

    /**
     * Applies a delta to a client's stored inventory of one kind, writing only the rows it touches
     * (the same rows as {@link #replaceInventory} with the delta applied), reading only those rows
     * (and every instance's key) when {@link #deltaMismatches} did not just read them.
     *
     * @param clientId the client
     * @param kind the kind
     * @param delta the delta, which fits the stored inventory
     * @return the number of inventory rows written
     * @throws IllegalArgumentException if the delta does not fit
     * @throws SQLException if the database fails
     */
    public int applyDelta(long clientId, InventoryKind kind, InventoryDelta delta) throws SQLException {
        Owner owner = Owner.client(clientId, kind);
        DeltaBase base = lastDelta != null && lastDelta.delta == delta && lastDelta.owner.equals(owner) ? lastDelta
                : deltaBase(owner, delta);
        lastDelta = null;
        List<DeltaMismatchException.Mismatch> mismatches = delta.mismatches(base);
        if (!mismatches.isEmpty()) {
            throw new IllegalArgumentException("the delta does not fit the stored inventory: " + mismatches);
        }
        // what replaceInventory would diff: an update equal to the stored instance writes no row
        return write(base.touched, delta);
    }

    /** The stored instance a delta was checked against last, until it is written. */
    private DeltaBase lastDelta;

    /** One stored instance's index row: no values. */
    private record Head(long id, String classFolded, String className, String keyIds) {
    }

    /**
     * What a delta needs of an owner's stored inventory: the key and key IDs of every instance, and
     * the whole instances (with their row IDs) of those it touches.
     */
    private static final class DeltaBase implements InventoryDelta.Stored {
        final Owner owner;
        final InventoryDelta delta;
        final Map<String, Head> heads;
        final Stored touched;

        DeltaBase(Owner owner, InventoryDelta delta, Map<String, Head> heads, Stored touched) {
            this.owner = owner;
            this.delta = delta;
            this.heads = heads;
            this.touched = touched;
        }

        @Override
        public boolean contains(InstanceKey key) {
            return heads.containsKey(headKey(key));
        }

        @Override
        public Optional<List<Integer>> keyIdsOfOthers(GroupClass groupClass, Set<InstanceKey> touchedKeys) {
            Set<String> left = new java.util.HashSet<>();
            touchedKeys.forEach(k -> left.add(headKey(k)));
            return heads.entrySet().stream().filter(e -> e.getValue().classFolded().equals(groupClass.folded())
                    && !left.contains(e.getKey())).map(e -> ValueCodec.parseKeyIds(e.getValue().keyIds())).findFirst();
        }
    }

    private static String headKey(InstanceKey key) {
        return headKey(key.groupClass().folded(), ValueCodec.keyText(key.values()));
    }

    /** An instance's key as its stored row holds it: folded class and key text. */
    private static String headKey(String classFolded, String keyText) {
        return classFolded + '\u0000' + keyText;
    }

    private DeltaBase deltaBase(Owner owner, InventoryDelta delta) throws SQLException {
        Map<String, Head> heads = new HashMap<>();
        try (PreparedStatement s = tx.prepare("SELECT instance_id, class_folded, class_name, key_ids, key_text"
                + " FROM " + owner.instances + " WHERE " + owner.where(""))) {
            owner.bind(s, 1);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    heads.put(headKey(rows.getString(2), rows.getString(5)), new Head(rows.getLong(1),
                            rows.getString(2), rows.getString(3), rows.getString(4)));
                }
            }
        }
        // the values of the stored instances the delta touches, in one query
        Map<Long, Head> wanted = new LinkedHashMap<>();
        for (InstanceKey key : delta.touched()) {
            Head head = heads.get(headKey(key));
            if (head != null) {
                wanted.put(head.id(), head);
            }
        }
        Map<Long, List<Attribute>> attributes = new HashMap<>();
        if (!wanted.isEmpty()) {
            List<Long> ids = padded(new ArrayList<>(wanted.keySet()));
            try (PreparedStatement s = tx.prepare("SELECT instance_id, attr_id, name, vtype, v_int, v_u64,"
                    + " v_text, v_bytes FROM " + owner.values + " WHERE instance_id IN " + inList(ids.size())
                    + " ORDER BY instance_id, attr_id")) {
                bind(s, ids.toArray());
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        attributes.computeIfAbsent(rows.getLong("instance_id"), k -> new ArrayList<>()).add(Attribute.of(
                                rows.getInt("attr_id"), rows.getString("name"), ValueCodec.read(rows, tx.dialect())));
                    }
                }
            }
        }
        List<GroupInstance> instances = new ArrayList<>();
        Map<InstanceKey, Long> instanceIds = new HashMap<>();
        for (Head head : wanted.values()) {
            GroupInstance instance = GroupInstance.of(GroupClass.of(head.className()),
                    ValueCodec.parseKeyIds(head.keyIds()), attributes.getOrDefault(head.id(), List.of()));
            instances.add(instance);
            instanceIds.put(instance.key(), head.id());
        }
        return new DeltaBase(owner, delta, heads, new Stored(owner, Inventory.of(instances), instanceIds));
    }

    /**
     * Writes a delta onto the stored rows in a fixed number of batched statements, and one more for
     * every {@link #INSERT_ROWS} new instances: on PostgreSQL each is one round trip, where a
     * statement per row cost one each. The rows written are counted from the model (a batch's
     * counts are not reliable across drivers).
     */
    private int write(Stored before, InventoryDelta delta) throws SQLException {
        Owner owner = before.owner;
        int written = 0;
        List<Long> deleted = new ArrayList<>();
        for (InstanceKey key : delta.deletes()) {
            deleted.add(before.ids.get(key));
            written += 1 + before.inventory.get(key).orElseThrow().attributes().size();
        }
        batch("DELETE FROM " + owner.values + " WHERE instance_id = ?", deleted, (s, id) -> s.setLong(1, id));
        batch("DELETE FROM " + owner.instances + " WHERE instance_id = ?", deleted, (s, id) -> s.setLong(1, id));

        List<GroupInstance> renamed = new ArrayList<>();
        List<Map.Entry<Long, Integer>> valuesGone = new ArrayList<>();
        List<Map.Entry<Long, Attribute>> valuesNew = new ArrayList<>();
        for (GroupInstance after : delta.updates()) {
            long id = before.ids.get(after.key());
            GroupInstance was = before.inventory.get(after.key()).orElseThrow();
            if (!was.keyAttributeIds().equals(after.keyAttributeIds())
                    || !was.groupClass().value().equals(after.groupClass().value())) {
                renamed.add(after);
                written++;
            }
            Map<Integer, Attribute> old = new HashMap<>();
            was.attributes().forEach(a -> old.put(a.id(), a));
            for (Attribute attribute : after.attributes()) {
                Attribute previous = old.remove(attribute.id());
                if (!attribute.equals(previous)) {
                    if (previous != null) {
                        valuesGone.add(Map.entry(id, attribute.id()));
                    }
                    valuesNew.add(Map.entry(id, attribute));
                    written++;
                }
            }
            for (Attribute gone : old.values()) {
                valuesGone.add(Map.entry(id, gone.id()));
                written++;
            }
        }
        batch("UPDATE " + owner.instances + " SET key_ids = ?, class_name = ? WHERE instance_id = ?", renamed,
                (s, i) -> {
                    s.setString(1, ValueCodec.keyIds(i.keyAttributeIds()));
                    s.setString(2, i.groupClass().value());
                    s.setLong(3, before.ids.get(i.key()));
                });
        batch("DELETE FROM " + owner.values + " WHERE instance_id = ? AND attr_id = ?", valuesGone, (s, v) -> {
            s.setLong(1, v.getKey());
            s.setInt(2, v.getValue());
        });

        Map<String, Long> ids = insertInstances(owner, delta.adds());
        for (GroupInstance add : delta.adds()) {
            long id = ids.get(headKey(add.key()));
            add.attributes().forEach(a -> valuesNew.add(Map.entry(id, a)));
            written += 1 + add.attributes().size();
        }
        batch(insertValue(owner), valuesNew, (s, v) -> bindValue(s, v.getKey(), v.getValue()));
        tx.countInventoryRows(written);
        return written;
    }

    /** How many instances one INSERT statement carries: a few statement texts, few round trips. */
    private static final int INSERT_ROWS = 64;

    /**
     * Inserts an owner's new instances, up to {@link #INSERT_ROWS} rows per statement, and returns
     * their row IDs by folded class and key text, as the statements return them (both databases
     * take {@code RETURNING}): no second round trip to read them, and no read of the instances
     * already stored. Only the statement of a whole chunk is kept in the connection's cache: a
     * statement for every remainder's size would push others out of it.
     */
    private Map<String, Long> insertInstances(Owner owner, List<GroupInstance> adds) throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        String columns = owner.column + (owner.kind == null ? "" : ", kind") + ", class_folded, class_name, key_ids,"
                + " key_text";
        String row = owner.kind == null ? "(?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?)";
        for (int from = 0; from < adds.size(); from += INSERT_ROWS) {
            List<GroupInstance> chunk = adds.subList(from, Math.min(adds.size(), from + INSERT_ROWS));
            String sql = "INSERT INTO " + owner.instances + " (" + columns + ") VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(), row))
                    + " RETURNING instance_id, class_folded, key_text";
            try (PreparedStatement s = chunk.size() == INSERT_ROWS ? tx.prepare(sql)
                    : tx.connection().prepareStatement(sql)) {
                int next = 1;
                for (GroupInstance i : chunk) {
                    next = owner.bind(s, next);
                    s.setString(next++, i.groupClass().folded());
                    s.setString(next++, i.groupClass().value());
                    s.setString(next++, ValueCodec.keyIds(i.keyAttributeIds()));
                    s.setString(next++, ValueCodec.keyText(i.key().values()));
                }
                try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                        ids.put(headKey(rows.getString(2), rows.getString(3)), rows.getLong(1));
                    }
                }
            }
        }
        return ids;
    }

    /** Binds one row of a batch. */
    @FunctionalInterface
    private interface Binder<T> {
        void bind(PreparedStatement statement, T row) throws SQLException;
    }

    /** Runs one statement for every row, as one batch; nothing when there is no row. */
    private <T> void batch(String sql, Collection<T> rows, Binder<T> binder) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = tx.prepare(sql)) {
            for (T row : rows) {
                binder.bind(s, row);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private static String insertValue(Owner owner) {
        return "INSERT INTO " + owner.values + " (instance_id, attr_id, name, vtype, v_int, v_u64, v_text, v_bytes)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    }

    private void bindValue(PreparedStatement s, long instanceId, Attribute attribute) throws SQLException {
        s.setLong(1, instanceId);
        s.setInt(2, attribute.id());
        s.setString(3, attribute.name());
        ValueCodec.bind(s, 4, attribute.value(), tx.dialect());
    }
}
