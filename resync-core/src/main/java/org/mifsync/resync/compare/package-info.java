/**
 * The database comparison (DESIGN §5): {@link org.mifsync.resync.compare.Comparer} decides each
 * report against the {@link org.mifsync.resync.store.InventoryStore}, applying it or refusing it
 * with a reason code, and records resync requests under the re-issue rule of DESIGN §6, all in one
 * transaction per report.
 *
 * @since 0.1
 */
package org.mifsync.resync.compare;
