package org.mifsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Under a Turkish default locale {@code "i".toUpperCase()} is {@code "İ"}: every fold in the model
 * must use {@link Locale#ROOT} for these to hold.
 */
class TurkishLocaleTest {

    private Locale saved;

    @BeforeEach
    void useTurkish() {
        saved = Locale.getDefault();
        Locale.setDefault(new Locale("tr", "TR"));
    }

    @AfterEach
    void restore() {
        Locale.setDefault(saved);
    }

    @Test
    void namesWithLowerCaseIEqualTheirUpperCaseUnderTurkishLocale() {
        assertThat("iis".toUpperCase()).as("the locale really is Turkish").isEqualTo("\u0130\u0130S");
        assertThat(NetBiosName.of("iis")).isEqualTo(NetBiosName.of("IIS")).hasSameHashCodeAs(NetBiosName.of("IIS"));
        assertThat(NetBiosName.of("iis").folded()).isEqualTo("IIS");
        assertThat(DomainName.of("billing")).isEqualTo(DomainName.of("BILLING"));
        assertThat(DomainName.of("lpti")).isEqualTo(DomainName.of("LPTI"));
    }

    @Test
    void identitiesWithLowerCaseIFoldToAsciiUnderTurkishLocale() {
        assertThat(SiteCode.of("iii").value()).isEqualTo("III");
        assertThat(SmsId.parse("abi0000i").value()).isEqualTo("ABI0000I");
        assertThat(SmsId.parse("guid:{5a6f1c2e-0b4d-4e8a-9f10-23456789abcd}").value())
                .isEqualTo("GUID:{5A6F1C2E-0B4D-4E8A-9F10-23456789ABCD}");
        assertThat(InventoryKind.parse("sw")).isEqualTo(InventoryKind.SW);
        assertThat(ResyncReason.parse("row_mismatch")).isEqualTo(ResyncReason.ROW_MISMATCH);
        assertThat(ReportType.parse("resync")).isEqualTo(ReportType.RESYNC);
    }

    @Test
    void deviceNamesWithLowerCaseIAreStillRecognisedUnderTurkishLocale() {
        assertThatThrownBy(() -> NetBiosName.of("conin$")).hasMessageContaining("device name CONIN$");
        assertThatThrownBy(() -> DomainName.of("lpt1")).hasMessageContaining("device name LPT1");
    }

    @Test
    void dotlessIIsRefusedRatherThanFoldedToI() {
        assertThatThrownBy(() -> NetBiosName.of("\u0131is")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> InventoryKind.parse("\u0131")).isInstanceOf(InvalidValueException.class);
    }
}
