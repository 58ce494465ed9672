package org.mifsync.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/**
 * Java serialization of a value and back, through real object streams: what happens to an
 * exception sent to another JVM or written to a file. (mif-grammar's tests, below this kit, keep a
 * copy of these few lines.)
 */
public final class Serialization {

    private Serialization() {
    }

    /**
     * Writes the value with an {@link ObjectOutputStream} and reads it back with an {@link
     * ObjectInputStream}.
     *
     * @param <T> the value's type
     * @param value the value
     * @return the copy read back
     * @throws UncheckedIOException if the value (or anything it holds) is not serializable
     */
    @SuppressWarnings("unchecked")
    public static <T> T roundTrip(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
