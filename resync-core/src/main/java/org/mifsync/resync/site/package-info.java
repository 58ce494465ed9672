/** A site as the tools see it: its description file, settings, and the operations that run it. */
package org.mifsync.resync.site;
