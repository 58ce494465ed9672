package org.mifsync.testkit;

import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.mifsync.mif.Attribute;
import org.mifsync.mif.Component;
import org.mifsync.mif.Directive;
import org.mifsync.mif.EnumDef;
import org.mifsync.mif.Group;
import org.mifsync.mif.MifDocument;
import org.mifsync.mif.MifType;
import org.mifsync.mif.MifValue;
import org.mifsync.mif.PathBlock;
import org.mifsync.mif.Table;
import org.quicktheories.core.Gen;

/**
 * Writes a document in one of the many ways MIF lets a person or a tool spell it, all of which
 * a strict parser must read back as the same document without a warning: keywords in any case;
 * any whitespace, blank lines and {@code //} comments between tokens (between table cells and
 * between the parts of a string too); strings split into adjacent literals; named, octal and
 * hexadecimal escapes and raw control characters; integers in decimal, octal and hexadecimal,
 * with a {@code +} sign; statements in any order within their block, and component statements
 * between the blocks; tables between groups, and rows before the table's CLASS; ACCESS and
 * STORAGE left out where the default applies; the synonyms {@code INT}, {@code INT64},
 * {@code ENUMERATION}, {@code PATHS}, {@code "direct interface"}; {@code STRING (n)} with blanks
 * and {@code * "path"}; CRLF or LF; a trailing Ctrl-Z; ISO-8859-1, UTF-16 in either byte order
 * or UTF-8, each with its byte-order mark.
 *
 * <p>Thread-safe: no state is kept between documents.
 *
 * @since 0.1
 */
public final class MifSpellings {

    private MifSpellings() {
    }

    /**
     * A document and one spelling of it.
     *
     * @param document the document the bytes spell
     * @param encoding the encoding chosen (with its byte-order mark, except ISO-8859-1)
     * @param bytes the file
     */
    public record Spelled(MifDocument document, String encoding, byte[] bytes) {
        /** Copies the bytes in. */
        public Spelled {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The encoding and the text, with unprintable characters escaped. */
        @Override
        public String toString() {
            return encoding + ", " + bytes.length + " bytes:\n" + ModelDiff.show(LocationCheck.decode(bytes))
                    .replace("\\u000A", "\n");
        }
    }

    /** Valid generated documents, each in a random spelling. */
    public static Gen<Spelled> spelledDocuments() {
        Gen<MifDocument> documents = MifGenerators.documents();
        return in -> {
            MifDocument d = documents.generate(in);
            return spell(d, Draw.of(in));
        };
    }

    /** One spelling of {@code document}, chosen by {@code seed}. */
    public static Spelled spell(MifDocument document, long seed) {
        return spell(document, Draw.seeded(seed));
    }

    private static Spelled spell(MifDocument d, Draw draw) {
        boolean latin1 = fitsLatin1(d);
        int how = draw.between(0, latin1 ? 9 : 2);
        Charset charset;
        byte[] bom;
        String name;
        switch (how) {
            case 0 -> {
                charset = StandardCharsets.UTF_16LE;
                bom = new byte[] {(byte) 0xFF, (byte) 0xFE};
                name = "UTF-16LE";
            }
            case 1 -> {
                charset = StandardCharsets.UTF_16BE;
                bom = new byte[] {(byte) 0xFE, (byte) 0xFF};
                name = "UTF-16BE";
            }
            case 2 -> {
                charset = StandardCharsets.UTF_8;
                bom = new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
                name = "UTF-8";
            }
            default -> {
                charset = StandardCharsets.ISO_8859_1;
                bom = new byte[0];
                name = "ISO-8859-1";
            }
        }
        String text = new Speller(draw, bom.length > 0).document(d);
        byte[] body = text.getBytes(charset);
        byte[] out = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, out, 0, bom.length);
        System.arraycopy(body, 0, out, bom.length, body.length);
        return new Spelled(d, name, out);
    }

