/**
 * The loader (SMS's Inventory Processor and Data Loader): {@link org.mifsync.resync.load.Loader}
 * works an inbox of report files, claiming each by rename, deciding its reports with the {@link
 * org.mifsync.resync.compare.Comparer} in each client's version order, and deleting, archiving
 * ({@code REFUSED/<REASON>/}) or setting aside ({@code BADMIFS/} with a {@code .err} file) each
 * file.
 *
 * @since 0.1
 */
package org.mifsync.resync.load;
