package org.mifsync.resync.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** Buffered writing of records to a channel; the caller flushes before forcing. */
final class RecordOutput {

    private final WritableByteChannel channel;
    private final ByteBuffer buffer;

    RecordOutput(WritableByteChannel channel) {
        this(channel, 1 << 20);
    }

    RecordOutput(WritableByteChannel channel, int bufferSize) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocate(bufferSize);
    }

    void write(byte[] b, int off, int length) throws IOException {
        if (buffer.remaining() < length) {
            flush();
        }
        if (length > buffer.capacity()) {
            ByteBuffer whole = ByteBuffer.wrap(b, off, length);
            while (whole.hasRemaining()) {
                channel.write(whole);
            }
            return;
        }
        buffer.put(b, off, length);
    }

    void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }
}
