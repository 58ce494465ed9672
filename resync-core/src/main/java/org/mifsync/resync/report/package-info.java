/**
 * Inventory reports as MIF files and back: {@link org.mifsync.resync.report.ReportReader}
 * turns a parsed {@link org.mifsync.mif.MifDocument} into the {@link
 * org.mifsync.resync.report.ClientReport}s it carries, {@link
 * org.mifsync.resync.report.ReportWriter} prints a report as a MIF document that reads back to the
 * same report.
 *
 * <p>The report directives are comments in the MIF header: {@code //ReportType<Full|Delta|Resync>},
 * {@code //ReportVersion<major.minor>}, {@code //InventoryKind<HW|SW>}, {@code
 * //ReportTime<yyyymmddhhmmss>} and {@code //ResyncRequest<yyyymmddhhmmss>} (both times UTC). Delta
 * groups carry {@code PRAGMA = "SMS:Add" | "SMS:Update" | "SMS:Delete"}. A file without
 * directives is an SMS 1.x report: complete for both kinds, its version given by the store.
 *
 * @since 0.1
 */
package org.mifsync.resync.report;
