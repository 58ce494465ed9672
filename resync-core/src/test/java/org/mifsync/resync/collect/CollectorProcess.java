package org.mifsync.resync.collect;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A collector in a JVM of its own, for the crash test: {@code [--once] [--halt-at STEP] inbox
 * root...}; prints {@code started} once it holds the inbox and {@code step STEP} after each step of a
 * batch, and collects the roots again and again
 * (agents keep dropping files) until killed, or once with {@code --once}. With {@code --halt-at} it
 * stops dead (no finally block, no shutdown hook, exit code 137) right after that step of its first
 * batch.
 */
public final class CollectorProcess {

    private CollectorProcess() {
    }

    public static void main(String[] args) throws Exception {
        int first = 0;
        boolean once = false;
        Collector.Step haltAt = null;
        while (args[first].startsWith("--")) {
            if (args[first].equals("--once")) {
                once = true;
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
        Collector collector = Collector.builder(inbox).clock(Clock.systemUTC()).afterStep(step -> {
            if (step == halt) {
                Runtime.getRuntime().halt(137);
            }
            // the crash test kills after a step, so that progress, not wall time, places the kill
            System.out.println("step " + step);
            System.out.flush();
        }).build();
        System.out.println("started");
        System.out.flush();
        do {
            collector.collect(roots);
        } while (!once);
    }
}
