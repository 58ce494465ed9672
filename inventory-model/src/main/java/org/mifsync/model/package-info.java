/**
 * The inventory model: validated, immutable values with no dependency outside the JDK.
 *
 * <ul>
 *   <li>Identities: {@link org.mifsync.model.SiteCode}, {@link org.mifsync.model.SmsId}, {@link
 *       org.mifsync.model.NetBiosName}, {@link org.mifsync.model.DomainName}.
 *   <li>Topology: {@link org.mifsync.model.Site} and {@link org.mifsync.model.Hierarchy}, {@link
 *       org.mifsync.model.SmsDomain}, {@link org.mifsync.model.LogonServer}.
 *   <li>Inventory: {@link org.mifsync.model.GroupClass}, {@link org.mifsync.model.AttributeValue},
 *       {@link org.mifsync.model.Attribute}, {@link org.mifsync.model.GroupInstance} identified by
 *       an {@link org.mifsync.model.InstanceKey}, {@link org.mifsync.model.Inventory} snapshots and
 *       {@link org.mifsync.model.InventoryDelta} changes, with {@code diff} and {@code apply}.
 *   <li>Reports and requests: {@link org.mifsync.model.InventoryReport} ({@link
 *       org.mifsync.model.InventoryKind}, {@link org.mifsync.model.ReportType}, {@link
 *       org.mifsync.model.ReportVersion}) and {@link org.mifsync.model.ResyncRequest} ({@link
 *       org.mifsync.model.ResyncReason}, {@link org.mifsync.model.RequestState}).
 * </ul>
 *
 * <p>Every value checks itself on construction. Bad input is refused with an {@link
 * org.mifsync.model.InvalidValueException} (an {@code IllegalArgumentException}) whose message
 * names the field and says what is wrong, e.g. {@code SMSID 'ABC0001' must be 8 characters, found
 * 7}; offending text is quoted as it is (cut short when long) and escaped by whoever prints the
 * message, once ({@code org.mifsync.mif.TextEscapes} in mifsync's programs). Names and classes are compared
 * ignoring case, folded with {@link java.util.Locale#ROOT} whatever the default locale. Every
 * type here is immutable and thread-safe, exceptions aside.
 */
package org.mifsync.model;
