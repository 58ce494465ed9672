package org.mifsync.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.mifsync.resync.agent.Agent;
import org.mifsync.resync.agent.AgentException;

/**
 * One demo computer: its true inventory (memory, disks, software), the MIF file its collector
 * would write, and the mifsync agent that reports it to its logon server.
 */
final class DemoClient {

    final String name;
    final String smsId;
    final String card;
    final String domain;
    final Path logonServer;
    final Path home;
    int memoryKb;
    final Map<String, Integer> disks = new TreeMap<>();
    final Set<String> software = new TreeSet<>();

    DemoClient(String name, String smsId, String card, String domain, Path logonServer, Path clientsDir, int seed) {
        this.name = name;
        this.smsId = smsId;
        this.card = card;
        this.domain = domain;
        this.logonServer = logonServer;
        this.home = clientsDir.resolve(name);
        this.memoryKb = 32_768 << (seed % 3);
        disks.put("C:", 400_000 + seed * 1_000);
        if (seed % 2 == 0) {
            disks.put("D:", 900_000 - seed * 2_000);
        }
        software.add("Microsoft Office 97");
        software.add(seed % 3 == 0 ? "Netscape Communicator 4.5" : "Internet Explorer 4.01");
        if (seed % 4 == 1) {
            software.add("Visual Basic 5.0");
        }
    }

    /** A copy on another machine: same SMSID and agent state (an imaged disk), its own name and card. */
    DemoClient cloneAs(String cloneName, String cloneCard) throws IOException {
        DemoClient clone = new DemoClient(cloneName, smsId, cloneCard, domain, logonServer, home.getParent(), 1);
        clone.memoryKb = memoryKb;
        clone.disks.clear();
        clone.disks.putAll(disks);
        clone.software.clear();
        clone.software.addAll(software);
        copyTree(home.resolve("state"), clone.home.resolve("state"));
        return clone;
    }

    /** Runs the agent as it would run at logon: deltas, or a complete report when a request asks. */
    Agent.Report logOn(Clock clock) throws IOException, AgentException {
        Path inventory = home.resolve("INVENTORY.MIF");
        Files.createDirectories(home);
        Files.write(inventory, mif().getBytes(StandardCharsets.ISO_8859_1));
        return Agent.builder(home.resolve("state"), logonServer).clock(clock).build().run(inventory, Agent.Mode.DELTA);
    }

    /** The complete inventory as an SMS 1.2 collector would write it (no directives: the agent adds them). */
    String mif() {
        StringBuilder out = new StringBuilder("Start Component\r\n  Name = \"Workstation\"\r\n");
        out.append("  Start Group Name = \"Identification\" ID = 1 Class = \"MICROSOFT|IDENTIFICATION|1.0\"\r\n")
                .append(text(1, "Name", name)).append(text(2, "SMSID", smsId)).append(text(3, "NetCardID", card))
                .append(text(4, "Domain", domain)).append("  End Group\r\n");
        out.append("  Start Group Name = \"PC Memory\" ID = 2 Class = \"MICROSOFT|PC_MEMORY|1.0\"\r\n")
                .append(number(1, "Total Physical Memory", memoryKb)).append("  End Group\r\n");
        int id = 3;
        for (Map.Entry<String, Integer> disk : disks.entrySet()) {
            out.append("  Start Group Name = \"Disk\" ID = ").append(id++)
                    .append(" Class = \"MICROSOFT|DISK|1.0\" Key = 1\r\n").append(text(1, "Drive Letter", disk.getKey()))
                    .append(number(2, "Free Storage (KB)", disk.getValue())).append("  End Group\r\n");
        }
        for (String package_ : software) {
            out.append("  Start Group Name = \"Package\" ID = ").append(id++)
                    .append(" Class = \"MICROSOFT|SOFTWARE|1.0\" Key = 1\r\n").append(text(1, "Software Name", package_))
                    .append("  End Group\r\n");
        }
        return out.append("End Component\r\n").toString();
    }

    private static String text(int id, String name, String value) {
        return "    Start Attribute Name = \"" + name + "\" ID = " + id + " Type = String(64) Value = \"" + value
                + "\" End Attribute\r\n";
    }

    private static String number(int id, String name, int value) {
        return "    Start Attribute Name = \"" + name + "\" ID = " + id + " Type = Integer Value = " + value
                + " End Attribute\r\n";
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
