package org.mifsync.resync.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.io.IOUtils;
import org.apache.commons.io.input.ProxyInputStream;
import org.mifsync.resync.files.internal.DurableFiles;

/**
 * Reads a file that someone else controls (a report in a logon server's drop box, a file in the
 * site's inbox) so that no file can hang or exhaust the reader: only a regular file is read, never
 * through a link; at most {@code limit + 1} bytes of it are read or copied, whatever its size; and
 * every open and read runs under a watchdog, so a FIFO, a device or a stalled network share costs
 * at most the timeout.
 *
 * <p><b>Why a watchdog thread.</b> Opening a FIFO for reading blocks in {@code open(2)} until a
 * writer comes, and Java has no {@code O_NONBLOCK} open. Checking the file's type (without following
 * links) just before the open leaves a window in which a client can swap a FIFO in. So the open runs
 * on a daemon thread, and the caller waits for it for at most the timeout. A caller that gives up
 * opens a FIFO found at the path for writing, which completes the rendezvous and lets the stuck open
 * return (it is then closed unread), so that a service does not keep a thread per attack. After the
 * open, the channel itself is checked: a pipe or socket cannot seek ({@code ESPIPE}), and the path
 * must still name the regular file it named before (its file key). Reads are bounded by the size
 * found then, plus one byte to see a file that grew. A stall (no byte for the timeout, e.g. a share
 * that stopped answering) interrupts the reading thread, which closes its channel; a read stuck in
 * the kernel beyond that is left to its daemon thread.
 *
 * <p>The timeout is real (elapsed) time, not a site clock's: it guards against a stuck system call,
 * which a test clock standing still would otherwise let hang forever.
 *
 * <p>Thread-safe: every call works on its own channels and thread.
 *
 * @since 0.1
 */
public final class SourceFile {

    /** How long an open or a read may make no progress by default. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);

    private static final int BUFFER = 64 * 1024;
    private static final long POLL_MILLIS = 50;

    /** Called between the type check and the open; a seam for the race test, a no-op otherwise. */
    static volatile Runnable beforeOpen = () -> { };

    private SourceFile() {
    }

    /**
     * A file that is not a regular file (a FIFO, device, socket, folder or link), or that changed
     * into something else while it was being opened.
     *
     * @since 0.1
     */
    public static final class NotRegularFileException extends IOException {
        private static final long serialVersionUID = 1L;

        NotRegularFileException(Path file, String what) {
            super(file + ": " + what);
        }
    }

    /**
     * What a bounded copy or read found.
     *
     * <p>Immutable and thread-safe.
     *
     * @param size the file's size when it was opened
     * @param copied the bytes copied or read: {@code size}, or {@code limit + 1} for a file larger
     *     than the limit
     * @param limit the limit the read was bounded by
     * @since 0.1
     */
    public record Extent(long size, long copied, long limit) {
        /**
         * Tells whether the file is larger than the limit (and so was cut after {@code limit + 1}
         * bytes).
         *
         * @return true for a file over the limit
         */
        public boolean tooLarge() {
            return size > limit || copied > limit;
        }
    }

    /**
     * The bytes of a file no larger than the limit, or only its size.
     *
     * <p>Immutable and thread-safe.
     *
     * @param extent the file's size, and whether it is over the limit
     * @param bytes the content, or null for a file over the limit (nothing of it is kept)
     * @since 0.1
     */
    public record Content(Extent extent, byte[] bytes) {
    }

    /**
     * Tells what a non-regular file is, for messages.
     *
     * @param attrs the file's attributes, read without following links
     * @return e.g. {@code "a symbolic link"}
     */
    public static String kind(BasicFileAttributes attrs) {
        if (attrs.isSymbolicLink()) {
            return "a symbolic link";
        }
        if (attrs.isDirectory()) {
            return "a folder";
        }
        if (attrs.isRegularFile()) {
            return "a regular file";
        }
        return "not a regular file (a FIFO, device or socket)";
    }

