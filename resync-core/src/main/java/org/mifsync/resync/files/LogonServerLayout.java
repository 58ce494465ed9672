package org.mifsync.resync.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.mifsync.model.SmsId;

/**
 * Where a logon server keeps the request files and the clients' drop box: under its root (any directory or mounted
 * share), {@code LOGON.SRV/RESYNC.CFG} and {@code LOGON.SRV/INVENCFG.BOX/<SMSID>.CFG} (replicas of
 * the site's masters) and {@code LOGON.SRV/INVENTRY.BOX/} (the clients' drop box).
 *
 * <p>Immutable and thread-safe; only {@link #create()} touches the disk.
 *
 * @since 0.1
 */
public final class LogonServerLayout {

    /** The logon server's share folder under its root. */
    public static final String LOGON_SRV = "LOGON.SRV";

    private final Path root;

    private LogonServerLayout(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /**
     * Returns the layout under a logon server's root.
     *
     * @param root the root
     * @return the layout; nothing is created
     */
    public static LogonServerLayout of(Path root) {
        return new LogonServerLayout(root);
    }

    /**
     * Returns the root.
     *
     * @return the logon server's root
     */
    public Path root() {
        return root;
    }

    /**
     * Returns {@code <root>/LOGON.SRV}.
     *
     * @return the share folder
     */
    public Path logonSrv() {
        return root.resolve(LOGON_SRV);
    }

    /**
     * Returns {@code LOGON.SRV/RESYNC.CFG}, the replica agents search.
     *
     * @return the replica's path
     */
    public Path resyncCfgPath() {
        return logonSrv().resolve(ResyncCfg.FILE_NAME);
    }

    /**
     * Returns {@code LOGON.SRV/INVENCFG.BOX}.
     *
     * @return the folder of per-client replicas
     */
    public Path invenCfgBox() {
        return logonSrv().resolve(SiteLayout.INVENCFG_BOX);
    }

    /**
     * Returns {@code LOGON.SRV/INVENCFG.BOX/<SMSID>.CFG}.
     *
     * @param id the client
     * @return the replica's path
     */
    public Path clientCfgPath(SmsId id) {
        return invenCfgBox().resolve(ClientCfg.fileName(id));
    }

    /**
     * Returns {@code LOGON.SRV/INVENTRY.BOX}, where clients drop their reports.
     *
     * @return the drop box
     */
    public Path inventoryBox() {
        return logonSrv().resolve(SiteLayout.INVENTRY_BOX);
    }

    /**
     * Creates {@code LOGON.SRV}, its {@code INVENCFG.BOX} and {@code INVENTRY.BOX}; the root must
     * exist. Folders already there are kept.
     *
     * @return this layout
     * @throws java.nio.file.NoSuchFileException if the root does not exist
     * @throws IOException if a folder cannot be created
     */
    public LogonServerLayout create() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new java.nio.file.NoSuchFileException(root.toString(), null,
                    "logon server root is not an existing directory");
        }
        Files.createDirectories(invenCfgBox());
        Files.createDirectories(inventoryBox());
        return this;
    }

    /**
     * Returns {@code LogonServerLayout[root]}.
     *
     * @return a description
     */
    @Override
    public String toString() {
        return "LogonServerLayout[" + root + "]";
    }
}
