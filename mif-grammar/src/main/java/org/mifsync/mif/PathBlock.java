package org.mifsync.mif;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code START PATH … END PATH} (also spelled {@code PATHS}): where the instrumentation behind
 * overlay values lives, per operating system.
 *
 * @param name the symbolic name overlay values refer to
 * @param entries one per operating-system line, in file order
 * @param location where the block starts (not part of equality)
 * @since 0.1
 */
public record PathBlock(String name, List<Entry> entries, SourceLocation location) {

    /** The operating-system words of a path block. */
    public enum Os { DOS, MACOS, OS2, UNIX, WIN16, WIN32, WIN9X, WINNT }

    /**
     * One {@code OS = "program"} or {@code OS = DIRECT-INTERFACE} line.
     *
     * @param os the operating system
     * @param program the program to run; empty for a direct interface
     */
    public record Entry(Os os, Optional<String> program) {
        public Entry {
            Objects.requireNonNull(os, "os");
            Objects.requireNonNull(program, "program");
        }

        /** True when a running process registers itself instead of a program being run. */
        public boolean isDirectInterface() {
            return program.isEmpty();
        }
    }

    public PathBlock {
        Objects.requireNonNull(name, "name");
        entries = List.copyOf(entries);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathBlock p && name.equals(p.name) && entries.equals(p.entries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, entries);
    }
}
