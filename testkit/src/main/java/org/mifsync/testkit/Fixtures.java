package org.mifsync.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;

/** Small pieces the store, loader and admin tests all build their cases from. */
public final class Fixtures {

    /** The disk class SMS reports: keyed by drive letter. */
    public static final GroupClass DISK = GroupClass.of("MICROSOFT|DISK|1.0");

    private Fixtures() {
    }

    /** One disk instance: its drive letter (the key) and its free space. */
    public static GroupInstance disk(String letter, long free) {
        return GroupInstance.of(DISK, List.of(1), List.of(Attribute.of(1, "Drive Letter", AttributeValue.text(letter)),
                Attribute.of(2, "Free Space", AttributeValue.int64(free))));
    }

    /** The names in a folder, sorted, without hidden ones (locks); none when the folder is missing. */
    public static List<String> names(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
