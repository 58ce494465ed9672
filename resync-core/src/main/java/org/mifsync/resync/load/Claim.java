package org.mifsync.resync.load;

import java.nio.file.Path;

/**
 * A file of a pass as the inbox holds it: its inbox name without {@code X} prefixes (one the inbox
 * can use), the client's name for it, its tries so far (the prefixes), its path now and its size
 * when listed.
 */
record Claim(String name, String shown, int tries, Path path, long size) {

    /** The file claimed once more: one more {@code X} in front of its name. */
    Claim next() {
        return new Claim(name, shown, tries + 1, path.resolveSibling("X".repeat(tries + 1) + name), size);
    }
}
