package org.mifsync.cli;

import java.io.PrintWriter;

import org.mifsync.mif.TextEscapes;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long work: a progress bar (on standard error) when standard output is a terminal,
 * plain lines on standard output otherwise, so that logs and pipes stay readable.
 */
final class Progress implements AutoCloseable {

    private final ProgressBar bar;
    private final PrintWriter plain;
    private final String task;

    private Progress(String task, long total, PrintWriter out) {
        this.task = task;
        if (System.console() != null) {
            this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).build();
            this.plain = null;
        } else {
            this.bar = null;
            this.plain = out;
        }
    }

    /** Starts showing progress of {@code total} steps (0 when unknown). */
    static Progress start(String task, long total, PrintWriter out) {
        return new Progress(task, total, out);
    }

    /** One step done; {@code what} names it (a file, a client), as it is: it is escaped here. */
    void step(String what) {
        String shown = TextEscapes.forDisplay(what);
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(shown);
        } else {
            plain.println(task + ": " + shown);
            plain.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
