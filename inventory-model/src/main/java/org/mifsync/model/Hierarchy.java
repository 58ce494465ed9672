package org.mifsync.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A tree of sites under one central site, as in an SMS hierarchy.
 *
 * <p>Building one checks that codes are unique, every parent is one of the sites, the parents
 * form no cycle and exactly one site has no parent. Every question about a site that is not in
 * the hierarchy is refused with an {@link InvalidValueException} naming it.
 *
 * <pre>{@code
 * Hierarchy h = Hierarchy.of(List.of(
 *         Site.central(SiteCode.of("CEN"), "Central"),
 *         Site.child(SiteCode.of("EUR"), "Europe", SiteCode.of("CEN")),
 *         Site.child(SiteCode.of("PAR"), "Paris", SiteCode.of("EUR"))));
 * h.isUnder(SiteCode.of("PAR"), SiteCode.of("CEN"));                      // true
 * h.lowestCommonAncestor(SiteCode.of("PAR"), SiteCode.of("EUR"));         // EUR
 * }</pre>
 *
 * <p>Immutable and thread-safe. Lists it returns are unmodifiable and sorted by site code, so
 * that output built from them is stable.
 *
 * @since 0.1
 */
public final class Hierarchy {

    private final Map<SiteCode, Site> sites;
    private final Map<SiteCode, List<SiteCode>> children;
    private final Map<SiteCode, Integer> depth;
    private final SiteCode root;

    private Hierarchy(Map<SiteCode, Site> sites) {
        this.sites = Collections.unmodifiableMap(sites);
        Map<SiteCode, List<SiteCode>> kids = new TreeMap<>();
        SiteCode central = null;
        for (Site site : sites.values()) {
            kids.put(site.code(), new ArrayList<>());
        }
        for (Site site : sites.values()) {
            if (site.parent().isPresent()) {
                kids.get(site.parent().get()).add(site.code());
            } else {
                central = site.code();
            }
        }
        kids.replaceAll((code, list) -> List.copyOf(list));
        this.children = Collections.unmodifiableMap(kids);
        this.root = central;
        Map<SiteCode, Integer> depths = new TreeMap<>();
        Deque<SiteCode> queue = new ArrayDeque<>(List.of(central));
        depths.put(central, 0);
        while (!queue.isEmpty()) {
            SiteCode code = queue.removeFirst();
            for (SiteCode child : kids.get(code)) {
                depths.put(child, depths.get(code) + 1);
                queue.addLast(child);
            }
        }
        this.depth = Collections.unmodifiableMap(depths);
    }

    /**
     * Builds a hierarchy from its sites, in any order.
     *
     * @param sites every site of the hierarchy, the central one included
     * @return the hierarchy
     * @throws InvalidValueException if there are no sites, a code appears twice, a parent is not
     *     among the sites, the parents form a cycle, or not exactly one site is central; the
     *     message names the sites concerned
     */
    public static Hierarchy of(Collection<Site> sites) {
        Check.noNullElements("sites", sites);
        if (sites.isEmpty()) {
            throw Check.invalid("sites", "a hierarchy needs at least one site");
        }
        Map<SiteCode, Site> byCode = new TreeMap<>();
        for (Site site : sites) {
            if (byCode.putIfAbsent(site.code(), site) != null) {
                throw Check.invalid("sites", "site " + site.code() + " appears more than once");
            }
        }
        for (Site site : byCode.values()) {
            if (site.parent().isPresent() && !byCode.containsKey(site.parent().get())) {
                throw Check.invalid("sites", "site " + site.code() + " names parent " + site.parent().get()
                        + ", which is not in the hierarchy");
            }
        }
        checkNoCycle(byCode);
        List<SiteCode> roots = byCode.values().stream().filter(Site::isCentral).map(Site::code)
                .collect(Collectors.toList());
        if (roots.size() != 1) {
            // roots cannot be empty here: with every parent known and no cycle, parents lead to a root
            throw Check.invalid("sites", "a hierarchy must have exactly one central site (without parent), found "
                    + roots.size() + ": " + join(roots));
        }
        return new Hierarchy(byCode);
    }

