/**
 * Collect (Maintenance Manager, inward): moves complete report files from the logon servers' drop
 * boxes into the site's inbox, safely under a crash, and ages out abandoned files.
 *
 * @since 0.1
 */
package org.mifsync.resync.collect;
