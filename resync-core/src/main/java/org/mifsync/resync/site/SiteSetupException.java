package org.mifsync.resync.site;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

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

    // 2: the lists and fields that were transient are now serialized
    private static final long serialVersionUID = 2L;

    /**
     * What kind of data a change would lose, so that a caller can say what to do about it.
     *
     * @since 0.1
     */
    public enum Kind {
        /** A site the description leaves out still has clients. */
        SITE_HAS_CLIENTS,
        /** A domain the description leaves out still has clients. */
        DOMAIN_HAS_CLIENTS,
        /** A logon server that would be removed or moved still holds reports not yet collected. */
        DROP_BOX_HOLDS_REPORTS,
        /** Anything else; the sentence says it. */
        OTHER
    }

    /**
     * One reason the description was not applied.
     *
     * @param kind what kind of reason
     * @param text one sentence saying what was found
     * @since 0.1
     */
    public record Refusal(Kind kind, String text) implements Serializable {
        /**
         * Checks the fields.
         *
         * @param kind the kind
         * @param text the sentence
         */
        public Refusal {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }
    }

    /** Every reason; serializable, so the exception comes back whole from Java serialization. */
    private final List<Refusal> refusals;

    /**
     * Creates the exception from sentences alone.
     *
     * @param reasons every reason, at least one
     */
    public SiteSetupException(List<String> reasons) {
        this(reasons.stream().map(r -> new Refusal(Kind.OTHER, r)).toArray(Refusal[]::new));
    }

    /**
     * Creates the exception.
     *
     * @param refusals every reason, at least one
     */
    public SiteSetupException(Refusal... refusals) {
        super("the site description was not applied, nothing changed: "
                + String.join("; ", List.of(refusals).stream().map(Refusal::text).toList()));
        if (refusals.length == 0) {
            throw new IllegalArgumentException("a refusal needs a reason");
        }
        this.refusals = List.of(refusals);
    }

    /**
     * Returns why the description was not applied.
     *
     * @return one sentence per reason
     */
    public List<String> reasons() {
        return refusals.stream().map(Refusal::text).toList();
    }

    /**
     * Returns why the description was not applied, with the kind of each reason.
     *
     * @return the reasons
     */
    public List<Refusal> refusals() {
        return refusals;
    }
}
