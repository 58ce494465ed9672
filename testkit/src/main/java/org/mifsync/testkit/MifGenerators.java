package org.mifsync.testkit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import org.mifsync.mif.Attribute;
import org.mifsync.mif.Component;
import org.mifsync.mif.Directive;
import org.mifsync.mif.EnumDef;
import org.mifsync.mif.Group;
import org.mifsync.mif.MifDocument;
import org.mifsync.mif.MifType;
import org.mifsync.mif.MifValue;
import org.mifsync.mif.MifWriter;
import org.mifsync.mif.PathBlock;
import org.mifsync.mif.SourceLocation;
import org.mifsync.mif.Table;
import org.quicktheories.core.Gen;

/**
 * QuickTheories generators of arbitrary <em>valid</em> MIF documents: documents that a strict
 * {@code MifParser} accepts without a warning when {@link MifWriter} prints them, and reads back
 * equal. Every part of the language appears: directives, LANGUAGE, component DESCRIPTION and
 * PRAGMA, paths with every operating-system word and DIRECT-INTERFACE, component enumerations
 * with and without a TYPE line, scalar, template and keyed groups, attributes of every type,
 * access and storage, values of every form (text needing escapes, Latin-1 and non-Latin-1
 * characters, integers at the edges of their type's range, enumeration symbols, overlays,
 * UNKNOWN and UNSUPPORTED) and tables with empty cells and short rows.
 *
 * <p>Documents stay small (a handful of groups) so that hundreds of them run in seconds. Model
 * locations are all {@link #GENERATED}; they take no part in equality.
 *
 * <pre>{@code
 * qt().withFixedSeed(42).withExamples(200).forAll(MifGenerators.documents())
 *     .checkAssert(d -> assertThat(parse(MifWriter.encode(d))).isEqualTo(d));
 * }</pre>
 *
 * <p>Thread-safe: the generators keep no state between documents.
 *
 * @since 0.1
 */
public final class MifGenerators {

    /** The location of every generated model element. */
    public static final SourceLocation GENERATED = new SourceLocation("generated", 1, 1);

    private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT32_MAX = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private MifGenerators() {
    }

    /** Valid documents; about one in four holds characters beyond ISO-8859-1 (written as UTF-16). */
    public static Gen<MifDocument> documents() {
        return in -> {
            Draw draw = Draw.of(in);
            return new DocumentMaker(draw, draw.chance(25)).document();
        };
    }

    /** Valid documents whose every character fits ISO-8859-1. */
    public static Gen<MifDocument> latin1Documents() {
        return in -> new DocumentMaker(Draw.of(in), false).document();
    }

    /** Valid documents with at least one character beyond ISO-8859-1 (in the component's name). */
    public static Gen<MifDocument> unicodeDocuments() {
        return in -> new DocumentMaker(Draw.of(in), true).document();
    }

    /** A valid document from a seed, for uses outside a property (reproducible). */
    public static MifDocument document(long seed) {
        Draw draw = Draw.seeded(seed);
        return new DocumentMaker(draw, draw.chance(25)).document();
    }

    /** The range an integer type accepts, for tests that probe its edges. */
    public static BigInteger[] range(MifType.Primitive type) {
        return switch (type) {
            case COUNTER, GAUGE -> new BigInteger[] {BigInteger.ZERO, UINT32_MAX};
            case COUNTER64 -> new BigInteger[] {BigInteger.ZERO, UINT64_MAX};
            case INTEGER -> new BigInteger[] {INT32_MIN, INT32_MAX};
            case INTEGER64 -> new BigInteger[] {INT64_MIN, INT64_MAX};
            case DATE -> throw new IllegalArgumentException("DATE is not an integer type");
        };
    }

