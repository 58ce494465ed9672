package org.mifsync.resync.files;

/**
 * Whether an operation changes anything or only reports what it would do: replication, and the
 * administrator's operations on the store.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public enum Mode {
    /** Make the change. */
    APPLY,
    /** Only report what the change would do: store work is rolled back, no file is touched. */
    DRY_RUN
}
