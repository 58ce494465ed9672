package org.mifsync.resync.requests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.LogonServer;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.ResyncRequest;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.files.ClientCfg;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.StoredClient;
import org.mifsync.resync.store.StoredRequest;
import org.mifsync.resync.store.Stores;

/**
 * A three-level hierarchy for the request tests on a real store and real directories: CEN (central)
 * with domain SALES and OFFICE, its child CHI with domain KIDS, and CHI's child GRA with domain GRAND.
 */
final class World implements AutoCloseable {

    static final SiteCode CEN = SiteCode.of("CEN");
    static final SiteCode CHI = SiteCode.of("CHI");
    static final SiteCode GRA = SiteCode.of("GRA");
    static final DomainName SALES = DomainName.of("Sales");
    static final DomainName OFFICE = DomainName.of("OFFICE");
    static final DomainName KIDS = DomainName.of("KIDS");
    static final DomainName GRAND = DomainName.of("GRAND");
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final Path root;
    final InventoryStore store;

    World(Backend backend, Path dir, Class<?> testClass) {
        this.root = dir.resolve("root");
        this.store = Stores.open(backend, dir, testClass, clock);
        describe();
    }

    /** A world on a store opened elsewhere (for tests that share it with other processes). */
    World(Path root, InventoryStore store) {
        this.root = root;
        this.store = store;
    }

    void describe() {
        store.inTransaction(tx -> {
            tx.topology().putSite(Site.central(CEN, "Central"));
            tx.topology().putSite(Site.child(CHI, "Child", CEN));
            tx.topology().putSite(Site.child(GRA, "Grandchild", CHI));
            tx.topology().putDomain(new SmsDomain(SALES, CEN, List.of(server("LS1"))));
            tx.topology().putDomain(new SmsDomain(OFFICE, CEN, List.of(server("LS2"))));
            tx.topology().putDomain(new SmsDomain(KIDS, CHI, List.of(server("LS3"))));
            tx.topology().putDomain(new SmsDomain(GRAND, GRA, List.of(server("LS4"))));
            return null;
        });
    }

    private LogonServer server(String name) {
        return new LogonServer(NetBiosName.of(name), root.resolve("servers").resolve(name));
    }

    SiteLayout layout(SiteCode site) {
        return SiteLayout.of(root, site);
    }

    Publisher publisher(SiteCode site, SiteSettings settings) {
        return Publisher.builder(store, layout(site)).settings(settings).clock(clock).build();
    }

    Publisher publisher() {
        return publisher(CEN, SiteSettings.DEFAULTS);
    }

    static SiteSettings throttle(int limit, Duration interval) {
        return SiteSettings.DEFAULTS.with(SiteSettings.PUBLISH_LIMIT, Integer.toString(limit))
                .with(SiteSettings.PUBLISH_INTERVAL, interval.toSeconds() + "s");
    }

    /** Adds a client reporting the given site and domain. */
    StoredClient client(String smsId, String name, SiteCode site, DomainName domain) {
        ClientIdentity identity = new ClientIdentity(SmsId.parse(smsId), NetBiosName.of(name), Optional.empty(),
                Optional.ofNullable(site), Optional.ofNullable(domain));
        return store.inTransaction(tx -> tx.clients().createClient(identity, clock.instant()));
    }

    /** Records a request as the comparer would: state requested. */
    StoredRequest request(StoredClient client, InventoryKind kind, Instant time, ResyncReason reason) {
        return store.inTransaction(tx -> {
            StoredRequest r = tx.requests().insertRequest(client.id(), ResyncRequest.requested(client.identity().smsId(), kind,
                    time, reason, "loader"), time.plus(Duration.ofDays(1)), clock.instant());
            tx.clients().setLastRequestTime(client.id(), r.request().requestTime());
            return r;
        });
    }

    Path resyncCfg(DomainName domain) {
        return layout(CEN).resyncCfgPath(domain);
    }

    Path box(DomainName domain) {
        return layout(CEN).invenCfgBox(domain);
    }

    /** The master RESYNC.CFG's entries, checked clean. */
    List<ResyncEntry> fileEntries(DomainName domain) throws IOException {
        ResyncCfg.Contents contents = ResyncCfg.forReading(resyncCfg(domain)).read();
        if (!contents.isClean()) {
            throw new AssertionError("damaged " + contents.damage());
        }
        return contents.entries();
    }

    /** The client files of a domain's INVENCFG.BOX, by file name. */
    Map<String, ClientCfg> clientFiles(DomainName domain) throws IOException {
        Map<String, ClientCfg> files = new TreeMap<>();
        if (!Files.isDirectory(box(domain))) {
            return files;
        }
        try (Stream<Path> listing = Files.list(box(domain))) {
            for (Path p : listing.toList()) {
                if (ClientCfg.isCanonicalFileName(p.getFileName().toString())) {
                    files.put(p.getFileName().toString(), ClientCfg.read(p));
                }
            }
        }
        return files;
    }

    static List<String> names(List<ResyncEntry> entries) {
        List<String> out = new ArrayList<>();
        for (ResyncEntry e : entries) {
            out.add(e.smsId() + " " + e.kind());
        }
        return out;
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        store.close();
    }
}
