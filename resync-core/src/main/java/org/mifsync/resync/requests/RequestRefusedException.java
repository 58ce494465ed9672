package org.mifsync.resync.requests;

import java.io.Serial;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;

/**
 * Thrown when a request tool refuses what it was asked: the client is unknown, the name is shared,
 * the client or domain belongs to another site, and so on. The message is one line for people and
 * says what was found; {@link #reason()}, {@link #site()} (where the command must run) and {@link
 * #smsIds()} (the clients sharing a name) let a caller say what to do (the command line adds its advice).
 *
 * <p>Unchecked. Not meant to be shared between threads.
 *
 * @since 0.1
 */
public final class RequestRefusedException extends RuntimeException {

    @Serial
    // 2: the lists and fields that were transient are now serialized
    private static final long serialVersionUID = 2L;

    /**
     * Why the tool refused.
     *
     * @since 0.1
     */
    public enum Reason {
        /** No client has that NetBIOS name. */
        UNKNOWN_CLIENT,
        /** Several clients have that NetBIOS name; {@link #smsIds()} lists them. */
        AMBIGUOUS_NAME,
        /** The client or domain belongs to another site; {@link #site()} names it. */
        OTHER_SITE,
        /** The client's SMSID is quarantined as a duplicate until an administrator resolves it. */
        QUARANTINED,
        /** The client has no domain in the store. */
        NO_DOMAIN,
        /** The domain (the client's, or the one named) is not described for any site of the store. */
        UNKNOWN_DOMAIN,
        /** There is no pending request to cancel. */
        NOTHING_PENDING,
        /** The domain's {@code RESYNC.CFG} was never published. */
        NOTHING_PUBLISHED
    }

    private final Reason reason;
    /** The site concerned, or null: a field of a serializable type, so the exception serializes whole. */
    private final SiteCode site;
    private final List<SmsId> smsIds;

    /**
     * Creates the exception about no site and no client in particular.
     *
     * @param reason why
     * @param message one line for people
     */
    public RequestRefusedException(Reason reason, String message) {
        this(reason, message, List.of(), null);
    }

    /**
     * Creates the exception about clients, e.g. those sharing a name ({@link Reason#AMBIGUOUS_NAME}).
     *
     * @param reason why
     * @param message one line for people
     * @param smsIds the clients concerned
     */
    public RequestRefusedException(Reason reason, String message, List<SmsId> smsIds) {
        this(reason, message, smsIds, null);
    }

    /**
     * Creates the exception about work that belongs to another site ({@link Reason#OTHER_SITE}).
     *
     * @param reason why
     * @param message one line for people
     * @param site the site where the work belongs
     * @param smsIds the clients concerned, if any
     */
    public RequestRefusedException(Reason reason, String message, SiteCode site, List<SmsId> smsIds) {
        this(reason, message, smsIds, Objects.requireNonNull(site, "site"));
    }

    /** The one constructor that sets the fields; {@code site} is null when no site is concerned. */
    private RequestRefusedException(Reason reason, String message, List<SmsId> smsIds, SiteCode site) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.site = site;
        this.smsIds = List.copyOf(smsIds);
    }

    static RequestRefusedException of(Reason reason, String message) {
        return new RequestRefusedException(reason, message);
    }

    /**
     * Returns why the tool refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * Returns the site where the work belongs, for {@link Reason#OTHER_SITE}.
     *
     * @return the site, or empty
     */
    public Optional<SiteCode> site() {
        return Optional.ofNullable(site);
    }

    /**
     * Returns the clients sharing the name, for {@link Reason#AMBIGUOUS_NAME}.
     *
     * @return the SMSIDs, sorted
     */
    public List<SmsId> smsIds() {
        return smsIds;
    }
}
