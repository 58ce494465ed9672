package org.mifsync.cli.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.model.DomainName;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.StoredRequest;

/**
 * A real {@code mifsync site run --http} process: its metrics are read over HTTP and checked
 * against the store and the directories, its health answers through a failure of the site, and a
 * server bound beyond the loopback asks for the bearer token. Every request goes to 127.0.0.1.
 */
class SiteRunHttpTest {

    @TempDir
    Path dir;

    @Test
    void metricsMatchTheStoreHealthFollowsAFailureOfTheSiteAndNothingChangesOrIsServedFromDisk() throws Exception {
        try (WatchedSite site = WatchedSite.create(dir)) {
            // LS2 stops answering: its root is gone before the service starts
            PathUtils.deleteDirectory(site.ls2);
            // no --http: the description's http = 127.0.0.1:0 starts the server
            site.start(null);
            assertThat(site.stdout()).contains("site run: http on 127.0.0.1:" + site.port());

            // it changes nothing and serves no file
            for (String method : new String[] {"POST", "PUT", "DELETE"}) {
                WatchedSite.Response r = site.request(method, "/client?q=PC1", Optional.empty());
                assertThat(r.statusCode()).as(method).isEqualTo(405);
                assertThat(r.header("Allow")).contains("GET, HEAD");
            }
            for (String path : new String[] {"/sites.ini", "/../sites.ini", "/SITE.SRV/mifsync.db", "/etc/passwd",
                "/metrics/../../sites.ini", "/%2e%2e/sites.ini"}) {
                WatchedSite.Response r = site.get(path);
                assertThat(r.statusCode()).as(path).isIn(400, 404);
                assertThat(r.body()).doesNotContain("[site CEN]");
            }

            WatchedSite.Response live = site.get("/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).isEqualTo("live\n");
            site.await("ready", () -> site.get("/health/ready").statusCode() == 200);

            site.dropFull(site.ls1, "PC1", "CEN00001", "MICROSOFT|COMPUTER_SYSTEM|1.0");
            site.dropFull(site.ls1, "PC2", "CEN00002", "MICROSOFT|COMPUTER_SYSTEM|1.0");
            site.dropOrphanDelta(site.ls1, "PC3", "CEN00003");
            site.dropGarbage(site.ls1, "BROKEN");
            site.await("four reports decided", () -> decided(site.metrics()) == 4);
            // the decisions are counted as they are made, the rest when their cycle ends with the publish
            site.await("the request published", () -> site.metrics().get("mifsync_requests_published_total") >= 1);

            Map<String, Double> m = site.metrics();
            assertThat(m).containsEntry("mifsync_reports_decided_total{outcome=\"APPLIED_FULL\"}", 2.0)
                    .containsEntry("mifsync_reports_decided_total{outcome=\"NO_BASELINE\"}", 1.0)
                    .containsEntry("mifsync_reports_decided_total{outcome=\"BAD_MIF\"}", 1.0)
                    .containsEntry("mifsync_collect_files_total{domain=\"SALES\",logon_server=\"LS1\"}", 4.0)
                    .containsEntry("mifsync_logon_server_up{domain=\"SALES\",logon_server=\"LS1\"}", 1.0)
                    .containsEntry("mifsync_logon_server_up{domain=\"SALES\",logon_server=\"LS2\"}", 0.0)
                    .containsEntry("mifsync_collect_problems_total{domain=\"SALES\",logon_server=\"LS1\"}", 0.0)
                    .containsEntry("mifsync_store_up", 1.0)
                    .containsEntry("mifsync_inbox_reports", 0.0)
                    .containsEntry("mifsync_inbox_oldest_report_age_seconds", 0.0)
                    .containsEntry("mifsync_requests_stuck", 0.0)
                    .containsEntry("mifsync_clients_quarantined", 0.0)
                    .containsEntry("mifsync_cycles_total{result=\"failed\"}", 0.0);
            assertThat(m.get("mifsync_collect_problems_total{domain=\"SALES\",logon_server=\"LS2\"}")).isPositive();
            assertThat(m.get("mifsync_cycles_total{result=\"ok\"}")).isPositive();
            assertThat(m.get("mifsync_cycle_duration_seconds_count")).isPositive();
            assertThat(m.get("mifsync_requests_made_total")).isEqualTo(1.0);
            assertThat(m.get("mifsync_last_cycle_success_timestamp_seconds"))
                    .isBetween(Instant.now().minusSeconds(60).getEpochSecond() * 1.0, Instant.now().getEpochSecond() + 1.0);

            // the figures the store and the directories hold, read here independently
            try (InventoryStore store = InventoryStore.openEmbedded(site.storeFile(), Clock.systemUTC())) {
                Map<String, Long> pending = store.pendingRequests().stream().collect(Collectors.groupingBy(
                        (StoredRequest r) -> "mifsync_requests_pending{domain=\"" + store.client(r.request().client())
                                .flatMap(c -> c.identity().domain()).map(DomainName::toString).orElse("(none)")
                                + "\",reason=\"" + r.request().reason() + "\"}", Collectors.counting()));
                assertThat(pending).containsOnlyKeys("mifsync_requests_pending{domain=\"SALES\",reason=\"NO_BASELINE\"}");
                pending.forEach((sample, n) -> assertThat(m).containsEntry(sample, n.doubleValue()));
                assertThat(m.keySet().stream().filter(k -> k.startsWith("mifsync_requests_pending{"))).hasSize(1);
            }
            try (Stream<Path> bad = Files.list(site.inbox().resolve("BADMIFS"))) {
                long files = bad.filter(p -> p.getFileName().toString().toUpperCase().endsWith(".MIF")).count();
                assertThat(files).isEqualTo(1);
                assertThat(m).containsEntry("mifsync_badmifs_files", (double) files);
            }
            long onDisk = Files.size(site.storeFile());
            assertThat(m.get("mifsync_store_size_bytes")).isPositive()
                    .isLessThanOrEqualTo(onDisk + walSize(site));

            // a failure of the site: the database is locked by another process's write
            try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + site.storeFile());
                    Statement s = lock.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("BEGIN EXCLUSIVE");
                // a report waits in the inbox, written two hours ago
                Path waiting = site.inbox().resolve("PC4.MIF");
                Files.writeString(site.inbox().resolve(".PC4.tmp"), "placeholder");
                Files.move(site.inbox().resolve(".PC4.tmp"), waiting);
                Files.setLastModifiedTime(waiting, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

                // the status page's own look at the store may find the lock before a cycle fails on it, and
                // says "store: ..." until then; a failed cycle's words take precedence once there is one
                site.await("not ready with the cycle's failure while the store is locked", () -> {
                    WatchedSite.Response ready = site.get("/health/ready");
                    return ready.statusCode() == 503 && ready.body().startsWith("not ready: last cycle: ");
                });
                assertThat(site.get("/health/live").statusCode()).isEqualTo(200);

                Map<String, Double> failing = site.metrics();
                assertThat(failing.get("mifsync_cycles_total{result=\"failed\"}")).isPositive();
                assertThat(failing).containsEntry("mifsync_inbox_reports", 1.0);
                assertThat(failing.get("mifsync_inbox_oldest_report_age_seconds")).isBetween(7200.0, 7200.0 + 300);
                s.execute("ROLLBACK");
            }
            site.await("ready again once the lock is gone", () -> site.get("/health/ready").statusCode() == 200);
            site.await("the waiting file decided", () -> site.metrics().get("mifsync_inbox_reports") == 0.0);
            assertThat(site.metrics()).containsEntry("mifsync_store_up", 1.0);
            site.stop();
        }
    }

