package org.mifsync.resync.admin;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.GroupClass;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncRequest;
import org.mifsync.model.SmsId;
import org.mifsync.resync.files.Mode;

/**
 * What {@code class retype|drop|unblock} did (or, in a dry run, would do) to one class of one client.
 * Stored rows are never converted to another type (nothing is truncated): they are deleted, counted
 * here, and come back from the client's next complete report where that is asked for.
 *
 * <p>Immutable and thread-safe.
 *
 * @param client the client
 * @param groupClass the class
 * @param action what was done
 * @param mode applied or dry run
 * @param instancesDeleted the client's stored instances of the class deleted, per kind
 * @param familiesAccepted for a retype: the family now accepted per attribute ID
 * @param requested complete reports asked of the client so that the class comes back whole
 * @param summary one paragraph for people
 * @since 0.1
 */
public record ClassChange(SmsId client, GroupClass groupClass, Action action, Mode mode,
        Map<InventoryKind, Integer> instancesDeleted, Map<Integer, AttributeValue.Family> familiesAccepted,
        List<ResyncRequest> requested, String summary) {

    /**
     * The three ways out of a type conflict.
     *
     * <p>Immutable and thread-safe.
     *
     * @since 0.1
     */
    public enum Action {
        /** Accept the reported families for this client; drop the rows of the old type; ask for a complete report. */
        RETYPE,
        /** Delete the client's rows of the class and leave the class out of its reports from now on. */
        DROP,
        /** Lift a block or a drop; a dropped class is asked for again with a complete report. */
        UNBLOCK
    }

    /**
     * Copies the collections.
     *
     * @param client the client
     * @param groupClass the class
     * @param action the action
     * @param mode the mode
     * @param instancesDeleted instances deleted per kind
     * @param familiesAccepted families accepted per attribute
     * @param requested requests made
     * @param summary for people
     */
    public ClassChange {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(groupClass, "class");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(mode, "mode");
        instancesDeleted = Map.copyOf(instancesDeleted);
        familiesAccepted = Map.copyOf(familiesAccepted);
        requested = List.copyOf(requested);
        Objects.requireNonNull(summary, "summary");
    }

    /**
     * Returns the number of instances deleted across kinds.
     *
     * @return the total
     */
    public int totalInstancesDeleted() {
        return instancesDeleted.values().stream().mapToInt(Integer::intValue).sum();
    }
}
