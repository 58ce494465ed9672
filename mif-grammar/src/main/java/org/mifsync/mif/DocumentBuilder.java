package org.mifsync.mif;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.mifsync.mif.Attribute.Access;
import org.mifsync.mif.Attribute.Storage;
import org.mifsync.mif.internal.antlr.MifLexer;
import org.mifsync.mif.internal.antlr.MifSyntax.*;
import org.mifsync.mif.internal.antlr.MifSyntaxBaseListener;

/**
 * Builds the document model while the parser runs (it listens to rule exits, so no parse tree is
 * needed), and makes every semantic check at the moment a block closes, when everything the check
 * needs is known. The only code that sees ANTLR parse contexts.
 *
 * <p>A block in which an error was reported is not checked for missing statements and not added
 * to its parent, so that one mistake gives one error, not a cascade.
 */
final class DocumentBuilder extends MifSyntaxBaseListener {

    private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger INT64_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT32_MAX = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final int SMS_MAX_STRING = 255;

    private final Diagnostics diag;
    private final TokenStream tokens;
    private final Literals.EscapeRules escapes;
    private final ParseLimits limits;
    private final boolean smsChecks;

    private Optional<String> language = Optional.empty();
    private Component component;
    private final ArrayDeque<Frame> open = new ArrayDeque<>();

    // What the last sub-rule produced, for the statement that contains it to take.
    private String lastString;
    private SourceLocation lastStringAt;
    private RawValue.Int lastInt;
    private RawValue pendingValue;
    private MifType pendingType;
    private EnumDef lastInlineEnum;

    DocumentBuilder(Diagnostics diag, TokenStream tokens, boolean unicode, ParseLimits limits, boolean smsChecks) {
        this.diag = diag;
        this.tokens = tokens;
        this.escapes = unicode ? Literals.EscapeRules.UNICODE : Literals.EscapeRules.LATIN1;
        this.limits = limits;
        this.smsChecks = smsChecks;
    }

    /** The component, once the parse is over; null when it could not be built. */
    Component component() {
        return component;
    }

    Optional<String> language() {
        return language;
    }

    // ---- what the error strategy needs to know ------------------------------------------------

    /** The innermost open block, or null outside the component. */
    Frame innermost() {
        return open.peek();
    }

    int depth() {
        return open.size();
    }

    /** The open blocks, innermost first. */
    Iterable<Frame> openBlocks() {
        return open;
    }

    // ---- values produced by sub-rules ---------------------------------------------------------

    /** A value as written, before the attribute's type says what it means. */
    sealed interface RawValue {
        SourceLocation at();

        record Text(String text, SourceLocation at) implements RawValue { }

        record Int(String digits, boolean negative, SourceLocation at) implements RawValue { }

        record Overlay(String path, SourceLocation at) implements RawValue { }

        record Word(MifValue.Keyword keyword, SourceLocation at) implements RawValue { }
    }

    @Override
    public void exitString(StringContext ctx) {
        lastString = null;
        if (ctx.exception != null || ctx.stop == null) {
            return;
        }
        lastStringAt = at(ctx.start);
        int from = ctx.start.getTokenIndex();
        int to = ctx.stop.getTokenIndex();
        String value;
        if (from == to) {
            value = decode(ctx.start);
        } else {
            StringBuilder joined = new StringBuilder();
            for (int i = from; i <= to; i++) {
                Token t = tokens.get(i);
                if (t.getType() == MifLexer.STRING) {
                    joined.append(decode(t));
                }
            }
            value = joined.toString();
        }
        if (value.length() > limits.maxStringLength()) {
            diag.error(lastStringAt, "string of " + value.length() + " characters is longer than the limit of "
                    + limits.maxStringLength());
            return;
        }
        if (smsChecks && value.length() > SMS_MAX_STRING) {
            diag.warning(lastStringAt, "SMS truncates strings at 255 characters; this one has " + value.length());
        }
        lastString = value;
    }

