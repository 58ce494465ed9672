package org.mifsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class GroupClassTest {

    @Test
    void classKeepsItsSpellingAndEqualsIgnoringCase() {
        GroupClass mixed = GroupClass.of("Microsoft|Disk|1.0");
        assertThat(mixed).isEqualTo(GroupClass.of("MICROSOFT|DISK|1.0")).hasSameHashCodeAs(GroupClass.of("microsoft|disk|1.0"));
        assertThat(mixed.value()).isEqualTo("Microsoft|Disk|1.0");
        assertThat(mixed.folded()).isEqualTo("MICROSOFT|DISK|1.0");
        assertThat(mixed.parts()).containsExactly("Microsoft", "Disk", "1.0");
        assertThat(mixed.isConventional()).isTrue();
    }

    @Test
    void blanksInAClassAreSignificant() {
        assertThat(GroupClass.of("DMTF | ComponentID | 1.0")).isNotEqualTo(GroupClass.of("DMTF|ComponentID|1.0"));
    }

    @Test
    void architectureClassWithoutBarsIsAcceptedButNotConventional() {
        GroupClass system = GroupClass.of("System");
        assertThat(system.isConventional()).isFalse();
        assertThat(system.parts()).containsExactly("System");
        assertThat(GroupClass.of("A||1").isConventional()).isFalse();
        assertThat(GroupClass.of("A|B|C|D").isConventional()).isFalse();
    }

    @Test
    void classWithControlCharacterOrNothingIsRefused() {
        assertThatThrownBy(() -> GroupClass.of("A|B\n|1")).isInstanceOf(InvalidValueException.class)
                .hasMessage("group class 'A|B\n|1' has the control character U+000A at position 4");
        assertThatThrownBy(() -> GroupClass.of("  ")).hasMessage("group class must not be blank");
        assertThatThrownBy(() -> GroupClass.of(null)).hasMessage("group class must not be null");
        assertThatThrownBy(() -> GroupClass.of("A|" + "B".repeat(600) + "|1")).hasMessageContaining("at most 512");
    }

    @Test
    void everyPrintableClassIsAcceptedAndEqualsItsUpperCase() {
        qt().withExamples(300).forAll(Gens.stringOf(Gens.ALNUM + " |._-\u00E9\u0131\u00DF", 1, 60))
                .assuming(s -> !s.isBlank())
                .checkAssert(text -> {
                    GroupClass groupClass = GroupClass.of(text);
                    assertThat(groupClass.value()).isEqualTo(text);
                    assertThat(GroupClass.of(text.toUpperCase(Locale.ROOT))).isEqualTo(groupClass);
                    assertThat(String.join("|", groupClass.parts())).isEqualTo(text);
                });
    }

    @Test
    void everyClassWithAControlCharacterIsRefused() {
        qt().withExamples(300).forAll(Gens.withOneBad(Gens.ALNUM + "|", 12, "\u0000\u0001\t\n\r\u001B\u007F\u0085\u009F"))
                .checkAssert(text -> assertThatThrownBy(() -> GroupClass.of(text))
                        .isInstanceOf(InvalidValueException.class)
                        .hasMessageMatching("(?s)group class '.*' has the control character U\\+00[0-9A-F]{2} at position \\d+"));
    }
}
