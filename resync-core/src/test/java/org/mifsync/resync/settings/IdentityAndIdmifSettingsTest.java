package org.mifsync.resync.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings of issue 16: identity-conflict, idmif-collection and max-idmif-size, in text and back. */
class IdentityAndIdmifSettingsTest {

    @Test
    void defaultsHoldConflictsForTheAdministratorAndCollectIdmifsUpTo250KiB() {
        SiteSettings d = SiteSettings.DEFAULTS;
        assertThat(d.identityConflict()).isEqualTo(SiteSettings.IdentityConflict.MANUAL);
        assertThat(d.idmifCollection()).isTrue();
        assertThat(d.maxIdmifBytes()).isEqualTo(250L << 10);
        assertThat(d.text()).containsEntry("identity-conflict", "manual").containsEntry("idmif-collection", "on")
                .containsEntry("max-idmif-size", "250KiB");
    }

    @Test
    void valuesAreReadInAnyCaseAndWrittenBackTheSame() {
        SiteSettings s = SiteSettings.fromText(Map.of("identity-conflict", " MERGE ", "IDMIF-Collection", "Off",
                "max-idmif-size", "1MiB"));
        assertThat(s.identityConflict()).isEqualTo(SiteSettings.IdentityConflict.MERGE);
        assertThat(s.idmifCollection()).isFalse();
        assertThat(s.maxIdmifBytes()).isEqualTo(1L << 20);
        assertThat(SiteSettings.fromText(s.text())).isEqualTo(s);
    }

    @Test
    void aBadValueIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> SiteSettings.fromText(Map.of("identity-conflict", "new-record")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("setting identity-conflict: 'new-record' is neither manual nor merge");
        assertThatThrownBy(() -> SiteSettings.fromText(Map.of("idmif-collection", "1")))
                .hasMessage("setting idmif-collection: '1' is neither on nor off");
        assertThatThrownBy(() -> SiteSettings.fromText(Map.of("max-idmif-size", "-5")))
                .hasMessageStartingWith("setting max-idmif-size: ");
    }
}
