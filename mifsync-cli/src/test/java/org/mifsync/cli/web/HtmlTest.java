package org.mifsync.cli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.resync.admin.SiteStatus;
import org.mifsync.resync.settings.HttpAddress;
import org.mifsync.resync.store.InventoryStore;

/** The page's one way to write text escapes it; the server will not listen beyond the loopback without a token. */
class HtmlTest {

    @TempDir
    Path dir;

    @Test
    void hostileTextStaysText() {
        assertThat(Html.escape("<script>alert('x')</script>")).isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assertThat(Html.escape("\"><img src=x onerror=alert(1)>")).isEqualTo("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
        assertThat(Html.escape("A&amp;B")).isEqualTo("A&amp;amp;B");
        assertThat(Html.escape("bell\u0007nul\u0000del\u007Fc1\u0085")).isEqualTo("bell\uFFFDnul\uFFFDdel\uFFFDc1\uFFFD");
        assertThat(Html.escape("tab\tline\nreturn\r")).isEqualTo("tab\tline\nreturn\r");
        assertThat(Html.escape("Grüße ✓")).isEqualTo("Grüße ✓");
    }

    @Test
    void attributeValuesCannotLeaveTheirQuotesAndNamesAreConstants() {
        String html = new Html().element("a", "x\" onclick=\"y", "href", "/client?q=\"><script>", "title", "'")
                .toString();
        assertThat(html).isEqualTo("<a href=\"/client?q=&quot;&gt;&lt;script&gt;\" title=\"&#39;\">"
                + "x&quot; onclick=&quot;y</a>");
        assertThatThrownBy(() -> new Html().open("a onclick=x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Html().open("a", "href=x", "y")).isInstanceOf(IllegalArgumentException.class);
        assertThat(StatusPage.clientLink("A&B'C=1;%20")).isEqualTo("/client?q=A%26B%27C%3D1%3B%2520");
    }

    @Test
    void beyondTheLoopbackTheServerNeedsATokenFile() throws Exception {
        try (InventoryStore store = InventoryStore.openEmbedded(dir.resolve("t.db"), Clock.systemUTC())) {
            SiteStatus status = SiteStatus.of(dir, store, Clock.systemUTC());
            assertThatThrownBy(() -> StatusServer.start(new HttpAddress("0.0.0.0", 0), Optional.empty(), status,
                    Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a loopback address").hasMessageContaining("http-token-file");
            Path empty = Files.writeString(dir.resolve("empty.token"), "\n");
            assertThatThrownBy(() -> StatusServer.start(new HttpAddress("0.0.0.0", 0), Optional.of(empty), status,
                    Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("one line of printable ASCII");
            try (StatusServer loopback = StatusServer.start(new HttpAddress("127.0.0.1", 0), Optional.empty(), status,
                    Clock.systemUTC())) {
                assertThat(loopback.requiresToken()).isFalse();
                assertThat(loopback.address().getAddress().isLoopbackAddress()).isTrue();
            }
            Path token = Files.writeString(dir.resolve("ok.token"), "abc123\n");
            try (StatusServer any = StatusServer.start(new HttpAddress("0.0.0.0", 0), Optional.of(token), status,
                    Clock.systemUTC())) {
                assertThat(any.requiresToken()).isTrue();
            }
        }
    }
}
