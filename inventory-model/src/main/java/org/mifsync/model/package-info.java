/** The inventory model: validated, immutable values with no dependency outside the JDK. */
package org.mifsync.model;
