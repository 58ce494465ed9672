package org.mifsync.resync.files.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
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
 * The one way {@code resync-core} writes a file durably: readers see the old or the new version,
 * never a part, and after a crash or a power cut the file is the old or the new one, whole. The
 * content goes to a temporary file in the same directory, is forced to disk, and the temporary file
 * is renamed over the target ({@code ATOMIC_MOVE}); then the directory is forced, where the platform
 * allows, so that the rename itself is on disk.
 *
 * <p>Where the rename is refused because a reader holds the old file open (Windows), it is retried
 * a few times with doubling delays. On Linux a rename over an open file always succeeds: the
 * reader keeps the old version.
 *
 * <p>The temporary file is named {@code .<target name>.<random>.tmp} and created like any new
 * file (permissions from the umask, not the owner-only ones of {@code Files.createTempFile}), so
 * the published file is as readable as one written in place. It is removed when writing fails; a
 * process killed mid-write leaves it behind, and {@link #removeTemporaries} clears such leftovers.
 * A caller whose temporary name means something to others (the agent's {@code NAME.TMP} in a drop
 * box, the collector's {@code .copy}) names it itself.
 *
 * <p>A caller that writes many files into one directory (the collector moving a batch of reports)
 * may leave the directory to be forced once for all of them ({@link DirectorySync#LATER}, then
 * {@link #forceDirectory}), before it relies on the renames being durable.
 *
 * <p>Commons IO has no forced (fsync'd) copy or write, so this class uses the channels directly.
 *
 * <p>Thread-safe; writers of one target still need a lock if they read-modify-write.
 */
public final class DurableFiles {

    /** Writes the new content into the temporary file; the channel is forced after it returns. */
    public interface Content {
        /**
         * Writes the content.
         *
         * @param channel the temporary file, open for writing, at position 0
         * @throws IOException if the content cannot be produced or written
         */
        void writeTo(FileChannel channel) throws IOException;
    }

    /** When the directory holding a replaced file is forced to disk. */
    public enum DirectorySync {
        /** Right after the rename: the usual case. */
        NOW,
        /**
         * By the caller, with {@link #forceDirectory}, once for a batch of files written into one
         * directory, before anything is done that relies on the renames being durable.
         */
        LATER
    }

    /** The rename; replaceable so that the retry loop can be tested without Windows. */
    interface Mover {
        void move(Path source, Path target) throws IOException;
    }

    /** Waits between retries; replaceable for the same reason. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The suffix of the temporary files this class names. */
    public static final String TEMP_SUFFIX = ".tmp";

    private static final System.Logger LOG = System.getLogger(DurableFiles.class.getName());

    private static final DurableFiles STANDARD = new DurableFiles(DurableFiles::rename,
            duration -> Thread.sleep(duration.toMillis()), 6, Duration.ofMillis(10));

    private final Mover mover;
    private final Sleeper sleeper;
    private final int attempts;
    private final Duration firstDelay;

    DurableFiles(Mover mover, Sleeper sleeper, int attempts, Duration firstDelay) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        this.mover = Objects.requireNonNull(mover);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.attempts = attempts;
        this.firstDelay = Objects.requireNonNull(firstDelay);
    }

    /**
     * Returns the writer every caller uses: six attempts at a refused rename, 10 ms apart at first.
     *
     * @return the writer
     */
    public static DurableFiles standard() {
        return STANDARD;
    }

    /**
     * Replaces {@code target} with {@code bytes}.
     *
     * @param target the file to replace or create
     * @param bytes the new content
     * @throws IOException if it cannot be written; the old file, if any, is then unchanged
     */
    public void replace(Path target, byte[] bytes) throws IOException {
        write(target, null, bytes(bytes), null, DirectorySync.NOW);
    }

    /**
     * Replaces {@code target} with what {@code content} writes.
     *
     * @param target the file to replace or create
     * @param content writes the new content
     * @throws IOException if it cannot be written; the old file, if any, is then unchanged
     */
    public void replace(Path target, Content content) throws IOException {
        write(target, null, content, null, DirectorySync.NOW);
    }

    /**
     * Replaces {@code target} with what {@code content} writes, giving the new file a modification
     * time (replicas keep their master's).
     *
     * @param target the file to replace or create
     * @param content writes the new content
     * @param lastModified the new file's modification time
     * @throws IOException if it cannot be written; the old file, if any, is then unchanged
     */
    public void replace(Path target, Content content, FileTime lastModified) throws IOException {
        write(target, null, content, Objects.requireNonNull(lastModified, "last modified"), DirectorySync.NOW);
    }

    /**
     * Replaces {@code target} with {@code bytes} through a temporary name the caller chooses.
     *
     * @param target the file to replace or create
     * @param temporary the temporary file, in the same directory; created or truncated
     * @param bytes the new content
     * @throws IOException if it cannot be written; the old file, if any, is then unchanged
     */
    public void replace(Path target, Path temporary, byte[] bytes) throws IOException {
        write(target, Objects.requireNonNull(temporary, "temporary"), bytes(bytes), null, DirectorySync.NOW);
    }

    /**
     * Replaces {@code target} with what {@code content} writes, through a temporary name the caller
     * chooses, forcing the directory now or leaving it to the caller.
     *
     * @param target the file to replace or create
     * @param temporary the temporary file, in the same directory; created or truncated
     * @param content writes the new content
     * @param sync when the directory is forced
     * @throws IOException if it cannot be written; the old file, if any, is then unchanged
     */
    public void replace(Path target, Path temporary, Content content, DirectorySync sync) throws IOException {
        write(target, Objects.requireNonNull(temporary, "temporary"), content, null, Objects.requireNonNull(sync));
    }

    private void write(Path target, Path givenTemporary, Content content, FileTime lastModified, DirectorySync sync)
            throws IOException {
        Objects.requireNonNull(content, "content");
        Path directory = target.toAbsolutePath().getParent();
        Path temp = givenTemporary != null ? givenTemporary
                : createTemporary(directory, target.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                content.writeTo(channel);
                channel.force(true);
            } catch (IOException e) {
                // a full disk says only "No space left on device": name the file it was for
                if (e.getClass() == IOException.class) {
                    throw new IOException("cannot write " + target + ": " + e.getMessage(), e);
                }
                throw e;
            }
            if (lastModified != null) {
                Files.setLastModifiedTime(temp, lastModified);
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
        if (sync == DirectorySync.NOW) {
            forceDirectory(directory);
        }
    }

    private static Content bytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return channel -> {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        };
    }

    private static void rename(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // within one directory this is a rename all the same; a share that refuses the atomic flag
            // is better served by a plain rename than by no file
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
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

    /**
     * Tells whether a file name is one of this class's temporary files for a target.
     *
     * @param fileName a file name
     * @param targetName the target's file name
     * @return true for {@code .<targetName>.<random>.tmp}
     */
    public static boolean isTemporaryOf(String fileName, String targetName) {
        return targetOfTemporary(fileName).map(targetName::equals).orElse(false);
    }

    /**
     * Returns the target a temporary file was made for, if the name is one of this class's.
     *
     * @param fileName a file name
     * @return the target's file name, or empty for any other name
     */
    public static Optional<String> targetOfTemporary(String fileName) {
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
     * @param target the file whose temporaries to remove
     * @return the files removed
     * @throws IOException if the directory cannot be listed or a file cannot be removed
     */
    public static List<Path> removeTemporaries(Path target) throws IOException {
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

    /**
     * Forces a directory's entries to disk, making the renames and deletions in it durable. Not
     * every platform or file system can open a directory (Windows, some shares); there a rename is
     * still atomic, and the failure is ignored.
     *
     * @param directory the directory
     */
    public static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(Level.TRACE, () -> "cannot force directory " + directory + ": " + e);
        }
    }
}
