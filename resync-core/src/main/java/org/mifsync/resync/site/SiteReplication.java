package org.mifsync.resync.site;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import org.mifsync.model.DomainName;
import org.mifsync.model.SmsDomain;
import org.mifsync.resync.files.Replicator;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.files.Mode;

/**
 * {@code replicate}: runs the {@link Replicator} for every domain the store knows (or one), copying
 * each domain's masters from {@code SITE.SRV} to all its logon servers and removing replicas whose
 * master is gone.
 *
 * <p>A domain whose masters cannot be read (its folder is missing: run {@code site init}) is
 * reported as a failure and the other domains are still replicated.
 *
 * <p>Thread-safe: holds no state between runs; each run reads the domains afresh.
 *
 * @since 0.1
 */
public final class SiteReplication {

    private final Path root;
    private final InventoryStore store;
    private final Replicator replicator;

    private SiteReplication(Path root, InventoryStore store, Clock clock) {
        this.root = Objects.requireNonNull(root, "root");
        this.store = Objects.requireNonNull(store, "store");
        this.replicator = new Replicator(Objects.requireNonNull(clock, "clock"));
    }

    /**
     * Returns the replication of a site.
     *
     * @param root the central site's root (holding {@code SITE.SRV})
     * @param store the hierarchy's store, which lists the domains and their logon servers
     * @param clock what "now" is, for the age of leftover temporary files
     * @return the replication
     */
    public static SiteReplication of(Path root, InventoryStore store, Clock clock) {
        return new SiteReplication(root, store, clock);
    }

    /**
     * What a run did per domain.
     *
     * <p>Immutable and thread-safe.
     *
     * @param reports each replicated domain's report, in name order
     * @param failures each domain that could not be replicated, with why
     * @since 0.1
     */
    public record Report(Map<DomainName, Replicator.Report> reports, Map<DomainName, String> failures) {

        /**
         * Copies the maps, keeping their order.
         *
         * @throws NullPointerException if a map is null
         */
        public Report {
            reports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reports));
            failures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(failures));
        }

        /**
         * Tells whether every domain was replicated without a problem.
         *
         * @return true when there is no failure and no report lists a problem
         */
        public boolean isClean() {
            return failures.isEmpty() && reports.values().stream().allMatch(r -> r.problems().isEmpty());
        }
    }

    /**
     * Replicates every domain.
     *
     * @param mode apply or dry run
     * @param listener told of each domain's report as it is done (e.g. to print it)
     * @return what was (or would be) done
     */
    public Report run(Mode mode, BiConsumer<DomainName, Replicator.Report> listener) {
        return run(Optional.empty(), mode, listener);
    }

    /**
     * Replicates one domain.
     *
     * @param only the domain to replicate
     * @param mode apply or dry run
     * @param listener told of the domain's report when it is done (e.g. to print it)
     * @return what was (or would be) done
     * @throws IllegalArgumentException if {@code only} names a domain the store does not know
     */
    public Report run(DomainName only, Mode mode, BiConsumer<DomainName, Replicator.Report> listener) {
        return run(Optional.of(Objects.requireNonNull(only, "only")), mode, listener);
    }

    private Report run(Optional<DomainName> only, Mode mode, BiConsumer<DomainName, Replicator.Report> listener) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(listener, "listener");
        List<SmsDomain> domains = store.inTransaction(tx -> tx.topology().domains());
        if (only.isPresent()) {
            List<SmsDomain> named = domains.stream().filter(d -> d.name().equals(only.get())).toList();
            if (domains.isEmpty()) {
                throw new SiteNotSetUpException("no domain " + only.get() + " in the store, which describes no domain");
            }
            if (named.isEmpty()) {
                throw new IllegalArgumentException("no domain " + only.get() + " in the store; the domains are "
                        + domains.stream().map(d -> d.name().value()).collect(Collectors.joining(", ")));
            }
            domains = named;
        }
        Map<DomainName, Replicator.Report> reports = new LinkedHashMap<>();
        Map<DomainName, String> failures = new LinkedHashMap<>();
        for (SmsDomain domain : domains) {
            try {
                Replicator.Report report = replicator.replicate(SiteLayout.of(root, domain.site()), domain, mode);
                reports.put(domain.name(), report);
                listener.accept(domain.name(), report);
            } catch (IOException e) {
                failures.put(domain.name(), e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        return new Report(reports, failures);
    }
}