    /** Builds one document; one instance per document. */
    static final class DocumentMaker {
        private static final String ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                + "      .,;:-_|/()[]{}<>=*+#&%$!?'@~^`";
        private static final char[] CONTROLS = {'\t', '\n', '\r', '\0', '\u0007', '\b', '\f', '\u000B', '\u001A',
            '\u001B', '\u007F'};
        private static final String LATIN1 = "\u00A0\u00A9\u00C4\u00C9\u00D7\u00DF\u00E0\u00E9\u00F1\u00F6\u00FF"
                + "\u0080\u0085\u009F";
        private static final String[] WIDE = {"\u03A9", "\u20AC", "\u4E2D", "\u6587", "\u0141", "\u0151",
            "\u2028", "\uFEFF", "\uD83D\uDE00", "\u0130", "\u0131"};
        private static final List<String> DIRECTIVE_NAMES = List.of("Architecture", "UniqueID", "AgentID",
            "KeyAttribute", "FullResync", "ResyncAgent", "ResyncClass", "ReportType", "ReportVersion");

        private final Draw draw;
        private final boolean unicode;
        private final List<PathBlock> paths = new ArrayList<>();
        private final List<EnumDef> enums = new ArrayList<>();
        private final Set<Long> groupAndTableIds = new HashSet<>();

        DocumentMaker(Draw draw, boolean unicode) {
            this.draw = draw;
            this.unicode = unicode;
        }

        MifDocument document() {
            List<Directive> directives = new ArrayList<>();
            int directiveCount = draw.chance(40) ? draw.between(1, 3) : 0;
            for (int i = 0; i < directiveCount; i++) {
                directives.add(directive());
            }
            Optional<String> language = draw.chance(30)
                    ? Optional.of(draw.chance(60) ? draw.pick("en|US|iso8859-1", "fr||", "de|DE|unicode", "||") : text(20))
                    : Optional.empty();
            return new MifDocument(directives, language, component());
        }

        private Directive directive() {
            String name = draw.chance(70) ? draw.pick(DIRECTIVE_NAMES) : letters(1, 10);
            int n = draw.between(1, 3);
            List<String> arguments = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                // SMS reads an argument up to '>' on one line, so it cannot hold either
                arguments.add(text(16).replace('>', ')').replace('\n', ' ').replace('\r', ' '));
            }
            return new Directive(name, arguments, GENERATED);
        }

        private Component component() {
            String name = text(30);
            if (unicode) {
                name = name + draw.pick(WIDE);
            }
            Optional<String> description = draw.chance(50) ? Optional.of(text(60)) : Optional.empty();
            Optional<String> pragma = draw.chance(20)
                    ? Optional.of(draw.chance(50) ? "SNMP:1.3.6.1.4.1." + draw.between(1, 99999) : text(20))
                    : Optional.empty();
            int pathCount = draw.chance(40) ? draw.between(1, 3) : 0;
            Set<String> pathNames = new HashSet<>();
            for (int i = 0; i < pathCount; i++) {
                String pathName = text(12);
                if (pathNames.add(pathName)) {
                    paths.add(path(pathName));
                }
            }
            int enumCount = draw.chance(50) ? draw.between(1, 3) : 0;
            Set<String> enumNames = new HashSet<>();
            for (int i = 0; i < enumCount; i++) {
                String enumName = text(12);
                if (enumNames.add(enumName)) {
                    enums.add(enumeration(Optional.of(enumName), 6));
                }
            }
            List<Group> groups = new ArrayList<>();
            Set<String> foldedClasses = new HashSet<>();
            int groupCount = draw.between(draw.chance(10) ? 0 : 1, 4);
            for (int i = 0; i < groupCount; i++) {
                String className = className();
                // the parser finds a table's template by its class, folded as SMS folds it
                if (foldedClasses.add(fold(className))) {
                    groups.add(group(className));
                }
            }
            List<Table> tables = new ArrayList<>();
            for (Group g : groups) {
                if (!g.key().isEmpty()) {
                    int n = draw.chance(60) ? draw.between(1, 2) : 0;
                    for (int i = 0; i < n; i++) {
                        tables.add(table(g));
                    }
                }
            }
            return new Component(name, description, pragma, paths, enums, groups, tables, GENERATED);
        }

