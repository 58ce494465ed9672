package org.mifsync.resync.load;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.mifsync.resync.compare.Decision;
import org.mifsync.resync.store.Outcome;

/**
 * What the workers of one pass did, gathered for its summary; the listener hears each finished file,
 * one call at a time. The first reason to stop stops every worker.
 *
 * <p>Thread-safe.
 */
final class Tally {

    private final Consumer<Loader.FileResult> listener;
    private final List<Loader.FileResult> results = new ArrayList<>();
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    private final List<String> problems = new ArrayList<>();
    private int requestsMade;
    private int badFiles;
    private int leftToOthers;
    private volatile String stoppedBy;

    Tally(Consumer<Loader.FileResult> listener) {
        this.listener = listener;
    }

    synchronized void finished(Loader.FileResult result) {
        results.add(result);
        listener.accept(result);
    }

    synchronized void count(List<Decision> decisions) {
        for (Decision decision : decisions) {
            counts.merge(decision.outcome(), 1, Integer::sum);
            if (decision.madeRequest()) {
                requestsMade++;
            }
        }
    }

    synchronized void setAside() {
        badFiles++;
        counts.merge(Outcome.BAD_MIF, 1, Integer::sum);
    }

    synchronized void problem(String text) {
        problems.add(text);
    }

    synchronized void problems(List<String> texts) {
        problems.addAll(texts);
    }

    synchronized void leftToOthers(int files) {
        leftToOthers += files;
    }

    /** Stops the pass, unless it was stopped already (the first reason is kept). */
    synchronized void stop(String why) {
        if (stoppedBy == null) {
            stoppedBy = why;
        }
    }

    boolean stopped() {
        return stoppedBy != null;
    }

    Optional<String> stoppedBy() {
        return Optional.ofNullable(stoppedBy);
    }

    synchronized Loader.Summary summary() {
        return new Loader.Summary(results, counts, requestsMade, badFiles, stoppedBy(), problems, leftToOthers);
    }
}
