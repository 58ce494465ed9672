package org.mifsync.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One inventory report of one client and kind, as the loader weighs it against the store.
 *
 * <p>Design: the content is a {@link ReportContent}, a complete {@link Inventory} for {@link
 * ReportType#FULL FULL} and {@link ReportType#RESYNC RESYNC} reports and an {@link
 * InventoryDelta} for {@link ReportType#DELTA DELTA} reports; the type and the content must
 * agree. Versions follow the client's numbering: complete reports are {@code N.0},
 * deltas {@code N.m} with {@code m >= 1}. Only a resync report may name the request it answers
 * ({@code //ResyncRequest<yyyymmddhhmmss>}); that time is kept in whole seconds, as the request
 * files carry it. A resync report may also answer no request (the agent's {@code /F}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param client the reporting client
 * @param kind hardware or software
 * @param type full, delta or resync
 * @param version the client's version of this report
 * @param generatedAt when the client made the report ({@code //ReportTime}, or the file time)
 * @param answersRequest the request time a resync report answers, whole seconds
 * @param content the complete inventory or the delta
 * @since 0.1
 */
public record InventoryReport(SmsId client, InventoryKind kind, ReportType type, ReportVersion version,
        Instant generatedAt, Optional<Instant> answersRequest, ReportContent content) {

    /**
     * Validates the report.
     *
     * @param client the reporting client
     * @param kind hardware or software
     * @param type full, delta or resync
     * @param version the client's version of this report
     * @param generatedAt when the client made the report ({@code //ReportTime}, or the file time)
     * @param answersRequest the request time a resync report answers, whole seconds
     * @param content the complete inventory or the delta
     * @throws InvalidValueException if a field is null, the content does not match the type, the
     *     version does not match the type, or a report that is not a resync names a request
     */
    public InventoryReport {
        Check.notNull("client", client);
        Check.notNull("inventory kind", kind);
        Check.notNull("report type", type);
        Check.notNull("report version", version);
        Check.notNull("generation time", generatedAt);
        Check.notNull("answered request", answersRequest);
        Check.notNull("report content", content);
        String what = type + " report " + version + " of " + client + " " + kind;
        if (type.isComplete() && !(content instanceof Inventory)) {
            throw Check.invalid("report content", what + " must carry a complete inventory, found a delta");
        }
        if (!type.isComplete() && !(content instanceof InventoryDelta)) {
            throw Check.invalid("report content", what + " must carry a delta, found a complete inventory");
        }
        if (type.isComplete() && version.minor() != 0) {
            throw Check.invalid("report version", what + " must have a version N.0, as complete reports start a"
                    + " new major version");
        }
        if (!type.isComplete() && version.minor() == 0) {
            throw Check.invalid("report version", what + " must have a minor version of 1 or more, as N.0 is the"
                    + " complete report a delta follows");
        }
        if (answersRequest.isPresent() && type != ReportType.RESYNC) {
            throw Check.invalid("answered request", what + " names request time " + answersRequest.get()
                    + ", but only a RESYNC report answers a request");
        }
        answersRequest = answersRequest.map(t -> Check.fileTime("answered request", t));
    }

    /**
     * Returns a full report: a complete inventory sent on the client's own account.
     *
     * @param client the reporting client
     * @param kind hardware or software
     * @param version the version, {@code N.0}
     * @param generatedAt when the client made the report
     * @param inventory the complete inventory of that kind
     * @return the report
     * @throws InvalidValueException if a field is invalid
     */
    public static InventoryReport full(SmsId client, InventoryKind kind, ReportVersion version, Instant generatedAt,
            Inventory inventory) {
        return new InventoryReport(client, kind, ReportType.FULL, version, generatedAt, Optional.empty(), inventory);
    }

    /**
     * Returns a resync report: a complete inventory sent because the site asked.
     *
     * @param client the reporting client
     * @param kind hardware or software
     * @param version the version, {@code N.0}
     * @param generatedAt when the client made the report
     * @param answersRequest the request time it answers
     * @param inventory the complete inventory of that kind
     * @return the report
     * @throws InvalidValueException if a field is invalid
     */
    public static InventoryReport resync(SmsId client, InventoryKind kind, ReportVersion version, Instant generatedAt,
            Instant answersRequest, Inventory inventory) {
        return new InventoryReport(client, kind, ReportType.RESYNC, version, generatedAt,
                Optional.of(Objects.requireNonNull(answersRequest, "answered request")), inventory);
    }

    /**
     * Returns a resync report that answers no request (a resync the client chose to send, e.g. a
     * forced one).
     *
     * @param client the reporting client
     * @param kind HW or SW
     * @param version the version, {@code N.0}
     * @param generatedAt when the client made the report
     * @param inventory the complete inventory of that kind
     * @return the report
     * @throws InvalidValueException if a field is invalid
     */
    public static InventoryReport resync(SmsId client, InventoryKind kind, ReportVersion version, Instant generatedAt,
            Inventory inventory) {
        return new InventoryReport(client, kind, ReportType.RESYNC, version, generatedAt, Optional.empty(), inventory);
    }

    /**
     * Returns a delta report: the changes since the client's previous report of the kind.
     *
     * @param client the reporting client
     * @param kind hardware or software
     * @param version the version, {@code N.m} with {@code m >= 1}
     * @param generatedAt when the client made the report
     * @param delta the changes
     * @return the report
     * @throws InvalidValueException if a field is invalid
     */
    public static InventoryReport delta(SmsId client, InventoryKind kind, ReportVersion version, Instant generatedAt,
            InventoryDelta delta) {
        return new InventoryReport(client, kind, ReportType.DELTA, version, generatedAt, Optional.empty(), delta);
    }

    /**
     * Tells whether the report carries a complete inventory (full or resync).
     *
     * @return true for full and resync reports
     */
    public boolean isComplete() {
        return type.isComplete();
    }

    /**
     * Returns the complete inventory of a full or resync report.
     *
     * @return the inventory, or empty for a delta report
     */
    public Optional<Inventory> inventory() {
        return content instanceof Inventory inventory ? Optional.of(inventory) : Optional.empty();
    }

    /**
     * Returns the changes of a delta report.
     *
     * @return the delta, or empty for a full or resync report
     */
    public Optional<InventoryDelta> delta() {
        return content instanceof InventoryDelta delta ? Optional.of(delta) : Optional.empty();
    }
}
