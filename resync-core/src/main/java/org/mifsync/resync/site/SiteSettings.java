package org.mifsync.resync.site;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.mifsync.model.GroupClass;

/**
 * A site's operating settings, as the site description file gives them (every field has the
 * default shown, used when the file does not set it). Immutable and thread-safe.
 *
 * @param publishLimit at most this many new requests are published per {@code publishInterval}
 *     (a mass resync cannot flood the site); the rest wait in the store, oldest first, FORCED first
 * @param publishInterval the throttle's interval
 * @param reissueTimeout a pending request is re-issued with a new time only after this long
 * @param reissueBackoff each re-issue multiplies the wait by this factor
 * @param maxReissueInterval the wait never grows beyond this
 * @param stuckThreshold {@code dumpsync --stuck} lists requests re-issued more often than this
 * @param duplicateIdWindow two identities alternating on one SMSID within this window are a duplicate
 * @param softwareClasses group classes that are software inventory; every other class is hardware
 * @param retention {@code prune} removes history older than this
 * @param maxMifBytes reports larger than this are refused as unusable
 * @param collectInterval {@code site run}: how often logon servers are collected
 * @param replicateInterval {@code site run}: how often masters are replicated
 * @param abandonedAfter temporary or empty files in a drop box older than this are aged out
 * @since 0.1
 */
public record SiteSettings(int publishLimit, Duration publishInterval, Duration reissueTimeout,
        double reissueBackoff, Duration maxReissueInterval, int stuckThreshold, Duration duplicateIdWindow,
        List<GroupClass> softwareClasses, Duration retention, long maxMifBytes, Duration collectInterval,
        Duration replicateInterval, Duration abandonedAfter) {

    /** The defaults: 500 requests a minute, re-issue after a day doubling to at most 14 days, … */
    public static final SiteSettings DEFAULTS = new SiteSettings(500, Duration.ofMinutes(1), Duration.ofDays(1), 2.0,
            Duration.ofDays(14), 3, Duration.ofDays(7), List.of(GroupClass.SOFTWARE), Duration.ofDays(90),
            5L << 20, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofDays(1));

    public SiteSettings {
        if (publishLimit < 1) {
            throw new IllegalArgumentException("publish limit must be at least 1, found " + publishLimit);
        }
        positive(publishInterval, "publish interval");
        positive(reissueTimeout, "re-issue timeout");
        if (!(reissueBackoff >= 1.0)) {
            throw new IllegalArgumentException("re-issue backoff must be 1 or more, found " + reissueBackoff);
        }
        positive(maxReissueInterval, "maximum re-issue interval");
        if (stuckThreshold < 1) {
            throw new IllegalArgumentException("stuck threshold must be at least 1, found " + stuckThreshold);
        }
        positive(duplicateIdWindow, "duplicate-ID window");
        softwareClasses = List.copyOf(softwareClasses);
        positive(retention, "retention");
        if (maxMifBytes < 1) {
            throw new IllegalArgumentException("maximum MIF size must be positive, found " + maxMifBytes);
        }
        positive(collectInterval, "collect interval");
        positive(replicateInterval, "replicate interval");
        positive(abandonedAfter, "abandoned-file age");
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, found " + d);
        }
    }
}
