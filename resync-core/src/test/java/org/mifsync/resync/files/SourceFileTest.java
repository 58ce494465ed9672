package org.mifsync.resync.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading files a client controls: only regular files, bounded, never blocked by a FIFO. */
class SourceFileTest {

    @TempDir
    Path dir;

    @AfterEach
    void noSeam() {
        SourceFile.beforeOpen = () -> { };
    }

    static void mkfifo(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("mkfifo %s", path).isZero();
    }

    @Test
    void aFifoSwappedInBetweenTheCheckAndTheOpenIsGivenUpAfterTheStallTimeout() throws Exception {
        Path file = Files.writeString(dir.resolve("R.MIF"), "a report");
        // the race the check alone cannot close: the file is a regular one when checked, a FIFO when opened
        SourceFile.beforeOpen = () -> {
            try {
                Files.delete(file);
                mkfifo(file);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };

        assertThatThrownBy(() -> SourceFile.copy(file, dir.resolve("copy"), 1024, Duration.ofMillis(500)))
                .isInstanceOf(IOException.class).hasMessageContaining("could not be opened within 500 ms");

        SourceFile.beforeOpen = () -> { };
        // the FIFO itself is refused at once, before any open
        assertThatThrownBy(() -> SourceFile.read(file, 1024, Duration.ofSeconds(30)))
                .isInstanceOf(SourceFile.NotRegularFileException.class).hasMessageContaining("FIFO");
        // and a regular file in its place is read again
        Files.delete(file);
        Files.writeString(file, "a report");
        assertThat(new String(SourceFile.read(file, 1024, Duration.ofSeconds(30)).bytes(), StandardCharsets.UTF_8))
                .isEqualTo("a report");
    }

    @Test
    void aLinkIsNeverFollowed() throws Exception {
        Path target = Files.writeString(dir.resolve("secret"), "not yours");
        Path link = Files.createSymbolicLink(dir.resolve("L.MIF"), target);

        assertThatThrownBy(() -> SourceFile.copy(link, dir.resolve("copy"), 1024, Duration.ofSeconds(30)))
                .isInstanceOf(SourceFile.NotRegularFileException.class).hasMessageContaining("symbolic link");
        assertThat(dir.resolve("copy")).doesNotExist();
    }

    @Test
    void aFileOverTheLimitIsCopiedOnlyToTheLimitPlusOneAndNotReadAtAll() throws Exception {
        Path big = dir.resolve("BIG.MIF");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(100L << 30); // 100 GB, sparse
        }

        SourceFile.Extent copied = SourceFile.copy(big, dir.resolve("copy"), 4096, Duration.ofSeconds(30));
        SourceFile.Content read = SourceFile.read(big, 4096, Duration.ofSeconds(30));

        assertThat(copied.tooLarge()).isTrue();
        assertThat(copied.size()).isEqualTo(100L << 30);
        assertThat(Files.size(dir.resolve("copy"))).isEqualTo(4097);
        assertThat(SourceFile.sameAs(big, dir.resolve("copy"), 4096, Duration.ofSeconds(30))).isTrue();
        assertThat(read.bytes()).isNull();
        assertThat(read.extent().size()).isEqualTo(100L << 30);
    }
}