    private static boolean fitsLatin1(MifDocument d) {
        // the canonical writer prints every string of the document, so its text shows what must fit
        return org.mifsync.mif.MifWriter.write(d).chars().allMatch(c -> c <= 0xFF);
    }

    /** One spelling pass; {@code unicode} when the file has a byte-order mark (wider numeric escapes). */
    private static final class Speller {
        private final Draw draw;
        private final boolean unicode;
        private final String eol;
        private final int keywordCase; // 0 upper, 1 lower, 2 capitalised, 3 any per keyword
        private final StringBuilder out = new StringBuilder(4096);

        Speller(Draw draw, boolean unicode) {
            this.draw = draw;
            this.unicode = unicode;
            this.eol = draw.chance(50) ? "\r\n" : "\n";
            this.keywordCase = draw.between(0, 3);
        }

        String document(MifDocument d) {
            if (draw.chance(20)) {
                out.append("// spelled by the mifsync test kit").append(eol);
            }
            for (Directive dir : d.directives()) {
                out.append("//").append(dir.name());
                dir.arguments().forEach(a -> out.append('<').append(a).append('>'));
                out.append(draw.chance(20) ? " \t" : "").append(eol);
            }
            d.language().ifPresent(l -> {
                out.append(kw("LANGUAGE")).append(eq()).append(str(l));
                sep();
            });
            component(d.component());
            out.append(eol);
            if (draw.chance(15)) {
                out.append('\u001A');
            }
            return out.toString();
        }

        // ---- blocks ---------------------------------------------------------------------------

        private void component(Component c) {
            out.append(kw("START")).append(ws()).append(kw("COMPONENT"));
            List<Runnable> statements = new ArrayList<>();
            statements.add(() -> statement("NAME", str(c.name())));
            c.description().ifPresent(s -> statements.add(() -> statement("DESCRIPTION", str(s))));
            c.pragma().ifPresent(s -> statements.add(() -> statement("PRAGMA", str(s))));
            // paths and enumerations in any mix; each table after its template group
            List<Runnable> blocks = new ArrayList<>();
            int p = 0;
            int e = 0;
            while (p < c.paths().size() || e < c.enums().size()) {
                if (e >= c.enums().size() || (p < c.paths().size() && draw.chance(50))) {
                    PathBlock path = c.paths().get(p++);
                    blocks.add(() -> path(path));
                } else {
                    EnumDef en = c.enums().get(e++);
                    blocks.add(() -> enumeration(en));
                }
            }
            List<Group> emitted = new ArrayList<>();
            int t = 0;
            for (Group g : c.groups()) {
                blocks.add(() -> group(g));
                emitted.add(g);
                while (t < c.tables().size() && hasTemplate(c.tables().get(t), emitted) && draw.chance(50)) {
                    Table table = c.tables().get(t++);
                    blocks.add(() -> table(table));
                }
            }
            while (t < c.tables().size()) {
                Table table = c.tables().get(t++);
                blocks.add(() -> table(table));
            }
            interleave(draw.shuffle(statements), blocks);
            sep();
            out.append(kw("END")).append(ws()).append(kw("COMPONENT"));
        }

        private static boolean hasTemplate(Table t, List<Group> emitted) {
            String fold = t.className().toUpperCase(Locale.ROOT);
            return emitted.stream().anyMatch(g -> !g.key().isEmpty() && g.className().toUpperCase(Locale.ROOT)
                    .equals(fold));
        }

        /** Runs blocks in order, statements in order, mixed at random. */
        private void interleave(List<Runnable> statements, List<Runnable> blocks) {
            int s = 0;
            int b = 0;
            while (s < statements.size() || b < blocks.size()) {
                sep();
                if (b >= blocks.size() || (s < statements.size() && draw.chance(40))) {
                    statements.get(s++).run();
                } else {
                    blocks.get(b++).run();
                }
            }
        }

