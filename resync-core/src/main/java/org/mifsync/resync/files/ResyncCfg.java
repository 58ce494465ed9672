package org.mifsync.resync.files;

import static org.mifsync.resync.files.RecordFormat.LENGTH;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.mifsync.mif.Diagnostic;
import org.mifsync.mif.SourceLocation;
import org.mifsync.model.DomainName;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.files.internal.DurableFiles;

/**
 * A domain's {@code RESYNC.CFG}: the list of resync requests that agents look their
 * SMSID up in.
 *
 * <h2>Format</h2>
 * ASCII, fixed-width records of 48 bytes including CR LF. The first is a header naming the site
 * and domain; then one record per (SMSID, kind), in ASCII byte order of SMSID then kind:
 *
 * <pre>
 * ;RESYNC.CFG v1 site=ABC domain=SALES          ⏎   header: 20 + 3 + 8 + 15 + 2 = 48 bytes
 * ABC00001 HW 19990102030405 NO_BASELINE        ⏎
 * ABC00001 SW 19990102030405 FORCED             ⏎
 * ABC0000A HW 20240229235959 VERSION_GAP        ⏎
 * columns 0-7 SMSID, 9-10 HW|SW, 12-25 request time UTC yyyymmddhhmmss,
 *         27-45 reason left-aligned, 46-47 CR LF; 8, 11 and 26 are spaces
 * </pre>
 *
 * The domain is written upper case (folded with {@code Locale.ROOT}) so that every replica of a
 * list is byte-identical whatever spelling the caller used. A GUID-form SMSID (SMS 2.0) has no
 * place in this file and is refused ({@link #accepts(SmsId)}).
 *
 * <h2>Writing</h2>
 * Every write replaces the file atomically (temporary file in the same directory, fsync, rename,
 * retried with backoff where a reader holds the file open), so readers see the old or the new
 * list, never a mixture. {@link #publish} writes a complete list (the store is the source of
 * truth, and the files are rewritten from it, never edited); two writers of one domain take turns
 * through the publisher's lock in the store, not a lock file. When two entries for one
 * (SMSID, kind) meet, the newer request time wins; on equal times, the one given later.
 *
 * <h2>Reading</h2>
 * {@link #read()} and {@link #scan} check every record and report a damaged one (wrong length,
 * bad SMSID, kind, time or reason, out of order, duplicate, a partial record at the end) as a
 * {@link Damage} with its record number (the header is record 0; record {@code n} is line {@code
 * n + 1}), skip it and go on: damage is never fatal. The header is checked too, against the site
 * and domain this handle was made for. {@link #lookup} finds one SMSID by binary search over the
 * file with a few positioned reads; it judges records exactly as the reader does.
 *
 * <p>Example:
 *
 * <pre>{@code
 * ResyncCfg cfg = ResyncCfg.of(layout.resyncCfgPath(domain), site, domain);
 * cfg.publish(entries);
 * List<ResyncEntry> mine = ResyncCfg.forReading(logonSrv.resolve("RESYNC.CFG")).lookup(myId);
 * }</pre>
 *
 * <p>Immutable and thread-safe: a handle may be shared; writes through any number of handles of
 * one file, in any number of processes, are serialised by the lock file.
 *
 * @since 0.1
 */
public final class ResyncCfg {

    /** The file's name in a domain folder and on a logon server. */
    public static final String FILE_NAME = "RESYNC.CFG";

    /** Bytes per record, CR LF included; the header has the same width. */
    public static final int RECORD_LENGTH = LENGTH;

    private static final System.Logger LOG = System.getLogger(ResyncCfg.class.getName());

    private final Path file;
    private final Optional<SiteCode> site;
    private final Optional<DomainName> domain;

    private ResyncCfg(Path file, Optional<SiteCode> site, Optional<DomainName> domain) {
        this.file = Objects.requireNonNull(file, "file");
        this.site = site;
        this.domain = domain;
    }

    /**
     * Returns a handle for reading and writing the list of one site's domain.
     *
     * @param file the file, usually {@link SiteLayout#resyncCfgPath(DomainName)}
     * @param site the site that owns the list; written into and checked against the header
     * @param domain the domain; likewise
     * @return the handle; nothing is read or written yet
     */
    public static ResyncCfg of(Path file, SiteCode site, DomainName domain) {
        return new ResyncCfg(file, Optional.of(Objects.requireNonNull(site, "site")),
                Optional.of(Objects.requireNonNull(domain, "domain")));
    }

    /**
     * Returns a read-only handle for a reader that does not know the site or domain, such as an
     * agent: the header's form is checked but not whose it is. Writing through it throws {@link
     * IllegalStateException}.
     *
     * @param file the file
     * @return the handle
     */
    public static ResyncCfg forReading(Path file) {
        return new ResyncCfg(file, Optional.empty(), Optional.empty());
    }

    /**
     * Tells whether an SMSID can appear in this file: the 8-character SMS 1.x form can, the SMS 2.0
     * GUID form cannot.
     *
     * @param id the SMSID
     * @return true unless {@code id} is in GUID form
     */
    public static boolean accepts(SmsId id) {
        return !id.isGuid();
    }

