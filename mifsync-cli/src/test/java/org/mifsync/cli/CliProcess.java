package org.mifsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs mifsync in a JVM of its own, as users do; a command that does not end in a minute fails the test. */
final class CliProcess {

    /** What a run printed and how it ended. */
    record Run(int exit, String out, String err) { }

    private CliProcess() {
    }

    /** Runs {@code mifsync ARGS} in the directory; output goes through files, so a hung command cannot block the test. */
    static Run mifsync(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        p.getOutputStream().close();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        assertThat(ended).as("mifsync %s ended; its errors: %s", args, Files.readString(err)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