    @Test
    void boundBeyondTheLoopbackEveryPathButLivenessNeedsTheToken() throws Exception {
        try (WatchedSite site = WatchedSite.create(dir)) {
            // listens on every address; the test connects to 127.0.0.1 only
            site.start("0.0.0.0:0");
            assertThat(site.stdout()).contains("site run: http on 0.0.0.0:" + site.port());

            assertThat(site.get("/health/live").statusCode()).isEqualTo(200);
            for (String path : new String[] {"/metrics", "/health/ready", "/", "/client?q=PC1", "/style.css"}) {
                WatchedSite.Response none = site.get(path);
                assertThat(none.statusCode()).as(path).isEqualTo(401);
                assertThat(none.header("WWW-Authenticate")).contains("Bearer realm=\"mifsync\"");
                assertThat(site.get(path, Optional.of("wrong")).statusCode()).as(path).isEqualTo(401);
                assertThat(site.get(path, Optional.of(WatchedSite.TOKEN + "x")).statusCode()).as(path).isEqualTo(401);
            }
            site.await("ready with the token", () -> site.get("/health/ready", Optional.of(WatchedSite.TOKEN))
                    .statusCode() == 200);
            assertThat(site.metrics(Optional.of(WatchedSite.TOKEN))).containsEntry("mifsync_store_up", 1.0);
            assertThat(site.get("/", Optional.of(WatchedSite.TOKEN)).statusCode()).isEqualTo(200);
            site.stop();
        }
    }

    private static long walSize(WatchedSite site) throws java.io.IOException {
        Path wal = site.root.resolve("SITE.SRV/mifsync.db-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    private static double decided(Map<String, Double> metrics) {
        return metrics.entrySet().stream().filter(e -> e.getKey().startsWith("mifsync_reports_decided_total{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }
}
