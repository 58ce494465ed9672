package org.mifsync.resync.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Splits a byte channel into lines ending in LF, streaming, without decoding. A line longer than
 * the buffer is still counted and reported with its length, but its content is not kept: such a
 * line is damaged anyway.
 */
final class LineReader {

    /** Receives each line in order. */
    interface Sink {
        /**
         * One line.
         *
         * @param number 0-based line number
         * @param b the buffer
         * @param off where the line starts in {@code b}
         * @param kept how many bytes of the line are in {@code b} (all, unless the line was overlong)
         * @param length the whole length of the line, including its LF if any
         * @param terminated false only for bytes after the last LF
         */
        void line(long number, byte[] b, int off, int kept, long length, boolean terminated) throws IOException;
    }

    static final int DEFAULT_BUFFER = 1 << 20;

    private LineReader() {
    }

    static long read(ReadableByteChannel channel, Sink sink) throws IOException {
        return read(channel, sink, DEFAULT_BUFFER);
    }

    /** Returns the number of lines reported. */
    static long read(ReadableByteChannel channel, Sink sink, int bufferSize) throws IOException {
        byte[] b = new byte[bufferSize];
        ByteBuffer buffer = ByteBuffer.wrap(b);
        int start = 0; // first byte of the current line still in the buffer
        int scan = 0; // next byte to look at for LF
        int limit = 0; // end of the bytes read
        long dropped = 0; // bytes of the current line already discarded (overlong line)
        long number = 0;
        while (true) {
            while (scan < limit) {
                if (b[scan++] == '\n') {
                    int inBuffer = scan - start;
                    sink.line(number++, b, start, dropped > 0 ? 0 : inBuffer, dropped + inBuffer, true);
                    dropped = 0;
                    start = scan;
                }
            }
            if (start == limit) {
                start = 0;
                scan = 0;
                limit = 0;
            } else if (start > 0) {
                System.arraycopy(b, start, b, 0, limit - start);
                limit -= start;
                scan = limit;
                start = 0;
            } else if (limit == b.length) {
                // the whole buffer is one line without an end: keep counting, drop the content
                dropped += limit;
                start = 0;
                scan = 0;
                limit = 0;
            }
            buffer.limit(b.length).position(limit);
            int n = channel.read(buffer);
            if (n < 0) {
                break;
            }
            limit += n;
        }
        if (limit > start || dropped > 0) {
            int inBuffer = limit - start;
            sink.line(number++, b, start, dropped > 0 ? 0 : inBuffer, dropped + inBuffer, false);
        }
        return number;
    }
}
