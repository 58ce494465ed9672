package org.mifsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Output examples in the README and the docs, held against what the tool really prints. A block
 * is checked when the line before its opening fence is {@code <!-- checked: NAME -->}; a test runs
 * the commands and compares. In a block, a line that is only {@code …} stands for any number of
 * lines, a {@code …} inside a line for any text, and times ({@code 2026-03-01 10:00:00},
 * {@code 2026-11-04T08:00:00Z}, {@code 20261104080000}) for any time, since examples cannot
 * promise the clock. Everything else must be printed as written, in that order.
 */
final class DocTranscripts {

    private static final Pattern TIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}Z?|\\b\\d{14}\\b");

    private DocTranscripts() {
    }

    /** The checkout's root, where README.md is (the tests run in the module's folder). */
    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs")))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the checkout's root above %s", Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    /** The lines of the block marked {@code <!-- checked: name -->} in a markdown file of the checkout. */
    static List<String> block(String markdown, String name) throws IOException {
        Path file = projectRoot().resolve(markdown);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String marker = "<!-- checked: " + name + " -->";
        int at = lines.indexOf(marker);
        assertThat(at).as("%s holds the marker %s", markdown, marker).isNotNegative();
        assertThat(lines.get(at + 1)).as("a fenced block follows %s in %s", marker, markdown).startsWith("```");
        List<String> block = new ArrayList<>();
        for (int i = at + 2; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
            block.add(lines.get(i));
        }
        return block;
    }

    /** One command of a block: the words after {@code $ } and the lines the block shows it printing. */
    record Step(List<String> words, List<String> expected) {
    }

    /** The block as commands, each with what it prints. */
    static List<Step> steps(List<String> block) {
        List<Step> steps = new ArrayList<>();
        for (String line : block) {
            if (line.startsWith("$ ")) {
                steps.add(new Step(List.of(line.substring(2).trim().split(" +")), new ArrayList<>()));
            } else {
                assertThat(steps).as("a block starts with a command: %s", line).isNotEmpty();
                steps.get(steps.size() - 1).expected().add(line);
            }
        }
        return steps;
    }

    /** Fails unless {@code actual} prints the expected lines as the rules above read them. */
    static void assertPrints(List<String> expected, String actual, String what) {
        List<String> out = actual.lines().map(DocTranscripts::withoutTimes).toList();
        int next = 0;
        boolean gap = false;
        for (String want : expected) {
            if (want.strip().equals("…")) {
                gap = true;
                continue;
            }
            Pattern line = pattern(withoutTimes(want));
            int found = -1;
            for (int i = next; i < out.size() && (gap || i == next); i++) {
                if (line.matcher(out.get(i)).matches()) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                fail("%s: the documented line%n  %s%nis not printed %s; the output was:%n%s", what, want,
                        gap ? "after the lines before it" : "right after the line before it", actual);
            }
            next = found + 1;
            gap = false;
        }
        if (!gap && next != out.size()) {
            fail("%s: the output goes on after the documented lines with%n  %s%n(end the block with … if that is"
                    + " meant); the output was:%n%s", what, out.get(next), actual);
        }
    }

    private static String withoutTimes(String s) {
        return TIME.matcher(s).replaceAll("<time>");
    }

    private static Pattern pattern(String documented) {
        StringBuilder regex = new StringBuilder();
        for (String part : documented.split("…", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        // trailing spaces of a table row are not visible in the docs
        return Pattern.compile(regex + "\\s*");
    }
}
