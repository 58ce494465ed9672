package org.mifsync.resync.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mifsync.model.GroupClass;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SmsId;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.RandomInventories;
import org.mifsync.resync.store.Backend;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.StoredRequest;
import org.mifsync.resync.store.Stores;
import org.mifsync.resync.Thorough;

/**
 * The property: clients send full and delta reports over a channel that drops, duplicates
 * and reorders deltas; after every client has sent one more report and answered the requests the
 * site made, the store holds each client's true inventory. And while the channel loses nothing, no
 * request is made at all. Bounded and seeded: 120 cases per back end.
 */
class ResyncConvergencePropertyTest {

    private static final List<RandomInventories.ClassSpec> SCHEMA = RandomInventories.standardSchema();
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    @TempDir
    Path dir;

    /** A client agent: per kind, its true inventory, what it last sent and its version. */
    static final class Agent {
        final ClientIdentity identity;
        final Map<InventoryKind, Inventory> truth = new EnumMap<>(InventoryKind.class);
        final Map<InventoryKind, Inventory> sent = new EnumMap<>(InventoryKind.class);
        final Map<InventoryKind, ReportVersion> version = new EnumMap<>(InventoryKind.class);
        final Map<InventoryKind, Instant> answered = new EnumMap<>(InventoryKind.class);

        Agent(SmsId smsId) {
            this.identity = ClientIdentity.of(smsId, NetBiosName.of("PC" + smsId.value().substring(3)), "00:11");
        }

        static List<RandomInventories.ClassSpec> schema(InventoryKind kind) {
            return SCHEMA.stream().filter(s -> (s.groupClass().equals(GroupClass.SOFTWARE)) == (kind == InventoryKind.SW))
                    .toList();
        }

        ClientReport complete(InventoryKind kind, Instant at, Optional<Instant> answers) {
            ReportVersion next = version.containsKey(kind) ? version.get(kind).nextMajor() : ReportVersion.of(1, 0);
            version.put(kind, next);
            sent.put(kind, truth.get(kind));
            InventoryReport report = answers.isPresent()
                    ? InventoryReport.resync(identity.smsId(), kind, next, at, answers.get(), truth.get(kind))
                    : InventoryReport.full(identity.smsId(), kind, next, at, truth.get(kind));
            return ClientReport.of(identity, report);
        }

        ClientReport delta(InventoryKind kind, Instant at) {
            ReportVersion next = version.get(kind).next();
            version.put(kind, next);
            InventoryDelta delta = InventoryDelta.diff(sent.get(kind), truth.get(kind));
            sent.put(kind, truth.get(kind));
            return ClientReport.of(identity, InventoryReport.delta(identity.smsId(), kind, next, at, delta));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void storeConvergesToEveryClientsTrueInventoryOnceRequestsAreAnswered(Backend backend) {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (InventoryStore store = Stores.open(backend, dir, getClass(), clock)) {
            Comparer comparer = Comparer.builder(store).clock(clock).build();
            qt().withFixedSeed(Thorough.seed(4_2026L, "ResyncConvergencePropertyTest " + backend)).withExamples(Thorough.count(120, 2_000)).forAll(longs().all())
                    .checkAssert(seed -> runCase(new Random(seed), seed, store, comparer, clock));
        }
    }

    private static void runCase(Random r, long seed, InventoryStore store, Comparer comparer, MutableClock clock) {
        boolean chaos = r.nextBoolean();
        List<Agent> agents = new ArrayList<>();
        List<ClientReport> channel = new ArrayList<>();
        for (int i = 1 + r.nextInt(2); i > 0; i--) {
            Agent agent = new Agent(SmsId.parse("PRP" + String.format(Locale.ROOT, "%5s",
                    Integer.toString(CLIENTS.incrementAndGet(), 36)).replace(' ', '0').toUpperCase(Locale.ROOT)));
            for (InventoryKind kind : InventoryKind.values()) {
                agent.truth.put(kind, RandomInventories.inventory(r, Agent.schema(kind), 3));
                channel.add(agent.complete(kind, clock.instant(), Optional.empty()));
            }
            agents.add(agent);
        }
        int events = 5 + r.nextInt(15);
        boolean disturbed = false;
        for (int e = 0; e < events; e++) {
            Agent agent = agents.get(r.nextInt(agents.size()));
            InventoryKind kind = InventoryKind.values()[r.nextInt(2)];
            agent.truth.put(kind, RandomInventories.change(r, agent.truth.get(kind), Agent.schema(kind)));
            if (r.nextInt(8) == 0) {
                channel.add(agent.complete(kind, clock.instant(), Optional.empty()));
                continue;
            }
            ClientReport delta = agent.delta(kind, clock.instant());
            int fate = chaos ? r.nextInt(10) : 9;
            if (fate == 0) {
                disturbed = true; // dropped
            } else if (fate == 1) {
                channel.add(delta);
                channel.add(delta); // duplicated
            } else if (fate == 2 && !channel.isEmpty() && !channel.get(channel.size() - 1).report().isComplete()) {
                channel.add(channel.size() - 1, delta); // overtakes the delta before it
                disturbed = true;
            } else {
                channel.add(delta);
            }
        }
        List<Decision> decisions = deliver(channel, comparer, clock);
        if (!disturbed) {
            assertThat(decisions).as("seed %d: intact sequence", seed).noneMatch(Decision::madeRequest)
                    .allMatch(d -> d.isApplied() || d.outcome() == org.mifsync.resync.store.Outcome.DUPLICATE);
        }
        // one more report from everyone reveals a lost last delta; then every request is answered
        for (Agent agent : agents) {
            for (InventoryKind kind : InventoryKind.values()) {
                channel.add(agent.delta(kind, clock.instant()));
            }
        }
        deliver(channel, comparer, clock);
        for (int round = 0; round < 4; round++) {
            for (Agent agent : agents) {
                for (StoredRequest pending : store.requests(agent.identity.smsId())) {
                    InventoryKind kind = pending.request().kind();
                    Instant time = pending.request().requestTime();
                    if (pending.request().isPending() && !time.equals(agent.answered.get(kind))) {
                        agent.answered.put(kind, time);
                        channel.add(agent.complete(kind, clock.instant(), Optional.of(time)));
                    }
                }
            }
            deliver(channel, comparer, clock);
        }
        for (Agent agent : agents) {
            assertThat(store.requests(agent.identity.smsId())).as("seed %d: requests left", seed)
                    .noneMatch(p -> p.request().isPending());
            for (InventoryKind kind : InventoryKind.values()) {
                assertThat(store.inventory(agent.identity.smsId(), kind)).as("seed %d: %s %s", seed,
                        agent.identity.smsId(), kind).contains(agent.truth.get(kind));
            }
        }
    }

    private static List<Decision> deliver(List<ClientReport> channel, Comparer comparer, MutableClock clock) {
        List<Decision> decisions = new ArrayList<>();
        for (ClientReport report : channel) {
            clock.advance(Duration.ofSeconds(1));
            decisions.add(comparer.decide(report));
        }
        channel.clear();
        return decisions;
    }
}
