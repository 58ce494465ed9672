package org.mifsync.model;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a delta does not fit the inventory it is applied to: it adds an instance that is
 * there, updates or deletes one that is not, or adds or updates an instance whose key attributes
 * differ from those of the other instances of its class. In the store this is a {@link
 * ResyncReason#ROW_MISMATCH}.
 *
 * <p>The exception carries every mismatch found, not only the first; the message names the first
 * instance (class and key values) and how many more there are.
 *
 * <p>Its list of mismatches never changes; as any exception, it is otherwise not meant to be
 * shared between threads.
 *
 * @since 0.1
 */
public class DeltaMismatchException extends IllegalArgumentException {

    /** Serialization version of this class (2: the mismatches are serialized with it). */
    private static final long serialVersionUID = 2L;

    /**
     * The ways a delta can fail to fit an inventory.
     *
     * <p>Immutable and thread-safe.
     *
     * @since 0.1
     */
    public enum Kind {
        /** The delta adds an instance whose key the inventory already holds. */
        ADD_OF_EXISTING("add of existing instance"),
        /** The delta updates an instance the inventory does not hold. */
        UPDATE_OF_MISSING("update of missing instance"),
        /** The delta deletes an instance the inventory does not hold. */
        DELETE_OF_MISSING("delete of missing instance"),
        /** The delta adds or updates an instance whose key attributes differ from its class's. */
        KEY_ATTRIBUTES_DIFFER("key attributes differ from the class's other instances for instance");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        /**
         * Returns a short description for messages, e.g. {@code update of missing instance}.
         *
         * @return the description
         */
        public String text() {
            return text;
        }
    }

    /**
     * One instance of a delta that does not fit.
     *
     * <p>Immutable and thread-safe.
     *
     * @param kind how it does not fit
     * @param key the instance concerned
     * @since 0.1
     */
    public record Mismatch(Kind kind, InstanceKey key) implements Serializable {

        /**
         * Validates the mismatch.
         *
         * @param kind how it does not fit
         * @param key the instance concerned
         * @throws InvalidValueException if a field is null
         */
        public Mismatch {
            Check.notNull("mismatch kind", kind);
            Check.notNull("instance key", key);
        }

        /**
         * Returns e.g. {@code update of missing instance MICROSOFT|DISK|1.0{"C:"}}.
         *
         * @return the description
         */
        @Override
        public String toString() {
            return kind.text() + " " + key;
        }
    }

    private final List<Mismatch> mismatches;

    /**
     * Creates the exception.
     *
     * @param mismatches every mismatch found, at least one
     * @throws InvalidValueException if the list is null, empty or holds null
     */
    public DeltaMismatchException(List<Mismatch> mismatches) {
        super(message(mismatches));
        this.mismatches = List.copyOf(mismatches);
    }

    private static String message(List<Mismatch> mismatches) {
        Check.noNullElements("mismatches", mismatches);
        if (mismatches.isEmpty()) {
            throw Check.invalid("mismatches", "a delta mismatch needs at least one mismatch");
        }
        String first = "delta does not fit the inventory: " + mismatches.get(0);
        if (mismatches.size() == 1) {
            return first;
        }
        int more = mismatches.size() - 1;
        return first + " and " + more + " more (" + mismatches.stream().skip(1).limit(5).map(Mismatch::toString)
                .collect(Collectors.joining("; ")) + (more > 5 ? "; ..." : "") + ")";
    }

    /**
     * Returns every mismatch found, in the delta's order (adds, updates, deletes, each by key).
     *
     * @return the mismatches, at least one
     */
    public List<Mismatch> mismatches() {
        return mismatches;
    }
}
