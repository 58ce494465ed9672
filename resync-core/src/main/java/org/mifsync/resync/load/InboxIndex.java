package org.mifsync.resync.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mifsync.resync.collect.Inbox;
import org.mifsync.resync.files.SourceFile;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ObjectReport;
import org.mifsync.resync.store.Outcome;

/**
 * The first half of a pass, which only reads: lists the inbox and learns each file's claim key
 * (its client) and version order, from its name when it is named as the agent names reports
 * ({@code <KIND>_<SMSID>_<major>_<minor>.MIF}), otherwise by reading it, keeping the reports of the
 * files that fit in the window. What the listing already says makes a file unusable (not a regular
 * file, too large, interrupted too often) is kept in its entry, to be acted on under its claim.
 * Nothing is renamed, written or stored: any number of loaders may index one inbox at once.
 */
final class InboxIndex {

    /** How the agent names a report ({@code HW_CEN00001_1_2.MIF}); a GUID SMSID by its 32 hex digits. */
    private static final Pattern AGENT_NAME = Pattern.compile(
            "(HW|SW)_([0-9A-Za-z]{8}|[0-9A-Fa-f]{32})_([0-9]{1,9})_([0-9]{1,9})\\.MIF", Pattern.CASE_INSENSITIVE);

    /** What indexing found: the entries, and the files it could not even look at. */
    record Result(List<Entry> entries, List<String> problems, boolean interrupted) {
    }

    private InboxIndex() {
    }

