/**
 * The request files that tell clients to send a complete inventory, and the directories they live in: {@code RESYNC.CFG} (fixed-width
 * records, binary-searchable), the per-client {@code <SMSID>.CFG}, the SMS 1.2 site layout, and
 * the replication of the masters to the logon servers of a domain.
 *
 * <p>The store is the source of truth; these files are its projections. Every write is atomic
 * (temporary file in the same directory, fsync, rename), so a reader sees either the old or the
 * new version of a file, never a part of one.
 *
 * @since 0.1
 */
package org.mifsync.resync.files;
