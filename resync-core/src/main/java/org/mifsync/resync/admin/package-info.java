/**
 * The administrator's operations: what the store holds for a client, deleting a
 * client, resolving a quarantined duplicate SMSID, the way out of a type conflict (retype, drop,
 * unblock a class), re-queueing {@code BADMIFS} files and retention ({@code prune}).
 *
 * <p>Every change to the store is one transaction; a dry run does the same work and rolls it back,
 * so that it reports exactly what the change would do.
 *
 * @since 0.1
 */
package org.mifsync.resync.admin;
