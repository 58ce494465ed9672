/** JMH benchmarks; run by hand, see the README. */
package org.mifsync.benchmarks;
