package org.mifsync.cli;

import java.util.Optional;

import org.mifsync.resync.admin.AdminException;
import org.mifsync.resync.requests.RequestRefusedException;
import org.mifsync.resync.site.SiteNotSetUpException;
import org.mifsync.resync.site.SiteSetupException;

/**
 * What to do about a library's refusal, in this tool's words. The libraries say what is wrong and
 * carry the fields that matter (reason, site); only the command line knows its commands and
 * options, so the advice is added here.
 */
public final class Advice {

    private Advice() {
    }

    /**
     * Returns an exception's message followed by the advice for it, if there is one.
     *
     * @param e the exception
     * @return {@code message; advice}, or the message alone
     */
    public static String message(Throwable e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
        return of(e).map(advice -> message + "; " + advice).orElse(message);
    }

    /**
     * Returns what to do about an exception, if this tool can say.
     *
     * @param e the exception
     * @return the advice, e.g. {@code run this at site CHI (--site CHI)}
     */
    public static Optional<String> of(Throwable e) {
        if (e instanceof RequestRefusedException r) {
            return switch (r.reason()) {
                case OTHER_SITE -> r.site().map(Advice::atSite);
                case QUARANTINED -> Optional.of("resolve it first ('mifsync client resolve')");
                case AMBIGUOUS_NAME -> Optional.of("resolve the duplicate name first (mifsync client show SMSID)");
                case UNKNOWN_DOMAIN -> Optional.of("add it to the site description and run 'mifsync site init'");
                case NOTHING_PUBLISHED -> Optional.of("'mifsync publish' writes it");
                default -> Optional.empty();
            };
        }
        if (e instanceof SiteNotSetUpException) {
            return Optional.of("create the site with 'mifsync site init'");
        }
        if (e instanceof AdminException a && a.kind() == AdminException.Kind.OTHER_SITE) {
            return a.site().map(Advice::atSite);
        }
        return Optional.empty();
    }

    /**
     * Returns what to do about one reason {@code site init} refused a description, if this tool can say.
     *
     * @param refusal the reason
     * @return the advice, e.g. {@code run 'mifsync load' first (or move them)}
     */
    public static Optional<String> of(SiteSetupException.Refusal refusal) {
        return switch (refusal.kind()) {
            case SITE_HAS_CLIENTS -> Optional.of("delete them ('mifsync client delete') or keep the site");
            case DOMAIN_HAS_CLIENTS -> Optional.of("delete them ('mifsync client delete') or keep the domain");
            case DROP_BOX_HOLDS_REPORTS -> Optional.of("run 'mifsync load' first (or move them)");
            case OTHER -> Optional.empty();
        };
    }

    private static String atSite(Object site) {
        return "run this at site " + site + " (--site " + site + ")";
    }
}
