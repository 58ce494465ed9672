/**
 * Internal to {@code resync-core}, not exported: the one place that writes a file durably ({@link
 * org.mifsync.resync.files.internal.DurableFiles}). Request files, replicas, the agent's state and
 * reports and the collector's copies go through it.
 */
package org.mifsync.resync.files.internal;
