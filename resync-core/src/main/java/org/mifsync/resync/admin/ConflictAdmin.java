package org.mifsync.resync.admin;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.mifsync.mif.MifException;
import org.mifsync.mif.MifParser;
import org.mifsync.model.SiteCode;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.compare.Decision;
import org.mifsync.resync.files.Mode;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.files.SourceFile;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportException;
import org.mifsync.resync.report.ReportReader;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.store.Clients;
import org.mifsync.resync.store.ConflictLedger;
import org.mifsync.resync.store.ConflictLedger.Held;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.StoreTransaction;
import org.mifsync.resync.store.StoredClient;

/**
 * The administrator's side of conflicting records: a report on a stored SMSID whose
 * name and network card both differ from the stored client's is refused as {@code
 * IDENTITY_CONFLICT} and held ({@code identity-conflict = manual}); {@link #conflicts()} lists what
 * is held beside the stored identity, and the administrator {@link #merge merges} the held reports
 * (applied in version order through the normal comparison), {@link #keep keeps} the stored machine
 * (the held reports are discarded) or {@link #block blocks} the SMSID (quarantined, as a {@code
 * DUPLICATE_ID} quarantines it). Each choice is recorded on the held reports with who made it and
 * when ({@link ConflictLedger}).
 *
 * <pre>{@code
 * ConflictAdmin conflicts = ConflictAdmin.builder(store, siteLayout.inventoryBox()).actor("alice").build();
 * for (ConflictAdmin.Conflict c : conflicts.conflicts()) { ... }
 * conflicts.merge("ABC00001");
 * }</pre>
 *
 * <p>The held files are the ones the loader archived under {@code REFUSED/IDENTITY_CONFLICT/} in the
 * inbox; each is found again by its content (the hash the store kept), so a name the loader made
 * unique ({@code PC1.MIF.1}) is found too. Clients are named and site rules apply as for {@link
 * ClientAdmin}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ConflictAdmin {

    private final InventoryStore store;
    private final Path inbox;
    private final Clock clock;
    private final SiteSettings settings;
    private final Optional<SiteCode> actingSite;
    private final String actor;

    private ConflictAdmin(Builder b) {
        this.store = b.store;
        this.inbox = b.inbox;
        this.clock = b.clock;
        this.settings = b.settings();
        this.actingSite = b.actingSite;
        this.actor = b.actor;
    }

    /**
     * Returns a builder.
     *
     * @param store the store
     * @param inbox the site's inbox, {@code SITE.SRV/INVENTRY.BOX}, where the held files are archived
     * @return the builder, with the store's clock and settings
     */
    public static Builder builder(InventoryStore store, Path inbox) {
        return new Builder(store, inbox);
    }

    /**
     * Configures a {@link ConflictAdmin}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder extends AdminBuilder<Builder> {
        private final Path inbox;

        private Builder(InventoryStore store, Path inbox) {
            super(store);
            this.inbox = Objects.requireNonNull(inbox, "inbox");
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Builds the operations.
         *
         * @return the operations
         */
        public ConflictAdmin build() {
            return new ConflictAdmin(this);
        }
    }

    /**
     * One conflicting record: the reports held for one client from one other identity, beside the
     * identity the store keeps.
     *
     * <p>Immutable and thread-safe.
     *
     * @param client the stored client
     * @param storedSeen when the stored identity was first and last seen reporting, if recorded
     * @param held the identity the held reports carry
     * @param reports the held reports, oldest version first
     * @since 0.1
     */
    public record Conflict(StoredClient client, Optional<Clients.SeenIdentity> storedSeen,
            ClientIdentity held, List<Held> reports) {

        /**
         * Validates the fields and copies the list.
         *
         * @throws IllegalArgumentException if no report is held
         */
        public Conflict {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(storedSeen, "stored identity seen");
            Objects.requireNonNull(held, "held identity");
            reports = List.copyOf(reports);
            if (reports.isEmpty()) {
                throw new IllegalArgumentException("a conflicting record holds at least one report");
            }
        }

        /**
         * Returns when the oldest held report was made.
         *
         * @return its report time
         */
        public Instant firstReport() {
            return reports.stream().map(Held::generatedAt).min(Instant::compareTo).orElseThrow();
        }

        /**
         * Returns when the newest held report was made.
         *
         * @return its report time
         */
        public Instant lastReport() {
            return reports.stream().map(Held::generatedAt).max(Instant::compareTo).orElseThrow();
        }
    }

    /**
     * What a choice did (or, in a dry run, would do).
     *
     * <p>Immutable and thread-safe.
     *
     * @param client the client as it was before the choice
     * @param choice merged, kept or blocked
     * @param mode applied or dry run
     * @param reports the held reports the choice ended, oldest version first
     * @param decisions for a merge, the decision about each report, in the same order
     * @param summary one sentence for people
     * @since 0.1
     */
    public record Choice(StoredClient client, ConflictLedger.Resolution choice, Mode mode, List<Held> reports,
            List<Decision> decisions, String summary) {

        /**
         * Validates the fields and copies the lists.
         *
         * @throws NullPointerException if a field is null
         */
        public Choice {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(choice, "choice");
            Objects.requireNonNull(mode, "mode");
            reports = List.copyOf(reports);
            decisions = List.copyOf(decisions);
            Objects.requireNonNull(summary, "summary");
        }
    }

    /**
     * Lists the conflicting records held now, by SMSID, each with the stored identity beside it.
     * Clients assigned to a site that is neither the acting site nor below it are left out.
     *
     * @return the records
     */
    public List<Conflict> conflicts() {
        return store.inTransaction(tx -> {
            Map<String, List<Held>> byRecord = new LinkedHashMap<>();
            for (Held h : tx.conflicts().allHeld()) {
                byRecord.computeIfAbsent(h.clientId() + "\u0000" + h.identity().name().folded() + "\u0000"
                        + h.identity().foldedCard().orElse(""), k -> new ArrayList<>()).add(h);
            }
            List<Conflict> out = new ArrayList<>();
            for (List<Held> reports : byRecord.values()) {
                Held first = reports.get(0);
                Optional<StoredClient> client = tx.clients().client(first.identity().smsId());
                if (client.isEmpty() || !ClientAdmin.visible(tx, client.get(), actingSite)) {
                    continue;
                }
                ClientIdentity stored = client.get().identity();
                Optional<Clients.SeenIdentity> seen = tx.clients().identitiesSeen(client.get().id()).stream()
                        .filter(s -> s.matches(stored)).findFirst();
                out.add(new Conflict(client.get(), seen, first.identity(), reports));
            }
            return out;
        });
    }

    /**
     * Applies a client's held reports, oldest version first, through the normal comparison, as if
     * they had not been held: the other machine takes the record (a rename plus a card change, logged,
     * with who merged it). Reports the comparison refuses (e.g. {@code OUTDATED}) stay archived under
     * {@code REFUSED/}; the files of applied ones are removed. If no report could be applied, the held
     * identity still becomes the client's, so that the machine's next report is not held again.
     *
     * @param client a NetBIOS name or SMSID (the stored one)
     * @return what was done
     * @throws AdminException if the client is unknown, ambiguous, another site's, quarantined or holds
     *     no conflicting record, or a held file is gone or no longer holds the report (then nothing of
     *     that report was changed; {@link #keep} discards what cannot be merged)
     */
    public Choice merge(String client) {
        List<Held> held = store.inTransaction(tx -> {
            StoredClient c = heldClient(tx, client);
            if (c.isQuarantined()) {
                throw new AdminException(AdminException.Kind.NOT_APPLICABLE, "client " + ClientAdmin.describe(c)
                        + " is quarantined as a duplicate, which must be resolved first");
            }
            return tx.conflicts().held(c.id());
        });
        StoredClient before = store.inTransaction(tx -> tx.clients().client(held.get(0).identity().smsId()).orElseThrow());
        Comparer comparer = Comparer.builder(store).settings(settings).clock(clock).requestedBy(actor).build();
        ReportReader reader = ReportReader.standard(settings);
        MifParser parser = Loader.parser(settings);
        List<Decision> decisions = new ArrayList<>();
        Map<Path, Boolean> files = new LinkedHashMap<>();
        for (Held h : held) {
            Path file = archivedFile(h);
            ClientReport report = reread(reader, parser, file, h);
            Decision decision = h.source().isPresent() ? comparer.decideMerged(report, h.source().get(), actor)
                    : comparer.decideMerged(report, actor);
            decisions.add(decision);
            store.inTransaction(tx -> tx.conflicts().resolve(h.id(), ConflictLedger.Resolution.MERGED, actor,
                    clock.instant()));
            files.merge(file, decision.isApplied(), Boolean::logicalAnd);
        }
        ClientIdentity newest = held.get(held.size() - 1).identity();
        boolean takenOver = store.inTransaction(tx -> {
            StoredClient c = tx.clients().client(newest.smsId()).orElseThrow();
            if (c.identity().sameMachineAs(newest)) {
                return false;
            }
            // nothing applied (e.g. every report older than the stored version): the identity moves anyway
            ClientIdentity identity = new ClientIdentity(newest.smsId(), newest.name(), newest.netCardId(),
                    c.identity().site(), c.identity().domain());
            tx.clients().updateIdentity(c.id(), identity, clock.instant());
            tx.clients().recordIdentitySeen(c.id(), identity, clock.instant());
            return true;
        });
        for (Map.Entry<Path, Boolean> f : files.entrySet()) {
            if (f.getValue()) {
                delete(f.getKey());
            }
        }
        long applied = decisions.stream().filter(Decision::isApplied).count();
        String outcomes = decisions.stream().map(d -> d.outcome().name())
                .collect(Collectors.groupingBy(o -> o, LinkedHashMap::new, Collectors.counting())).entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
        String summary = "merged " + held.size() + " held report" + (held.size() == 1 ? "" : "s") + " of "
                + describe(newest) + " into " + ClientAdmin.describe(before) + " (" + outcomes + "); " + describe(newest)
                + " now holds SMSID " + newest.smsId() + (applied == 0 && takenOver
                ? " (no report could be applied; its next complete report is)" : "");
        return new Choice(before, ConflictLedger.Resolution.MERGED, Mode.APPLY, held, decisions, summary);
    }

    /**
     * Discards a client's held reports: the stored machine keeps the SMSID and its inventory, and the
     * held files are removed. The other machine's next report is held again, until it has an SMSID of
     * its own.
     *
     * @param client a NetBIOS name or SMSID (the stored one)
     * @param mode apply or dry run
     * @return what was (or would be) done
     * @throws AdminException if the client is unknown, ambiguous, another site's or holds no
     *     conflicting record
     */
    public Choice keep(String client, Mode mode) {
        Choice choice = store.inTransaction(mode, tx -> {
            StoredClient c = heldClient(tx, client);
            List<Held> held = resolveAll(tx, c, ConflictLedger.Resolution.KEPT);
            return new Choice(c, ConflictLedger.Resolution.KEPT, mode, held, List.of(), ClientAdmin.describe(c)
                    + " keeps SMSID " + c.identity().smsId() + "; " + held.size() + " held report"
                    + (held.size() == 1 ? "" : "s") + " of " + identities(held) + " discarded (its next report is"
                    + " held again until it has an SMSID of its own)");
        });
        if (mode == Mode.APPLY) {
            for (Held h : choice.reports()) {
                findArchived(h).ifPresent(ConflictAdmin::delete);
            }
        }
        return choice;
    }

    /**
     * Quarantines a client's SMSID, as a {@code DUPLICATE_ID} quarantines it: its reports, from
     * either machine, are archived and no request is made until {@code client resolve --keep
     * CARD|NAME} chooses the machine that keeps it. The held identities are recorded as seen on the
     * SMSID, so that either may be chosen. The held files stay archived.
     *
     * @param client a NetBIOS name or SMSID (the stored one)
     * @param mode apply or dry run
     * @return what was (or would be) done
     * @throws AdminException if the client is unknown, ambiguous, another site's or holds no
     *     conflicting record
     */
    public Choice block(String client, Mode mode) {
        return store.inTransaction(mode, tx -> {
            StoredClient c = heldClient(tx, client);
            List<Held> held = resolveAll(tx, c, ConflictLedger.Resolution.BLOCKED);
            Instant now = clock.instant();
            for (Held h : held) {
                tx.clients().recordIdentitySeen(c.id(), h.identity(), now);
            }
            // the stored machine stays the most recently seen, as before the conflict
            tx.clients().recordIdentitySeen(c.id(), c.identity(), now);
            String detail = "conflicting record blocked by " + actor + ": SMSID " + c.identity().smsId()
                    + " is used by " + describe(c.identity()) + " and " + identities(held);
            if (!c.isQuarantined()) {
                tx.clients().quarantine(c.id(), detail, now);
            }
            return new Choice(c, ConflictLedger.Resolution.BLOCKED, mode, held, List.of(), "SMSID "
                    + c.identity().smsId() + " quarantined: " + describe(c.identity()) + " and " + identities(held)
                    + " both report it; its reports are archived and no request made until 'client resolve "
                    + c.identity().smsId() + " --keep CARD|NAME'");
        });
    }

    // ---- helpers ------------------------------------------------------------------------------

    private StoredClient heldClient(StoreTransaction tx, String client) throws SQLException {
        StoredClient c = ClientAdmin.findOwned(tx, client, actingSite);
        if (tx.conflicts().held(c.id()).isEmpty()) {
            throw new AdminException(AdminException.Kind.NOT_APPLICABLE, "no conflicting record is held for client "
                    + ClientAdmin.describe(c) + "; 'client conflicts' lists those held");
        }
        return c;
    }

    private List<Held> resolveAll(StoreTransaction tx, StoredClient c, ConflictLedger.Resolution resolution)
            throws SQLException {
        ConflictLedger ledger = tx.conflicts();
        List<Held> held = ledger.held(c.id());
        Instant now = clock.instant();
        for (Held h : held) {
            ledger.resolve(h.id(), resolution, actor, now);
        }
        return held;
    }

    /** The held report's file, or an error naming where it was looked for. */
    private Path archivedFile(Held h) {
        return findArchived(h).orElseThrow(() -> new AdminException(AdminException.Kind.NOT_FOUND, "the archived file"
                + " of the held " + h.report().kind() + " report " + h.report().version() + " of " + describe(h.identity())
                + " (" + h.source().orElse("no file name") + ") is no longer in " + heldDir()
                + "; 'client resolve " + h.identity().smsId() + " --keep' discards what cannot be merged"));
    }

    private Path heldDir() {
        return inbox.resolve(SiteLayout.REFUSED).resolve(Outcome.IDENTITY_CONFLICT.name());
    }

    /**
     * Finds a held report's file: the name it was archived under first, then every file of the
     * folder (a name taken there got a suffix), the one whose content is the held report.
     */
    private Optional<Path> findArchived(Held h) {
        Set<Path> candidates = new LinkedHashSet<>();
        h.archived().map(inbox::resolve).ifPresent(candidates::add);
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(heldDir())) {
            dir.forEach(candidates::add);
        } catch (IOException e) {
            // no folder: nothing was archived there (the file was removed), said by the caller
        }
        ReportReader reader = ReportReader.standard(settings);
        MifParser parser = Loader.parser(settings);
        for (Path file : candidates) {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && holds(reader, parser, file, h)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    private boolean holds(ReportReader reader, MifParser parser, Path file, Held h) {
        try {
            reread(reader, parser, file, h);
            return true;
        } catch (AdminException e) {
            return false;
        }
    }

    /** The held report read again from its file, with the report time the store kept. */
    private ClientReport reread(ReportReader reader, MifParser parser, Path file, Held h) {
        try {
            SourceFile.Content content = SourceFile.read(file, settings.maxMifBytes(), SourceFile.DEFAULT_STALL_TIMEOUT);
            if (content.bytes() != null) {
                // an SMS 1.x report without //ReportTime was timed by its file, whose time archiving changed
                ReportReader.Reading reading = reader.read(parser.parse(content.bytes(), file.getFileName().toString())
                        .document(), h.generatedAt());
                for (ClientReport report : reading.reports()) {
                    if (Comparer.identityOf(report).equals(h.report())) {
                        return report;
                    }
                }
            }
        } catch (IOException | MifException | ReportException e) {
            // not the file: said below
        }
        throw new AdminException(AdminException.Kind.NOT_FOUND, file + " does not hold the held " + h.report().kind()
                + " report " + h.report().version() + " of " + describe(h.identity()));
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the choice is recorded; a file left behind is aged out by prune with the other refusals
        }
    }

    private static String identities(List<Held> held) {
        return held.stream().map(h -> describe(h.identity())).distinct().collect(Collectors.joining(", "));
    }

    private static String describe(ClientIdentity identity) {
        return identity.name() + identity.netCardId().map(c -> " (card " + c + ")").orElse("");
    }
}
