package org.mifsync.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class HierarchyTest {

    private static final SiteCode CEN = SiteCode.of("CEN");
    private static final SiteCode EUR = SiteCode.of("EUR");
    private static final SiteCode PAR = SiteCode.of("PAR");
    private static final SiteCode LYO = SiteCode.of("LYO");
    private static final SiteCode USA = SiteCode.of("USA");

    private static Hierarchy sample() {
        return Hierarchy.of(
                Site.child(PAR, "Paris", EUR),
                Site.central(CEN, "Central"),
                Site.child(EUR, "Europe", CEN),
                Site.child(LYO, "Lyon", EUR),
                Site.child(USA, "Americas", CEN));
    }

    @Test
    void hierarchyAnswersParentChildrenAndDescendants() {
        Hierarchy h = sample();
        assertThat(h.root()).isEqualTo(CEN);
        assertThat(h.parent(PAR)).contains(EUR);
        assertThat(h.parent(CEN)).isEmpty();
        assertThat(h.children(CEN)).containsExactly(EUR, USA);
        assertThat(h.children(PAR)).isEmpty();
        assertThat(h.descendants(CEN)).containsExactly(EUR, LYO, PAR, USA);
        assertThat(h.descendants(EUR)).containsExactly(LYO, PAR);
        assertThat(h.ancestors(PAR)).containsExactly(EUR, CEN);
        assertThat(h.depth(PAR)).isEqualTo(2);
        assertThat(h.site(LYO).name()).isEqualTo("Lyon");
        assertThat(h).hasToString("Hierarchy[CEN > (EUR > (LYO, PAR), USA)]");
    }

    @Test
    void siteIsUnderItsAncestorsButNotItselfOrItsCousins() {
        Hierarchy h = sample();
        assertThat(h.isUnder(PAR, CEN)).isTrue();
        assertThat(h.isUnder(PAR, EUR)).isTrue();
        assertThat(h.isUnder(PAR, PAR)).isFalse();
        assertThat(h.isUnder(EUR, PAR)).isFalse();
        assertThat(h.isUnder(PAR, USA)).isFalse();
        assertThat(h.isUnder(CEN, CEN)).isFalse();
    }

    @Test
    void lowestCommonAncestorIsTheCrossSite() {
        Hierarchy h = sample();
        assertThat(h.lowestCommonAncestor(PAR, LYO)).isEqualTo(EUR);
        assertThat(h.lowestCommonAncestor(PAR, USA)).isEqualTo(CEN);
        assertThat(h.lowestCommonAncestor(PAR, EUR)).isEqualTo(EUR);
        assertThat(h.lowestCommonAncestor(PAR, PAR)).isEqualTo(PAR);
    }

    @Test
    void hierarchyWithCycleIsRefusedNamingTheCycle() {
        SiteCode a = SiteCode.of("AAA");
        SiteCode b = SiteCode.of("BBB");
        SiteCode c = SiteCode.of("CCC");
        assertThatThrownBy(() -> Hierarchy.of(Site.central(CEN, "Central"), Site.child(a, "A", c),
                Site.child(b, "B", a), Site.child(c, "C", b)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("sites form a cycle of parents: AAA -> CCC -> BBB -> AAA");
    }

    @Test
    void hierarchyWithUnknownParentIsRefusedNamingIt() {
        assertThatThrownBy(() -> Hierarchy.of(Site.central(CEN, "Central"), Site.child(PAR, "Paris", EUR)))
                .hasMessage("site PAR names parent EUR, which is not in the hierarchy");
    }

    @Test
    void hierarchyWithDuplicateCodeIsRefused() {
        assertThatThrownBy(() -> Hierarchy.of(Site.central(CEN, "Central"), Site.child(EUR, "Europe", CEN),
                Site.child(EUR, "Europa", CEN)))
                .hasMessage("site EUR appears more than once");
    }

    @Test
    void hierarchyWithTwoCentralSitesIsRefused() {
        assertThatThrownBy(() -> Hierarchy.of(Site.central(CEN, "Central"), Site.central(USA, "Americas")))
                .hasMessage("a hierarchy must have exactly one central site (without parent), found 2: CEN, USA");
        assertThatThrownBy(() -> Hierarchy.of(List.of())).hasMessage("a hierarchy needs at least one site");
    }

    @Test
    void questionAboutUnknownSiteIsRefusedNamingIt() {
        assertThatThrownBy(() -> sample().children(SiteCode.of("XYZ")))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("site XYZ is not in the hierarchy (sites: CEN, EUR, LYO, PAR, USA)");
        assertThatThrownBy(() -> sample().isUnder(PAR, SiteCode.of("XYZ"))).hasMessageContaining("XYZ");
        assertThat(sample().contains(SiteCode.of("XYZ"))).isFalse();
    }

    @Test
    void siteWithItselfAsParentIsRefused() {
        assertThatThrownBy(() -> Site.child(CEN, "Central", CEN)).hasMessage("site CEN must not be its own parent");
    }

    @Test
    void siteWithBlankOrControlCharacterNameIsRefused() {
        assertThatThrownBy(() -> Site.central(CEN, " ")).hasMessage("site name must not be blank");
        assertThatThrownBy(() -> Site.central(CEN, "Cen\ntral"))
                .hasMessage("site name 'Cen\ntral' has the control character U+000A at position 4");
        assertThatThrownBy(() -> Site.central(CEN, "x".repeat(129))).hasMessageContaining("at most 128 characters");
        assertThatThrownBy(() -> new Site(CEN, "Central", null)).hasMessage("parent site must not be null");
    }

    /** A random tree: site i's parent is one of the sites before it; sites handed over shuffled. */
    private static Gen<List<Site>> trees() {
        return lists().of(integers().between(0, Integer.MAX_VALUE)).ofSizeBetween(1, 40)
                .zip(integers().between(0, 46_655), integers().all(), (choices, offset, seed) -> {
                    List<SiteCode> codes = new ArrayList<>();
                    for (int i = 0; i < choices.size(); i++) {
                        codes.add(code(i, offset));
                    }
                    List<Site> sites = new ArrayList<>();
                    sites.add(Site.central(codes.get(0), "site 0"));
                    for (int i = 1; i < choices.size(); i++) {
                        sites.add(Site.child(codes.get(i), "site " + i, codes.get(choices.get(i) % i)));
                    }
                    Collections.shuffle(sites, new java.util.Random(seed));
                    return sites;
                });
    }

    /** Distinct for distinct i: 7919 is coprime with 36^3. */
    private static SiteCode code(int i, int offset) {
        String digits = Integer.toString((i * 7919 + offset) % 46_656, 36).toUpperCase(java.util.Locale.ROOT);
        return SiteCode.of("0".repeat(3 - digits.length()) + digits);
    }

    /** The site and its ancestors, nearest first, worked out from the parent links alone. */
    private static List<SiteCode> chain(Map<SiteCode, Site> sites, SiteCode code) {
        List<SiteCode> up = new ArrayList<>();
        Optional<SiteCode> next = Optional.of(code);
        while (next.isPresent()) {
            up.add(next.get());
            next = sites.get(next.get()).parent();
        }
        return up;
    }

    @Test
    void everyTreeIsAcceptedAndAnswersAgreeWithTheParentChains() {
        qt().withExamples(200).forAll(trees(), integers().all()).checkAssert((sites, pick) -> {
            Hierarchy h = Hierarchy.of(sites);
            assertThat(h.sites()).hasSameElementsAs(sites);
            Map<SiteCode, Site> byCode = new HashMap<>();
            sites.forEach(site -> byCode.put(site.code(), site));
            SiteCode a = sites.get(Math.floorMod(pick, sites.size())).code();
            SiteCode b = sites.get(Math.floorMod(pick / 7, sites.size())).code();
            List<SiteCode> chainA = chain(byCode, a);
            List<SiteCode> chainB = chain(byCode, b);
            assertThat(h.ancestors(a)).isEqualTo(chainA.subList(1, chainA.size()));
            assertThat(h.root()).isEqualTo(chainA.get(chainA.size() - 1));
            assertThat(h.isUnder(a, b)).isEqualTo(!a.equals(b) && chainA.contains(b));
            assertThat(h.lowestCommonAncestor(a, b))
                    .isEqualTo(chainA.stream().filter(chainB::contains).findFirst().orElseThrow())
                    .isEqualTo(h.lowestCommonAncestor(b, a));
            Set<SiteCode> below = new HashSet<>();
            for (Site site : sites) {
                List<SiteCode> up = chain(byCode, site.code());
                if (up.subList(1, up.size()).contains(a)) {
                    below.add(site.code());
                }
            }
            assertThat(h.descendants(a)).hasSameElementsAs(below).isSorted();
            for (SiteCode child : h.children(a)) {
                assertThat(h.parent(child)).contains(a);
            }
        });
    }

    @Test
    void everyTreeWithACycleAddedIsRefused() {
        qt().withExamples(200).forAll(trees(), integers().all(), integers().all()).checkAssert((sites, x, y) -> {
            // re-parent the central site onto one of its descendants (or itself via a second hop)
            if (sites.size() < 2) {
                return;
            }
            List<Site> broken = new ArrayList<>(sites);
            int centralAt = 0;
            while (!broken.get(centralAt).isCentral()) {
                centralAt++;
            }
            Site central = broken.get(centralAt);
            Site other = broken.get((centralAt + 1 + Math.floorMod(x, broken.size() - 1)) % broken.size());
            broken.set(centralAt, Site.child(central.code(), central.name(), other.code()));
            assertThatThrownBy(() -> Hierarchy.of(broken))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessageStartingWith("sites form a cycle of parents: ")
                    .hasMessageContaining(central.code().value());
        });
    }

    @Test
    void everyTreeWithAnUnknownParentIsRefused() {
        qt().withExamples(200).forAll(trees(), integers().all()).checkAssert((sites, x) -> {
            List<Site> broken = new ArrayList<>(sites);
            int at = Math.floorMod(x, broken.size());
            Site victim = broken.get(at);
            SiteCode stranger = sites.stream().anyMatch(s -> s.code().value().equals("ZZZ"))
                    ? SiteCode.of("ZZY") : SiteCode.of("ZZZ");
            if (sites.stream().anyMatch(s -> s.code().equals(stranger))) {
                return; // both spare codes taken: nothing to test with
            }
            broken.set(at, Site.child(victim.code(), victim.name(), stranger));
            assertThatThrownBy(() -> Hierarchy.of(broken))
                    .isInstanceOf(InvalidValueException.class)
                    .hasMessage("site " + victim.code() + " names parent " + stranger + ", which is not in the hierarchy");
        });
    }

    @Test
    void everyTreeWithADuplicatedSiteIsRefused() {
        qt().withExamples(100).forAll(trees(), integers().all()).checkAssert((sites, x) -> {
            List<Site> broken = new ArrayList<>(sites);
            Site twin = broken.get(Math.floorMod(x, broken.size()));
            broken.add(new Site(twin.code(), "twin", twin.parent()));
            assertThatThrownBy(() -> Hierarchy.of(broken))
                    .hasMessage("site " + twin.code() + " appears more than once");
        });
    }

    @Test
    void deepChainIsHandledWithoutRecursion() {
        List<Site> sites = new ArrayList<>();
        sites.add(Site.central(code(0, 0), "root"));
        for (int i = 1; i < 10_000; i++) {
            sites.add(Site.child(code(i, 0), "s" + i, code(i - 1, 0)));
        }
        Hierarchy h = Hierarchy.of(sites);
        assertThat(h.depth(code(9_999, 0))).isEqualTo(9_999);
        assertThat(h.lowestCommonAncestor(code(9_999, 0), code(5, 0))).isEqualTo(code(5, 0));
    }
}
