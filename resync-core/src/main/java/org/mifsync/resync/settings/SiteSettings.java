package org.mifsync.resync.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.mifsync.model.GroupClass;

/**
 * A site's operating settings, as the site description file gives them (every field has the
 * default shown, used when the file does not set it). One set applies to the whole hierarchy, as
 * the hierarchy shares one store. Immutable and thread-safe.
 *
 * <p>Each setting has a key, the one the site description file and the store use, and a text
 * form ({@link #text()}, {@link #with(String, String)}): durations as {@code 90d}, {@code 1h30m}
 * or {@code 500ms}, sizes as {@code 5MiB}, numbers as written. See {@code docs/site-description.md}.
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
 * @param http {@code site run}: where to serve metrics, health and the status page; empty for nowhere
 * @param httpTokenFile {@code site run}: the file holding the bearer token that a server bound to
 *     an address other than the loopback requires (an absolute path); empty for none
 * @param identityConflict what the loader does with a conflicting record: a report on a stored SMSID
 *     whose name and network card both differ from the stored client's (a cloned disk image,
 *     a re-imaged machine)
 * @param idmifCollection whether IDMIFs of other architectures are loaded as custom objects; off
 *     refuses them as {@code FOREIGN_ARCHITECTURE}
 * @param maxIdmifBytes custom-object IDMIFs larger than this are refused as unusable (ConfigMgr's
 *     "maximum custom MIF file size"), checked from the file's size before it is read
 * @param workers how many workers a loader runs ({@link #AUTO}, 0: one per core): deciding threads on
 *     PostgreSQL, reading threads on SQLite
 * @param loaderLease how long a loader's claim on a client lasts unless renewed: a killed loader's
 *     clients go to the others after this
 * @since 0.1
 */