        private PathBlock path(String name) {
            List<PathBlock.Entry> entries = new ArrayList<>();
            for (PathBlock.Os os : draw.shuffle(List.of(PathBlock.Os.values()))) {
                if (draw.chance(40)) {
                    Optional<String> program = Optional.empty();
                    if (draw.chance(70)) {
                        String p = draw.chance(50) ? draw.pick("C:\\SMS\\BIN\\INVWIN32.EXE", "names", "/usr/dmi/bin/ci",
                                "HD:System:Probe") : text(20);
                        // the parser reads the string "direct interface" as the keyword DIRECT-INTERFACE
                        if (!p.equalsIgnoreCase("direct interface")) {
                            program = Optional.of(p);
                        }
                    }
                    entries.add(new PathBlock.Entry(os, program));
                }
            }
            return new PathBlock(name, entries, GENERATED);
        }

        private EnumDef enumeration(Optional<String> name, int maxItems) {
            Optional<MifType.Primitive> type = draw.chance(50) ? Optional.of(MifType.Primitive.INTEGER)
                    : Optional.empty();
            int n = draw.between(0, maxItems);
            List<EnumDef.Item> items = new ArrayList<>();
            Set<Integer> codes = new HashSet<>();
            for (int i = 0; i < n; i++) {
                int code = draw.chance(50) ? i : draw.integer(INT32_MIN, INT32_MAX).intValue();
                // a symbol listed twice stands for its first code
                String symbol = !items.isEmpty() && draw.chance(15) ? draw.pick(items).symbol() : text(16);
                if (codes.add(code)) {
                    items.add(new EnumDef.Item(code, symbol));
                }
            }
            return new EnumDef(name, type, items, GENERATED);
        }

        private String className() {
            if (draw.chance(60)) {
                return draw.pick("MICROSOFT", "DMTF", "IBM", "Acme Corp.") + "|" + letters(1, 12) + "|"
                        + draw.pick("1.0", "001", "2.1");
            }
            return text(24);
        }

        private Group group(String className) {
            int kind = draw.between(0, 2); // 0 scalar (ID), 1 template (KEY), 2 keyed with ID
            OptionalLong id = kind == 1 ? OptionalLong.empty() : OptionalLong.of(freshGroupOrTableId());
            boolean template = kind == 1;
            int n = draw.between(1, 5);
            List<Attribute> attributes = new ArrayList<>();
            Set<Long> ids = new HashSet<>();
            for (int i = 0; i < n; i++) {
                long attributeId = draw.chance(60) ? i + 1 : identifier();
                if (ids.add(attributeId)) {
                    attributes.add(attribute(attributeId, template));
                }
            }
            // attributes in file order need not follow their IDs; table cells do
            attributes = draw.chance(30) ? draw.shuffle(attributes) : attributes;
            List<Long> key = List.of();
            if (kind != 0) {
                List<Long> all = draw.shuffle(attributes.stream().map(Attribute::id).toList());
                key = all.subList(0, draw.between(1, Math.min(3, all.size())));
            }
            Optional<String> description = draw.chance(40) ? Optional.of(text(40)) : Optional.empty();
            Optional<String> pragma = draw.chance(20)
                    ? Optional.of(draw.pick("SMS:Add", "SMS:Update", "SMS:Delete", "SNMP:1.3.6.1.4.1.311.1"))
                    : Optional.empty();
            return new Group(text(24), className, id, description, key, pragma, attributes, GENERATED);
        }

        private long freshGroupOrTableId() {
            while (true) {
                long id = draw.chance(70) ? draw.between(1L, 20L) : identifier();
                if (groupAndTableIds.add(id)) {
                    return id;
                }
            }
        }

        /** A non-zero unsigned 32-bit ID, often at the edges. */
        private long identifier() {
            return draw.integer(BigInteger.ONE, UINT32_MAX).longValueExact();
        }

