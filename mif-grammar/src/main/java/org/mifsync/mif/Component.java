package org.mifsync.mif;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code START COMPONENT … END COMPONENT}: the one outermost block of a MIF file.
 *
 * <p>MIF allows its parts in any order; the model keeps each kind in file order, and the writer
 * prints paths, enumerations, groups and tables in that order, which satisfies every
 * "defined before use" rule.
 *
 * @param name the NAME
 * @param description the DESCRIPTION, if any
 * @param pragma the PRAGMA, if any
 * @param paths path blocks
 * @param enums component-level enumerations
 * @param groups groups (templates included)
 * @param tables tables
 * @param location where the block starts (not part of equality)
 * @since 0.1
 */
public record Component(String name, Optional<String> description, Optional<String> pragma, List<PathBlock> paths,
        List<EnumDef> enums, List<Group> groups, List<Table> tables, SourceLocation location) {

    public Component {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(pragma, "pragma");
        paths = List.copyOf(paths);
        enums = List.copyOf(enums);
        groups = List.copyOf(groups);
        tables = List.copyOf(tables);
    }

    /** The first group of this class, compared case-insensitively as SMS does. */
    public Optional<Group> group(String className) {
        for (Group g : groups) {
            if (g.className().equalsIgnoreCase(className)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    /** The component-level enumeration with this name. */
    public Optional<EnumDef> enumNamed(String enumName) {
        for (EnumDef e : enums) {
            if (e.name().isPresent() && e.name().get().equals(enumName)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Component c && name.equals(c.name) && description.equals(c.description)
                && pragma.equals(c.pragma) && paths.equals(c.paths) && enums.equals(c.enums)
                && groups.equals(c.groups) && tables.equals(c.tables);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, description, pragma, paths, enums, groups, tables);
    }
}
