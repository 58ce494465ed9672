package org.mifsync.resync.files;

import static org.mifsync.resync.files.RecordFormat.LENGTH;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.SmsId;

/**
 * Binary search for one SMSID in {@code RESYNC.CFG} by positioned reads, without reading the file.
 *
 * <p>The search works on byte positions, not record numbers, so that a damaged stretch (a record
 * one byte short shifts every record after it) does not defeat it: a probe at any position moves
 * to the next line start (the byte after an LF) and from there to the next good record, skipping
 * damaged lines — the neighbourhood scan. Lines, damage and duplicates are judged exactly as the
 * linear reader judges them, so on any file whose good records are in order the two agree.
 *
 * <p>Invariants of the loop: every good record starting before {@code lo} has an SMSID below the
 * target; the first good record at or after {@code hi} has an SMSID at or above it (or there is
 * none). The final forward scan from {@code lo} therefore meets every record of the target.
 */
final class RecordSearch {

    private static final int WINDOW = 1024;

    /** A line of the file; {@code record} is its 48 bytes when it is a good record, else null. */
    private record Line(long start, long end, byte[] record) {
    }

    private final FileChannel channel;
    private final long size;
    private final byte[] window = new byte[WINDOW];
    private final ByteBuffer buffer = ByteBuffer.wrap(window);
    private long windowStart = -1;
    private int windowLength;
    private int reads;
    private long stretchStart;
    private Line stretchEnd;

    RecordSearch(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
    }

    /** How many positioned reads the searches have made; for tests of the "never read it all" promise. */
    int reads() {
        return reads;
    }

    List<ResyncEntry> find(SmsId id) throws IOException {
        byte[] target = id.value().getBytes(StandardCharsets.US_ASCII);
        long headerEnd = lineEndAfter(0);
        long lo = headerEnd;
        long hi = size;
        while (hi - lo > 2L * LENGTH) {
            long mid = lo + (hi - lo) / 2;
            Line probe = firstGoodAtOrAfter(mid, headerEnd);
            if (probe == null || compareId(probe.record, target) >= 0) {
                hi = mid;
            } else {
                lo = probe.end;
            }
        }
        List<ResyncEntry> found = new ArrayList<>(2);
        InventoryKind lastKind = null;
        long at = nextLineStart(lo, headerEnd);
        while (at < size) {
            Line line = lineAt(at);
            if (line == null) {
                break;
            }
            at = line.end;
            if (line.record == null) {
                continue;
            }
            int c = compareId(line.record, target);
            if (c < 0) {
                continue;
            }
            if (c > 0) {
                break;
            }
            InventoryKind kind = RecordFormat.kindOf(line.record, 0);
            // the linear reader keeps the first of a duplicate key and skips a kind out of order
            if (lastKind != null && kind.compareTo(lastKind) <= 0) {
                continue;
            }
            lastKind = kind;
            found.add(RecordFormat.decode(line.record, 0));
        }
        return found;
    }

    private static int compareId(byte[] record, byte[] target) {
        return Arrays.compareUnsigned(record, 0, RecordFormat.SMSID_LENGTH, target, 0, target.length);
    }

    private Line firstGoodAtOrAfter(long position, long headerEnd) throws IOException {
        // every position in a damaged stretch already crossed leads to the same good record
        if (stretchEnd != null && position >= stretchStart && position <= stretchEnd.start) {
            return stretchEnd;
        }
        long at = nextLineStart(position, headerEnd);
        long first = at;
        while (at < size) {
            Line line = lineAt(at);
            if (line == null) {
                return null;
            }
            if (line.record != null) {
                if (line.start - first > 2L * LENGTH) {
                    stretchStart = position;
                    stretchEnd = line;
                }
                return line;
            }
            at = line.end;
        }
        return null;
    }

    /** The first line start at or after {@code position}: the position itself if an LF precedes it. */
    private long nextLineStart(long position, long headerEnd) throws IOException {
        if (position <= headerEnd) {
            return headerEnd;
        }
        return lineEndAfter(position - 1);
    }

    /** The position after the first LF at or after {@code position}, or the size if there is none. */
    private long lineEndAfter(long position) throws IOException {
        long at = position;
        while (at < size) {
            int off = load(at);
            for (int i = off; i < windowLength; i++) {
                if (window[i] == '\n') {
                    return windowStart + i + 1;
                }
            }
            at = windowStart + windowLength;
        }
        return size;
    }

    /** The line starting at {@code start}, or null if the file ends before its LF (a partial record). */
    private Line lineAt(long start) throws IOException {
        int off = load(start);
        int available = windowLength - off;
        if (available < LENGTH && windowStart + windowLength < size) {
            off = reload(start);
            available = windowLength - off;
        }
        for (int i = off; i < windowLength; i++) {
            if (window[i] == '\n') {
                int length = i + 1 - off;
                byte[] record = null;
                if (RecordFormat.check(window, off, length, true) == null) {
                    record = Arrays.copyOfRange(window, off, off + LENGTH);
                }
                return new Line(start, start + length, record);
            }
        }
        long end = lineEndAfter(windowStart + windowLength);
        if (end == size && (size == 0 || !endsWithLf())) {
            return null;
        }
        return new Line(start, end, null);
    }

    private boolean endsWithLf() throws IOException {
        int off = load(size - 1);
        return window[off] == '\n';
    }

    /** Makes sure the window holds {@code position}; returns its offset in the window. */
    private int load(long position) throws IOException {
        if (windowStart >= 0 && position >= windowStart && position < windowStart + windowLength) {
            return (int) (position - windowStart);
        }
        return reload(position);
    }

    private int reload(long position) throws IOException {
        buffer.clear();
        int total = 0;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        reads++;
        windowStart = position;
        windowLength = total;
        return 0;
    }
}
