package org.mifsync.resync.files.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableFilesTest {

    @TempDir
    Path dir;

    private final List<Duration> sleeps = new ArrayList<>();

    /** A rename that is refused {@code refusals} times as Windows refuses it while a reader holds the file. */
    private DurableFiles.Mover refusing(int refusals, IOException refusal) {
        int[] left = {refusals};
        return (source, target) -> {
            if (left[0]-- > 0) {
                throw refusal;
            }
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        };
    }

    private DurableFiles writer(DurableFiles.Mover mover) {
        return new DurableFiles(mover, sleeps::add, 4, Duration.ofMillis(10));
    }

    private static DurableFiles.Content text(String text) {
        return channel -> channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }

    @Test
    void renameRefusedWhileTheTargetIsHeldIsRetriedWithDoublingDelays() throws Exception {
        Path target = dir.resolve("RESYNC.CFG");
        Files.writeString(target, "old");
        FileSystemException sharingViolation = new FileSystemException(target.toString(), null,
                "The process cannot access the file because it is being used by another process");

        writer(refusing(2, sharingViolation)).replace(target, text("new"));

        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(sleeps).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
        assertThat(files()).containsExactly(target);
    }

    @Test
    void accessDeniedIsRetriedToo() throws Exception {
        Path target = dir.resolve("RESYNC.CFG");
        writer(refusing(3, new AccessDeniedException(target.toString()))).replace(target, text("new"));
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(sleeps).hasSize(3);
    }

    @Test
    void givingUpLeavesTheOldFileAndNoTemporary() throws Exception {
        Path target = dir.resolve("RESYNC.CFG");
        Files.writeString(target, "old");

        assertThatThrownBy(() -> writer(refusing(99, new AccessDeniedException(target.toString())))
                .replace(target, text("new"))).isInstanceOf(AccessDeniedException.class);

        assertThat(sleeps).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40));
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(files()).containsExactly(target);
    }

    @Test
    void errorsThatWaitingCannotHealAreNotRetried() throws Exception {
        Path target = dir.resolve("RESYNC.CFG");
        assertThatThrownBy(() -> writer(refusing(1, new NoSuchFileException(target.toString())))
                .replace(target, text("new"))).isInstanceOf(NoSuchFileException.class);
        assertThat(sleeps).isEmpty();
        assertThat(files()).isEmpty();
    }

    @Test
    void interruptedRetryStopsWithTheInterruptKept() throws Exception {
        Path target = dir.resolve("RESYNC.CFG");
        DurableFiles writer = new DurableFiles(refusing(5, new AccessDeniedException("x")), d -> {
            throw new InterruptedException();
        }, 4, Duration.ofMillis(10));
        try {
            assertThatThrownBy(() -> writer.replace(target, text("new"))).isInstanceOf(InterruptedIOException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(files()).isEmpty();
    }

    @Test
    void failingContentLeavesTheOldFileAndNoTemporary() throws Exception {
        Path target = dir.resolve("RESYNC.CFG");
        Files.writeString(target, "old");
        assertThatThrownBy(() -> DurableFiles.standard().replace(target, channel -> {
            channel.write(ByteBuffer.wrap("half".getBytes(StandardCharsets.US_ASCII)));
            throw new IOException("disk full");
        })).hasMessage("cannot write " + target + ": disk full");
        assertThat(Files.readString(target)).isEqualTo("old");
        assertThat(files()).containsExactly(target);
    }

    @Test
    void temporaryNamesAreRecognisedPerTarget() {
        assertThat(DurableFiles.isTemporaryOf(".RESYNC.CFG.k3j2.tmp", "RESYNC.CFG")).isTrue();
        assertThat(DurableFiles.isTemporaryOf(".RESYNC.CFG.tmp", "RESYNC.CFG")).isFalse();
        assertThat(DurableFiles.isTemporaryOf(".ABC00001.CFG.k3j2.tmp", "RESYNC.CFG")).isFalse();
        assertThat(DurableFiles.isTemporaryOf("RESYNC.CFG.k3j2.tmp", "RESYNC.CFG")).isFalse();
    }
}
