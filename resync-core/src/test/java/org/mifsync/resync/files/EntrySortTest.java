package org.mifsync.resync.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncReason;

class EntrySortTest {

    @Test
    void radixOrderIsTheAsciiOrderOfSmsIdThenKind() {
        qt().withExamples(300).withFixedSeed(36L)
                .forAll(Requests.entryLists(400))
                .checkAssert(list -> assertThat(EntrySort.sortedMerged(list)).isEqualTo(Requests.expected(list)));
    }

    @Test
    void extremeSmsIdsSortAsTheirText() {
        List<ResyncEntry> list = new ArrayList<>();
        for (String id : new String[] {"ZZZZZZZZ", "00000000", "A0000000", "9ZZZZZZZ", "ZZZZZZZY"}) {
            for (InventoryKind kind : InventoryKind.values()) {
                list.add(new ResyncEntry(Requests.id(id), kind, Requests.T0, ResyncReason.FORCED));
            }
        }
        assertThat(EntrySort.sortedMerged(list)).isEqualTo(Requests.expected(list))
                .extracting(e -> e.smsId().value()).startsWith("00000000", "00000000", "9ZZZZZZZ");
    }
}
