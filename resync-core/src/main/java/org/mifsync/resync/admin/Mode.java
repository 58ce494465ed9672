package org.mifsync.resync.admin;

/**
 * Whether an administrator's operation changes anything.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public enum Mode {
    /** Make the change. */
    APPLY,
    /** Only report what the change would do: the store work is done and rolled back, no file is touched. */
    DRY_RUN
}
