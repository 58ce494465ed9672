package org.mifsync.resync.collect;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * A collector in a JVM of its own, for the crash test: {@code inbox root...}; prints {@code started}
 * once it holds the inbox, then collects the roots again and again (agents keep dropping files)
 * until killed, or once with {@code --once}.
 */
public final class CollectorProcess {

    private CollectorProcess() {
    }

    public static void main(String[] args) throws Exception {
        boolean once = args[0].equals("--once");
        int first = once ? 1 : 0;
        Path inbox = Path.of(args[first]);
        List<Path> roots = new ArrayList<>();
        for (int i = first + 1; i < args.length; i++) {
            roots.add(Path.of(args[i]));
        }
        Collector collector = Collector.builder(inbox).clock(Clock.systemUTC()).build();
        System.out.println("started");
        System.out.flush();
        do {
            collector.collect(roots);
        } while (!once);
    }
}
