package org.mifsync.resync.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock that serialises read-modify-write of one file across threads and processes: an
 * exclusive {@link FileLock} on {@code <target>.lock} next to the target, taken after a JVM-wide
 * lock for the same file (a JVM cannot hold two overlapping file locks, so threads must queue
 * before the file lock). The lock file is never deleted: deleting it would let two writers lock
 * two different files of the same name.
 */
final class TargetLock implements AutoCloseable {

    static final String SUFFIX = ".lock";

    private static final ConcurrentMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final FileChannel channel;
    private final ReentrantLock jvmLock;
    private final FileLock fileLock;

    private TargetLock(FileChannel channel, ReentrantLock jvmLock, FileLock fileLock) {
        this.channel = channel;
        this.jvmLock = jvmLock;
        this.fileLock = fileLock;
    }

    static Path lockFileOf(Path target) {
        return target.resolveSibling(target.getFileName() + SUFFIX);
    }

    /** Blocks until this thread holds the lock of {@code target}. */
    static TargetLock acquire(Path target) throws IOException {
        Path lockFile = lockFileOf(target);
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        ReentrantLock jvmLock = null;
        try {
            jvmLock = IN_JVM.computeIfAbsent(lockFile.toRealPath(), p -> new ReentrantLock());
            jvmLock.lockInterruptibly();
            FileLock fileLock;
            try {
                fileLock = channel.lock();
            } catch (IOException | RuntimeException e) {
                jvmLock.unlock();
                throw e;
            }
            return new TargetLock(channel, jvmLock, fileLock);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new java.io.InterruptedIOException("interrupted while waiting for the lock " + lockFile);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            fileLock.release();
        } finally {
            try {
                channel.close();
            } finally {
                jvmLock.unlock();
            }
        }
    }
}
