package org.mifsync.resync.store;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import org.mifsync.model.AttributeValue;

/**
 * How attribute values live in {@code inventory_value} rows ({@code vtype} plus one value column)
 * and how key values become the {@code key_text} that makes an instance unique within a client's
 * inventory. Exact for every variant: no value is rounded or cut.
 */
final class ValueCodec {

    private ValueCodec() {
    }

    /** The value type codes of the {@code vtype} column. */
    static String typeCode(AttributeValue value) {
        if (value instanceof AttributeValue.Int32) {
            return "I32";
        }
        if (value instanceof AttributeValue.Int64) {
            return "I64";
        }
        if (value instanceof AttributeValue.Counter32) {
            return "C32";
        }
        if (value instanceof AttributeValue.Counter64) {
            return "C64";
        }
        if (value instanceof AttributeValue.Text t) {
            // PostgreSQL text cannot hold NUL; such strings go into the byte column as UTF-8
            return t.value().indexOf('\0') >= 0 ? "TXZ" : "TXT";
        }
        if (value instanceof AttributeValue.Octets) {
            return "OCT";
        }
        if (value instanceof AttributeValue.Date) {
            return "DAT";
        }
        return value instanceof AttributeValue.Unknown ? "UNK" : "UNS";
    }

    /**
     * Binds the five value columns {@code vtype, v_int, v_u64, v_text, v_bytes} from {@code first}
     * on.
     */
    static void bind(PreparedStatement s, int first, AttributeValue value, Dialect dialect) throws SQLException {
        s.setString(first, typeCode(value));
        s.setNull(first + 1, Types.BIGINT);
        s.setNull(first + 3, Types.VARCHAR);
        s.setNull(first + 4, Types.BINARY);
        if (dialect == Dialect.SQLITE) {
            s.setNull(first + 2, Types.VARCHAR);
        } else {
            s.setNull(first + 2, Types.NUMERIC);
        }
        if (value instanceof AttributeValue.Int32 v) {
            s.setLong(first + 1, v.value());
        } else if (value instanceof AttributeValue.Int64 v) {
            s.setLong(first + 1, v.value());
        } else if (value instanceof AttributeValue.Counter32 v) {
            s.setLong(first + 1, v.value());
        } else if (value instanceof AttributeValue.Counter64 v) {
            dialect.bindU64(s, first + 2, v.value());
        } else if (value instanceof AttributeValue.Text v && v.value().indexOf('\0') >= 0) {
            s.setBytes(first + 4, v.value().getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof AttributeValue.Text v) {
            s.setString(first + 3, v.value());
        } else if (value instanceof AttributeValue.Octets v) {
            s.setBytes(first + 4, v.value());
        } else if (value instanceof AttributeValue.Date v) {
            // ISO-8601 with offset keeps every digit and the offset the report gave
            s.setString(first + 3, v.value().toString());
        } else {
            s.setString(first + 3, value.family().name());
        }
    }

    /** Reads the value of the current row. */
    static AttributeValue read(ResultSet rows, Dialect dialect) throws SQLException {
        String type = rows.getString("vtype");
        return switch (type) {
            case "I32" -> AttributeValue.int32(Math.toIntExact(rows.getLong("v_int")));
            case "I64" -> AttributeValue.int64(rows.getLong("v_int"));
            case "C32" -> AttributeValue.counter32(rows.getLong("v_int"));
            case "C64" -> AttributeValue.counter64(dialect.readU64(rows, "v_u64"));
            case "TXT" -> AttributeValue.text(rows.getString("v_text"));
            case "TXZ" -> AttributeValue.text(new String(rows.getBytes("v_bytes"), StandardCharsets.UTF_8));
            case "OCT" -> AttributeValue.octets(rows.getBytes("v_bytes"));
            case "DAT" -> AttributeValue.date(OffsetDateTime.parse(rows.getString("v_text")));
            case "UNK" -> AttributeValue.unknown(AttributeValue.Family.valueOf(rows.getString("v_text")));
            case "UNS" -> AttributeValue.unsupported(AttributeValue.Family.valueOf(rows.getString("v_text")));
            default -> throw new SQLException("inventory_value has unknown vtype '" + type + "'", "22000");
        };
    }

    /**
     * The key values as one text: each value as type code, length and text, so that no two keys
     * share a text ({@code "C:"} and {@code "c:"} stay apart: key values compare exactly).
     */
    static String keyText(List<AttributeValue> values) {
        StringBuilder out = new StringBuilder();
        for (AttributeValue value : values) {
            String text = text(value);
            // NUL cannot be stored in PostgreSQL text: escape it (and the escape character), which
            // keeps the encoding one-to-one
            String safe = text.replace("\\", "\\\\").replace("\0", "\\0");
            out.append(typeCode(value)).append(safe.length()).append(':').append(safe).append(';');
        }
        return out.toString();
    }

    private static String text(AttributeValue value) {
        if (value instanceof AttributeValue.Int32 v) {
            return Integer.toString(v.value());
        }
        if (value instanceof AttributeValue.Int64 v) {
            return Long.toString(v.value());
        }
        if (value instanceof AttributeValue.Counter32 v) {
            return Long.toString(v.value());
        }
        if (value instanceof AttributeValue.Counter64 v) {
            return v.value().toString();
        }
        if (value instanceof AttributeValue.Text v) {
            return v.value();
        }
        if (value instanceof AttributeValue.Octets v) {
            return v.hex();
        }
        if (value instanceof AttributeValue.Date v) {
            return v.value().toString();
        }
        return value.family().name();
    }

    static String keyIds(List<Integer> ids) {
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(id);
        }
        return out.toString();
    }

    static List<Integer> parseKeyIds(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        return java.util.Arrays.stream(text.split(",")).map(Integer::valueOf).toList();
    }
}