    /**
     * Returns the hierarchy's sites in any order, convenience for {@link #of(Collection)}.
     *
     * @param sites every site of the hierarchy
     * @return the hierarchy
     * @throws InvalidValueException as {@link #of(Collection)}
     */
    public static Hierarchy of(Site... sites) {
        Check.notNull("sites", sites);
        return of(Arrays.asList(sites));
    }

    private static void checkNoCycle(Map<SiteCode, Site> byCode) {
        Set<SiteCode> cleared = new HashSet<>();
        for (SiteCode start : byCode.keySet()) {
            LinkedHashSet<SiteCode> path = new LinkedHashSet<>();
            SiteCode current = start;
            while (current != null && !cleared.contains(current)) {
                if (!path.add(current)) {
                    List<SiteCode> cycle = new ArrayList<>();
                    boolean inCycle = false;
                    for (SiteCode code : path) {
                        inCycle |= code.equals(current);
                        if (inCycle) {
                            cycle.add(code);
                        }
                    }
                    cycle.add(current);
                    throw Check.invalid("sites", "sites form a cycle of parents: "
                            + cycle.stream().map(SiteCode::value).collect(Collectors.joining(" -> ")));
                }
                current = byCode.get(current).parent().orElse(null);
            }
            cleared.addAll(path);
        }
    }

    /**
     * Returns the central site, the one without a parent.
     *
     * @return the central site's code
     */
    public SiteCode root() {
        return root;
    }

    /**
     * Returns every site, sorted by code.
     *
     * @return the sites
     */
    public List<Site> sites() {
        return List.copyOf(sites.values());
    }

    /**
     * Tells whether the hierarchy holds a site.
     *
     * @param code the site's code
     * @return true if the site is in the hierarchy
     */
    public boolean contains(SiteCode code) {
        return code != null && sites.containsKey(code);
    }

    /**
     * Returns a site.
     *
     * @param code the site's code
     * @return the site
     * @throws InvalidValueException if the site is not in the hierarchy
     */
    public Site site(SiteCode code) {
        known(code, "site");
        return sites.get(code);
    }

    /**
     * Returns a site's parent.
     *
     * @param code the site's code
     * @return the parent's code, or empty for the central site
     * @throws InvalidValueException if the site is not in the hierarchy
     */
    public Optional<SiteCode> parent(SiteCode code) {
        return site(code).parent();
    }

    /**
     * Returns a site's direct children, sorted by code.
     *
     * @param code the site's code
     * @return the children, empty for a leaf
     * @throws InvalidValueException if the site is not in the hierarchy
     */
    public List<SiteCode> children(SiteCode code) {
        known(code, "site");
        return children.get(code);
    }

    /**
     * Returns every site below a site (children, their children and so on), sorted by code; the
     * site itself is not included.
     *
     * @param code the site's code
     * @return the descendants, empty for a leaf
     * @throws InvalidValueException if the site is not in the hierarchy
     */
    public List<SiteCode> descendants(SiteCode code) {
        known(code, "site");
        List<SiteCode> found = new ArrayList<>();
        Deque<SiteCode> work = new ArrayDeque<>(children.get(code));
        while (!work.isEmpty()) {
            SiteCode next = work.removeFirst();
            found.add(next);
            work.addAll(children.get(next));
        }
        Collections.sort(found);
        return List.copyOf(found);
    }

    /**
     * Returns a site's ancestors, nearest first: its parent, the parent's parent, up to the
     * central site.
     *
     * @param code the site's code
     * @return the ancestors, empty for the central site
     * @throws InvalidValueException if the site is not in the hierarchy
     */
    public List<SiteCode> ancestors(SiteCode code) {
        List<SiteCode> found = new ArrayList<>();
        Optional<SiteCode> up = parent(code);
        while (up.isPresent()) {
            found.add(up.get());
            up = sites.get(up.get()).parent();
        }
        return List.copyOf(found);
    }