        private void path(PathBlock p) {
            String word = draw.chance(30) ? "PATHS" : "PATH";
            out.append(kw("START")).append(ws()).append(kw(word));
            List<Runnable> items = new ArrayList<>();
            items.add(() -> statement("NAME", str(p.name())));
            for (PathBlock.Entry e : p.entries()) {
                items.add(() -> {
                    String program;
                    if (e.program().isPresent()) {
                        program = str(e.program().get());
                    } else if (draw.chance(25)) {
                        // IBM's text spells the direct interface as a string
                        program = str(draw.pick("direct interface", "Direct Interface", "DIRECT INTERFACE"));
                    } else {
                        program = kw("DIRECT-INTERFACE");
                    }
                    statement(e.os().name(), program);
                });
            }
            // entries keep their order (the model is a list); NAME goes anywhere among them
            int at = draw.between(0, items.size() - 1);
            items.add(at, items.remove(0));
            for (Runnable r : items) {
                sep();
                r.run();
            }
            sep();
            out.append(kw("END")).append(ws()).append(kw(word));
        }

        private void enumeration(EnumDef e) {
            String word = draw.chance(30) ? "ENUMERATION" : "ENUM";
            out.append(kw("START")).append(ws()).append(kw(word));
            List<Runnable> statements = new ArrayList<>();
            e.name().ifPresent(n -> statements.add(() -> statement("NAME", str(n))));
            e.type().ifPresent(t -> statements.add(() -> statement("TYPE", kw(draw.pick("INTEGER", "INT")))));
            List<Runnable> items = new ArrayList<>();
            for (EnumDef.Item i : e.items()) {
                items.add(() -> {
                    out.append(signed(BigInteger.valueOf(i.code()))).append(eq()).append(str(i.symbol()));
                });
            }
            interleave(draw.shuffle(statements), items);
            sep();
            out.append(kw("END")).append(ws()).append(kw(word));
        }

        private void group(Group g) {
            out.append(kw("START")).append(ws()).append(kw("GROUP"));
            List<Runnable> statements = new ArrayList<>();
            statements.add(() -> statement("NAME", str(g.name())));
            statements.add(() -> statement("CLASS", str(g.className())));
            g.id().ifPresent(id -> statements.add(() -> statement("ID", unsigned(BigInteger.valueOf(id)))));
            g.description().ifPresent(s -> statements.add(() -> statement("DESCRIPTION", str(s))));
            if (!g.key().isEmpty()) {
                statements.add(() -> {
                    StringBuilder k = new StringBuilder();
                    for (int i = 0; i < g.key().size(); i++) {
                        k.append(i == 0 ? "" : opt() + "," + opt()).append(unsigned(BigInteger.valueOf(g.key().get(i))));
                    }
                    statement("KEY", k.toString());
                });
            }
            g.pragma().ifPresent(s -> statements.add(() -> statement("PRAGMA", str(s))));
            List<Runnable> attributes = new ArrayList<>();
            g.attributes().forEach(a -> attributes.add(() -> attribute(a)));
            interleave(draw.shuffle(statements), attributes);
            sep();
            out.append(kw("END")).append(ws()).append(kw("GROUP"));
        }

        private void attribute(Attribute a) {
            out.append(kw("START")).append(ws()).append(kw("ATTRIBUTE"));
            List<Runnable> statements = new ArrayList<>();
            statements.add(() -> statement("NAME", str(a.name())));
            statements.add(() -> statement("ID", unsigned(BigInteger.valueOf(a.id()))));
            a.description().ifPresent(s -> statements.add(() -> statement("DESCRIPTION", str(s))));
            statements.add(() -> typeStatement(a.type()));
            if (a.access() != Attribute.Access.READ_ONLY || draw.chance(60)) {
                statements.add(() -> statement("ACCESS", kw(a.access().name().replace('_', '-'))));
            }
            if (a.storage() != Attribute.Storage.SPECIFIC || draw.chance(60)) {
                statements.add(() -> statement("STORAGE", kw(a.storage().name())));
            }
            a.value().ifPresent(v -> statements.add(() -> statement("VALUE", value(v))));
            a.pragma().ifPresent(s -> statements.add(() -> statement("PRAGMA", str(s))));
            for (Runnable r : draw.shuffle(statements)) {
                sep();
                r.run();
            }
            sep();
            out.append(kw("END")).append(ws()).append(kw("ATTRIBUTE"));
        }

