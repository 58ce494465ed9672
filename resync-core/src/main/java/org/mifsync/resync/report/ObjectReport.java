package org.mifsync.resync.report;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.mifsync.model.Inventory;
import org.mifsync.model.ReportVersion;

/**
 * A custom object, as an IDMIF of an architecture other than Personal Computer describes it: an
 * {@code Employee}, a {@code Printer}, a {@code Router}. SMS 1.2 loaded such files as objects
 * of their architecture, keyed by their Identification group; SMS 2.0 added the {@code
 * //Architecture<…>} and {@code //UniqueID<…>} header. A newer report of the same object replaces it
 * whole: attributes it no longer reports become NULL (are no longer stored).
 *
 * <p>An IDMIF without {@code //ReportVersion} (SMS 1.x) is <em>unversioned</em>: its version is the
 * placeholder {@code 0.0} and the store orders such reports by {@link #generatedAt()}, as for clients.
 *
 * <p>Immutable and thread-safe.
 *
 * @param architecture the architecture's name, as the file gives it (e.g. {@code Employee})
 * @param key what tells objects of the architecture apart: the {@code //UniqueID<…>} value, or the
 *     values of the Identification group's key attributes joined by {@code |}
 * @param version the report's version ({@code 0.0} when unversioned)
 * @param versioned false for an SMS 1.x IDMIF whose version the store assigns
 * @param generatedAt when the report was made ({@code //ReportTime}, else the file's time)
 * @param inventory every group of the object (the Architecture group left out)
 * @since 0.1
 */
public record ObjectReport(String architecture, String key, ReportVersion version, boolean versioned,
        Instant generatedAt, Inventory inventory) {

    /** The longest architecture name or key accepted. */
    public static final int MAX_NAME_LENGTH = 256;

    /**
     * Validates the report.
     *
     * @throws IllegalArgumentException if the architecture or key is blank, too long or holds a
     *     control character, or an unversioned report has a version other than {@code 0.0}
     */
    public ObjectReport {
        check(architecture, "architecture");
        check(key, "object key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(generatedAt, "generated at");
        Objects.requireNonNull(inventory, "inventory");
        if (!versioned && !version.equals(ReportVersion.of(0, 0))) {
            throw new IllegalArgumentException("an unversioned object report has the placeholder version 0.0,"
                    + " found " + version);
        }
    }

    private static void check(String text, String what) {
        Objects.requireNonNull(text, what);
        if (text.isBlank() || text.length() > MAX_NAME_LENGTH || text.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new IllegalArgumentException(what + " \"" + text + "\" must be 1 to " + MAX_NAME_LENGTH
                    + " characters without control characters, not blank");
        }
    }

    /**
     * Returns the architecture folded to upper case with {@link Locale#ROOT}, as it is compared.
     *
     * @return e.g. {@code EMPLOYEE}
     */
    public String foldedArchitecture() {
        return fold(architecture);
    }

    /**
     * Returns the key folded to upper case with {@link Locale#ROOT}, as it is compared.
     *
     * @return the folded key
     */
    public String foldedKey() {
        return fold(key);
    }

    /**
     * Folds an architecture name or key as objects are compared: upper case with {@link Locale#ROOT}.
     *
     * @param text the name or key
     * @return the folded text
     */
    public static String fold(String text) {
        return text.strip().toUpperCase(Locale.ROOT);
    }
}
