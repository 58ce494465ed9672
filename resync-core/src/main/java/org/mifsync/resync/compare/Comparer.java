package org.mifsync.resync.compare;

import static org.mifsync.resync.settings.internal.Checks.positive;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.mifsync.mif.Diagnostic;
import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.DeltaMismatchException;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.ReportType;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ObjectReport;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.settings.SiteSettings.IdentityConflict;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.ClassTypes;
import org.mifsync.resync.store.Clients;
import org.mifsync.resync.store.CommitGroup;
import org.mifsync.resync.store.ConflictLedger;
import org.mifsync.resync.store.CustomObjects;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.KindState;
import org.mifsync.resync.store.LoadLogEntry;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.ReportIdentity;
import org.mifsync.resync.store.RequestLifecycle;
import org.mifsync.resync.store.StoreTransaction;
import org.mifsync.resync.store.StoredClient;
import org.mifsync.resync.store.StoredRequest;

/**
 * The database comparison: weighs each report against what the store holds for its
 * client and kind, applies it or refuses it, and records the decision, the load-log row and any
 * resync request in one transaction.
 *
 * <table>
 *   <caption>Outcomes, in the order they are checked</caption>
 *   <tr><th>situation</th><th>outcome</th></tr>
 *   <tr><td>this very report (SMSID, kind, version, content hash) was decided before</td>
 *       <td>{@link Outcome#DUPLICATE}</td></tr>
 *   <tr><td>the report names a site ({@code Site} in its Identification group) the site description
 *       does not hold (when it describes any)</td><td>{@link Outcome#UNKNOWN_SITE}, no request, nothing
 *       stored</td></tr>
 *   <tr><td>the SMSID is quarantined</td><td>{@link Outcome#DUPLICATE_ID}, no request</td></tr>
 *   <tr><td>the sender's identity (name, card) is one seen earlier on this SMSID, within the
 *       window, and not the last one seen: two machines alternate</td>
 *       <td>{@link Outcome#DUPLICATE_ID}, one request, quarantine</td></tr>
 *   <tr><td>the SMSID is stored, but the report's name and network card both differ from the stored
 *       ones (a conflicting record: a cloned disk image, a re-imaged machine), with {@code
 *       identity-conflict = manual}</td><td>{@link Outcome#IDENTITY_CONFLICT}, no request, the report
 *       held for the administrator ({@link ConflictLedger}); with {@code merge} it is compared as any
 *       other, and its load-log row says it was a conflict merged automatically</td></tr>
 *   <tr><td>version equal to the stored one / lower</td>
 *       <td>{@link Outcome#DUPLICATE} / {@link Outcome#OUTDATED}, no request</td></tr>
 *   <tr><td>delta without baseline</td><td>{@link Outcome#NO_BASELINE}, request</td></tr>
 *   <tr><td>delta not stored major and minor + 1</td><td>{@link Outcome#VERSION_GAP}, request</td></tr>
 *   <tr><td>a written class is blocked, or an attribute's type family differs from the one its
 *       class was first stored with</td><td>{@link Outcome#TYPE_CONFLICT}, no request, class
 *       blocked for the client</td></tr>
 *   <tr><td>delta adds a row that is there, updates or deletes one that is not</td>
 *       <td>{@link Outcome#ROW_MISMATCH}, request</td></tr>
 *   <tr><td>otherwise</td><td>{@code APPLIED_FULL}, {@code APPLIED_RESYNC} (acknowledging the
 *       request whose time it names) or {@code APPLIED_DELTA}; a rename or card change is applied
 *       and logged ({@link Outcome#RENAMED}, {@link Outcome#CARD_CHANGED})</td></tr>
 * </table>
 *
 * <p>Versions are the client's: a complete report {@code N.0} is accepted when {@code N} is above
 * the stored major, a delta when it has the stored major and minor + 1. An unversioned (SMS 1.x)
 * report gets the stored major + 1 if it was made after the last accepted one.
 *
 * <p>Re-issue rule: while a request for (client, kind) is pending, further refusals attach to it
 * (its refusal count); once it has gone unanswered for the re-issue timeout, the next refusal issues
 * it again with a new time, and each re-issue doubles the wait (by {@link Builder#backoff}) up to a
 * ceiling. Every new request time is at least one second after the previous one for that client.
 * The rule is {@link RequestLifecycle}'s, shared with the administrators' tools.
 *
 * <p>A refused report changes no inventory row and no version. All times come from the clock.
 * Thread-safe: decisions on one client are serialised by the store (a client lock), decisions on
 * different clients may run in parallel on PostgreSQL.
 *
 * @since 0.1
 */
public final class Comparer {

    private final InventoryStore store;
    private final Clock clock;
    private final String requestedBy;
    private final Consumer<Decision> listener;
    /** The builder's settings and single overrides, until {@link #resolveRules} has turned them into rules. */
    private final Builder config;
    // set once by resolveRules, in the first decision's transaction; every pass calls it first
    private Duration duplicateIdWindow;
    private RequestLifecycle.Reissue reissue;
    private IdentityConflict identityConflict;
    private boolean resolved;

    private Comparer(Builder b) {
        this.store = b.store;
        this.clock = b.clock;
        this.requestedBy = b.requestedBy;
        this.listener = b.listener;
        this.config = b.copy();
    }

    /**
     * Turns the settings into the rules the decisions use. The store's settings are read here, in
     * the first decision's transaction and not when the comparer is built, so that a store that is
     * busy then fails that decision (a failure of the site, which the loader handles) rather than
     * the set-up, and on the decision's own connection.
     */
    private synchronized void resolveRules(StoreTransaction tx) throws SQLException {
        if (resolved) {
            return;
        }
        SiteSettings base = config.settings != null ? config.settings : tx.topology().settings().orElse(SiteSettings.DEFAULTS);
        duplicateIdWindow = config.duplicateIdWindow != null ? config.duplicateIdWindow : base.duplicateIdWindow();
        reissue = new RequestLifecycle.Reissue(
                config.reissueTimeout != null ? config.reissueTimeout : base.reissueTimeout(),
                config.backoff != null ? config.backoff : base.reissueBackoff(),
                config.maxReissueInterval != null ? config.maxReissueInterval : base.maxReissueInterval());
        identityConflict = config.identityConflict != null ? config.identityConflict : base.identityConflict();
        resolved = true;
    }