    /**
     * Copies at most {@code limit + 1} bytes of a regular file into a new file, durably: the target
     * is replaced whole (temporary file in the same directory, forced to disk, renamed over it) or left
     * as it was.
     *
     * @param source the file to copy; never followed if it is a link
     * @param target the copy, created or replaced
     * @param limit the largest size the caller accepts
     * @param stallTimeout how long the open or a read may make no progress
     * @return the source's size and what was copied
     * @throws NotRegularFileException if the source is not a regular file
     * @throws IOException if it cannot be read or written, or stalled
     */
    public static Extent copy(Path source, Path target, long limit, Duration stallTimeout) throws IOException {
        Objects.requireNonNull(target, "target");
        Extent[] extent = new Extent[1];
        DurableFiles.standard().replace(target, channel -> extent[0] = copy(source, channel, limit, stallTimeout));
        return extent[0];
    }

    /**
     * Copies at most {@code limit + 1} bytes of a regular file into an open channel, at its
     * position; forcing the channel to disk is the caller's.
     *
     * @param source the file to copy; never followed if it is a link
     * @param target where the bytes go; not closed
     * @param limit the largest size the caller accepts
     * @param stallTimeout how long the open or a read may make no progress
     * @return the source's size and what was copied
     * @throws NotRegularFileException if the source is not a regular file
     * @throws IOException if it cannot be read or written, or stalled
     */
    public static Extent copy(Path source, FileChannel target, long limit, Duration stallTimeout) throws IOException {
        Objects.requireNonNull(target, "target");
        return guarded(source, stallTimeout, (in, progress) -> {
            long size = in.size();
            // every buffer read is progress for the watchdog
            InputStream counted = new ProxyInputStream(Channels.newInputStream(in)) {
                @Override
                protected void afterRead(int n) {
                    progress.incrementAndGet();
                }
            };
            // one byte beyond the size found (or the limit) shows a file that grew or is too large;
            // the streams are not closed: the channels belong to the watchdog and to the caller
            long copied = IOUtils.copyLarge(counted, Channels.newOutputStream(target), 0, Math.min(size, limit) + 1,
                    new byte[BUFFER]);
            return new Extent(size, copied, limit);
        });
    }

