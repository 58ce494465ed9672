package org.mifsync.resync.collect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A collector in a JVM of its own, for the crash test: {@code [--once] [--paced] [--halt-at STEP]
 * inbox root...}; prints {@code started} once it holds the inbox and {@code step STEP} after each step
 * of a batch, and collects the roots again and again (agents keep dropping files) until killed, or
 * once with {@code --once}. With {@code --paced} it waits after each step for a line on its standard
 * input, so that the parent can kill it between two steps of a batch whatever the machine's speed.
 * With {@code --halt-at} it stops dead (no finally block, no shutdown hook, exit code 137) right
 * after that step of its first batch.
 */
public final class CollectorProcess {

    private CollectorProcess() {
    }

    public static void main(String[] args) throws Exception {
        int first = 0;
        boolean once = false;
        boolean paced = false;
        Collector.Step haltAt = null;
        while (args[first].startsWith("--")) {
            if (args[first].equals("--once")) {
                once = true;
                first++;
            } else if (args[first].equals("--paced")) {
                paced = true;
                first++;
            } else {
                haltAt = Collector.Step.valueOf(args[first + 1]);
                first += 2;
            }
        }
        Path inbox = Path.of(args[first]);
        List<Path> roots = new ArrayList<>();
        for (int i = first + 1; i < args.length; i++) {
            roots.add(Path.of(args[i]));
        }
        Collector.Step halt = haltAt;
        BufferedReader parent = paced ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII))
                : null;
        Collector collector = Collector.builder(inbox).clock(Clock.systemUTC()).afterStep(step -> {
            if (step == halt) {
                Runtime.getRuntime().halt(137);
            }
            // the crash test kills after a step, so that progress, not wall time, places the kill
            System.out.println("step " + step);
            System.out.flush();
            if (parent != null) {
                try {
                    parent.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }).build();
        System.out.println("started");
        System.out.flush();
        do {
            collector.collect(roots);
        } while (!once);
    }
}