    private String decode(Token t) {
        String text = t.getText();
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            diag.breach(at(t), "string runs over the end of the line; close it with \" and continue with another"
                    + " \"…\" on the next line (adjacent strings are joined)");
        }
        return Literals.decodeString(text, escapes, escape -> diag.warning(at(t), "unknown escape '" + escape
                + "' in string; the backslash was dropped (write \\\\ for a backslash)"));
    }

    @Override
    public void exitSignedInt(SignedIntContext ctx) {
        lastInt = null;
        if (ctx.exception == null && ctx.stop != null && ctx.stop.getType() == MifLexer.NUMBER && real(ctx.stop)) {
            lastInt = new RawValue.Int(ctx.stop.getText(), ctx.sign != null && ctx.sign.getType() == MifLexer.MINUS,
                    at(ctx.start));
        }
    }

    @Override
    public void exitTextValue(TextValueContext ctx) {
        pendingValue = ok(ctx) && lastString != null ? new RawValue.Text(lastString, lastStringAt) : null;
    }

    @Override
    public void exitIntegerValue(IntegerValueContext ctx) {
        pendingValue = ok(ctx) ? lastInt : null;
    }

    @Override
    public void exitOverlayValue(OverlayValueContext ctx) {
        pendingValue = ok(ctx) && lastString != null ? new RawValue.Overlay(lastString, at(ctx.start)) : null;
    }

    @Override
    public void exitUnknownValue(UnknownValueContext ctx) {
        pendingValue = new RawValue.Word(MifValue.Keyword.UNKNOWN, at(ctx.start));
    }

    @Override
    public void exitUnsupportedValue(UnsupportedValueContext ctx) {
        pendingValue = new RawValue.Word(MifValue.Keyword.UNSUPPORTED, at(ctx.start));
    }

    // ---- blocks -------------------------------------------------------------------------------

    /** An open block and what has been said in it so far. */
    abstract class Frame {
        final String kind;
        final String endWord;
        final SourceLocation at;
        final int errorsAtOpen;
        private int statementsSeen;
        String name;
        Optional<String> description = Optional.empty();
        Optional<String> pragma = Optional.empty();

        Frame(String kind, String endWord, Token start) {
            this.kind = kind;
            this.endWord = endWord;
            this.at = at(start);
            this.errorsAtOpen = diag.errorCount();
        }

        /** Records a statement; false (and an error) when the block already has one. */
        boolean once(int statement, String keyword, Token where) {
            if ((statementsSeen & statement) != 0) {
                diag.error(at(where), keyword + " is given twice in " + describe());
                return false;
            }
            statementsSeen |= statement;
            return true;
        }

        private int errorsAtClose = -1;

        /** Marks the block closed: errors reported from now on (while checking it) do not break it. */
        void close() {
            errorsAtClose = diag.errorCount();
        }

        boolean broken() {
            return (errorsAtClose >= 0 ? errorsAtClose : diag.errorCount()) > errorsAtOpen;
        }

        /** "group 'Processor' opened at 12:3" */
        String describe() {
            return kind + (name != null ? " '" + name + "'" : "") + " opened at " + at.line() + ":" + at.column();
        }

        String named() {
            return kind + (name != null ? " '" + name + "'" : "");
        }

        /** Reports a missing required statement unless the block already has an error. */
        boolean require(boolean present, String keyword) {
            if (!present && !broken()) {
                diag.error(at, named() + " has no " + keyword);
            }
            return present;
        }
    }

    private static final int NAME = 1;
    private static final int DESCRIPTION = 2;
    private static final int PRAGMA = 4;
    private static final int ID = 8;
    private static final int CLASS = 16;
    private static final int KEY = 32;
    private static final int TYPE = 64;
    private static final int ACCESS = 128;
    private static final int STORAGE = 256;
    private static final int VALUE = 512;

    final class ComponentFrame extends Frame {
        final List<PathBlock> paths = new ArrayList<>();
        final List<EnumDef> enums = new ArrayList<>();
        final List<Group> groups = new ArrayList<>();
        final List<Table> tables = new ArrayList<>();
        final Map<Long, String> groupAndTableIds = new HashMap<>();
        final Map<String, EnumDef> enumsByName = new HashMap<>();
        final Set<String> pathNames = new HashSet<>();
        final Map<String, Group> templatesByClass = new HashMap<>();
        final Set<String> brokenClasses = new HashSet<>();
        boolean brokenEnum;
        boolean brokenPath;

        ComponentFrame(Token start) {
            super("component", "COMPONENT", start);
        }

        /** Claims a group or table ID; false (and an error) when another group or table has it. */
        boolean claimId(long id, String what, SourceLocation where) {
            String earlier = groupAndTableIds.putIfAbsent(id, what);
            if (earlier != null) {
                diag.error(where, "ID " + id + " of " + what + " is already used by " + earlier
                        + " (group and table IDs must be unique in a component)");
                return false;
            }
            return true;
        }
    }

    final class GroupFrame extends Frame {
        String className;
        SourceLocation classAt;
        OptionalLong id = OptionalLong.empty();
        List<Long> key = List.of();
        SourceLocation keyAt;
        final List<Attribute> attributes = new ArrayList<>();
        final Set<Long> attributeIds = new HashSet<>();

        GroupFrame(Token start) {
            super("group", "GROUP", start);
        }
    }

    final class AttributeFrame extends Frame {
        long id = -1;
        MifType type;
        SourceLocation typeAt;
        Access access = Access.READ_ONLY;
        Storage storage = Storage.SPECIFIC;
        RawValue value;

        AttributeFrame(Token start) {
            super("attribute", "ATTRIBUTE", start);
        }
    }

    final class EnumFrame extends Frame {
        Optional<MifType.Primitive> type = Optional.empty();
        final List<EnumDef.Item> items = new ArrayList<>();
        final Set<Integer> codes = new HashSet<>();

        EnumFrame(Token start) {
            super("enumeration", "ENUM", start);
        }
    }

    final class PathFrame extends Frame {
        final List<PathBlock.Entry> entries = new ArrayList<>();

        PathFrame(Token start) {
            super("path", "PATH", start);
        }
    }

    final class TableFrame extends Frame {
        long id = -1;
        String className;
        SourceLocation classAt;
        final List<RawRow> rows = new ArrayList<>();
        RawRow row;

        TableFrame(Token start) {
            super("table", "TABLE", start);
        }
    }

    /** A table row as written: one raw value per cell, null for an empty cell. */
    record RawRow(SourceLocation at, List<RawValue> cells) { }

    @Override
    public void enterComponentDef(ComponentDefContext ctx) {
        open.push(new ComponentFrame(ctx.start));
    }

    @Override
    public void exitComponentDef(ComponentDefContext ctx) {
        ComponentFrame f = (ComponentFrame) closeBlock();
        if (f.require(f.name != null, "NAME")) {
            component = new Component(f.name, f.description, f.pragma, f.paths, f.enums, f.groups, f.tables, f.at);
        }
    }

    @Override
    public void enterPathDef(PathDefContext ctx) {
        open.push(new PathFrame(ctx.start));
    }

    @Override
    public void exitPathDef(PathDefContext ctx) {
        PathFrame f = (PathFrame) closeBlock();
        ComponentFrame c = enclosingComponent();
        if (f.broken() || !f.require(f.name != null, "NAME") || c == null) {
            if (c != null) {
                c.brokenPath = true;
            }
            return;
        }
        if (!c.pathNames.add(f.name)) {
            diag.error(f.at, "a path named '" + f.name + "' is already defined in this component");
            return;
        }
        c.paths.add(new PathBlock(f.name, f.entries, f.at));
    }

    @Override
    public void exitOsStmt(OsStmtContext ctx) {
        if (!ok(ctx) || !(open.peek() instanceof PathFrame f) || ctx.os == null) {
            return;
        }
        PathBlock.Os os = switch (ctx.os.start.getType()) {
            case MifLexer.DOS -> PathBlock.Os.DOS;
            case MifLexer.MACOS -> PathBlock.Os.MACOS;
            case MifLexer.OS2 -> PathBlock.Os.OS2;
            case MifLexer.UNIX -> PathBlock.Os.UNIX;
            case MifLexer.WIN16 -> PathBlock.Os.WIN16;
            case MifLexer.WIN32 -> PathBlock.Os.WIN32;
            case MifLexer.WIN9X -> PathBlock.Os.WIN9X;
            default -> PathBlock.Os.WINNT;
        };
        Optional<String> program = Optional.empty();
        if (ctx.program != null) {
            if (lastString == null) {
                return;
            }
            // IBM's text shows the direct interface as a string too
            if (!lastString.equalsIgnoreCase("direct interface")) {
                program = Optional.of(lastString);
            }
        }
        for (PathBlock.Entry e : f.entries) {
            if (e.os() == os) {
                diag.error(at(ctx.start), os + " is given twice in " + f.describe());
                return;
            }
        }
        f.entries.add(new PathBlock.Entry(os, program));
    }

    @Override
    public void enterEnumDef(EnumDefContext ctx) {
        open.push(new EnumFrame(ctx.start));
    }

    @Override
    public void exitEnumDef(EnumDefContext ctx) {
        EnumFrame f = (EnumFrame) closeBlock();
        lastInlineEnum = null;
        boolean inline = open.peek() instanceof AttributeFrame;
        ComponentFrame c = enclosingComponent();
        if (f.broken()) {
            if (!inline && c != null) {
                c.brokenEnum = true;
            }
            return;
        }
        EnumDef def = new EnumDef(Optional.ofNullable(f.name), f.type, f.items, f.at);
        if (inline) {
            lastInlineEnum = def;
            return;
        }
        if (!f.require(f.name != null, "NAME") || c == null) {
            if (c != null) {
                c.brokenEnum = true;
            }
            return;
        }
        if (c.enumsByName.putIfAbsent(f.name, def) != null) {
            diag.error(f.at, "an enumeration named '" + f.name + "' is already defined in this component");
            return;
        }
        c.enums.add(def);
    }

    @Override
    public void exitEnumTypeStmt(EnumTypeStmtContext ctx) {
        if (ok(ctx) && open.peek() instanceof EnumFrame f && f.once(TYPE, "TYPE", ctx.start)) {
            f.type = Optional.of(MifType.Primitive.INTEGER);
        }
    }

    @Override
    public void exitEnumEntry(EnumEntryContext ctx) {
        if (!ok(ctx) || !(open.peek() instanceof EnumFrame f) || lastInt == null || lastString == null) {
            return;
        }
        BigInteger code = integer(lastInt);
        if (code == null) {
            return;
        }
        if (code.compareTo(INT32_MIN) < 0 || code.compareTo(INT32_MAX) > 0) {
            diag.error(lastInt.at(), "enumeration value " + code + " is out of range (-2147483648 to 2147483647)");
            return;
        }
        if (!f.codes.add(code.intValue())) {
            diag.error(lastInt.at(), "value " + code + " appears twice in " + f.describe());
            return;
        }
        f.items.add(new EnumDef.Item(code.intValue(), lastString));
    }

    @Override
    public void enterGroupDef(GroupDefContext ctx) {
        open.push(new GroupFrame(ctx.start));
    }

    @Override
    public void exitGroupDef(GroupDefContext ctx) {
        GroupFrame f = (GroupFrame) closeBlock();
        ComponentFrame c = enclosingComponent();
        boolean complete = f.require(f.name != null, "NAME") & f.require(f.className != null, "CLASS");
        if (!complete || f.broken() || c == null) {
            if (c != null && f.className != null) {
                c.brokenClasses.add(fold(f.className));
            }
            // its ID is still taken: a later group or table reusing it is a mistake of its own
            if (c != null && f.id.isPresent()) {
                c.claimId(f.id.getAsLong(), f.named(), f.at);
            }
            return;
        }
        if (f.id.isEmpty() && f.key.isEmpty()) {
            diag.breach(f.at, f.named() + " has neither ID nor KEY: give an ID to a single-instance group, or a KEY"
                    + " to a template for table rows");
        }
        if (f.attributes.isEmpty()) {
            diag.breach(f.at, f.named() + " has no attributes");
        }
        for (Long k : f.key) {
            if (!f.attributeIds.contains(k)) {
                diag.error(f.keyAt, "KEY names attribute " + k + ", but " + f.named() + " has no attribute with ID " + k);
            }
        }
        if (f.id.isPresent() && !c.claimId(f.id.getAsLong(), f.named(), f.at)) {
            return;
        }
        Group group = new Group(f.name, f.className, f.id, f.description, f.key, f.pragma, f.attributes, f.at);
        c.groups.add(group);
        if (!f.key.isEmpty()) {
            c.templatesByClass.putIfAbsent(fold(f.className), group);
        }
    }

    @Override
    public void exitClassStmt(ClassStmtContext ctx) {
        if (!ok(ctx) || lastString == null) {
            return;
        }
        if (open.peek() instanceof GroupFrame g && g.once(CLASS, "CLASS", ctx.start)) {
            g.className = lastString;
            g.classAt = lastStringAt;
        } else if (open.peek() instanceof TableFrame t && t.once(CLASS, "CLASS", ctx.start)) {
            t.className = lastString;
            t.classAt = lastStringAt;
        }
    }

    @Override
    public void exitKeyStmt(KeyStmtContext ctx) {
        if (!ok(ctx) || !(open.peek() instanceof GroupFrame g) || !g.once(KEY, "KEY", ctx.start)) {
            return;
        }
        List<Long> key = new ArrayList<>(ctx.ids.size());
        for (Token t : ctx.ids) {
            if (!real(t)) {
                return;
            }
            Long id = identifier(t, "KEY attribute ID");
            if (id == null) {
                return;
            }
            if (key.contains(id)) {
                diag.error(at(t), "KEY names attribute " + id + " twice");
                return;
            }
            key.add(id);
        }
        g.key = key;
        g.keyAt = at(ctx.start);
    }

    @Override
    public void enterAttributeDef(AttributeDefContext ctx) {
        open.push(new AttributeFrame(ctx.start));
    }

    @Override
    public void exitAttributeDef(AttributeDefContext ctx) {
        AttributeFrame f = (AttributeFrame) closeBlock();
        boolean complete = f.require(f.name != null, "NAME") & f.require(f.id >= 0, "ID")
                & f.require(f.type != null, "TYPE");
        ComponentFrame c = enclosingComponent();
        if (!complete || f.broken() || !(open.peek() instanceof GroupFrame g)) {
            // TYPE and VALUE each parsed on their own, so their value check is news, not a cascade
            if (f.type != null && f.value != null && !(f.type instanceof MifType.EnumRef)) {
                resolve(f.value, f.type, c);
            }
            return;
        }
        if (f.type instanceof MifType.EnumRef ref && c != null && !c.enumsByName.containsKey(ref.name())) {
            if (!c.brokenEnum) {
                diag.error(f.typeAt, "TYPE names enumeration '" + ref.name() + "', which is not defined before "
                        + f.named() + " (define it with START ENUM at component level first)");
            }
            return;
        }
        Optional<MifValue> value = Optional.empty();
        if (f.value != null) {
            if (f.access == Access.WRITE_ONLY) {
                diag.breach(f.value.at(), "write-only " + f.named() + " cannot have a VALUE");
            }
            MifValue v = resolve(f.value, f.type, c);
            if (v == null) {
                return;
            }
            value = Optional.of(v);
        }
        if (!g.attributeIds.add(f.id)) {
            diag.error(f.at, "attribute ID " + f.id + " is used twice in " + g.named());
            return;
        }
        g.attributes.add(new Attribute(f.name, f.id, f.description, f.type, f.access, f.storage, value, f.pragma, f.at));
    }

    @Override
    public void exitPrimitiveType(PrimitiveTypeContext ctx) {
        pendingType = !ok(ctx) || ctx.primitive == null ? null : switch (ctx.primitive.getType()) {
            case MifLexer.COUNTER -> MifType.Primitive.COUNTER;
            case MifLexer.COUNTER64 -> MifType.Primitive.COUNTER64;
            case MifLexer.GAUGE -> MifType.Primitive.GAUGE;
            case MifLexer.INTEGER -> MifType.Primitive.INTEGER;
            case MifLexer.INTEGER64 -> MifType.Primitive.INTEGER64;
            default -> MifType.Primitive.DATE;
        };
    }

    @Override
    public void exitStringType(StringTypeContext ctx) {
        pendingType = null;
        if (!ok(ctx) || ctx.kind == null) {
            return;
        }
        MifType.StringKind kind = switch (ctx.kind.getType()) {
            case MifLexer.STRING_TYPE -> MifType.StringKind.STRING;
            case MifLexer.DISPLAYSTRING -> MifType.StringKind.DISPLAYSTRING;
            default -> MifType.StringKind.OCTETSTRING;
        };
        OptionalInt size = OptionalInt.empty();
        if (ctx.size != null) {
            if (!real(ctx.size)) {
                return;
            }
            Long n = identifier(ctx.size, "string size");
            if (n == null) {
                return;
            }
            if (n > Integer.MAX_VALUE) {
                diag.error(at(ctx.size), "string size " + n + " is too large");
                return;
            }
            if (smsChecks && n > SMS_MAX_STRING) {
                diag.warning(at(ctx.size), "SMS stores at most 255 characters; " + kind + "(" + n + ") is larger");
            }
            size = OptionalInt.of(n.intValue());
        }
        pendingType = new MifType.StringType(kind, size);
    }

    @Override
    public void exitEnumReference(EnumReferenceContext ctx) {
        pendingType = ok(ctx) && lastString != null ? new MifType.EnumRef(lastString) : null;
    }

    @Override
    public void exitInlineEnum(InlineEnumContext ctx) {
        pendingType = ok(ctx) && lastInlineEnum != null ? new MifType.InlineEnum(lastInlineEnum) : null;
    }

    @Override
    public void exitTypeStmt(TypeStmtContext ctx) {
        if (ok(ctx) && pendingType != null && open.peek() instanceof AttributeFrame f && f.once(TYPE, "TYPE", ctx.start)) {
            f.type = pendingType;
            f.typeAt = at(ctx.start);
        }
        pendingType = null;
    }

    @Override
    public void exitAccessStmt(AccessStmtContext ctx) {
        if (ok(ctx) && ctx.access != null && open.peek() instanceof AttributeFrame f && f.once(ACCESS, "ACCESS", ctx.start)) {
            f.access = switch (ctx.access.getType()) {
                case MifLexer.READ_WRITE -> Access.READ_WRITE;
                case MifLexer.WRITE_ONLY -> Access.WRITE_ONLY;
                default -> Access.READ_ONLY;
            };
        }
    }

    @Override
    public void exitStorageStmt(StorageStmtContext ctx) {
        if (ok(ctx) && ctx.storage != null && open.peek() instanceof AttributeFrame f
                && f.once(STORAGE, "STORAGE", ctx.start)) {
            f.storage = ctx.storage.getType() == MifLexer.COMMON ? Storage.COMMON : Storage.SPECIFIC;
        }
    }

    @Override
    public void exitValueStmt(ValueStmtContext ctx) {
        if (ok(ctx) && pendingValue != null && open.peek() instanceof AttributeFrame f && f.once(VALUE, "VALUE", ctx.start)) {
            f.value = pendingValue;
        }
        pendingValue = null;
    }

    @Override
    public void enterTableDef(TableDefContext ctx) {
        open.push(new TableFrame(ctx.start));
    }

    @Override
    public void enterRow(RowContext ctx) {
        if (open.peek() instanceof TableFrame t) {
            t.row = new RawRow(at(ctx.start), new ArrayList<>());
        }
    }

    @Override
    public void enterCell(CellContext ctx) {
        pendingValue = null;
    }

    @Override
    public void exitCell(CellContext ctx) {
        if (open.peek() instanceof TableFrame t && t.row != null) {
            t.row.cells().add(pendingValue);
        }
        pendingValue = null;
    }

    @Override
    public void exitRow(RowContext ctx) {
        if (open.peek() instanceof TableFrame t && t.row != null) {
            // "{}" is a row of no cells, so that a row without cells writes and reads back the same
            if (t.row.cells().size() == 1 && t.row.cells().get(0) == null) {
                t.row.cells().clear();
            }
            t.rows.add(t.row);
            t.row = null;
        }
    }

    @Override
    public void exitTableDef(TableDefContext ctx) {
        TableFrame f = (TableFrame) closeBlock();
        ComponentFrame c = enclosingComponent();
        boolean complete = f.require(f.name != null, "NAME") & f.require(f.id >= 0, "ID")
                & f.require(f.className != null, "CLASS");
        if (!complete || f.broken() || c == null) {
            return;
        }
        Group template = c.templatesByClass.get(fold(f.className));
        if (template == null) {
            if (!c.brokenClasses.contains(fold(f.className))) {
                diag.error(f.classAt, f.named() + " has CLASS \"" + f.className + "\", but no group of that class with"
                        + " a KEY comes before it (a table needs a template group)");
            }
            return;
        }
        List<Attribute> columns = template.attributes().stream().sorted(Comparator.comparingLong(Attribute::id))
                .toList();
        List<Table.Row> rows = new ArrayList<>(f.rows.size());
        Map<List<MifValue>, SourceLocation> keys = new HashMap<>();
        List<Integer> keyColumns = new ArrayList<>();
        for (Long k : template.key()) {
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).id() == k) {
                    keyColumns.add(i);
                }
            }
        }
        for (RawRow raw : f.rows) {
            Table.Row row = tableRow(raw, columns, template, c);
            if (row == null) {
                continue;
            }
            List<MifValue> key = keyColumns.stream().map(i -> row.values().get(i)).toList();
            SourceLocation earlier = keys.putIfAbsent(key, raw.at());
            if (earlier != null) {
                diag.breach(raw.at(), "row repeats the key " + key.stream().map(DocumentBuilder::show)
                        .collect(Collectors.joining(", ", "(", ")")) + " of the row at " + earlier.line() + ":"
                        + earlier.column());
            }
            rows.add(row);
        }
        if (c.claimId(f.id, f.named(), f.at)) {
            c.tables.add(new Table(f.name, f.id, f.className, rows, f.at));
        }
    }

    private Table.Row tableRow(RawRow raw, List<Attribute> columns, Group template, ComponentFrame c) {
        if (raw.cells().size() > columns.size()) {
            diag.error(raw.at(), "row has " + raw.cells().size() + " cells, but template '" + template.name() + "' has "
                    + columns.size() + " attributes");
            return null;
        }
        List<Optional<MifValue>> cells = new ArrayList<>(raw.cells().size());
        List<MifValue> values = new ArrayList<>(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Attribute column = columns.get(i);
            RawValue cell = i < raw.cells().size() ? raw.cells().get(i) : null;
            if (cell != null) {
                MifValue v = resolve(cell, column.type(), c);
                if (v == null) {
                    return null;
                }
                cells.add(Optional.of(v));
                values.add(v);
            } else {
                if (i < raw.cells().size()) {
                    cells.add(Optional.empty());
                }
                if (column.value().isPresent()) {
                    values.add(column.value().get());
                } else {
                    diag.breach(raw.at(), "row leaves '" + column.name() + "' empty, and template '" + template.name()
                            + "' has no default VALUE for it");
                    values.add(MifValue.Keyword.UNKNOWN);
                }
            }
        }
        return new Table.Row(cells, values, raw.at());
    }

    // ---- shared statements ----------------------------------------------------------------------

    @Override
    public void exitLanguageStmt(LanguageStmtContext ctx) {
        if (ok(ctx) && lastString != null) {
            language = Optional.of(lastString);
        }
    }

    @Override
    public void exitNameStmt(NameStmtContext ctx) {
        Frame f = open.peek();
        if (ok(ctx) && f != null && lastString != null && f.once(NAME, "NAME", ctx.start)) {
            f.name = lastString;
        }
    }

    @Override
    public void exitDescriptionStmt(DescriptionStmtContext ctx) {
        Frame f = open.peek();
        if (ok(ctx) && f != null && lastString != null && f.once(DESCRIPTION, "DESCRIPTION", ctx.start)) {
            f.description = Optional.of(lastString);
        }
    }

    @Override
    public void exitPragmaStmt(PragmaStmtContext ctx) {
        Frame f = open.peek();
        if (ok(ctx) && f != null && lastString != null && f.once(PRAGMA, "PRAGMA", ctx.start)) {
            f.pragma = Optional.of(lastString);
        }
    }

    @Override
    public void exitIdStmt(IdStmtContext ctx) {
        Frame f = open.peek();
        if (!ok(ctx) || f == null || ctx.number == null || !real(ctx.number)) {
            return;
        }
        Long id = identifier(ctx.number, "ID");
        if (id == null || !f.once(ID, "ID", ctx.start)) {
            return;
        }
        if (f instanceof GroupFrame g) {
            g.id = OptionalLong.of(id);
        } else if (f instanceof AttributeFrame a) {
            a.id = id;
        } else if (f instanceof TableFrame t) {
            t.id = id;
        }
    }

    // ---- values -------------------------------------------------------------------------------

    /** What a raw value means for an attribute of this type; null (after an error) when nothing. */
    private MifValue resolve(RawValue raw, MifType type, ComponentFrame c) {
        if (raw instanceof RawValue.Word w) {
            return w.keyword();
        }
        if (raw instanceof RawValue.Overlay o) {
            if (c != null && !c.pathNames.contains(o.path()) && !c.brokenPath) {
                diag.error(o.at(), "value *\"" + o.path() + "\" names a path that is not defined before it (a START PATH"
                        + " block with NAME = \"" + o.path() + "\" must come first)");
                return null;
            }
            return new MifValue.Overlay(o.path());
        }
        if (raw instanceof RawValue.Text t) {
            return resolveText(t, type, c);
        }
        return resolveInt((RawValue.Int) raw, type);
    }

    private MifValue resolveText(RawValue.Text t, MifType type, ComponentFrame c) {
        String text = t.text();
        switch (type.family()) {
            case ENUM -> {
                EnumDef def = type instanceof MifType.InlineEnum inline ? inline.definition()
                        : c == null ? null : c.enumsByName.get(((MifType.EnumRef) type).name());
                if (def == null) {
                    return new MifValue.Text(text);
                }
                OptionalInt code = def.codeOf(text);
                if (code.isPresent()) {
                    return new MifValue.Symbol(text, code.getAsInt());
                }
                diag.breach(t.at(), "\"" + text + "\" is not a value of enumeration" + def.name().map(n -> " '" + n + "'")
                        .orElse("") + " (it has " + def.items().stream().limit(6).map(i -> "\"" + i.symbol() + "\"")
                        .collect(Collectors.joining(", ")) + (def.items().size() > 6 ? ", …" : "") + ")");
                return new MifValue.Text(text);
            }
            case STRING, OCTETS -> {
                OptionalInt size = ((MifType.StringType) type).size();
                if (size.isPresent() && text.length() > size.getAsInt()) {
                    // a warning in both modes: real files do it (placeholders), and SMS truncated silently
                    diag.warning(t.at(), "value of " + text.length() + " characters is longer than the declared "
                            + ((MifType.StringType) type).kind() + "(" + size.getAsInt() + ")");
                }
                return new MifValue.Text(text);
            }
            case DATE -> {
                MifDate.problem(text).ifPresent(problem -> diag.breach(t.at(), problem));
                if (smsChecks) {
                    MifDate.year(text).filter(y -> y < 1980 || y > 2030).ifPresent(y -> diag.warning(t.at(),
                            "SMS accepts dates from 1980 to 2030 only; year " + y + " goes to BADMIFS"));
                }
                return new MifValue.Text(text);
            }
            default -> {
                diag.breach(t.at(), "expected a number for an attribute of type " + type + ", found a string");
                return new MifValue.Text(text);
            }
        }
    }

    private MifValue resolveInt(RawValue.Int raw, MifType type) {
        BigInteger v = integer(raw);
        if (v == null) {
            return null;
        }
        BigInteger min;
        BigInteger max;
        String typeName;
        if (type instanceof MifType.Primitive p) {
            typeName = p.name();
            switch (p) {
                case INTEGER -> { min = INT32_MIN; max = INT32_MAX; }
                case INTEGER64 -> { min = INT64_MIN; max = INT64_MAX; }
                case COUNTER, GAUGE -> { min = BigInteger.ZERO; max = UINT32_MAX; }
                case COUNTER64 -> { min = BigInteger.ZERO; max = UINT64_MAX; }
                default -> {
                    diag.breach(raw.at(), "expected a date string for an attribute of type DATE, found a number");
                    return new MifValue.Int(v);
                }
            }
        } else if (type.family() == MifType.Family.ENUM) {
            typeName = "an enumeration";
            min = INT32_MIN;
            max = INT32_MAX;
        } else {
            diag.breach(raw.at(), "expected a string for an attribute of type " + ((MifType.StringType) type).kind()
                    + ", found a number");
            return new MifValue.Int(v);
        }
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            diag.error(raw.at(), "value " + v + " is out of range for " + typeName + " (" + min + " to " + max + ")");
            return null;
        }
        if (smsChecks && (v.compareTo(INT32_MIN) < 0 || v.compareTo(INT32_MAX) > 0)) {
            diag.warning(raw.at(), "SMS stores every integer as signed 32-bit; " + v + " does not fit");
        }
        return new MifValue.Int(v);
    }

    private BigInteger integer(RawValue.Int raw) {
        try {
            BigInteger v = Literals.parseInteger(raw.digits(), raw.negative(), diag.lenient());
            if (Literals.isDecimalWithLeadingZero(raw.digits())) {
                diag.warning(raw.at(), "'" + raw.digits() + "' is not octal; read as decimal " + v.abs());
            }
            return v;
        } catch (Literals.BadInteger e) {
            diag.error(raw.at(), e.getMessage());
            return null;
        }
    }

    /** A non-zero unsigned 32-bit ID (attribute, group, table, key column, size). */
    private Long identifier(Token t, String what) {
        BigInteger v = integer(new RawValue.Int(t.getText(), false, at(t)));
        if (v == null) {
            return null;
        }
        if (v.compareTo(UINT32_MAX) > 0) {
            diag.error(at(t), what + " " + v + " is larger than 4294967295");
            return null;
        }
        if (v.signum() == 0) {
            diag.breach(at(t), what + " must be 1 or greater, found 0");
        }
        return v.longValue();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Frame closeBlock() {
        Frame f = open.pop();
        f.close();
        return f;
    }

    private ComponentFrame enclosingComponent() {
        for (Frame f : open) {
            if (f instanceof ComponentFrame c) {
                return c;
            }
        }
        return null;
    }

    /**
     * False for a token ANTLR's recovery conjured ("<missing NUMBER>"): it stands for input that is
     * not there, its error is already reported, and its text must not be read as a value.
     */
    private static boolean real(Token t) {
        return t.getTokenIndex() >= 0;
    }

    private static boolean ok(ParserRuleContext ctx) {
        return ctx.exception == null;
    }

    SourceLocation at(Token t) {
        return diag.at(t.getLine(), t.getCharPositionInLine() + 1);
    }

    private static String fold(String className) {
        return className.toUpperCase(Locale.ROOT);
    }

    private static String show(MifValue v) {
        if (v instanceof MifValue.Text t) {
            return "\"" + t.value() + "\"";
        }
        if (v instanceof MifValue.Symbol s) {
            return "\"" + s.symbol() + "\"";
        }
        if (v instanceof MifValue.Int i) {
            return i.value().toString();
        }
        return v.toString();
    }
}
