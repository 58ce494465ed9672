package org.mifsync.resync.report;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.InstanceKey;
import org.mifsync.model.Inventory;

/**
 * Random inventories for tests, driven by a seeded {@link Random} so that a QuickTheories seed
 * replays a case. A schema fixes each class's attributes and their value variants, as a real
 * client's classes keep their types from report to report.
 */
public final class RandomInventories {

    private RandomInventories() {
    }

    /** Value variants; {@link #KEY_VARIANTS} are the ones keys use. */
    public enum Variant { INT32, INT64, COUNTER32, COUNTER64, TEXT, OCTETS, DATE }

    static final List<Variant> KEY_VARIANTS = List.of(Variant.TEXT, Variant.INT32);

    /** One attribute of a class: its ID, name and value variant. */
    public record AttrSpec(int id, String name, Variant variant) {
    }

    /** One class: its name, key attribute IDs (empty: single instance) and attributes. */
    public record ClassSpec(GroupClass groupClass, List<Integer> keyIds, List<AttrSpec> attributes) {
    }

    /** A small fixed schema: two keyed and one single hardware class, one software class. */
    public static List<ClassSpec> standardSchema() {
        return List.of(
                new ClassSpec(GroupClass.of("MICROSOFT|DISK|1.0"), List.of(1), List.of(
                        new AttrSpec(1, "Drive Letter", Variant.TEXT), new AttrSpec(2, "Free Space", Variant.INT64),
                        new AttrSpec(3, "Size", Variant.COUNTER64), new AttrSpec(4, "File System", Variant.TEXT))),
                new ClassSpec(GroupClass.of("MICROSOFT|PROCESSOR|1.0"), List.of(), List.of(
                        new AttrSpec(1, "Processor Name", Variant.TEXT), new AttrSpec(2, "Speed", Variant.COUNTER32))),
                new ClassSpec(GroupClass.of("MICROSOFT|NETCARD|1.0"), List.of(2, 1), List.of(
                        new AttrSpec(1, "Index", Variant.INT32), new AttrSpec(2, "Adapter", Variant.TEXT),
                        new AttrSpec(3, "Installed", Variant.DATE), new AttrSpec(4, "MAC", Variant.OCTETS))),
                new ClassSpec(GroupClass.SOFTWARE, List.of(1), List.of(
                        new AttrSpec(1, "Software Name", Variant.TEXT), new AttrSpec(2, "Version", Variant.TEXT),
                        new AttrSpec(3, "Size", Variant.INT32))));
    }

    /** A random class with random attributes; a key of one or two attributes half of the time. */
    public static ClassSpec randomClass(Random r, String name) {
        int count = 1 + r.nextInt(5);
        List<AttrSpec> attributes = new ArrayList<>();
        List<Integer> keyIds = new ArrayList<>();
        int keys = r.nextBoolean() ? 0 : 1 + r.nextInt(Math.min(2, count));
        for (int i = 0; i < count; i++) {
            int id = attributes.isEmpty() ? 1 + r.nextInt(3) : attributes.get(i - 1).id() + 1 + r.nextInt(3);
            Variant variant = i < keys ? KEY_VARIANTS.get(r.nextInt(KEY_VARIANTS.size()))
                    : Variant.values()[r.nextInt(Variant.values().length)];
            attributes.add(new AttrSpec(id, "Attr " + id + (r.nextInt(5) == 0 ? " \"q\"" : ""), variant));
            if (i < keys) {
                keyIds.add(0, id); // key order need not be ascending
            }
        }
        return new ClassSpec(GroupClass.of("TEST|" + name + "|1.0"), keyIds, attributes);
    }