        private Attribute attribute(long id, boolean template) {
            MifType type = type();
            Attribute.Access access = draw.pick(Attribute.Access.values());
            Attribute.Storage storage = draw.pick(Attribute.Storage.values());
            Optional<MifValue> value = Optional.empty();
            // a write-only attribute cannot have a VALUE; in a template the value is the column default
            if (access != Attribute.Access.WRITE_ONLY && draw.chance(template ? 60 : 85)) {
                value = Optional.of(value(type));
            }
            Optional<String> description = draw.chance(30) ? Optional.of(text(40)) : Optional.empty();
            Optional<String> pragma = draw.chance(10) ? Optional.of("SNMP:1.3.6.1.2.1." + draw.between(1, 999))
                    : Optional.empty();
            return new Attribute(text(24), id, description, type, access, storage, value, pragma, GENERATED);
        }

        private MifType type() {
            int how = draw.between(0, 9);
            if (how < 3) {
                return draw.pick(MifType.Primitive.values());
            }
            if (how < 7) {
                OptionalInt size = draw.chance(70)
                        ? OptionalInt.of(draw.chance(80) ? draw.between(1, 255) : draw.between(256, 65_535))
                        : OptionalInt.empty();
                return new MifType.StringType(draw.pick(MifType.StringKind.values()), size);
            }
            if (how < 9 && !enums.isEmpty()) {
                return new MifType.EnumRef(draw.pick(enums).name().orElseThrow());
            }
            return new MifType.InlineEnum(enumeration(draw.chance(30) ? Optional.of(text(12)) : Optional.empty(), 4));
        }

        /** A value the parser accepts, without warning, for an attribute or column of this type. */
        MifValue value(MifType type) {
            int how = draw.between(0, 99);
            if (how < 8) {
                return draw.pick(MifValue.Keyword.values());
            }
            if (how < 14 && !paths.isEmpty()) {
                return new MifValue.Overlay(draw.pick(paths).name());
            }
            if (type instanceof MifType.Primitive p) {
                if (p == MifType.Primitive.DATE) {
                    return new MifValue.Text(date());
                }
                BigInteger[] r = range(p);
                return new MifValue.Int(draw.integer(r[0], r[1]));
            }
            if (type instanceof MifType.StringType s) {
                return new MifValue.Text(text(Math.min(s.size().orElse(80), 80)));
            }
            EnumDef def = type instanceof MifType.InlineEnum inline ? inline.definition()
                    : enums.stream().filter(e -> e.name().orElseThrow().equals(((MifType.EnumRef) type).name()))
                            .findFirst().orElseThrow();
            if (!def.items().isEmpty() && draw.chance(75)) {
                String symbol = draw.pick(def.items()).symbol();
                return new MifValue.Symbol(symbol, def.codeOf(symbol).getAsInt());
            }
            return new MifValue.Int(draw.integer(INT32_MIN, INT32_MAX));
        }

        /** A well-formed DMI date, "" (no value) or one with unknown fields as asterisks. */
        private String date() {
            if (draw.chance(15)) {
                return "";
            }
            StringBuilder d = new StringBuilder(25);
            field(d, 4, draw.chance(80) ? draw.between(1980, 2035) : draw.between(0, 9999));
            field(d, 2, draw.between(1, 12));
            field(d, 2, draw.between(1, 31));
            field(d, 2, draw.between(0, 23));
            field(d, 2, draw.between(0, 59));
            field(d, 2, draw.between(0, 60));
            d.append('.');
            field(d, 6, draw.chance(70) ? 0 : draw.between(0, 999_999));
            d.append(draw.chance(50) ? '-' : '+');
            field(d, 3, draw.between(0, 999));
            return d.toString();
        }

        private void field(StringBuilder d, int width, int value) {
            if (draw.chance(8)) {
                d.append("*".repeat(width));
            } else {
                String digits = Integer.toString(value);
                d.append("0".repeat(width - digits.length())).append(digits);
            }
        }

