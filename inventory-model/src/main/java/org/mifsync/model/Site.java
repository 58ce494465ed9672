package org.mifsync.model;

import java.util.Optional;

/**
 * An SMS site: its code, a display name and the code of its parent site, if any. A site without
 * a parent is the central site of its hierarchy.
 *
 * <p>Immutable and thread-safe.
 *
 * @param code the site's code
 * @param name a display name, not blank, at most 128 characters, no control characters
 * @param parent the parent site's code, or empty for the central site
 * @since 0.1
 */
public record Site(SiteCode code, String name, Optional<SiteCode> parent) {

    /** The longest display name accepted. */
    public static final int MAX_NAME_LENGTH = 128;

    /**
     * Validates the site.
     *
     * @param code the site's code
     * @param name a display name, not blank, at most 128 characters, no control characters
     * @param parent the parent site's code, or empty for the central site
     * @throws InvalidValueException if a field is null, the name is blank, too long or holds a
     *     control character, or the site names itself as its parent
     */
    public Site {
        Check.notNull("site code", code);
        Check.text("site name", name, MAX_NAME_LENGTH);
        Check.notNull("parent site", parent);
        if (parent.isPresent() && parent.get().equals(code)) {
            throw Check.invalid("parent site", "site " + code + " must not be its own parent");
        }
    }

    /**
     * Returns a central site, one without a parent.
     *
     * @param code the site's code
     * @param name its display name
     * @return the site
     * @throws InvalidValueException if a field is invalid
     */
    public static Site central(SiteCode code, String name) {
        return new Site(code, name, Optional.empty());
    }

    /**
     * Returns a child site.
     *
     * @param code the site's code
     * @param name its display name
     * @param parent the parent site's code
     * @return the site
     * @throws InvalidValueException if a field is invalid
     */
    public static Site child(SiteCode code, String name, SiteCode parent) {
        return new Site(code, name, Optional.of(Check.notNull("parent site", parent)));
    }

    /**
     * Tells whether this is the central site (it has no parent).
     *
     * @return true if the site has no parent
     */
    public boolean isCentral() {
        return parent.isEmpty();
    }
}
