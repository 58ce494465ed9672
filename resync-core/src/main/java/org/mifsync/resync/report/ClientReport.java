package org.mifsync.resync.report;

import java.util.Objects;
import org.mifsync.model.InventoryReport;

/**
 * One inventory report of one kind, as read from a MIF file, with the identity of its sender.
 *
 * <p>A report without {@code //ReportVersion} (SMS 1.x) is <em>unversioned</em>: its {@link
 * InventoryReport#version() version} is the placeholder {@code 0.0} and the store gives it the
 * next major version when it accepts it, ordering such reports by {@link
 * InventoryReport#generatedAt()}. Only complete reports can be unversioned.
 *
 * <p>Immutable and thread-safe.
 *
 * @param identity who sent the report
 * @param report the report; its client is the identity's SMSID
 * @param versioned false for an SMS 1.x report whose version the store assigns
 * @since 0.1
 */
public record ClientReport(ClientIdentity identity, InventoryReport report, boolean versioned) {

    /**
     * Validates the report.
     *
     * @param identity who sent the report
     * @param report the report
     * @param versioned false for an SMS 1.x report whose version the store assigns
     * @throws IllegalArgumentException if a field is null, the SMSIDs differ, or an unversioned
     *     report is a delta or has a version other than {@code 0.0}
     */
    public ClientReport {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(report, "report");
        if (!identity.smsId().equals(report.client())) {
            throw new IllegalArgumentException("report of " + report.client() + " carries the identity of "
                    + identity.smsId());
        }
        if (!versioned && (!report.isComplete() || report.version().major() != 0)) {
            throw new IllegalArgumentException("an unversioned report must be complete with placeholder version 0.0,"
                    + " found " + report.type() + " " + report.version());
        }
    }

    /**
     * Returns a versioned report.
     *
     * @param identity who sent the report
     * @param report the report
     * @return the client report
     */
    public static ClientReport of(ClientIdentity identity, InventoryReport report) {
        return new ClientReport(identity, report, true);
    }
}
