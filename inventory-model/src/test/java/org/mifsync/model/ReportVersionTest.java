package org.mifsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReportVersionTest {

    @Test
    void versionIsParsedAndPrintedAsMajorDotMinor() {
        ReportVersion version = ReportVersion.parse("3.1");
        assertThat(version).isEqualTo(ReportVersion.of(3, 1)).hasToString("3.1");
        assertThat(version.next()).isEqualTo(ReportVersion.of(3, 2));
        assertThat(version.nextMajor()).isEqualTo(ReportVersion.of(4, 0));
    }

    @Test
    void versionsAreOrderedByMajorThenMinor() {
        assertThat(ReportVersion.of(3, 10)).isGreaterThan(ReportVersion.of(3, 9));
        assertThat(ReportVersion.of(4, 0)).isGreaterThan(ReportVersion.of(3, 99));
        assertThat(ReportVersion.of(3, 1)).isEqualByComparingTo(ReportVersion.parse("3.1"));
    }

    @Test
    void versionAtTheLimitHasNoNext() {
        assertThatThrownBy(() -> ReportVersion.of(1, Integer.MAX_VALUE).next())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no next minor");
        assertThatThrownBy(() -> ReportVersion.of(Integer.MAX_VALUE, 0).nextMajor())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no next major");
    }

    static Stream<Arguments> badVersions() {
        return Stream.of(
                Arguments.of(null, "report version must not be null"),
                Arguments.of("", "must be two numbers joined by one period"),
                Arguments.of("3", "must be two numbers joined by one period"),
                Arguments.of("3.1.2", "must be two numbers joined by one period"),
                Arguments.of(".1", "has an empty major part"),
                Arguments.of("3.", "has an empty minor part"),
                Arguments.of("-3.1", "has '-' in its major part"),
                Arguments.of("+3.1", "has '+' in its major part"),
                Arguments.of("3.1 ", "has a space in its minor part"),
                Arguments.of("3,1.0", "has ',' in its major part"),
                Arguments.of("\uFF13.1", "has U+FF13 in its major part"),
                Arguments.of("03.1", "has a leading zero in its major part"),
                Arguments.of("3.01", "has a leading zero in its minor part"),
                Arguments.of("2147483648.0", "has a major part above 2147483647"),
                Arguments.of("1.99999999999999999999", "has a minor part above 2147483647"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("badVersions")
    void badVersionTextIsRefusedWithWhatIsWrong(String text, String why) {
        assertThatThrownBy(() -> ReportVersion.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("report version")
                .hasMessageContaining(why);
    }

    @Test
    void negativePartsAreRefused() {
        assertThatThrownBy(() -> ReportVersion.of(-1, 0)).hasMessage("report version major must not be negative, found -1");
        assertThatThrownBy(() -> ReportVersion.of(0, -2)).hasMessage("report version minor must not be negative, found -2");
    }

    @Test
    void everyVersionSurvivesPrintAndParse() {
        qt().withExamples(300).forAll(integers().allPositive().mix(integers().between(0, 20)),
                integers().allPositive().mix(integers().between(0, 20))).checkAssert((major, minor) -> {
                    ReportVersion version = ReportVersion.of(major, minor);
                    assertThat(ReportVersion.parse(version.toString())).isEqualTo(version);
                });
    }

    @Test
    void nextIsTheSmallestLaterVersionOfTheSameMajor() {
        qt().withExamples(300).forAll(integers().between(0, 1000), integers().between(0, 1000))
                .checkAssert((major, minor) -> {
                    ReportVersion version = ReportVersion.of(major, minor);
                    assertThat(version.next()).isGreaterThan(version).isLessThan(version.nextMajor());
                    assertThat(version.nextMajor().minor()).isZero();
                });
    }

    @Test
    void everyNegativePartIsRefused() {
        qt().withExamples(100).forAll(integers().allPositive(), integers().between(0, 5))
                .checkAssert((n, minor) -> assertThatThrownBy(() -> ReportVersion.of(-n, minor))
                        .isInstanceOf(InvalidValueException.class));
    }
}
