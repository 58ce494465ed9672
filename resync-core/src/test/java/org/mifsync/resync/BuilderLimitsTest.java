package org.mifsync.resync;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.mifsync.resync.collect.Collector;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.store.InventoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's and the loader's builders refuse a bad limit with the same words for the same
 * setting, and each names the setting and the value found.
 */
class BuilderLimitsTest {

    @TempDir
    Path dir;

    @Test
    void collectorRefusesLimitsThatAreNotPositive() {
        Collector.Builder b = Collector.builder(dir);
        assertThatThrownBy(() -> b.maxFileBytes(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("largest report size must be positive, found 0");
        assertThatThrownBy(() -> b.stallTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stall timeout must be positive, found PT0S");
        assertThatThrownBy(() -> b.abandonedAfter(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("abandoned-file age must be positive, found PT-1S");
        assertThatThrownBy(() -> b.stallTimeout(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("stall timeout");
    }

    @Test
    void loaderRefusesLimitsThatAreNotPositiveWithTheCollectorsWords() {
        try (InventoryStore store = InventoryStore.openEmbedded(dir.resolve("store.db"), Clock.systemUTC())) {
            Loader.Builder b = Loader.builder(dir, Comparer.builder(store).build());
            assertThatThrownBy(() -> b.maxFileBytes(-5)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("largest report size must be positive, found -5");
            assertThatThrownBy(() -> b.maxIdmifBytes(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("largest IDMIF size must be positive, found 0");
            assertThatThrownBy(() -> b.windowBytes(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("window must be positive, found 0");
            assertThatThrownBy(() -> b.stallTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("stall timeout must be positive, found PT0S");
            assertThatThrownBy(() -> b.lease(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("lease must be positive, found PT-0.001S");
            assertThatThrownBy(() -> b.commitEvery(0, Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("files per commit must be at least 1, found 0");
            assertThatThrownBy(() -> b.commitEvery(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("commit interval must be positive, found PT0S");
            assertThatThrownBy(() -> b.workers(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("workers must be at least 1, found 0");
        }
    }
}
