/** Generators of MIF documents, inventories and identities, shared by tests and benchmarks. */
package org.mifsync.testkit;
