package org.mifsync.model;

/**
 * A client computer as the site knows it: its SMSID, its NetBIOS name, the site it is assigned
 * to (the site that owns its inventory and its requests) and its SMS domain.
 *
 * <p>Two clients may share a NetBIOS name; the SMSID is what tells them apart.
 *
 * <p>Immutable and thread-safe.
 *
 * @param smsId the client's SMSID
 * @param name the client's NetBIOS name
 * @param assignedSite the code of the site the client is assigned to
 * @param domain the client's SMS domain
 * @since 0.1
 */
public record Client(SmsId smsId, NetBiosName name, SiteCode assignedSite, DomainName domain) {

    /**
     * Validates the client.
     *
     * @param smsId the client's SMSID
     * @param name the client's NetBIOS name
     * @param assignedSite the code of the site the client is assigned to
     * @param domain the client's SMS domain
     * @throws InvalidValueException if a field is null
     */
    public Client {
        Check.notNull("SMSID", smsId);
        Check.notNull("client name", name);
        Check.notNull("assigned site", assignedSite);
        Check.notNull("client domain", domain);
    }
}
