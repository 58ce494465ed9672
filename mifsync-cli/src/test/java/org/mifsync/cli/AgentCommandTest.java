package org.mifsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mifsync agent as a client runs it: a real process, SMS switches in any case. */
class AgentCommandTest {

    record Run(int exit, String out, String err) { }

    static final String INVENTORY = """
            Start Component
              Name = "Workstation"
              Start Group Name = "Identification" ID = 1 Class = "MICROSOFT|IDENTIFICATION|1.0"
                Start Attribute Name = "Name" ID = 1 Type = String(8) Value = "PC1" End Attribute
                Start Attribute Name = "SMSID" ID = 2 Type = String(8) Value = "CEN00001" End Attribute
              End Group
              Start Group Name = "Disk" ID = 2 Class = "MICROSOFT|DISK|1.0" Key = 1
                Start Attribute Name = "Drive" ID = 1 Type = String(1) Value = "C" End Attribute
                Start Attribute Name = "Free" ID = 2 Type = Integer Value = FREE End Attribute
              End Group
            End Component
            """;

    @TempDir
    Path dir;

    Run mifsync(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void fullThenDeltaThenForcedAndCompleteWithSmsSwitchesInAnyCase() throws Exception {
        Path box = Files.createDirectories(dir.resolve("ls1/LOGON.SRV/INVENTRY.BOX"));
        Path inventory = Files.writeString(dir.resolve("inv.mif"), INVENTORY.replace("FREE", "10"));
        String[] base = {"agent", "--logon-server", "ls1", "--state", "state"};

        Run first = mifsync(concat(base, "inv.mif"));
        assertThat(first.exit()).isZero();
        assertThat(first.out().lines()).containsExactly(
                "CEN00001 HW: full 1.0 (1 groups) -> " + Path.of("ls1/LOGON.SRV/INVENTRY.BOX/HW_CEN00001_1_0.MIF"),
                "CEN00001 SW: full 1.0 (0 groups) -> " + Path.of("ls1/LOGON.SRV/INVENTRY.BOX/SW_CEN00001_1_0.MIF"));

        Files.writeString(inventory, INVENTORY.replace("FREE", "9"));
        Run delta = mifsync(concat(base, "inv.mif"));
        assertThat(delta.out()).contains("CEN00001 HW: delta 1.1 (0 added, 1 updated, 0 deleted)",
                "CEN00001 SW: unchanged, nothing sent (last sent 1.0)");

        Run forced = mifsync(concat(base, "/f", "inv.mif"));
        assertThat(forced.exit()).isZero();
        assertThat(forced.out()).contains("CEN00001 HW: resync 2.0 (1 groups, forced)");

        Run complete = mifsync(concat(base, "/X", "inv.mif"));
        assertThat(complete.out()).contains("CEN00001 SW: full 3.0 (0 groups)");
        try (var files = Files.list(box)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("HW_CEN00001_1_0.MIF",
                    "SW_CEN00001_1_0.MIF", "HW_CEN00001_1_1.MIF", "HW_CEN00001_2_0.MIF", "SW_CEN00001_2_0.MIF",
                    "HW_CEN00001_3_0.MIF", "SW_CEN00001_3_0.MIF");
        }

        assertThat(mifsync(concat(base, "/F", "--complete", "inv.mif")).exit()).isEqualTo(2);

        Files.writeString(inventory, "Start Component\n  Name = \"Workstation\"\n  Start Group\nEnd Component\n");
        Run broken = mifsync(concat(base, "inv.mif"));
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).startsWith("inv.mif:4:1: ");
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }
}
