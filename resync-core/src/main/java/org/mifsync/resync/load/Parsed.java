package org.mifsync.resync.load;

import java.util.List;
import org.mifsync.mif.Diagnostic;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ObjectReport;

/**
 * A file's reports, ready to decide: a client's, with what its Identification group left out, or
 * a custom object's (an IDMIF of another architecture); and the size of the file they were read from.
 */
record Parsed(Claim claim, List<ClientReport> reports, List<Diagnostic> identityWarnings, long bytes,
        List<ObjectReport> objects) {
}
