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

    /** How many keys a worker claims at once at most. */
    static final int BATCH_KEYS = 32;
    /**
     * How many batches a pass is cut into at least, so that a small inbox is shared among the loaders
     * and workers that start together, instead of going whole to the first to claim.
     */
    static final int MIN_BATCHES = 16;

    private final List<List<Entry>> byKey = new ArrayList<>();
    private final int batchKeys;
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
        batchKeys = Math.max(1, Math.min(BATCH_KEYS, byKey.size() / MIN_BATCHES));
    }

    /** The next batch: each key's files, in order; null when none is left. */
    synchronized List<List<Entry>> next() {
        if (next >= byKey.size()) {
            return null;
        }
        List<List<Entry>> batch = byKey.subList(next, Math.min(byKey.size(), next + batchKeys));
        next += batch.size();
        return batch;
    }
}
