package org.mifsync.resync.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.mifsync.model.DomainName;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;

/**
 * Where a site keeps its files on disk, in the SMS 1.2 names:
 *
 * <pre>
 * &lt;root&gt;/SITE.SRV/MAINCFG.BOX/INVDOM.BOX/&lt;DOMAIN&gt;.000/RESYNC.CFG                 master request list
 * &lt;root&gt;/SITE.SRV/MAINCFG.BOX/INVDOM.BOX/&lt;DOMAIN&gt;.000/INVENCFG.BOX/&lt;SMSID&gt;.CFG
 * &lt;root&gt;/SITE.SRV/INVENTRY.BOX/                                              reports collected
 * &lt;root&gt;/SITE.SRV/INVENTRY.BOX/BADMIFS/, .../REFUSED/&lt;REASON&gt;/                 unusable, refused
 * </pre>
 *
 * Logon servers have their own layout ({@link LogonServerLayout}). Every name used as a path
 * component is validated: domain names and SMSIDs by their types, reason codes here; a domain's
 * folder is its name upper case (folded with {@code Locale.ROOT}) plus {@code .000}, so that two
 * spellings of one domain never make two folders.
 *
 * <p>Immutable and thread-safe; only {@link #create()} and {@link #createDomain} touch the disk.
 *
 * @since 0.1
 */
public final class SiteLayout {

    /** The site server's folder under the site root. */
    public static final String SITE_SRV = "SITE.SRV";
    /** The configuration folder under {@code SITE.SRV}. */
    public static final String MAINCFG_BOX = "MAINCFG.BOX";
    /** The folder of domain folders under {@code MAINCFG.BOX}. */
    public static final String INVDOM_BOX = "INVDOM.BOX";
    /** The suffix of a domain's folder, {@code <DOMAIN>.000}. */
    public static final String DOMAIN_SUFFIX = ".000";
    /** The folder of per-client request files, in a domain folder and on a logon server. */
    public static final String INVENCFG_BOX = "INVENCFG.BOX";
    /** The inventory inbox, on the site server and on a logon server. */
    public static final String INVENTRY_BOX = "INVENTRY.BOX";
    /** Unusable reports, under the site's {@code INVENTRY.BOX}. */
    public static final String BADMIFS = "BADMIFS";
    /** Refused reports by reason, under the site's {@code INVENTRY.BOX}. */
    public static final String REFUSED = "REFUSED";