    /**
     * Indexes the inbox.
     *
     * @param inbox the inbox
     * @param maxFileBytes the largest file read
     * @param windowBytes how many bytes of read files' reports to keep
     * @param read what reading one file is
     * @param readers the threads that read
     * @param stopRequested asked before each file read
     */
    static Result of(Path inbox, long maxFileBytes, long windowBytes, Function<Claim, Read> read,
            ExecutorService readers, BooleanSupplier stopRequested) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Claim> unnamed = new ArrayList<>();
        for (Path file : files(inbox)) {
            // the name the inbox can use: the file is renamed to it when claimed
            String inboxName = Inbox.heldName(file);
            int tries = 0;
            while (tries < inboxName.length() - 1 && inboxName.charAt(tries) == 'X') {
                tries++;
            }
            // a name that starts with X itself cannot be told from a claimed one; SMS had the same rule
            String name = inboxName.substring(tries);
            Claim claim = new Claim(name, Inbox.originalName(name), tries, file, 0);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                continue; // gone since the listing
            } catch (IOException e) {
                problems.add(claim.shown() + ": cannot read its attributes: " + e);
                continue;
            }
            claim = new Claim(name, claim.shown(), tries, file, attrs.size());
            Read known = null;
            if (!attrs.isRegularFile()) {
                known = unusable(claim.shown() + ": is " + SourceFile.kind(attrs) + "; only regular files are"
                        + " loaded; set aside unread");
            } else if (attrs.size() > maxFileBytes) {
                known = tooLarge(claim, attrs.size(), maxFileBytes);
            } else if (tries >= Loader.MAX_TRIES) {
                known = unusable(claim.shown() + ": processing was interrupted " + tries
                        + " times; the file is set aside");
            }
            Optional<Entry> named = byName(claim, known);
            if (named.isPresent()) {
                entries.add(named.get());
            } else if (known != null) {
                entries.add(new Entry(claim, Entry.fileKey(claim), "", false, known));
            } else {
                unnamed.add(claim);
            }
        }
        // read to learn the client: only reading, so nothing is claimed and a crash costs no file a try.
        // What a pass holds in memory is bounded by the window, not by the number of waiting files
        ReadAhead reads = new ReadAhead(unnamed, read, readers, 8, windowBytes / 2);
        long heldBytes = 0;
        for (Claim claim : unnamed) {
            if (stopRequested.getAsBoolean()) {
                reads.cancel();
                return new Result(entries, problems, true);
            }
            Read result = reads.take(claim);
            if (result instanceof Read.Reports r) {
                Parsed parsed = r.parsed();
                // reports that fit in the window are kept, so that a small pass reads each file once
                boolean keep = heldBytes + parsed.bytes() <= windowBytes;
                heldBytes += keep ? parsed.bytes() : 0;
                entries.add(byContent(parsed, keep ? result : null));
            } else if (result instanceof Read.Unusable) {
                entries.add(new Entry(claim, Entry.fileKey(claim), "", false, result));
            } else if (result instanceof Read.Interrupted) {
                reads.cancel();
                return new Result(entries, problems, true);
            }
        }
        return new Result(entries, problems, false);
    }

    /** The reason a file over max-mif-size is set aside unread. */
    static Read tooLarge(Claim claim, long size, long maxFileBytes) {
        return unusable(claim.shown() + ": " + size + " bytes, larger than max-mif-size (" + maxFileBytes
                + " bytes); not read. (A larger report is cut after " + (maxFileBytes + 1) + " bytes when it is"
                + " collected.)");
    }

    private static Read unusable(String error) {
        return new Read.Unusable(Outcome.BAD_MIF, List.of(error));
    }

    /** The entry of a file named as the agent names its reports, from its name. */
    static Optional<Entry> byName(Claim claim, Read known) {
        Matcher m = AGENT_NAME.matcher(claim.name());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Entry(claim, m.group(2).toUpperCase(Locale.ROOT),
                    order(m.group(1).toUpperCase(Locale.ROOT), Integer.parseInt(m.group(3)),
                            Integer.parseInt(m.group(4))), true, known));
        } catch (NumberFormatException e) {
            return Optional.empty(); // a version beyond any the client can send: read it
        }
    }

    /** The entry of a read file: its client and the order of its first report. */
    static Entry byContent(Parsed parsed, Read known) {
        if (parsed.reports().isEmpty()) {
            // a custom object: claimed, and its files ordered, apart from every client (no name says one)
            ObjectReport object = parsed.objects().get(0);
            return new Entry(parsed.claim(), "object:" + object.foldedArchitecture() + "\u001f" + object.foldedKey(),
                    order("OBJ", object.version().major(), object.version().minor())
                            + String.format(Locale.ROOT, " %020d", object.generatedAt().toEpochMilli()), false, known);
        }
        ClientReport first = parsed.reports().get(0);
        var r = first.report();
        // SMS 1.x reports by the time they were made
        String order = order(r.kind().name(), r.version().major(), r.version().minor())
                + String.format(Locale.ROOT, " %020d", r.generatedAt().toEpochMilli());
        return new Entry(parsed.claim(), first.identity().smsId().fileName(), order, false, known);
    }

    /** Whether a read file holds what its agent-style name says: one versioned report of that client. */
    static boolean matchesName(Parsed parsed, Entry named) {
        if (parsed.reports().isEmpty()) {
            return false; // a custom object: no agent name says one
        }
        ClientReport first = parsed.reports().get(0);
        var r = first.report();
        return parsed.reports().size() == 1 && first.versioned()
                && first.identity().smsId().fileName().equals(named.key())
                && order(r.kind().name(), r.version().major(), r.version().minor()).equals(named.order());
    }

    private static String order(String kind, int major, int minor) {
        return String.format(Locale.ROOT, "%s %010d %010d", kind, major, minor);
    }

    private static List<Path> files(Path inbox) throws IOException {
        List<Path> files = new ArrayList<>();
        // the listed paths are kept: they hold the names' bytes, which a name decoded in the
        // platform encoding may not give back; links and other non-regular files are listed too,
        // and set aside unread (a folder is left alone)
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(inbox)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.toUpperCase(Locale.ROOT).endsWith(".MIF") && !name.startsWith(".")
                        && !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(entry);
                }
            }
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return files;
    }
}
