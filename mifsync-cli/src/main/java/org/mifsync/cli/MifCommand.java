package org.mifsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.mifsync.mif.MifException;
import org.mifsync.mif.MifJson;
import org.mifsync.mif.MifParser;
import org.mifsync.mif.MifWriter;
import org.mifsync.mif.ParseResult;
import org.mifsync.mif.SyntaxMode;
import org.mifsync.mif.TextEscapes;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mifsync mif check|fmt|json}: the MIF parser on the command line. */
@Command(name = "mif", mixinStandardHelpOptions = true, description = "Validate, format or convert MIF files.",
        subcommands = { MifCommand.Check.class, MifCommand.Fmt.class, MifCommand.Json.class },
        synopsisSubcommandLabel = "(check | fmt | json)")
final class MifCommand {

    /** Options every MIF command shares. */
    static final class ParserOptions {
        @Option(names = "--lenient", description = "Accept what SMS accepted (newlines in strings, octal 08,"
                + " ID 0, malformed dates, missing END COMPONENT), as warnings.")
        boolean lenient;

        @Option(names = "--sms", description = "Also warn about the SMS dialect's limits (dates outside"
                + " 1980-2030, integers beyond 32 bits, Unicode files, strings over 255 characters).")
        boolean sms;

        MifParser parser() {
            return MifParser.builder().mode(lenient ? SyntaxMode.LENIENT : SyntaxMode.STRICT).smsChecks(sms).build();
        }
    }

    /**
     * Parses one file; prints its diagnostics to stderr, one line each, escaped (a file name or a
     * string in the file may hold a line break or a terminal code); null when it did not parse.
     */
    static ParseResult parseReporting(MifParser parser, Path file, PrintWriter err) {
        try {
            ParseResult result = parser.parse(file);
            result.warnings().forEach(w -> line(err, w));
            return result;
        } catch (MifException e) {
            e.errors().forEach(d -> line(err, d));
            e.warnings().forEach(w -> line(err, w));
        } catch (NoSuchFileException e) {
            line(err, file + ": no such file");
        } catch (IOException e) {
            line(err, file + ": cannot read: " + e.getMessage());
        }
        err.flush();
        return null;
    }

    private static void line(PrintWriter err, Object text) {
        err.println(TextEscapes.forDisplay(text.toString()));
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Exit 0 when every file is valid MIF; otherwise print each error as"
                    + " FILE:LINE:COL: message on stderr and exit 1.",
            footer = { "", "Examples:", "  mifsync mif check inventory.mif", "  mifsync mif check --lenient --sms *.mif" })
    static final class Check implements Callable<Integer> {
        @Mixin
        ParserOptions options;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "MIF files to check.")
        List<Path> files;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            MifParser parser = options.parser();
            int bad = 0;
            for (Path file : files) {
                if (parseReporting(parser, file, err) == null) {
                    bad++;
                }
            }
            err.flush();
            PrintWriter out = spec.commandLine().getOut();
            out.println(files.size() + (files.size() == 1 ? " file" : " files") + " checked, " + bad + " with errors");
            out.flush();
            return bad == 0 ? 0 : Main.PROBLEMS;
        }
    }

    @Command(name = "fmt", mixinStandardHelpOptions = true,
            description = "Print the file as canonical MIF on stdout (ISO-8859-1, or UTF-16LE with a"
                    + " byte-order mark when a character needs it).",
            footer = { "", "Example:", "  mifsync mif fmt --lenient old.mif > clean.mif" })
    static final class Fmt implements Callable<Integer> {
        @Mixin
        ParserOptions options;

        @Parameters(paramLabel = "FILE", description = "The MIF file.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            ParseResult result = parseReporting(options.parser(), file, spec.commandLine().getErr());
            if (result == null) {
                return Main.PROBLEMS;
            }
            System.out.write(MifWriter.encode(result.document()));
            System.out.flush();
            return 0;
        }
    }

    @Command(name = "json", mixinStandardHelpOptions = true,
            description = "Print the document as JSON (UTF-8) on stdout: decoded strings, directives included.",
            footer = { "", "Example:", "  mifsync mif json inventory.mif | jq '.component.groups[].class'" })
    static final class Json implements Callable<Integer> {
        @Mixin
        ParserOptions options;

        @Parameters(paramLabel = "FILE", description = "The MIF file.")
        Path file;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            ParseResult result = parseReporting(options.parser(), file, spec.commandLine().getErr());
            if (result == null) {
                return Main.PROBLEMS;
            }
            System.out.write(MifJson.write(result.document()).getBytes(StandardCharsets.UTF_8));
            System.out.flush();
            return 0;
        }
    }
}
