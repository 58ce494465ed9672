package org.mifsync.resync.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file writes that a crash cannot leave half done: the bytes go to a temporary name in the
 * same directory, are forced to disk, and the temporary file is renamed over the target; then the
 * directory is forced where the platform allows. Stateless and thread-safe.
 */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code bytes} through {@code temporary}, a name in the same directory. */
    static void write(Path target, Path temporary, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // the same directory on one file system always allows it; a share that does not is still
            // better served by a plain rename than by no report
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        forceDirectory(target.toAbsolutePath().getParent());
    }

    /** Replaces {@code target} through the temporary name {@code .<name>.tmp}. */
    static void write(Path target, byte[] bytes) throws IOException {
        write(target, target.resolveSibling("." + target.getFileName() + ".tmp"), bytes);
    }

    /** Makes a rename durable; some platforms and file systems cannot open a directory, which is fine. */
    static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows and some network file systems refuse; the rename itself is still atomic there
        }
    }
}
