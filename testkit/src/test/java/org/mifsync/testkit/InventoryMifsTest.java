package org.mifsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.mifsync.mif.Group;
import org.mifsync.mif.MifDocument;
import org.mifsync.mif.MifValue;
import org.mifsync.mif.ParseResult;
import org.mifsync.mif.MifParser;
import org.mifsync.testkit.InventoryMifs.Inventory;

/** The realistic inventories are valid, of the size asked for, and the same in all three forms. */
class InventoryMifsTest {

    private static final List<Inventory> SET = InventoryMifs.mixedSet(42, 12);

    @Test
    void inventoriesParseStrictlyWithoutWarnings() throws Exception {
        for (Inventory inv : SET) {
            ParseResult r = MifParser.strict().parse(inv.mif(), inv.name());
            assertThat(r.warnings()).as(inv.name()).isEmpty();
        }
    }

    @Test
    void inventoriesAreTenToHundredKilobytes() {
        for (Inventory inv : SET) {
            assertThat(inv.mif().length).as(inv.name()).isBetween(10 * 1024, 100 * 1024);
        }
        for (long seed = 0; seed < 25; seed++) {
            for (int target : new int[] {InventoryMifs.MIN_TARGET, 30_000, InventoryMifs.MAX_TARGET}) {
                int size = InventoryMifs.generate(seed, target).mif().length;
                assertThat(size).as("seed %d, target %d", seed, target).isBetween(Math.max(10 * 1024, target - 2560),
                        target);
            }
        }
        assertThatThrownBy(() -> InventoryMifs.generate(1, 5_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mixedSetSpreadsSizesOverTheWholeRange() {
        List<Integer> sizes = SET.stream().map(i -> i.mif().length).sorted().toList();
        assertThat(sizes.get(0)).isLessThan(13 * 1024);
        assertThat(sizes.get(sizes.size() - 1)).isGreaterThan(95 * 1024);
    }

    @Test
    void mifJsonAndPojoCarryTheSameInventory() throws Exception {
        ObjectMapper jackson = new ObjectMapper();
        for (Inventory inv : SET) {
            MifDocument doc = MifParser.strict().parse(inv.mif(), inv.name()).document();
            assertThat(InventoryMifs.fromMif(doc)).as(inv.name()).isEqualTo(inv.model());
            assertThat(jackson.readValue(inv.json(), InventoryPojo.class)).as(inv.name()).isEqualTo(inv.model());
        }
    }

    @Test
    void inventoriesHaveTheSmsHardwareGroups() throws Exception {
        Inventory inv = SET.get(0);
        MifDocument doc = MifParser.strict().parse(inv.mif(), inv.name()).document();
        assertThat(doc.component().groups().stream().map(Group::className).distinct()).contains(
                "MICROSOFT|IDENTIFICATION|1.0", "MICROSOFT|WORKSTATION_STATUS|1.0", "MICROSOFT|OPERATING_SYSTEM|1.0",
                "MICROSOFT|PROCESSOR|1.0", "MICROSOFT|PC_BIOS|1.0", "MICROSOFT|PC_MEMORY|1.0", "MICROSOFT|NETWORK|1.0",
                "MICROSOFT|DISK|1.0", "MICROSOFT|LOGICAL_DISK|1.0", "MICROSOFT|SERVICES|1.0", "MICROSOFT|VIDEO|1.0");
        Group identification = doc.component().group("microsoft|identification|1.0").orElseThrow();
        assertThat(identification.attributeNamed("SMSID").orElseThrow().value().orElseThrow())
                .isInstanceOfSatisfying(MifValue.Text.class, t -> assertThat(t.value()).matches("[A-Z]{2}[0-9]{6}"));
        // several instances of a keyed group, each with its own ID
        assertThat(doc.component().groups().stream().filter(g -> g.className().equals("MICROSOFT|SERVICES|1.0"))
                .count()).isGreaterThan(2);
    }

    @Test
    void sameSeedGivesSameInventory() {
        assertThat(InventoryMifs.mixedSet(42, 12)).isEqualTo(SET);
        assertThat(InventoryMifs.generate(7, 20_000)).isEqualTo(InventoryMifs.generate(7, 20_000));
        assertThat(new String(InventoryMifs.generate(7, 20_000).mif(), StandardCharsets.ISO_8859_1))
                .isNotEqualTo(new String(InventoryMifs.generate(8, 20_000).mif(), StandardCharsets.ISO_8859_1));
    }
}
