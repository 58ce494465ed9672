package org.mifsync.resync.site;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.mifsync.mif.MifParser;
import org.mifsync.mif.ParseLimits;
import org.mifsync.mif.SyntaxMode;
import org.mifsync.model.SiteCode;
import org.mifsync.resync.compare.Comparer;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.load.Loader;
import org.mifsync.resync.report.ReportReader;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.Outcome;
import org.mifsync.resync.settings.SiteSettings;

/**
 * {@code load}: one pass of the {@link Loader} over the site's inbox {@code SITE.SRV/INVENTRY.BOX},
 * configured from the settings recorded in the store ({@link InventoryStore#settings()}): software
 * classes, the largest MIF accepted, the duplicate-ID window and the re-issue rule.
 *
 * <p>Collecting before the pass and publishing after it, as the {@code load} command does, is
 * {@link SiteCycle}'s work.
 *
 * <p>A run asked to stop ({@link Builder#stopRequested}) finishes the file it is deciding and
 * leaves the rest in the inbox.
 *
 * <pre>{@code
 * SiteLoad.Result result = SiteLoad.builder(root, store).clock(clock).site(SiteCode.of("CEN"))
 *         .listener(file -> System.out.println(file.file() + " " + file.outcome())).build().run();
 * }</pre>
 *
 * <p>Thread-safe as the {@link Loader} is: runs on one inbox are serialised by its lock file, and a
 * second process gets an {@link IllegalStateException}.
 *
 * @since 0.1
 */
public final class SiteLoad {

    private final Path root;
    private final InventoryStore store;
    private final Clock clock;
    private final SiteCode site;
    private final Consumer<Loader.FileResult> listener;
    private final BooleanSupplier stopRequested;
    private final int workers;

    private SiteLoad(Builder b) {
        this.root = b.root;
        this.store = b.store;
        this.clock = b.clock;
        this.site = b.site;
        this.listener = b.listener;
        this.stopRequested = b.stopRequested;
        this.workers = b.workers;
    }

    /**
     * Returns a builder.
     *
     * @param root the central site's root (holding {@code SITE.SRV})
     * @param store the hierarchy's store
     * @return the builder, with the store's clock and no hooks
     */
    public static Builder builder(Path root, InventoryStore store) {
        return new Builder(root, store);
    }

    /**
     * Configures a {@link SiteLoad}. Not thread-safe.
     *
     * @since 0.1
     */
    public static final class Builder {
        private final Path root;
        private final InventoryStore store;
        private Clock clock;
        private SiteCode site;
        private Consumer<Loader.FileResult> listener = r -> { };
        private BooleanSupplier stopRequested = () -> false;
        private int workers;

        private Builder(Path root, InventoryStore store) {
            this.root = Objects.requireNonNull(root, "root");
            this.store = Objects.requireNonNull(store, "store");
            this.clock = store.clock();
        }

        /**
         * Sets the clock every decision time comes from.
         *
         * @param value the clock (default: the store's)
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Sets the site the load runs as; requests are recorded as made by {@code loader@CODE}.
         *
         * @param value the site (default: none named, requests made by {@code loader})
         * @return this builder
         */
        public Builder site(SiteCode value) {
            this.site = Objects.requireNonNull(value, "site");
            return this;
        }

        /**
         * Sets a listener told of each file's result, e.g. for a progress bar.
         *
         * @param value the listener, called on the loading thread
         * @return this builder
         */
        public Builder listener(Consumer<Loader.FileResult> value) {
            this.listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /**
         * Sets what the run asks, between files, to know whether to stop early ({@link
         * Loader.Builder#stopRequested}).
         *
         * @param value asked on the loading thread; must be cheap and thread-safe (default: never stop)
         * @return this builder
         */
        public Builder stopRequested(BooleanSupplier value) {
            this.stopRequested = Objects.requireNonNull(value, "stop requested");
            return this;
        }

        /**
         * Sets how many workers the run uses, over the site's {@code workers} setting ({@link
         * Loader.Builder#workers}).
         *
         * @param value at least 1 (default: the site's setting)
         * @return this builder
         */
        public Builder workers(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("workers must be at least 1, found " + value);
            }
            this.workers = value;
            return this;
        }

