package org.mifsync.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mifsync.mif.TextEscapes;

/**
 * The one JSON writer of the command-line tool: every {@code --json} output is a tree of {@link Obj}
 * and {@link Arr} written by Jackson, in one of two layouts: {@link #write} indents by two spaces,
 * one member per line ({@code client show}, {@code site check}); {@link #line} puts the whole value
 * on one line, {@code {"key": value, "other": [1, 2]}} ({@code load}, {@code dumpsync}, errors).
 * Members keep the order they were put in.
 *
 * <p>Values are {@code null}, numbers (a {@code BigInteger} counter is written whole), booleans,
 * strings, {@code Obj} and {@code Arr}; anything else is written as its {@code toString()} (an
 * {@code Instant}, a path, an enum), as the text output shows it.
 *
 * <p><b>Why string literals go through {@link TextEscapes#jsonString}.</b> Strings come from clients
 * (names, file names, MIF values) and may hold anything. Jackson leaves DEL (0x7F) as it is, which a
 * terminal acts on, and passes a lone surrogate through as it is (then printed as {@code ?}, or
 * refused by its UTF-8 generator). {@code TextEscapes}, the project's one escaper for terminals and
 * JSON, writes both as escapes (a backslash, {@code u} and four hex digits) and keeps valid pairs, so every string is written through it
 * as a raw value: the output is valid JSON that decodes to the client's exact text and carries no
 * character a terminal would act on. They are not passed through {@link TextEscapes#forDisplay}
 * first: JSON is for programs, which must get the value itself, not its display form.
 *
 * <p>Thread-safe.
 */
final class Json {

    private static final Separators SEPARATORS = Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("")
            .withArrayEmptySeparator("");

    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new SimpleModule("mifsync-cli")
            .addSerializer(String.class, new StdSerializer<>(String.class) {
                @Override
                public void serialize(String value, JsonGenerator out, SerializerProvider provider) throws IOException {
                    out.writeRawValue(TextEscapes.jsonString(value));
                }
            })
            .addSerializer(Obj.class, new StdSerializer<>(Obj.class) {
                @Override
                public void serialize(Obj value, JsonGenerator out, SerializerProvider provider) throws IOException {
                    provider.defaultSerializeValue(value.members, out);
                }
            })
            .addSerializer(Arr.class, new StdSerializer<>(Arr.class) {
                @Override
                public void serialize(Arr value, JsonGenerator out, SerializerProvider provider) throws IOException {
                    provider.defaultSerializeValue(value.items, out);
                }
            }));

    private Json() {
    }

    /** Returns a new, empty object. */
    static Obj obj() {
        return new Obj();
    }

    /** Returns a new, empty array. */
    static Arr arr() {
        return new Arr();
    }

    /** A JSON object; members in the order put. Not thread-safe. */
    static final class Obj {
        private final Map<String, Object> members = new LinkedHashMap<>();

        private Obj() {
        }

        /** Adds a member (a key put twice keeps its first place and takes the new value). */
        Obj put(String key, Object value) {
            members.put(key, normal(value));
            return this;
        }

        /** Adds a member that is {@code null} when the value is absent. */
        Obj opt(String key, Optional<?> value) {
            return put(key, value.orElse(null));
        }
    }

    /** A JSON array. Not thread-safe. */
    static final class Arr {
        private final List<Object> items = new ArrayList<>();

        private Arr() {
        }

        Arr add(Object item) {
            items.add(normal(item));
            return this;
        }
    }

    private static Object normal(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof Obj || value instanceof Arr) {
            return value;
        }
        return value.toString();
    }

    /** Writes a value indented by two spaces, one member or item per line. */
    static String write(Object value) {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(SEPARATORS);
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return write(value, printer);
    }

    /** Writes a value on one line: {@code {"key": value, "list": [1, 2]}}. */
    static String line(Object value) {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(SEPARATORS
                .withObjectEntrySpacing(Separators.Spacing.AFTER).withArrayValueSpacing(Separators.Spacing.AFTER));
        printer.indentObjectsWith(new DefaultPrettyPrinter.NopIndenter());
        printer.indentArraysWith(new DefaultPrettyPrinter.NopIndenter());
        return write(value, printer);
    }

    private static String write(Object value, PrettyPrinter printer) {
        try {
            return MAPPER.writer(printer).writeValueAsString(normal(value));
        } catch (JsonProcessingException e) {
            // a tree of strings, numbers and our two node types always serialises
            throw new UncheckedIOException(e);
        }
    }
}
