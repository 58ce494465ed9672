package org.mifsync.resync.requests;

import org.mifsync.model.DomainName;

/**
 * Hears how long request work goes (a publish of every domain, a large domain's client files), so
 * that a command line can show progress. Every method has an empty default.
 *
 * <p>Implementations are called from the thread doing the work, one call at a time per run; an
 * implementation shared by concurrent runs must be thread-safe itself.
 *
 * @since 0.1
 */
public interface RequestListener {

    /** A listener that ignores everything. */
    RequestListener NONE = new RequestListener() { };

    /**
     * A run over several domains starts.
     *
     * @param domains how many domains it will publish
     */
    default void domainsStarting(int domains) {
    }

    /**
     * A domain's files are about to be written.
     *
     * @param domain the domain
     * @param clientFiles how many {@code <SMSID>.CFG} files it will hold
     */
    default void domainStarting(DomainName domain, int clientFiles) {
    }

    /**
     * Some of a domain's client files are done.
     *
     * @param domain the domain
     * @param done how many so far
     * @param total how many in all
     */
    default void clientFilesDone(DomainName domain, int done, int total) {
    }

    /**
     * A domain is published.
     *
     * @param report what changed
     */
    default void domainDone(Publisher.Report report) {
    }
}
