package org.mifsync.resync.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A pass's files grouped by claim key, keys in order and each key's files in version order, handed
 * out in batches of a few keys to the workers that claim them.
 *
 * <p>Thread-safe.
 */
final class KeyQueue {

    /** How many keys a worker claims at once. */
    static final int BATCH_KEYS = 32;

    private final List<List<Entry>> byKey = new ArrayList<>();
    private int next;

    KeyQueue(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::key).thenComparing(Entry::order));
        for (Entry entry : sorted) {
            if (byKey.isEmpty() || !byKey.get(byKey.size() - 1).get(0).key().equals(entry.key())) {
                byKey.add(new ArrayList<>());
            }
            byKey.get(byKey.size() - 1).add(entry);
        }
    }

    /** The next batch: each key's files, in order; null when none is left. */
    synchronized List<List<Entry>> next() {
        if (next >= byKey.size()) {
            return null;
        }
        List<List<Entry>> batch = byKey.subList(next, Math.min(byKey.size(), next + BATCH_KEYS));
        next += batch.size();
        return batch;
    }
}
