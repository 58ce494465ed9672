package org.mifsync.model;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A total order on attribute values, consistent with their equals, so that instance keys can
 * live in sorted maps and deltas have one canonical order; and a short form for messages.
 */
final class Values {

    static final Comparator<AttributeValue> ORDER = Values::compare;

    static final Comparator<List<AttributeValue>> LIST_ORDER = (a, b) -> {
        int common = Math.min(a.size(), b.size());
        for (int i = 0; i < common; i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private static final int SHOWN_TEXT = 40;

    private Values() {
    }

    private static int rank(AttributeValue value) {
        if (value instanceof AttributeValue.Int32) {
            return 0;
        } else if (value instanceof AttributeValue.Int64) {
            return 1;
        } else if (value instanceof AttributeValue.Counter32) {
            return 2;
        } else if (value instanceof AttributeValue.Counter64) {
            return 3;
        } else if (value instanceof AttributeValue.Text) {
            return 4;
        } else if (value instanceof AttributeValue.Octets) {
            return 5;
        } else if (value instanceof AttributeValue.Date) {
            return 6;
        } else if (value instanceof AttributeValue.Unknown) {
            return 7;
        }
        return 8;
    }

    static int compare(AttributeValue a, AttributeValue b) {
        int byRank = Integer.compare(rank(a), rank(b));
        if (byRank != 0) {
            return byRank;
        }
        if (a instanceof AttributeValue.Int32 x) {
            return Integer.compare(x.value(), ((AttributeValue.Int32) b).value());
        } else if (a instanceof AttributeValue.Int64 x) {
            return Long.compare(x.value(), ((AttributeValue.Int64) b).value());
        } else if (a instanceof AttributeValue.Counter32 x) {
            return Long.compare(x.value(), ((AttributeValue.Counter32) b).value());
        } else if (a instanceof AttributeValue.Counter64 x) {
            return x.value().compareTo(((AttributeValue.Counter64) b).value());
        } else if (a instanceof AttributeValue.Text x) {
            return x.value().compareTo(((AttributeValue.Text) b).value());
        } else if (a instanceof AttributeValue.Octets x) {
            return Arrays.compare(x.value(), ((AttributeValue.Octets) b).value());
        } else if (a instanceof AttributeValue.Date x) {
            // OffsetDateTime.compareTo is consistent with equals (instant, then local time)
            return x.value().compareTo(((AttributeValue.Date) b).value());
        } else if (a instanceof AttributeValue.Unknown x) {
            return x.family().compareTo(((AttributeValue.Unknown) b).family());
        }
        return ((AttributeValue.Unsupported) a).family().compareTo(((AttributeValue.Unsupported) b).family());
    }

    /** MIF-like and short: {@code 5}, {@code "C:"}, {@code 0x0A1B}, {@code UNKNOWN}. */
    static String describe(AttributeValue value) {
        if (value instanceof AttributeValue.Int32 x) {
            return Integer.toString(x.value());
        } else if (value instanceof AttributeValue.Int64 x) {
            return Long.toString(x.value());
        } else if (value instanceof AttributeValue.Counter32 x) {
            return Long.toString(x.value());
        } else if (value instanceof AttributeValue.Counter64 x) {
            return x.value().toString();
        } else if (value instanceof AttributeValue.Text x) {
            return "\"" + Check.cut(x.value()) + "\"";
        } else if (value instanceof AttributeValue.Octets x) {
            String hex = x.hex();
            return "0x" + (hex.length() > SHOWN_TEXT ? hex.substring(0, SHOWN_TEXT) + "..." : hex);
        } else if (value instanceof AttributeValue.Date x) {
            return x.value().toString();
        } else if (value instanceof AttributeValue.Unknown) {
            return "UNKNOWN";
        }
        return "UNSUPPORTED";
    }
}
