package org.mifsync.mif;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * The shared corpus of real MIF files written by others, which lives beside the clone in
 * {@code ../shared/corpus/mif} and is not part of the project. Every test that reads it goes
 * through here, so that a fresh clone without it is green: such a test is skipped with a JUnit
 * assumption that names the missing folder.
 *
 * <p>Where it is looked for, first found wins: the system property {@value #PROPERTY}, the
 * environment variable {@value #ENVIRONMENT} (both name the {@code corpus/mif} folder itself), then
 * {@code corpus/mif} under the system property {@code mifsync.shared}, which the build sets to the
 * {@code shared} folder beside the checkout. Pointing either at a missing folder hides the corpus,
 * which is how CI proves that the corpus tests skip. This is the twin, for this module's tests, of
 * the test kit's {@code org.mifsync.testkit.Corpus} (the kit depends on this module, so this module's
 * tests cannot use it); the two follow the same rules.
 */
final class Corpus {

    /** System property naming the corpus folder ({@code …/corpus/mif}). */
    static final String PROPERTY = "mifsync.corpus";
    /** Environment variable naming the corpus folder, for when a property cannot be passed. */
    static final String ENVIRONMENT = "MIFSYNC_CORPUS";

    private static volatile boolean toldMissing;

    private Corpus() {
    }

    /** Where the corpus is expected, whether or not it is there. */
    static Path location() {
        String named = System.getProperty(PROPERTY);
        if (named == null || named.isBlank()) {
            named = System.getenv(ENVIRONMENT);
        }
        Path dir = named != null && !named.isBlank() ? Path.of(named)
                : Path.of(System.getProperty("mifsync.shared", "../../shared"), "corpus", "mif");
        return dir.toAbsolutePath().normalize();
    }

    /** The corpus folder when it is there; otherwise empty, and the missing path is printed once. */
    static Optional<Path> find() {
        Path dir = location();
        if (Files.isDirectory(dir)) {
            return Optional.of(dir);
        }
        if (!toldMissing) {
            toldMissing = true;
            System.out.println(missing(dir));
        }
        return Optional.empty();
    }

    /** The corpus folder; when it is absent the calling test is skipped, naming the missing path. */
    static Path require() {
        Optional<Path> dir = find();
        Assumptions.assumeTrue(dir.isPresent(), () -> missing(location()));
        return dir.get();
    }

    /** One file of the corpus ({@code real/….mif}); skips the test when the corpus is absent. */
    static Path file(String relative) {
        return require().resolve(relative);
    }

    /** The {@code .mif} files of the given sub-folders, sorted; skips the test when the corpus is absent. */
    static List<Path> mifFiles(String... subfolders) {
        return list(require(), subfolders);
    }

    /**
     * The {@code .mif} files of the given sub-folders when the corpus is there, or none: for tests
     * that also run on the project's own files and take the corpus as a bonus.
     */
    static List<Path> mifFilesIfPresent(String... subfolders) {
        return find().map(dir -> list(dir, subfolders)).orElse(List.of());
    }

    private static List<Path> list(Path corpus, String... subfolders) {
        List<Path> out = new ArrayList<>();
        for (String sub : subfolders) {
            try (Stream<Path> files = Files.list(corpus.resolve(sub))) {
                files.filter(p -> p.getFileName().toString().endsWith(".mif")).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list corpus folder " + corpus.resolve(sub), e);
            }
        }
        return out;
    }

    private static String missing(Path dir) {
        return "MIF corpus not found at " + dir + ": corpus tests skipped (set -D" + PROPERTY + "=DIR or "
                + ENVIRONMENT + "=DIR to use another)";
    }
}
