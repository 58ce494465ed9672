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