    /**
     * Returns the file.
     *
     * @return the path this handle reads and writes
     */
    public Path file() {
        return file;
    }

    // ================================================================= writing

    /**
     * Replaces the file with exactly these entries (sorted; for a repeated SMSID and kind the
     * newest time wins), whatever the file held before: the store is the source of truth. An empty
     * collection writes a file holding only the header. Takes the file's lock, so that two
     * writers of one file take turns.
     *
     * @param entries the whole list
     * @throws IllegalArgumentException if an entry has a GUID-form SMSID
     * @throws IllegalStateException if this handle was made by {@link #forReading}
     * @throws IOException if the file cannot be written; the old file is then unchanged
     */
    public void publish(Collection<? extends ResyncEntry> entries) throws IOException {
        byte[] header = headerToWrite();
        List<ResyncEntry> sorted = sortedMerged(entries);
        try (TargetLock lock = TargetLock.acquire(file)) {
            clearLeftovers();
            DurableFiles.standard().replace(file, channel -> {
                RecordOutput out = new RecordOutput(channel);
                out.write(header, 0, LENGTH);
                byte[] record = new byte[LENGTH];
                for (ResyncEntry entry : sorted) {
                    RecordFormat.encode(entry, record, 0);
                    out.write(record, 0, LENGTH);
                }
                out.flush();
            });
        }
    }

    private byte[] headerToWrite() {
        if (site.isEmpty() || domain.isEmpty()) {
            throw new IllegalStateException(file + " was opened for reading only (ResyncCfg.forReading);"
                    + " writing needs the site and domain: use ResyncCfg.of");
        }
        return RecordFormat.header(site.get(), domain.get());
    }

    private void clearLeftovers() throws IOException {
        List<Path> removed = DurableFiles.removeTemporaries(file);
        if (!removed.isEmpty()) {
            LOG.log(Level.INFO, () -> "removed " + removed.size() + " temporary file(s) of interrupted writes: "
                    + removed);
        }
    }

    /** Sorts, refuses GUIDs, and folds repeated keys (newest wins; on a tie the later one). */
    private static List<ResyncEntry> sortedMerged(Collection<? extends ResyncEntry> entries) {
        return EntrySort.sortedMerged(entries);
    }

    // ================================================================= reading

    /**
     * Reads the whole list, checking every record.
     *
     * @return the good entries in file order and the damage found
     * @throws NoSuchFileException if there is no file
     * @throws IOException if the file cannot be read
     */
    public Contents read() throws IOException {
        List<ResyncEntry> entries = new ArrayList<>();
        List<Damage> damage = new ArrayList<>();
        RecordFormat.Header header = scanWithHeader(entries::add, damage::add);
        return new Contents(file, header.site(), header.domain(), entries, damage);
    }

    /**
     * Reads the list record by record without holding it in memory (for a dump of a large file):
     * each good entry goes to {@code entries} and each damaged record, the header's included, to
     * {@code damage}, in file order.
     *
     * @param entries receives the good entries
     * @param damage receives the damage
     * @throws NoSuchFileException if there is no file
     * @throws IOException if the file cannot be read
     */
    public void scan(Consumer<? super ResyncEntry> entries, Consumer<? super Damage> damage) throws IOException {
        scanWithHeader(entries, damage);
    }

