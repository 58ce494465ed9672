package org.mifsync.resync.files;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a test main class in a JVM of its own, on this test's class path. */
final class ChildJvm {

    private ChildJvm() {
    }

    static Process start(Class<?> main, Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // a quick start matters more than peak speed: dozens of these are started and killed
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
                .start();
    }

    /** Waits for the child to print {@code line} on its standard output. */
    static void awaitLine(Process process, String line, Duration timeout) throws IOException, InterruptedException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        Thread reader = Thread.currentThread();
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    reader.interrupt();
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                // the line came in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            String got;
            while ((got = out.readLine()) != null) {
                if (got.equals(line)) {
                    return;
                }
            }
            throw new IOException("child ended (exit " + process.waitFor() + ") without printing '" + line + "'");
        } finally {
            watchdog.interrupt();
        }
    }
}
