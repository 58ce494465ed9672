/**
 * Generators shared by tests and benchmarks: valid MIF documents for property tests
 * ({@link org.mifsync.testkit.MifGenerators}) and the many ways to spell them
 * ({@link org.mifsync.testkit.MifSpellings}), broken inputs ({@link org.mifsync.testkit.MifMutations})
 * with the check that diagnostics point inside them ({@link org.mifsync.testkit.LocationCheck}),
 * realistic SMS hardware inventories as MIF, JSON and objects ({@link org.mifsync.testkit.InventoryMifs}),
 * and readable differences between models ({@link org.mifsync.testkit.ModelDiff}).
 */
package org.mifsync.testkit;
