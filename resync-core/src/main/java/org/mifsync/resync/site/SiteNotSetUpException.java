package org.mifsync.resync.site;

import java.io.Serial;

/**
 * Thrown when a site's work is asked of a store that describes no site (or no domain) yet: nothing
 * has recorded a site description in it ({@link SiteSetup}). An {@link IllegalArgumentException},
 * as the store given was not one of a set-up site.
 *
 * <p>Unchecked. Not meant to be shared between threads.
 *
 * @since 0.1
 */
public final class SiteNotSetUpException extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was asked and what the store lacks
     */
    public SiteNotSetUpException(String message) {
        super(message);
    }
}