    private static final int MAX_REASON_LENGTH = 32;
    private static final Set<String> DEVICE_NAMES = Set.of("CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private final Path root;
    private final SiteCode site;

    private SiteLayout(Path root, SiteCode site) {
        this.root = Objects.requireNonNull(root, "root");
        this.site = Objects.requireNonNull(site, "site");
    }

    /**
     * Returns the layout of one site.
     *
     * @param root the directory that holds (or will hold) {@code SITE.SRV}
     * @param site the site's code, written into the header of its {@code RESYNC.CFG} files
     * @return the layout; nothing is created
     */
    public static SiteLayout of(Path root, SiteCode site) {
        return new SiteLayout(root, site);
    }

    /**
     * Returns the site root.
     *
     * @return the directory that holds {@code SITE.SRV}
     */
    public Path root() {
        return root;
    }

    /**
     * Returns the site's code.
     *
     * @return the site code
     */
    public SiteCode site() {
        return site;
    }

    /**
     * Returns {@code <root>/SITE.SRV}.
     *
     * @return the site server folder
     */
    public Path siteServer() {
        return root.resolve(SITE_SRV);
    }

    /**
     * Returns {@code SITE.SRV/MAINCFG.BOX/INVDOM.BOX}.
     *
     * @return the folder of domain folders
     */
    public Path invDomBox() {
        return siteServer().resolve(MAINCFG_BOX).resolve(INVDOM_BOX);
    }

    /**
     * Returns {@code SITE.SRV/MAINCFG.BOX/INVDOM.BOX/<DOMAIN>.000}.
     *
     * @param domain the domain
     * @return the domain's folder
     */
    public Path domainDir(DomainName domain) {
        return invDomBox().resolve(domainFolderName(domain));
    }

    /**
     * Returns the name of a domain's folder: its name upper case plus {@code .000}.
     *
     * @param domain the domain
     * @return e.g. {@code SALES.000}
     */
    public static String domainFolderName(DomainName domain) {
        return domain.folded() + DOMAIN_SUFFIX;
    }

    /**
     * Returns the path of the domain's master {@code RESYNC.CFG}.
     *
     * @param domain the domain
     * @return {@code <DOMAIN>.000/RESYNC.CFG}
     */
    public Path resyncCfgPath(DomainName domain) {
        return domainDir(domain).resolve(ResyncCfg.FILE_NAME);
    }

    /**
     * Returns a handle on the domain's master {@code RESYNC.CFG}, bound to this site and the domain.
     *
     * @param domain the domain
     * @return the handle
     */
    public ResyncCfg resyncCfg(DomainName domain) {
        return ResyncCfg.of(resyncCfgPath(domain), site, domain);
    }

    /**
     * Returns the domain's master {@code INVENCFG.BOX}.
     *
     * @param domain the domain
     * @return {@code <DOMAIN>.000/INVENCFG.BOX}
     */
    public Path invenCfgBox(DomainName domain) {
        return domainDir(domain).resolve(INVENCFG_BOX);
    }

    /**
     * Returns the path of a client's master {@code <SMSID>.CFG}.
     *
     * @param domain the client's domain
     * @param id the client
     * @return {@code <DOMAIN>.000/INVENCFG.BOX/<SMSID>.CFG}
     */
    public Path clientCfgPath(DomainName domain, SmsId id) {
        return invenCfgBox(domain).resolve(ClientCfg.fileName(id));
    }

    /**
     * Returns the site's inbox, {@code SITE.SRV/INVENTRY.BOX}.
     *
     * @return the inbox
     */
    public Path inventoryBox() {
        return siteServer().resolve(INVENTRY_BOX);
    }

    /**
     * Returns {@code SITE.SRV/INVENTRY.BOX/BADMIFS}.
     *
     * @return the folder of unusable reports
     */
    public Path badMifs() {
        return inventoryBox().resolve(BADMIFS);
    }

    /**
     * Returns {@code SITE.SRV/INVENTRY.BOX/REFUSED}.
     *
     * @return the folder of refused reports
     */
    public Path refusedBox() {
        return inventoryBox().resolve(REFUSED);
    }

    /**
     * Returns {@code SITE.SRV/INVENTRY.BOX/REFUSED/<REASON>}.
     *
     * @param reasonCode an outcome code such as {@code VERSION_GAP} or {@code DUPLICATE}: 1 to 32
     *     characters {@code A-Z 0-9 _}, beginning with a letter, not a Windows device name
     * @return the folder of reports refused for that reason
     * @throws IllegalArgumentException if the code is not a safe folder name
     */
    public Path refused(String reasonCode) {
        return refusedBox().resolve(checkReasonCode(reasonCode));
    }

    static String checkReasonCode(String code) {
        Objects.requireNonNull(code, "reason code");
        boolean ok = !code.isEmpty() && code.length() <= MAX_REASON_LENGTH && code.charAt(0) >= 'A'
                && code.charAt(0) <= 'Z';
        for (int i = 0; ok && i < code.length(); i++) {
            char c = code.charAt(i);
            ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }
        if (!ok) {
            throw new IllegalArgumentException("reason code '" + code + "' cannot name a folder: it must be"
                    + " 1 to " + MAX_REASON_LENGTH + " characters A-Z, 0-9 or _, beginning with a letter");
        }
        if (DEVICE_NAMES.contains(code.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("reason code " + code + " is a Windows device name and cannot name a"
                    + " folder");
        }
        return code;
    }

    /**
     * Returns the layout of one logon server.
     *
     * @param root the logon server's root (any directory or mounted share; it holds {@code LOGON.SRV})
     * @return the logon server's layout
     */
    public static LogonServerLayout logonServer(Path root) {
        return LogonServerLayout.of(root);
    }

    /**
     * Creates the site's folders that exist whatever its domains: {@code SITE.SRV/MAINCFG.BOX/INVDOM.BOX},
     * {@code SITE.SRV/INVENTRY.BOX}, {@code BADMIFS} and {@code REFUSED}. Folders already there are
     * kept as they are.
     *
     * @return this layout
     * @throws IOException if a folder cannot be created
     */
    public SiteLayout create() throws IOException {
        Files.createDirectories(invDomBox());
        Files.createDirectories(badMifs());
        Files.createDirectories(refusedBox());
        return this;
    }

    /**
     * Creates a domain's folder and its {@code INVENCFG.BOX} (and the site's folders if missing).
     *
     * @param domain the domain
     * @return the domain's folder
     * @throws IOException if a folder cannot be created
     */
    public Path createDomain(DomainName domain) throws IOException {
        create();
        Files.createDirectories(invenCfgBox(domain));
        return domainDir(domain);
    }

    /**
     * Returns {@code SiteLayout[site=ABC, root=...]}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "SiteLayout[site=" + site + ", root=" + root + "]";
    }
}