    /**
     * Reads a regular file no larger than the limit; a larger one is not read at all.
     *
     * @param source the file; never followed if it is a link
     * @param limit the largest size accepted
     * @param stallTimeout how long the open or a read may make no progress
     * @return the content, or only the size for a file over the limit
     * @throws NotRegularFileException if the source is not a regular file
     * @throws IOException if it cannot be read, or stalled
     */
    public static Content read(Path source, long limit, Duration stallTimeout) throws IOException {
        return guarded(source, stallTimeout, (in, progress) -> {
            long size = in.size();
            // beyond what one array holds no limit can be honoured: too large whatever was configured
            if (size > limit || size >= Integer.MAX_VALUE - 16) {
                return new Content(new Extent(size, 0, Math.min(limit, Integer.MAX_VALUE - 17)), null);
            }
            // one byte more than the size found: a file that grew since is seen, and bounded
            ByteBuffer buffer = ByteBuffer.allocate((int) size + 1);
            while (buffer.hasRemaining()) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                progress.incrementAndGet();
            }
            if (buffer.position() > size) {
                throw new IOException(source + ": grew while being read (" + size + " bytes when opened); not"
                        + " read");
            }
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return new Content(new Extent(size, bytes.length, limit), bytes);
        });
    }

    /**
     * Tells whether a copy made by {@link #copy} still equals the source: the source's first
     * {@code limit + 1} bytes and the copy are the same bytes, and the source is no larger than the
     * copy unless both are over the limit.
     *
     * @param source the file copied from
     * @param copy the copy
     * @param limit the limit the copy was made with
     * @param stallTimeout how long the open or a read may make no progress
     * @return true when the copy is the bounded content of the source
     * @throws NotRegularFileException if the source is not a regular file
     * @throws IOException if either cannot be read, or the source stalled
     */
    public static boolean sameAs(Path source, Path copy, long limit, Duration stallTimeout) throws IOException {
        long copySize = Files.size(copy);
        return guarded(source, stallTimeout, (in, progress) -> {
            long size = in.size();
            long bound = Math.min(size, limit + 1);
            if (bound != copySize) {
                return false;
            }
            try (FileChannel other = FileChannel.open(copy, StandardOpenOption.READ)) {
                ByteBuffer a = ByteBuffer.allocate(BUFFER);
                ByteBuffer b = ByteBuffer.allocate(BUFFER);
                long position = 0;
                while (position < bound) {
                    int want = (int) Math.min(BUFFER, bound - position);
                    a.clear().limit(want);
                    b.clear().limit(want);
                    if (!fill(in, a) || !fill(other, b)) {
                        return false;
                    }
                    if (!a.flip().equals(b.flip())) {
                        return false;
                    }
                    position += want;
                    progress.incrementAndGet();
                }
            }
            return true;
        });
    }

    private static boolean fill(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Work on an opened, checked channel; counts its progress. */
    private interface Work<T> {
        T run(FileChannel in, AtomicLong progress) throws IOException;
    }

    /** Checks, opens, re-checks and works a source on a watched daemon thread. */
    private static <T> T guarded(Path source, Duration stallTimeout, Work<T> work) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(stallTimeout, "stall timeout");
        BasicFileAttributes before = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!before.isRegularFile()) {
            throw new NotRegularFileException(source, "is " + kind(before) + "; only regular files are read");
        }
        AtomicBoolean opened = new AtomicBoolean();
        AtomicBoolean abandoned = new AtomicBoolean();
        AtomicLong progress = new AtomicLong();
        FutureTask<T> task = new FutureTask<>(() -> {
            beforeOpen.run();
            FileChannel in = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            try (in) {
                opened.set(true);
                if (abandoned.get()) {
                    return null; // the caller gave up while this open blocked: close it unread
                }
                // a pipe or socket swapped in after the check cannot seek; a regular file can
                in.position(0);
                BasicFileAttributes after = Files.readAttributes(source, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (!after.isRegularFile() || !Objects.equals(before.fileKey(), after.fileKey())) {
                    throw new NotRegularFileException(source, "was replaced while being opened; not read");
                }
                progress.incrementAndGet();
                return work.run(in, progress);
            }
        });
        Thread thread = new Thread(task, "mifsync-read " + source.getFileName());
        thread.setDaemon(true);
        thread.start();
        long seen = -1;
        long lastMove = System.nanoTime();
        while (true) {
            try {
                return task.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                long now = System.nanoTime();
                long p = progress.get();
                if (p != seen) {
                    seen = p;
                    lastMove = now;
                } else if (now - lastMove >= stallTimeout.toNanos()) {
                    abandoned.set(true);
                    thread.interrupt(); // an interruptible channel closes, and the read ends
                    if (!opened.get()) {
                        releaseOpen(source);
                        throw new IOException(source + ": could not be opened within " + stallTimeout.toMillis()
                                + " ms (a FIFO or device put in its place, or a stalled share); not read");
                    }
                    throw new IOException(source + ": reading stalled for " + stallTimeout.toMillis()
                            + " ms (a stalled share?); not read");
                }
            } catch (InterruptedException e) {
                abandoned.set(true);
                thread.interrupt();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading " + source);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IOException(source + ": " + cause, cause);
            }
        }
    }

    /**
     * Lets an open blocked on a FIFO return: opening it for writing completes the rendezvous. Runs
     * on a daemon thread of its own, since this open too could block if the FIFO changed again.
     */
    private static void releaseOpen(Path source) {
        Thread releaser = new Thread(() -> {
            try {
                BasicFileAttributes attrs = Files.readAttributes(source, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attrs.isOther()) {
                    FileChannel.open(source, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS).close();
                }
            } catch (IOException | RuntimeException e) {
                // best effort: at worst the blocked open stays on its daemon thread
            }
        }, "mifsync-release " + source.getFileName());
        releaser.setDaemon(true);
        releaser.start();
    }
}
