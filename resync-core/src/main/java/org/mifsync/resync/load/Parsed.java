package org.mifsync.resync.load;

import java.util.List;
import org.mifsync.resync.report.ClientReport;

/**
 * A file's reports, ready to decide, with what its Identification group left out and the size of
 * the file they were read from.
 */
record Parsed(Claim claim, List<ClientReport> reports, List<String> identityWarnings, long bytes) {

    /** The same reports, the file now under another claim (renamed). */
    Parsed as(Claim claimed) {
        return new Parsed(claimed, reports, identityWarnings, bytes);
    }
}
