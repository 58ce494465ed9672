package org.mifsync.resync.requests;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.DomainName;
import org.mifsync.model.SiteCode;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.ResyncEntry;

/**
 * What one publish of a domain changed: the requests admitted through the throttle, those ended by
 * the run's own step ({@code dumpsync DAYS}, {@code invsync --cancel}), those still waiting, and
 * the changes to {@code RESYNC.CFG} and the {@code <SMSID>.CFG} files.
 *
 * <p>Immutable and thread-safe.
 *
 * @param domain the domain
 * @param site the site that published it
 * @param at when (the clock's time at the start of the file writes)
 * @param admitted requests moved from requested to published by this run, in admission order
 *     (FORCED first, then oldest first)
 * @param ended requests this run's step ended (aged out or cancelled)
 * @param waiting requests of the domain still waiting for the throttle
 * @param nextSlot when the throttle admits again, if requests wait because its budget is spent
 * @param added entries now in {@code RESYNC.CFG} that were not there with this time and reason
 * @param removed entries of the old {@code RESYNC.CFG} whose (SMSID, kind) is gone
 * @param records entries in the new {@code RESYNC.CFG}
 * @param clientFilesWritten {@code <SMSID>.CFG} files written (new or changed)
 * @param clientFilesUnchanged {@code <SMSID>.CFG} files that already held the right requests
 * @param clientFilesDeleted {@code <SMSID>.CFG} files deleted (no pending request left)
 * @param removalsRecorded acknowledged, expired or cancelled requests whose removal from the files
 *     this run recorded
 * @param damage damaged records of the old {@code RESYNC.CFG}, dropped by the rewrite
 * @since 0.1
 */
public record PublishReport(DomainName domain, SiteCode site, Instant at, List<ResyncEntry> admitted,
        List<ResyncEntry> ended, int waiting, Optional<Instant> nextSlot, List<ResyncEntry> added,
        List<ResyncEntry> removed, long records, int clientFilesWritten, int clientFilesUnchanged,
        int clientFilesDeleted, int removalsRecorded, List<ResyncCfg.Damage> damage) {

    /**
     * Copies the lists and checks the fields.
     *
     * @param domain the domain
     * @param site the site
     * @param at when
     * @param admitted admitted requests
     * @param ended ended requests
     * @param waiting how many wait
     * @param nextSlot next throttle slot, if requests wait for it
     * @param added entries added to RESYNC.CFG
     * @param removed entries removed from RESYNC.CFG
     * @param records entries in RESYNC.CFG
     * @param clientFilesWritten .CFG files written
     * @param clientFilesUnchanged .CFG files unchanged
     * @param clientFilesDeleted .CFG files deleted
     * @param removalsRecorded removals recorded
     * @param damage damaged records dropped
     */
    public PublishReport {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(at, "time");
        admitted = List.copyOf(admitted);
        ended = List.copyOf(ended);
        Objects.requireNonNull(nextSlot, "next slot");
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        damage = List.copyOf(damage);
    }

    /**
     * Tells whether the run changed any file.
     *
     * @return true if {@code RESYNC.CFG} gained or lost an entry or a client file was written or deleted
     */
    public boolean changedFiles() {
        return !added.isEmpty() || !removed.isEmpty() || clientFilesWritten > 0 || clientFilesDeleted > 0
                || !damage.isEmpty();
    }

    /**
     * Returns a one-line summary, e.g. {@code SALES: 500 published, 1500 waiting (next slot
     * 2026-03-01T10:01:00Z), 3 removed; RESYNC.CFG 500 records (+500 -3), .CFG 500 written, 3 deleted}.
     *
     * @return the summary
     */
    public String summary() {
        StringBuilder out = new StringBuilder();
        out.append(domain.folded()).append(": ").append(admitted.size()).append(" published");
        if (!ended.isEmpty()) {
            out.append(", ").append(ended.size()).append(" ended");
        }
        out.append(", ").append(waiting).append(" waiting");
        nextSlot.ifPresent(t -> out.append(" (next slot ").append(t).append(')'));
        out.append(", ").append(removalsRecorded).append(" removed; ");
        out.append(String.format(Locale.ROOT, "RESYNC.CFG %d records (+%d -%d), .CFG %d written, %d deleted",
                records, added.size(), removed.size(), clientFilesWritten, clientFilesDeleted));
        if (!damage.isEmpty()) {
            out.append("; ").append(damage.size()).append(" damaged record(s) dropped");
        }
        return out.toString();
    }
}
