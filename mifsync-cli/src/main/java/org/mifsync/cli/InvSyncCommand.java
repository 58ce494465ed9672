package org.mifsync.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.NetBiosName;
import org.mifsync.resync.requests.InvSync;
import org.mifsync.resync.requests.RequestListener;
import org.mifsync.resync.store.InventoryStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mifsync invsync [hw | sw] NAME}: force a hardware or software resync of one client, as SMS 2.0's did. */
@Command(name = "invsync", mixinStandardHelpOptions = true,
        description = {"Request a hardware (hw) or software (sw) resync of the client with that NetBIOS name"
                + " (any case): a FORCED request, recorded and published at once (FORCED requests go first through"
                + " the throttle). A client assigned to another site - a child's, a grandchild's, a parent's - is"
                + " refused with the site where the command must run."},
        footer = {"", "Exit codes: 0 requested (or cancelled), 1 refused or not found, 2 usage error.", "",
                "Examples:", "  mifsync invsync hw PC-SALES-07", "  mifsync invsync SW pc-sales-07 --site CHI",
                "  mifsync invsync --cancel hw PC-SALES-07"})
final class InvSyncCommand implements Callable<Integer> {

    @Mixin
    SiteOptions site;

    @Parameters(arity = "1..2", paramLabel = "[hw | sw] NAME", description = "The kind (hw or sw, any case) and"
            + " the client's NetBIOS name.")
    List<String> words;

    @Option(names = "--cancel", description = "Cancel the client's pending request of that kind instead.")
    boolean cancel;

    @Option(names = "--by", paramLabel = "WHO", description = "Who asks, for the audit trail. Default: the user"
            + " running the command.")
    String by;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (words.size() < 2) {
            throw new ParameterException(spec.commandLine(), "invsync needs the kind before the name: 'invsync hw "
                    + words.get(0) + "' or 'invsync sw " + words.get(0) + "'");
        }
        String kindWord = words.get(0).toLowerCase(Locale.ROOT);
        if (!kindWord.equals("hw") && !kindWord.equals("sw")) {
            throw new ParameterException(spec.commandLine(), "unknown inventory kind '" + words.get(0)
                    + "': use hw (hardware) or sw (software)");
        }
        InventoryKind kind = InventoryKind.parse(kindWord);
        NetBiosName name;
        try {
            name = NetBiosName.of(words.get(1));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String who = by != null ? by : System.getProperty("user.name", "administrator");
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        try (InventoryStore store = site.openStore(clock)) {
            InvSync invsync = InvSync.of(RequestCommands.publisher(site, store, clock, RequestListener.NONE));
            if (cancel) {
                InvSync.Report r = invsync.cancel(name, kind, who);
                out.println("cancelled the " + kind + " request of " + RequestCommands.time(r.replaced().get())
                        + " for " + r.name() + " (" + r.smsId() + "); domain " + r.domain().folded()
                        + " republished");
                return 0;
            }
            InvSync.Report r = invsync.request(name, kind, who);
            out.println(RequestCommands.invsyncRequested(kind, r));
            return 0;
        }
    }
}
