package org.mifsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryTest {

    private static final GroupClass DISK = GroupClass.of("MICROSOFT|DISK|1.0");
    private static final GroupClass CPU = GroupClass.of("MICROSOFT|PROCESSOR|1.0");

    static GroupInstance disk(String letter, long free) {
        return GroupInstance.of(DISK, List.of(2), List.of(
                Attribute.of(5, "Free Space", AttributeValue.int64(free)),
                Attribute.of(2, "Drive Letter", AttributeValue.text(letter))));
    }

    static GroupInstance cpu(String type) {
        return GroupInstance.single(CPU, List.of(Attribute.of(1, "Processor Type", AttributeValue.text(type))));
    }

    @Test
    void inventoryFindsInstancesByClassAndKeyIgnoringClassCase() {
        Inventory inventory = Inventory.of(disk("D:", 5), disk("C:", 7), cpu("486"));
        InstanceKey c = InstanceKey.of(GroupClass.of("microsoft|disk|1.0"), AttributeValue.text("C:"));
        assertThat(inventory.get(c)).contains(disk("C:", 7));
        assertThat(inventory.contains(InstanceKey.of(DISK, AttributeValue.text("c:")))).isFalse();
        assertThat(inventory.size()).isEqualTo(3);
        assertThat(inventory.instancesOf(DISK)).containsExactly(disk("C:", 7), disk("D:", 5));
        assertThat(inventory.groupClasses()).containsExactly(DISK, CPU);
        assertThat(inventory.instances().keySet()).extracting(InstanceKey::toString)
                .containsExactly("MICROSOFT|DISK|1.0{\"C:\"}", "MICROSOFT|DISK|1.0{\"D:\"}", "MICROSOFT|PROCESSOR|1.0{}");
    }

    @Test
    void inventoryWithTheSameInstanceTwiceIsRefusedNamingIt() {
        assertThatThrownBy(() -> Inventory.of(disk("C:", 1), disk("C:", 2)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("inventory holds instance MICROSOFT|DISK|1.0{\"C:\"} more than once");
        assertThatThrownBy(() -> Inventory.of(cpu("386"), cpu("486")))
                .hasMessage("inventory holds instance MICROSOFT|PROCESSOR|1.0{} more than once");
    }

    @Test
    void inventoryWithInstancesOfOneClassKeyedDifferentlyIsRefused() {
        GroupInstance other = GroupInstance.of(DISK, List.of(5), disk("C:", 1).attributes());
        assertThatThrownBy(() -> Inventory.of(disk("C:", 1), other))
                .hasMessage("inventory holds instances of class MICROSOFT|DISK|1.0 with different key attribute IDs:"
                        + " [5] and [2] (at MICROSOFT|DISK|1.0{\"C:\"})");
    }

    @Test
    void inventoryWithInstanceUnderAnotherKeyIsRefused() {
        assertThatThrownBy(() -> new Inventory(Map.of(InstanceKey.of(DISK, AttributeValue.text("D:")), disk("C:", 1))))
                .hasMessage("inventory files instance MICROSOFT|DISK|1.0{\"C:\"} under key MICROSOFT|DISK|1.0{\"D:\"}");
    }

    @Test
    void inventoryIsUnmodifiable() {
        Inventory inventory = Inventory.of(disk("C:", 1));
        assertThatThrownBy(() -> inventory.instances().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void filterKeepsTheClassesAsked() {
        Inventory inventory = Inventory.of(disk("C:", 1), cpu("486"));
        assertThat(inventory.filter(CPU::equals)).isEqualTo(Inventory.of(cpu("486")));
        assertThat(inventory.filter(c -> false)).isEqualTo(Inventory.empty());
    }

    @Test
    void diffNamesAddsUpdatesAndDeletes() {
        Inventory before = Inventory.of(disk("C:", 1), disk("D:", 2), cpu("386"));
        Inventory after = Inventory.of(disk("C:", 1), disk("E:", 3), cpu("486"));
        InventoryDelta delta = InventoryDelta.diff(before, after);
        assertThat(delta.adds()).containsExactly(disk("E:", 3));
        assertThat(delta.updates()).containsExactly(cpu("486"));
        assertThat(delta.deletes()).containsExactly(disk("D:", 2).key());
        assertThat(delta.size()).isEqualTo(3);
        assertThat(before.apply(delta)).isEqualTo(after);
    }

    @Test
    void deltaNamingAnInstanceTwiceIsRefused() {
        assertThatThrownBy(() -> InventoryDelta.of(List.of(disk("C:", 1)), List.of(), List.of(disk("C:", 1).key())))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("delta names instance MICROSOFT|DISK|1.0{\"C:\"} more than once (add and delete)");
    }

    @Test
    void deltaWithEveryKindOfMisfitListsThemAll() {
        Inventory base = Inventory.of(disk("C:", 1));
        InventoryDelta delta = InventoryDelta.of(List.of(disk("C:", 2)), List.of(disk("D:", 1)),
                List.of(disk("E:", 1).key()));
        assertThatThrownBy(() -> delta.applyTo(base))
                .isInstanceOf(DeltaMismatchException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("delta does not fit the inventory: add of existing instance MICROSOFT|DISK|1.0{\"C:\"}"
                        + " and 2 more (update of missing instance MICROSOFT|DISK|1.0{\"D:\"};"
                        + " delete of missing instance MICROSOFT|DISK|1.0{\"E:\"})");
    }

    @Test
    void deltaAddingAnInstanceKeyedUnlikeItsClassIsAMisfit() {
        Inventory base = Inventory.of(disk("C:", 1));
        GroupInstance oddlyKeyed = GroupInstance.of(DISK, List.of(5), disk("D:", 9).attributes());
        InventoryDelta delta = InventoryDelta.of(List.of(oddlyKeyed), List.of(), List.of());
        assertThat(delta.mismatches(base)).containsExactly(new DeltaMismatchException.Mismatch(
                DeltaMismatchException.Kind.KEY_ATTRIBUTES_DIFFER, oddlyKeyed.key()));
        assertThatThrownBy(() -> delta.applyTo(base)).isInstanceOf(DeltaMismatchException.class)
                .hasMessageContaining("key attributes differ");
        // replacing every instance of the class with the new keying fits
        InventoryDelta rekey = InventoryDelta.of(List.of(oddlyKeyed), List.of(), List.of(disk("C:", 1).key()));
        assertThat(rekey.applyTo(base)).isEqualTo(Inventory.of(oddlyKeyed));
    }

    @Test
    void instanceKeyInMessagesEscapesAndShortensHostileText() {
        InstanceKey key = InstanceKey.of(DISK, AttributeValue.text("a\u0000b" + "x".repeat(100)),
                AttributeValue.octets(new byte[] {1, (byte) 0xAB}), AttributeValue.unknown(AttributeValue.Family.DATE));
        assertThat(key.toString()).isEqualTo("MICROSOFT|DISK|1.0{\"a\u0000b" + "x".repeat(45) + "...\", 0x01AB, UNKNOWN}");
    }
}
