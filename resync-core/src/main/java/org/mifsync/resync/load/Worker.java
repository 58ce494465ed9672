package org.mifsync.resync.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import org.mifsync.mif.TextEscapes;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.compare.Decision;
import org.mifsync.resync.files.internal.DurableFiles;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ObjectReport;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.store.StoreException;

/**
 * One deciding thread of a pass: takes batches of claim keys from the pass's queue, claims in the
 * store those no other loader holds, and works their files in each key's version order, deciding
 * them in one commit group (its own connection). Decided files wait under their unclaimed names for
 * the group's commit, are claimed again just before it, and are removed or archived after it; the
 * commit renews this worker's claims in the same transaction, so that decisions about a client
 * whose claim was lost (its lease expired and another loader took it) are never committed.
 *
 * <p>Not thread-safe: one thread runs a worker.
 */
final class Worker {

    private static final System.Logger LOG = System.getLogger(Loader.class.getName());

    private final Loader loader;
    private final String name;
    private final Comparer.DecisionGroup group;
    private final Tally tally;
    private final ExecutorService readers;
    /** Files whose decisions wait in the group for its commit, in the order they were decided. */
    private final List<Waiting> waiting = new ArrayList<>();
    /** The keys this worker claims now. */
    private final Set<String> held = new TreeSet<>();
    /** Files whose content said another client or order than their names: worked in a later round. */
    private final List<Entry> misnamed = new ArrayList<>();

    Worker(Loader loader, String name, Comparer.DecisionGroup group, Tally tally, ExecutorService readers) {
        this.loader = loader;
        this.name = name;
        this.group = group;
        this.tally = tally;
        this.readers = readers;
    }

    /** Works batches from the queue until it is empty or the pass stops; returns the misnamed files. */
    List<Entry> run(KeyQueue queue) throws IOException {
        for (List<List<Entry>> batch = queue.next(); batch != null && !stopping(); batch = queue.next()) {
            work(batch);
        }
        commit(true);
        return misnamed;
    }

    private boolean stopping() {
        if (tally.stopped()) {
            return true;
        }
        if (loader.stopRequested()) {
            tally.stopRequested(false);
            return true;
        }
        return false;
    }

    /** Claims a batch's keys and works the files of those it got, each key's in version order. */
    private void work(List<List<Entry>> batch) throws IOException {
        Set<String> wanted = new TreeSet<>();
        batch.forEach(files -> wanted.add(files.get(0).key()));
        Set<String> mine;
        try {
            Instant now = loader.clock().instant();
            // committed at once, in a transaction of its own: a claim other loaders cannot see yet
            // would make them wait for it
            mine = group.run(tx -> tx.claims().claim(name, wanted, now, now.plus(loader.lease())));
            group.commit();
        } catch (StoreException e) {
            stop(e);
            return;
        }
        held.addAll(mine);
        List<Entry> entries = new ArrayList<>();
        for (List<Entry> files : batch) {
            if (mine.contains(files.get(0).key())) {
                entries.addAll(files);
            } else {
                tally.leftToOthers(files.size());
            }
        }
        ReadAhead reads = new ReadAhead(entries.stream().filter(e -> e.known() == null).map(Entry::claim).toList(),
                loader::read, readers, Loader.READ_AHEAD_FILES, loader.windowBytes() / 2);
        try {
            Set<String> deferred = new HashSet<>();
            Set<String> skipped = new HashSet<>();
            for (Entry entry : entries) {
                if (stopping()) {
                    return;
                }
                Read read = entry.known() != null ? entry.known() : reads.take(entry.claim());
                if (skipped.contains(entry.key())) {
                    continue;
                }
                if (!work(entry, read, deferred)) {
                    // the file went since the listing (another loader worked it, or claimed it and died):
                    // the rest of its client waits for the next pass, which lists the inbox afresh, so
                    // that no later version is decided before it
                    skipped.add(entry.key());
                }
            }
        } finally {
            reads.cancel();
            // what was decided is committed, and the batch's claims given up (after a failure of the
            // site this fails too, and the claims expire)
            commit(true);
        }
    }