    /**
     * Tells whether a site lies strictly below another: {@code ancestor} is its parent, its
     * parent's parent, and so on. A site is not under itself.
     *
     * @param code the site that may be below
     * @param ancestor the site that may be above
     * @return true if {@code ancestor} is a proper ancestor of {@code code}
     * @throws InvalidValueException if either site is not in the hierarchy
     */
    public boolean isUnder(SiteCode code, SiteCode ancestor) {
        known(code, "site");
        known(ancestor, "ancestor");
        return !code.equals(ancestor) && ancestors(code).contains(ancestor);
    }

    /**
     * Returns the lowest site that is one of, or above, both sites: the "cross-site" of SMS
     * 1.2 SP2 that settles a client's move between sites. For a site and one of its ancestors it
     * is the ancestor; for a site and itself, the site.
     *
     * @param a one site
     * @param b the other site
     * @return the lowest common ancestor
     * @throws InvalidValueException if either site is not in the hierarchy
     */
    public SiteCode lowestCommonAncestor(SiteCode a, SiteCode b) {
        known(a, "site");
        known(b, "site");
        SiteCode x = a;
        SiteCode y = b;
        while (depth.get(x) > depth.get(y)) {
            x = sites.get(x).parent().orElseThrow();
        }
        while (depth.get(y) > depth.get(x)) {
            y = sites.get(y).parent().orElseThrow();
        }
        while (!x.equals(y)) {
            x = sites.get(x).parent().orElseThrow();
            y = sites.get(y).parent().orElseThrow();
        }
        return x;
    }

    /**
     * Returns how far a site is below the central site.
     *
     * @param code the site's code
     * @return 0 for the central site, 1 for its children, and so on
     * @throws InvalidValueException if the site is not in the hierarchy
     */
    public int depth(SiteCode code) {
        known(code, "site");
        return depth.get(code);
    }

    private void known(SiteCode code, String field) {
        Check.notNull(field, code);
        if (!sites.containsKey(code)) {
            throw Check.invalid(field, "site " + code + " is not in the hierarchy (sites: "
                    + join(sites.keySet()) + ")");
        }
    }

    private static String join(Collection<SiteCode> codes) {
        List<String> names = codes.stream().map(SiteCode::value).sorted().collect(Collectors.toList());
        if (names.size() > 20) {
            return String.join(", ", names.subList(0, 20)) + ", ... (" + names.size() + " in all)";
        }
        return String.join(", ", names);
    }

    /**
     * Tells whether the other object is a hierarchy of the same sites.
     *
     * @param other the object to compare with
     * @return true if both hold equal sites
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Hierarchy that && sites.equals(that.sites);
    }

    /**
     * Returns a hash code consistent with {@link #equals(Object)}.
     *
     * @return the hash code of the sites
     */
    @Override
    public int hashCode() {
        return sites.hashCode();
    }

    /**
     * Returns the tree as text, e.g. {@code Hierarchy[CEN > (EUR > (PAR), USA)]}, for messages
     * and debugging.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Hierarchy[");
        Deque<Object> work = new ArrayDeque<>(List.of(root));
        while (!work.isEmpty()) {
            Object next = work.removeFirst();
            if (next instanceof String text) {
                out.append(text);
                continue;
            }
            SiteCode code = (SiteCode) next;
            out.append(code.value());
            List<SiteCode> kids = children.get(code);
            if (!kids.isEmpty()) {
                List<Object> expansion = new ArrayList<>();
                expansion.add(" > (");
                for (int i = 0; i < kids.size(); i++) {
                    if (i > 0) {
                        expansion.add(", ");
                    }
                    expansion.add(kids.get(i));
                }
                expansion.add(")");
                for (int i = expansion.size() - 1; i >= 0; i--) {
                    work.addFirst(expansion.get(i));
                }
            }
        }
        return out.append(']').toString();
    }
}
