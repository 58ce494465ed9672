package org.mifsync.resync.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mifsync.resync.collect.Inbox;
import org.mifsync.resync.files.SiteLayout;

/**
 * The files the loader set aside in {@code INVENTRY.BOX/BADMIFS} (unparseable or unusable, or
 * interrupted three times), each beside a {@code .err} file with its errors, and their way back
 * after a fix: {@link #requeue} moves them into the inbox with a fresh try count.
 *
 * <pre>{@code
 * BadMifs bad = BadMifs.in(siteLayout.inventoryBox());
 * for (BadMifs.BadFile f : bad.list()) { ... f.name(), f.errors() ... }
 * BadMifs.Requeued done = bad.requeueAll();
 * }</pre>
 *
 * <p>A set-aside file keeps the name it had in the inbox without the loader's {@code X} prefixes;
 * a name the loader made unique with a number ({@code R1.MIF.1}) gets its report name back ({@code
 * R1.MIF}). Re-queueing holds the inbox lock ({@link Inbox#lock}) and never overwrites a file: a
 * name already in the inbox gets a free one ({@link Inbox#freeName}). The file is moved first and
 * its {@code .err} removed after; a {@code .err} left without its file (a run stopped in between)
 * is removed by the next re-queue. Links are never followed: a set-aside entry that is a link or a
 * folder is reported and left alone.
 *
 * <p>Immutable and thread-safe; re-queues are serialised by the inbox lock.
 *
 * @since 0.1
 */
public final class BadMifs {

    /** The suffix of the errors file beside a set-aside report. */
    public static final String ERR_SUFFIX = ".err";

    /** How long a re-queue waits for a collector holding the inbox lock. */
    public static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private static final Pattern NUMBERED = Pattern.compile("(?i)(.+\\.MIF)\\.(\\d+)");

    private final Path inbox;
    private final Path dir;

    private BadMifs(Path inbox) {
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.dir = inbox.resolve(SiteLayout.BADMIFS);
    }

    /**
     * Returns the {@code BADMIFS} folder of an inbox.
     *
     * @param inbox the site's inbox, {@code SITE.SRV/INVENTRY.BOX}
     * @return the set-aside files of that inbox
     */
    public static BadMifs in(Path inbox) {
        return new BadMifs(inbox);
    }

    /**
     * Returns the {@code BADMIFS} folder.
     *
     * @return {@code INVENTRY.BOX/BADMIFS}
     */
    public Path dir() {
        return dir;
    }

