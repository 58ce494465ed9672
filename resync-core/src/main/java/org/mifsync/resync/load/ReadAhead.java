package org.mifsync.resync.load;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.mifsync.resync.store.Outcome;

/**
 * Reads files on threads of their own, in the order a deciding thread will want them, a few ahead
 * of it: parsing the next reports overlaps the store's work on the current one. What is read ahead
 * is bounded by a number of files and of bytes (at least one file), so memory stays bounded as the
 * window bounds it.
 *
 * <p>Not thread-safe: one deciding thread takes from it.
 */
final class ReadAhead {

    private final Iterator<Claim> toRead;
    private final Function<Claim, Read> read;
    private final ExecutorService readers;
    private final int maxFiles;
    private final long maxBytes;
    private final ArrayDeque<Map.Entry<Claim, Future<Read>>> ahead = new ArrayDeque<>();
    private long aheadBytes;

    /**
     * Starts reading.
     *
     * @param order the files, in the order they will be taken
     * @param read what reading one file is; must not throw
     * @param readers the threads that read
     * @param maxFiles the most files read ahead
     * @param maxBytes the most bytes of files read ahead (one file at least)
     */
    ReadAhead(List<Claim> order, Function<Claim, Read> read, ExecutorService readers, int maxFiles, long maxBytes) {
        this.toRead = order.iterator();
        this.read = read;
        this.readers = readers;
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
        fill();
    }

    /**
     * Returns what reading the next file in the order gave.
     *
     * @param claim that file, as the order named it
     * @return what reading it gave
     * @throws IllegalStateException if it is not the next file in the order
     */
    Read take(Claim claim) {
        Map.Entry<Claim, Future<Read>> next = ahead.poll();
        if (next == null || !next.getKey().equals(claim)) {
            throw new IllegalStateException("files taken out of the order they were read in: " + claim.shown());
        }
        aheadBytes -= claim.size();
        fill();
        try {
            return next.getValue().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Read.Interrupted();
        } catch (ExecutionException e) {
            // reading keeps every failure of the file in its result; this is one of the thread itself
            return new Read.Unusable(Outcome.BAD_MIF, List.of(claim.shown() + ": cannot be read as a report: "
                    + e.getCause()));
        }
    }

    /** Stops reading what was not taken. */
    void cancel() {
        ahead.forEach(e -> e.getValue().cancel(true));
        ahead.clear();
    }

    private void fill() {
        while (toRead.hasNext() && ahead.size() < maxFiles && (ahead.isEmpty() || aheadBytes < maxBytes)) {
            Claim claim = toRead.next();
            aheadBytes += claim.size();
            ahead.add(Map.entry(claim, readers.submit(() -> read.apply(claim))));
        }
    }
}
