package org.mifsync.resync.load;

import java.util.List;
import org.mifsync.resync.store.Outcome;

/** What reading a file gave, or what its listing already said about it. */
sealed interface Read {

    /** Its reports. */
    record Reports(Parsed parsed) implements Read {
    }

    /**
     * Not a report: {@link Outcome#BAD_MIF} (set aside in {@code BADMIFS} with the errors), or
     * {@link Outcome#NOIDMIF} or {@link Outcome#FOREIGN_ARCHITECTURE} (archived under that reason).
     * The errors are the lines of the {@code .err} file and the load log, as printed: a parser's or
     * reader's {@code Diagnostic} printed {@code file:line:col: message}, or a sentence about a file
     * that could not be read at all.
     */
    record Unusable(Outcome outcome, List<String> errors) implements Read {
    }

    /** Gone since the listing. */
    record Gone() implements Read {
    }

    /** The thread waiting for the read was interrupted. */
    record Interrupted() implements Read {
    }
}
