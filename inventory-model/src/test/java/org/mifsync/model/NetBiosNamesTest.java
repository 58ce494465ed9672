package org.mifsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;

/** NetBIOS computer names and domain names follow the same rules; each test runs for both. */
class NetBiosNamesTest {

    record Kind(String field, Function<String, Object> factory) {
        @Override
        public String toString() {
            return field;
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(new Kind("NetBIOS name", NetBiosName::of), new Kind("domain name", DomainName::of));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void nameKeepsItsSpellingAndEqualsIgnoringCase(Kind kind) {
        Object lower = kind.factory().apply("Sales-01");
        Object upper = kind.factory().apply("SALES-01");
        assertThat(lower).isEqualTo(upper).hasSameHashCodeAs(upper).hasToString("Sales-01");
        assertThat(lower).isNotEqualTo(kind.factory().apply("SALES-02"));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void nameOfFifteenCharactersIsAcceptedAndSixteenRefused(Kind kind) {
        assertThat(kind.factory().apply("A".repeat(15))).isNotNull();
        assertThatThrownBy(() -> kind.factory().apply("A".repeat(16)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage(kind.field() + " 'AAAAAAAAAAAAAAAA' must be at most 15 characters, found 16");
    }

    static Stream<Arguments> badNames() {
        return kinds().flatMap(kind -> Stream.of(
                Arguments.of(kind, null, "must not be null"),
                Arguments.of(kind, "", "must not be empty"),
                Arguments.of(kind, ".", "must not begin with a period"),
                Arguments.of(kind, "..", "must not begin with a period"),
                Arguments.of(kind, ".HIDDEN", "must not begin with a period"),
                Arguments.of(kind, "SALES.", "must not end with a period"),
                Arguments.of(kind, " SALES", "must not begin or end with a space"),
                Arguments.of(kind, "SALES ", "must not begin or end with a space"),
                Arguments.of(kind, "../x", "has '/' at position 3"),
                Arguments.of(kind, "a\\b", "has '\\' at position 2"),
                Arguments.of(kind, "C:", "has ':' at position 2"),
                Arguments.of(kind, "WHO?", "has '?' at position 4"),
                Arguments.of(kind, "STAR*", "has '*' at position 5"),
                Arguments.of(kind, "\"Q\"", "has '\"' at position 1"),
                Arguments.of(kind, "<A>", "has '<' at position 1"),
                Arguments.of(kind, "A|B", "has '|' at position 2"),
                Arguments.of(kind, "NUL\u0000", "has the control character U+0000 at position 4"),
                Arguments.of(kind, "TAB\tX", "has the control character U+0009 at position 4"),
                Arguments.of(kind, "DEL\u007F", "has the control character U+007F at position 4"),
                Arguments.of(kind, "\u0410DMIN", "has U+0410 at position 1; only printable ASCII"),
                Arguments.of(kind, "\u0131is", "has U+0131 at position 1"),
                Arguments.of(kind, "PC\uFF11", "has U+FF11 at position 3"),
                Arguments.of(kind, "CON", "is the Windows device name CON"),
                Arguments.of(kind, "con", "is the Windows device name CON"),
                Arguments.of(kind, "Prn", "is the Windows device name PRN"),
                Arguments.of(kind, "AUX", "is the Windows device name AUX"),
                Arguments.of(kind, "NUL", "is the Windows device name NUL"),
                Arguments.of(kind, "COM1", "is the Windows device name COM1"),
                Arguments.of(kind, "com9", "is the Windows device name COM9"),
                Arguments.of(kind, "LPT1", "is the Windows device name LPT1"),
                Arguments.of(kind, "LPT9", "is the Windows device name LPT9"),
                Arguments.of(kind, "NUL.TXT", "is the Windows device name NUL"),
                Arguments.of(kind, "CONOUT$", "is the Windows device name CONOUT$")));
    }

    @ParameterizedTest(name = "[{index}] {0} {2}")
    @MethodSource("badNames")
    void badNameIsRefusedWithWhatIsWrong(Kind kind, String bad, String why) {
        assertThatThrownBy(() -> kind.factory().apply(bad))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith(kind.field())
                .hasMessageContaining(why);
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void namesThatMerelyStartLikeDevicesAreAccepted(Kind kind) {
        for (String name : List.of("CONSOLE", "COM10", "LPT0", "NULL", "AUXILIARY", "CON-1", "A.B", "MY DOMAIN")) {
            assertThat(kind.factory().apply(name)).hasToString(name);
            assertThat(FileNames.isSafe(name.replace(' ', '_'))).as(name).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyValidNameIsAcceptedAsGivenAndIsASafeFileName(Kind kind) {
        Gen<String> names = Gens.stringOf(Gens.NETBIOS_SAFE, 1, 15)
                .zip(Gens.stringOf(". ", 0, 3), integers().between(0, 14), (name, inner, at) -> {
                    // periods and spaces are allowed inside a name only
                    if (name.length() < 3) {
                        return name;
                    }
                    int cut = 1 + at % (name.length() - 1);
                    String joined = name.substring(0, cut) + inner + name.substring(cut);
                    return joined.length() <= 15 ? joined : name;
                })
                .assuming(n -> !isDevice(n));
        qt().withExamples(300).forAll(names).checkAssert(text -> {
            Object name = kind.factory().apply(text);
            assertThat(name).hasToString(text);
            assertThat(FileNames.isSafe(text.replace(' ', '_'))).as(text).isTrue();
            assertThat(kind.factory().apply(text.toLowerCase(java.util.Locale.ROOT))).isEqualTo(name);
        });
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyNameWithAForbiddenOrNonAsciiCharacterIsRefused(Kind kind) {
        String bad = Gens.NETBIOS_FORBIDDEN + "\u0000\u0001\u001F\u007F\u0085\u00A0\u0410\u0131\uFF10\u212A\u00E9";
        qt().withExamples(300).forAll(integers().between(1, 15).flatMap(n -> Gens.withOneBad(Gens.NETBIOS_SAFE, n, bad)))
                .checkAssert(text -> assertThatThrownBy(() -> kind.factory().apply(text))
                        .isInstanceOf(InvalidValueException.class)
                        .hasMessageMatching("(?s)" + kind.field() + " '.*' has .* at position \\d+.*"));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyOverLongNameIsRefused(Kind kind) {
        qt().withExamples(200).forAll(Gens.stringOf(Gens.NETBIOS_SAFE, 16, 80)).checkAssert(text ->
                assertThatThrownBy(() -> kind.factory().apply(text))
                        .isInstanceOf(InvalidValueException.class)
                        .hasMessageEndingWith("must be at most 15 characters, found " + text.length()));
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void everyDeviceNameInAnyCaseWithOrWithoutExtensionIsRefused(Kind kind) {
        Gen<String> devices = Gens.charFrom("0123456789").zip(Gens.charFrom("ABCDEFGH"), (d, i) -> List.of(
                "CON", "PRN", "AUX", "NUL", "COM" + (d == '0' ? '1' : d), "LPT" + (d == '0' ? '9' : d)).get(i % 6))
                .zip(Gens.stringOf(Gens.ALNUM, 0, 3), (device, ext) -> ext.isEmpty() ? device : device + "." + ext);
        qt().withExamples(200).forAll(Gens.mixedCase(devices)).checkAssert(text ->
                assertThatThrownBy(() -> kind.factory().apply(text))
                        .isInstanceOf(InvalidValueException.class)
                        .hasMessageContaining("is the Windows device name"));
    }

    private static boolean isDevice(String name) {
        return !FileNames.isSafe(name.replace(' ', '_'));
    }
}
