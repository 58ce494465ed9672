package org.mifsync.resync.files;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Sorts entries into {@code RESYNC.CFG} order and folds repeated keys, fast enough for a million
 * entries: each (SMSID, kind) becomes a 43-bit number (an 8-character SMSID is 8 base-36 digits,
 * and {@code 0-9} before {@code A-Z} in base 36 is also their ASCII order), and a stable radix sort
 * orders the numbers without chasing a pointer per comparison. Comparing objects instead costs
 * seconds for a shuffled million, nearly all of it in cache misses.
 */
final class EntrySort {

    private static final int DIGIT_BITS = 16;
    private static final int PASSES = 3; // 48 bits cover the 43 of a key

    private EntrySort() {
    }

    /**
     * Returns the entries sorted by SMSID then kind, one per key: the newest request time wins, and
     * on equal times the entry given later.
     *
     * @throws IllegalArgumentException if an entry has a GUID-form SMSID
     */
    static List<ResyncEntry> sortedMerged(Collection<? extends ResyncEntry> entries) {
        ResyncEntry[] array = entries.toArray(new ResyncEntry[0]);
        int n = array.length;
        long[] keys = new long[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            ResyncEntry entry = Objects.requireNonNull(array[i], "entries must not contain null");
            if (entry.smsId().isGuid()) {
                throw new IllegalArgumentException(RecordFormat.guidRefusal(entry.smsId()));
            }
            keys[i] = key(entry);
            order[i] = i;
        }
        radixSort(keys, order);
        List<ResyncEntry> merged = new ArrayList<>(n);
        long lastKey = -1;
        for (int i = 0; i < n; i++) {
            ResyncEntry entry = array[order[i]];
            if (keys[i] == lastKey) {
                // stable sort: the earlier-given entry is already in the list
                int last = merged.size() - 1;
                merged.set(last, ResyncEntry.newest(merged.get(last), entry));
            } else {
                merged.add(entry);
                lastKey = keys[i];
            }
        }
        return merged;
    }

    static long key(ResyncEntry entry) {
        String id = entry.smsId().value();
        long value = 0;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            value = value * 36 + (c <= '9' ? c - '0' : c - 'A' + 10);
        }
        return value * 2 + entry.kind().ordinal();
    }

    /** Stable least-significant-digit radix sort of {@code keys}, carrying {@code order} along. */
    private static void radixSort(long[] keys, int[] order) {
        int n = keys.length;
        long[] keysOut = new long[n];
        int[] orderOut = new int[n];
        int[] count = new int[1 << DIGIT_BITS];
        for (int pass = 0; pass < PASSES; pass++) {
            int shift = pass * DIGIT_BITS;
            java.util.Arrays.fill(count, 0);
            for (long key : keys) {
                count[(int) (key >>> shift) & 0xFFFF]++;
            }
            int sum = 0;
            for (int d = 0; d < count.length; d++) {
                int c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                int at = count[(int) (keys[i] >>> shift) & 0xFFFF]++;
                keysOut[at] = keys[i];
                orderOut[at] = order[i];
            }
            System.arraycopy(keysOut, 0, keys, 0, n);
            System.arraycopy(orderOut, 0, order, 0, n);
        }
    }
}
