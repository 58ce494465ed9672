package org.mifsync.resync.admin;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.mifsync.model.SiteCode;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.resync.store.InventoryStore;

/**
 * What the builders of the administrator's operations on clients ({@link ClientAdmin.Builder},
 * {@link ConflictAdmin.Builder}) share: the store, the clock, the site settings, the acting site
 * and the actor, with their defaults. Each builder adds its own (the inbox) and builds.
 *
 * @param <B> the builder, returned by every setter so that calls chain
 */
abstract class AdminBuilder<B extends AdminBuilder<B>> {

    final InventoryStore store;
    Clock clock;
    private SiteSettings settings;
    Optional<SiteCode> actingSite = Optional.empty();
    String actor = "admin";

    AdminBuilder(InventoryStore store) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = store.clock();
    }

    /** This builder, as its own type. */
    abstract B self();

    /**
     * Sets the clock every change's time comes from.
     *
     * @param value the clock (default: the store's)
     * @return this builder
     */
    public B clock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return self();
    }

    /**
     * Sets the site settings: the re-issue timeout of requests made here, the software classes that
     * tell a class's kind, and how merged reports are read and compared.
     *
     * @param value the settings (default: the ones {@code site init} recorded in the store)
     * @return this builder
     */
    public B settings(SiteSettings value) {
        this.settings = Objects.requireNonNull(value, "settings");
        return self();
    }

    /**
     * Sets the site the operations run as.
     *
     * @param value the site (default: none, no site checks)
     * @return this builder
     */
    public B actingSite(SiteCode value) {
        this.actingSite = Optional.of(value);
        return self();
    }

    /**
     * Sets who the changes made here (requests, choices) are recorded as made by.
     *
     * @param value e.g. {@code mifsync:alice} (default {@code admin})
     * @return this builder
     */
    public B actor(String value) {
        this.actor = Objects.requireNonNull(value, "actor");
        return self();
    }

    /** The settings given, else the ones recorded in the store (read now, at build time). */
    SiteSettings settings() {
        return settings != null ? settings : store.settings();
    }
}
