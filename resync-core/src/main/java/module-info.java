/**
 * Reports, the inventory store, request files and the logic of the tools.
 *
 * <p>An embedder does one of three jobs; each starts at a few types.
 *
 * <table>
 *   <caption>Entry points</caption>
 *   <tr><th>job</th><th>start at</th></tr>
 *   <tr><td>Parse MIF (the {@code org.mifsync.mif} module alone will do)</td>
 *       <td>{@link org.mifsync.mif.MifParser} (a {@link org.mifsync.mif.MifDocument}, or a {@link
 *       org.mifsync.mif.MifException} listing every error with its {@link org.mifsync.mif.SourceLocation});
 *       {@link org.mifsync.resync.report.ReportReader} turns a document into the reports it carries</td></tr>
 *   <tr><td>Keep a site's inventory</td>
 *       <td>{@link org.mifsync.resync.store.InventoryStore} (SQLite file, or any {@code DataSource}, e.g.
 *       PostgreSQL with its driver on the class path); {@link org.mifsync.resync.site.SiteSetup} records a
 *       site description and its settings, as {@code site init} does; {@link org.mifsync.resync.site.SiteCycle}
 *       runs one collect, load and publish pass ({@code load()} the load step alone, {@code decide(...)}
 *       one report file's bytes received some other way, with the site's stored settings), {@link
 *       org.mifsync.resync.site.SiteService} runs them on a schedule; {@link
 *       org.mifsync.resync.compare.Comparer} decides one parsed report</td></tr>
 *   <tr><td>Issue and publish resync requests</td>
 *       <td>{@link org.mifsync.resync.requests.InvSync} (force one client's complete inventory, by name or
 *       SMSID), {@link org.mifsync.resync.requests.Publisher} (write the domains' request files within the
 *       throttle), {@link org.mifsync.resync.requests.DumpSync} (list, age out, dump)</td></tr>
 * </table>
 *
 * <p>The builders of {@code Comparer} and {@code Publisher} start from the settings stored for the
 * site ({@link org.mifsync.resync.store.InventoryStore#settings()}), so that an embedder decides and
 * publishes as the site's own tools do. Libraries never print or exit: failures are exceptions that
 * say what was found and carry the fields that matter (file and line:column, site, reason).
 */
module org.mifsync.resync {
    requires transitive org.mifsync.mif;
    requires transitive org.mifsync.model;
    requires org.apache.commons.io;
    requires transitive java.sql;
    requires org.xerial.sqlitejdbc;
    // org.mifsync.resync (reports, store, tools) is exported once it holds types: javac refuses to
    // export a package that has none
    exports org.mifsync.resync.files;
    exports org.mifsync.resync.report;
    exports org.mifsync.resync.compare;
    exports org.mifsync.resync.load;
    exports org.mifsync.resync.store;
    exports org.mifsync.resync.site;
    exports org.mifsync.resync.agent;
    exports org.mifsync.resync.requests;
    exports org.mifsync.resync.collect;
    exports org.mifsync.resync.admin;
    exports org.mifsync.resync.settings;
}
