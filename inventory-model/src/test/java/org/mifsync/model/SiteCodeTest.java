package org.mifsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;

class SiteCodeTest {

    @Test
    void siteCodeIsUpperCased() {
        assertThat(SiteCode.of("a1c").value()).isEqualTo("A1C");
        assertThat(SiteCode.of("a1c")).isEqualTo(SiteCode.of("A1C")).hasToString("A1C");
    }

    @Test
    void siteCodeOfWrongLengthIsRefusedWithTheLength() {
        assertThatThrownBy(() -> SiteCode.of("ABCD"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("site code 'ABCD' must be 3 characters, found 4");
        assertThatThrownBy(() -> SiteCode.of("")).hasMessage("site code must not be empty");
        assertThatThrownBy(() -> SiteCode.of(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("site code must not be null");
    }

    @Test
    void siteCodeWithLookAlikeLetterIsRefusedNotFolded() {
        // the dotless i upper-cases to I, so folding before checking would accept it
        assertThatThrownBy(() -> SiteCode.of("AB\u0131"))
                .hasMessage("site code 'AB\u0131' has U+0131 at position 3; only 0-9 and A-Z are allowed");
        assertThatThrownBy(() -> SiteCode.of("\u0410BC")).hasMessageContaining("U+0410 at position 1");
    }

    @Test
    void siteCodesAreOrderedByText() {
        assertThat(SiteCode.of("AB9")).isLessThan(SiteCode.of("ABA"));
    }

    @Test
    void everyValidSiteCodeIsAcceptedAndUpperCased() {
        qt().withExamples(300).forAll(Gens.mixedCase(Gens.stringOf(Gens.ALNUM, 3, 3))).checkAssert(text -> {
            SiteCode code = SiteCode.of(text);
            assertThat(code.value()).matches("[0-9A-Z]{3}").isEqualToIgnoringCase(text);
            assertThat(SiteCode.of(code.value())).isEqualTo(code);
        });
    }

    @Test
    void everySiteCodeOfWrongLengthIsRefused() {
        qt().withExamples(300).forAll(Gens.stringOf(Gens.ALNUM, 0, 12)).assuming(s -> s.length() != 3)
                .checkAssert(text -> assertThatThrownBy(() -> SiteCode.of(text))
                        .isInstanceOf(InvalidValueException.class)
                        .hasMessageContaining("site code")
                        .hasMessageMatching(text.isEmpty() ? ".*must not be empty" : ".*found " + text.length()));
    }

    @Test
    void everySiteCodeWithABadCharacterIsRefusedAtItsPosition() {
        qt().withExamples(300).forAll(Gens.withOneBad(Gens.ALNUM, 3, Gens.NOT_ALNUM))
                .checkAssert(text -> {
                    int position = firstBad(text) + 1;
                    assertThatThrownBy(() -> SiteCode.of(text))
                            .isInstanceOf(InvalidValueException.class)
                            .hasMessageContaining("at position " + position)
                            .hasMessageContaining("only 0-9 and A-Z are allowed");
                });
    }

    private static int firstBad(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Gens.ALNUM.indexOf(text.charAt(i)) < 0) {
                return i;
            }
        }
        return -1;
    }
}
