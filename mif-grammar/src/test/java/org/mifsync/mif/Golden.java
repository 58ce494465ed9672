package org.mifsync.mif;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Golden files: the expected outcome of parsing an input, kept as text in the project. An outcome
 * is either the errors, or the warnings and the document as JSON; locations are written as
 * {@code line:column} without the source name, so goldens do not depend on where files live.
 *
 * <p>Regenerate after an intended change with {@code mvn -pl mif-grammar test -Dgolden.update=true}
 * and review the diff before committing.
 */
final class Golden {

    static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private Golden() {
    }

    /** The outcome of parsing {@code bytes} with {@code parser}, in golden form. */
    static String outcome(MifParser parser, byte[] bytes, String source) {
        try {
            ParseResult result = parser.parse(bytes, source);
            return "warnings:\n" + lines(result.warnings()) + "document:\n" + MifJson.write(result.document());
        } catch (MifException e) {
            return "errors:\n" + lines(e.errors()) + "warnings:\n" + lines(e.warnings());
        }
    }

    private static String lines(List<Diagnostic> diagnostics) {
        return diagnostics.stream()
                .map(d -> d.location().line() + ":" + d.location().column() + ": " + d.message() + "\n")
                .collect(Collectors.joining());
    }

    /** Compares with the golden file, or writes it when updating. */
    static void check(Path golden, String actual) throws IOException {
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(golden).as("golden file %s is missing; run with -Dgolden.update=true and review it", golden)
                .exists();
        assertThat(actual).as("outcome differs from %s", golden)
                .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }

    /** The source tree's golden directory (tests run with the module as working directory). */
    static Path root() {
        return Path.of("src/test/resources/golden").toAbsolutePath();
    }
}
