package org.mifsync.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.mifsync.mif.Group;
import org.mifsync.mif.MifDocument;
import org.mifsync.mif.MifException;
import org.mifsync.mif.MifParser;
import org.mifsync.mif.MifWriter;
import org.mifsync.mif.ParseResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code mifsync demo}: an end-to-end run in a fresh temporary site directory that explains
 * itself as it goes. It covers what mifsync can do today: reading the MIF reports clients send,
 * strictly and the way SMS did, with exact errors, and writing them back canonically.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run an end-to-end demonstration in a temporary directory and explain it as it goes.",
        footer = { "", "Example:", "  mifsync demo", "  mifsync demo --dir /tmp/mysite" })
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", description = "Directory to create the demo site in (default: a new temporary one).")
    Path dir;

    @Spec
    CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws IOException {
        out = spec.commandLine().getOut();
        Path site = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("mifsync-demo-");
        Path inbox = Files.createDirectories(site.resolve("SITE.SRV/INVENTRY.BOX"));

        say("1. Three clients drop inventory reports (MIF files) into the site's inbox " + inbox);
        Path good = write(inbox, "ABC00001.MIF", report("ABC00001", "ALPHA", "\"Pentium Pro\"", "End Group"));
        Path quirky = write(inbox, "ABC00002.MIF", report("ABC00002", "BRAVO", "\"Pentium\n    II\"", "End Group"));
        Path broken = write(inbox, "ABC00003.MIF", report("ABC00003", "CHARLIE", "\"486DX\"", "End Attribute"));

        say("\n2. The strict parser (the DMI rules; `mifsync mif check`) reads each report:");
        List<String[]> rows = new ArrayList<>();
        for (Path file : List.of(good, quirky, broken)) {
            rows.add(new String[] { file.getFileName().toString(), check(MifParser.strict(), file), "" });
        }

        say("\n3. The lenient parser (`--lenient`) accepts what SMS accepted, such as a string wrapped over two"
                + "\n   lines, with a warning; a report whose structure is broken stays refused:");
        for (String[] row : rows) {
            row[2] = check(MifParser.lenient(), inbox.resolve(row[0]));
        }

        say("\n4. `mifsync mif fmt --lenient` rewrites the quirky report canonically; the canonical form parses"
                + " strictly\n   and means exactly the same document:");
        MifDocument doc;
        try {
            doc = MifParser.lenient().parse(quirky).document();
            Path canonical = site.resolve("ABC00002.canonical.MIF");
            Files.write(canonical, MifWriter.encode(doc));
            MifDocument again = MifParser.strict().parse(canonical).document();
            say("   " + canonical + " written; same document: " + again.equals(doc));
            for (Group g : doc.component().groups()) {
                say("   group " + pad(g.className(), 34) + " " + g.attributes().size() + " attributes");
            }
        } catch (MifException e) {
            throw new IllegalStateException("the demo's own report did not parse: " + e.getMessage(), e);
        }

        say("\nSummary");
        say("   " + pad("report", 14) + pad("strict", 10) + "lenient");
        for (String[] r : rows) {
            say("   " + pad(r[0], 14) + pad(r[1], 10) + r[2]);
        }
        say("\nThe site directory is " + site + " - look at the files, or try:");
        say("   ./mifsync mif check " + broken);
        say("   ./mifsync mif json --lenient " + quirky);
        out.flush();
        return 0;
    }

    private String check(MifParser parser, Path file) {
        try {
            ParseResult r = parser.parse(file);
            r.warnings().forEach(w -> say("   " + w));
            say("   " + file.getFileName() + ": valid");
            return "valid";
        } catch (MifException e) {
            e.errors().forEach(d -> say("   " + d));
            return "refused";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        return Files.write(dir.resolve(name), text.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A small SMS 1.2 hardware report; {@code processorEnd} lets one report close a block wrongly. */
    private static String report(String smsId, String name, String processor, String processorEnd) {
        return """
                Start Component
                    Name = "Workstation"
                    Start Group
                        Name = "Identification"
                        ID = 1
                        Class = "MICROSOFT|IDENTIFICATION|1.0"
                        Key = 2
                        Start Attribute
                            Name = "Name"
                            ID = 1
                            Type = String(15)
                            Value = "%s"
                        End Attribute
                        Start Attribute
                            Name = "SMSID"
                            ID = 2
                            Type = String(8)
                            Value = "%s"
                        End Attribute
                    End Group
                    Start Group
                        Name = "Processor"
                        ID = 2
                        Class = "MICROSOFT|PROCESSOR|1.0"
                        Start Attribute
                            Name = "Processor Name"
                            ID = 1
                            Type = String(20)
                            Value = %s
                        End Attribute
                        Start Attribute
                            Name = "Speed (MHz)"
                            ID = 2
                            Type = Integer
                            Value = 200
                        End Attribute
                    %s
                End Component
                """.formatted(name, smsId, processor, processorEnd);
    }

    private void say(String line) {
        out.println(line);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
