package org.mifsync.resync.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.mifsync.model.DomainName;
import org.mifsync.model.LogonServer;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;
import org.mifsync.resync.files.LogonServerLayout;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.StoreTransaction;
import org.mifsync.resync.settings.SiteSettings;

/**
 * {@code site init}: records a {@link SiteDescription} in the store (sites, domains, logon servers,
 * settings) and creates the SMS 1.2 layout on disk: {@code SITE.SRV} under the root with a folder
 * per domain, and {@code LOGON.SRV} under each logon server's root.
 *
 * <p>Idempotent: applied again with the same description it changes nothing and returns an empty
 * {@link Plan}; with a changed description it applies the differences. It refuses, changing
 * nothing, what would lose data or cannot work ({@link SiteSetupException}): removing a domain or
 * site that still has clients, removing a logon server (or moving its root) while its drop box
 * still holds reports not yet collected, and a logon-server root that is not an existing directory
 * (a share that is not mounted must not turn into a local folder).
 *
 * <p>All sites share the root's {@code SITE.SRV}: one store per hierarchy, one folder per domain,
 * each domain's {@code RESYNC.CFG} naming the site that owns it. A removed domain's folders and
 * replicas are left on disk (the plan says so).
 *
 * <pre>{@code
 * try (InventoryStore store = InventoryStore.openEmbedded(root.resolve("SITE.SRV/mifsync.db"), clock)) {
 *     SiteSetup.Plan plan = SiteSetup.of(root, store).apply(SiteDescription.read(Path.of("sites.ini")));
 *     plan.changes().forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Thread-safe: each {@link #apply} reads, checks and writes in one store transaction, so that two
 * set-ups at once apply one after the other.
 *
 * @since 0.1
 */
public final class SiteSetup {

    private final Path root;
    private final InventoryStore store;

    private SiteSetup(Path root, InventoryStore store) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Returns the set-up of the site whose root is given.
     *
     * @param root the central site's root, the directory that holds (or will hold) {@code SITE.SRV}
     * @param store the hierarchy's store
     * @return the set-up
     */
    public static SiteSetup of(Path root, InventoryStore store) {
        return new SiteSetup(root, store);
    }

    /**
     * One difference between the description and what the store and the disk hold.
     *
     * <p>Immutable and thread-safe.
     *
     * @param action what is done
     * @param subject what it is done to, e.g. {@code site EUR} or {@code setting retention}
     * @param detail the values, e.g. {@code 90d -> 30d}, or empty
     * @since 0.1
     */
    public record Change(Action action, String subject, String detail) {
        /**
         * Validates the fields.
         *
         * @throws NullPointerException if a field is null
         */
        public Change {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(detail, "detail");
        }

