package org.mifsync.resync.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.mif.SourceLocation;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SmsId;
import org.mifsync.resync.files.internal.DurableFiles;

/**
 * A client's own request file, {@code INVENCFG.BOX/<SMSID>.CFG}: INI text with a
 * {@code [HW]} and/or a {@code [SW]} section, each with the request time (UTC) and the reason.
 *
 * <pre>
 * [HW]
 * RequestTime=19990102030405
 * Reason=NO_BASELINE
 * [SW]
 * RequestTime=19990102030407
 * Reason=FORCED
 * </pre>
 *
 * Written in ASCII with CR LF, {@code [HW]} first. Read leniently where Windows' INI functions are
 * (section and key names in any case, blanks around names and values, LF or CR LF, comment lines
 * starting with {@code ;} or {@code #}, blank lines) and strictly elsewhere: an unknown section or
 * key, a repeated one, a key outside a section, a missing key or a bad value is an error naming
 * the file, the line and the field. The file name is {@link SmsId#fileName()} plus {@code .CFG}:
 * the 8-character SMSID as it is, a GUID as its 32 hex digits.
 *
 * <p>Immutable and thread-safe. Writes replace the file atomically; two writers of one client's
 * file do not merge (the last rename wins), which is why the store publishes them one domain at a
 * time.
 *
 * @param smsId the client
 * @param entries its requests, one or two, at most one per kind, {@code HW} first
 * @since 0.1
 */
public record ClientCfg(SmsId smsId, List<ResyncEntry> entries) {

    /** The extension of the file, upper case as SMS wrote it. */
    public static final String EXTENSION = ".CFG";

    /** Files larger than this are refused unread: a request file is a few dozen bytes. */
    static final int MAX_SIZE = 64 * 1024;

    private static final String REQUEST_TIME = "RequestTime";
    private static final String REASON = "Reason";

