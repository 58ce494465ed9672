package org.mifsync.resync.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.mif.MifParser;
import org.mifsync.model.DomainName;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.RequestState;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.compare.MutableClock;
import org.mifsync.resync.files.ClientCfg;
import org.mifsync.resync.files.LogonServerLayout;
import org.mifsync.resync.files.ResyncCfg;
import org.mifsync.resync.files.ResyncEntry;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportReader;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.StoredRequest;
import org.mifsync.resync.store.Stores;

/** The agent against real directories; its reports decided by the real Comparer on SQLite and PostgreSQL. */
class AgentTest {

    static final SmsId ID = SmsId.parse("ABC00001");

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    Path state;
    Path logonRoot;
    LogonServerLayout logon;
    Path inventoryFile;
    Machine machine;
    InventoryStore store;

    @BeforeEach
    void setUp() throws IOException {
        state = dir.resolve("state");
        logonRoot = Files.createDirectories(dir.resolve("ls1"));
        logon = LogonServerLayout.of(logonRoot).create();
        inventoryFile = dir.resolve("inventory.mif");
        machine = new Machine(ID.value(), "PC1");
        machine.disks.put("C", 100);
        machine.software.add("Word");
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    /** A computer's true inventory, written as an SMS 1.x MIF file (no directives: both kinds). */
    static final class Machine {
        final String smsId;
        final String name;
        final Map<String, Integer> disks = new TreeMap<>();
        final List<String> software = new ArrayList<>();

        Machine(String smsId, String name) {
            this.smsId = smsId;
            this.name = name;
        }

        String mif() {
            StringBuilder out = new StringBuilder("Start Component\r\n  Name = \"Workstation\"\r\n");
            out.append("  Start Group Name = \"Identification\" ID = 1 Class = \"MICROSOFT|IDENTIFICATION|1.0\"\r\n")
                    .append(attr(1, "Name", name)).append(attr(2, "SMSID", smsId))
                    .append(attr(3, "NetCardID", "00:11:22:33:44:55")).append("  End Group\r\n");
            int id = 2;
            for (Map.Entry<String, Integer> disk : disks.entrySet()) {
                out.append("  Start Group Name = \"Disk\" ID = ").append(id++)
                        .append(" Class = \"MICROSOFT|DISK|1.0\" Key = 1\r\n").append(attr(1, "Drive Letter", disk.getKey()))
                        .append("    Start Attribute Name = \"Free Space\" ID = 2 Type = Integer Value = ")
                        .append(disk.getValue()).append(" End Attribute\r\n  End Group\r\n");
            }
            for (String sw : software) {
                out.append("  Start Group Name = \"Software\" ID = ").append(id++)
                        .append(" Class = \"MICROSOFT|SOFTWARE|1.0\" Key = 1\r\n").append(attr(1, "Software Name", sw))
                        .append("  End Group\r\n");
            }
            return out.append("End Component\r\n").toString();
        }

        private static String attr(int id, String name, String value) {
            return "    Start Attribute Name = \"" + name + "\" ID = " + id + " Type = String(" + Math.max(1, value.length())
                    + ") Value = \"" + value + "\" End Attribute\r\n";
        }

        Inventory truth(InventoryKind kind) throws Exception {
            List<ClientReport> reports = ReportReader.standard().read(MifParser.strict()
                    .parseText(mif(), "truth").document(), Instant.EPOCH).reports();
            return reports.stream().filter(r -> r.report().kind() == kind).findFirst().orElseThrow()
                    .report().inventory().orElseThrow();
        }
    }

    Agent agent() {
        return Agent.builder(state, logonRoot).clock(clock).build();
    }

    Agent.Report run(Agent.Mode mode) throws Exception {
        clock.advance(Duration.ofMinutes(1));
        Files.writeString(inventoryFile, machine.mif(), StandardCharsets.ISO_8859_1);
        return agent().run(inventoryFile, mode);
    }

    Agent.Sent sent(Agent.Report result, InventoryKind kind) {
        return result.sent().stream().filter(s -> s.kind() == kind).findFirst().orElseThrow();
    }

    Comparer comparer;

    void openStore(Backend backend) {
        store = Stores.open(backend, dir, getClass(), clock);
        comparer = Comparer.builder(store).clock(clock).build();
    }

    /** The site's side: load whatever the drop box holds, in the loader's order. */
    Map<Outcome, Integer> load() throws IOException {
        return Loader.builder(logon.inventoryBox(), comparer).build().loadOnce().reportsByOutcome();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void firstAFullReportThenDeltasNmPlusOneThatTheComparerApplies(Backend backend) throws Exception {
        openStore(backend);
        Agent.Report first = run(Agent.Mode.DELTA);
        assertThat(first.sent()).extracting(Agent.Sent::action).containsExactly(Agent.Action.FULL, Agent.Action.FULL);
        assertThat(sent(first, InventoryKind.HW).version()).isEqualTo(ReportVersion.of(1, 0));
        assertThat(first.delivered()).extracting(p -> p.getFileName().toString())
                .containsExactlyInAnyOrder("HW_ABC00001_1_0.MIF", "SW_ABC00001_1_0.MIF");
        assertThat(load()).containsEntry(Outcome.APPLIED_FULL, 2);

        machine.disks.put("C", 80);
        machine.disks.put("D", 500);
        machine.software.clear();
        machine.software.add("Excel");
        Agent.Report second = run(Agent.Mode.DELTA);
        Agent.Sent hw = sent(second, InventoryKind.HW);
        assertThat(hw.action()).isEqualTo(Agent.Action.DELTA);
        assertThat(hw.version()).isEqualTo(ReportVersion.of(1, 1));
        assertThat(List.of(hw.adds(), hw.updates(), hw.deletes())).containsExactly(1, 1, 0);
        Agent.Sent sw = sent(second, InventoryKind.SW);
        assertThat(List.of(sw.adds(), sw.updates(), sw.deletes())).containsExactly(1, 0, 1);
        String delta = Files.readString(logon.inventoryBox().resolve("HW_ABC00001_1_1.MIF"), StandardCharsets.ISO_8859_1);
        assertThat(delta).contains("//ReportType<Delta>", "//ReportVersion<1.1>", "//InventoryKind<HW>",
                "PRAGMA = \"SMS:Add\"", "PRAGMA = \"SMS:Update\"");
        assertThat(load()).containsEntry(Outcome.APPLIED_DELTA, 2);
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(machine.truth(InventoryKind.HW));
        assertThat(store.inventory(ID, InventoryKind.SW)).contains(machine.truth(InventoryKind.SW));

        Agent.Report unchanged = run(Agent.Mode.DELTA);
        assertThat(unchanged.sent()).extracting(Agent.Sent::action).containsOnly(Agent.Action.UNCHANGED);
        assertThat(unchanged.delivered()).isEmpty();

        machine.disks.remove("D");
        Agent.Report third = run(Agent.Mode.DELTA);
        assertThat(sent(third, InventoryKind.HW).version()).isEqualTo(ReportVersion.of(1, 2));
        assertThat(sent(third, InventoryKind.HW).deletes()).isEqualTo(1);
        assertThat(third.sent()).extracting(Agent.Sent::action).containsExactly(Agent.Action.DELTA,
                Agent.Action.UNCHANGED);
        assertThat(load()).containsOnly(Map.entry(Outcome.APPLIED_DELTA, 1));
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(machine.truth(InventoryKind.HW));
        assertThat(store.kindState(ID, InventoryKind.HW).orElseThrow().version()).isEqualTo(ReportVersion.of(1, 2));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aDroppedDeltaIsRepairedByTheResyncTheAgentSendsOnceForItsRequestTime(Backend backend) throws Exception {
        openStore(backend);
        run(Agent.Mode.DELTA);
        load();
        machine.disks.put("C", 90);
        Agent.Report lost = run(Agent.Mode.DELTA);
        Files.delete(sent(lost, InventoryKind.HW).file().orElseThrow());
        machine.disks.put("E", 7);
        run(Agent.Mode.DELTA);
        assertThat(load()).containsEntry(Outcome.VERSION_GAP, 1);
        StoredRequest request = store.requests(ID).get(0);
        assertThat(request.request().reason()).isEqualTo(ResyncReason.VERSION_GAP);

        // the site publishes the request to the logon server
        Instant requestTime = request.request().requestTime();
        ResyncCfg.of(logon.resyncCfgPath(), SiteCode.of("ABC"), DomainName.of("SALES"))
                .publish(List.of(new ResyncEntry(ID, InventoryKind.HW, requestTime, ResyncReason.VERSION_GAP)));
        Agent.Report answer = run(Agent.Mode.DELTA);
        Agent.Sent hw = sent(answer, InventoryKind.HW);
        assertThat(hw.action()).isEqualTo(Agent.Action.RESYNC);
        assertThat(hw.version()).isEqualTo(ReportVersion.of(2, 0));
        assertThat(hw.answersRequest()).contains(requestTime);
        assertThat(sent(answer, InventoryKind.SW).action()).isEqualTo(Agent.Action.UNCHANGED);
        String text = Files.readString(hw.file().orElseThrow(), StandardCharsets.ISO_8859_1);
        assertThat(text).contains("//ReportType<Resync>", "//ResyncRequest<" + StateFile.time(requestTime) + ">");
        assertThat(load()).containsEntry(Outcome.APPLIED_RESYNC, 1);
        assertThat(store.requests(ID).get(0).request().state()).isEqualTo(RequestState.ACKNOWLEDGED);
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(machine.truth(InventoryKind.HW));
        assertThat(agent().remembered().get(InventoryKind.HW).answeredRequest()).contains(requestTime);

        // the same request time, still in the file: not answered again
        Agent.Report again = run(Agent.Mode.DELTA);
        assertThat(sent(again, InventoryKind.HW).action()).isEqualTo(Agent.Action.UNCHANGED);
        machine.disks.put("C", 91);
        assertThat(sent(run(Agent.Mode.DELTA), InventoryKind.HW).action()).isEqualTo(Agent.Action.DELTA);
        assertThat(load()).containsOnly(Map.entry(Outcome.APPLIED_DELTA, 1));

        // a new time for the same client and kind: answered again
        Instant later = requestTime.plusSeconds(3600);
        ResyncCfg.of(logon.resyncCfgPath(), SiteCode.of("ABC"), DomainName.of("SALES"))
                .publish(List.of(new ResyncEntry(ID, InventoryKind.HW, later, ResyncReason.FORCED)));
        Agent.Sent reanswer = sent(run(Agent.Mode.DELTA), InventoryKind.HW);
        assertThat(reanswer.action()).isEqualTo(Agent.Action.RESYNC);
        assertThat(reanswer.version()).isEqualTo(ReportVersion.of(3, 0));
        assertThat(reanswer.answersRequest()).contains(later);
        assertThat(load()).containsOnly(Map.entry(Outcome.APPLIED_RESYNC, 1));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void forcedFullIsAResyncAnsweringNothingAndCompleteIsAFullReport(Backend backend) throws Exception {
        openStore(backend);
        run(Agent.Mode.DELTA);
        load();
        Agent.Report forced = run(Agent.Mode.FORCED_RESYNC);
        assertThat(forced.sent()).allSatisfy(s -> {
            assertThat(s.action()).isEqualTo(Agent.Action.RESYNC);
            assertThat(s.version()).isEqualTo(ReportVersion.of(2, 0));
            assertThat(s.answersRequest()).isEmpty();
        });
        assertThat(Files.readString(sent(forced, InventoryKind.HW).file().orElseThrow(), StandardCharsets.ISO_8859_1))
                .contains("//ReportType<Resync>").doesNotContain("//ResyncRequest");
        assertThat(load()).containsOnly(Map.entry(Outcome.APPLIED_RESYNC, 2));

        machine.disks.put("C", 1);
        Agent.Report complete = run(Agent.Mode.COMPLETE);
        assertThat(complete.sent()).extracting(Agent.Sent::action).containsOnly(Agent.Action.FULL);
        assertThat(sent(complete, InventoryKind.SW).version()).isEqualTo(ReportVersion.of(3, 0));
        assertThat(Files.readString(sent(complete, InventoryKind.HW).file().orElseThrow(), StandardCharsets.ISO_8859_1))
                .contains("//ReportType<Full>", "//ReportVersion<3.0>");
        assertThat(load()).containsOnly(Map.entry(Outcome.APPLIED_FULL, 2));
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(machine.truth(InventoryKind.HW));

        machine.software.add("Access");
        assertThat(sent(run(Agent.Mode.DELTA), InventoryKind.SW).version()).isEqualTo(ReportVersion.of(3, 1));
        assertThat(load()).containsOnly(Map.entry(Outcome.APPLIED_DELTA, 1));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void randomChangesAndDroppedReportsConvergeOnceTheAgentAnswersItsRequests(Backend backend) throws Exception {
        openStore(backend);
        java.util.Random random = new java.util.Random(20260301L);
        ResyncCfg list = ResyncCfg.of(logon.resyncCfgPath(), SiteCode.of("ABC"), DomainName.of("SALES"));
        boolean intact = true;
        for (int step = 0; step < 30; step++) {
            switch (random.nextInt(4)) {
                case 0 -> machine.disks.put(String.valueOf((char) ('C' + random.nextInt(5))), random.nextInt(1000));
                case 1 -> machine.disks.remove(String.valueOf((char) ('C' + random.nextInt(5))));
                case 2 -> machine.software.add("App " + random.nextInt(50));
                default -> {
                    if (!machine.software.isEmpty()) {
                        machine.software.remove(random.nextInt(machine.software.size()));
                    }
                }
            }
            Agent.Report result = run(Agent.Mode.DELTA);
            if (step > 0 && random.nextInt(6) == 0) {
                for (Path file : result.delivered()) {
                    Files.deleteIfExists(file);
                    intact = false;
                }
            }
            load();
            if (intact) {
                assertThat(store.pendingRequests()).as("no request while the sequence is intact").isEmpty();
            }
            // the site publishes what it asks for; the agent finds it on its next run
            list.publish(store.pendingRequests().stream().map(r -> new ResyncEntry(r.request().client(),
                    r.request().kind(), r.request().requestTime(), r.request().reason())).toList());
        }
        for (int round = 0; round < 2; round++) {
            run(Agent.Mode.DELTA);
            load();
            list.publish(store.pendingRequests().stream().map(r -> new ResyncEntry(r.request().client(),
                    r.request().kind(), r.request().requestTime(), r.request().reason())).toList());
        }
        assertThat(intact).as("the seed drops some reports").isFalse();
        assertThat(store.pendingRequests()).isEmpty();
        for (InventoryKind kind : InventoryKind.values()) {
            assertThat(store.inventory(ID, kind)).contains(machine.truth(kind));
            assertThat(store.kindState(ID, kind).orElseThrow().version())
                    .isEqualTo(agent().remembered().get(kind).version());
        }
    }

    @Test
    void aGuidClientFindsItsRequestInItsOwnCfgFile() throws Exception {
        SmsId guid = SmsId.ofGuid(UUID.fromString("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"));
        machine = new Machine(guid.value(), "NEWPC");
        machine.disks.put("C", 5);
        run(Agent.Mode.DELTA);
        Instant requestTime = Instant.parse("2026-03-01T11:00:00Z");
        // RESYNC.CFG has no place for a GUID; a request for another client must not confuse the agent
        ResyncCfg.of(logon.resyncCfgPath(), SiteCode.of("ABC"), DomainName.of("SALES"))
                .publish(List.of(new ResyncEntry(ID, InventoryKind.HW, requestTime, ResyncReason.FORCED)));
        assertThat(run(Agent.Mode.DELTA).sent()).extracting(Agent.Sent::action).containsOnly(Agent.Action.UNCHANGED);
        Path cfg = ClientCfg.of(new ResyncEntry(guid, InventoryKind.SW, requestTime, ResyncReason.NO_BASELINE))
                .write(logon.invenCfgBox());
        assertThat(cfg.getFileName().toString()).isEqualTo("0A1B2C3D4E5F60718293A4B5C6D7E8F9.CFG");
        Agent.Report answer = run(Agent.Mode.DELTA);
        assertThat(sent(answer, InventoryKind.HW).action()).isEqualTo(Agent.Action.UNCHANGED);
        Agent.Sent sw = sent(answer, InventoryKind.SW);
        assertThat(sw.action()).isEqualTo(Agent.Action.RESYNC);
        assertThat(sw.answersRequest()).contains(requestTime);
        assertThat(sw.file().orElseThrow().getFileName().toString())
                .isEqualTo("SW_0A1B2C3D4E5F60718293A4B5C6D7E8F9_2_0.MIF");
        assertThat(sent(run(Agent.Mode.DELTA), InventoryKind.SW).action()).isEqualTo(Agent.Action.UNCHANGED);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aReportThatCannotBeDeliveredIsKeptAndDeliveredFirstNextTime(Backend backend) throws Exception {
        openStore(backend);
        run(Agent.Mode.DELTA);
        load();
        Path box = logon.inventoryBox();
        Path unmounted = Files.move(box, box.resolveSibling("INVENTRY.OFF"));
        machine.disks.put("C", 42);
        assertThatThrownBy(() -> run(Agent.Mode.DELTA)).isInstanceOf(AgentException.class)
                .hasMessageContaining("cannot deliver to " + box + ": no such directory")
                .hasMessageContaining("1 report(s) kept in " + state.resolve(Agent.OUTBOX));
        assertThat(agent().remembered().get(InventoryKind.HW).version()).isEqualTo(ReportVersion.of(1, 1));
        Files.move(unmounted, box);
        machine.disks.put("C", 43);
        Agent.Report next = run(Agent.Mode.DELTA);
        assertThat(next.delivered()).extracting(p -> p.getFileName().toString())
                .containsExactly("HW_ABC00001_1_1.MIF", "HW_ABC00001_1_2.MIF");
        assertThat(load()).containsOnly(Map.entry(Outcome.APPLIED_DELTA, 2));
        assertThat(store.inventory(ID, InventoryKind.HW)).contains(machine.truth(InventoryKind.HW));
        try (var files = Files.list(state.resolve(Agent.OUTBOX))) {
            assertThat(files).isEmpty();
        }
        try (var files = Files.list(state)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("AGENT.INI", "AGENT.LCK", "OUTBOX", "HW-1-2.MIF", "SW-1-0.MIF");
        }
    }

    @Test
    void reportsAppearInTheDropBoxOnlyUnderTheirFinalName() throws Exception {
        Agent.Report result = run(Agent.Mode.DELTA);
        try (var files = Files.list(logon.inventoryBox())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("HW_ABC00001_1_0.MIF", "SW_ABC00001_1_0.MIF");
        }
        assertThat(result.delivered()).hasSize(2);
    }

    @Test
    void leftoversOfARunKilledBeforeItsCommitAreRemoved() throws Exception {
        run(Agent.Mode.DELTA);
        Files.writeString(state.resolve(Agent.OUTBOX).resolve("HW_ABC00001_1_1.MIF"), "half");
        Files.writeString(state.resolve("HW-1-1.MIF"), "half");
        Files.writeString(state.resolve(".AGENT.INI.tmp"), "half");
        Agent.Report next = run(Agent.Mode.DELTA);
        assertThat(next.delivered()).isEmpty();
        assertThat(state.resolve("HW-1-1.MIF")).doesNotExist();
        assertThat(state.resolve(".AGENT.INI.tmp")).doesNotExist();
        assertThat(state.resolve(Agent.OUTBOX).resolve("HW_ABC00001_1_1.MIF")).doesNotExist();
    }

    @Test
    void aStateDirectoryIsOneClients() throws Exception {
        run(Agent.Mode.DELTA);
        machine = new Machine("ABC00002", "PC2");
        assertThatThrownBy(() -> run(Agent.Mode.DELTA)).isInstanceOf(AgentException.class)
                .hasMessage(state + " is the state of ABC00001, but the inventory " + inventoryFile + " names ABC00002;"
                        + " give each client a state directory of its own");
    }

    @Test
    void aBrokenInventoryIsReportedByFileLineAndColumnAndSendsNothing() throws Exception {
        Files.writeString(inventoryFile, "Start Component\n  Name = \"Workstation\"\n  Start Group\nEnd Component\n");
        assertThatThrownBy(() -> agent().run(inventoryFile, Agent.Mode.DELTA)).isInstanceOf(AgentException.class)
                .hasMessageStartingWith(inventoryFile + ":4:1: ");
        try (var files = Files.list(logon.inventoryBox())) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDirectoryOfMifFilesIsOneInventoryNoidmifsIncluded() throws Exception {
        Path inv = Files.createDirectories(dir.resolve("inv"));
        Files.writeString(inv.resolve("MAIN.MIF"), machine.mif(), StandardCharsets.ISO_8859_1);
        Files.writeString(inv.resolve("EXTRA.mif"), """
                Start Component
                  Name = "Asset tag"
                  Start Group Name = "Asset" ID = 1 Class = "CONTOSO|ASSET|1.0"
                    Start Attribute Name = "Tag" ID = 1 Type = String(8) Value = "A-1234" End Attribute
                  End Group
                End Component
                """);
        Files.writeString(inv.resolve("notes.txt"), "not a MIF");
        Agent.Report result = agent().run(inv, Agent.Mode.DELTA);
        assertThat(sent(result, InventoryKind.HW).instances()).isEqualTo(2);
        assertThat(agent().remembered().get(InventoryKind.HW).inventory().groupClasses())
                .extracting(Object::toString).containsExactly("CONTOSO|ASSET|1.0", "MICROSOFT|DISK|1.0");
    }

    @Test
    void twoRunsAtOnceOnOneStateDirectoryAreRefused() throws Exception {
        Files.createDirectories(state);
        Files.writeString(inventoryFile, machine.mif(), StandardCharsets.ISO_8859_1);
        try (var channel = java.nio.channels.FileChannel.open(state.resolve(Agent.LOCK_FILE),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                var lock = channel.lock()) {
            assertThatThrownBy(() -> agent().run(inventoryFile, Agent.Mode.DELTA)).isInstanceOf(AgentException.class)
                    .hasMessage(state + ": another agent run is using this state directory");
        }
        assertThat(agent().run(inventoryFile, Agent.Mode.DELTA).sent()).hasSize(2);
        assertThat(Optional.of(agent().remembered().keySet())).contains(java.util.EnumSet.allOf(InventoryKind.class));
    }
}
