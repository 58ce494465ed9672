package org.mifsync.resync.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.SmsId;

/**
 * One row of the load log: what was decided about a report (or noted beside it), why and when.
 * Fields that an unreadable file does not have are empty.
 *
 * <p>Immutable and thread-safe.
 *
 * @param smsId the client, if known
 * @param kind the kind, if known
 * @param version the report's version text, if known
 * @param contentHash the report's content hash, if known
 * @param outcome the decision or note
 * @param detail a sentence for people: why, what changed
 * @param source the file the report came from, if any
 * @param loggedAt when
 * @since 0.1
 */
public record LoadLogEntry(Optional<SmsId> smsId, Optional<InventoryKind> kind, Optional<String> version,
        Optional<String> contentHash, Outcome outcome, String detail, Optional<String> source, Instant loggedAt) {

    /**
     * Validates the fields.
     *
     * @param smsId the client, if known
     * @param kind the kind, if known
     * @param version the version text, if known
     * @param contentHash the content hash, if known
     * @param outcome the decision or note
     * @param detail why, for people
     * @param source the file, if any
     * @param loggedAt when
     */
    public LoadLogEntry {
        Objects.requireNonNull(smsId, "SMSID");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(contentHash, "content hash");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(loggedAt, "log time");
    }

    /**
     * Returns the entry for a report with a known identity, read from a file.
     *
     * @param report the report's identity
     * @param outcome the decision or note
     * @param detail why, for people
     * @param source the file
     * @param loggedAt when
     * @return the entry
     */
    public static LoadLogEntry of(ReportIdentity report, Outcome outcome, String detail, String source,
            Instant loggedAt) {
        return of(report, outcome, detail, Optional.of(Objects.requireNonNull(source, "source")), loggedAt);
    }

    /**
     * Returns the entry for a report with a known identity that came from no file.
     *
     * @param report the report's identity
     * @param outcome the decision or note
     * @param detail why, for people
     * @param loggedAt when
     * @return the entry
     */
    public static LoadLogEntry of(ReportIdentity report, Outcome outcome, String detail, Instant loggedAt) {
        return of(report, outcome, detail, Optional.empty(), loggedAt);
    }

    private static LoadLogEntry of(ReportIdentity report, Outcome outcome, String detail, Optional<String> source,
            Instant loggedAt) {
        return new LoadLogEntry(Optional.of(report.smsId()), Optional.of(report.kind()), Optional.of(report.version()),
                Optional.of(report.contentHash()), outcome, detail, source, loggedAt);
    }
}