public record SiteSettings(int publishLimit, Duration publishInterval, Duration reissueTimeout,
        double reissueBackoff, Duration maxReissueInterval, int stuckThreshold, Duration duplicateIdWindow,
        List<GroupClass> softwareClasses, Duration retention, long maxMifBytes, Duration collectInterval,
        Duration replicateInterval, Duration abandonedAfter, Optional<HttpAddress> http,
        Optional<Path> httpTokenFile, IdentityConflict identityConflict, boolean idmifCollection,
        long maxIdmifBytes, int workers, Duration loaderLease) {

    /**
     * What the loader does with a conflicting record (a report on a stored SMSID whose
     * name and network card both differ from the stored ones), as ConfigMgr's "conflicting
     * records" setting.
     *
     * @since 0.1
     */
    public enum IdentityConflict {
        /** Refuse it as {@code IDENTITY_CONFLICT} and hold it for {@code client resolve}. */
        MANUAL,
        /** Apply it as a rename plus a card change, logged as a conflict merged automatically. */
        MERGE;

        /**
         * Returns the setting's text.
         *
         * @return {@code manual} or {@code merge}
         */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The defaults: 500 requests a minute, re-issue after a day doubling to at most 14 days, … */
    public static final SiteSettings DEFAULTS = new SiteSettings(500, Duration.ofMinutes(1), Duration.ofDays(1), 2.0,
            Duration.ofDays(14), 3, Duration.ofDays(7), List.of(GroupClass.SOFTWARE), Duration.ofDays(90),
            5L << 20, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofDays(1), Optional.empty(),
            Optional.empty(), IdentityConflict.MANUAL, true, 250L << 10, 0, Duration.ofMinutes(2));

    /** Key of {@link #publishLimit()}. */
    public static final String PUBLISH_LIMIT = "publish-limit";
    /** Key of {@link #publishInterval()}. */
    public static final String PUBLISH_INTERVAL = "publish-interval";
    /** Key of {@link #reissueTimeout()}. */
    public static final String REISSUE_TIMEOUT = "reissue-timeout";
    /** Key of {@link #reissueBackoff()}. */
    public static final String REISSUE_BACKOFF = "reissue-backoff";
    /** Key of {@link #maxReissueInterval()}. */
    public static final String REISSUE_CEILING = "reissue-ceiling";
    /** Key of {@link #stuckThreshold()}. */
    public static final String STUCK_THRESHOLD = "stuck-threshold";
    /** Key of {@link #duplicateIdWindow()}. */
    public static final String DUPLICATE_ID_WINDOW = "duplicate-id-window";
    /** Key of one of {@link #softwareClasses()}; the only key that may be repeated in a description. */
    public static final String SOFTWARE_CLASS = "software-class";
    /** Key of {@link #retention()}. */
    public static final String RETENTION = "retention";
    /** Key of {@link #maxMifBytes()}. */
    public static final String MAX_MIF_SIZE = "max-mif-size";
    /** Key of {@link #collectInterval()}. */
    public static final String COLLECT_INTERVAL = "collect-interval";
    /** Key of {@link #replicateInterval()}. */
    public static final String REPLICATE_INTERVAL = "replicate-interval";
    /** Key of {@link #abandonedAfter()}. */
    public static final String ABANDONED_AFTER = "abandoned-after";
    /** Key of {@link #http()}. */
    public static final String HTTP = "http";
    /** Key of {@link #httpTokenFile()}. */
    public static final String HTTP_TOKEN_FILE = "http-token-file";
    /** Key of {@link #identityConflict()}. */
    public static final String IDENTITY_CONFLICT = "identity-conflict";
    /** Key of {@link #idmifCollection()}. */
    public static final String IDMIF_COLLECTION = "idmif-collection";
    /** Key of {@link #maxIdmifBytes()}. */
    public static final String MAX_IDMIF_SIZE = "max-idmif-size";
    /** The text of a switch that is on. */
    public static final String ON = "on";
    /** Key of {@link #workers()}. */
    public static final String WORKERS = "workers";
    /** Key of {@link #loaderLease()}. */
    public static final String LOADER_LEASE = "loader-lease";
    /** The text of {@link #workers()} 0: one worker per core. */
    public static final String AUTO = "auto";
    /** The text of an empty {@link #http()}: the server is off. */
    public static final String OFF = "off";
    /** The text of an empty {@link #httpTokenFile()}. */
    public static final String NONE = "none";

    /** Every key, in the order of the record's components. */
    public static final List<String> KEYS = List.of(PUBLISH_LIMIT, PUBLISH_INTERVAL, REISSUE_TIMEOUT, REISSUE_BACKOFF,
            REISSUE_CEILING, STUCK_THRESHOLD, DUPLICATE_ID_WINDOW, SOFTWARE_CLASS, RETENTION, MAX_MIF_SIZE,
            COLLECT_INTERVAL, REPLICATE_INTERVAL, ABANDONED_AFTER, HTTP, HTTP_TOKEN_FILE, IDENTITY_CONFLICT, IDMIF_COLLECTION,
            MAX_IDMIF_SIZE, WORKERS, LOADER_LEASE);

    /**
     * Validates the settings and copies the list of software classes.
     *
     * @throws IllegalArgumentException if a number or duration is out of range, there is no
     *     software class or one is listed twice (ignoring case), naming the setting
     */
    public SiteSettings {
        if (publishLimit < 1) {
            throw new IllegalArgumentException("publish limit must be at least 1, found " + publishLimit);
        }
        positive(publishInterval, "publish interval");
        positive(reissueTimeout, "re-issue timeout");
        if (!(reissueBackoff >= 1.0) || Double.isInfinite(reissueBackoff)) {
            throw new IllegalArgumentException("re-issue backoff must be 1 or more, found " + reissueBackoff);
        }
        positive(maxReissueInterval, "maximum re-issue interval");
        if (stuckThreshold < 1) {
            throw new IllegalArgumentException("stuck threshold must be at least 1, found " + stuckThreshold);
        }
        positive(duplicateIdWindow, "duplicate-ID window");
        softwareClasses = List.copyOf(softwareClasses);
        if (softwareClasses.isEmpty()) {
            throw new IllegalArgumentException("at least one software class is needed (the default is "
                    + GroupClass.SOFTWARE + ")");
        }
        Set<GroupClass> seen = new HashSet<>();
        for (GroupClass c : softwareClasses) {
            if (!seen.add(c)) {
                throw new IllegalArgumentException("software class " + c + " is listed twice");
            }
        }
        positive(retention, "retention");
        if (maxMifBytes < 1) {
            throw new IllegalArgumentException("maximum MIF size must be positive, found " + maxMifBytes);
        }
        positive(collectInterval, "collect interval");
        positive(replicateInterval, "replicate interval");
        positive(abandonedAfter, "abandoned-file age");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(httpTokenFile, "http token file");
        if (httpTokenFile.isPresent() && !httpTokenFile.get().isAbsolute()) {
            throw new IllegalArgumentException("http token file must be an absolute path, found "
                    + httpTokenFile.get());
        }
        Objects.requireNonNull(identityConflict, "identity conflict");
        if (maxIdmifBytes < 1) {
            throw new IllegalArgumentException("maximum IDMIF size must be positive, found " + maxIdmifBytes);
        }
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be 'auto' or at least 1, found " + workers);
        }
        positive(loaderLease, "loader lease");
    }

    /**
     * Returns how many workers a loader runs on this machine: {@link #workers()}, or the number of
     * cores when that is {@link #AUTO}.
     *
     * @return at least 1
     */
    public int workersHere() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, found " + SettingText.duration(d));
        }
    }

    /**
     * Returns every setting in its text form, keyed as in {@link #KEYS}; the software classes are
     * one value, joined by line feeds (a class holds no control character).
     *
     * @return the settings as text, in the order of {@link #KEYS}
     */
    public Map<String, String> text() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : KEYS) {
            out.put(key, text(key));
        }
        return out;
    }

    /**
     * Returns one setting in its text form.
     *
     * @param key a key of {@link #KEYS}
     * @return e.g. {@code 90d} for {@code retention}
     * @throws IllegalArgumentException for an unknown key
     */
    public String text(String key) {
        return switch (known(key)) {
            case PUBLISH_LIMIT -> Integer.toString(publishLimit);
            case PUBLISH_INTERVAL -> SettingText.duration(publishInterval);
            case REISSUE_TIMEOUT -> SettingText.duration(reissueTimeout);
            case REISSUE_BACKOFF -> SettingText.decimal(reissueBackoff);
            case REISSUE_CEILING -> SettingText.duration(maxReissueInterval);
            case STUCK_THRESHOLD -> Integer.toString(stuckThreshold);
            case DUPLICATE_ID_WINDOW -> SettingText.duration(duplicateIdWindow);
            case SOFTWARE_CLASS -> softwareClasses.stream().map(GroupClass::value).collect(Collectors.joining("\n"));
            case RETENTION -> SettingText.duration(retention);
            case MAX_MIF_SIZE -> SettingText.size(maxMifBytes);
            case COLLECT_INTERVAL -> SettingText.duration(collectInterval);
            case REPLICATE_INTERVAL -> SettingText.duration(replicateInterval);
            case HTTP -> http.map(HttpAddress::toString).orElse(OFF);
            case HTTP_TOKEN_FILE -> httpTokenFile.map(Path::toString).orElse(NONE);
            case IDENTITY_CONFLICT -> identityConflict.text();
            case IDMIF_COLLECTION -> idmifCollection ? ON : OFF;
            case MAX_IDMIF_SIZE -> SettingText.size(maxIdmifBytes);
            case WORKERS -> workers == 0 ? AUTO : Integer.toString(workers);
            case LOADER_LEASE -> SettingText.duration(loaderLease);
            default -> SettingText.duration(abandonedAfter);
        };
    }

    /**
     * Returns these settings with one changed, given in its text form. For {@code software-class}
     * the text is the whole list, one class per line.
     *
     * @param key a key of {@link #KEYS}, any case
     * @param value the text, e.g. {@code 12h}
     * @return the changed settings
     * @throws IllegalArgumentException for an unknown key or a value that does not parse or is out
     *     of range, with a message naming the expected form
     */
    public SiteSettings with(String key, String value) {
        Objects.requireNonNull(value, "value");
        int limit = publishLimit;
        Duration interval = publishInterval;
        Duration timeout = reissueTimeout;
        double backoff = reissueBackoff;
        Duration ceiling = maxReissueInterval;
        int stuck = stuckThreshold;
        Duration window = duplicateIdWindow;
        List<GroupClass> classes = softwareClasses;
        Duration keep = retention;
        long maxBytes = maxMifBytes;
        Duration collect = collectInterval;
        Duration replicate = replicateInterval;
        Duration abandoned = abandonedAfter;
        Optional<HttpAddress> server = http;
        Optional<Path> tokenFile = httpTokenFile;
        IdentityConflict conflict = identityConflict;
        boolean idmifs = idmifCollection;
        long maxIdmif = maxIdmifBytes;
        int loaderWorkers = workers;
        Duration lease = loaderLease;
        switch (known(key)) {
            case PUBLISH_LIMIT -> limit = SettingText.integer(value);
            case PUBLISH_INTERVAL -> interval = SettingText.duration(value);
            case REISSUE_TIMEOUT -> timeout = SettingText.duration(value);
            case REISSUE_BACKOFF -> backoff = SettingText.decimal(value);
            case REISSUE_CEILING -> ceiling = SettingText.duration(value);
            case STUCK_THRESHOLD -> stuck = SettingText.integer(value);
            case DUPLICATE_ID_WINDOW -> window = SettingText.duration(value);
            case SOFTWARE_CLASS -> {
                List<GroupClass> list = new ArrayList<>();
                for (String line : value.split("\n", -1)) {
                    list.add(GroupClass.of(line.trim()));
                }
                classes = list;
            }
            case RETENTION -> keep = SettingText.duration(value);
            case MAX_MIF_SIZE -> maxBytes = SettingText.size(value);
            case COLLECT_INTERVAL -> collect = SettingText.duration(value);
            case REPLICATE_INTERVAL -> replicate = SettingText.duration(value);
            case HTTP -> server = value.trim().equalsIgnoreCase(OFF) ? Optional.empty()
                    : Optional.of(HttpAddress.parse(value));
            case HTTP_TOKEN_FILE -> tokenFile = value.trim().equalsIgnoreCase(NONE) ? Optional.empty()
                    : Optional.of(Path.of(value.trim()));
            case IDENTITY_CONFLICT -> conflict = identityConflict(value);
            case IDMIF_COLLECTION -> idmifs = onOff(value);
            case MAX_IDMIF_SIZE -> maxIdmif = SettingText.size(value);
            case WORKERS -> loaderWorkers = value.trim().equalsIgnoreCase(AUTO) ? 0 : positiveInteger(value);
            case LOADER_LEASE -> lease = SettingText.duration(value);
            default -> abandoned = SettingText.duration(value);
        }
        return new SiteSettings(limit, interval, timeout, backoff, ceiling, stuck, window, classes, keep, maxBytes,
                collect, replicate, abandoned, server, tokenFile, conflict, idmifs, maxIdmif, loaderWorkers, lease);
    }

    private static IdentityConflict identityConflict(String value) {
        String folded = value.trim().toLowerCase(Locale.ROOT);
        for (IdentityConflict c : IdentityConflict.values()) {
            if (c.text().equals(folded)) {
                return c;
            }
        }
        throw new IllegalArgumentException("'" + value.trim() + "' is neither manual nor merge");
    }

    private static boolean onOff(String value) {
        String folded = value.trim().toLowerCase(Locale.ROOT);
        if (folded.equals(ON) || folded.equals(OFF)) {
            return folded.equals(ON);
        }
        throw new IllegalArgumentException("'" + value.trim() + "' is neither on nor off");
    }

    /**
     * Returns settings from their text forms, starting from {@link #DEFAULTS}: the inverse of
     * {@link #text()}.
     *
     * @param text settings by key; keys left out keep their default
     * @return the settings
     * @throws IllegalArgumentException for an unknown key or a bad value, naming the key
     */
    public static SiteSettings fromText(Map<String, String> text) {
        SiteSettings settings = DEFAULTS;
        for (Map.Entry<String, String> e : text.entrySet()) {
            try {
                settings = settings.with(e.getKey(), e.getValue());
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("setting " + e.getKey() + ": " + ex.getMessage(), ex);
            }
        }
        return settings;
    }

    private static int positiveInteger(String value) {
        int n = SettingText.integer(value);
        if (n < 1) {
            throw new IllegalArgumentException("expected 'auto' or a number of at least 1, found " + value.trim());
        }
        return n;
    }

    private static String known(String key) {
        Objects.requireNonNull(key, "key");
        String folded = key.trim().toLowerCase(Locale.ROOT);
        if (!KEYS.contains(folded)) {
            throw new IllegalArgumentException("unknown setting '" + key + "'; the settings are "
                    + String.join(", ", KEYS));
        }
        return folded;
    }
}
