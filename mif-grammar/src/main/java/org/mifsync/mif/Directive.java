package org.mifsync.mif;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An SMS header directive: a comment of the exact form {@code //Name<arg>[<arg>…]}, such as
 * {@code //Architecture<System>}, {@code //KeyAttribute<NetBIOS Name><COMPUTER>} or
 * {@code //ReportType<Delta>}. Other tools see a comment; SMS and mifsync read it.
 *
 * @param name the name between {@code //} and the first {@code <}
 * @param arguments the texts between each pair of angle brackets
 * @param location where the comment starts (not part of equality)
 * @since 0.1
 */
public record Directive(String name, List<String> arguments, SourceLocation location) {

    public Directive {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z]+")) {
            throw new IllegalArgumentException("directive name must be letters only, found '" + name + "'");
        }
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("directive " + name + " needs at least one <argument>");
        }
        for (String a : arguments) {
            if (a.indexOf('>') >= 0 || a.indexOf('\n') >= 0 || a.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("directive " + name + " argument cannot hold '>' or a line end: '"
                        + a + "'");
            }
        }
        arguments = List.copyOf(arguments);
    }

    /** Whether this directive has the given name, compared case-insensitively. */
    public boolean is(String directiveName) {
        return name.toLowerCase(Locale.ROOT).equals(directiveName.toLowerCase(Locale.ROOT));
    }

    /** The first argument. */
    public String value() {
        return arguments.get(0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Directive d && name.equals(d.name) && arguments.equals(d.arguments);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, arguments);
    }
}
