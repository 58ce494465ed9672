/**
 * Internal to {@code resync-core}, not exported: the one place that writes a file durably ({@link
 * org.mifsync.resync.files.internal.DurableFiles}). Request files, replicas, the agent's state and
 * reports, the collector's copies and the loader's error files all go through it.
 */
package org.mifsync.resync.files.internal;