    public static AttributeValue value(Random r, Variant variant, boolean key) {
        if (!key && r.nextInt(12) == 0) {
            AttributeValue.Family family = family(variant);
            return r.nextBoolean() ? AttributeValue.unknown(family) : AttributeValue.unsupported(family);
        }
        return switch (variant) {
            case INT32 -> AttributeValue.int32(key ? r.nextInt(4) : r.nextInt());
            case INT64 -> AttributeValue.int64(r.nextInt(4) == 0 ? Long.MIN_VALUE + r.nextInt(3) : r.nextLong());
            case COUNTER32 -> AttributeValue.counter32(r.nextInt(3) == 0 ? AttributeValue.Counter32.MAX
                    : r.nextInt(Integer.MAX_VALUE));
            case COUNTER64 -> AttributeValue.counter64(r.nextInt(3) == 0 ? AttributeValue.Counter64.MAX
                    : new BigInteger(64, r));
            case TEXT -> AttributeValue.text(key ? List.of("C:", "D:", "c:", "E:").get(r.nextInt(4)) : text(r));
            case OCTETS -> {
                byte[] bytes = new byte[r.nextInt(8)];
                r.nextBytes(bytes);
                yield AttributeValue.octets(bytes);
            }
            case DATE -> AttributeValue.date(OffsetDateTime.of(1980 + r.nextInt(60), 1 + r.nextInt(12),
                    1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1_000_000) * 1000,
                    ZoneOffset.ofTotalSeconds((r.nextInt(2 * 999 + 1) - 999) * 60)));
        };
    }

    static AttributeValue.Family family(Variant variant) {
        return switch (variant) {
            case INT32, INT64, COUNTER32, COUNTER64 -> AttributeValue.Family.INTEGER;
            case TEXT -> AttributeValue.Family.STRING;
            case OCTETS -> AttributeValue.Family.OCTETS;
            case DATE -> AttributeValue.Family.DATE;
        };
    }

    private static final String[] WORDS = {"", "Windows NT", "FAT", "NTFS", "ÄÖÜ ß", "x\"y", "back\\slash", "tab\there",
        "Ελληνικά", "日本語", "i İ ı I", "line\u0001ctl", "  padded  "};

    static String text(Random r) {
        return WORDS[r.nextInt(WORDS.length)] + (r.nextBoolean() ? "" : Integer.toString(r.nextInt(1000)));
    }

    public static GroupInstance instance(Random r, ClassSpec spec) {
        List<Attribute> attributes = new ArrayList<>();
        for (AttrSpec a : spec.attributes()) {
            boolean key = spec.keyIds().contains(a.id());
            attributes.add(Attribute.of(a.id(), a.name(), value(r, a.variant(), key)));
        }
        return GroupInstance.of(spec.groupClass(), spec.keyIds(), attributes);
    }

    /** An inventory of up to {@code maxPerClass} instances of each class of the schema. */
    public static Inventory inventory(Random r, List<ClassSpec> schema, int maxPerClass) {
        Map<InstanceKey, GroupInstance> byKey = new LinkedHashMap<>();
        for (ClassSpec spec : schema) {
            int n = spec.keyIds().isEmpty() ? r.nextInt(2) : r.nextInt(maxPerClass + 1);
            for (int i = 0; i < n; i++) {
                GroupInstance instance = instance(r, spec);
                byKey.putIfAbsent(instance.key(), instance);
            }
        }
        return Inventory.of(byKey.values());
    }

    /** The inventory after a few random changes: instances added, replaced with new values, removed. */
    public static Inventory change(Random r, Inventory inventory, List<ClassSpec> schema) {
        Map<InstanceKey, GroupInstance> byKey = new LinkedHashMap<>(inventory.instances());
        int changes = 1 + r.nextInt(3);
        for (int i = 0; i < changes; i++) {
            int what = r.nextInt(3);
            List<InstanceKey> keys = new ArrayList<>(byKey.keySet());
            if (what == 0 && !keys.isEmpty()) {
                byKey.remove(keys.get(r.nextInt(keys.size())));
            } else if (what == 1 && !keys.isEmpty()) {
                InstanceKey key = keys.get(r.nextInt(keys.size()));
                GroupInstance old = byKey.get(key);
                ClassSpec spec = schema.stream().filter(s -> s.groupClass().equals(old.groupClass())).findFirst()
                        .orElseThrow();
                List<Attribute> attributes = new ArrayList<>();
                for (Attribute a : old.attributes()) {
                    boolean isKey = spec.keyIds().contains(a.id());
                    AttrSpec as = spec.attributes().stream().filter(s -> s.id() == a.id()).findFirst().orElseThrow();
                    attributes.add(isKey || r.nextBoolean() ? a : Attribute.of(a.id(), a.name(),
                            value(r, as.variant(), false)));
                }
                byKey.put(key, GroupInstance.of(old.groupClass(), old.keyAttributeIds(), attributes));
            } else {
                GroupInstance instance = instance(r, schema.get(r.nextInt(schema.size())));
                byKey.putIfAbsent(instance.key(), instance);
            }
        }
        return Inventory.of(byKey.values());
    }
}
