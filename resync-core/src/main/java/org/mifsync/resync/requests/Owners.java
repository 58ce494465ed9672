package org.mifsync.resync.requests;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.mifsync.model.DomainName;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;
import org.mifsync.model.SmsId;
import org.mifsync.resync.store.StoreTransaction;

/**
 * Which site owns a client: the site it is assigned to (as it reported), else its domain's site,
 * else the site code its 8-character SMSID begins with. Not thread-safe; one per transaction.
 */
final class Owners {

    private final Map<String, SiteCode> domainSites = new HashMap<>();

    private Owners(StoreTransaction tx) throws SQLException {
        for (SmsDomain d : tx.topology().domains()) {
            domainSites.put(d.name().folded(), d.site());
        }
    }

    static Owners of(StoreTransaction tx) throws SQLException {
        return new Owners(tx);
    }

    Optional<SiteCode> domainSite(DomainName domain) {
        return Optional.ofNullable(domainSites.get(domain.folded()));
    }

    Optional<SiteCode> owner(SmsId smsId, Optional<SiteCode> assigned, Optional<DomainName> domain) {
        if (assigned.isPresent()) {
            return assigned;
        }
        Optional<SiteCode> byDomain = domain.flatMap(this::domainSite);
        return byDomain.isPresent() ? byDomain : smsId.siteCode();
    }
}
