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
 * What the workers of one pass did, gathered for its report; the listener hears each finished file,
 * one call at a time. The first reason to stop stops every worker.
 *
 * <p>Thread-safe.
 */
final class Tally {

    private final Consumer<Loader.FileDecision> listener;
    private final List<Loader.FileDecision> results = new ArrayList<>();
    private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    private final List<String> problems = new ArrayList<>();
    private int requestsMade;
    private int badFiles;
    private int leftToOthers;
    private volatile Loader.StopReason stopReason = Loader.StopReason.FINISHED;
    private String stoppedBy;

    Tally(Consumer<Loader.FileDecision> listener) {
        this.listener = listener;
    }

    synchronized void finished(Loader.FileDecision result) {
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

    /**
     * Stops the pass, unless it was stopped already (the first reason is kept).
     *
     * @param reason why, never {@link Loader.StopReason#FINISHED}
     * @param why the same for people, naming what failed
     */
    synchronized void stop(Loader.StopReason reason, String why) {
        if (stopReason == Loader.StopReason.FINISHED) {
            stoppedBy = why;
            stopReason = reason;
        }
    }

    /** Stops the pass because its caller asked it to (or interrupted its thread). */
    void stopRequested(boolean interrupted) {
        stop(Loader.StopReason.STOP_REQUESTED, interrupted ? Loader.STOP_MESSAGE + " (interrupted)" : Loader.STOP_MESSAGE);
    }

    boolean stopped() {
        return stopReason != Loader.StopReason.FINISHED;
    }

    synchronized Loader.Report report() {
        return new Loader.Report(results, counts, requestsMade, badFiles, stopReason, Optional.ofNullable(stoppedBy),
                problems, leftToOthers);
    }
}
