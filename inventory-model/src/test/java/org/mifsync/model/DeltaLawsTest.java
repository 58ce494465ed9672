package org.mifsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeltaLawsTest {

    @Test
    void applyingTheDiffOfTwoInventoriesToTheFirstGivesTheSecond() {
        qt().withExamples(300).forAll(Inventories.pairs()).checkAssert(pair -> {
            Inventory a = pair._1;
            Inventory b = pair._2;
            InventoryDelta delta = InventoryDelta.diff(a, b);
            assertThat(InventoryDelta.apply(delta, a)).isEqualTo(b);
            assertThat(a.apply(delta)).isEqualTo(b);
            assertThat(delta.mismatches(a)).isEmpty();
        });
    }

    @Test
    void diffOfAnInventoryWithItselfIsEmpty() {
        qt().withExamples(300).forAll(Inventories.inventories()).checkAssert(a -> {
            assertThat(InventoryDelta.diff(a, a).isEmpty()).isTrue();
            assertThat(InventoryDelta.diff(a, a)).isEqualTo(InventoryDelta.empty());
            assertThat(a.apply(InventoryDelta.empty())).isEqualTo(a);
        });
    }

    @Test
    void diffBackUndoesDiff() {
        qt().withExamples(300).forAll(Inventories.pairs()).checkAssert(pair -> {
            Inventory a = pair._1;
            Inventory b = pair._2;
            assertThat(b.apply(InventoryDelta.diff(b, a))).isEqualTo(a);
            InventoryDelta forth = InventoryDelta.diff(a, b);
            InventoryDelta back = InventoryDelta.diff(b, a);
            assertThat(back.adds().size()).isEqualTo(forth.deletes().size());
            assertThat(back.updates().size()).isEqualTo(forth.updates().size());
        });
    }

    @Test
    void diffIsEmptyExactlyWhenTheInventoriesAreEqual() {
        qt().withExamples(300).forAll(Inventories.pairs()).checkAssert(pair ->
                assertThat(InventoryDelta.diff(pair._1, pair._2).isEmpty()).isEqualTo(pair._1.equals(pair._2)));
    }

    @Test
    void deltaEqualityDoesNotDependOnTheOrderOfItsChanges() {
        qt().withExamples(200).forAll(Inventories.pairs(), integers().all()).checkAssert((pair, seed) -> {
            InventoryDelta delta = InventoryDelta.diff(pair._1, pair._2);
            List<GroupInstance> adds = new ArrayList<>(delta.adds());
            List<GroupInstance> updates = new ArrayList<>(delta.updates());
            List<InstanceKey> deletes = new ArrayList<>(delta.deletes());
            Collections.shuffle(adds, new Random(seed));
            Collections.shuffle(updates, new Random(seed + 1L));
            Collections.shuffle(deletes, new Random(seed + 2L));
            assertThat(InventoryDelta.of(adds, updates, deletes)).isEqualTo(delta).hasSameHashCodeAs(delta);
        });
    }

    @Test
    void addingAnInstanceThatIsThereFailsNamingIt() {
        qt().withExamples(200).forAll(Inventories.inventories(), integers().all()).assuming((a, x) -> !a.isEmpty())
                .checkAssert((a, x) -> {
                    GroupInstance there = pick(a, x);
                    InventoryDelta delta = InventoryDelta.of(List.of(there), List.of(), List.of());
                    DeltaMismatchException thrown = catchThrowableOfType(DeltaMismatchException.class,
                            () -> delta.applyTo(a));
                    assertThat(thrown.mismatches()).containsExactly(
                            new DeltaMismatchException.Mismatch(DeltaMismatchException.Kind.ADD_OF_EXISTING, there.key()));
                    assertThat(thrown).hasMessage("delta does not fit the inventory: add of existing instance "
                            + there.key());
                });
    }

    @Test
    void updatingOrDeletingAnInstanceThatIsNotThereFailsNamingIt() {
        qt().withExamples(200).forAll(Inventories.inventories(), integers().all()).assuming((a, x) -> !a.isEmpty())
                .checkAssert((a, x) -> {
                    GroupInstance gone = pick(a, x);
                    Inventory without = a.apply(InventoryDelta.of(List.of(), List.of(), List.of(gone.key())));
                    assertThat(without.contains(gone.key())).isFalse();
                    assertThatThrownBy(() -> without.apply(InventoryDelta.of(List.of(), List.of(gone), List.of())))
                            .isInstanceOf(DeltaMismatchException.class)
                            .hasMessage("delta does not fit the inventory: update of missing instance " + gone.key());
                    assertThatThrownBy(() -> without.apply(InventoryDelta.of(List.of(), List.of(), List.of(gone.key()))))
                            .isInstanceOf(DeltaMismatchException.class)
                            .hasMessage("delta does not fit the inventory: delete of missing instance " + gone.key());
                });
    }

    @Test
    void everyDeltaThatDoesNotFitChangesNothingAndNamesEveryMisfit() {
        // a diff computed against one inventory, applied to an unrelated one
        qt().withExamples(300).forAll(Inventories.pairs(), Inventories.inventories()).checkAssert((pair, other) -> {
            InventoryDelta delta = InventoryDelta.diff(pair._1, pair._2);
            List<DeltaMismatchException.Mismatch> misfits = delta.mismatches(other);
            if (misfits.isEmpty()) {
                assertThat(delta.applyTo(other)).isNotNull();
                return;
            }
            DeltaMismatchException thrown = catchThrowableOfType(DeltaMismatchException.class, () -> delta.applyTo(other));
            assertThat(thrown.mismatches()).isEqualTo(misfits);
            assertThat(thrown.getMessage()).contains(misfits.get(0).key().toString());
            for (DeltaMismatchException.Mismatch misfit : misfits) {
                switch (misfit.kind()) {
                    case ADD_OF_EXISTING:
                        assertThat(other.contains(misfit.key())).isTrue();
                        break;
                    case UPDATE_OF_MISSING:
                    case DELETE_OF_MISSING:
                        assertThat(other.contains(misfit.key())).isFalse();
                        break;
                    default:
                        break;
                }
            }
        });
    }

    @Test
    void generatedPairsCoverMultiInstanceGroupsAndEveryKindOfChange() {
        // guards the laws above against a generator that only ever makes trivial cases
        Random random = new Random(42);
        int multi = 0;
        int adds = 0;
        int updates = 0;
        int deletes = 0;
        for (int i = 0; i < 300; i++) {
            Inventory a = Inventories.random(random);
            InventoryDelta delta = InventoryDelta.diff(a, Inventories.mutate(a, random));
            multi += a.groupClasses().stream().anyMatch(c -> a.instancesOf(c).size() > 2) ? 1 : 0;
            adds += delta.adds().isEmpty() ? 0 : 1;
            updates += delta.updates().isEmpty() ? 0 : 1;
            deletes += delta.deletes().isEmpty() ? 0 : 1;
        }
        assertThat(List.of(multi, adds, updates, deletes)).allSatisfy(n -> assertThat(n).isGreaterThan(100));
    }

    private static GroupInstance pick(Inventory a, int x) {
        List<GroupInstance> all = new ArrayList<>(a.instances().values());
        return all.get(Math.floorMod(x, all.size()));
    }
}
