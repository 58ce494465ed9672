package org.mifsync.resync.report;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.DomainName;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;

/**
 * Who sent a report, from its Identification group ({@code MICROSOFT|IDENTIFICATION|1.0}): the
 * SMSID, the computer's NetBIOS name and, when given, its network card ID, site and domain.
 *
 * <p>Two reports come from the same machine when SMSID, name (ignoring case) and card ID (ignoring
 * case, absent equal to absent) agree: see {@link #sameMachineAs(ClientIdentity)}. A new name with
 * the same card is a rename, a new card with the same name a card change; two identities that
 * alternate on one SMSID are a duplicate ID.
 *
 * <p>Immutable and thread-safe.
 *
 * @param smsId the SMSID
 * @param name the computer's NetBIOS name
 * @param netCardId the network card ID as reported (e.g. {@code 00:AA:00:60:D8:56}), if any
 * @param site the site code the client reported, if any
 * @param domain the domain the client reported, if any
 * @since 0.1
 */
public record ClientIdentity(SmsId smsId, NetBiosName name, Optional<String> netCardId, Optional<SiteCode> site,
        Optional<DomainName> domain) {

    /** The longest network card ID accepted. */
    public static final int MAX_CARD_LENGTH = 64;

    /**
     * Validates the identity.
     *
     * @param smsId the SMSID
     * @param name the computer's NetBIOS name
     * @param netCardId the network card ID, if any: not blank, at most 64 characters, no control
     *     characters
     * @param site the site code the client reported, if any
     * @param domain the domain the client reported, if any
     * @throws IllegalArgumentException if a field is null or the card ID breaks a rule
     */
    public ClientIdentity {
        Objects.requireNonNull(smsId, "SMSID");
        Objects.requireNonNull(name, "client name");
        Objects.requireNonNull(netCardId, "network card ID");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(domain, "domain");
        netCardId.ifPresent(ClientIdentity::checkCard);
    }

    /**
     * Returns an identity with only SMSID and name.
     *
     * @param smsId the SMSID
     * @param name the NetBIOS name
     * @return the identity
     */
    public static ClientIdentity of(SmsId smsId, NetBiosName name) {
        return new ClientIdentity(smsId, name, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Returns an identity with SMSID, name and card ID.
     *
     * @param smsId the SMSID
     * @param name the NetBIOS name
     * @param netCardId the network card ID
     * @return the identity
     */
    public static ClientIdentity of(SmsId smsId, NetBiosName name, String netCardId) {
        return new ClientIdentity(smsId, name, Optional.of(netCardId), Optional.empty(), Optional.empty());
    }

    private static void checkCard(String card) {
        if (card.isBlank() || card.length() > MAX_CARD_LENGTH || card.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new IllegalArgumentException("network card ID \"" + card
                    + "\" must be 1 to 64 characters without control characters");
        }
    }

    /**
     * Returns the card ID folded to upper case with {@link Locale#ROOT}, as it is compared.
     *
     * @return the folded card ID, or empty
     */
    public Optional<String> foldedCard() {
        return netCardId.map(c -> c.toUpperCase(Locale.ROOT));
    }

    /**
     * Tells whether the other identity names the same machine: same SMSID, same name and same
     * card ID, both ignoring case.
     *
     * @param other the identity to compare with
     * @return true for the same machine
     */
    public boolean sameMachineAs(ClientIdentity other) {
        return smsId.equals(other.smsId) && name.equals(other.name) && foldedCard().equals(other.foldedCard());
    }
}