    private RecordFormat.Header scanWithHeader(Consumer<? super ResyncEntry> entries,
            Consumer<? super Damage> damage) throws IOException {
        RecordFormat.Header[] header = {null};
        byte[] lastKey = new byte[RecordFormat.KEY_LENGTH];
        boolean[] any = {false};
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            LineReader.read(channel, (number, b, off, kept, length, terminated) -> {
                if (number == 0) {
                    header[0] = RecordFormat.checkHeader(b, off, length, terminated, site, domain);
                    for (RecordFormat.Problem problem : header[0].problems()) {
                        damage.accept(new Damage(file, 0, problem.field(), problem.message()));
                    }
                    return;
                }
                RecordFormat.Problem problem = RecordFormat.check(b, off, length, terminated);
                if (problem == null && any[0]) {
                    problem = orderProblem(b, off, lastKey);
                }
                if (problem != null) {
                    damage.accept(new Damage(file, number, problem.field(), problem.message()));
                    return;
                }
                any[0] = true;
                System.arraycopy(b, off, lastKey, 0, RecordFormat.KEY_LENGTH);
                entries.accept(RecordFormat.decode(b, off));
            });
        }
        if (header[0] == null) {
            RecordFormat.Problem empty = new RecordFormat.Problem("header", "the file is empty: no header record");
            damage.accept(new Damage(file, 0, empty.field(), empty.message()));
            return new RecordFormat.Header(Optional.empty(), Optional.empty(), List.of(empty));
        }
        return header[0];
    }

    /** The reader's rule: a record must sort after the last one kept. */
    private static RecordFormat.Problem orderProblem(byte[] b, int off, byte[] lastKey) {
        int c = RecordFormat.compareKeys(b, off, lastKey, 0);
        if (c == 0) {
            return new RecordFormat.Problem("order", "duplicate of an earlier record for "
                    + RecordFormat.quote(b, off, RecordFormat.KEY_LENGTH) + "; the first is kept");
        }
        if (c < 0) {
            return new RecordFormat.Problem("order", "record " + RecordFormat.quote(b, off, RecordFormat.KEY_LENGTH)
                    + " is out of order: it sorts before the record kept before it, "
                    + RecordFormat.quote(lastKey, 0, RecordFormat.KEY_LENGTH));
        }
        return null;
    }

    /**
     * Finds the entries of one SMSID (one per kind, at most two) by binary search with positioned
     * reads: a lookup in a million-record file reads a few kilobytes. A probe that lands on a
     * damaged record scans on to the next good one. Records are judged as {@link #read()} judges
     * them, so on a file whose good records are in order the answer is what a linear read would
     * give; in a file with records out of order (which {@link #read()} reports) a misplaced record
     * may be missed.
     *
     * @param id the SMSID to find
     * @return its entries, {@code HW} before {@code SW}; empty if it has none, or if {@code id} is in
     *     GUID form
     * @throws NoSuchFileException if there is no file
     * @throws IOException if the file cannot be read
     */
    public List<ResyncEntry> lookup(SmsId id) throws IOException {
        Objects.requireNonNull(id, "id");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (!accepts(id)) {
                return List.of();
            }
            return List.copyOf(new RecordSearch(channel).find(id));
        }
    }

    // ================================================================= value types

    /**
     * The key of a record: one client's request for one kind of inventory.
     *
     * <p>Immutable and thread-safe.
     *
     * @param smsId the client
     * @param kind the kind
     * @since 0.1
     */
    public record Key(SmsId smsId, InventoryKind kind) {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if one is null
         */
        public Key {
            Objects.requireNonNull(smsId, "smsId");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * What a {@link #read()} found.
     *
     * <p>Immutable and thread-safe.
     *
     * @param file the file read
     * @param site the site the header names, if it could be read
     * @param domain the domain the header names, if it could be read
     * @param entries the good entries in file order
     * @param damage the damaged records (the header's too), each skipped
     * @since 0.1
     */
    public record Contents(Path file, Optional<SiteCode> site, Optional<DomainName> domain,
            List<ResyncEntry> entries, List<Damage> damage) {
        /**
         * Copies the lists.
         *
         * @throws NullPointerException if a component is null
         */
        public Contents {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(site, "site");
            Objects.requireNonNull(domain, "domain");
            entries = List.copyOf(entries);
            damage = List.copyOf(damage);
        }

        /**
         * Tells whether the file had no damage at all.
         *
         * @return true if {@link #damage()} is empty
         */
        public boolean isClean() {
            return damage.isEmpty();
        }
    }

    /**
     * A damaged record, reported and skipped. Its {@link #toString()} reads {@code
     * <file>: record 12: request time '19991302030405' has month 13, which is not 01-12}.
     *
     * <p>Its place in the one location type of mifsync is {@link #location()}: record {@code n} is
     * line {@code n + 1}, and the column is where the damaged field starts in the fixed-width
     * record (SMSID 1, kind 10, request time 13, reason 28; in the header, site 21, the {@code
     * domain=} tag 24 and the domain 32),
     * or none when the damage is the whole record's (its length, a separator, its order).
     *
     * <p>Immutable and thread-safe.
     *
     * @param file the file
     * @param record the record number: 0 for the header, {@code n} for line {@code n + 1}
     * @param field what is wrong: {@code header}, {@code site}, {@code domain tag}, {@code domain},
     *     {@code length},
     *     {@code SMSID}, {@code separator}, {@code kind}, {@code request time}, {@code reason} or
     *     {@code order}
     * @param message what is wrong, in a sentence
     * @since 0.1
     */
    public record Damage(Path file, long record, String field, String message) {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if one is null
         */
        public Damage {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }

        /**
         * Returns where the damage is, as a text editor counts: line {@code record + 1}, and the
         * column where the damaged field starts, or the whole line.
         *
         * @return the location; its source is the file
         */
        public SourceLocation location() {
            int line = Math.toIntExact(record + 1);
            int column = RecordFormat.column(field);
            return column == 0 ? SourceLocation.ofLine(file.toString(), line)
                    : new SourceLocation(file.toString(), line, column);
        }

        /**
         * Returns the damage in the one shape of mifsync's diagnostics: a warning, as the record
         * is skipped and the file still read, e.g. {@code <file>:13:13: warning: request time
         * '19991302030405' has month 13, which is not 01-12}.
         *
         * @return the diagnostic at {@link #location()}
         */
        public Diagnostic toDiagnostic() {
            return Diagnostic.warning(location(), message);
        }

        /**
         * Returns {@code <file>: record <n>: <message>}.
         *
         * @return the report line
         */
        @Override
        public String toString() {
            return file + ": record " + record + ": " + message;
        }
    }
}