    /** Works one file; false when it is gone since the listing. */
    private boolean work(Entry entry, Read read, Set<String> deferred) throws IOException {
        Claim claim = entry.claim();
        if (read instanceof Read.Gone) {
            return false;
        }
        try {
            if (read instanceof Read.Reports r) {
                Parsed parsed = r.parsed();
                if (deferred.contains(entry.key()) || (entry.byName() && !InboxIndex.matchesName(parsed, entry))) {
                    // this client's order is not what the names said: its remaining files (and those of
                    // the client the file really is) are decided in a later round, by content
                    Entry found = InboxIndex.byContent(parsed, null);
                    deferred.add(entry.key());
                    deferred.add(found.key());
                    misnamed.add(found);
                    return true;
                }
                return decide(parsed);
            } else if (read instanceof Read.Unusable u && u.outcome() == Outcome.BAD_MIF) {
                group.recordUnusable(Outcome.BAD_MIF, u.errors().get(0), claim.shown());
                await(new Waiting(claim, "cannot set it aside", now -> toBadMifs(now, u.errors())));
            } else if (read instanceof Read.Unusable u) {
                group.recordUnusable(u.outcome(), u.errors().get(0), claim.shown());
                await(new Waiting(claim, "cannot archive it",
                        now -> finish(now, u.outcome(), List.of(), Optional.of(archive(now, u.outcome())))));
            } else if (read instanceof Read.Interrupted) {
                tally.stopRequested(true);
            }
        } catch (StoreException e) {
            stop(e);
        } catch (RuntimeException e) {
            problem(claim, "cannot set it aside", e);
        }
        return true;
    }

    /**
     * Claims one file, decides its reports in the group, and puts it back under its name to wait
     * for the group's commit.
     */
    private boolean decide(Parsed parsed) throws IOException {
        // the size the file was listed with: known before it was read
        long size = Math.max(parsed.claim().size(), parsed.bytes());
        if (!parsed.objects().isEmpty() && size > loader.maxIdmifBytes()) {
            List<String> errors = List.of(parsed.claim().shown() + ": "
                    + loader.idmifTooLarge(parsed.objects().get(0).architecture(), size));
            group.recordUnusable(Outcome.BAD_MIF, errors.get(0), parsed.claim().shown());
            await(new Waiting(parsed.claim(), "cannot set it aside", now -> toBadMifs(now, errors)));
            return true;
        }
        if (parsed.claim().tries() > 0 && finishedAsCommitted(parsed)) {
            return true;
        }
        // claimed just before deciding: a file that kills the loader while it is decided pays a try
        Claim claimed = parsed.claim().next();
        try {
            move(parsed.claim().path(), claimed.path());
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            problem(parsed.claim(), "cannot claim it (rename)", e);
            return true;
        }
        List<Decision> decisions = new ArrayList<>();
        try {
            for (ObjectReport object : parsed.objects()) {
                Optional<Decision> committed = parsed.claim().tries() > 0
                        ? group.committedObjectDecision(object, parsed.claim().shown()) : Optional.empty();
                decisions.add(committed.isPresent() ? committed.get()
                        : group.decideObject(object, parsed.claim().shown()));
            }
            for (ClientReport report : parsed.reports()) {
                // a file found claimed may have been decided by a loader killed before it moved the file
                Optional<Decision> committed = parsed.claim().tries() > 0
                        ? group.committedDecision(report, parsed.claim().shown()) : Optional.empty();
                decisions.add(committed.isPresent() ? committed.get()
                        : group.decide(report, parsed.claim().shown(), parsed.identityWarnings()));
            }
        } catch (StoreException e) {
            if (e.isSiteFailure()) {
                // a failure of the site is not one of the file: back under its old name, same try count
                move(claimed.path(), parsed.claim().path());
            }
            stop(e);
            return true;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // an error of the loader, not of the site: the file keeps its try and is set aside after
            // the last one (decisions about its earlier reports are committed with the group)
            LOG.log(System.Logger.Level.ERROR, "loading " + TextEscapes.forDisplay(claimed.name()) + " failed", e);
            problem(claimed, "loading failed (try " + claimed.tries() + " of " + Loader.MAX_TRIES + ")", e);
            return true;
        }
        // back under its name while its decisions wait for the commit: a kill before the commit
        // undoes them, and must not cost the file a try
        Waiting decided = new Waiting(parsed.claim(), "decided, but cannot be removed or archived; the next pass"
                + " finishes it", now -> finishDecided(now, decisions));
        try {
            move(claimed.path(), parsed.claim().path());
        } catch (IOException e) {
            decided.claimed = true; // it stays claimed: the commit needs no rename
        }
        await(decided);
        return true;
    }

