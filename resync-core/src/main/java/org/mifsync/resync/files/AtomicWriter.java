package org.mifsync.resync.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file so that readers see the old or the new version, never a part: the content goes
 * to a temporary file in the same directory, is forced to disk, and the temporary file is renamed
 * over the target ({@code ATOMIC_MOVE}); then the directory is forced, where the platform allows.
 *
 * <p>Where the rename is refused because a reader holds the old file open (Windows), it is retried
 * a few times with doubling delays. On Linux a rename over an open file always succeeds: the
 * reader keeps the old version.
 *
 * <p>The temporary file is named {@code .<target name>.<random>.tmp} and created like any new
 * file (permissions from the umask, not the owner-only ones of {@code Files.createTempFile}), so
 * the published file is as readable as one written in place. It is removed when writing fails; a
 * process killed mid-write leaves it behind, and {@link #removeTemporaries} clears such leftovers.
 *
 * <p>Thread-safe; writers of one target still need a lock if they read-modify-write.
 */
final class AtomicWriter {

    /** Writes the new content. */
    interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /** The rename; replaceable so that the retry loop can be tested without Windows. */
    interface Mover {
        void move(Path source, Path target) throws IOException;
    }

    /** Waits between retries; replaceable for the same reason. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    static final String TEMP_SUFFIX = ".tmp";

    static final AtomicWriter DEFAULT = new AtomicWriter(
            (source, target) -> Files.move(source, target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING),
            duration -> Thread.sleep(duration.toMillis()),
            6, Duration.ofMillis(10));

    private static final System.Logger LOG = System.getLogger(AtomicWriter.class.getName());

    private final Mover mover;
    private final Sleeper sleeper;
    private final int attempts;
    private final Duration firstDelay;

    AtomicWriter(Mover mover, Sleeper sleeper, int attempts, Duration firstDelay) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.mover = Objects.requireNonNull(mover);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.attempts = attempts;
        this.firstDelay = Objects.requireNonNull(firstDelay);
    }

    void write(Path target, Content content) throws IOException {
        write(target, content, Optional.empty());
    }

    /**
     * Replaces {@code target} with what {@code content} writes.
     *
     * @param lastModified a modification time to give the new file (replicas keep the master's)
     */
    void write(Path target, Content content, Optional<FileTime> lastModified) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Path temp = createTemporary(directory, target.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                content.writeTo(channel);
                channel.force(true);
            } catch (IOException e) {
                // a full disk says only "No space left on device": name the file it was for
                if (e.getClass() == IOException.class) {
                    throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
                }
                throw e;
            }
            if (lastModified.isPresent()) {
                Files.setLastModifiedTime(temp, lastModified.get());
            }
            moveWithRetry(temp, target);
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "could not remove the temporary file " + temp, e);
                }
            }
        }
        forceDirectory(directory);
    }

    private void moveWithRetry(Path temp, Path target) throws IOException {
        Duration delay = firstDelay;
        for (int attempt = 1; ; attempt++) {
            try {
                mover.move(temp, target);
                return;
            } catch (FileSystemException e) {
                if (!isHeldOpen(e) || attempt >= attempts) {
                    throw e;
                }
                long millis = delay.toMillis();
                LOG.log(Level.DEBUG, () -> "replacing " + target + " refused (" + e.getMessage()
                        + "), retrying in " + millis + " ms");
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    InterruptedIOException io = new InterruptedIOException("interrupted while retrying to replace "
                            + target);
                    io.addSuppressed(e);
                    throw io;
                }
                delay = delay.multipliedBy(2);
            }
        }
    }

    /**
     * A rename refused because someone holds the target: Windows reports a sharing violation as a
     * plain FileSystemException or as access denied. Anything more specific (no such file, not a
     * directory, atomic move not supported) will not heal by waiting.
     */
    private static boolean isHeldOpen(FileSystemException e) {
        return e instanceof AccessDeniedException || e.getClass() == FileSystemException.class;
    }

    private static Path createTemporary(Path directory, String targetName) throws IOException {
        for (int tries = 0; ; tries++) {
            Path temp = directory.resolve("." + targetName + "." + Long.toUnsignedString(
                    ThreadLocalRandom.current().nextLong(), 36) + TEMP_SUFFIX);
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                if (tries > 10) {
                    throw e;
                }
            }
        }
    }

    static boolean isTemporaryOf(String fileName, String targetName) {
        return targetOfTemporary(fileName).map(targetName::equals).orElse(false);
    }

    /** Returns the target a temporary file was made for, if the name is one of this writer's. */
    static Optional<String> targetOfTemporary(String fileName) {
        if (!fileName.startsWith(".") || !fileName.endsWith(TEMP_SUFFIX)) {
            return Optional.empty();
        }
        int randomStart = fileName.lastIndexOf('.', fileName.length() - TEMP_SUFFIX.length() - 1);
        if (randomStart <= 1 || randomStart >= fileName.length() - TEMP_SUFFIX.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(fileName.substring(1, randomStart));
    }

    /**
     * Removes the temporary files of {@code target} left by killed writers. Only safe while holding
     * the target's lock (no live writer of it can be mid-write).
     *
     * @return the files removed
     */
    static List<Path> removeTemporaries(Path target) throws IOException {
        List<Path> removed = new ArrayList<>();
        Path directory = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory,
                p -> isTemporaryOf(p.getFileName().toString(), name))) {
            for (Path file : files) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(file)) {
                    removed.add(file);
                }
            }
        }
        return removed;
    }

    /** Makes the rename itself durable; not every platform can open a directory, so failures are ignored. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.TRACE, () -> "cannot force directory " + directory + ": " + e);
        }
    }
}
