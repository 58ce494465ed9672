package org.mifsync.resync.collect;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The site's inbox ({@code SITE.SRV/INVENTRY.BOX}) as the tools that put report files into it see
 * it: the collector and the re-queueing of {@code BADMIFS} files. They share a lock, so that two of
 * them never pick the same free name, and one naming rule: a report file's name ends with {@code
 * .MIF} (any case) and does not begin with a dot (the loader's rule), and a new name never begins
 * with {@code X}, which the loader would read as a try already made.
 *
 * <p>Immutable and thread-safe; {@link Lock} is held by one thread.
 *
 * @since 0.1
 */
public final class Inbox {

    /** The lock file, in the inbox; the loader ignores it (not a report name). */
    public static final String LOCK_FILE = ".inbound.lock";

    /** The suffix of report files, compared ignoring case. */
    public static final String REPORT_SUFFIX = ".MIF";

    /** Claimed variants ({@code X}, {@code XX}, {@code XXX} + name) a free name must not have either. */
    private static final int CLAIM_PREFIXES = 3;

    private final Path dir;

    private Inbox(Path dir) {
        this.dir = Objects.requireNonNull(dir, "inbox");
    }

    /**
     * Returns the inbox in a directory.
     *
     * @param dir the directory, e.g. {@code SITE.SRV/INVENTRY.BOX}; created when locked
     * @return the inbox
     */
    public static Inbox of(Path dir) {
        return new Inbox(dir);
    }

    /**
     * Returns the inbox's directory.
     *
     * @return the directory
     */
    public Path dir() {
        return dir;
    }

    /**
     * The reports waiting in an inbox.
     *
     * <p>Immutable and thread-safe.
     *
     * @param reports how many report files wait (claimed ones included: the loader is on them)
     * @param oldest the oldest one's modification time, if any waits
     * @since 0.1
     */
    public record Waiting(int reports, Optional<Instant> oldest) {
        /**
         * Validates the fields.
         *
         * @param reports the count
         * @param oldest the oldest time
         */
        public Waiting {
            Objects.requireNonNull(oldest, "oldest");
            if (reports < 0) {
                throw new IllegalArgumentException("reports must be 0 or more, found " + reports);
            }
        }
    }

    /**
     * Counts the report files waiting in the inbox and finds the oldest, without a lock: a
     * snapshot, for watching a site (a file the loader moves meanwhile is counted or not).
     *
     * @return what waits; nothing when the directory does not exist
     * @throws IOException if the directory cannot be listed
     */
    public Waiting waiting() throws IOException {
        if (!Files.isDirectory(dir)) {
            return new Waiting(0, Optional.empty());
        }
        int reports = 0;
        Instant oldest = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (!isReportName(f.getFileName().toString())) {
                    continue;
                }
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    // the loader took it meanwhile
                    continue;
                }
                if (!attrs.isRegularFile()) {
                    continue;
                }
                reports++;
                Instant modified = attrs.lastModifiedTime().toInstant();
                if (oldest == null || modified.isBefore(oldest)) {
                    oldest = modified;
                }
            }
        }
        return new Waiting(reports, Optional.ofNullable(oldest));
    }

    /**
     * Tells whether a file name is a report's: it ends with {@code .MIF} (any case), has something
     * before it and does not begin with a dot.
     *
     * @param name a file name
     * @return true for a report name
     */
    public static boolean isReportName(String name) {
        return name.length() > REPORT_SUFFIX.length() && !name.startsWith(".")
                && name.toUpperCase(Locale.ROOT).endsWith(REPORT_SUFFIX);
    }

    /**
     * Returns a path in the inbox for a new report that no file has: the name itself when it is free
     * (also of claimed {@code X} variants), else {@code <stem>~1.MIF}, {@code <stem>~2.MIF}, …; a
     * name beginning with {@code X} gets a leading {@code _}. Only meaningful under the {@link #lock}.
     *
     * @param name a report name
     * @return the free path
     * @throws IllegalArgumentException if the name is not a report name or holds a path separator
     */
    public Path freeName(String name) {
        if (!isReportName(name) || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("'" + name + "' is not a report file name (NAME.MIF)");
        }
        String base = name.charAt(0) == 'X' ? "_" + name : name;
        String stem = base.substring(0, base.length() - REPORT_SUFFIX.length());
        String suffix = base.substring(base.length() - REPORT_SUFFIX.length());
        String candidate = base;
        for (int i = 1; taken(candidate); i++) {
            candidate = stem + "~" + i + suffix;
        }
        return dir.resolve(candidate);
    }

    private boolean taken(String name) {
        for (int x = 0; x <= CLAIM_PREFIXES; x++) {
            if (Files.exists(dir.resolve("X".repeat(x) + name), LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes the inbox's lock, waiting for another holder up to the given time. The lock is an
     * operating-system lock on {@link #LOCK_FILE}: a holder that dies releases it.
     *
     * @param wait how long to wait for another holder
     * @return the lock; close it to release
     * @throws IOException if the inbox or its lock file cannot be created
     * @throws IllegalStateException if another process (or another user in this one) kept the lock
     *     for the whole wait
     */
    public Lock lock(Duration wait) throws IOException {
        Objects.requireNonNull(wait, "wait");
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by another thread of this process
                }
                if (lock != null) {
                    return new Lock(channel, lock);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new IllegalStateException("another collector or re-queue is putting files into " + dir
                            + " (lock " + LOCK_FILE + " held for " + wait.toMillis() + " ms)");
                }
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for the lock of " + dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The inbox's lock while held.
     *
     * <p>Not thread-safe: held and closed by one thread.
     *
     * @since 0.1
     */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        /**
         * Releases the lock.
         *
         * @throws IOException if the lock file cannot be closed
         */
        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Inbox[" + dir + "]";
    }
}
