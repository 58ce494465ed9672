package org.mifsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.mifsync.mif.Attribute;
import org.mifsync.mif.Component;
import org.mifsync.mif.EnumDef;
import org.mifsync.mif.Group;
import org.mifsync.mif.MifDocument;
import org.mifsync.mif.MifType;
import org.mifsync.mif.MifValue;
import org.mifsync.mif.MifWriter;
import org.mifsync.mif.PathBlock;
import org.mifsync.mif.Table;

/** The document generator reaches every feature of the language within a few hundred documents. */
class MifGeneratorsTest {

    @Test
    void generatedDocumentsCoverEveryFeature() {
        Set<String> seen = new TreeSet<>();
        for (int i = 0; i < 400; i++) {
            features(MifGenerators.document(i), seen);
        }
        Set<String> expected = new TreeSet<>(Set.of("directive", "language", "component description",
                "component pragma", "direct interface", "program", "enum with TYPE", "enum without TYPE",
                "symbol listed twice", "scalar group", "template group", "keyed group with ID", "group pragma",
                "inline enum", "enum reference", "string with size", "string without size", "value text quote",
                "value text backslash", "value text control", "value text latin1", "value text wide", "symbol",
                "overlay", "UNKNOWN", "UNSUPPORTED", "empty cell", "short row", "row of no cells",
                "table class in other case", "date empty", "date with asterisks", "date", "latin1 file",
                "utf16 file", "attribute description", "attribute pragma", "attribute ids out of order"));
        for (PathBlock.Os os : PathBlock.Os.values()) {
            expected.add("os " + os);
        }
        for (MifType.Primitive p : MifType.Primitive.values()) {
            expected.add("type " + p);
            if (p != MifType.Primitive.DATE) {
                expected.add("min " + p);
                expected.add("max " + p);
            }
        }
        for (MifType.StringKind k : MifType.StringKind.values()) {
            expected.add("type " + k);
        }
        for (Attribute.Access a : Attribute.Access.values()) {
            expected.add("access " + a);
        }
        for (Attribute.Storage s : Attribute.Storage.values()) {
            expected.add("storage " + s);
        }
        assertThat(seen).containsAll(expected);
    }

    /** Names the features one document uses. */
    private static void features(MifDocument d, Set<String> seen) {
        if (!d.directives().isEmpty()) {
            seen.add("directive");
        }
        d.language().ifPresent(l -> seen.add("language"));
        seen.add(MifWriter.write(d).chars().anyMatch(c -> c > 0xFF) ? "utf16 file" : "latin1 file");
        Component c = d.component();
        c.description().ifPresent(x -> seen.add("component description"));
        c.pragma().ifPresent(x -> seen.add("component pragma"));
        for (PathBlock p : c.paths()) {
            for (PathBlock.Entry e : p.entries()) {
                seen.add("os " + e.os());
                seen.add(e.isDirectInterface() ? "direct interface" : "program");
            }
        }
        for (EnumDef e : c.enums()) {
            seen.add(e.type().isPresent() ? "enum with TYPE" : "enum without TYPE");
            if (e.items().stream().map(EnumDef.Item::symbol).distinct().count() < e.items().size()) {
                seen.add("symbol listed twice");
            }
        }
        for (Group g : c.groups()) {
            seen.add(g.isTemplate() ? "template group" : g.key().isEmpty() ? "scalar group" : "keyed group with ID");
            g.pragma().ifPresent(x -> seen.add("group pragma"));
            long previous = 0;
            for (Attribute a : g.attributes()) {
                if (a.id() < previous) {
                    seen.add("attribute ids out of order");
                }
                previous = a.id();
                seen.add("access " + a.access());
                seen.add("storage " + a.storage());
                a.description().ifPresent(x -> seen.add("attribute description"));
                a.pragma().ifPresent(x -> seen.add("attribute pragma"));
                type(a.type(), seen);
                a.value().ifPresent(v -> value(a.type(), v, seen));
            }
        }
        for (Table t : c.tables()) {
            Group template = c.groups().stream().filter(g -> !g.key().isEmpty() && g.className()
                    .toUpperCase(Locale.ROOT).equals(t.className().toUpperCase(Locale.ROOT))).findFirst()
                    .orElseThrow();
            if (!template.className().equals(t.className())) {
                seen.add("table class in other case");
            }
            for (Table.Row r : t.rows()) {
                if (r.cells().isEmpty()) {
                    seen.add("row of no cells");
                } else if (r.cells().size() < r.values().size()) {
                    seen.add("short row");
                }
                if (r.cells().stream().anyMatch(x -> x.isEmpty())) {
                    seen.add("empty cell");
                }
            }
        }
    }

    private static void type(MifType type, Set<String> seen) {
        if (type instanceof MifType.Primitive p) {
            seen.add("type " + p);
        } else if (type instanceof MifType.StringType s) {
            seen.add("type " + s.kind());
            seen.add(s.size().isPresent() ? "string with size" : "string without size");
        } else if (type instanceof MifType.EnumRef) {
            seen.add("enum reference");
        } else {
            seen.add("inline enum");
        }
    }

    private static void value(MifType type, MifValue v, Set<String> seen) {
        if (v instanceof MifValue.Text t) {
            String s = t.value();
            if (type == MifType.Primitive.DATE) {
                seen.add(s.isEmpty() ? "date empty" : s.contains("*") ? "date with asterisks" : "date");
            }
            Stream.of(new Object[][] { {"quote", "\""}, {"backslash", "\\"} }).filter(p -> s.contains((String) p[1]))
                    .forEach(p -> seen.add("value text " + p[0]));
            if (s.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7F)) {
                seen.add("value text control");
            }
            if (s.chars().anyMatch(ch -> ch >= 0x80 && ch <= 0xFF)) {
                seen.add("value text latin1");
            }
            if (s.chars().anyMatch(ch -> ch > 0xFF)) {
                seen.add("value text wide");
            }
        } else if (v instanceof MifValue.Int i && type instanceof MifType.Primitive p) {
            BigInteger[] range = MifGenerators.range(p);
            if (i.value().equals(range[0])) {
                seen.add("min " + p);
            }
            if (i.value().equals(range[1])) {
                seen.add("max " + p);
            }
        } else if (v instanceof MifValue.Symbol) {
            seen.add("symbol");
        } else if (v instanceof MifValue.Overlay) {
            seen.add("overlay");
        } else if (v instanceof MifValue.Keyword k) {
            seen.add(k.name());
        }
    }
}
