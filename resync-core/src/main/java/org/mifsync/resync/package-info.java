/** Reports from MIF and back, database comparison, request files and the tools' logic. */
package org.mifsync.resync;
