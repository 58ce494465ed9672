/**
 * The request side of a site: the {@link org.mifsync.resync.requests.Publisher} that projects the
 * store's resync requests into each domain's {@code RESYNC.CFG} and {@code <SMSID>.CFG} files within
 * the throttle, and the logic of {@code invsync} ({@link org.mifsync.resync.requests.InvSync}) and
 * {@code dumpsync} ({@link org.mifsync.resync.requests.DumpSync}).
 *
 * <p>The store is the source of truth; the files are projections of it, rewritten whole by the
 * publisher under a per-domain database lock. Nothing here prints; progress goes to a {@link
 * org.mifsync.resync.requests.RequestListener}.
 *
 * @since 0.1
 */
package org.mifsync.resync.requests;