        private Table table(Group template) {
            long id = freshGroupOrTableId();
            String className = template.className();
            if (draw.chance(30)) {
                // the class of a table finds its template case-insensitively, as SMS compares classes
                String variant = draw.chance(50) ? className.toLowerCase(Locale.ROOT) : className.toUpperCase(Locale.ROOT);
                if (fold(variant).equals(fold(className))) {
                    className = variant;
                }
            }
            List<Attribute> columns = template.attributes().stream().sorted(Comparator.comparingLong(Attribute::id))
                    .toList();
            List<Integer> keyColumns = new ArrayList<>();
            for (Long k : template.key()) {
                for (int i = 0; i < columns.size(); i++) {
                    if (columns.get(i).id() == k) {
                        keyColumns.add(i);
                    }
                }
            }
            Set<List<MifValue>> keys = new HashSet<>();
            List<Table.Row> rows = new ArrayList<>();
            int n = draw.between(0, 4);
            for (int r = 0; r < n; r++) {
                // key values must differ from row to row; give up on a row after a few tries
                for (int attempt = 0; attempt < 4; attempt++) {
                    Table.Row row = row(columns);
                    List<MifValue> key = keyColumns.stream().map(i -> row.values().get(i)).toList();
                    if (keys.add(key)) {
                        rows.add(row);
                        break;
                    }
                }
            }
            return new Table(text(24), id, className, rows, GENERATED);
        }

        /** A row as the parser reads it: cells as written, values with template defaults filled in. */
        private Table.Row row(List<Attribute> columns) {
            // a row may stop early only where every later column has a default
            int shortest = 0;
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).value().isEmpty()) {
                    shortest = i + 1;
                }
            }
            int length = draw.chance(30) ? draw.between(shortest, columns.size()) : columns.size();
            List<Optional<MifValue>> cells = new ArrayList<>();
            List<MifValue> values = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                Attribute column = columns.get(i);
                if (i < length) {
                    boolean empty = column.value().isPresent() && draw.chance(25);
                    Optional<MifValue> cell = empty ? Optional.empty() : Optional.of(value(column.type()));
                    cells.add(cell);
                    values.add(cell.orElseGet(() -> column.value().orElseThrow()));
                } else {
                    values.add(column.value().orElseThrow());
                }
            }
            // "{}" is a row of no cells, so one empty cell alone is written and read as none
            if (cells.size() == 1 && cells.get(0).isEmpty()) {
                cells.clear();
            }
            return new Table.Row(cells, values, GENERATED);
        }

        /** Text up to {@code max} characters, with everything a writer must escape or encode. */
        String text(int max) {
            int length = draw.chance(85) ? draw.between(0, Math.min(max, 12)) : draw.between(0, max);
            StringBuilder s = new StringBuilder(length);
            while (s.length() < length) {
                int how = draw.between(0, 99);
                if (how < 62) {
                    s.append(ASCII.charAt(draw.between(0, ASCII.length() - 1)));
                } else if (how < 72) {
                    s.append(draw.pick('"', '\\'));
                } else if (how < 80) {
                    s.append(CONTROLS[draw.between(0, CONTROLS.length - 1)]);
                } else if (how < 90 || !unicode) {
                    s.append(LATIN1.charAt(draw.between(0, LATIN1.length() - 1)));
                } else {
                    String wide = draw.pick(WIDE);
                    if (s.length() + wide.length() <= length) {
                        s.append(wide);
                    } else {
                        s.append('w');
                    }
                }
            }
            return s.toString();
        }

        private String letters(int min, int max) {
            int n = draw.between(min, max);
            StringBuilder s = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                char c = (char) ('a' + draw.between(0, 25));
                s.append(draw.chance(30) ? Character.toUpperCase(c) : c);
            }
            return s.toString();
        }

        private static String fold(String className) {
            return className.toUpperCase(Locale.ROOT);
        }
    }
}