    /**
     * Returns a builder for a comparer on the given store.
     *
     * @param store the store
     * @return the builder, with the store's clock and the settings stored for the site ({@link
     *     InventoryStore#settings()}: what {@code site init} recorded, or the defaults if nothing was),
     *     read at the comparer's first decision
     */
    public static Builder builder(InventoryStore store) {
        return new Builder(store);
    }

    /**
     * Configures a {@link Comparer}. Not thread-safe; build once and share the comparer.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final InventoryStore store;
        private Clock clock;
        // null: the store's, read at the first decision, so that an embedder's comparer decides as
        // the site's loader does; the single values below, when set, override them
        private SiteSettings settings;
        private Duration duplicateIdWindow;
        private Duration reissueTimeout;
        private Double backoff;
        private Duration maxReissueInterval;
        private String requestedBy = "loader";
        private Consumer<Decision> listener = d -> { };
        private IdentityConflict identityConflict;

        private Builder(InventoryStore store) {
            this.store = Objects.requireNonNull(store, "store");
            this.clock = store.clock();
        }

        private Builder copy() {
            Builder b = new Builder(store);
            b.clock = clock;
            b.settings = settings;
            b.duplicateIdWindow = duplicateIdWindow;
            b.reissueTimeout = reissueTimeout;
            b.backoff = backoff;
            b.maxReissueInterval = maxReissueInterval;
            b.requestedBy = requestedBy;
            b.listener = listener;
            b.identityConflict = identityConflict;
            return b;
        }

        /**
         * Takes every setting the comparison uses from the site's settings: the duplicate-ID
         * window, the re-issue timeout, backoff and ceiling, and what is done with a conflicting
         * record. The setters below override single values afterwards.
         *
         * @param value the settings (default: {@link InventoryStore#settings() the store's})
         * @return this builder
         */
        public Builder settings(SiteSettings value) {
            this.settings = Objects.requireNonNull(value, "settings");
            this.duplicateIdWindow = null;
            this.reissueTimeout = null;
            this.backoff = null;
            this.maxReissueInterval = null;
            this.identityConflict = null;
            return this;
        }

        /**
         * Sets the clock every decision time comes from.
         *
         * @param value the clock (default: the store's)
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Sets how long ago an identity may have been seen on an SMSID for its return to count as
         * two machines alternating.
         *
         * @param value the window (default: the site's {@code duplicate-id-window})
         * @return this builder
         */
        public Builder duplicateIdWindow(Duration value) {
            this.duplicateIdWindow = positive(value, "duplicate-ID window");
            return this;
        }

        /**
         * Sets how long a request waits for its answer before a refusal re-issues it.
         *
         * @param value the first timeout (default: the site's {@code reissue-timeout})
         * @return this builder
         */
        public Builder reissueTimeout(Duration value) {
            this.reissueTimeout = positive(value, "re-issue timeout");
            return this;
        }

