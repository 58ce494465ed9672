package org.mifsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.DomainName;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportWriter;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.LoadLogEntry;
import org.mifsync.testkit.SiteDescriptionText;

/**
 * {@code mifsync load} as a service started without a UTF-8 locale runs it (cron, a bare systemd
 * unit, a container): a real process with {@code LANG} and {@code LC_*} unset, or {@code C}, on a
 * drop box holding a non-ASCII name and a name whose bytes are not UTF-8 beside a plain one. Every
 * report is loaded, under the name its client gave it, whatever the locale (issue 12, row 4).
 */
class LocaleCliTest {

    @TempDir
    Path dir;

    /** {@code ünïcødé.MIF} and {@code bad<FF><FE>.MIF}, as bytes: Java cannot name the second. */
    static final String UNICODE = "\\303\\274n\\303\\257c\\303\\270d\\303\\251.MIF";
    static final String INVALID = "bad\\377\\376.MIF";

    record Run(int exit, String out, String err) { }

    Run mifsync(String locale, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        locale(builder.environment(), locale);
        Process p = builder.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    static void locale(Map<String, String> env, String locale) {
        env.keySet().removeIf(k -> k.equals("LANG") || k.equals("LANGUAGE") || k.startsWith("LC_"));
        if (!locale.equals("unset")) {
            env.put("LANG", locale);
            env.put("LC_ALL", locale);
        }
    }

    /** Copies a file to a name given as printf octal escapes, through the shell. */
    static void copyAs(Path source, Path folder, String printfName) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "cp \"$1\" \"$2/$(printf '" + printfName + "')\"", "sh",
                source.toString(), folder.toString()).inheritIO().start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    static byte[] report(int n) {
        SmsId id = SmsId.parse("CEN0000" + n);
        ClientIdentity who = new ClientIdentity(id, NetBiosName.of("PC" + n), Optional.empty(),
                Optional.of(SiteCode.of("CEN")), Optional.of(DomainName.of("SALES")));
        Inventory inventory = Inventory.of(GroupInstance.of(GroupClass.of("MICROSOFT|DISK|1.0"), List.of(1), List.of(
                Attribute.of(1, "Drive Letter", AttributeValue.text("C")), Attribute.of(2, "Free", AttributeValue.int32(n)))));
        return ReportWriter.encode(ClientReport.of(who, InventoryReport.full(id, InventoryKind.HW, ReportVersion.of(1, 0),
                Instant.parse("2026-03-01T10:00:00Z"), inventory)));
    }

    static List<String> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "unset", "C", "C.UTF-8" })
    void oddNamesAreLoadedUnderTheirClientsNamesWhateverTheLocale(String locale) throws Exception {
        Path root = dir.resolve("site");
        Path description = SiteDescriptionText.central().createLogonServerRoots(dir).write(dir.resolve("sites.ini"));
        Run init = mifsync(locale, "site", "init", "--root", root.toString(), description.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        Path drop = dir.resolve("ls1/LOGON.SRV/INVENTRY.BOX");
        Files.write(drop.resolve("PLAIN.MIF"), report(1));
        copyAs(Files.write(dir.resolve("two"), report(2)), drop, UNICODE);
        copyAs(Files.write(dir.resolve("three"), report(3)), drop, INVALID);
        assertThat(files(drop)).hasSize(3);

        Run load = mifsync(locale, "load", "--root", root.toString());

        assertThat(load.exit()).as(load.out() + load.err()).isZero();
        assertThat(load.out()).contains("collected: 3 reports from the logon servers", "applied: 3 (APPLIED_FULL 3)",
                "bad files: 0");
        assertThat(files(drop)).as("every file collected, none half-claimed").isEmpty();
        try (InventoryStore store = InventoryStore.openEmbedded(root.resolve("SITE.SRV/mifsync.db"), Clock.systemUTC())) {
            for (int n = 1; n <= 3; n++) {
                assertThat(store.inventory(SmsId.parse("CEN0000" + n), InventoryKind.HW)).as("client %d", n).isPresent();
            }
            assertThat(source(store, 1)).isEqualTo("PLAIN.MIF");
            assertThat(source(store, 2)).isEqualTo("\u00fcn\u00efc\u00f8d\u00e9.MIF");
            assertThat(source(store, 3)).isEqualTo("bad\\xFF\\xFE.MIF");
        }
    }

    static String source(InventoryStore store, int n) {
        List<LoadLogEntry> log = store.loadLog(SmsId.parse("CEN0000" + n));
        assertThat(log).hasSize(1);
        return log.get(0).source().orElseThrow();
    }
}
