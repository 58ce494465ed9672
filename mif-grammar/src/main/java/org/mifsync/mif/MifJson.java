package org.mifsync.mif;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The document as JSON (UTF-8 text when written out): decoded strings, directives included,
 * optional statements omitted when absent, two-space indentation, a stable key order. Meant for
 * scripts and for golden files. Stateless and thread-safe.
 *
 * <p>Values: a string is a JSON string, an integer a JSON number, an enumeration symbol
 * {@code {"symbol": "…", "code": n}}, an overlay {@code {"overlay": "path"}}, a keyword
 * {@code {"keyword": "UNKNOWN"}}; an empty table cell is {@code null}.
 *
 * @since 0.1
 */
public final class MifJson {

    private MifJson() {
    }

    /** The document as indented JSON, ending with a newline. */
    public static String write(MifDocument d) {
        Json j = new Json();
        j.object(() -> {
            j.field("directives", () -> j.array(d.directives(), dir -> j.object(() -> {
                j.field("name", dir.name());
                j.field("arguments", () -> j.array(dir.arguments(), j::string));
            })));
            d.language().ifPresent(l -> j.field("language", l));
            j.field("component", () -> component(j, d.component()));
        });
        return j.out.append('\n').toString();
    }

    private static void component(Json j, Component c) {
        j.object(() -> {
            j.field("name", c.name());
            j.optional("description", c.description());
            j.optional("pragma", c.pragma());
            j.field("paths", () -> j.array(c.paths(), p -> j.object(() -> {
                j.field("name", p.name());
                j.field("entries", () -> j.array(p.entries(), e -> j.object(() -> {
                    j.field("os", e.os().name());
                    if (e.program().isPresent()) {
                        j.field("program", e.program().get());
                    } else {
                        j.field("directInterface", () -> j.raw("true"));
                    }
                })));
            })));
            j.field("enums", () -> j.array(c.enums(), e -> enumeration(j, e)));
            j.field("groups", () -> j.array(c.groups(), g -> j.object(() -> {
                j.field("name", g.name());
                j.field("class", g.className());
                g.id().ifPresent(id -> j.field("id", () -> j.raw(Long.toString(id))));
                j.optional("description", g.description());
                if (!g.key().isEmpty()) {
                    j.field("key", () -> j.array(g.key(), k -> j.raw(k.toString())));
                }
                j.optional("pragma", g.pragma());
                j.field("attributes", () -> j.array(g.attributes(), a -> attribute(j, a)));
            })));
            j.field("tables", () -> j.array(c.tables(), t -> j.object(() -> {
                j.field("name", t.name());
                j.field("id", () -> j.raw(Long.toString(t.id())));
                j.field("class", t.className());
                j.field("rows", () -> j.array(t.rows(), r -> j.object(() -> {
                    j.field("cells", () -> j.array(r.cells(), cell -> {
                        if (cell.isPresent()) {
                            value(j, cell.get());
                        } else {
                            j.raw("null");
                        }
                    }));
                    j.field("values", () -> j.array(r.values(), v -> value(j, v)));
                })));
            })));
        });
    }

    private static void enumeration(Json j, EnumDef e) {
        j.object(() -> {
            j.optional("name", e.name());
            e.type().ifPresent(t -> j.field("type", t.name()));
            j.field("items", () -> j.array(e.items(), i -> j.object(() -> {
                j.field("code", () -> j.raw(Integer.toString(i.code())));
                j.field("symbol", i.symbol());
            })));
        });
    }

    private static void attribute(Json j, Attribute a) {
        j.object(() -> {
            j.field("name", a.name());
            j.field("id", () -> j.raw(Long.toString(a.id())));
            j.optional("description", a.description());
            j.field("type", () -> {
                if (a.type() instanceof MifType.Primitive p) {
                    j.string(p.name());
                } else if (a.type() instanceof MifType.StringType s) {
                    j.string(s.kind() + (s.size().isPresent() ? "(" + s.size().getAsInt() + ")" : ""));
                } else if (a.type() instanceof MifType.EnumRef r) {
                    j.object(() -> j.field("enum", r.name()));
                } else {
                    j.object(() -> j.field("enum", () -> enumeration(j, ((MifType.InlineEnum) a.type()).definition())));
                }
            });
            j.field("access", a.access().name());
            j.field("storage", a.storage().name());
            a.value().ifPresent(v -> j.field("value", () -> value(j, v)));
            j.optional("pragma", a.pragma());
        });
    }

    private static void value(Json j, MifValue v) {
        if (v instanceof MifValue.Text t) {
            j.string(t.value());
        } else if (v instanceof MifValue.Int i) {
            j.raw(i.value().toString());
        } else if (v instanceof MifValue.Symbol s) {
            j.object(() -> {
                j.field("symbol", s.symbol());
                j.field("code", () -> j.raw(Integer.toString(s.code())));
            });
        } else if (v instanceof MifValue.Overlay o) {
            j.object(() -> j.field("overlay", o.pathName()));
        } else {
            j.object(() -> j.field("keyword", ((MifValue.Keyword) v).name()));
        }
    }

    /** A small indenting JSON printer. */
    private static final class Json {
        final StringBuilder out = new StringBuilder(4096);
        private int depth;
        private boolean first = true;

        void object(Runnable body) {
            out.append('{');
            nested(body);
            out.append('}');
        }

        <T> void array(List<T> items, Consumer<T> each) {
            out.append('[');
            if (!items.isEmpty()) {
                nested(() -> items.forEach(item -> {
                    separator();
                    each.accept(item);
                }));
            }
            out.append(']');
        }

        private void nested(Runnable body) {
            boolean outerFirst = first;
            first = true;
            depth++;
            body.run();
            depth--;
            if (!first) {
                newline();
            }
            first = outerFirst;
        }

        private void separator() {
            if (!first) {
                out.append(',');
            }
            first = false;
            newline();
        }

        private void newline() {
            out.append('\n').append("  ".repeat(depth));
        }

        void field(String name, String value) {
            field(name, () -> string(value));
        }

        void optional(String name, Optional<String> value) {
            value.ifPresent(v -> field(name, v));
        }

        void field(String name, Runnable value) {
            separator();
            string(name);
            out.append(": ");
            value.run();
        }

        void raw(String text) {
            out.append(text);
        }

        void string(String s) {
            TextEscapes.appendJsonString(out, s);
        }
    }
}