        private void typeStatement(MifType type) {
            out.append(kw("TYPE")).append(eq());
            if (type instanceof MifType.Primitive p) {
                out.append(kw(switch (p) {
                    case INTEGER -> draw.pick("INTEGER", "INT");
                    case INTEGER64 -> draw.pick("INTEGER64", "INT64");
                    default -> p.name();
                }));
            } else if (type instanceof MifType.StringType s) {
                out.append(kw(s.kind().name()));
                if (s.size().isPresent()) {
                    out.append(opt()).append('(').append(opt()).append(unsigned(BigInteger.valueOf(s.size().getAsInt())))
                            .append(opt()).append(')');
                }
            } else if (type instanceof MifType.EnumRef r) {
                out.append(str(r.name()));
            } else {
                enumeration(((MifType.InlineEnum) type).definition());
            }
        }

        private void table(Table t) {
            out.append(kw("START")).append(ws()).append(kw("TABLE"));
            List<Runnable> statements = new ArrayList<>();
            statements.add(() -> statement("NAME", str(t.name())));
            statements.add(() -> statement("ID", unsigned(BigInteger.valueOf(t.id()))));
            statements.add(() -> statement("CLASS", str(t.className())));
            List<Runnable> rows = new ArrayList<>();
            for (Table.Row r : t.rows()) {
                rows.add(() -> row(r));
            }
            interleave(draw.shuffle(statements), rows);
            sep();
            out.append(kw("END")).append(ws()).append(kw("TABLE"));
        }

        private void row(Table.Row r) {
            out.append('{');
            for (int i = 0; i < r.cells().size(); i++) {
                out.append(i == 0 ? opt() : opt() + "," + opt());
                r.cells().get(i).ifPresent(v -> out.append(value(v)));
            }
            out.append(opt()).append('}');
        }

        // ---- values and literals --------------------------------------------------------------

        private String value(MifValue v) {
            if (v instanceof MifValue.Text t) {
                return str(t.value());
            }
            if (v instanceof MifValue.Int i) {
                return signed(i.value());
            }
            if (v instanceof MifValue.Symbol s) {
                return str(s.symbol());
            }
            if (v instanceof MifValue.Overlay o) {
                return "*" + opt() + str(o.pathName());
            }
            return kw(((MifValue.Keyword) v).name());
        }

        /** An integer with an optional sign: decimal, octal (leading 0) or hexadecimal. */
        private String signed(BigInteger v) {
            String sign = v.signum() < 0 ? "-" : draw.chance(15) ? "+" : "";
            return sign + (sign.isEmpty() ? "" : opt()) + unsigned(v.abs());
        }

        private String unsigned(BigInteger v) {
            return switch (draw.between(0, 5)) {
                case 0 -> (draw.chance(50) ? "0x" : "0X") + hexDigits(v);
                case 1 -> "0" + v.toString(8);
                default -> v.toString();
            };
        }

        private String hexDigits(BigInteger v) {
            String h = "0".repeat(draw.between(0, 2)) + v.toString(16);
            return draw.chance(50) ? h.toUpperCase(Locale.ROOT) : h;
        }

