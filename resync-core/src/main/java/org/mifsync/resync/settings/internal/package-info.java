/**
 * Internal to {@code resync-core}, not exported: the checks every builder makes of the limits it is
 * given ({@link org.mifsync.resync.settings.internal.Checks}), on the ground floor so that every
 * package can use them.
 */
package org.mifsync.resync.settings.internal;
