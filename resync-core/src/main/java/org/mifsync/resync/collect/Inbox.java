package org.mifsync.resync.collect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The site's inbox ({@code SITE.SRV/INVENTRY.BOX}) as the tools that put report files into it see
 * it: the collector and the re-queueing of {@code BADMIFS} files. They share a lock, so that two of
 * them never pick the same free name, and one naming rule: a report file's name ends with {@code
 * .MIF} (any case) and does not begin with a dot (the loader's rule), and a new name never begins
 * with {@code X}, which the loader would read as a try already made.
 *
 * <p><b>Names the inbox can use.</b> A client may give a report any name its file system allows: a
 * backslash or colon ({@code a\b.MIF}, {@code C:\Windows\x.MIF}), characters beyond ASCII, bytes
 * that are not valid in any encoding, control characters, 250 characters. The inbox holds a report
 * only under a name that means the same on every platform and under every locale: printable ASCII
 * without {@code \ / : * ? " < > |} and {@code %}, at most {@value #MAX_NAME_LENGTH} characters
 * ({@link #unusableBecause}). Any other name is held under its bytes percent-encoded ({@link
 * #inboxName}: {@code ünïcødé.MIF} as {@code %C3%BCn%C3%AFc%C3%B8d%C3%A9.MIF}), from which {@link
 * #originalName(String)} gives the client's name back for reports and the load log. The bytes are
 * taken from the file's path, never from its name decoded in the platform encoding, so the result
 * is the same whatever the locale (with {@code LANG} unset Java decodes every non-ASCII name to
 * U+FFFD).
 *
 * <p>Immutable and thread-safe; {@link Lock} is held by one thread.
 *
 * @since 0.1
 */
public final class Inbox {

    /** The lock file, in the inbox; the loader ignores it (not a report name). */
    public static final String LOCK_FILE = ".inbound.lock";

    /** The suffix of report files, compared ignoring case. */
    public static final String REPORT_SUFFIX = ".MIF";

    /**
     * The longest name the inbox gives a report, in characters (all ASCII): room is left for the
     * loader's {@code X} prefixes, a free name's {@code ~n}, a {@code .err} beside it and the
     * collector's claim suffix within the 255 bytes file systems allow.
     */
    public static final int MAX_NAME_LENGTH = 200;

    /** Characters that name a path, a drive or a pattern somewhere, and the encoding's own {@code %}. */
    private static final String RESERVED = "\\/:*?\"<>|%";
    private static final int HASH_HEX = 8;

    /** Claimed variants ({@code X}, {@code XX}, {@code XXX} + name) a free name must not have either. */
    private static final int CLAIM_PREFIXES = 3;

    private final Path dir;

    private Inbox(Path dir) {
        this.dir = Objects.requireNonNull(dir, "inbox");
    }

    /**
     * Returns the inbox in a directory.
     *
     * @param dir the directory, e.g. {@code SITE.SRV/INVENTRY.BOX}; created when locked
     * @return the inbox
     */
    public static Inbox of(Path dir) {
        return new Inbox(dir);
    }

    /**
     * Returns the inbox's directory.
     *
     * @return the directory
     */
    public Path dir() {
        return dir;
    }

    /**
     * The reports waiting in an inbox.
     *
     * <p>Immutable and thread-safe.
     *
     * @param reports how many report files wait (claimed ones included: the loader is on them)
     * @param oldest the oldest one's modification time, if any waits
     * @since 0.1
     */
    public record Waiting(int reports, Optional<Instant> oldest) {
        /**
         * Validates the fields.
         *
         * @param reports the count
         * @param oldest the oldest time
         */
        public Waiting {
            Objects.requireNonNull(oldest, "oldest");
            if (reports < 0) {
                throw new IllegalArgumentException("reports must be 0 or more, found " + reports);
            }
        }
    }

    /**
     * Counts the report files waiting in the inbox and finds the oldest, without a lock: a
     * snapshot, for watching a site (a file the loader moves meanwhile is counted or not).
     *
     * @return what waits; nothing when the directory does not exist
     * @throws IOException if the directory cannot be listed
     */
    public Waiting waiting() throws IOException {
        if (!Files.isDirectory(dir)) {
            return new Waiting(0, Optional.empty());
        }
        int reports = 0;
        Instant oldest = null;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (!isReportName(f.getFileName().toString())) {
                    continue;
                }
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    // the loader took it meanwhile
                    continue;
                }
                if (!attrs.isRegularFile()) {
                    continue;
                }
                reports++;
                Instant modified = attrs.lastModifiedTime().toInstant();
                if (oldest == null || modified.isBefore(oldest)) {
                    oldest = modified;
                }
            }
        }
        return new Waiting(reports, Optional.ofNullable(oldest));
    }

    /**
     * Tells whether a file name is a report's: it ends with {@code .MIF} (any case), has something
     * before it and does not begin with a dot.
     *
     * @param name a file name
     * @return true for a report name
     */
    public static boolean isReportName(String name) {
        return name.length() > REPORT_SUFFIX.length() && !name.startsWith(".")
                && name.toUpperCase(Locale.ROOT).endsWith(REPORT_SUFFIX);
    }

    /**
     * Tells why the inbox cannot hold a report under this name as it is: a character outside
     * printable ASCII (which includes every name not valid in the platform encoding), one of {@code
     * \ / : * ? " < > | %}, or more than {@value #MAX_NAME_LENGTH} characters.
     *
     * @param name a file name, as the platform decoded it
     * @return why not, or empty for a name the inbox can use as it is
     */
    public static Optional<String> unusableBecause(String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of("it is longer than " + MAX_NAME_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return Optional.of(c < 0x20 || c == 0x7F ? "it holds a control character"
                        : "it holds characters beyond ASCII (or bytes not valid in any encoding)");
            }
            if (RESERVED.indexOf(c) >= 0) {
                return Optional.of("it holds '" + c + "', which some platforms read as part of a path");
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the name the inbox holds a file under: its own name when the inbox can use it ({@link
     * #unusableBecause}), else its bytes with every byte outside the usable characters as {@code
     * %XX}; an encoded name longer than {@value #MAX_NAME_LENGTH} characters is cut and ends in
     * {@code ~} and 8 hex digits of the bytes' SHA-256 before its {@code .MIF}.
     *
     * @param file a file, as listed from its directory (its path keeps the name's bytes)
     * @return the name to use in the inbox
     */
    public static String inboxName(Path file) {
        String name = file.getFileName().toString();
        if (unusableBecause(name).isEmpty()) {
            return name;
        }
        byte[] raw = rawName(file);
        StringBuilder encoded = new StringBuilder();
        for (byte b : raw) {
            int c = b & 0xFF;
            if (c >= 0x20 && c <= 0x7E && RESERVED.indexOf(c) < 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        if (encoded.length() <= MAX_NAME_LENGTH) {
            return encoded.toString();
        }
        String suffix = encoded.substring(encoded.length() - REPORT_SUFFIX.length());
        int cut = MAX_NAME_LENGTH - REPORT_SUFFIX.length() - 1 - HASH_HEX;
        // never inside a %XX
        while (cut > 0 && (encoded.charAt(cut - 1) == '%' || (cut > 1 && encoded.charAt(cut - 2) == '%'))) {
            cut--;
        }
        return encoded.substring(0, cut) + "~" + sha256(raw).substring(0, HASH_HEX) + suffix;
    }

    /**
     * Returns the name a file already in the inbox is to be worked under: its own name when the
     * inbox can hold it (a name {@link #inboxName} made, {@code %XX} included), else {@link
     * #inboxName} of it (a file put there by hand, or by an older collector).
     *
     * @param file a file in the inbox, as listed
     * @return the name to work it under
     */
    public static String heldName(Path file) {
        String name = file.getFileName().toString();
        return holdable(name) && name.length() <= MAX_NAME_LENGTH + 8 ? name : inboxName(file);
    }

    /** Printable ASCII without the reserved characters, {@code %} allowed: what the inbox holds. */
    private static boolean holdable(String name) {
        return name.chars().allMatch(c -> c >= 0x20 && c <= 0x7E && (c == '%' || RESERVED.indexOf(c) < 0));
    }

    /**
     * Returns the name a client gave a file, from the name the inbox holds it under: {@code %XX}
     * decoded, the bytes read as UTF-8, a byte that is not valid UTF-8 kept as the lone surrogate
     * U+DC00 + byte (which {@code TextEscapes.forDisplay} shows as {@code \xNN}). A name without
     * {@code %} is returned as it is.
     *
     * @param inboxName a name from {@link #inboxName}
     * @return the client's name (not escaped for a terminal)
     */
    public static String originalName(String inboxName) {
        if (inboxName.indexOf('%') < 0) {
            return inboxName;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < inboxName.length(); i++) {
            char c = inboxName.charAt(i);
            int hi = i + 2 < inboxName.length() ? Character.digit(inboxName.charAt(i + 1), 16) : -1;
            int lo = i + 2 < inboxName.length() ? Character.digit(inboxName.charAt(i + 2), 16) : -1;
            if (c == '%' && hi >= 0 && lo >= 0) {
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return utf8(bytes.toByteArray());
    }

    /**
     * Returns the name of a file as its bytes are, whatever the platform encoding: read as UTF-8, a
     * byte that is not valid UTF-8 shown as {@code \xNN}.
     *
     * @param file a file, as listed from its directory
     * @return the name (not escaped for a terminal)
     */
    public static String originalName(Path file) {
        return utf8(rawName(file));
    }

    /**
     * The bytes of a file's name. Java decodes names in the platform encoding and cannot give the
     * bytes back, but a path's URI percent-encodes them as they are on disk.
     */
    private static byte[] rawName(Path file) {
        String path;
        try {
            path = file.toAbsolutePath().toUri().getRawPath();
        } catch (RuntimeException e) {
            return file.getFileName().toString().getBytes(StandardCharsets.UTF_8);
        }
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String segment = path.substring(path.lastIndexOf('/') + 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%' && i + 2 < segment.length()) {
                bytes.write(Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    /** UTF-8, a malformed byte as {@code \xNN}: no name is lost, and none is decoded twice alike. */
    private static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length * 4 + 4);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                break;
            }
            // a byte that is not UTF-8 becomes the lone surrogate U+DC00 + byte (as Python's
            // "surrogateescape" does): kept exactly, and shown as \xNN by TextEscapes.forDisplay
            for (int i = 0; i < result.length(); i++) {
                out.put((char) (0xDC00 | (in.get() & 0xFF)));
            }
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /**
     * Returns a path in the inbox for a new report that no file has: the name itself when it is free
     * (also of claimed {@code X} variants), else {@code <stem>~1.MIF}, {@code <stem>~2.MIF}, …; a
     * name beginning with {@code X} gets a leading {@code _}. Only meaningful under the {@link #lock}.
     *
     * @param name a report name
     * @return the free path
     * @throws IllegalArgumentException if the name is not a report name or holds a character the
     *     inbox cannot use (give it {@link #inboxName} instead)
     */
    public Path freeName(String name) {
        if (!isReportName(name) || !holdable(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a report file name the inbox can use (NAME.MIF)");
        }
        String base = name.charAt(0) == 'X' ? "_" + name : name;
        String stem = base.substring(0, base.length() - REPORT_SUFFIX.length());
        String suffix = base.substring(base.length() - REPORT_SUFFIX.length());
        String candidate = base;
        for (int i = 1; taken(candidate); i++) {
            candidate = stem + "~" + i + suffix;
        }
        return dir.resolve(candidate);
    }

    private boolean taken(String name) {
        for (int x = 0; x <= CLAIM_PREFIXES; x++) {
            if (Files.exists(dir.resolve("X".repeat(x) + name), LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes the inbox's lock, waiting for another holder up to the given time. The lock is an
     * operating-system lock on {@link #LOCK_FILE}: a holder that dies releases it.
     *
     * @param wait how long to wait for another holder
     * @return the lock; close it to release
     * @throws IOException if the inbox or its lock file cannot be created
     * @throws IllegalStateException if another process (or another user in this one) kept the lock
     *     for the whole wait
     */
    public Lock lock(Duration wait) throws IOException {
        Objects.requireNonNull(wait, "wait");
        Files.createDirectories(dir);
        FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by another thread of this process
                }
                if (lock != null) {
                    return new Lock(channel, lock);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new IllegalStateException("another collector or re-queue is putting files into " + dir
                            + " (lock " + LOCK_FILE + " held for " + wait.toMillis() + " ms)");
                }
                try {
                    Thread.sleep(25);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for the lock of " + dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The inbox's lock while held.
     *
     * <p>Not thread-safe: held and closed by one thread.
     *
     * @since 0.1
     */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        /**
         * Releases the lock.
         *
         * @throws IOException if the lock file cannot be closed
         */
        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    @Override
    public String toString() {
        return "Inbox[" + dir + "]";
    }
}
