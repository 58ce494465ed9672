package org.mifsync.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real full disk under a directory, for the tests of what a site does when it cannot write: a
 * small tmpfs mounted over the directory and filled to the last byte, so that writes there fail
 * with "No space left on device" as on a full volume. Mounting needs root (or the capability);
 * {@link #mountOver} says when it is not permitted, and the caller makes the target unwritable
 * another real way. {@link #close()} unmounts.
 */
public final class FullDisk implements AutoCloseable {

    private final Path mountPoint;

    private FullDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /**
     * Mounts a full tmpfs over a directory, hiding what it held until {@link #close()}.
     *
     * @param directory an existing directory
     * @return the mount, or empty when this process may not mount (not root, no mount command)
     * @throws IOException if the mount succeeded but could not be filled
     */
    public static Optional<FullDisk> mountOver(Path directory) throws IOException {
        if (!run("mount", "-t", "tmpfs", "-o", "size=64k,mode=0777", "tmpfs", directory.toString())) {
            return Optional.empty();
        }
        FullDisk disk = new FullDisk(directory);
        try {
            disk.fill();
        } catch (IOException | RuntimeException e) {
            disk.close();
            throw e;
        }
        return Optional.of(disk);
    }

    private void fill() throws IOException {
        byte[] page = new byte[4096];
        try (OutputStream out = Files.newOutputStream(mountPoint.resolve(".filler"))) {
            for (int i = 0; i < 1024; i++) {
                out.write(page);
                out.flush();
            }
        } catch (IOException full) {
            if (String.valueOf(full.getMessage()).contains("No space left")) {
                return;
            }
            throw full;
        }
        throw new IOException("a 64 KiB tmpfs at " + mountPoint + " took 4 MiB without filling up");
    }

    /** Unmounts; what the directory held before shows again. */
    @Override
    public void close() {
        if (!run("umount", mountPoint.toString())) {
            run("umount", "-l", mountPoint.toString());
        }
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
