package org.mifsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GroupInstanceTest {

    private static final GroupClass NETCARD = GroupClass.of("MICROSOFT|NETCARD|1.0");

    private static List<Attribute> attributes() {
        return List.of(
                Attribute.of(6, "Card Index", AttributeValue.int32(0)),
                Attribute.of(2, "MAC Address", AttributeValue.text("00AA00123456")),
                Attribute.of(1, "Speed", AttributeValue.counter32(10_000_000)));
    }

    @Test
    void keyIsReadInKeyOrderNotIdOrder() {
        GroupInstance card = GroupInstance.of(NETCARD, List.of(6, 2), attributes());
        assertThat(card.key()).isEqualTo(InstanceKey.of(NETCARD, AttributeValue.int32(0),
                AttributeValue.text("00AA00123456")));
        assertThat(card.attributes()).extracting(Attribute::id).containsExactly(1, 2, 6);
        assertThat(card.attribute("mac address")).map(Attribute::id).contains(2);
        assertThat(card.value(1)).contains(AttributeValue.counter32(10_000_000));
        assertThat(card.attribute(3)).isEmpty();
        assertThat(card.isSingle()).isFalse();
    }

    @Test
    void instancesWithTheSameAttributesInAnotherOrderAreEqual() {
        qt().withExamples(100).forAll(integers().all()).checkAssert(seed -> {
            List<Attribute> shuffled = new ArrayList<>(attributes());
            Collections.shuffle(shuffled, new Random(seed));
            assertThat(GroupInstance.of(NETCARD, List.of(6, 2), shuffled))
                    .isEqualTo(GroupInstance.of(NETCARD, List.of(6, 2), attributes()));
        });
    }

    @Test
    void instanceWithKeyIdWithoutAttributeIsRefused() {
        assertThatThrownBy(() -> GroupInstance.of(NETCARD, List.of(6, 9), attributes()))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("group MICROSOFT|NETCARD|1.0 has key attribute ID 9 but no attribute with that ID");
    }

    @Test
    void instanceWithRepeatedIdsIsRefused() {
        assertThatThrownBy(() -> GroupInstance.of(NETCARD, List.of(6, 6), attributes()))
                .hasMessage("group MICROSOFT|NETCARD|1.0 lists key attribute ID 6 more than once");
        List<Attribute> twice = new ArrayList<>(attributes());
        twice.add(Attribute.of(2, "Other", AttributeValue.int32(1)));
        assertThatThrownBy(() -> GroupInstance.single(NETCARD, twice))
                .hasMessage("group MICROSOFT|NETCARD|1.0 has attribute ID 2 more than once");
    }

    @Test
    void instanceWithoutAttributesIsRefused() {
        assertThatThrownBy(() -> GroupInstance.single(NETCARD, List.of()))
                .hasMessage("group MICROSOFT|NETCARD|1.0 must have at least one attribute");
    }

    @Test
    void attributeWithBadIdOrNameIsRefused() {
        assertThatThrownBy(() -> Attribute.of(0, "Name", AttributeValue.int32(1)))
                .hasMessage("attribute ID must be 1 or more, found 0");
        assertThatThrownBy(() -> Attribute.of(1, "", AttributeValue.int32(1)))
                .hasMessage("attribute name must not be blank");
        assertThatThrownBy(() -> Attribute.of(1, "Na\tme", AttributeValue.int32(1)))
                .hasMessage("attribute name 'Na\tme' has the control character U+0009 at position 3");
        assertThatThrownBy(() -> Attribute.of(1, "Name", null)).hasMessage("attribute value must not be null");
        // real MIF files carry names with a trailing blank; they are kept
        assertThat(Attribute.of(1, "Name ", AttributeValue.int32(1)).name()).isEqualTo("Name ");
    }

    @Test
    void everyAttributeIdBelowOneIsRefused() {
        qt().withExamples(100).forAll(integers().between(Integer.MIN_VALUE, 0)).checkAssert(id ->
                assertThatThrownBy(() -> Attribute.of(id, "Name", AttributeValue.int32(1)))
                        .isInstanceOf(InvalidValueException.class)
                        .hasMessage("attribute ID must be 1 or more, found " + id));
    }

    @Test
    void everySetOfDistinctIdsWithKeysAmongThemIsAccepted() {
        qt().withExamples(200).forAll(lists().of(integers().between(1, 50)).ofSizeBetween(1, 12), integers().all())
                .checkAssert((ids, seed) -> {
                    List<Integer> distinct = ids.stream().distinct().collect(java.util.stream.Collectors.toList());
                    List<Attribute> attributes = new ArrayList<>();
                    for (int id : distinct) {
                        attributes.add(Attribute.of(id, "A" + id, AttributeValue.int32(id)));
                    }
                    List<Integer> keys = new ArrayList<>(distinct);
                    Collections.shuffle(keys, new Random(seed));
                    keys = keys.subList(0, Math.floorMod(seed, keys.size() + 1));
                    GroupInstance instance = GroupInstance.of(NETCARD, keys, attributes);
                    assertThat(instance.key().values()).hasSize(keys.size());
                    for (int i = 0; i < keys.size(); i++) {
                        assertThat(instance.key().values().get(i)).isEqualTo(AttributeValue.int32(keys.get(i)));
                    }
                });
    }
}
