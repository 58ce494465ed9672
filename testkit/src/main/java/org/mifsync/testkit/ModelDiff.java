package org.mifsync.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.mifsync.mif.SourceLocation;

/**
 * The first place where two model values differ, as a path such as
 * {@code component.groups[2].attributes[0].value}, for failure messages that a person can read
 * (a whole generated document printed twice is not one). Works on any tree of records, lists and
 * optionals; source locations are skipped, as model equality skips them.
 *
 * @since 0.1
 */
public final class ModelDiff {

    private ModelDiff() {
    }

    /**
     * Where {@code expected} and {@code actual} first differ, with both values there; empty when
     * they are equal in the sense of the model's {@code equals}.
     */
    public static Optional<String> firstDifference(Object expected, Object actual) {
        return diff("", expected, actual);
    }

    private static Optional<String> diff(String path, Object e, Object a) {
        if (e instanceof SourceLocation || a instanceof SourceLocation) {
            return Optional.empty();
        }
        if (e == null || a == null || e.getClass() != a.getClass()) {
            return e == a ? Optional.empty() : Optional.of(describe(path, e, a));
        }
        if (e instanceof List<?> le) {
            List<?> la = (List<?>) a;
            for (int i = 0; i < Math.min(le.size(), la.size()); i++) {
                Optional<String> d = diff(path + "[" + i + "]", le.get(i), la.get(i));
                if (d.isPresent()) {
                    return d;
                }
            }
            return le.size() == la.size() ? Optional.empty()
                    : Optional.of(path + ": " + le.size() + " elements expected, " + la.size() + " found");
        }
        if (e instanceof Optional<?> oe) {
            Optional<?> oa = (Optional<?>) a;
            if (oe.isPresent() && oa.isPresent()) {
                return diff(path, oe.get(), oa.get());
            }
            return oe.isPresent() == oa.isPresent() ? Optional.empty() : Optional.of(describe(path, e, a));
        }
        if (e.getClass().isRecord()) {
            for (RecordComponent c : e.getClass().getRecordComponents()) {
                try {
                    Optional<String> d = diff(path.isEmpty() ? c.getName() : path + "." + c.getName(),
                            c.getAccessor().invoke(e), c.getAccessor().invoke(a));
                    if (d.isPresent()) {
                        return d;
                    }
                } catch (IllegalAccessException | InvocationTargetException ex) {
                    throw new IllegalStateException("cannot read " + c, ex);
                }
            }
            return Optional.empty();
        }
        return e.equals(a) ? Optional.empty() : Optional.of(describe(path, e, a));
    }

    private static String describe(String path, Object e, Object a) {
        return (path.isEmpty() ? "value" : path) + ": expected " + show(e) + " but found " + show(a);
    }

    /** Strings with their invisible characters spelled out, so that a difference shows. */
    static String show(Object o) {
        if (!(o instanceof String s)) {
            return String.valueOf(o instanceof Optional<?> opt && opt.isPresent() && opt.get() instanceof String
                    ? "Optional[" + show(opt.get()) + "]" : o);
        }
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c < 0x20 || (c >= 0x7F && c <= 0xA0) || c > 0x7E) {
                b.append(c <= 0xFFFF ? String.format(Locale.ROOT, "\\u%04X", c) : String.format(Locale.ROOT, "\\U%06X", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.append('"').toString();
    }
}
