package org.mifsync.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.mifsync.model.DomainName;
import org.mifsync.resync.requests.Publisher;
import org.mifsync.resync.requests.RequestListener;
import org.mifsync.resync.store.InventoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mifsync publish}: write the store's resync requests into the domains' files, within the throttle. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish resync requests: admit waiting requests within the site's throttle (FORCED first,"
                + " then oldest first) and rewrite each domain's RESYNC.CFG and INVENCFG.BOX/<SMSID>.CFG from the"
                + " store. Acknowledged and expired requests leave the files."},
        footer = {"", "Examples:", "  mifsync publish                 every domain of the central site",
                "  mifsync publish --domain SALES --site CHI"})
final class PublishCommand implements Callable<Integer> {

    @Mixin
    SiteOptions site;

    @Option(names = "--domain", paramLabel = "NAME", description = "Publish this domain only. Default: every domain"
            + " of the site.")
    String domain;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        try (InventoryStore store = site.openStore(clock)) {
            if (domain != null) {
                Publisher publisher = RequestCommands.publisher(site, store, clock, RequestListener.NONE);
                out.println(publisher.publish(DomainName.of(domain)).summary());
                return 0;
            }
            Progress[] progress = {null};
            RequestListener listener = new RequestListener() {
                @Override
                public void domainsStarting(int domains) {
                    progress[0] = Progress.start("publish", domains, out);
                }

                @Override
                public void domainDone(Publisher.Report report) {
                    if (progress[0] != null) {
                        progress[0].step(report.domain().folded());
                    }
                }
            };
            List<Publisher.Report> reports;
            try {
                reports = RequestCommands.publisher(site, store, clock, listener).publishAll();
            } finally {
                if (progress[0] != null) {
                    progress[0].close();
                }
            }
            for (Publisher.Report report : reports) {
                out.println(report.summary());
            }
            if (reports.isEmpty()) {
                out.println("the site has no domains to publish");
            }
            return 0;
        }
    }
}
