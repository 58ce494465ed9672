package org.mifsync.resync.store;

import java.util.Objects;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.SmsId;

/**
 * What identifies a report across crashes and replays: SMSID, kind, the client's version (or
 * {@code unversioned} for an SMS 1.x report) and the hash of its content. The store records it in
 * the transaction that decides the report, so a report loaded again after a crash is recognised as
 * a duplicate.
 *
 * <p>Immutable and thread-safe.
 *
 * @param smsId the client
 * @param kind hardware or software
 * @param version the version text, e.g. {@code 3.1}, or {@code unversioned}
 * @param contentHash the content hash, e.g. SHA-256 hex
 * @since 0.1
 */
public record ReportIdentity(SmsId smsId, InventoryKind kind, String version, String contentHash) {

    /**
     * Validates the fields.
     *
     * @param smsId the client
     * @param kind the kind
     * @param version the version text
     * @param contentHash the content hash
     */
    public ReportIdentity {
        Objects.requireNonNull(smsId, "SMSID");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(contentHash, "content hash");
    }
}
