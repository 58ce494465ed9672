/**
 * The database comparison: {@link org.mifsync.resync.compare.Comparer} decides each
 * report against the {@link org.mifsync.resync.store.InventoryStore}, applying it or refusing it
 * with a reason code, and records resync requests under the re-issue rule (a pending request is issued again
 * only after its timeout, which grows with each re-issue), all in one
 * transaction per report.
 *
 * @since 0.1
 */
package org.mifsync.resync.compare;
