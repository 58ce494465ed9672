package org.mifsync.resync.store;

import java.time.Instant;
import java.util.Objects;
import org.mifsync.model.ReportVersion;

/**
 * What the store knows of one client's inventory of one kind besides its rows: the version of the
 * last report it accepted, when that report was made and when it was accepted. Its existence is
 * the baseline a delta needs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param version the client's version of the last accepted report
 * @param generatedAt when the client made that report
 * @param acceptedAt when the store accepted it
 * @since 0.1
 */
public record KindState(ReportVersion version, Instant generatedAt, Instant acceptedAt) {

    /**
     * Validates the fields.
     *
     * @param version the version
     * @param generatedAt when made
     * @param acceptedAt when accepted
     */
    public KindState {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(generatedAt, "generation time");
        Objects.requireNonNull(acceptedAt, "acceptance time");
    }
}
