package org.mifsync.resync.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.DomainName;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.StoreException;
import org.mifsync.testkit.FullDisk;
import org.mifsync.testkit.SiteDescriptionText;

/** The site as a service on a real SQLite store and real directories, with the system clock. */
class SiteServiceTest {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final SiteCode CEN = SiteCode.of("CEN");
    static final DomainName SALES = DomainName.of("SALES");

    @TempDir
    Path dir;

    final Clock clock = Clock.systemUTC();
    InventoryStore store;
    SiteService service;
    Path root;
    Path inbox;
    Path dropBox;

    /** Everything the service told its listener, in order. */
    static final class Heard implements SiteService.Listener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<SiteService.Cycle> cycles = new CopyOnWriteArrayList<>();
        final List<Loader.FileDecision> files = new CopyOnWriteArrayList<>();
        final List<SiteService.Failure> failures = new CopyOnWriteArrayList<>();
        final List<SiteReplication.Report> replications = new CopyOnWriteArrayList<>();
        volatile Runnable onFile = () -> { };
        volatile Runnable onCycle = () -> { };

        @Override
        public void started() {
            events.add("started");
        }

        @Override
        public void fileLoaded(Loader.FileDecision file) {
            files.add(file);
            onFile.run();
        }

        @Override
        public void cycleDone(SiteService.Cycle cycle) {
            events.add("cycle");
            cycles.add(cycle);
            onCycle.run();
        }

        @Override
        public void replicated(SiteReplication.Report result) {
            events.add("replicated");
            replications.add(result);
        }

        @Override
        public void failed(SiteService.Failure failure) {
            events.add("failed " + failure.activity());
            failures.add(failure);
        }

        @Override
        public void fatal(Throwable failure) {
            events.add("fatal " + failure);
        }

