package org.mifsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.mifsync.mif.TextEscapes;
import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.DomainName;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.Hierarchy;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncRequest;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.resync.admin.ClientAdmin;
import org.mifsync.resync.admin.ConflictAdmin;
import org.mifsync.resync.files.SiteLayout;
import org.mifsync.resync.requests.Publisher;
import org.mifsync.resync.requests.RequestListener;
import org.mifsync.resync.requests.RequestRefusedException;
import org.mifsync.resync.store.InventoryStore;
import org.mifsync.resync.store.StoredClient;

/** What client, class and prune share: the acting site, the operations, republishing, text and JSON forms. */
final class AdminCommands {

    private AdminCommands() {
    }

    /** --site, else the central site of the store's hierarchy, else none (a store without sites). */
    static Optional<SiteCode> actingSite(SiteOptions options, InventoryStore store) {
        if (options.site != null) {
            return Optional.of(SiteCode.of(options.site));
        }
        List<Site> sites = store.inTransaction(tx -> tx.topology().sites());
        return sites.isEmpty() ? Optional.empty() : Optional.of(Hierarchy.of(sites).root());
    }

    static ClientAdmin admin(SiteOptions options, InventoryStore store, Clock clock) {
        ClientAdmin.Builder builder = ClientAdmin.builder(store).clock(clock).settings(store.settings())
                .actor(actor());
        actingSite(options, store).ifPresent(builder::actingSite);
        return builder.build();
    }

    /** The conflicting-record operations, on the site's inbox, recorded as done by the user. */
    static ConflictAdmin conflicts(SiteOptions options, InventoryStore store, Clock clock) {
        ConflictAdmin.Builder builder = ConflictAdmin.builder(store, options.root().resolve(SiteLayout.SITE_SRV)
                .resolve(SiteLayout.INVENTRY_BOX)).clock(clock).settings(store.settings()).actor(actor());
        actingSite(options, store).ifPresent(builder::actingSite);
        return builder.build();
    }

    /** Who the administrator's changes are recorded as made by. */
    static String actor() {
        return "mifsync:" + System.getProperty("user.name", "administrator");
    }

    /**
     * Rewrites the client's domain files after a change: with new requests (publish, within the
     * throttle) or without (refresh, e.g. after a delete). A store without sites or a client without
     * a domain of this site has no files to rewrite; the line says so.
     */
    static void republish(SiteOptions options, InventoryStore store, Clock clock, StoredClient client,
            boolean admitNew, PrintWriter out) throws IOException {
        Optional<DomainName> domain = client.identity().domain();
        if (domain.isEmpty()) {
            return;
        }
        if (actingSite(options, store).isEmpty()) {
            out.println("request files not rewritten: the store describes no site ('mifsync site init')");
            return;
        }
        try {
            var publisher = RequestCommands.publisher(options, store, clock, RequestListener.NONE);
            Publisher.Report report = admitNew ? publisher.publish(domain.get()) : publisher.refresh(domain.get());
            out.println(report.summary());
        } catch (RequestRefusedException e) {
            out.println("request files not rewritten: " + Advice.message(e));
        }
    }

    static String client(StoredClient c) {
        return c.identity().name() + " (" + c.identity().smsId() + ")";
    }

    static String time(Instant t) {
        return RequestCommands.time(t);
    }

    static String kinds(Map<InventoryKind, Integer> counts) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            return "0 instances";
        }
        return total + " instance" + (total == 1 ? "" : "s") + " (" + counts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")) + ")";
    }

    static String requests(List<ResyncRequest> made) {
        return made.stream().map(r -> r.kind() + " " + r.reason() + " at " + time(r.requestTime()) + " UTC")
                .collect(Collectors.joining(", "));
    }

    /** A value as people read it; {@link #valueJson} gives the typed form. */
    static String value(AttributeValue v) {
        if (v instanceof AttributeValue.Int32 i) {
            return Integer.toString(i.value());
        } else if (v instanceof AttributeValue.Int64 i) {
            return Long.toString(i.value());
        } else if (v instanceof AttributeValue.Counter32 c) {
            return Long.toString(c.value());
        } else if (v instanceof AttributeValue.Counter64 c) {
            return c.value().toString();
        } else if (v instanceof AttributeValue.Text t) {
            // a client's text: one line, no terminal codes
            return "\"" + TextEscapes.forDisplay(t.value()) + "\"";
        } else if (v instanceof AttributeValue.Octets o) {
            return "0x" + o.hex();
        } else if (v instanceof AttributeValue.Date d) {
            return d.value().toString();
        } else if (v instanceof AttributeValue.Unknown) {
            return "UNKNOWN";
        }
        return "UNSUPPORTED";
    }

    /**
     * An inventory's instances as JSON, as {@code client show} and {@code object show} print them:
     * each with its class, its key attribute IDs and its attributes by ID, each typed.
     */
    static Json.Arr instancesJson(Inventory inventory) {
        Json.Arr instances = Json.arr();
        for (GroupInstance i : inventory.instances().values()) {
            Json.Obj attrs = Json.obj();
            for (Attribute a : i.attributes()) {
                attrs.put(Integer.toString(a.id()), valueJson(a.value()).put("name", a.name()));
            }
            Json.Arr keys = Json.arr();
            i.keyAttributeIds().forEach(n -> keys.add((long) n));
            instances.add(Json.obj().put("class", i.groupClass().value()).put("keyAttributes", keys)
                    .put("attributes", attrs));
        }
        return instances;
    }

    /** A value as JSON: {"type": ..., "value": ...}. */
    static Json.Obj valueJson(AttributeValue v) {
        String type = v.getClass().getSimpleName().toUpperCase(Locale.ROOT);
        Json.Obj o = Json.obj().put("type", type).put("family", v.family().name());
        if (v instanceof AttributeValue.Int32 i) {
            o.put("value", (long) i.value());
        } else if (v instanceof AttributeValue.Int64 i) {
            o.put("value", i.value());
        } else if (v instanceof AttributeValue.Counter32 c) {
            o.put("value", c.value());
        } else if (v instanceof AttributeValue.Counter64 c) {
            o.put("value", c.value());
        } else if (v instanceof AttributeValue.Text t) {
            o.put("value", t.value());
        } else if (v instanceof AttributeValue.Octets oc) {
            o.put("value", oc.hex());
        } else if (v instanceof AttributeValue.Date d) {
            o.put("value", d.value().toString());
        }
        return o;
    }
}
