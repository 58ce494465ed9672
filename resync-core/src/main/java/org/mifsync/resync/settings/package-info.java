/**
 * The site's settings: the ground floor of {@code resync-core}, which every other package may read
 * and which imports none of them.
 */
package org.mifsync.resync.settings;
