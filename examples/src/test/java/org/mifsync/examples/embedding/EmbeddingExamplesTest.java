package org.mifsync.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every embedding example runs as its own program and prints what it promises; the README quotes
 * each one's marked part word for word.
 */
class EmbeddingExamplesTest {

    private static String run(Class<?> example, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), example.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void parseAndWalkPrintsGroupsAttributesAndWarnings(@TempDir Path dir) throws Exception {
        Path mif = Files.writeString(dir.resolve("in.mif"), """
                //ReportType<Full>
                Start Component Name = "w"
                  Start Group Name = "Processor" Class = "MICROSOFT|PROCESSOR|1.0" ID = 1
                    Start Attribute Name = "Speed" ID = 1 Type = Counter Value = 4000000000 End Attribute
                  End Group
                End Component
                """);
        String out = run(ParseAndWalk.class, mif.toString());
        assertThat(out).contains("report type Full", "MICROSOFT|PROCESSOR|1.0 (Processor)",
                "  Speed = Int[value=4000000000]", "warning: SMS stores every integer as signed 32-bit");
    }

    @Test
    void loadOneReportAppliesTheFullAndRefusesTheDeltaAfterAGap() throws Exception {
        String out = run(LoadOneReport.class);
        assertThat(out).contains("full 1.0: APPLIED").contains("delta 1.2: VERSION_GAP, request CREATED");
    }

    @Test
    void lookUpResyncCfgFindsTheClientByBinarySearch() throws Exception {
        String out = run(LookUpResyncCfg.class);
        assertThat(out).contains("ABC00007 SW requested 2026-11-21T08:00:00Z FORCED", "ABC00002 has 0 requests");
    }

    @Test
    void requestAndPublishWritesTheForcedRequestIntoResyncCfg() throws Exception {
        String out = run(RequestAndPublish.class);
        assertThat(out).contains("ABC00001 FORCED published: true").containsPattern("\\[ABC00001 HW [0-9]{14} FORCED\\]");
    }

    @Test
    void readmeQuotesEveryExampleWordForWord() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        String readme = Files.readString(root.resolve("README.md"));
        for (String example : List.of("ParseAndWalk", "LoadOneReport", "LookUpResyncCfg", "RequestAndPublish")) {
            String source = Files.readString(Path.of("src/main/java/org/mifsync/examples/embedding/" + example + ".java"));
            String part = source.substring(source.indexOf("// tag::readme[]\n") + "// tag::readme[]\n".length(),
                    source.indexOf("        // end::readme[]"));
            // the trailing newline would count as an unindented last line for stripIndent
            assertThat(readme).as("README quotes %s", example).contains(part.stripTrailing().stripIndent());
        }
    }
}