    /**
     * A set-aside file.
     *
     * <p>Immutable and thread-safe.
     *
     * @param name its name in {@code BADMIFS}
     * @param file its path
     * @param errorsFile its {@code .err} file, if there is one
     * @param size its size in bytes
     * @param setAsideAt when it was set aside: the time of its {@code .err} file, else its own
     * @param errors the lines of its {@code .err} file ({@code file:line:col: message}), empty without one
     * @since 0.1
     */
    public record BadFile(String name, Path file, Optional<Path> errorsFile, long size, Instant setAsideAt,
            List<String> errors) {
        /**
         * Copies the errors.
         *
         * @param name the name
         * @param file the path
         * @param errorsFile the errors file
         * @param size the size
         * @param setAsideAt when set aside
         * @param errors the errors
         */
        public BadFile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(errorsFile, "errors file");
            Objects.requireNonNull(setAsideAt, "set-aside time");
            errors = List.copyOf(errors);
        }
    }

    /**
     * One file moved back into the inbox.
     *
     * <p>Immutable and thread-safe.
     *
     * @param from where it was in {@code BADMIFS}
     * @param to its new path in the inbox
     * @since 0.1
     */
    public record Move(Path from, Path to) {
        /**
         * Validates the fields.
         *
         * @param from the old path
         * @param to the new path
         */
        public Move {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * What a re-queue did.
     *
     * <p>Immutable and thread-safe.
     *
     * @param moved the files moved into the inbox, by name
     * @param notFound names asked for that {@code BADMIFS} does not hold
     * @param problems files left in place and why (a link, a name that is not a report's, an error)
     * @since 0.1
     */
    public record Requeued(List<Move> moved, List<String> notFound, List<String> problems) {
        /**
         * Copies the lists.
         *
         * @param moved moved files
         * @param notFound names not found
         * @param problems problems
         */
        public Requeued {
            moved = List.copyOf(moved);
            notFound = List.copyOf(notFound);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Lists the set-aside files, by name. An empty or missing folder gives an empty list.
     *
     * @return the files
     * @throws IOException if the folder or an errors file cannot be read
     */
    public List<BadFile> list() throws IOException {
        List<BadFile> found = new ArrayList<>();
        for (var entry : entries().entrySet()) {
            BasicFileAttributes attrs = entry.getValue();
            String name = entry.getKey();
            if (!attrs.isRegularFile() || isSideFile(name)) {
                continue;
            }
            Path file = dir.resolve(name);
            Path err = dir.resolve(name + ERR_SUFFIX);
            Optional<BasicFileAttributes> errAttrs = attributes(err).filter(BasicFileAttributes::isRegularFile);
            List<String> errors = errAttrs.isPresent()
                    ? Files.readAllLines(err, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList()
                    : List.of();
            Instant at = errAttrs.map(a -> a.lastModifiedTime().toInstant()).orElse(attrs.lastModifiedTime().toInstant());
            found.add(new BadFile(name, file, errAttrs.map(a -> err), attrs.size(), at, errors));
        }
        return found;
    }

    /**
     * Moves every set-aside file back into the inbox.
     *
     * @return what was moved
     * @throws IOException if the folders cannot be listed or locked
     * @throws IllegalStateException if a collector keeps the inbox locked
     */
    public Requeued requeueAll() throws IOException {
        return requeue(name -> true, Set.of());
    }

    /**
     * Moves the named set-aside files back into the inbox.
     *
     * @param names names in {@code BADMIFS}, as {@link #list} gives them (exact, or ignoring case when
     *     only one file matches)
     * @return what was moved; names not found are listed, not thrown
     * @throws IOException if the folders cannot be listed or locked
     * @throws IllegalStateException if a collector keeps the inbox locked
     */
    public Requeued requeue(Collection<String> names) throws IOException {
        Set<String> wanted = new TreeSet<>(names);
        return requeue(wanted::contains, wanted);
    }

    private Requeued requeue(Predicate<String> chosen, Set<String> asked) throws IOException {
        List<Move> moved = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> missing = new TreeSet<>(asked);
        try (Inbox.Lock lock = Inbox.of(inbox).lock(LOCK_WAIT)) {
            TreeMap<String, BasicFileAttributes> entries = entries();
            for (var entry : entries.entrySet()) {
                String name = entry.getKey();
                if (isSideFile(name)) {
                    continue;
                }
                String match = chosen.test(name) ? name : caseInsensitiveMatch(name, asked, entries);
                if (match == null) {
                    continue;
                }
                missing.remove(match);
                Path file = dir.resolve(name);
                if (!entry.getValue().isRegularFile()) {
                    problems.add(file + ": not a regular file (a link or a folder); left alone");
                    continue;
                }
                String reportName = reportName(name);
                if (reportName == null) {
                    problems.add(file + ": not a report file name (NAME.MIF); the loader would not take it; left alone");
                    continue;
                }
                try {
                    Path target = Inbox.of(inbox).freeName(reportName);
                    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                    Files.deleteIfExists(dir.resolve(name + ERR_SUFFIX));
                    moved.add(new Move(file, target));
                } catch (IOException | IllegalArgumentException e) {
                    problems.add(file + ": cannot move it into the inbox: " + e);
                }
            }
            removeOrphanedErrors();
        }
        return new Requeued(moved, List.copyOf(missing), problems);
    }

    /** A name asked for in another case, when no other file matches it; null if none. */
    private static String caseInsensitiveMatch(String name, Set<String> asked,
            TreeMap<String, BasicFileAttributes> entries) {
        for (String a : asked) {
            if (a.equalsIgnoreCase(name) && !entries.containsKey(a)
                    && entries.keySet().stream().filter(a::equalsIgnoreCase).count() == 1) {
                return a;
            }
        }
        return null;
    }

    /** {@code .err} files whose report is gone: a re-queue stopped between the move and the delete. */
    private void removeOrphanedErrors() throws IOException {
        for (var entry : entries().entrySet()) {
            String name = entry.getKey();
            if (name.endsWith(ERR_SUFFIX) && entry.getValue().isRegularFile()) {
                String report = name.substring(0, name.length() - ERR_SUFFIX.length());
                if (attributes(dir.resolve(report)).isEmpty()) {
                    Files.deleteIfExists(dir.resolve(name));
                }
            }
        }
    }

    /** The report name a set-aside name goes back to the inbox under, or null if it has none. */
    static String reportName(String name) {
        if (Inbox.isReportName(name)) {
            return name;
        }
        Matcher m = NUMBERED.matcher(name);
        return m.matches() && Inbox.isReportName(m.group(1)) ? m.group(1) : null;
    }

    /** The loader's errors files and their temporary files. */
    static boolean isSideFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.endsWith(ERR_SUFFIX.toUpperCase(Locale.ROOT)) || upper.endsWith(".ERR.TMP");
    }

    private TreeMap<String, BasicFileAttributes> entries() throws IOException {
        TreeMap<String, BasicFileAttributes> entries = new TreeMap<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                attributes(file).ifPresent(a -> entries.put(file.getFileName().toString(), a));
            }
        }
        return entries;
    }

    private static Optional<BasicFileAttributes> attributes(Path path) throws IOException {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "BadMifs[" + dir + "]";
    }
}
