package org.mifsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

class CodesTest {

    @Test
    void codesAreParsedIgnoringCase() {
        assertThat(InventoryKind.parse("hw")).isEqualTo(InventoryKind.HW);
        assertThat(ReportType.parse("Delta")).isEqualTo(ReportType.DELTA);
        assertThat(ResyncReason.parse("Version_Gap")).isEqualTo(ResyncReason.VERSION_GAP);
        assertThat(RequestState.parse("published")).isEqualTo(RequestState.PUBLISHED);
    }

    @Test
    void unknownCodeIsRefusedListingTheAllowedOnes() {
        assertThatThrownBy(() -> InventoryKind.parse("HX"))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("inventory kind 'HX' must be one of HW, SW");
        assertThatThrownBy(() -> ReportType.parse("partial"))
                .hasMessage("report type 'partial' must be one of FULL, DELTA, RESYNC");
        assertThatThrownBy(() -> ResyncReason.parse(" FORCED"))
                .hasMessage("resync reason ' FORCED' must be one of NO_BASELINE, VERSION_GAP, ROW_MISMATCH, "
                        + "DUPLICATE_ID, FORCED");
        assertThatThrownBy(() -> RequestState.parse(null)).hasMessage("request state must not be null");
    }

    @Test
    void everyReasonCodeFitsTheResyncCfgColumn() {
        for (ResyncReason reason : ResyncReason.values()) {
            assertThat(reason.name()).hasSizeLessThanOrEqualTo(19).matches("[A-Z_]+");
        }
    }

    @Test
    void onlyDeltaReportsAreIncomplete() {
        assertThat(ReportType.FULL.isComplete()).isTrue();
        assertThat(ReportType.RESYNC.isComplete()).isTrue();
        assertThat(ReportType.DELTA.isComplete()).isFalse();
    }

    @Test
    void onlyRequestedAndPublishedRequestsArePending() {
        assertThat(RequestState.REQUESTED.isPending()).isTrue();
        assertThat(RequestState.PUBLISHED.isPending()).isTrue();
        assertThat(RequestState.ACKNOWLEDGED.isPending()).isFalse();
        assertThat(RequestState.EXPIRED.isPending()).isFalse();
    }

    @Test
    void everyCodeIsParsedBackFromItsNameInAnyCase() {
        qt().withExamples(100).forAll(Gens.mixedCase(Generate.enumValues(ResyncReason.class).map(Enum::name)))
                .checkAssert(text -> assertThat(ResyncReason.parse(text).name()).isEqualToIgnoringCase(text));
        qt().withExamples(50).forAll(Gens.mixedCase(Generate.enumValues(InventoryKind.class).map(Enum::name)))
                .checkAssert(text -> assertThat(InventoryKind.parse(text).name()).isEqualToIgnoringCase(text));
    }

    @Test
    void everyTextThatNamesNoCodeIsRefused() {
        qt().withExamples(300).forAll(Gens.stringOf(Gens.ALNUM + "_ \u0131", 0, 14))
                .assuming(s -> !s.equalsIgnoreCase("HW") && !s.equalsIgnoreCase("SW"))
                .checkAssert(text -> assertThatThrownBy(() -> InventoryKind.parse(text))
                        .isInstanceOf(InvalidValueException.class)
                        .hasMessageEndingWith("must be one of HW, SW"));
    }
}
