package org.mifsync.resync.admin;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.GroupClass;
import org.mifsync.model.Hierarchy;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.ResyncRequest;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.store.ClassTypes;
import org.mifsync.resync.store.Clients;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.KindState;
import org.mifsync.resync.store.RequestLifecycle;
import org.mifsync.resync.store.StoreAdmin;
import org.mifsync.resync.store.StoreTransaction;
import org.mifsync.resync.store.StoredClient;
import org.mifsync.resync.files.Mode;

/**
 * The administrator's operations on one client, named by NetBIOS name or SMSID: {@link #show},
 * {@link #delete}, {@link #resolve} a quarantined duplicate, and the way out of a type conflict —
 * {@link #retype}, {@link #drop}, {@link #unblock} a class.
 *
 * <pre>{@code
 * ClientAdmin admin = ClientAdmin.builder(store).clock(clock).actingSite(SiteCode.of("ABC")).build();
 * ClientView view = admin.show("PC1", 20);
 * admin.resolve("ABC00001", "00:11:22:33:44:55", false, Mode.APPLY);
 * }</pre>
 *
 * <p><b>Naming a client.</b> A text that is an SMSID of a stored client names it; otherwise it is
 * taken as a NetBIOS name (ignoring case), which must name exactly one client: by its stored name,
 * or, for a quarantined SMSID, by any name reported on it. An unknown client,
 * a name shared by several clients (the message lists their SMSIDs) or a text that is neither is an
 * {@link AdminException}.
 *
 * <p><b>Sites.</b> With an {@linkplain Builder#actingSite acting site}, changes to a client assigned
 * to another site are refused (it is that site's client), and {@code show} refuses a client assigned
 * to a site that is neither the acting site nor below it. A client without an assigned site belongs
 * to everyone.
 *
 * <p><b>Changes.</b> Each change is one transaction holding the client's lock, so a loader deciding
 * the same client waits for it; {@link Mode#DRY_RUN} does the same work and rolls it back. Requests
 * made here ({@code requestedBy} the {@linkplain Builder#actor actor}) are an administrator's, as
 * {@code invsync}'s ({@link RequestLifecycle#forced}): a pending request for the kind is re-issued at
 * once with a new time, at least a second after every earlier request time of the client, with the
 * new reason and the actor, and waits for the site's re-issue timeout with backoff before a refusal
 * re-issues it again; no request is made while the SMSID is quarantined.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ClientAdmin {

    private final InventoryStore store;
    private final Clock clock;
    private final SiteSettings settings;
    private final Optional<SiteCode> actingSite;
    private final String actor;

    private ClientAdmin(Builder b) {
        this.store = b.store;
        this.clock = b.clock;
        this.settings = b.settings();
        this.actingSite = b.actingSite;
        this.actor = b.actor;
    }

    /**
     * Returns a builder.
     *
     * @param store the store
     * @return the builder, with the store's clock and settings
     */
    public static Builder builder(InventoryStore store) {
        return new Builder(store);
    }

    /**
     * Configures a {@link ClientAdmin}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder extends AdminBuilder<Builder> {
        private Builder(InventoryStore store) {
            super(store);
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
        public ClientAdmin build() {
            return new ClientAdmin(this);
        }
    }

    // ---- show, delete, resolve -------------------------------------------------------------------

    /**
     * Returns what the store holds for a client.
     *
     * @param client a NetBIOS name or SMSID
     * @param recentLoadLog how many of the newest load-log rows to include
     * @return the view
     * @throws AdminException if the client is unknown, ambiguous or not visible from the acting site
     */
    public ClientView show(String client, int recentLoadLog) {
        if (recentLoadLog < 0) {
            throw new IllegalArgumentException("load-log rows must be 0 or more, found " + recentLoadLog);
        }
        return store.inTransaction(tx -> {
            StoredClient c = find(tx, client);
            requireVisible(tx, c);
            StoreAdmin admin = tx.admin();
            List<KindView> kinds = new ArrayList<>();
            for (InventoryKind kind : InventoryKind.values()) {
                Optional<KindState> state = tx.inventories().kindState(c.id(), kind);
                kinds.add(new KindView(kind, state, state.isPresent() ? tx.inventories().inventory(c.id(), kind) : Inventory.empty()));
            }
            return new ClientView(c, admin.quarantineDetail(c.id()), tx.clients().identitiesSeen(c.id()), kinds,
                    tx.requests().ofClient(c.id()), admin.recentLoadLog(c.identity().smsId(), recentLoadLog),
                    tx.classTypes().blocks(c.id()), tx.classTypes().dropped(c.id()), tx.classTypes().retyped(c.id()));
        });
    }

    /**
     * Deletes a client with its inventory, versions, requests, class decisions and identities; its
     * load log stays. The client's next delta meets {@code NO_BASELINE} and asks for a complete
     * report; its request files lose it at the next publish.
     *
     * @param client a NetBIOS name or SMSID
     * @param mode apply or dry run
     * @return what was (or would be) deleted
     * @throws AdminException if the client is unknown, ambiguous or another site's
     */
    public Deletion delete(String client, Mode mode) {
        return change(mode, tx -> {
            StoredClient c = findOwned(tx, client);
            Map<InventoryKind, Integer> instances = tx.admin().instanceCounts(c.id());
            int requests = tx.requests().ofClient(c.id()).size();
            tx.clients().deleteClient(c.id());
            return new Deletion(c, mode, instances, requests);
        });
    }

    /**
     * Ends a {@code DUPLICATE_ID} quarantine by choosing the identity that keeps the SMSID.
     *
     * <p>{@code keep} is a NetCardID or a NetBIOS name (ignoring case) of an identity seen on the
     * SMSID; cards are matched first, and a name seen with several cards must be given by its card.
     * The kept identity becomes the client's and the most recently seen one. The others are kept on
     * watch — if one of them reports again within the duplicate-ID window, that machine still uses
     * the SMSID and the quarantine returns — or forgotten with {@code forgetOthers} (the other
     * machine is gone, or was this one under another name). As the stored inventory may hold the
     * other machine's rows, a complete report is asked of each kind that has a baseline or a pending
     * request ({@code DUPLICATE_ID}; a pending request is re-issued with a new time, which a client
     * that answered it during the quarantine answers again).
     *
     * @param client a NetBIOS name or SMSID
     * @param keep the NetCardID or NetBIOS name of the identity that keeps the SMSID
     * @param forgetOthers true to forget the other identities instead of watching them
     * @param mode apply or dry run
     * @return what was (or would be) done
     * @throws AdminException if the client is unknown, ambiguous, another site's or not quarantined,
     *     or {@code keep} names no identity seen, or several
     */
    public Resolution resolve(String client, String keep, boolean forgetOthers, Mode mode) {
        Objects.requireNonNull(keep, "identity to keep");
        return change(mode, tx -> {
            StoredClient c = findOwned(tx, client);
            SmsId smsId = c.identity().smsId();
            if (!c.isQuarantined()) {
                throw new AdminException(AdminException.Kind.NOT_APPLICABLE, "client " + describe(c)
                        + " is not quarantined; there is no duplicate to resolve");
            }
            Instant now = clock.instant();
            List<Clients.SeenIdentity> seen = tx.clients().identitiesSeen(c.id());
            Clients.SeenIdentity kept = chooseIdentity(smsId, seen, keep);
            List<Clients.SeenIdentity> others = seen.stream().filter(s -> s != kept).toList();
            tx.admin().resolveDuplicate(c.id(), kept, forgetOthers, now);
            ClientIdentity stored = c.identity();
            if (!stored.name().folded().equals(kept.nameFolded())
                    || !stored.foldedCard().orElse("").equals(kept.cardFolded())) {
                tx.clients().updateIdentity(c.id(), new ClientIdentity(smsId, NetBiosName.of(kept.nameFolded()),
                        kept.cardFolded().isEmpty() ? Optional.empty() : Optional.of(kept.cardFolded()), stored.site(),
                        stored.domain()), now);
            }
            Requester requester = new Requester(tx, tx.clients().client(smsId).orElseThrow(), now);
            for (InventoryKind kind : InventoryKind.values()) {
                if (tx.inventories().kindState(c.id(), kind).isPresent() || tx.requests().pendingRequest(c.id(), kind).isPresent()) {
                    requester.request(kind, ResyncReason.DUPLICATE_ID, "client resolve: " + kept.nameFolded()
                            + " keeps SMSID " + smsId);
                }
            }
            return new Resolution(c, mode, kept, forgetOthers ? others : List.of(), forgetOthers ? List.of() : others,
                    requester.made);
        });
    }

    private static Clients.SeenIdentity chooseIdentity(SmsId smsId, List<Clients.SeenIdentity> seen,
            String keep) {
        String folded = keep.strip().toUpperCase(Locale.ROOT);
        List<Clients.SeenIdentity> matches = seen.stream()
                .filter(s -> !s.cardFolded().isEmpty() && s.cardFolded().equals(folded)).toList();
        if (matches.isEmpty()) {
            matches = seen.stream().filter(s -> s.nameFolded().equals(folded)).toList();
        }
        if (matches.size() == 1) {
            return matches.get(0);
        }
        String list = seen.stream().map(ClientAdmin::describe).collect(Collectors.joining(", "));
        if (matches.isEmpty()) {
            throw new AdminException(AdminException.Kind.NOT_FOUND, "no identity seen on SMSID " + smsId
                    + " has the card or name '" + keep.strip() + "'; seen: " + (list.isEmpty() ? "none" : list));
        }
        throw new AdminException(AdminException.Kind.AMBIGUOUS, "the name '" + keep.strip() + "' was seen on SMSID "
                + smsId + " with several cards: " + matches.stream().map(ClientAdmin::describe)
                .collect(Collectors.joining(", ")) + "; give the card of the machine that keeps the SMSID");
    }

    // ---- the way out of a type conflict ----------------------------------------------------------

    /**
     * Accepts, for this client only, the type families its reports gave a blocked class: the
     * client's stored rows of the class (of the old types) are deleted — never converted — and its
     * next complete report stores the class in the new types, so a complete report of the class's
     * kind is asked for ({@code FORCED}). The block ends. Other clients keep the class's first-stored
     * families.
     *
     * @param client a NetBIOS name or SMSID
     * @param groupClass the blocked class
     * @param mode apply or dry run
     * @return what was (or would be) done
     * @throws AdminException if the client is unknown, ambiguous or another site's, or the class is
     *     not blocked for it
     */
    public ClassChange retype(String client, GroupClass groupClass, Mode mode) {
        Objects.requireNonNull(groupClass, "class");
        return change(mode, tx -> {
            StoredClient c = findOwned(tx, client);
            ClassTypes types = tx.classTypes();
            Instant now = clock.instant();
            List<ClassTypes.Block> blocks = types.blocks(c.id());
            ClassTypes.Block block = blocks.stream().filter(b -> b.groupClass().equals(groupClass)).findFirst()
                    .orElseThrow(() -> new AdminException(AdminException.Kind.NOT_APPLICABLE, "class " + groupClass
                            + " is not blocked for client " + describe(c) + "; " + blockedList(blocks)));
            if (block.conflicts().isEmpty()) {
                throw new AdminException(AdminException.Kind.NOT_APPLICABLE, "no conflicting attributes are recorded"
                        + " for the block of class " + groupClass + " on client " + describe(c) + " (" + block.detail()
                        + "); drop the class or unblock it");
            }
            Map<Integer, AttributeValue.Family> accepted = new TreeMap<>();
            for (ClassTypes.Conflict conflict : block.conflicts()) {
                types.acceptFamily(c.id(), groupClass, conflict.attributeId(), conflict.reported(), now);
                accepted.put(conflict.attributeId(), conflict.reported());
            }
            Map<InventoryKind, Integer> deleted = tx.admin().deleteClassRows(c.id(), groupClass);
            types.clearConflicts(c.id(), groupClass);
            types.unblockClass(c.id(), groupClass);
            Set<InventoryKind> kinds = EnumSet.of(kindOf(groupClass));
            kinds.addAll(deleted.keySet());
            Requester requester = new Requester(tx, c, now);
            for (InventoryKind kind : kinds) {
                requester.request(kind, ResyncReason.FORCED, "class retype " + groupClass);
            }
            String changes = block.conflicts().stream().map(x -> "attribute " + x.attributeId() + " " + x.stored()
                    + " -> " + x.reported()).collect(Collectors.joining(", "));
            String summary = "class " + groupClass + " retyped for client " + describe(c) + " (" + changes + "); "
                    + rows(deleted) + " of the old types deleted, none converted; " + requested(requester, c);
            return new ClassChange(c.identity().smsId(), groupClass, ClassChange.Action.RETYPE, mode, deleted, accepted,
                    requester.made, summary);
        });
    }

    /**
     * Deletes the client's stored rows of a class and leaves the class out of the client's reports
     * from now on (its groups are skipped; the rest of each report is applied), until {@link
     * #unblock}. Ends a block of the class and forgets families accepted for it. Works on any class,
     * blocked or not.
     *
     * @param client a NetBIOS name or SMSID
     * @param groupClass the class
     * @param mode apply or dry run
     * @return what was (or would be) done
     * @throws AdminException if the client is unknown, ambiguous or another site's
     */
    public ClassChange drop(String client, GroupClass groupClass, Mode mode) {
        Objects.requireNonNull(groupClass, "class");
        return change(mode, tx -> {
            StoredClient c = findOwned(tx, client);
            ClassTypes types = tx.classTypes();
            Map<InventoryKind, Integer> deleted = tx.admin().deleteClassRows(c.id(), groupClass);
            boolean newly = types.dropClass(c.id(), groupClass, clock.instant());
            boolean wasBlocked = types.unblockClass(c.id(), groupClass);
            types.clearConflicts(c.id(), groupClass);
            types.forgetFamilies(c.id(), groupClass);
            String summary = "class " + groupClass + (newly ? " dropped" : " was already dropped") + " for client "
                    + describe(c) + ": " + rows(deleted) + " deleted" + (wasBlocked ? ", block lifted" : "")
                    + "; its groups are left out of this client's reports until 'class unblock'";
            return new ClassChange(c.identity().smsId(), groupClass, ClassChange.Action.DROP, mode, deleted, Map.of(),
                    List.of(), summary);
        });
    }

    /**
     * Lifts a block (after the client was fixed to report the stored types again: its next report
     * is checked as usual, and the refused report left its version behind, so its next delta asks
     * for a complete report by itself) or a drop (the class is stored again: a complete report of
     * its kind is asked for, {@code FORCED}, so that it comes back whole).
     *
     * @param client a NetBIOS name or SMSID
     * @param groupClass the class
     * @param mode apply or dry run
     * @return what was (or would be) done
     * @throws AdminException if the client is unknown, ambiguous or another site's, or the class is
     *     neither blocked nor dropped for it
     */
    public ClassChange unblock(String client, GroupClass groupClass, Mode mode) {
        Objects.requireNonNull(groupClass, "class");
        return change(mode, tx -> {
            StoredClient c = findOwned(tx, client);
            ClassTypes types = tx.classTypes();
            boolean wasBlocked = types.unblockClass(c.id(), groupClass);
            types.clearConflicts(c.id(), groupClass);
            boolean wasDropped = types.undropClass(c.id(), groupClass);
            if (!wasBlocked && !wasDropped) {
                throw new AdminException(AdminException.Kind.NOT_APPLICABLE, "class " + groupClass + " is neither"
                        + " blocked nor dropped for client " + describe(c) + "; " + blockedList(types.blocks(c.id())));
            }
            Requester requester = new Requester(tx, c, clock.instant());
            if (wasDropped) {
                requester.request(kindOf(groupClass), ResyncReason.FORCED, "class unblock " + groupClass
                        + " (dropped before)");
            }
            String summary = "class " + groupClass + (wasBlocked ? " unblocked" : " no longer dropped") + " for client "
                    + describe(c) + "; " + (wasDropped ? requested(requester, c)
                    : "its next report is checked as usual (a delta after the refused report asks for a complete one)");
            return new ClassChange(c.identity().smsId(), groupClass, ClassChange.Action.UNBLOCK, mode, Map.of(), Map.of(),
                    requester.made, summary);
        });
    }

    // ---- helpers ------------------------------------------------------------------------------

    private InventoryKind kindOf(GroupClass groupClass) {
        return settings.softwareClasses().contains(groupClass) ? InventoryKind.SW : InventoryKind.HW;
    }

    private static String rows(Map<InventoryKind, Integer> deleted) {
        int total = deleted.values().stream().mapToInt(Integer::intValue).sum();
        return total + " stored instance" + (total == 1 ? "" : "s") + (deleted.isEmpty() ? "" : " " + deleted);
    }

    private static String requested(Requester requester, StoredClient c) {
        if (c.isQuarantined()) {
            return "no complete report asked for while the SMSID is quarantined";
        }
        return "complete report asked for: " + requester.made.stream().map(r -> r.kind() + " at " + r.requestTime())
                .collect(Collectors.joining(", "));
    }

    private static String blockedList(List<ClassTypes.Block> blocks) {
        return blocks.isEmpty() ? "no class is blocked for it" : "blocked: " + blocks.stream()
                .map(b -> b.groupClass().value()).collect(Collectors.joining(", "));
    }

    static String describe(StoredClient c) {
        return c.identity().name() + " (" + c.identity().smsId() + ")";
    }

    private static String describe(Clients.SeenIdentity s) {
        return s.nameFolded() + (s.cardFolded().isEmpty() ? " (no card)" : " (card " + s.cardFolded() + ")");
    }

    /** Finds a client by SMSID, else by NetBIOS name. */
    static StoredClient find(StoreTransaction tx, String text) throws SQLException {
        Objects.requireNonNull(text, "client");
        String given = text.strip();
        if (given.isEmpty()) {
            throw new AdminException(AdminException.Kind.INVALID, "give a client's NetBIOS name or SMSID");
        }
        Optional<SmsId> smsId = Optional.empty();
        String smsIdProblem = null;
        try {
            smsId = Optional.of(SmsId.parse(given));
        } catch (IllegalArgumentException e) {
            smsIdProblem = e.getMessage();
        }
        if (smsId.isPresent()) {
            Optional<StoredClient> byId = tx.clients().client(smsId.get());
            if (byId.isPresent()) {
                return byId.get();
            }
        }
        NetBiosName name = null;
        try {
            name = NetBiosName.of(given);
        } catch (IllegalArgumentException e) {
            if (smsId.isEmpty()) {
                throw new AdminException(AdminException.Kind.INVALID, "'" + given + "' is neither an SMSID ("
                        + smsIdProblem + ") nor a NetBIOS name (" + e.getMessage() + ")");
            }
        }
        if (name != null) {
            // a quarantined SMSID is found by any name reported on it, not only by the last one
            Map<SmsId, StoredClient> byId = new TreeMap<>();
            for (StoredClient c : tx.clients().clientsNamed(name)) {
                byId.put(c.identity().smsId(), c);
            }
            for (StoredClient c : tx.clients().quarantinedClientsSeenAs(name)) {
                byId.putIfAbsent(c.identity().smsId(), c);
            }
            List<StoredClient> named = List.copyOf(byId.values());
            if (named.size() == 1) {
                return named.get(0);
            }
            if (named.size() > 1) {
                throw new AdminException(AdminException.Kind.AMBIGUOUS, "the name " + name + " is shared by "
                        + named.size() + " clients: " + named.stream().map(c -> c.identity().smsId().value())
                        .collect(Collectors.joining(", ")) + "; give the SMSID instead");
            }
        }
        throw new AdminException(AdminException.Kind.NOT_FOUND, "no client has the " + (smsId.isPresent()
                ? name != null ? "SMSID or name " : "SMSID " : "name ") + given);
    }

    private StoredClient findOwned(StoreTransaction tx, String text) throws SQLException {
        return findOwned(tx, text, actingSite);
    }

    /** Finds a client that the acting site may change, and holds its lock. */
    static StoredClient findOwned(StoreTransaction tx, String text, Optional<SiteCode> actingSite) throws SQLException {
        StoredClient c = find(tx, text);
        Optional<SiteCode> assigned = c.identity().site();
        if (actingSite.isPresent() && assigned.isPresent() && !assigned.get().equals(actingSite.get())) {
            throw new AdminException(AdminException.Kind.OTHER_SITE, "client " + describe(c) + " is assigned to site "
                    + assigned.get() + ", not " + actingSite.get(), assigned.get());
        }
        tx.lockClient(c.identity().smsId());
        // re-read under the lock: a loader may have changed the client since
        return tx.clients().client(c.identity().smsId()).orElseThrow();
    }

    private void requireVisible(StoreTransaction tx, StoredClient c) throws SQLException {
        if (visible(tx, c, actingSite)) {
            return;
        }
        Optional<SiteCode> assigned = c.identity().site();
        throw new AdminException(AdminException.Kind.OTHER_SITE, "client " + describe(c) + " is assigned to site "
                + assigned.get() + ", which is not " + actingSite.get() + " or below it", assigned.get());
    }

    /** Whether the acting site may see the client: its own, one below it, or a client of no site. */
    static boolean visible(StoreTransaction tx, StoredClient c, Optional<SiteCode> actingSite) throws SQLException {
        Optional<SiteCode> assigned = c.identity().site();
        if (actingSite.isEmpty() || assigned.isEmpty() || assigned.get().equals(actingSite.get())) {
            return true;
        }
        List<Site> sites = tx.topology().sites();
        boolean known = sites.stream().anyMatch(s -> s.code().equals(assigned.get()))
                && sites.stream().anyMatch(s -> s.code().equals(actingSite.get()));
        return known && Hierarchy.of(sites).isUnder(assigned.get(), actingSite.get());
    }

        /** Runs a change in one transaction; a dry run rolls it back and returns what it would have done. */
    private <T> T change(Mode mode, InventoryStore.Work<T> work) {
        return store.inTransaction(mode, work);
    }

    /**
     * Makes complete-report requests for one client as an administrator's ({@link
     * RequestLifecycle#forced}): each a new time at least a second after the last, a pending request
     * re-issued with this request's reason and actor.
     */
    private final class Requester {
        private final RequestLifecycle lifecycle;
        private final StoredClient client;
        private final Instant now;
        private final List<ResyncRequest> made = new ArrayList<>();

        Requester(StoreTransaction tx, StoredClient client, Instant now) {
            this.lifecycle = RequestLifecycle.of(tx, RequestLifecycle.Reissue.of(settings));
            this.client = client;
            this.now = now;
        }

        void request(InventoryKind kind, ResyncReason reason, String why) throws SQLException {
            if (client.isQuarantined()) {
                return; // a quarantined SMSID gets no requests: they would reach both machines
            }
            // the request audit trail of invsync and dumpsync: an administrator asked for a complete report
            made.add(lifecycle.forced(client, kind, reason, new RequestLifecycle.Audit(client.identity().site(),
                    client.identity().domain(), actor, why), now).request().request());
        }
    }
}
