package org.mifsync.resync.site;

import java.util.List;

/**
 * {@code site init} refused to apply a site description: a change would lose data (a domain or
 * site that still has clients, a logon server whose drop box still holds reports) or the
 * description names what does not exist (a logon-server root that is not a directory). Nothing
 * was changed, in the store or on disk.
 *
 * <p>Not thread-safe in the sense of any exception; its reasons never change.
 *
 * @since 0.1
 */
public final class SiteSetupException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Every reason, one sentence each. */
    private final transient List<String> reasons;

    /**
     * Creates the exception.
     *
     * @param reasons every reason, at least one
     */
    public SiteSetupException(List<String> reasons) {
        super("the site description was not applied, nothing changed: " + String.join("; ", reasons));
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a refusal needs a reason");
        }
        this.reasons = List.copyOf(reasons);
    }

    /**
     * Returns why the description was not applied.
     *
     * @return one sentence per reason
     */
    public List<String> reasons() {
        return reasons;
    }
}
