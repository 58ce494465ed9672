package org.mifsync.resync.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The claims loaders hold on the work they do, inside one transaction: a claim is a key (a client's
 * SMSID, or a file whose client is not known), the loader holding it and the time it expires. Several
 * loaders, in one process or several, on one host or several, share a site by claiming: a key is
 * worked by the loader that holds it, and a loader that dies gives its keys up when their claims
 * expire (a lease, renewed while the loader works).
 *
 * <p>On PostgreSQL claiming never waits for another loader: rows other loaders have locked are
 * skipped ({@code FOR UPDATE SKIP LOCKED}), and a new key is taken by inserting it. On SQLite the
 * transaction already holds the database's only write lock.
 *
 * <pre>{@code
 * Set<String> mine = store.inTransaction(tx -> tx.claims().claim(me, keys, now, now.plus(lease)));
 * }</pre>
 *
 * <p>Not thread-safe, and valid only inside the transaction it was made for.
 *
 * @since 0.1
 */
public final class LoaderClaims {

    /** The most keys one statement names; longer lists are taken in parts. */
    static final int PART = 64;

    private final StoreTransaction tx;

    LoaderClaims(StoreTransaction tx) {
        this.tx = tx;
    }

    /**
     * Claims those of the keys that no other loader holds (held by none, held by this loader, or
     * held by one whose claim has expired), until the given time.
     *
     * @param loader who claims, e.g. {@code host:pid:worker}
     * @param keys the keys wanted
     * @param now the time, against which claims expire
     * @param until when the new claims expire unless renewed
     * @return the keys claimed now (a subset of those wanted)
     * @throws SQLException if the database fails
     */
    public Set<String> claim(String loader, Collection<String> keys, Instant now, Instant until) throws SQLException {
        Set<String> claimed = new TreeSet<>();
        for (List<String> part : parts(keys)) {
            // new keys: inserted as this loader's; a key another loader is inserting at this moment
            // conflicts and is left to the update below
            List<String> padded = StoreTransaction.padded(part);
            StringBuilder values = new StringBuilder();
            List<Object> params = new ArrayList<>();
            for (String key : padded) {
                values.append(values.length() == 0 ? "" : ", ").append("(?, ?, ?)");
                params.add(key);
                params.add(loader);
                params.add(until.toEpochMilli());
            }
            claimed.addAll(keys("INSERT INTO loader_claim (claim_key, loader, expires_at) VALUES " + values
                    + " ON CONFLICT (claim_key) DO NOTHING RETURNING claim_key", params));
            // known keys: taken over where free, skipping rows other loaders hold locked
            List<String> rest = part.stream().filter(k -> !claimed.contains(k)).toList();
            if (!rest.isEmpty()) {
                List<String> paddedRest = StoreTransaction.padded(rest);
                params = new ArrayList<>(List.of(loader, until.toEpochMilli()));
                params.addAll(paddedRest);
                params.add(loader);
                params.add(now.toEpochMilli());
                claimed.addAll(keys("UPDATE loader_claim SET loader = ?, expires_at = ? WHERE claim_key IN"
                        + " (SELECT claim_key FROM loader_claim WHERE claim_key IN "
                        + StoreTransaction.inList(paddedRest.size()) + " AND (loader = ? OR expires_at <= ?)"
                        + tx.dialect().skipLocked() + ") RETURNING claim_key", params));
            }
        }
        return claimed;
    }

    /**
     * Renews this loader's claims on the keys until the given time.
     *
     * @param loader the loader
     * @param keys keys it claimed
     * @param until the new expiry
     * @return the keys it still holds (a key missing was taken over after its claim expired)
     * @throws SQLException if the database fails
     */
    public Set<String> renew(String loader, Collection<String> keys, Instant until) throws SQLException {
        Set<String> held = new TreeSet<>();
        for (List<String> part : parts(keys)) {
            List<String> padded = StoreTransaction.padded(part);
            List<Object> params = new ArrayList<>(List.of(until.toEpochMilli(), loader));
            params.addAll(padded);
            held.addAll(keys("UPDATE loader_claim SET expires_at = ? WHERE loader = ? AND claim_key IN "
                    + StoreTransaction.inList(padded.size()) + " RETURNING claim_key", params));
        }
        return held;
    }

    /**
     * Gives up this loader's claims on the keys.
     *
     * @param loader the loader
     * @param keys keys it claimed
     * @throws SQLException if the database fails
     */
    public void release(String loader, Collection<String> keys) throws SQLException {
        for (List<String> part : parts(keys)) {
            List<String> padded = StoreTransaction.padded(part);
            List<Object> params = new ArrayList<>(List.of(loader));
            params.addAll(padded);
            tx.update("DELETE FROM loader_claim WHERE loader = ? AND claim_key IN "
                    + StoreTransaction.inList(padded.size()), params.toArray());
        }
    }

    /**
     * Returns the loaders holding unexpired claims, with how many keys each holds.
     *
     * @param now the time
     * @return loader to count, by loader
     * @throws SQLException if the database fails
     */
    public java.util.Map<String, Integer> holders(Instant now) throws SQLException {
        java.util.Map<String, Integer> holders = new java.util.TreeMap<>();
        try (PreparedStatement s = tx.prepare("SELECT loader, COUNT(*) FROM loader_claim WHERE expires_at > ?"
                + " GROUP BY loader")) {
            s.setLong(1, now.toEpochMilli());
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    holders.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return holders;
    }

    /**
     * Ends every claim of a loader at once, e.g. one known to be dead: its keys are free to claim.
     *
     * @param loader the loader
     * @return how many claims it held
     * @throws SQLException if the database fails
     */
    public int expire(String loader) throws SQLException {
        return tx.update("UPDATE loader_claim SET expires_at = 0 WHERE loader = ?", loader);
    }

    private List<String> keys(String sql, List<Object> params) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement s = tx.prepare(sql)) {
            StoreTransaction.bind(s, params.toArray());
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    private static List<List<String>> parts(Collection<String> keys) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(keys));
        List<List<String>> parts = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i += PART) {
            parts.add(sorted.subList(i, Math.min(sorted.size(), i + PART)));
        }
        return parts;
    }
}