        /** A string literal, perhaps split into adjacent literals, with any correct escapes. */
        private String str(String value) {
            StringBuilder s = new StringBuilder(value.length() + 8).append('"');
            for (int i = 0; i < value.length(); i++) {
                if (i > 0 && draw.chance(4) && !Character.isLowSurrogate(value.charAt(i))) {
                    s.append('"').append(gap()).append('"');
                }
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> s.append("\\\"");
                    case '\\' -> s.append("\\\\");
                    case '\n' -> s.append(draw.chance(70) ? "\\n" : numeric(c));
                    case '\r' -> s.append(draw.chance(70) ? "\\r" : numeric(c));
                    default -> {
                        String named = switch (c) {
                            case '\u0007' -> "\\a";
                            case '\b' -> "\\b";
                            case '\t' -> "\\t";
                            case '\f' -> "\\f";
                            case '\u000B' -> "\\v";
                            default -> null;
                        };
                        boolean control = c < 0x20 || c == 0x7F;
                        int how = draw.between(0, 9);
                        if (named != null && how < 5) {
                            s.append(named);
                        } else if ((control || how < 2) && !Character.isSurrogate(c) && (unicode || c <= 0xFF)
                                && (how < 8 || !control)) {
                            s.append(numeric(c));
                        } else {
                            // a raw control character is string content too (only line ends are not)
                            s.append(c);
                        }
                    }
                }
            }
            return s.append('"').toString();
        }

        /** A fixed-width numeric escape, so that a digit after it is never read as part of it. */
        private String numeric(char c) {
            if (draw.chance(50)) {
                String octal = Integer.toOctalString(c);
                return "\\" + "0".repeat((unicode ? 6 : 3) - octal.length()) + octal;
            }
            String hex = Integer.toHexString(c);
            hex = "0".repeat((unicode ? 4 : 2) - hex.length()) + hex;
            return "\\x" + (draw.chance(50) ? hex.toUpperCase(Locale.ROOT) : hex);
        }

        // ---- spacing and keywords -------------------------------------------------------------

        private void statement(String keyword, String value) {
            out.append(kw(keyword)).append(eq()).append(value);
        }

        private String eq() {
            return opt() + "=" + opt();
        }

        private String kw(String keyword) {
            int how = keywordCase == 3 ? draw.between(0, 3) : keywordCase;
            return switch (how) {
                case 0 -> keyword;
                case 1 -> keyword.toLowerCase(Locale.ROOT);
                case 2 -> keyword.charAt(0) + keyword.substring(1).toLowerCase(Locale.ROOT);
                default -> {
                    StringBuilder b = new StringBuilder(keyword.length());
                    for (char c : keyword.toCharArray()) {
                        b.append(draw.chance(50) ? Character.toLowerCase(c) : c);
                    }
                    yield b.toString();
                }
            };
        }

        /** Whitespace that separates two words: at least one blank, tab, line end or comment. */
        private String ws() {
            return switch (draw.between(0, 9)) {
                case 0 -> "\t";
                case 1 -> eol;
                case 2 -> "  ";
                case 3 -> " // comment" + eol;
                default -> " ";
            };
        }

        /** Optional whitespace, where no separator is needed (around = , { } ( ) *). */
        private String opt() {
            return switch (draw.between(0, 9)) {
                case 0, 1, 2 -> "";
                case 3 -> eol + "\t";
                case 4 -> " //= { , } \"" + eol;
                default -> " ";
            };
        }

        /** Between the parts of a split string: whitespace, maybe a comment. */
        private String gap() {
            return switch (draw.between(0, 3)) {
                case 0 -> "";
                case 1 -> eol + "      ";
                case 2 -> " // more" + eol + " ";
                default -> " ";
            };
        }

        /** Between statements and blocks: a line end and indentation, sometimes more. */
        private void sep() {
            switch (draw.between(0, 9)) {
                case 0 -> out.append(' ');
                case 1 -> out.append(eol).append(eol).append("    ");
                case 2 -> out.append(eol).append("// a comment line").append(eol);
                case 3 -> out.append("\t// after a statement").append(eol).append('\t');
                default -> out.append(eol).append("  ".repeat(draw.between(0, 4)));
            }
        }
    }
}