    /**
     * Finishes a file found claimed whose every report was decided by a loader killed before it
     * removed or archived the file, as those decisions said: nothing is left to commit, and the file
     * pays no further try.
     */
    private boolean finishedAsCommitted(Parsed parsed) {
        List<Decision> decisions = new ArrayList<>();
        for (ObjectReport object : parsed.objects()) {
            Optional<Decision> committed = group.committedObjectDecision(object, parsed.claim().shown());
            if (committed.isEmpty()) {
                return false;
            }
            decisions.add(committed.get());
        }
        for (ClientReport report : parsed.reports()) {
            Optional<Decision> committed = group.committedDecision(report, parsed.claim().shown());
            if (committed.isEmpty()) {
                return false;
            }
            decisions.add(committed.get());
        }
        try {
            finishDecided(parsed.claim(), decisions);
        } catch (IOException e) {
            problem(parsed.claim(), "decided, but cannot be removed or archived; the next pass finishes it", e);
        }
        return true;
    }

    /** Counts a committed file's decisions, then deletes it (applied) or archives it (refused). */
    private void finishDecided(Claim claim, List<Decision> decisions) throws IOException {
        tally.count(decisions);
        Outcome outcome = Loader.decidingOutcome(decisions);
        if (outcome.isRefused()) {
            finish(claim, outcome, decisions, Optional.of(archive(claim, outcome)));
        } else {
            Files.delete(claim.path());
            finish(claim, outcome, decisions, Optional.empty());
        }
    }

    /** Adds a file to those waiting for the commit, and commits when the group is full or old enough. */
    private void await(Waiting file) {
        waiting.add(file);
        if (waiting.size() >= loader.commitFiles() || group.age().compareTo(loader.commitInterval()) >= 0) {
            commit(false);
        }
    }

    /**
     * Commits the group, then removes, archives or sets aside the files its decisions are about.
     * The files are claimed again just before the commit: a kill between the commit and a file's
     * removal leaves it claimed, and the next pass finishes it as decided ({@link
     * Comparer.DecisionGroup#committedDecision}); a kill before the commit costs each a try, as it
     * would cost a file decided alone. The commit renews this worker's claims, and, at the end of a
     * batch, gives them up.
     */
    private void commit(boolean release) {
        for (Waiting file : waiting) {
            if (!file.claimed) {
                try {
                    move(file.claim.path(), file.claim.next().path());
                    file.claimed = true;
                } catch (IOException e) {
                    problem(file.claim, "cannot claim it to commit its decision (rename)", e);
                    rollBack();
                    tally.stop(Loader.StopReason.SITE_FAILURE, "cannot claim the decided files of the inbox "
                            + loader.inbox() + " to commit their decisions: " + e.getMessage());
                    return;
                }
            }
        }
        try {
            if (!held.isEmpty()) {
                Instant until = loader.clock().instant().plus(loader.lease());
                Set<String> still = group.run(tx -> tx.claims().renew(name, held, until));
                if (!still.containsAll(held)) {
                    // this loader was stalled past its lease and another took those clients over: what it
                    // decided about them must not stay
                    Set<String> lost = new TreeSet<>(held);
                    lost.removeAll(still);
                    rollBack();
                    held.removeAll(lost);
                    tally.stop(Loader.StopReason.CLAIMS_LOST, "the claims of loader " + name + " on " + lost.size()
                            + " client(s) expired before its decisions were committed (lease " + loader.lease()
                            + "), and other loaders took them over; its uncommitted decisions were undone");
                    return;
                }
                if (release) {
                    group.run(tx -> {
                        tx.claims().release(name, held);
                        return null;
                    });
                }
            }
            group.commit();
        } catch (StoreException e) {
            stop(e);
            return;
        }
        if (release) {
            held.clear();
        }
        List<Waiting> committed = List.copyOf(waiting);
        waiting.clear();
        for (Waiting file : committed) {
            Claim now = file.claim.next();
            try {
                file.finish.accept(now);
            } catch (IOException | RuntimeException e) {
                problem(now, file.ifUnfinished, e);
            }
        }
    }

