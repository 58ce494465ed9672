/**
 * The DMTF Management Information Format as SMS inventory files use it: {@link
 * org.mifsync.mif.MifParser} reads a file (strict, or lenient as SMS was) into an immutable {@link
 * org.mifsync.mif.MifDocument} of components, groups, attributes and tables; {@link
 * org.mifsync.mif.MifWriter} writes canonical MIF that parses back to an equal document; {@link
 * org.mifsync.mif.MifJson} gives a JSON view. Every error and warning is a {@link
 * org.mifsync.mif.Diagnostic} with its {@link org.mifsync.mif.SourceLocation} ({@code
 * source:line:column}, 1-based); a file that cannot be read as MIF raises a {@link
 * org.mifsync.mif.MifException} listing them all.
 *
 * <p>No ANTLR type appears in this package; the generated parser lives in an unexported package.
 * Every public type says whether it is thread-safe.
 *
 * @since 0.1
 */
package org.mifsync.mif;
