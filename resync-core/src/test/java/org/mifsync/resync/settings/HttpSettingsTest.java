package org.mifsync.resync.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The http and http-token-file settings: off by default, HOST:PORT, an absolute token file. */
class HttpSettingsTest {

    @Test
    void theServerIsOffAndNeedsNoTokenUnlessGiven() {
        assertThat(SiteSettings.DEFAULTS.http()).isEmpty();
        assertThat(SiteSettings.DEFAULTS.httpTokenFile()).isEmpty();
        assertThat(SiteSettings.DEFAULTS.text(SiteSettings.HTTP)).isEqualTo("off");
        assertThat(SiteSettings.DEFAULTS.text(SiteSettings.HTTP_TOKEN_FILE)).isEqualTo("none");
    }

    @Test
    void addressesAndTokenFilesRoundTripThroughTheirText() {
        SiteSettings s = SiteSettings.DEFAULTS.with("http", "127.0.0.1:9400").with("HTTP-TOKEN-FILE", "/etc/mifsync/token");

        assertThat(s.http()).contains(new HttpAddress("127.0.0.1", 9400));
        assertThat(s.httpTokenFile()).contains(Path.of("/etc/mifsync/token"));
        assertThat(SiteSettings.fromText(s.text())).isEqualTo(s);
        assertThat(s.with("http", "OFF").http()).isEmpty();
        assertThat(s.with("http-token-file", "none").httpTokenFile()).isEmpty();
    }

    @Test
    void hostPortFormsParse() {
        assertThat(HttpAddress.parse("0.0.0.0:9400")).isEqualTo(new HttpAddress("0.0.0.0", 9400));
        assertThat(HttpAddress.parse("Site1.Example:80")).isEqualTo(new HttpAddress("site1.example", 80));
        assertThat(HttpAddress.parse("[::1]:9400")).isEqualTo(new HttpAddress("::1", 9400));
        assertThat(HttpAddress.parse("[::1]:9400").toString()).isEqualTo("[::1]:9400");
        assertThat(HttpAddress.parse("localhost:0").port()).isZero();
    }

    @Test
    void badAddressesAreRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> HttpAddress.parse("9400")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> HttpAddress.parse("localhost:")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> HttpAddress.parse("localhost:http")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> HttpAddress.parse("localhost:65536")).hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> HttpAddress.parse("::1:9400")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> HttpAddress.parse("a b:1")).hasMessageContaining("not a host");
        assertThatThrownBy(() -> SiteSettings.fromText(java.util.Map.of("http", "nowhere")))
                .hasMessageStartingWith("setting http: ");
    }

    @Test
    void aRelativeTokenFileIsRefused() {
        assertThatThrownBy(() -> SiteSettings.DEFAULTS.with("http-token-file", "token.txt"))
                .hasMessageContaining("absolute path");
        assertThat(SiteSettings.DEFAULTS.with("http-token-file", "/t").httpTokenFile()).contains(Path.of("/t"));
    }
}