    /**
     * Validates the entries and puts them in order.
     *
     * @throws NullPointerException if a component is null or holds null
     * @throws IllegalArgumentException if there are no entries, an entry is for another SMSID, or
     *     a kind appears twice
     */
    public ClientCfg {
        Objects.requireNonNull(smsId, "smsId");
        List<ResyncEntry> sorted = new ArrayList<>(entries);
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException(fileName(smsId) + " needs at least one request ([HW] or [SW])");
        }
        sorted.sort(Comparator.comparing(ResyncEntry::kind));
        for (int i = 0; i < sorted.size(); i++) {
            ResyncEntry entry = Objects.requireNonNull(sorted.get(i), "entries must not contain null");
            if (!entry.smsId().equals(smsId)) {
                throw new IllegalArgumentException(fileName(smsId) + " cannot hold a request for " + entry.smsId());
            }
            if (i > 0 && sorted.get(i - 1).kind() == entry.kind()) {
                throw new IllegalArgumentException(fileName(smsId) + " holds two " + entry.kind()
                        + " requests; merge them first (ClientCfg.with keeps the newest)");
            }
        }
        entries = List.copyOf(sorted);
    }

    /**
     * Returns the file of one or two requests of one client.
     *
     * @param first a request
     * @param more more requests of the same client, other kinds
     * @return the file's content
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static ClientCfg of(ResyncEntry first, ResyncEntry... more) {
        List<ResyncEntry> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(more));
        return new ClientCfg(first.smsId(), all);
    }

    /**
     * Returns the file of a client's requests, merging requests of one kind (newest wins).
     *
     * @param entries the requests, all of one client, at least one
     * @return the file's content
     * @throws IllegalArgumentException if there are none or they are of several clients
     */
    public static ClientCfg merged(Collection<ResyncEntry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a .CFG file needs at least one request ([HW] or [SW])");
        }
        Map<InventoryKind, ResyncEntry> byKind = new EnumMap<>(InventoryKind.class);
        SmsId id = entries.iterator().next().smsId();
        for (ResyncEntry entry : entries) {
            byKind.merge(entry.kind(), entry, ResyncEntry::newest);
        }
        return new ClientCfg(id, new ArrayList<>(byKind.values()));
    }

    /**
     * Returns the request for one kind.
     *
     * @param kind the kind
     * @return the request, or empty if the file has no section for it
     */
    public Optional<ResyncEntry> entry(InventoryKind kind) {
        return entries.stream().filter(e -> e.kind() == kind).findFirst();
    }

    /**
     * Returns this file with one more request; an existing one of the same kind is replaced if
     * the new one is not older.
     *
     * @param entry the request, same SMSID
     * @return the new content
     * @throws IllegalArgumentException if the SMSID differs
     */
    public ClientCfg with(ResyncEntry entry) {
        List<ResyncEntry> all = new ArrayList<>(entries);
        all.add(entry);
        return merged(all);
    }

    /**
     * Returns this file without the request of one kind.
     *
     * @param kind the kind to drop
     * @return the rest, or empty if nothing is left (the file should then be deleted)
     */
    public Optional<ClientCfg> without(InventoryKind kind) {
        List<ResyncEntry> rest = entries.stream().filter(e -> e.kind() != kind).toList();
        return rest.isEmpty() ? Optional.empty() : Optional.of(new ClientCfg(smsId, rest));
    }

    /**
     * Returns this file's name.
     *
     * @return e.g. {@code ABC00001.CFG}
     */
    public String fileName() {
        return fileName(smsId);
    }

    /**
     * Returns the name of a client's file: {@link SmsId#fileName()} plus {@code .CFG}.
     *
     * @param id the client
     * @return e.g. {@code ABC00001.CFG}, or 32 hex digits plus {@code .CFG} for a GUID
     */
    public static String fileName(SmsId id) {
        return id.fileName() + EXTENSION;
    }

    /**
     * Returns the SMSID a file name stands for, or empty if the name is not one of ours: 8
     * characters {@code 0-9 A-Z} or 32 hex digits, then {@code .CFG}. Case is ignored here;
     * {@link #isCanonicalFileName} tells whether the name is exactly the one this class writes.
     *
     * @param name a file name without directory
     * @return the SMSID, or empty
     */
    public static Optional<SmsId> smsIdOfFileName(String name) {
        if (name.length() <= EXTENSION.length()
                || !name.substring(name.length() - EXTENSION.length()).toUpperCase(Locale.ROOT).equals(EXTENSION)) {
            return Optional.empty();
        }
        String base = name.substring(0, name.length() - EXTENSION.length());
        try {
            if (base.length() == SmsId.LENGTH) {
                return Optional.of(SmsId.parse(base));
            }
            if (base.length() == 32) {
                String guid = "GUID:{" + base.substring(0, 8) + "-" + base.substring(8, 12) + "-"
                        + base.substring(12, 16) + "-" + base.substring(16, 20) + "-" + base.substring(20) + "}";
                return Optional.of(SmsId.parse(guid));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Tells whether a file name is exactly what {@link #fileName(SmsId)} gives for some SMSID
     * (upper case): the names replication treats as its own.
     *
     * @param name a file name without directory
     * @return true for e.g. {@code ABC00001.CFG}, false for {@code abc00001.cfg} or {@code NOTES.CFG}
     */
    public static boolean isCanonicalFileName(String name) {
        return smsIdOfFileName(name).map(id -> fileName(id).equals(name)).orElse(false);
    }

    /**
     * Returns the file's text, CR LF line ends.
     *
     * @return the INI text
     */
    public String toText() {
        StringBuilder out = new StringBuilder(64 * entries.size());
        for (ResyncEntry entry : entries) {
            out.append('[').append(entry.kind()).append("]\r\n")
                    .append(REQUEST_TIME).append('=').append(RecordFormat.formatTime(entry.requestTime())).append("\r\n")
                    .append(REASON).append('=').append(entry.reason()).append("\r\n");
        }
        return out.toString();
    }

    /**
     * Writes the file into a folder, atomically (temporary file, fsync, rename).
     *
     * @param invenCfgBox the folder, e.g. {@link SiteLayout#invenCfgBox}
     * @return the file written
     * @throws IOException if it cannot be written; an older file is then unchanged
     */
    public Path write(Path invenCfgBox) throws IOException {
        Path target = invenCfgBox.resolve(fileName());
        byte[] bytes = toText().getBytes(StandardCharsets.US_ASCII);
        DurableFiles.standard().replace(target, bytes);
        return target;
    }

    /**
     * Deletes a client's file from a folder, if it is there.
     *
     * @param invenCfgBox the folder
     * @param id the client
     * @return true if a file was deleted
     * @throws IOException if it exists and cannot be deleted
     */
    public static boolean delete(Path invenCfgBox, SmsId id) throws IOException {
        return Files.deleteIfExists(invenCfgBox.resolve(fileName(id)));
    }

    /**
     * Reads a client's file; the SMSID comes from the file name.
     *
     * @param file the file, named {@code <SMSID>.CFG}
     * @return its content
     * @throws RequestFileException if the name is not an SMSID's or the text is not a valid
     *     request file, naming the line and field
     * @throws IOException if the file cannot be read
     */
    public static ClientCfg read(Path file) throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        SmsId id = smsIdOfFileName(name).orElseThrow(() -> new RequestFileException(
                SourceLocation.ofSource(file.toString()), "file name", "file name '" + name + "' is not <SMSID>.CFG (8 characters 0-9 A-Z, or 32 hex digits)"));
        byte[] bytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > MAX_SIZE) {
                throw new RequestFileException(SourceLocation.ofSource(file.toString()), "size", size
                        + " bytes is too large for a"
                        + " request file (at most " + MAX_SIZE + ")");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // fill
            }
            bytes = buffer.array();
        }
        return parse(file, id, bytes);
    }

    /**
     * Parses a request file's bytes.
     *
     * @param file the file's path, for messages
     * @param id the client the file is for
     * @param bytes the content
     * @return the content
     * @throws RequestFileException if the text is not a valid request file, naming the line and field
     */
    public static ClientCfg parse(Path file, SmsId id, byte[] bytes) throws RequestFileException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(id, "id");
        Map<InventoryKind, Section> sections = new EnumMap<>(InventoryKind.class);
        Section current = null;
        int lineNumber = 0;
        int start = 0;
        while (start < bytes.length) {
            lineNumber++;
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            int next = end + 1;
            if (end > start && bytes[end - 1] == '\r') {
                end--;
            }
            for (int i = start; i < end; i++) {
                int c = bytes[i] & 0xFF;
                if (c > 0x7E || (c < 0x20 && c != '\t')) {
                    throw error(file, lineNumber, "text", "byte 0x" + String.format(Locale.ROOT, "%02X", c) + " at column "
                            + (i - start + 1) + " is not printable ASCII");
                }
            }
            String line = new String(bytes, start, end - start, StandardCharsets.US_ASCII).strip();
            start = next;
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw error(file, lineNumber, "section", "section header '" + line + "' has no closing ']'");
                }
                String name = line.substring(1, line.length() - 1).strip().toUpperCase(Locale.ROOT);
                InventoryKind kind;
                if (name.equals("HW")) {
                    kind = InventoryKind.HW;
                } else if (name.equals("SW")) {
                    kind = InventoryKind.SW;
                } else {
                    throw error(file, lineNumber, "section", "section '" + line + "' is not [HW] or [SW]");
                }
                if (sections.containsKey(kind)) {
                    throw error(file, lineNumber, "section", "section [" + kind + "] appears a second time (first"
                            + " at line " + sections.get(kind).line + ")");
                }
                current = new Section(kind, lineNumber);
                sections.put(kind, current);
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw error(file, lineNumber, "line", "'" + line + "' is neither a [section], a key=value line nor a"
                        + " comment");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (current == null) {
                throw error(file, lineNumber, key, "key '" + key + "' comes before any [HW] or [SW] section");
            }
            if (key.equalsIgnoreCase(REQUEST_TIME)) {
                if (current.time != null) {
                    throw error(file, lineNumber, REQUEST_TIME, REQUEST_TIME + " appears twice in [" + current.kind + "]");
                }
                byte[] digits = value.getBytes(StandardCharsets.US_ASCII);
                String problem = digits.length != RecordFormat.TIME_LENGTH
                        ? "is not yyyymmddhhmmss (14 digits, UTC)" : RecordFormat.checkTime(digits, 0);
                if (problem != null) {
                    throw error(file, lineNumber, REQUEST_TIME, REQUEST_TIME + " '" + value + "' " + problem);
                }
                current.time = RecordFormat.decodeTime(digits, 0);
            } else if (key.equalsIgnoreCase(REASON)) {
                if (current.reason != null) {
                    throw error(file, lineNumber, REASON, REASON + " appears twice in [" + current.kind + "]");
                }
                try {
                    current.reason = ResyncReason.parse(value);
                } catch (IllegalArgumentException e) {
                    throw error(file, lineNumber, REASON, REASON + ": " + e.getMessage());
                }
            } else {
                throw error(file, lineNumber, key, "unknown key '" + key + "' in [" + current.kind + "]; a section"
                        + " holds " + REQUEST_TIME + " and " + REASON);
            }
        }
        if (sections.isEmpty()) {
            throw error(file, Math.max(lineNumber, 1), "section", "no [HW] or [SW] section");
        }
        List<ResyncEntry> entries = new ArrayList<>();
        for (Section section : sections.values()) {
            if (section.time == null) {
                throw error(file, section.line, REQUEST_TIME, "section [" + section.kind + "] has no " + REQUEST_TIME);
            }
            if (section.reason == null) {
                throw error(file, section.line, REASON, "section [" + section.kind + "] has no " + REASON);
            }
            entries.add(new ResyncEntry(id, section.kind, section.time, section.reason));
        }
        return new ClientCfg(id, entries);
    }

    private static RequestFileException error(Path file, int line, String field, String message) {
        return new RequestFileException(SourceLocation.ofLine(file.toString(), line), field, message);
    }

    /** A section while it is being read. */
    private static final class Section {
        final InventoryKind kind;
        final int line;
        java.time.Instant time;
        ResyncReason reason;

        Section(InventoryKind kind, int line) {
            this.kind = kind;
            this.line = line;
        }
    }
}
