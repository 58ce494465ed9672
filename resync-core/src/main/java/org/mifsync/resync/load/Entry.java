package org.mifsync.resync.load;

/**
 * A file's place in a pass: the key it is claimed under (its client's SMSID as {@link
 * org.mifsync.model.SmsId#fileName()}, or {@code file:NAME} for a file whose client is not known),
 * its version order within the key, whether both came from its name, and what is known of it
 * already (its reports, held in the window, or why it cannot be used; null when it is read when
 * worked).
 */
record Entry(Claim claim, String key, String order, boolean byName, Read known) {

    /** The claim key of a file whose client is not known. */
    static String fileKey(Claim claim) {
        return "file:" + claim.name();
    }
}
