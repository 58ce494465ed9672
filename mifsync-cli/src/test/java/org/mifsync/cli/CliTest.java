package org.mifsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mifsync.mif.MifDocument;
import org.mifsync.mif.MifParser;

/** The command line as users run it: a real JVM process, its exit code, its stdout and stderr. */
class CliTest {

    private static final String VALID = """
            //ReportType<Full>
            Start Component
                Name = "Workstation"
                Start Group Name = "Identification" ID = 1 Class = "MICROSOFT|IDENTIFICATION|1.0"
                    Start Attribute Name = "Name" ID = 1 Type = String(15) Value = "ALPHA \u00e9" End Attribute
                End Group
            End Component
            """;

    private static final String BROKEN = """
            Start Component
                Name = "Workstation"
                Start Group Name = "Processor" ID = 1 Class = "MICROSOFT|PROCESSOR|1.0"
                    Start Attribute Name = "Speed" ID = 1 Type = Integer Value = 2147483648 End Attribute
            End Component
            """;

    private static final String WRAPPED = """
            Start Component
                Name = "Wrapped
                        name"
            End Component
            """;

    record Run(int exit, String out, String err) { }

    private static Run mifsync(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static Path file(Path dir, String name, String text) throws IOException {
        return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void checkOfValidFilesExitsZero(@TempDir Path dir) throws Exception {
        Run run = mifsync("mif", "check", file(dir, "a.mif", VALID).toString(), file(dir, "b.mif", VALID).toString());
        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).isEqualTo("2 files checked, 0 with errors" + System.lineSeparator());
    }

    @Test
    void checkPrintsEachErrorAsFileLineColumnOnStderrAndExitsOne(@TempDir Path dir) throws Exception {
        Path broken = file(dir, "broken.mif", BROKEN);
        Run run = mifsync("mif", "check", broken.toString(), file(dir, "ok.mif", VALID).toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly(
                broken + ":4:70: value 2147483648 is out of range for INTEGER (-2147483648 to 2147483647)",
                broken + ":5:1: expected END GROUP for group 'Processor' opened at 3:5, found END COMPONENT");
        assertThat(run.out()).contains("2 files checked, 1 with errors");
    }

    @Test
    void lenientCheckAcceptsWhatSmsAcceptedWithAWarning(@TempDir Path dir) throws Exception {
        Path wrapped = file(dir, "wrapped.mif", WRAPPED);
        assertThat(mifsync("mif", "check", wrapped.toString()).exit()).isEqualTo(1);
        Run lenient = mifsync("mif", "check", "--lenient", wrapped.toString());
        assertThat(lenient.exit()).isZero();
        assertThat(lenient.err()).startsWith(wrapped + ":2:12: warning: string runs over the end of the line");
    }

    @Test
    void missingFileIsOneLineOnStderr(@TempDir Path dir) throws Exception {
        Run run = mifsync("mif", "check", dir.resolve("nothing.mif").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo(dir.resolve("nothing.mif") + ": no such file" + System.lineSeparator());
    }

    @Test
    void fmtPrintsCanonicalMifThatParsesToTheSameDocument(@TempDir Path dir) throws Exception {
        Path valid = file(dir, "v.mif", VALID);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "mif", "fmt", valid.toString());
        Process p = new ProcessBuilder(command).start();
        byte[] canonical = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        MifDocument expected = MifParser.strict().parse(valid).document();
        assertThat(MifParser.strict().parse(canonical, "stdout").document()).isEqualTo(expected);
        assertThat(new String(canonical, StandardCharsets.ISO_8859_1)).startsWith("//ReportType<Full>\r\nSTART COMPONENT");
    }

    @Test
    void jsonIsUtf8WithDecodedStringsAndDirectives(@TempDir Path dir) throws Exception {
        Run run = mifsync("mif", "json", file(dir, "v.mif", VALID).toString());
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("\"name\": \"ReportType\"", "\"value\": \"ALPHA \u00e9\"",
                "\"class\": \"MICROSOFT|IDENTIFICATION|1.0\"");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertThat(mifsync("mif").exit()).isEqualTo(2);
        assertThat(mifsync("mif", "check").exit()).isEqualTo(2);
        assertThat(mifsync("no-such-command").exit()).isEqualTo(2);
    }

    @Test
    void versionIsPrinted() throws Exception {
        Run run = mifsync("--version");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("mifsync ");
    }

    @ParameterizedTest
    @ValueSource(strings = { "mif check", "mif fmt", "mif json", "demo", "site init", "site run", "load", "agent",
        "publish", "replicate", "invsync", "dumpsync", "client show", "client delete", "client resolve", "class retype",
        "class drop", "class unblock", "prune" })
    void everyCommandHasHelpWithAnExample(String command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        Run run = mifsync(args.toArray(String[]::new));
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: mifsync " + command).contains("Example");
    }

    @ParameterizedTest
    @ValueSource(strings = { "mif", "site", "client", "class" })
    void everyCommandGroupAnswersHelp(String group) throws Exception {
        Run run = mifsync(group, "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: mifsync " + group);
    }

    @Test
    void demoTellsTheWholeStoryAndLeavesTheSiteToPokeAt(@TempDir Path dir) throws Exception {
        Path site = dir.resolve("site");
        Run run = mifsync("demo", "--dir", site.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains(
                "48 APPLIED_FULL", "24 APPLIED_DELTA",
                "VERSION_GAP - delta 1.2 does not follow the stored version 1.0 (expected 1.1); resync requested",
                "NO_BASELINE - delta 1.1 for SW inventory the store has no baseline for; resync requested",
                "DUPLICATE_ID - SMSID ABC00007 is used by two machines",
                "HANDMADE.MIF:6:1: expected END GROUP for group 'Identification' opened at 3:5, found END COMPONENT",
                ";RESYNC.CFG v1 site=ABC domain=SALES",
                "mifsync: client WS-BRANCH-02 (CHD00002) is assigned to site CHD",
                "3 APPLIED_RESYNC",
                "1 ended", "The site directory is " + site);
        assertThat(run.out()).containsPattern("requests aged out by dumpsync 30 +1")
                .containsPattern("resyncs acknowledged +3");
        Path box = site.resolve("logon/salesls2/LOGON.SRV/INVENCFG.BOX");
        assertThat(box.resolve("NOTES.TXT")).exists();
        assertThat(box.resolve("ABC00099.CFG")).doesNotExist();
        // the site is left for the user: the store answers the CLI
        Run dump = mifsync("dumpsync", "--root", site.toString(), "--all");
        assertThat(dump.exit()).as(dump.err()).isZero();
    }

    @Test
    void readmeDemoExcerptIsWhatTheDemoPrints(@TempDir Path tmp) throws Exception {
        List<DocTranscripts.Step> steps = DocTranscripts.steps(DocTranscripts.block("README.md", "demo"));
        assertThat(steps).singleElement().extracting(DocTranscripts.Step::words).isEqualTo(List.of("./mifsync", "demo"));
        // the demo makes its site under the temporary folder, which the README shows as /tmp
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "demo"));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        DocTranscripts.assertPrints(steps.get(0).expected(), out.replace(tmp.toString(), "/tmp"), "README.md, the demo");
    }

    @Test
    void checkPrintsHostileFileNamesAndTextEscapedOneLinePerError(@TempDir Path dir) throws Exception {
        // a name that forges a line and clears the screen; an ESC in the text, outside a string
        Path hostile = file(dir, "a\nmifsync: all good\r\u001B[2J.mif",
                "Start Component\n  Name = \"x\"\n  \u001B[31m\nEnd Component\n");
        Run run = mifsync("mif", "check", hostile.toString());
        assertThat(run.exit()).isEqualTo(1);
        String shown = hostile.toString().replace("\n", "\\n").replace("\r", "\\r").replace("\u001B", "\\u001B");
        assertThat(run.err().lines()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith(shown + ":3:3: ").endsWith("found character '\\u001B'");
        assertThat(run.out()).isEqualTo("1 file checked, 1 with errors" + System.lineSeparator());
        assertThat((run.out() + run.err()).replace(System.lineSeparator(), "").codePoints())
                .noneMatch(c -> Character.getType(c) == Character.CONTROL);
    }

    @Test
    void jsonGetsExactlyOneObjectWithAnErrorOnUsageMistakesAndFailures(@TempDir Path dir) throws Exception {
        Run usage = mifsync("dumpsync", "--json", "--bogus");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.out()).isEqualTo("{\"error\": \"usage: Unknown option: '--bogus'\"}" + System.lineSeparator());
        assertThat(usage.err()).startsWith("Unknown option: '--bogus'");

        Path store = dir.resolve("SITE.SRV/mifsync.db");
        Run client = mifsync("client", "show", "PC1", "--json", "--root", dir.toString());
        assertThat(client.exit()).isEqualTo(1);
        assertThat(client.out()).isEqualTo("{\"error\": \"no store at " + store + ": create the site with"
                + " 'mifsync site init'\"}" + System.lineSeparator());
        assertThat(client.err().lines()).containsExactly("mifsync: no store at " + store
                + ": create the site with 'mifsync site init'");

        Run load = mifsync("load", "--json", "--root", dir.toString());
        assertThat(load.exit()).isEqualTo(1);
        assertThat(load.out().lines()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("{\"files\": 0,").endsWith(", \"failedStep\": \"load\", \"error\": \"load: no store at "
                        + store + ": create the site with 'mifsync site init'\"}");
    }

    @Test
    void aStoreThatDescribesNoSiteIsRefusedWithTheCommandThatCreatesOne(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("SITE.SRV/mifsync.db");
        java.nio.file.Files.createDirectories(db.getParent());
        org.mifsync.resync.store.InventoryStore.openEmbedded(db, java.time.Clock.systemUTC()).close();

        Run load = mifsync("load", "--root", dir.toString());
        assertThat(load.exit()).isEqualTo(1);
        assertThat(load.out() + load.err()).contains("the store describes no site; create the site with"
                + " 'mifsync site init'");
        Run replicate = mifsync("replicate", "--domain", "SALES", "--root", dir.toString());
        assertThat(replicate.exit()).isEqualTo(1);
        assertThat(replicate.err()).isEqualTo("mifsync: no domain SALES in the store, which describes no domain;"
                + " create the site with 'mifsync site init'" + System.lineSeparator());
    }
}
