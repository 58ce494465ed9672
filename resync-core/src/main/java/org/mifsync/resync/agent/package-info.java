/**
 * The client side of inventory resync, the program on each computer: an {@link org.mifsync.resync.agent.Agent}
 * keeps, per kind, the last inventory it sent, its version and the last request time it answered,
 * and sends deltas, complete reports and resync reports into a logon server's drop box.
 */
package org.mifsync.resync.agent;
