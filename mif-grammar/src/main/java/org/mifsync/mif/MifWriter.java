package org.mifsync.mif;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * Prints a document as canonical MIF: directives first, upper-case keywords, four-space
 * indentation, every statement on its own line, paths, enumerations, groups and tables in that
 * order. For every document {@code d}, parsing {@code write(d)} gives a document equal to
 * {@code d}. Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class MifWriter {

    private MifWriter() {
    }

    /** The document as MIF text. */
    public static String write(MifDocument document) {
        String latin = new Printer(false).document(document);
        return fitsLatin1(latin) ? latin : new Printer(true).document(document);
    }

    /**
     * The document as the bytes of a MIF file: ISO-8859-1 when every character fits, otherwise
     * UTF-16LE with a byte-order mark.
     */
    public static byte[] encode(MifDocument document) {
        String text = write(document);
        if (fitsLatin1(text)) {
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
        ByteBuffer body = StandardCharsets.UTF_16LE.encode(text);
        byte[] out = new byte[2 + body.remaining()];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xFE;
        body.get(out, 2, out.length - 2);
        return out;
    }

    private static boolean fitsLatin1(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** One writing pass; {@code unicode} decides the width of numeric escapes. */
    private static final class Printer {
        private final boolean unicode;
        private final StringBuilder out = new StringBuilder(4096);

        Printer(boolean unicode) {
            this.unicode = unicode;
        }

        String document(MifDocument d) {
            for (Directive directive : d.directives()) {
                out.append("//").append(directive.name());
                directive.arguments().forEach(a -> out.append('<').append(a).append('>'));
                out.append("\r\n");
            }
            d.language().ifPresent(l -> line(0, "LANGUAGE = " + str(l)));
            Component c = d.component();
            line(0, "START COMPONENT");
            line(1, "NAME = " + str(c.name()));
            c.description().ifPresent(s -> line(1, "DESCRIPTION = " + str(s)));
            c.pragma().ifPresent(s -> line(1, "PRAGMA = " + str(s)));
            c.paths().forEach(this::path);
            c.enums().forEach(e -> {
                line(1, "START ENUM");
                enumeration(1, e);
            });
            c.groups().forEach(this::group);
            c.tables().forEach(this::table);
            line(0, "END COMPONENT");
            return out.toString();
        }

        private void path(PathBlock p) {
            line(1, "START PATH");
            line(2, "NAME = " + str(p.name()));
            for (PathBlock.Entry e : p.entries()) {
                line(2, e.os() + " = " + e.program().map(this::str).orElse("DIRECT-INTERFACE"));
            }
            line(1, "END PATH");
        }

        private void enumeration(int depth, EnumDef e) {
            e.name().ifPresent(n -> line(depth + 1, "NAME = " + str(n)));
            e.type().ifPresent(t -> line(depth + 1, "TYPE = INTEGER"));
            e.items().forEach(i -> line(depth + 1, i.code() + " = " + str(i.symbol())));
            line(depth, "END ENUM");
        }

        private void group(Group g) {
            line(1, "START GROUP");
            line(2, "NAME = " + str(g.name()));
            line(2, "CLASS = " + str(g.className()));
            g.id().ifPresent(id -> line(2, "ID = " + id));
            g.description().ifPresent(s -> line(2, "DESCRIPTION = " + str(s)));
            if (!g.key().isEmpty()) {
                line(2, "KEY = " + g.key().stream().map(String::valueOf).collect(Collectors.joining(",")));
            }
            g.pragma().ifPresent(s -> line(2, "PRAGMA = " + str(s)));
            g.attributes().forEach(this::attribute);
            line(1, "END GROUP");
        }

        private void attribute(Attribute a) {
            line(2, "START ATTRIBUTE");
            line(3, "NAME = " + str(a.name()));
            line(3, "ID = " + a.id());
            a.description().ifPresent(s -> line(3, "DESCRIPTION = " + str(s)));
            if (a.type() instanceof MifType.InlineEnum inline) {
                line(3, "TYPE = START ENUM");
                enumeration(3, inline.definition());
            } else {
                line(3, "TYPE = " + type(a.type()));
            }
            line(3, "ACCESS = " + a.access().name().replace('_', '-'));
            line(3, "STORAGE = " + a.storage());
            a.value().ifPresent(v -> line(3, "VALUE = " + value(v)));
            a.pragma().ifPresent(s -> line(3, "PRAGMA = " + str(s)));
            line(2, "END ATTRIBUTE");
        }

        private void table(Table t) {
            line(1, "START TABLE");
            line(2, "NAME = " + str(t.name()));
            line(2, "ID = " + t.id());
            line(2, "CLASS = " + str(t.className()));
            for (Table.Row row : t.rows()) {
                line(2, row.cells().stream().map(c -> c.map(this::value).orElse(""))
                        .collect(Collectors.joining(", ", "{", "}")));
            }
            line(1, "END TABLE");
        }

        private String type(MifType type) {
            if (type instanceof MifType.Primitive p) {
                return p.name();
            }
            if (type instanceof MifType.StringType s) {
                return s.kind() + (s.size().isPresent() ? "(" + s.size().getAsInt() + ")" : "");
            }
            return str(((MifType.EnumRef) type).name());
        }

        private String value(MifValue v) {
            if (v instanceof MifValue.Text t) {
                return str(t.value());
            }
            if (v instanceof MifValue.Int i) {
                return i.value().toString();
            }
            if (v instanceof MifValue.Symbol s) {
                return str(s.symbol());
            }
            if (v instanceof MifValue.Overlay o) {
                return "*" + str(o.pathName());
            }
            return ((MifValue.Keyword) v).name();
        }

        private String str(String s) {
            return Literals.encodeString(s, unicode);
        }

        private void line(int depth, String text) {
            out.append("    ".repeat(depth)).append(text).append("\r\n");
        }
    }
}
