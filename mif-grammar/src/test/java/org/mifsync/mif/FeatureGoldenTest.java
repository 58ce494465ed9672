package org.mifsync.mif;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's own golden files, one or more per language feature and per error, in
 * {@code src/test/resources/golden/features}: each {@code X.mif} has {@code X.mif.strict.txt} and
 * {@code X.mif.lenient.txt}; a file whose name contains {@code sms} also {@code X.mif.sms.txt}
 * (lenient with the SMS dialect checks).
 */
class FeatureGoldenTest {

    static Stream<Arguments> features() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(Golden.root().resolve("features"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".mif")).sorted().toList()) {
                String name = f.getFileName().toString();
                cases.add(Arguments.of(name, "strict"));
                cases.add(Arguments.of(name, "lenient"));
                if (name.contains("sms")) {
                    cases.add(Arguments.of(name, "sms"));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("features")
    void featureFileMatchesItsGoldenOutcome(String name, String variant) throws IOException {
        Path dir = Golden.root().resolve("features");
        MifParser parser = switch (variant) {
            case "strict" -> MifParser.strict();
            case "lenient" -> MifParser.lenient();
            default -> MifParser.builder().mode(SyntaxMode.LENIENT).smsChecks(true).build();
        };
        byte[] bytes = Files.readAllBytes(dir.resolve(name));
        Golden.check(dir.resolve(name + "." + variant.toLowerCase(Locale.ROOT) + ".txt"),
                Golden.outcome(parser, bytes, name));
    }
}
