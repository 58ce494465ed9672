package org.mifsync.model;

import java.nio.file.Path;

/**
 * A logon server of an SMS domain: its NetBIOS name and the directory that stands for its
 * {@code SMS_SHR} share (the parent of {@code LOGON.SRV}), which may be a local directory or a
 * mounted share.
 *
 * <p>The root must be absolute, so that what it names does not depend on the working directory
 * of whichever process reads it.
 *
 * <p>Immutable and thread-safe ({@link Path} is immutable).
 *
 * @param name the server's NetBIOS name
 * @param root the absolute directory holding the server's {@code LOGON.SRV}
 * @since 0.1
 */
public record LogonServer(NetBiosName name, Path root) {

    /**
     * Validates the logon server.
     *
     * @param name the server's NetBIOS name
     * @param root the absolute directory holding the server's {@code LOGON.SRV}
     * @throws InvalidValueException if a field is null or the root is not absolute
     */
    public LogonServer {
        Check.notNull("logon server name", name);
        Check.notNull("logon server root", root);
        if (!root.isAbsolute()) {
            throw Check.invalid("logon server root", "logon server root " + Check.quote(root.toString())
                    + " of " + name + " must be an absolute path");
        }
    }
}