        /**
         * Builds the load.
         *
         * @return the load
         */
        public SiteLoad build() {
            return new SiteLoad(this);
        }
    }

    /**
     * What a run did.
     *
     * <p>Immutable and thread-safe.
     *
     * @param summary the loader's summary of the pass
     * @param settings the settings the pass ran with
     * @since 0.1
     */
    public record Result(Loader.Summary summary, SiteSettings settings) {

        /**
         * Validates the fields.
         *
         * @throws NullPointerException if a field is null
         */
        public Result {
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(settings, "settings");
        }

        /**
         * Returns the number of files the pass finished (applied, refused or set aside).
         *
         * @return the count
         */
        public int files() {
            return summary.files().size();
        }

        /**
         * Returns the reports applied, by outcome ({@code APPLIED_FULL}, {@code APPLIED_RESYNC},
         * {@code APPLIED_DELTA}).
         *
         * @return counts, only outcomes that occurred
         */
        public Map<Outcome, Integer> applied() {
            return select(true);
        }

        /**
         * Returns the reports refused or archived, by reason ({@code VERSION_GAP}, {@code
         * DUPLICATE}, …); {@code BAD_MIF} is counted in {@link #badFiles()}.
         *
         * @return counts, only reasons that occurred
         */
        public Map<Outcome, Integer> refusedByReason() {
            return select(false);
        }

        private Map<Outcome, Integer> select(boolean wantApplied) {
            Map<Outcome, Integer> out = new EnumMap<>(Outcome.class);
            summary.reportsByOutcome().forEach((outcome, count) -> {
                if (wantApplied ? outcome.isApplied() : outcome.isRefused()) {
                    out.put(outcome, count);
                }
            });
            return out;
        }

        /**
         * Returns the number of resync request times the pass made (created or re-issued).
         *
         * @return the count
         */
        public int requestsMade() {
            return summary.requestsMade();
        }

        /**
         * Returns the number of files set aside in {@code BADMIFS}.
         *
         * @return the count
         */
        public int badFiles() {
            return summary.badFiles();
        }

        /**
         * Tells whether the run went through: no file went to {@code BADMIFS}, none was left in the
         * inbox after a failure ({@link Loader.Summary#problems()}) and the pass was not stopped by a
         * failure of the site.
         *
         * @return true for a clean run
         */
        public boolean isClean() {
            return summary.badFiles() == 0 && summary.problems().isEmpty() && summary.stoppedBy().isEmpty();
        }
    }

    /**
     * Runs one pass over the inbox.
     *
     * @return what the pass did
     * @throws IOException if the inbox cannot be read
     * @throws org.mifsync.resync.store.StoreException if the store fails in a way that is not a
     *     failure of the site (a site failure stops the pass and is reported in the summary)
     */
    public Result run() throws IOException {
        SiteSettings settings = store.settings();
        ReportReader reader = ReportReader.standard(settings);
        MifParser parser = MifParser.builder().mode(SyntaxMode.LENIENT).limits(new ParseLimits(settings.maxMifBytes(),
                ParseLimits.DEFAULT.maxStringLength(), ParseLimits.DEFAULT.maxErrors())).build();
        Comparer comparer = Comparer.builder(store).settings(settings).clock(clock)
                .requestedBy(site == null ? "loader" : "loader@" + site).build();
        Path inbox = root.resolve(SiteLayout.SITE_SRV).resolve(SiteLayout.INVENTRY_BOX);
        Loader loader = Loader.builder(inbox, comparer).reader(reader).parser(parser).listener(listener)
                .stopRequested(stopRequested).maxFileBytes(settings.maxMifBytes()).maxIdmifBytes(settings.maxIdmifBytes())
                .workers(workers > 0 ? workers : settings.workersHere()).lease(settings.loaderLease()).build();
        return new Result(loader.loadOnce(), settings);
    }

    /**
     * Returns the inbox a run works: {@code <root>/SITE.SRV/INVENTRY.BOX}.
     *
     * @return the inbox
     */
    public Path inbox() {
        return root.resolve(SiteLayout.SITE_SRV).resolve(SiteLayout.INVENTRY_BOX);
    }
}