    /**
     * Stops the pass on a failure of the site: nothing of the group's open transaction stays, and
     * every file waiting for it goes back under the name it had, its try count unchanged. Any other
     * failure of the store does the same and is thrown.
     */
    private void stop(StoreException e) {
        if (!e.isSiteFailure()) {
            rollBack();
            throw e;
        }
        LOG.log(System.Logger.Level.WARNING, "stopping this pass: " + TextEscapes.forDisplay(e.getMessage()));
        rollBack();
        tally.stop(Loader.StopReason.SITE_FAILURE, e.getMessage());
    }

    private void rollBack() {
        group.rollback();
        for (Waiting file : waiting) {
            if (file.claimed) {
                try {
                    move(file.claim.next().path(), file.claim.path());
                } catch (IOException e) {
                    problem(file.claim.next(), "cannot give it back its name after a failed commit; the next"
                            + " pass decides it again", e);
                }
            }
        }
        waiting.clear();
    }

    private void problem(Claim claim, String what, Throwable e) {
        String text = claim.shown() + ": " + what + ": " + e;
        LOG.log(System.Logger.Level.WARNING, text);
        tally.problem(text);
    }

    private void finish(Claim claim, Outcome outcome, List<Decision> decisions, Optional<Path> movedTo) {
        tally.finished(new Loader.FileDecision(claim.shown(), outcome, decisions, movedTo));
    }

    private Path archive(Claim claim, Outcome outcome) throws IOException {
        Path dir = loader.inbox().resolve(Loader.REFUSED).resolve(outcome.name());
        Files.createDirectories(dir);
        Path target = free(dir, claim.name());
        move(claim.path(), target);
        stampSetAside(target);
        return target;
    }

    /**
     * A move keeps the report's own write time; prune ages archived and set-aside files by their
     * time, so they carry the time of the decision instead.
     */
    private void stampSetAside(Path file) throws IOException {
        // only a regular file: setting times opens the file, which blocks on a FIFO, and a link set
        // aside must not stamp the file it points to (prune ages those by the .err beside them)
        if (Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
            Files.setLastModifiedTime(file, FileTime.from(loader.clock().instant()));
        }
    }

    private void toBadMifs(Claim claim, List<String> errors) throws IOException {
        Path dir = loader.inbox().resolve(Loader.BADMIFS);
        Files.createDirectories(dir);
        Path target = free(dir, claim.name());
        // the .err file first, durably: a crash between the two leaves the file in the inbox to retry
        Path err = target.resolveSibling(target.getFileName() + ".err");
        // one error, one line: a file name or a quoted value holding a line break cannot forge another
        List<String> lines = new ArrayList<>(errors);
        if (!claim.shown().equals(claim.name())) {
            lines.add(claim.name() + ": the name the client gave it, '" + claim.shown() + "', cannot be used in"
                    + " the inbox as it is");
        }
        StringBuilder text = new StringBuilder();
        lines.forEach(e -> text.append(TextEscapes.forDisplay(e)).append('\n'));
        DurableFiles.standard().replace(err, text.toString().getBytes(StandardCharsets.UTF_8));
        move(claim.path(), target);
        stampSetAside(target);
        stampSetAside(err);
        tally.setAside();
        finish(claim, Outcome.BAD_MIF, List.of(), Optional.of(target));
    }

    /** A name in the directory that no file has yet: the name, else name.1, name.2, … */
    private static Path free(Path dir, String name) {
        Path target = dir.resolve(name);
        for (int i = 1; Files.exists(target); i++) {
            target = dir.resolve(name + "." + i);
        }
        return target;
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot move " + from + ": " + to + " exists", e);
        }
    }

    /** What is done with a file once the decision about it is committed, given its claimed name. */
    @FunctionalInterface
    private interface Finish {
        void accept(Claim claimed) throws IOException;
    }

    /**
     * A file whose decision waits in the group: its claim when unclaimed, whether it is claimed now,
     * and what becomes of it after the commit (and what to say if that fails).
     */
    private static final class Waiting {
        final Claim claim;
        final String ifUnfinished;
        final Finish finish;
        boolean claimed;

        Waiting(Claim claim, String ifUnfinished, Finish finish) {
            this.claim = claim;
            this.ifUnfinished = ifUnfinished;
            this.finish = finish;
        }
    }
}
