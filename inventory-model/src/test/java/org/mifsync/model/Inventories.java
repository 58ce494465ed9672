package org.mifsync.model;

import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

/**
 * Generated inventories for the delta laws: a few classes (multi-instance ones keyed by one or
 * two attributes of various types, and a single-instance one), small value domains so that two
 * inventories share many keys and differ in some attributes.
 */
final class Inventories {

    private Inventories() {
    }

    /** One class of the generated inventories. */
    private record Shape(String name, List<Integer> keyIds, int keyKinds) {
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape("MICROSOFT|DISK|1.0", List.of(1), 0),
            new Shape("MICROSOFT|NETCARD|1.0", List.of(3, 1), 1),
            new Shape("Vendor|Serial Ports|2", List.of(2), 2),
            new Shape("MICROSOFT|PROCESSOR|1.0", List.of(), 0),
            new Shape("X|BLOBS|1", List.of(4, 2), 3));

    static Gen<Inventory> inventories() {
        return longs().all().map(seed -> random(new Random(seed)));
    }

    /** Pairs (a, b) where b is usually a small change of a and sometimes unrelated. */
    static Gen<Pair<Inventory, Inventory>> pairs() {
        return longs().all().map(seed -> {
            Random random = new Random(seed);
            Inventory a = random(random);
            Inventory b = random.nextInt(5) == 0 ? random(random) : mutate(a, random);
            return Pair.of(a, b);
        });
    }

    static Inventory random(Random random) {
        List<GroupInstance> instances = new ArrayList<>();
        for (Shape shape : SHAPES) {
            if (random.nextInt(4) == 0) {
                continue;
            }
            int count = shape.keyIds().isEmpty() ? 1 : random.nextInt(7);
            for (int i = 0; i < count; i++) {
                instances.add(instance(shape, random));
            }
        }
        return Inventory.of(dedupe(instances));
    }

    static Inventory mutate(Inventory a, Random random) {
        List<GroupInstance> instances = new ArrayList<>();
        for (GroupInstance instance : a.instances().values()) {
            int roll = random.nextInt(10);
            if (roll == 0) {
                continue; // deleted
            }
            if (roll == 1) {
                instances.add(changeOneAttribute(instance, random));
            } else {
                instances.add(instance);
            }
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            instances.add(instance(SHAPES.get(random.nextInt(SHAPES.size())), random));
        }
        return Inventory.of(dedupe(instances));
    }

    private static List<GroupInstance> dedupe(List<GroupInstance> instances) {
        java.util.Map<InstanceKey, GroupInstance> byKey = new java.util.LinkedHashMap<>();
        for (GroupInstance instance : instances) {
            byKey.putIfAbsent(instance.key(), instance);
        }
        return new ArrayList<>(byKey.values());
    }

    private static GroupInstance instance(Shape shape, Random random) {
        // spelling of the class varies; equality must not care
        String className = random.nextBoolean() ? shape.name() : shape.name().toUpperCase(Locale.ROOT);
        List<Attribute> attributes = new ArrayList<>();
        for (int id = 1; id <= 5; id++) {
            boolean key = shape.keyIds().contains(id);
            AttributeValue value = key ? keyValue(shape.keyKinds(), id, random) : anyValue(random);
            attributes.add(Attribute.of(id, "Attribute " + id, value));
        }
        return GroupInstance.of(GroupClass.of(className), shape.keyIds(), attributes);
    }

    private static AttributeValue keyValue(int kinds, int id, Random random) {
        switch ((kinds + id) % 4) {
            case 0:
                return AttributeValue.int32(random.nextInt(4));
            case 1:
                return AttributeValue.text(List.of("C:", "D:", "c:", "E:").get(random.nextInt(4)));
            case 2:
                return AttributeValue.octets(new byte[] {(byte) random.nextInt(3), 0x7F});
            default:
                return AttributeValue.counter64(List.of(BigInteger.ZERO, BigInteger.ONE.shiftLeft(63),
                        AttributeValue.Counter64.MAX).get(random.nextInt(3)));
        }
    }

    static AttributeValue anyValue(Random random) {
        switch (random.nextInt(10)) {
            case 0:
                return AttributeValue.int32(random.nextInt(3));
            case 1:
                return AttributeValue.int64(random.nextInt(3));
            case 2:
                return AttributeValue.counter32(random.nextInt(3) * 0x7FFF_FFFFL);
            case 3:
                return AttributeValue.counter64(BigInteger.valueOf(random.nextInt(3)));
            case 4:
                return AttributeValue.text(List.of("", "x", "X", "\u0130").get(random.nextInt(4)));
            case 5:
                return AttributeValue.octets(new byte[random.nextInt(3)]);
            case 6:
                return AttributeValue.date(OffsetDateTime.of(1998, 1, 1 + random.nextInt(2), 0, 0, 0, 0,
                        ZoneOffset.ofHours(random.nextInt(2))));
            case 7:
                return AttributeValue.unknown(AttributeValue.Family.values()[random.nextInt(4)]);
            case 8:
                return AttributeValue.unsupported(AttributeValue.Family.values()[random.nextInt(4)]);
            default:
                return AttributeValue.int32(random.nextInt());
        }
    }

    private static GroupInstance changeOneAttribute(GroupInstance instance, Random random) {
        List<Attribute> attributes = new ArrayList<>(instance.attributes());
        for (int tries = 0; tries < 10; tries++) {
            int at = random.nextInt(attributes.size());
            Attribute old = attributes.get(at);
            if (instance.keyAttributeIds().contains(old.id())) {
                continue;
            }
            attributes.set(at, Attribute.of(old.id(), old.name(), anyValue(random)));
            break;
        }
        return GroupInstance.of(instance.groupClass(), instance.keyAttributeIds(), attributes);
    }
}
