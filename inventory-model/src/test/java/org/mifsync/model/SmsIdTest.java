package org.mifsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class SmsIdTest {

    private static final String GUID = "GUID:{5A6F1C2E-0B4D-4E8A-9F10-23456789ABCD}";

    @Test
    void shortFormIsParsedWithItsSite() {
        SmsId id = SmsId.parse("TTT0A00Z");
        assertThat(id.value()).isEqualTo("TTT0A00Z");
        assertThat(id.isGuid()).isFalse();
        assertThat(id.fileName()).isEqualTo("TTT0A00Z");
        assertThat(id.siteCode()).contains(SiteCode.of("TTT"));
        assertThat(id).hasToString("TTT0A00Z");
    }

    @Test
    void lowerCaseShortFormIsFoldedToUpperCase() {
        assertThat(SmsId.parse("abc0000z")).isEqualTo(SmsId.parse("ABC0000Z"));
        assertThat(SmsId.parse("abc0000z").value()).isEqualTo("ABC0000Z");
    }

    @Test
    void guidFormIsParsedWithoutSiteAndNamesItsFileByHexDigits() {
        SmsId id = SmsId.parse(GUID.toLowerCase(Locale.ROOT));
        assertThat(id.value()).isEqualTo(GUID);
        assertThat(id.isGuid()).isTrue();
        assertThat(id.fileName()).isEqualTo("5A6F1C2E0B4D4E8A9F1023456789ABCD");
        assertThat(id.siteCode()).isEmpty();
        assertThat(SmsId.ofGuid(UUID.fromString("5a6f1c2e-0b4d-4e8a-9f10-23456789abcd"))).isEqualTo(id);
    }

    @Test
    void smsIdOfSevenCharactersIsRefusedWithTheLength() {
        assertThatThrownBy(() -> SmsId.parse("ABC0001"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("SMSID 'ABC0001' must be 8 characters, found 7")
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("SMSID");
    }

    @Test
    void smsIdWithDeviceNameIsRefused() {
        assertThatThrownBy(() -> SmsId.parse("CON")).hasMessage("SMSID 'CON' must be 8 characters, found 3");
        assertThatThrownBy(() -> SmsId.parse("LPT1")).hasMessage("SMSID 'LPT1' must be 8 characters, found 4");
    }

    @Test
    void smsIdWithPathIsRefusedAtTheSeparator() {
        assertThatThrownBy(() -> SmsId.parse("../x")).hasMessage("SMSID '../x' must be 8 characters, found 4");
        assertThatThrownBy(() -> SmsId.parse("AB/00001"))
                .hasMessage("SMSID 'AB/00001' has '/' at position 3; only 0-9 and A-Z are allowed");
    }

    @Test
    void smsIdWithNulByteIsRefusedAndTheByteEscapedInTheMessage() {
        assertThatThrownBy(() -> SmsId.parse("ABC\u00000001"))
                .hasMessage("SMSID 'ABC\u00000001' has U+0000 at position 4; only 0-9 and A-Z are allowed");
    }

    @Test
    void smsIdWithSurroundingBlankIsRefusedNotTrimmed() {
        assertThatThrownBy(() -> SmsId.parse(" ABC00001"))
                .hasMessage("SMSID ' ABC00001' must not begin or end with whitespace");
    }

    @Test
    void overLongSmsIdIsRefusedWithAShortMessage() {
        String huge = "A".repeat(1_000_000);
        Throwable thrown = catchThrowable(() -> SmsId.parse(huge));
        assertThat(thrown).hasMessageEndingWith("must be 8 characters, found 1000000");
        assertThat(thrown.getMessage()).hasSizeLessThan(160).contains("(1000000 characters)");
    }

    @Test
    void malformedGuidFormsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> SmsId.parse("GUID:5A6F1C2E-0B4D-4E8A-9F10-23456789ABCD"))
                .hasMessageContaining("must be 43 characters").hasMessageContaining("found 41");
        assertThatThrownBy(() -> SmsId.parse("GUID:(5A6F1C2E-0B4D-4E8A-9F10-23456789ABCD)"))
                .hasMessageContaining("has '(' at position 6 where '{' belongs");
        assertThatThrownBy(() -> SmsId.parse("GUID:{5A6F1C2E-0B4D-4E8A-9F10-23456789ABCG}"))
                .hasMessageContaining("has 'G' at position 42 where a hex digit 0-9 or A-F belongs");
        assertThatThrownBy(() -> SmsId.parse("GUID:{5A6F1C2E00B4D-4E8A-9F10-23456789ABCD}"))
                .hasMessageContaining("has '0' at position 15 where '-' belongs");
        // a dotless i would pass a String.regionMatches(ignoreCase) prefix check
        assertThatThrownBy(() -> SmsId.parse("GU\u0131D:{5A6F1C2E-0B4D-4E8A-9F10-23456789ABCD}"))
                .isInstanceOf(InvalidValueException.class);
    }

    static Stream<Arguments> hostileValues() {
        return Stream.of(
                Arguments.of("../x", "must be 8 characters, found 4"),
                Arguments.of("..\\..\\x", "must be 8 characters, found 7"),
                Arguments.of("../../xx", "has '.' at position 1"),
                Arguments.of("..\\..\\xx", "has '.' at position 1"),
                Arguments.of("ABC/0001", "has '/' at position 4"),
                Arguments.of("ABC\\0001", "has '\\' at position 4"),
                Arguments.of("C:000001", "has ':' at position 2"),
                Arguments.of(".", "must be 8 characters, found 1"),
                Arguments.of("..", "must be 8 characters, found 2"),
                Arguments.of("........", "has '.' at position 1"),
                Arguments.of("ABC0001.", "has '.' at position 8"),
                Arguments.of("CON", "must be 8 characters, found 3"),
                Arguments.of("NUL", "must be 8 characters, found 3"),
                Arguments.of("AUX", "must be 8 characters, found 3"),
                Arguments.of("PRN", "must be 8 characters, found 3"),
                Arguments.of("COM1", "must be 8 characters, found 4"),
                Arguments.of("LPT1", "must be 8 characters, found 4"),
                Arguments.of("CON.CFG", "must be 8 characters, found 7"),
                Arguments.of("NUL.0001", "has '.' at position 4"),
                Arguments.of("\u0000", "must be 8 characters, found 1"),
                Arguments.of("ABC0001\u0000", "has U+0000 at position 8"),
                Arguments.of("\u0000BC00001", "has U+0000 at position 1"),
                Arguments.of("\u0410BC00001", "has U+0410 at position 1"),
                Arguments.of("ABC0000\u0406", "has U+0406 at position 8"),
                Arguments.of("ABC\uFF100001", "has U+FF10 at position 4"),
                Arguments.of("AB\u0131\u00300001", "has U+0131 at position 3"),
                Arguments.of("ABC0000\u212A", "has U+212A at position 8"),
                Arguments.of("STRA\u00DFE1", "must be 8 characters, found 7"),
                Arguments.of("ABC00\u200B01", "has U+200B at position 6"),
                Arguments.of("", "must not be empty"),
                Arguments.of(" ", "must not begin or end with whitespace"),
                Arguments.of("\t", "must not begin or end with whitespace"),
                Arguments.of("ABC00001\n", "must not begin or end with whitespace"),
                Arguments.of("ABC 0001", "has a space at position 4"),
                Arguments.of("ABC000012", "must be 8 characters, found 9"),
                Arguments.of("A".repeat(300), "must be 8 characters, found 300"),
                Arguments.of("*", "must be 8 characters, found 1"),
                Arguments.of("ABC0000?", "has '?' at position 8"),
                Arguments.of("GUID:{../../../../../../../../../../../../}", "where a hex digit"),
                Arguments.of("GUID:{5A6F1C2E-0B4D-4E8A-9F10-23456789ABCD}/..", "must be 43 characters"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("hostileValues")
    void hostileSmsIdIsRefusedWithWhatIsWrong(String hostile, String why) {
        assertThatThrownBy(() -> SmsId.parse(hostile))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("SMSID")
                .hasMessageContaining(why);
    }

    @Test
    void hostileValuesThatAreAcceptedAreSafeFileNames() {
        // look like trouble, but are well-formed IDs: accepted, and their file names are safe
        for (String text : List.of("CON00001", "NUL0000Z", "AUX00000", "COM10000", "LPT10000", "PRN99999",
                "con00001", "GUID:{00000000-0000-0000-0000-000000000000}")) {
            SmsId id = SmsId.parse(text);
            assertThat(FileNames.isSafe(id.fileName())).as(text).isTrue();
            assertThat(FileNames.isSafe(id.fileName() + ".CFG")).as(text).isTrue();
        }
    }

    @Test
    void everyValidShortFormIsAcceptedInAnyCase() {
        qt().withExamples(300).forAll(Gens.mixedCase(Gens.stringOf(Gens.ALNUM, 8, 8))).checkAssert(text -> {
            SmsId id = SmsId.parse(text);
            assertThat(id.value()).isEqualTo(text.toUpperCase(Locale.ROOT)).matches("[0-9A-Z]{8}");
            assertThat(id.fileName()).isEqualTo(id.value());
            assertThat(id.siteCode()).contains(SiteCode.of(text.substring(0, 3)));
            assertThat(SmsId.parse(id.value())).isEqualTo(id);
        });
    }

    @Test
    void everyValidGuidFormIsAcceptedInAnyCase() {
        Gen<String> guids = Gens.mixedCase(Gens.stringOf("0123456789ABCDEF", 32, 32)
                .map(h -> "GUID:{" + h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
                        + h.substring(16, 20) + "-" + h.substring(20) + "}"));
        qt().withExamples(300).forAll(guids).checkAssert(text -> {
            SmsId id = SmsId.parse(text);
            assertThat(id.isGuid()).isTrue();
            assertThat(id.value()).isEqualTo(text.toUpperCase(Locale.ROOT));
            assertThat(id.fileName()).matches("[0-9A-F]{32}");
            assertThat(id.siteCode()).isEmpty();
        });
    }

    @Test
    void everyShortFormOfWrongLengthIsRefused() {
        qt().withExamples(300).forAll(Gens.stringOf(Gens.ALNUM, 1, 40)).assuming(s -> s.length() != 8)
                .checkAssert(text -> assertThatThrownBy(() -> SmsId.parse(text))
                        .isInstanceOf(InvalidValueException.class)
                        .hasMessageEndingWith("must be 8 characters, found " + text.length()));
    }

    @Test
    void everyShortFormWithABadCharacterIsRefused() {
        qt().withExamples(300).forAll(Gens.withOneBad(Gens.ALNUM, 8, Gens.NOT_ALNUM)).checkAssert(text ->
                assertThatThrownBy(() -> SmsId.parse(text))
                        .isInstanceOf(InvalidValueException.class)
                        .hasMessageMatching("(?s)SMSID '.*' (has .* at position \\d; only 0-9 and A-Z are allowed"
                                + "|must not begin or end with whitespace)"));
    }

    @Test
    void everyGuidFormWithABadCharacterIsRefused() {
        Gen<String> broken = Gens.stringOf("0123456789abcdef", 32, 32)
                .map(h -> "GUID:{" + h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
                        + h.substring(16, 20) + "-" + h.substring(20) + "}")
                .zip(integers().between(5, 42), Gens.charFrom(Gens.NOT_ALNUM + "GZgz"), (g, at, bad) -> {
                    char old = g.charAt(at);
                    // a '-' put where a '-' was is no break; swap it for something that is
                    char replacement = bad == old ? 'X' : bad;
                    return g.substring(0, at) + replacement + g.substring(at + 1);
                });
        qt().withExamples(300).forAll(broken).checkAssert(text ->
                assertThatThrownBy(() -> SmsId.parse(text))
                        .isInstanceOf(InvalidValueException.class)
                        .hasMessageMatching("(?s)SMSID '.*' (has .* at position \\d+ where .* belongs.*"
                                + "|must not begin or end with whitespace)"));
    }

    @Test
    void anyStringIsEitherRefusedOrASafeFileName() {
        List<String> pieces = new ArrayList<>(List.of("..", ".", "/", "\\", "CON", "NUL", "AUX", "COM1", "LPT1",
                "GUID:", "{", "}", "-", "\u0000", " ", "\u0410", "\u0131", "\uFF11", "A", "b", "0", "Z9",
                "ABC", "0001", "5A6F1C2E", "0B4D"));
        Gen<String> soup = lists().of(Generate.pick(pieces)).ofSizeBetween(0, 12)
                .map(parts -> parts.stream().collect(Collectors.joining()));
        qt().withExamples(1000).forAll(soup).checkAssert(text -> {
            SmsId id;
            try {
                id = SmsId.parse(text);
            } catch (InvalidValueException refused) {
                assertThat(refused.getMessage()).startsWith("SMSID");
                return;
            }
            assertThat(FileNames.isSafe(id.fileName())).as(id.fileName()).isTrue();
        });
    }

    @Test
    void smsIdsAreOrderedByAsciiByteOrder() {
        List<SmsId> ids = Stream.of("ABC0000A", "ABC00009", "GUID:{00000000-0000-0000-0000-000000000000}",
                "0BC00001", "ZZZZZZZZ").map(SmsId::parse).sorted().collect(Collectors.toList());
        assertThat(ids).extracting(SmsId::value).containsExactly("0BC00001", "ABC00009", "ABC0000A",
                "GUID:{00000000-0000-0000-0000-000000000000}", "ZZZZZZZZ");
    }
}