        @Override
        public void stopped() {
            events.add("stopped");
        }
    }

    final Heard heard = new Heard();

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
        if (store != null) {
            store.close();
        }
    }

    void init(SiteDescriptionText description) throws Exception {
        store = InventoryStore.openEmbedded(dir.resolve("root/SITE.SRV/mifsync.db"), clock);
        root = dir.resolve("root");
        description.createLogonServerRoots(dir);
        SiteSetup.of(root, store).apply(SiteDescription.parse("sites.ini", description.text(), dir));
        inbox = root.resolve("SITE.SRV/INVENTRY.BOX");
        dropBox = dir.resolve("ls1/LOGON.SRV/INVENTRY.BOX");
    }

    /** The central site collecting and replicating hourly: in a test, only a wake-up starts a cycle early. */
    static SiteDescriptionText hourly() {
        return SiteDescriptionText.central().setting("collect-interval", "1h").setting("replicate-interval", "1h");
    }

    SiteService start(SiteService.Builder builder) {
        service = builder.listener(heard).build();
        service.start();
        return service;
    }

    static GroupInstance disk(String letter) {
        return GroupInstance.of(GroupClass.of("MICROSOFT|DISK|1.0"), List.of(1),
                List.of(Attribute.of(1, "Drive Letter", AttributeValue.text(letter))));
    }

    static ClientIdentity who(String smsId) {
        return new ClientIdentity(SmsId.parse(smsId), NetBiosName.of("PC" + smsId.substring(5)), Optional.empty(),
                Optional.of(CEN), Optional.of(SALES));
    }

    static byte[] full(String smsId) {
        return ReportWriter.encode(ClientReport.of(who(smsId), InventoryReport.full(SmsId.parse(smsId), InventoryKind.HW,
                ReportVersion.of(1, 0), Instant.parse("2026-03-01T09:00:00Z"), Inventory.of(disk("C")))));
    }

    static byte[] deltaWithoutBaseline(String smsId) {
        return ReportWriter.encode(ClientReport.of(who(smsId), InventoryReport.delta(SmsId.parse(smsId),
                InventoryKind.HW, ReportVersion.of(3, 1), Instant.parse("2026-03-01T09:00:00Z"),
                InventoryDelta.of(List.of(disk("D")), List.of(), List.of()))));
    }

    /** Writes a report the way agents do: a temporary name, then a rename. */
    static void drop(Path box, String name, byte[] report) throws Exception {
        Path tmp = box.resolve(name.replace(".MIF", ".TMP"));
        Files.write(tmp, report);
        Files.move(tmp, box.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    static List<String> reportNames(Path box) throws Exception {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(box, "*.MIF")) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        return names;
    }

    @Test
    void startRunsACycleAndAReplicationAtOnceAndStopEndsTheServiceCleanly() throws Exception {
        init(hourly());
        drop(dropBox, "A.MIF", full("CEN00001"));
        start(SiteService.builder(root, store).clock(clock));
        assertThat(service.state()).isIn(SiteService.State.RUNNING);

        await("the first replication", () -> !heard.replications.isEmpty());
        assertThat(heard.events).startsWith("started", "cycle", "replicated");
        SiteService.Cycle first = heard.cycles.get(0);
        assertThat(first.number()).isEqualTo(1);
        assertThat(first.report().collected().moved()).hasSize(1);
        assertThat(first.report().loaded().applied()).containsEntry(Outcome.APPLIED_FULL, 1);
        assertThat(first.idle()).isFalse();
        assertThat(store.inventory(SmsId.parse("CEN00001"), InventoryKind.HW)).contains(Inventory.of(disk("C")));
        // the cycle published the domain's (empty) RESYNC.CFG, the replication carried it to the logon server
        assertThat(dir.resolve("ls1/LOGON.SRV/RESYNC.CFG")).hasSameBinaryContentAs(
                SiteLayout.of(root, CEN).resyncCfgPath(SALES));

        service.stop();
        assertThat(service.awaitStopped(PATIENCE)).isTrue();
        assertThat(service.state()).isEqualTo(SiteService.State.STOPPED);
        assertThat(service.failure()).isEmpty();
        assertThat(heard.events).last().isEqualTo("stopped");
        assertThat(heard.cycles).hasSize(1);
        assertThatThrownBy(service::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("runs once");
        service.close();
        service.stop();
    }

    @Test
    void anErrorNoRetryCanCureEndsTheServiceAndTheListenerHearsItThenTheStop() throws Exception {
        init(hourly());
        drop(dropBox, "A.MIF", full("CEN00001"));
        // an Error is not a failure of the site: no backoff can cure it, the service ends
        InternalError broken = new InternalError("the JVM broke");
        heard.onCycle = () -> {
            throw broken;
        };
        start(SiteService.builder(root, store).clock(clock));

        assertThat(service.awaitStopped(PATIENCE)).isTrue();
        assertThat(service.state()).isEqualTo(SiteService.State.FAILED);
        assertThat(service.failure()).containsSame(broken);
        assertThat(heard.events).containsExactly("started", "cycle", "fatal " + broken, "stopped");
        // what the cycle decided before the error stays decided
        assertThat(store.inventory(SmsId.parse("CEN00001"), InventoryKind.HW)).contains(Inventory.of(disk("C")));
        assertThatThrownBy(service::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aServiceStoppedBeforeItStartedNeverRuns() throws Exception {
        init(SiteDescriptionText.central());
        service = SiteService.builder(root, store).listener(heard).build();
        assertThat(service.state()).isEqualTo(SiteService.State.NEW);
        service.stop();
        assertThat(service.awaitStopped(Duration.ZERO)).isTrue();
        assertThat(service.state()).isEqualTo(SiteService.State.STOPPED);
        assertThatThrownBy(service::start).isInstanceOf(IllegalStateException.class);
        assertThat(heard.events).isEmpty();
    }

    @Test
    void stopFinishesTheReportsBeingDecidedAndLeavesTheRestInTheInboxUnderTheirNames() throws Exception {
        init(SiteDescriptionText.central().setting("collect-interval", "1h"));
        // more files than one commit group holds: the stop lands while the first group's files are finished
        int count = Loader.DEFAULT_COMMIT_FILES + 8;
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add(String.format(Locale.ROOT, "R%02d.MIF", i));
            Files.write(inbox.resolve(names.get(i - 1)), full(String.format(Locale.ROOT, "CEN%05d", i)));
        }
        // the stop arrives while the first file is being finished: the loader must not claim another
        heard.onFile = () -> service.stop();
        start(SiteService.builder(root, store).clock(clock).watchInbox(false));
        assertThat(service.awaitStopped(PATIENCE)).isTrue();

        assertThat(heard.files).as("the files of the group committed when the stop came")
                .hasSizeBetween(1, Loader.DEFAULT_COMMIT_FILES);
        assertThat(heard.cycles).hasSize(1);
        SiteService.Cycle cycle = heard.cycles.get(0);
        assertThat(cycle.report().loaded().stopReason()).isEqualTo(Loader.StopReason.STOP_REQUESTED);
        assertThat(cycle.report().loaded().stoppedBy()).contains(Loader.STOP_MESSAGE);
        assertThat(cycle.report().stopReason()).isEqualTo(Loader.StopReason.STOP_REQUESTED);
        assertThat(cycle.siteFailure()).isEmpty();
        assertThat(cycle.report().published()).as("publishing waits for the next run").isEmpty();
        assertThat(heard.failures).isEmpty();
        assertThat(heard.replications).as("a stopping service does not replicate").isEmpty();
        List<String> rest = new ArrayList<>(names);
        heard.files.forEach(f -> rest.remove(f.file()));
        assertThat(rest).hasSize(count - heard.files.size());
        assertThat(reportNames(inbox)).as("no X-prefixed claim, no lost file").containsExactlyInAnyOrderElementsOf(rest);

        // the next run loads the rest: nothing was lost or half done
        SiteCycle.Report next = SiteCycle.builder(root, store).clock(clock).build().run();
        assertThat(next.loaded().applied()).containsEntry(Outcome.APPLIED_FULL, rest.size());
        assertThat(reportNames(inbox)).isEmpty();
    }

    @Test
    void aBusyStoreIsRetriedAfterABackoffAndTheReportIsKeptUntilItLoads() throws Exception {
        init(hourly());
        drop(dropBox, "A.MIF", full("CEN00001"));
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("root/SITE.SRV/mifsync.db"))) {
            try (Statement s = other.createStatement()) {
                // another process writes for a long time: every transaction of the service meets BUSY
                s.execute("BEGIN EXCLUSIVE");
            }
            start(SiteService.builder(root, store).clock(clock).failureBackoff(Duration.ofMillis(200),
                    Duration.ofSeconds(2)));
            await("the first failure", () -> !heard.failures.isEmpty());
            SiteService.Failure failure = heard.failures.get(0);
            assertThat(failure.activity()).isEqualTo(SiteService.Activity.CYCLE);
            assertThat(failure.failuresInARow()).isEqualTo(1);
            assertThat(failure.retryIn()).isEqualTo(Duration.ofMillis(200));
            assertThat(failure.cause()).containsInstanceOf(StoreException.class);
            assertThat(((StoreException) failure.cause().get()).isSiteFailure()).isTrue();
            assertThat(service.state()).isEqualTo(SiteService.State.RUNNING);
            assertThat(reportNames(dropBox)).containsExactly("A.MIF");
            try (Statement s = other.createStatement()) {
                s.execute("ROLLBACK");
            }
        }
        await("the report loaded after the store came back", () -> heard.files.size() == 1);
        assertThat(heard.files.get(0).outcome()).isEqualTo(Outcome.APPLIED_FULL);
        assertThat(service.state()).isEqualTo(SiteService.State.RUNNING);
        assertThat(store.inventory(SmsId.parse("CEN00001"), InventoryKind.HW)).contains(Inventory.of(disk("C")));
    }

    @Test
    void aReportAppearingInTheInboxOrAWakeStartsACycleBeforeTheNextCollect() throws Exception {
        init(hourly());
        start(SiteService.builder(root, store).clock(clock));
        await("the first cycle", () -> heard.cycles.size() == 1);
        assertThat(heard.cycles.get(0).idle()).isTrue();

        drop(inbox, "A.MIF", full("CEN00001"));
        await("the watch to start a cycle", () -> heard.files.size() == 1);

        drop(dropBox, "B.MIF", full("CEN00002"));
        service.wake();
        await("the wake-up to collect", () -> heard.files.size() == 2);
        assertThat(heard.files).extracting(Loader.FileDecision::outcome).containsOnly(Outcome.APPLIED_FULL);
    }

    @Test
    void requestsWaitingForTheThrottleArePublishedAtItsNextFreeSlot() throws Exception {
        init(hourly().setting("publish-limit", "1").setting("publish-interval", "1s"));
        Files.write(inbox.resolve("A.MIF"), deltaWithoutBaseline("CEN00001"));
        Files.write(inbox.resolve("B.MIF"), deltaWithoutBaseline("CEN00002"));
        start(SiteService.builder(root, store).clock(clock).watchInbox(false));

        await("the second cycle", () -> heard.cycles.size() >= 2);
        SiteService.Cycle first = heard.cycles.get(0);
        assertThat(first.report().loaded().requestsMade()).isEqualTo(2);
        assertThat(first.waiting()).isEqualTo(1);
        assertThat(first.nextSlot()).isPresent();
        SiteService.Cycle second = heard.cycles.get(1);
        assertThat(second.started()).isAfterOrEqualTo(first.nextSlot().get());
        assertThat(second.started()).as("not the hourly collect").isBefore(first.started().plus(Duration.ofHours(1)));
        assertThat(second.report().published()).flatExtracting(p -> p.admitted()).hasSize(1);
        assertThat(second.waiting()).isZero();
        assertThat(ResyncCfg.forReading(SiteLayout.of(root, CEN).resyncCfgPath(SALES)).read().entries()).hasSize(2);
    }

    @Test
    void backoffDoublesFromTheFirstWaitUpToItsCeiling() throws Exception {
        init(SiteDescriptionText.central());
        Duration first = Duration.ofSeconds(1);
        Duration ceiling = Duration.ofSeconds(10);
        assertThat(List.of(1, 2, 3, 4, 5, 1000)).extracting(n -> SiteService.backoff(first, ceiling, n))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                        Duration.ofSeconds(8), ceiling, ceiling);
        assertThatThrownBy(() -> SiteService.builder(Path.of("r"), store).failureBackoff(ceiling, first))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPublishThatCannotWriteIsAFailureOfTheCycleNamingTheStepAndTheFileAndIsRetried() throws Exception {
        init(hourly());
        drop(dropBox, "A.MIF", deltaWithoutBaseline("CEN00001"));
        Path domainFolder = root.resolve("SITE.SRV/MAINCFG.BOX/INVDOM.BOX/SALES.000");
        Optional<FullDisk> full = FullDisk.mountOver(domainFolder);
        if (full.isEmpty()) {
            // not allowed to mount: a regular file where the domain's folder was fails the write for real too
            Files.delete(domainFolder.resolve("INVENCFG.BOX"));
            Files.delete(domainFolder);
            Files.writeString(domainFolder, "not a folder");
        }
        try (AutoCloseable unmount = () -> full.ifPresent(FullDisk::close)) {
            start(SiteService.builder(root, store).clock(clock).failureBackoff(Duration.ofMillis(200),
                    Duration.ofSeconds(2)));
            await("the failed publish", () -> !heard.failures.isEmpty());
            service.close();
        }
        SiteService.Failure failure = heard.failures.get(0);
        assertThat(failure.activity()).isEqualTo(SiteService.Activity.CYCLE);
        assertThat(failure.message()).startsWith(full.isPresent()
                ? "publish: SALES: cannot write " + domainFolder.resolve("RESYNC.CFG") + ": No space left on device"
                : "publish: SALES: " + domainFolder);
        assertThat(failure.cause()).containsInstanceOf(java.io.IOException.class);
        // the load was done and heard before the failure: the report is decided, not retried
        assertThat(heard.files).extracting(f -> f.outcome()).containsExactly(Outcome.NO_BASELINE);
        assertThat(service.state()).isEqualTo(SiteService.State.STOPPED);
    }
}