        /**
         * Returns e.g. {@code add site EUR: Europe, parent CEN}.
         *
         * @return the change in one line
         */
        @Override
        public String toString() {
            return action.word + " " + subject + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    /**
     * What a change does. Immutable and thread-safe.
     *
     * @since 0.1
     */
    public enum Action {
        /** Something new is recorded in the store. */
        ADD("add"),
        /** Something recorded is changed. */
        CHANGE("change"),
        /** Something recorded is removed from the store. */
        REMOVE("remove"),
        /** A directory is created. */
        CREATE("create");

        private final String word;

        Action(String word) {
            this.word = word;
        }
    }

    /**
     * What {@link #apply} did, or {@link #plan} would do.
     *
     * <p>Immutable and thread-safe.
     *
     * @param changes the changes, store first (sites, domains, logon servers, settings), then directories
     * @param notes what was deliberately left alone, e.g. the folders of a removed domain
     * @since 0.1
     */
    public record Plan(List<Change> changes, List<String> notes) {
        /**
         * Copies the lists.
         *
         * @throws NullPointerException if a list is null
         */
        public Plan {
            changes = List.copyOf(changes);
            notes = List.copyOf(notes);
        }

        /**
         * Tells whether nothing changes: the store and disk already match the description.
         *
         * @return true without changes
         */
        public boolean isEmpty() {
            return changes.isEmpty();
        }
    }

    /**
     * Tells what applying the description would change, changing nothing.
     *
     * @param description the description
     * @return the plan
     * @throws SiteSetupException if applying it would be refused
     * @throws IOException if the disk cannot be examined
     */
    public Plan plan(SiteDescription description) throws SiteSetupException, IOException {
        return run(description, false);
    }

    /**
     * Applies the description: records it in the store and creates the missing directories.
     *
     * @param description the description
     * @return what was changed (empty when the store and disk already matched)
     * @throws SiteSetupException if a change would lose data or a logon-server root is missing;
     *     nothing was changed
     * @throws IOException if a directory cannot be created; the store is left as it was
     */
    public Plan apply(SiteDescription description) throws SiteSetupException, IOException {
        return run(description, true);
    }

    private Plan run(SiteDescription description, boolean applying) throws SiteSetupException, IOException {
        Objects.requireNonNull(description, "description");
        try {
            return store.inTransaction(tx -> {
                Planner planner = new Planner(tx, description);
                planner.compare();
                if (!planner.refusals.isEmpty()) {
                    throw new Refused(planner.refusals);
                }
                if (applying) {
                    planner.createDirectories();
                    planner.write();
                }
                return new Plan(planner.changes, planner.notes);
            });
        } catch (Refused e) {
            throw new SiteSetupException(e.refusals.toArray(SiteSetupException.Refusal[]::new));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Carries the refusals out of the transaction, which rolls back. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<SiteSetupException.Refusal> refusals;

        Refused(List<SiteSetupException.Refusal> refusals) {
            super(refusals.toString(), null, false, false);
            this.refusals = refusals;
        }
    }

    /** Compares the description with the store and the disk inside one transaction. */
    private final class Planner {

        private final StoreTransaction tx;
        private final SiteDescription description;
        private final List<Change> changes = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final List<SiteSetupException.Refusal> refusals = new ArrayList<>();
        private final List<Site> sitesToPut = new ArrayList<>();
        private final List<SiteCode> sitesToRemove = new ArrayList<>();
        private final List<SmsDomain> domainsToPut = new ArrayList<>();
        private final List<DomainName> domainsToRemove = new ArrayList<>();
        private final List<Path> directories = new ArrayList<>();
        private boolean settingsChanged;

        private void refuse(SiteSetupException.Kind kind, String text) {
            refusals.add(new SiteSetupException.Refusal(kind, text));
        }

        Planner(StoreTransaction tx, SiteDescription description) {
            this.tx = tx;
            this.description = description;
        }

        void compare() throws SQLException {
            compareSites();
            compareDomains();
            compareSettings();
            try {
                compareDisk();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void compareSites() throws SQLException {
            Map<SiteCode, Site> stored = new TreeMap<>();
            tx.topology().sites().forEach(s -> stored.put(s.code(), s));
            Map<SiteCode, Integer> clients = tx.topology().clientCountsBySite();
            for (Site site : description.sites()) {
                Site before = stored.remove(site.code());
                if (before == null) {
                    changes.add(new Change(Action.ADD, "site " + site.code(), describe(site)));
                    sitesToPut.add(site);
                } else if (!before.equals(site)) {
                    changes.add(new Change(Action.CHANGE, "site " + site.code(), describe(before) + " -> "
                            + describe(site)));
                    sitesToPut.add(site);
                }
            }
            for (Site gone : stored.values()) {
                int count = clients.getOrDefault(gone.code(), 0);
                if (count > 0) {
                    refuse(SiteSetupException.Kind.SITE_HAS_CLIENTS, "site " + gone.code()
                            + " is not in the description but still has " + count + (count == 1 ? " client" : " clients"));
                } else {
                    changes.add(new Change(Action.REMOVE, "site " + gone.code(), describe(gone)));
                    sitesToRemove.add(gone.code());
                }
            }
        }

        private String describe(Site site) {
            return site.name() + site.parent().map(p -> ", parent " + p).orElse(", central site");
        }

        private void compareDomains() throws SQLException {
            Map<DomainName, SmsDomain> stored = new TreeMap<>();
            tx.topology().domains().forEach(d -> stored.put(d.name(), d));
            Map<DomainName, Integer> clients = tx.topology().clientCountsByDomain();
            for (SmsDomain domain : description.domains()) {
                SmsDomain before = stored.remove(domain.name());
                if (before == null) {
                    changes.add(new Change(Action.ADD, "domain " + domain.name(), "site " + domain.site()));
                    for (LogonServer server : domain.logonServers()) {
                        changes.add(new Change(Action.ADD, server(domain.name(), server.name()),
                                server.root().toString()));
                    }
                    domainsToPut.add(domain);
                    continue;
                }
                boolean changed = false;
                if (!before.name().value().equals(domain.name().value())) {
                    changes.add(new Change(Action.CHANGE, "domain " + domain.name(), "spelled "
                            + before.name().value() + " -> " + domain.name().value()));
                    changed = true;
                }
                if (!before.site().equals(domain.site())) {
                    changes.add(new Change(Action.CHANGE, "domain " + domain.name(), "site " + before.site() + " -> "
                            + domain.site()));
                    changed = true;
                }
                changed |= compareServers(domain, before);
                if (changed) {
                    domainsToPut.add(domain);
                }
            }
            for (SmsDomain gone : stored.values()) {
                int count = clients.getOrDefault(gone.name(), 0);
                if (count > 0) {
                    refuse(SiteSetupException.Kind.DOMAIN_HAS_CLIENTS, "domain " + gone.name()
                            + " is not in the description but still has " + count + (count == 1 ? " client" : " clients"));
                    continue;
                }
                for (LogonServer server : gone.logonServers()) {
                    checkDropBoxEmpty(gone.name(), server, "removed");
                }
                changes.add(new Change(Action.REMOVE, "domain " + gone.name(), "site " + gone.site()));
                domainsToRemove.add(gone.name());
                notes.add("domain " + gone.name() + " removed: its folder "
                        + SiteLayout.of(root, gone.site()).domainDir(gone.name())
                        + " and the replicas on its logon servers are left on disk");
            }
        }

        private String server(DomainName domain, NetBiosName name) {
            return "logon server " + name + " of domain " + domain;
        }

        /** Compares logon servers by name (the store lists them in another order); true if any differs. */
        private boolean compareServers(SmsDomain domain, SmsDomain before) {
            Map<NetBiosName, LogonServer> old = new LinkedHashMap<>();
            before.logonServers().forEach(s -> old.put(s.name(), s));
            boolean changed = false;
            for (LogonServer server : domain.logonServers()) {
                LogonServer was = old.remove(server.name());
                if (was == null) {
                    changes.add(new Change(Action.ADD, server(domain.name(), server.name()), server.root().toString()));
                    changed = true;
                } else if (!was.root().equals(server.root()) || !was.name().value().equals(server.name().value())) {
                    if (!was.root().equals(server.root())) {
                        checkDropBoxEmpty(domain.name(), was, "moved to " + server.root());
                    }
                    changes.add(new Change(Action.CHANGE, server(domain.name(), server.name()),
                            was.name().value() + " " + was.root() + " -> " + server.name().value() + " "
                            + server.root()));
                    changed = true;
                }
            }
            for (LogonServer gone : old.values()) {
                checkDropBoxEmpty(domain.name(), gone, "removed");
                changes.add(new Change(Action.REMOVE, server(domain.name(), gone.name()), gone.root().toString()));
                changed = true;
            }
            return changed;
        }

        /** A logon server that leaves the site must not take uncollected reports with it. */
        private void checkDropBoxEmpty(DomainName domain, LogonServer server, String how) {
            Path box = LogonServerLayout.of(server.root()).inventoryBox();
            int files = 0;
            if (Files.isDirectory(box, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(box)) {
                    for (Path entry : entries) {
                        if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                            files++;
                        }
                    }
                } catch (IOException e) {
                    refuse(SiteSetupException.Kind.OTHER, server(domain, server.name()) + " would be " + how
                            + ", but its drop box " + box + " cannot be read (" + e.getMessage() + ")");
                    return;
                }
            }
            if (files > 0) {
                refuse(SiteSetupException.Kind.DROP_BOX_HOLDS_REPORTS, server(domain, server.name()) + " would be "
                        + how + ", but its drop box " + box + " still holds " + files + (files == 1 ? " file" : " files")
                        + " not yet collected");
            }
        }

        private void compareSettings() throws SQLException {
            Optional<SiteSettings> stored = tx.topology().settings();
            SiteSettings wanted = description.settings();
            if (stored.isEmpty()) {
                settingsChanged = true;
                for (Map.Entry<String, String> e : wanted.text().entrySet()) {
                    changes.add(new Change(Action.ADD, "setting " + e.getKey(), e.getValue().replace("\n", ", ")));
                }
                return;
            }
            Map<String, String> before = stored.get().text();
            for (Map.Entry<String, String> e : wanted.text().entrySet()) {
                String was = before.get(e.getKey());
                if (!e.getValue().equals(was)) {
                    settingsChanged = true;
                    changes.add(new Change(Action.CHANGE, "setting " + e.getKey(), String.valueOf(was).replace("\n",
                            ", ") + " -> " + e.getValue().replace("\n", ", ")));
                }
            }
        }

        private void compareDisk() throws IOException {
            SiteLayout site = SiteLayout.of(root, description.central());
            for (Path dir : List.of(site.invDomBox(), site.badMifs(), site.refusedBox())) {
                missing(dir);
            }
            for (SmsDomain domain : description.domains()) {
                missing(SiteLayout.of(root, domain.site()).invenCfgBox(domain.name()));
                for (LogonServer server : domain.logonServers()) {
                    Path serverRoot = server.root();
                    if (!Files.isDirectory(serverRoot)) {
                        refuse(SiteSetupException.Kind.OTHER, server(domain.name(), server.name()) + ": root " + serverRoot
                                + (Files.exists(serverRoot) ? " is not a directory" : " does not exist")
                                + "; mount the share or create the directory (site init does not create a"
                                + " logon server's root)");
                        continue;
                    }
                    LogonServerLayout layout = LogonServerLayout.of(serverRoot);
                    missing(layout.invenCfgBox());
                    missing(layout.inventoryBox());
                }
            }
        }

        private void missing(Path dir) {
            if (!Files.isDirectory(dir) && !directories.contains(dir)) {
                directories.add(dir);
                changes.add(new Change(Action.CREATE, "directory " + dir, ""));
            }
        }

        void createDirectories() {
            try {
                SiteLayout.of(root, description.central()).create();
                for (SmsDomain domain : description.domains()) {
                    SiteLayout.of(root, domain.site()).createDomain(domain.name());
                    for (LogonServer server : domain.logonServers()) {
                        LogonServerLayout.of(server.root()).create();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void write() throws SQLException {
            for (Site site : sitesToPut) {
                tx.topology().putSite(site);
            }
            for (SmsDomain domain : domainsToPut) {
                tx.topology().putDomain(domain);
            }
            for (DomainName gone : domainsToRemove) {
                tx.topology().deleteDomain(gone);
            }
            for (SiteCode gone : sitesToRemove) {
                tx.topology().deleteSite(gone);
            }
            if (settingsChanged) {
                tx.topology().putSettings(description.settings());
            }
        }
    }
}