        /**
         * Sets the factor each re-issue multiplies the timeout by.
         *
         * @param value 1 or more (default: the site's {@code reissue-backoff})
         * @return this builder
         */
        public Builder backoff(double value) {
            if (!(value >= 1.0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("backoff factor must be 1 or more, found " + value);
            }
            this.backoff = value;
            return this;
        }

        /**
         * Sets the longest wait between re-issues.
         *
         * @param value the ceiling (default: the site's {@code reissue-ceiling})
         * @return this builder
         */
        public Builder maxReissueInterval(Duration value) {
            this.maxReissueInterval = positive(value, "longest re-issue interval");
            return this;
        }

        /**
         * Sets who the requests this comparer makes are recorded as made by.
         *
         * @param value e.g. {@code loader@SITE1} (default {@code loader})
         * @return this builder
         */
        public Builder requestedBy(String value) {
            this.requestedBy = Objects.requireNonNull(value, "requested by");
            return this;
        }

        /**
         * Sets a listener told of every decision after its transaction commits.
         *
         * @param value the listener; called on the deciding thread
         * @return this builder
         */
        public Builder listener(Consumer<Decision> value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Sets what is done with a conflicting record: a report on a stored SMSID whose name and
         * network card both differ from the stored ones ({@code identity-conflict}).
         *
         * @param value {@code MANUAL} to refuse and hold it, {@code MERGE} to apply it (default: the site's
         *     {@code identity-conflict})
         * @return this builder
         */
        public Builder identityConflict(IdentityConflict value) {
            this.identityConflict = Objects.requireNonNull(value, "identity conflict");
            return this;
        }

        /**
         * Builds the comparer.
         *
         * @return the comparer
         */
        public Comparer build() {
            return new Comparer(this);
        }
    }

    /**
     * Returns the identity the store keeps for a report: SMSID, kind, version ({@code unversioned}
     * for SMS 1.x) and the SHA-256 of its canonical MIF.
     *
     * @param report the report
     * @return the identity
     */
    public static ReportIdentity identityOf(ClientReport report) {
        InventoryReport r = report.report();
        return new ReportIdentity(r.client(), r.kind(), report.versioned() ? r.version().toString() : "unversioned",
                ReportWriter.digest(report));
    }

    /**
     * The clock every decision time comes from.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    /**
     * Decides one report that came from no file (built in memory) in one transaction; its load-log
     * row names no source.
     *
     * @param report the report
     * @return the decision
     * @throws org.mifsync.resync.store.StoreException if the store fails; nothing was changed
     */
    public Decision decide(ClientReport report) {
        return decide(report, Optional.empty(), List.of());
    }

    /**
     * Decides one report in one transaction.
     *
     * @param report the report
     * @param source the file it came from, for the load log
     * @return the decision
     * @throws org.mifsync.resync.store.StoreException if the store fails; nothing was changed
     */
    public Decision decide(ClientReport report, String source) {
        return decide(report, source, List.of());
    }

    /**
     * Decides one report in one transaction, keeping warnings about its file in the load log.
     *
     * @param report the report
     * @param source the file it came from, for the load log
     * @param warnings what reading the file left out that an administrator should see (e.g. a
     *     {@code Site} or {@code Domain} value that is not valid, {@link
     *     org.mifsync.resync.report.ReportReader.Reading#identityWarnings()}), added to the decision's
     *     load-log detail, each as {@code file:line:col: warning: message}
     * @return the decision
     * @throws org.mifsync.resync.store.StoreException if the store fails; nothing was changed
     */
    public Decision decide(ClientReport report, String source, List<Diagnostic> warnings) {
        return decide(report, Optional.of(Objects.requireNonNull(source, "source")), warnings);
    }

    private Decision decide(ClientReport report, Optional<String> source, List<Diagnostic> warnings) {
        try (DecisionGroup group = group()) {
            Decision decision = group.decide(report, source, warnings, Optional.empty());
            group.commit();
            return decision;
        }
    }

    /**
     * Returns the back end of the store decisions are made in.
     *
     * @return SQLite or PostgreSQL
     */
    public Backend backend() {
        return store.backend();
    }

    /**
     * Decides, in one transaction, a report an administrator chose to merge after it was held as a
     * conflicting record ({@code client resolve --merge}): it is compared as any other report, its
     * identity taking the record if it is applied, and its load-log row says who merged it.
     *
     * @param report the held report, read again from its archived file
     * @param source the file, for the load log
     * @param mergedBy who chose to merge it, e.g. {@code mifsync:alice}
     * @return the decision
     * @throws org.mifsync.resync.store.StoreException if the store fails; nothing was changed
     */
    public Decision decideMerged(ClientReport report, String source, String mergedBy) {
        return decideMerged(report, Optional.of(Objects.requireNonNull(source, "source")), mergedBy);
    }

    /**
     * Decides, in one transaction, a held conflicting record that came from no file; see {@link
     * #decideMerged(ClientReport, String, String)}.
     *
     * @param report the held report
     * @param mergedBy who chose to merge it, e.g. {@code mifsync:alice}
     * @return the decision
     * @throws org.mifsync.resync.store.StoreException if the store fails; nothing was changed
     */
    public Decision decideMerged(ClientReport report, String mergedBy) {
        return decideMerged(report, Optional.empty(), mergedBy);
    }

    private Decision decideMerged(ClientReport report, Optional<String> source, String mergedBy) {
        Objects.requireNonNull(mergedBy, "merged by");
        try (DecisionGroup group = group()) {
            Decision decision = group.decide(report, source, List.of(), Optional.of(mergedBy));
            group.commit();
            return decision;
        }
    }

    /**
     * Opens a group of decisions committed together (group commit): each decision is as atomic as
     * one made by {@link #decide}, and the group's decisions become visible, durable and told to the
     * {@linkplain Builder#listener listener} together when {@link DecisionGroup#commit()} is called.
     * A loader deciding many reports pays for one commit per group instead of one per report.
     *
     * @return the group, which takes a connection for each of its transactions; close it
     */
    public DecisionGroup group() {
        return new DecisionGroup(store.commitGroup());
    }

    /**
     * Decisions committed together; see {@link Comparer#group()}. What is not committed when the
     * group is closed is rolled back.
     *
     * <p>Not thread-safe: one thread uses a group.
     *
     * @since 0.1
     */
    public final class DecisionGroup implements AutoCloseable {
        private final CommitGroup group;
        private final List<Decision> uncommitted = new ArrayList<>();

        private DecisionGroup(CommitGroup group) {
            this.group = group;
        }

        /**
         * Decides one report in the group's transaction, undone alone if it fails. The decision
         * is not visible to other connections, and not told to the listener, until {@link #commit()}.
         *
         * @param report the report
         * @param source the file it came from, for the load log
         * @param warnings what reading the file left out, as for {@link Comparer#decide(ClientReport,
         *     String, List)}
         * @return the decision, to be committed
         * @throws org.mifsync.resync.store.StoreException if the store fails; this decision changed
         *     nothing, and when the failure is one of the site ({@link
         *     org.mifsync.resync.store.StoreException#isSiteFailure()}) the caller rolls the group back
         */
        public Decision decide(ClientReport report, String source, List<Diagnostic> warnings) {
            return decide(report, Optional.of(Objects.requireNonNull(source, "source")), warnings, Optional.empty());
        }

        /**
         * Decides one report in the group's transaction; as {@link #decide(ClientReport, String,
         * List)} without warnings.
         *
         * @param report the report
         * @param source the file it came from, for the load log
         * @return the decision, to be committed
         * @throws org.mifsync.resync.store.StoreException if the store fails; this decision changed nothing
         */
        public Decision decide(ClientReport report, String source) {
            return decide(report, source, List.of());
        }

        /**
         * Decides one report that came from no file in the group's transaction; as {@link
         * #decide(ClientReport, String, List)} with no source and no warnings.
         *
         * @param report the report
         * @return the decision, to be committed
         * @throws org.mifsync.resync.store.StoreException if the store fails; this decision changed nothing
         */
        public Decision decide(ClientReport report) {
            return decide(report, Optional.empty(), List.of(), Optional.empty());
        }

        private Decision decide(ClientReport report, Optional<String> source, List<Diagnostic> warnings,
                Optional<String> mergedBy) {
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(source, "source");
            List<Diagnostic> kept = List.copyOf(warnings);
            ReportIdentity identity = identityOf(report);
            Decision decision = group.run(tx -> {
                resolveRules(tx);
                return new Pass(tx, report, identity, source, kept, mergedBy).run();
            });
            uncommitted.add(decision);
            return decision;
        }

        /**
         * Decides one custom object's report in the group's transaction, undone alone if it fails;
         * see {@link Comparer#decideObject}.
         *
         * @param report the object's report
         * @param source the file it came from, for the load log
         * @return the decision, to be committed
         * @throws org.mifsync.resync.store.StoreException if the store fails; this decision changed nothing
         */
        public Decision decideObject(ObjectReport report, String source) {
            return decideObject(report, Optional.of(Objects.requireNonNull(source, "source")));
        }

        /**
         * Decides one custom object's report that came from no file in the group's transaction; see
         * {@link #decideObject(ObjectReport, String)}.
         *
         * @param report the object's report
         * @return the decision, to be committed
         * @throws org.mifsync.resync.store.StoreException if the store fails; this decision changed nothing
         */
        public Decision decideObject(ObjectReport report) {
            return decideObject(report, Optional.empty());
        }

        private Decision decideObject(ObjectReport report, Optional<String> source) {
            Objects.requireNonNull(report, "report");
            Decision decision = group.run(tx -> {
                resolveRules(tx);
                return new ObjectPass(tx, report, source).run();
            });
            uncommitted.add(decision);
            return decision;
        }

        /**
         * Returns the decision already committed about this very object report from this file, as
         * its load-log row holds it, applied or refused: what a loader killed after the commit, but
         * before it removed or archived the file, had decided. Nothing is written.
         *
         * @param report the object's report
         * @param source the file it came from, as given to {@link #decideObject}
         * @return the committed decision, or empty
         * @throws org.mifsync.resync.store.StoreException if the store fails
         */
        public Optional<Decision> committedObjectDecision(ObjectReport report, String source) {
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(source, "source");
            String hash = ReportWriter.digest(report);
            return group.run(tx -> tx.loadLog().loggedObjectDecision(hash, source))
                    .map(row -> new Decision(row.outcome(), row.detail(), Decision.RequestAction.NONE, Optional.empty(),
                            0));
        }

        /**
         * Returns the decision already committed about this very report from this file, if there
         * is one: what a loader killed after the commit, but before it removed or archived the file,
         * had decided. The loader finishes such a file as that decision finished it, instead of
         * deciding it again (which would refuse it as a {@link Outcome#DUPLICATE} of itself).
         * Nothing is written.
         *
         * @param report the report
         * @param source the file it came from, as given to {@link #decide}
         * @return the committed decision (its request action {@code NONE}: the request, if any, was
         *     recorded then), or empty
         * @throws org.mifsync.resync.store.StoreException if the store fails
         */
        public Optional<Decision> committedDecision(ClientReport report, String source) {
            Objects.requireNonNull(report, "report");
            Objects.requireNonNull(source, "source");
            ReportIdentity identity = identityOf(report);
            return group.run(tx -> tx.loadLog().loggedDecision(identity, source)).map(row -> new Decision(row.outcome(),
                    row.detail(), Decision.RequestAction.NONE, Optional.empty(), 0));
        }

        /**
         * Records a file that could not be decided as a report (it does not parse, is a NOIDMIF or
         * of another architecture) in the load log, committed with the group.
         *
         * @param outcome {@link Outcome#BAD_MIF}, {@link Outcome#NOIDMIF} or {@link
         *     Outcome#FOREIGN_ARCHITECTURE}
         * @param detail why, for people
         * @param source the file
         * @throws org.mifsync.resync.store.StoreException if the store fails
         */
        public void recordUnusable(Outcome outcome, String detail, String source) {
            recordUnusable(outcome, Optional.empty(), detail, source);
        }

        /**
         * Records a file that could not be decided as a report but named its client; as {@link
         * #recordUnusable(Outcome, String, String)}, the load-log row naming the client.
         *
         * @param outcome {@link Outcome#BAD_MIF}, {@link Outcome#NOIDMIF} or {@link
         *     Outcome#FOREIGN_ARCHITECTURE}
         * @param smsId the client the file named
         * @param detail why, for people
         * @param source the file
         * @throws org.mifsync.resync.store.StoreException if the store fails
         */
        public void recordUnusable(Outcome outcome, SmsId smsId, String detail, String source) {
            recordUnusable(outcome, Optional.of(Objects.requireNonNull(smsId, "SMSID")), detail, source);
        }

        private void recordUnusable(Outcome outcome, Optional<SmsId> smsId, String detail, String source) {
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(source, "source");
            if (outcome != Outcome.BAD_MIF && outcome != Outcome.NOIDMIF
                    && outcome != Outcome.FOREIGN_ARCHITECTURE) {
                throw new IllegalArgumentException(outcome + " is a decision about a report, not about a file");
            }
            Instant now = clock.instant();
            group.run(tx -> {
                tx.loadLog().log(new LoadLogEntry(smsId, Optional.empty(), Optional.empty(), Optional.empty(), outcome, detail,
                        Optional.of(source), now));
                return null;
            });
        }

        /**
         * Runs other work of the caller in the group's transaction, undone alone if it fails and
         * committed with the decisions (e.g. a loader renewing its claims on the clients decided).
         *
         * @param <T> what the work returns
         * @param work the work
         * @return what it returned
         * @throws org.mifsync.resync.store.StoreException if the store fails
         */
        public <T> T run(InventoryStore.Work<T> work) {
            return group.run(work);
        }

        /**
         * Returns how many decisions wait to be committed.
         *
         * @return the count
         */
        public int size() {
            return uncommitted.size();
        }

        /**
         * Returns how long the oldest uncommitted decision has waited.
         *
         * @return the time since the group's transaction began, zero when nothing waits
         */
        public Duration age() {
            return group.age();
        }

        /**
         * Commits the decisions made since the last commit, then tells the listener of each, in
         * the order they were made.
         *
         * @throws org.mifsync.resync.store.StoreException if the commit fails: none of them stays
         */
        public void commit() {
            List<Decision> committed = List.copyOf(uncommitted);
            uncommitted.clear();
            group.commit();
            committed.forEach(listener);
        }

        /** Rolls back the decisions made since the last commit. */
        public void rollback() {
            uncommitted.clear();
            group.rollback();
        }

        /** Rolls back what is not committed and gives the connection back. */
        @Override
        public void close() {
            uncommitted.clear();
            group.close();
        }
    }

    /**
     * Records a file that could not be decided as a report (it does not parse, is a NOIDMIF or of
     * another architecture) in the load log, in a transaction of its own.
     *
     * @param outcome {@link Outcome#BAD_MIF}, {@link Outcome#NOIDMIF} or {@link Outcome#FOREIGN_ARCHITECTURE}
     * @param detail why, for people
     * @param source the file
     */
    public void recordUnusable(Outcome outcome, String detail, String source) {
        try (DecisionGroup group = group()) {
            group.recordUnusable(outcome, detail, source);
            group.commit();
        }
    }

    /**
     * Records a file that could not be decided as a report but named its client; as {@link
     * #recordUnusable(Outcome, String, String)}, the load-log row naming the client.
     *
     * @param outcome {@link Outcome#BAD_MIF}, {@link Outcome#NOIDMIF} or {@link Outcome#FOREIGN_ARCHITECTURE}
     * @param smsId the client the file named
     * @param detail why, for people
     * @param source the file
     */
    public void recordUnusable(Outcome outcome, SmsId smsId, String detail, String source) {
        try (DecisionGroup group = group()) {
            group.recordUnusable(outcome, smsId, detail, source);
            group.commit();
        }
    }

    /**
     * Records the family of each written attribute the store does not hold yet: registering keeps the
     * first family anyway, and a statement per attribute of every report was most of a report's
     * statements.
     */
    private static void registerFamilies(StoreTransaction tx, List<GroupInstance> written,
            Map<GroupClass, Map<Integer, AttributeValue.Family>> storedFamilies, Instant now) throws SQLException {
        Set<String> registered = new HashSet<>();
        for (GroupInstance instance : written) {
            Map<Integer, AttributeValue.Family> known = storedFamilies.getOrDefault(instance.groupClass(), Map.of());
            for (Attribute attribute : instance.attributes()) {
                if (!known.containsKey(attribute.id())
                        && registered.add(instance.groupClass().folded() + "\u0000" + attribute.id())) {
                    tx.classTypes().registerFamily(instance.groupClass(), attribute.id(), attribute.value().family(), now);
                }
            }
        }
    }

    /**
     * Decides one custom object's IDMIF in one transaction: a newer report replaces the
     * object whole, under the version and type rules of client reports.
     *
     * <table>
     *   <caption>Outcomes</caption>
     *   <tr><th>situation</th><th>outcome</th></tr>
     *   <tr><td>version equal to the stored one / lower (an unversioned report made when / before the
     *       last accepted one)</td><td>{@link Outcome#DUPLICATE} / {@link Outcome#OUTDATED}</td></tr>
     *   <tr><td>an attribute's type family differs from the one its class was first stored with</td>
     *       <td>{@link Outcome#TYPE_CONFLICT}, nothing stored or truncated</td></tr>
     *   <tr><td>otherwise</td><td>{@link Outcome#APPLIED_OBJECT}: the object created, or its inventory
     *       replaced (only changed rows written; attributes and groups no longer reported are
     *       deleted, i.e. NULL)</td></tr>
     * </table>
     *
     * <p>No resync is ever requested: an object has no agent to ask.
     *
     * @param report the object's report
     * @param source the file it came from, for the load log
     * @return the decision
     * @throws org.mifsync.resync.store.StoreException if the store fails; nothing was changed
     */
    public Decision decideObject(ObjectReport report, String source) {
        return decideObject(report, Optional.of(Objects.requireNonNull(source, "source")));
    }

    /**
     * Decides one custom object's report that came from no file in one transaction; see {@link
     * #decideObject(ObjectReport, String)}.
     *
     * @param report the object's report
     * @return the decision
     * @throws org.mifsync.resync.store.StoreException if the store fails; nothing was changed
     */
    public Decision decideObject(ObjectReport report) {
        return decideObject(report, Optional.empty());
    }

    private Decision decideObject(ObjectReport report, Optional<String> source) {
        try (DecisionGroup group = group()) {
            Decision decision = group.decideObject(report, source);
            group.commit();
            return decision;
        }
    }

    /** One decision on a custom object inside its transaction. */
    private final class ObjectPass {
        private final StoreTransaction tx;
        private final ObjectReport report;
        private final Optional<String> source;
        private final String hash;
        private final Instant now;

        ObjectPass(StoreTransaction tx, ObjectReport report, Optional<String> source) {
            this.tx = tx;
            this.report = report;
            this.source = source;
            this.hash = ReportWriter.digest(report);
            this.now = clock.instant();
        }

        Decision run() throws SQLException {
            CustomObjects objects = tx.objects();
            objects.lock(report.architecture(), report.key());
            Optional<CustomObjects.StoredObject> stored = objects.find(report.architecture(), report.key());
            ReportVersion version = report.version();
            if (stored.isPresent()) {
                CustomObjects.StoredObject s = stored.get();
                if (!report.versioned()) {
                    if (!report.generatedAt().isAfter(s.generatedAt())) {
                        boolean same = report.generatedAt().equals(s.generatedAt());
                        return finish(same ? Outcome.DUPLICATE : Outcome.OUTDATED, "SMS 1.x IDMIF made at "
                                + report.generatedAt() + (same ? ", when" : ", before") + " the last accepted one ("
                                + s.generatedAt() + ")", version, 0);
                    }
                    version = s.version().nextMajor();
                } else if (version.equals(s.version())) {
                    return finish(Outcome.DUPLICATE, "version " + version + " is the stored version", version, 0);
                } else if (version.major() <= s.version().major()) {
                    return finish(Outcome.OUTDATED, "version " + version + " is older than the stored version "
                            + s.version() + " (an IDMIF replaces its object whole: a newer one has a higher major)",
                            version, 0);
                }
            } else if (!report.versioned()) {
                version = ReportVersion.of(1, 0);
            }
            List<GroupInstance> written = List.copyOf(report.inventory().instances().values());
            Set<GroupClass> classes = written.stream().map(GroupInstance::groupClass)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            Map<GroupClass, Map<Integer, AttributeValue.Family>> families = tx.classTypes().attributeFamilies(classes);
            List<String> conflicts = new ArrayList<>();
            for (GroupInstance instance : written) {
                for (Attribute attribute : instance.attributes()) {
                    AttributeValue.Family first = families.getOrDefault(instance.groupClass(), Map.of())
                            .get(attribute.id());
                    if (first != null && first != attribute.value().family()) {
                        conflicts.add("class " + instance.groupClass() + " attribute " + attribute.id() + " ('"
                                + attribute.name() + "') is " + attribute.value().family() + ", stored as " + first);
                    }
                }
            }
            if (!conflicts.isEmpty()) {
                // no client to block the class for: every such report is refused until it is fixed
                return finish(Outcome.TYPE_CONFLICT, "type conflict, nothing stored or truncated: "
                        + String.join("; ", conflicts.stream().distinct().toList()), version, 0);
            }
            Inventory before = stored.isPresent() ? tx.inventories().objectInventory(stored.get().id()) : Inventory.empty();
            CustomObjects.StoredObject object = source.isPresent() ? objects.accept(report, version, hash, source.get(), now)
                    : objects.accept(report, version, hash, now);
            int rows = tx.inventories().replaceObjectInventory(object.id(), report.inventory());
            registerFamilies(tx, written, families, now);
            int gone = unreported(before, report.inventory());
            return finish(Outcome.APPLIED_OBJECT, (stored.isPresent() ? "replaced" : "created") + " custom object "
                    + describe() + ", version " + version + ", " + rows + " row" + (rows == 1 ? "" : "s") + " written"
                    + (gone == 0 ? "" : "; " + gone + " attribute" + (gone == 1 ? "" : "s")
                    + " no longer reported, now NULL"), version, rows);
        }

        /** Attributes the stored object had that the new report no longer carries. */
        private int unreported(Inventory before, Inventory after) {
            int gone = 0;
            for (Map.Entry<org.mifsync.model.InstanceKey, GroupInstance> old : before.instances().entrySet()) {
                GroupInstance now = after.instances().get(old.getKey());
                Set<Integer> kept = now == null ? Set.of() : now.attributes().stream().map(Attribute::id)
                        .collect(Collectors.toSet());
                gone += (int) old.getValue().attributes().stream().filter(a -> !kept.contains(a.id())).count();
            }
            return gone;
        }

        private String describe() {
            return report.architecture() + " '" + report.key() + "'";
        }

        private Decision finish(Outcome outcome, String detail, ReportVersion version, int rows) throws SQLException {
            String text = outcome.isApplied() ? detail : "custom object " + describe() + ": " + detail;
            tx.loadLog().log(new LoadLogEntry(Optional.empty(), Optional.empty(), Optional.of(version.toString()), Optional.of(hash),
                    outcome, text, source, now));
            return new Decision(outcome, text, Decision.RequestAction.NONE, Optional.empty(), rows);
        }
    }

    /** One decision inside its transaction. */
    private final class Pass {
        private final StoreTransaction tx;
        private final ClientReport clientReport;
        private final InventoryReport report;
        private final ClientIdentity sender;
        private final InventoryKind kind;
        private final ReportIdentity id;
        private final Optional<String> source;
        private final Instant now;
        private final List<Diagnostic> warnings;
        private final List<LoadLogEntry> notes = new ArrayList<>();
        /** Who merged this held conflicting record, when an administrator did. */
        private final Optional<String> mergedBy;
        /** Said in the load log when a conflicting record is applied. */
        private String mergedConflict;
        /** The families the store holds for the written classes, as {@link #typeConflict} read them. */
        private Map<GroupClass, Map<Integer, AttributeValue.Family>> storedFamilies = Map.of();

        Pass(StoreTransaction tx, ClientReport clientReport, ReportIdentity id, Optional<String> source,
                List<Diagnostic> warnings, Optional<String> mergedBy) {
            this.mergedBy = mergedBy;
            this.tx = tx;
            this.clientReport = clientReport;
            this.report = clientReport.report();
            this.sender = clientReport.identity();
            this.kind = report.kind();
            this.id = id;
            this.source = source;
            this.now = clock.instant();
            this.warnings = warnings;
        }

        /** This report's load-log row, naming its file if it came from one. */
        private LoadLogEntry logEntry(Outcome outcome, String detail) {
            return source.isPresent() ? LoadLogEntry.of(id, outcome, detail, source.get(), now)
                    : LoadLogEntry.of(id, outcome, detail, now);
        }

        Decision run() throws SQLException {
            tx.lockClient(sender.smsId());
            Optional<Outcome> seen = tx.loadLog().reportSeen(id);
            if (seen.isPresent()) {
                // a replay after a crash, or the same file delivered twice: decided already
                return finish(Outcome.DUPLICATE, "this report was decided before (" + seen.get() + ")", null, false);
            }
            Optional<String> unknownSite = unknownSite();
            if (unknownSite.isPresent()) {
                // not remembered: once the site is described, the same file loads
                return finish(Outcome.UNKNOWN_SITE, unknownSite.get(), null, false);
            }
            // the client, the identities seen on it and its kind's version, in one round trip
            Optional<Clients.Reporting> reporting = tx.clients().reporting(sender.smsId(), kind);
            StoredClient client = reporting.isPresent() ? reporting.get().client()
                    : tx.clients().createClient(sender, now);
            if (client.isQuarantined()) {
                return finish(Outcome.DUPLICATE_ID, "SMSID " + sender.smsId() + " is quarantined as a duplicate"
                        + " since " + client.quarantinedAt().get() + "; archived until an administrator resolves it",
                        null, false);
            }
            List<Clients.SeenIdentity> seenIds = reporting.map(Clients.Reporting::identitiesSeen).orElse(List.of());
            Optional<KindState> state = reporting.flatMap(Clients.Reporting::kindState);
            boolean alternates = !seenIds.isEmpty() && !seenIds.get(0).matches(sender) && seenIds.stream().skip(1)
                    .anyMatch(s -> s.matches(sender) && !s.lastSeen().isBefore(now.minus(duplicateIdWindow)));
            if (!alternates && conflicting(client.identity(), sender)) {
                if (mergedBy.isEmpty() && identityConflict == IdentityConflict.MANUAL) {
                    // not recorded as seen: the stored machine reporting again is no alternation
                    return hold(client);
                }
                mergedConflict = "conflicting record (" + describe(client.identity()) + " stored, " + describe(sender)
                        + " reported) merged " + mergedBy.map(by -> "by " + by)
                        .orElse("automatically (identity-conflict = merge)");
                // an administrator's merge makes this machine the record: the stored versions counted
                // the other machine's reports, so its own sequence starts here (a complete report is a
                // new baseline, a delta asks for one). The automatic merge applies it as before.
                if (mergedBy.isPresent() && tx.inventories().forgetVersions(client.id()) > 0) {
                    mergedConflict += "; the versions stored for " + describe(client.identity()) + " forgotten";
                    state = Optional.empty();
                }
            }
            tx.clients().recordIdentitySeen(client.id(), sender, now);
            if (alternates) {
                String detail = "SMSID " + sender.smsId() + " is used by two machines: " + describe(sender)
                        + " reported again after " + seenIds.get(0).nameFolded()
                        + cardText(seenIds.get(0).cardFolded()) + "; SMSID quarantined";
                tx.clients().quarantine(client.id(), detail, now);
                return refuseWithRequest(client, Outcome.DUPLICATE_ID, detail);
            }
            ReportVersion version = report.version();
            if (!clientReport.versioned()) {
                if (state.isPresent() && !report.generatedAt().isAfter(state.get().generatedAt())) {
                    boolean same = report.generatedAt().equals(state.get().generatedAt());
                    return finish(same ? Outcome.DUPLICATE : Outcome.OUTDATED, "SMS 1.x report made at "
                            + report.generatedAt() + (same ? ", when" : ", before") + " the last accepted one ("
                            + state.get().generatedAt() + ")", null, true);
                }
                version = state.map(s -> s.version().nextMajor()).orElse(ReportVersion.of(1, 0));
            } else if (state.isPresent()) {
                ReportVersion stored = state.get().version();
                int order = version.compareTo(stored);
                if (order == 0) {
                    return finish(Outcome.DUPLICATE, "version " + version + " is the stored version", null, true);
                }
                if (order < 0 || (report.isComplete() && version.major() == stored.major())) {
                    return finish(Outcome.OUTDATED, "version " + version + " is older than the stored version "
                            + stored, null, true);
                }
                if (!report.isComplete() && !version.equals(stored.next())) {
                    return refuseWithRequest(client, Outcome.VERSION_GAP, "delta " + version + " does not follow the"
                            + " stored version " + stored + " (expected " + stored.next() + ")");
                }
            } else if (!report.isComplete()) {
                return refuseWithRequest(client, Outcome.NO_BASELINE, "delta " + version + " for " + kind
                        + " inventory the store has no baseline for");
            }
            return apply(client, version);
        }

        /**
         * Why the sender's reported site is none of the described ones, if it is not: a client stored
         * as assigned to it would belong to no site that can administer it. A store that describes
         * no site (a library host without {@code site init}) takes every site.
         */
        private Optional<String> unknownSite() throws SQLException {
            if (sender.site().isEmpty()) {
                return Optional.empty();
            }
            List<SiteCode> described = tx.topology().sites().stream().map(Site::code).toList();
            if (described.isEmpty() || described.contains(sender.site().get())) {
                return Optional.empty();
            }
            return Optional.of("the report names site " + sender.site().get() + ", which the site description does"
                    + " not hold (sites: " + described.stream().map(SiteCode::value).sorted()
                    .collect(Collectors.joining(", ")) + "); nothing stored, no resync");
        }

        private Decision apply(StoredClient client, ReportVersion version) throws SQLException {
            List<GroupInstance> written = new ArrayList<>();
            Inventory after;
            ClassTypes.ClassRules rules = tx.classTypes().rules(client.id());
            // classes an administrator dropped for this client are left out, never stored
            Set<GroupClass> dropped = rules.dropped();
            InventoryDelta delta = null;
            if (report.isComplete()) {
                after = report.inventory().orElseThrow().filter(c -> !dropped.contains(c));
                written.addAll(after.instances().values());
            } else {
                InventoryDelta sent = report.delta().orElseThrow();
                delta = dropped.isEmpty() ? sent : InventoryDelta.of(
                        sent.adds().stream().filter(i -> !dropped.contains(i.groupClass())).toList(),
                        sent.updates().stream().filter(i -> !dropped.contains(i.groupClass())).toList(),
                        sent.deletes().stream().filter(k -> !dropped.contains(k.groupClass())).toList());
                written.addAll(delta.adds());
                written.addAll(delta.updates());
                after = null;
            }
            String conflict = typeConflict(client, rules.blocked(), written);
            if (conflict != null) {
                return finish(Outcome.TYPE_CONFLICT, conflict, null, false);
            }
            if (after == null) {
                // checked against the keys of every stored instance, written to the rows it touches only
                List<DeltaMismatchException.Mismatch> mismatches = tx.inventories().deltaMismatches(client.id(), kind, delta);
                if (!mismatches.isEmpty()) {
                    return refuseWithRequest(client, Outcome.ROW_MISMATCH, new DeltaMismatchException(mismatches)
                            .getMessage());
                }
            }
            int rows = report.isComplete() ? tx.inventories().replaceInventory(client.id(), kind, after)
                    : tx.inventories().applyDelta(client.id(), kind, delta);
            registerFamilies(tx, written, storedFamilies, now);
            tx.inventories().putKindState(client.id(), kind, new KindState(version, report.generatedAt(), now));
            noteIdentityChange(client);
            Outcome outcome = switch (report.type()) {
                case FULL -> Outcome.APPLIED_FULL;
                case RESYNC -> Outcome.APPLIED_RESYNC;
                case DELTA -> Outcome.APPLIED_DELTA;
            };
            StoredRequest acknowledged = null;
            if (report.type() == ReportType.RESYNC && report.answersRequest().isPresent()) {
                acknowledged = RequestLifecycle.of(tx, reissue).acknowledge(client.id(), kind,
                        report.answersRequest().get(), now).orElse(null);
            }
            String detail = (report.isComplete() ? "replaced " : "applied delta ") + kind + " inventory, version "
                    + version + ", " + rows + " row" + (rows == 1 ? "" : "s") + " written"
                    + (dropped.isEmpty() ? "" : "; classes dropped by an administrator left out: " + dropped)
                    + (acknowledged != null ? "; acknowledged request of " + acknowledged.request().requestTime() : "")
                    + (mergedConflict != null ? "; " + mergedConflict : "");
            Decision decision = finish(outcome, detail, acknowledged, true, rows,
                    acknowledged == null ? Decision.RequestAction.NONE : Decision.RequestAction.ACKNOWLEDGED);
            return decision;
        }

        /** Null if every attribute keeps its class's family and no written class is blocked. */
        private String typeConflict(StoredClient client, Set<GroupClass> blocked, List<GroupInstance> written)
                throws SQLException {
            Set<GroupClass> classes = written.stream().map(GroupInstance::groupClass)
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            for (GroupClass c : classes) {
                if (blocked.contains(c)) {
                    return "class " + c + " is blocked for this client after a type conflict, until an administrator"
                            + " retypes or drops it";
                }
            }
            ClassTypes.Families read = tx.classTypes().families(client.id(), classes);
            storedFamilies = read.stored();
            Map<GroupClass, Map<Integer, AttributeValue.Family>> families = read.forClient();
            Map<GroupClass, List<String>> conflicts = new java.util.TreeMap<>();
            // per class, per attribute: the stored and the reported family, kept for class retype
            Map<GroupClass, Map<Integer, AttributeValue.Family[]>> found = new HashMap<>();
            for (GroupInstance instance : written) {
                Map<Integer, AttributeValue.Family> known = families.computeIfAbsent(instance.groupClass(),
                        c -> new HashMap<>());
                for (Attribute attribute : instance.attributes()) {
                    AttributeValue.Family family = attribute.value().family();
                    AttributeValue.Family first = known.putIfAbsent(attribute.id(), family);
                    if (first != null && first != family) {
                        found.computeIfAbsent(instance.groupClass(), c -> new java.util.TreeMap<>())
                                .putIfAbsent(attribute.id(), new AttributeValue.Family[] {first, family});
                        conflicts.computeIfAbsent(instance.groupClass(), c -> new ArrayList<>()).add("attribute "
                                + attribute.id() + " ('" + attribute.name() + "') is " + family + ", stored as " + first);
                    }
                }
            }
            if (conflicts.isEmpty()) {
                return null;
            }
            StringBuilder detail = new StringBuilder("type conflict, nothing stored or truncated: ");
            for (Map.Entry<GroupClass, List<String>> e : conflicts.entrySet()) {
                String text = "class " + e.getKey() + ": " + String.join(", ", e.getValue().stream().distinct().toList());
                tx.classTypes().blockClass(client.id(), e.getKey(), text, now);
                for (Map.Entry<Integer, AttributeValue.Family[]> a : found.get(e.getKey()).entrySet()) {
                    tx.classTypes().recordTypeConflict(client.id(), e.getKey(), a.getKey(), a.getValue()[0], a.getValue()[1], now);
                }
                detail.append(text).append("; ");
            }
            return detail.append("class blocked for this client").toString();
        }

        /**
         * A conflicting record: the name and a known card both differ. A card reported for the first
         * time is no sign of another machine, so a client stored without one is never in conflict.
         */
        private static boolean conflicting(ClientIdentity stored, ClientIdentity sender) {
            return !stored.name().equals(sender.name()) && stored.foldedCard().isPresent()
                    && sender.foldedCard().isPresent() && !stored.foldedCard().equals(sender.foldedCard());
        }

        /** Refuses a conflicting record and holds it for the administrator; no request, not remembered. */
        private Decision hold(StoredClient client) throws SQLException {
            ConflictLedger ledger = tx.conflicts();
            boolean heldAlready = ledger.held(client.id()).stream().anyMatch(h -> h.report().equals(id));
            if (!heldAlready) {
                ReportVersion version = report.version();
                // the loader archives a refused file under REFUSED/<OUTCOME>/ in the inbox (Loader.REFUSED)
                if (source.isPresent()) {
                    ledger.hold(client.id(), sender, id, version.major(), version.minor(), report.generatedAt(),
                            source.get(), "REFUSED/" + Outcome.IDENTITY_CONFLICT.name() + "/" + source.get(), now);
                } else {
                    ledger.hold(client.id(), sender, id, version.major(), version.minor(), report.generatedAt(), now);
                }
            }
            return finish(Outcome.IDENTITY_CONFLICT, "conflicting record: SMSID " + sender.smsId() + " is stored as "
                    + describe(client.identity()) + ", the report names " + describe(sender) + "; "
                    + (heldAlready ? "this report is held already" : "held") + " for an administrator"
                    + " (client resolve --merge, --keep or --block), no resync", null, false);
        }

        private void noteIdentityChange(StoredClient client) throws SQLException {
            ClientIdentity stored = client.identity();
            if (stored.equals(sender)) {
                return;
            }
            if (!stored.name().equals(sender.name())) {
                notes.add(logEntry(Outcome.RENAMED, "renamed from " + stored.name() + " to " + sender.name()));
            }
            if (!stored.foldedCard().equals(sender.foldedCard())) {
                notes.add(logEntry(Outcome.CARD_CHANGED, "network card changed from "
                        + stored.netCardId().orElse("(none)") + " to " + sender.netCardId().orElse("(none)")));
            }
            tx.clients().updateIdentity(client.id(), sender, now);
        }

        private Decision refuseWithRequest(StoredClient client, Outcome outcome, String detail) throws SQLException {
            RequestLifecycle.Change change = RequestLifecycle.of(tx, reissue).refused(client, kind,
                    outcome.resyncReason().orElseThrow(), requestedBy, now);
            StoredRequest request = change.request();
            Decision.RequestAction action = switch (change.step()) {
                case ISSUED -> Decision.RequestAction.CREATED;
                case REISSUED -> Decision.RequestAction.REISSUED;
                case ATTACHED -> Decision.RequestAction.ATTACHED;
            };
            String text = detail + switch (change.step()) {
                case ISSUED -> "; resync requested (" + request.request().requestTime() + ")";
                case REISSUED -> "; resync request re-issued (" + request.request().requestTime() + ", issue "
                        + request.issueCount() + ")";
                case ATTACHED -> "; attached to the pending request of " + request.request().requestTime() + " ("
                        + request.request().refusalsSince() + " refused since)";
            };
            return finish(outcome, text, request, true, 0, action);
        }

        private Decision finish(Outcome outcome, String detail, StoredRequest request, boolean remember)
                throws SQLException {
            return finish(outcome, detail, request, remember, 0, Decision.RequestAction.NONE);
        }

        private Decision finish(Outcome outcome, String decided, StoredRequest request, boolean remember, int rows,
                Decision.RequestAction action) throws SQLException {
            String detail = warnings.isEmpty() ? decided
                    : decided + "; " + warnings.stream().map(Diagnostic::toString).collect(Collectors.joining("; "));
            // a type conflict or quarantine may be resolved by an administrator, after which the same
            // file must be loadable again: those are not remembered as decided. A report remembered here
            // was not seen when run() began, and the client's lock kept every other decision about it
            // out since then; were it recorded meanwhile, recordReport keeps the first outcome.
            if (remember) {
                tx.loadLog().recordReport(id, outcome, now);
            }
            tx.loadLog().log(logEntry(outcome, detail));
            for (LoadLogEntry note : notes) {
                tx.loadLog().log(note);
            }
            return new Decision(outcome, detail, action, Optional.ofNullable(request).map(StoredRequest::request),
                    rows);
        }

        private String describe(ClientIdentity identity) {
            return identity.name().folded() + cardText(identity.foldedCard().orElse(""));
        }

        private String cardText(String card) {
            return card.isEmpty() ? "" : " (card " + card + ")";
        }
    }
}
