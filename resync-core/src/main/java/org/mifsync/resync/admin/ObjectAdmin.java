package org.mifsync.resync.admin;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.Inventory;
import org.mifsync.resync.files.Mode;
import org.mifsync.resync.store.CustomObjects;
import org.mifsync.resync.store.CustomObjects.StoredObject;
import org.mifsync.resync.store.InventoryStore;

/**
 * The administrator's operations on custom objects: the objects IDMIFs of other
 * architectures than Personal Computer describe, such as an {@code Employee} or a {@code Printer},
 * named by architecture and key (both ignoring case).
 *
 * <pre>{@code
 * ObjectAdmin objects = ObjectAdmin.of(store);
 * for (CustomObjects.StoredObject o : objects.list("Employee")) { ... }
 * ObjectAdmin.ObjectView employee = objects.show("Employee", "E-10442");
 * objects.delete("Employee", "E-10442", Mode.APPLY);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ObjectAdmin {

    private final InventoryStore store;

    private ObjectAdmin(InventoryStore store) {
        this.store = store;
    }

    /**
     * Returns the operations on a store's objects.
     *
     * @param store the store
     * @return the operations
     */
    public static ObjectAdmin of(InventoryStore store) {
        return new ObjectAdmin(Objects.requireNonNull(store, "store"));
    }

    /**
     * One object with its inventory.
     *
     * <p>Immutable and thread-safe.
     *
     * @param object the object: architecture, key, version, times, the file it last came from
     * @param inventory its groups, as its last accepted IDMIF reported them
     * @since 0.1
     */
    public record ObjectView(StoredObject object, Inventory inventory) {

        /**
         * Validates the fields.
         *
         * @throws NullPointerException if a field is null
         */
        public ObjectView {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(inventory, "inventory");
        }
    }

    /**
     * Lists every stored object, by architecture and key.
     *
     * @return the objects
     */
    public List<StoredObject> list() {
        return store.inTransaction(tx -> tx.objects().list());
    }

    /**
     * Lists the stored objects of one architecture, by key.
     *
     * @param architecture the architecture (any case)
     * @return the objects
     */
    public List<StoredObject> list(String architecture) {
        Objects.requireNonNull(architecture, "architecture");
        return store.inTransaction(tx -> tx.objects().list(architecture));
    }

    /**
     * Returns one object with its inventory.
     *
     * @param architecture the architecture, any case
     * @param key the key, any case
     * @return the object
     * @throws AdminException if there is no such object
     */
    public ObjectView show(String architecture, String key) {
        return store.inTransaction(tx -> {
            StoredObject o = find(tx.objects(), architecture, key);
            return new ObjectView(o, tx.inventories().objectInventory(o.id()));
        });
    }

    /**
     * Deletes an object with its inventory; the load log keeps its history. Its next IDMIF creates it
     * again, whatever its version.
     *
     * @param architecture the architecture, any case
     * @param key the key, any case
     * @param mode apply or dry run
     * @return the object as it was
     * @throws AdminException if there is no such object
     */
    public ObjectView delete(String architecture, String key, Mode mode) {
        return store.inTransaction(mode, tx -> {
            CustomObjects objects = tx.objects();
            objects.lock(architecture, key);
            StoredObject o = find(objects, architecture, key);
            Inventory inventory = tx.inventories().objectInventory(o.id());
            objects.delete(o.id());
            return new ObjectView(o, inventory);
        });
    }

    private static StoredObject find(CustomObjects objects, String architecture, String key)
            throws java.sql.SQLException {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(key, "key");
        Optional<StoredObject> found = objects.find(architecture, key);
        if (found.isPresent()) {
            return found.get();
        }
        List<StoredObject> ofArchitecture = objects.list(architecture);
        throw new AdminException(AdminException.Kind.NOT_FOUND, "no " + architecture.strip() + " object has the key "
                + key.strip() + (ofArchitecture.isEmpty() ? "; no object of that architecture is stored"
                : "; 'object list " + architecture.strip() + "' lists the " + ofArchitecture.size() + " stored"));
    }
}
