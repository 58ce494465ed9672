package org.mifsync.resync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The floors of {@code resync-core} (DESIGN §2): from the top, admin; site; load; compare and
 * requests; collect and agent; store; files and report; settings. A package may import only
 * packages on lower floors, never one beside it or above it, so the structure reads top to bottom.
 */
class ArchitectureTest {

    /** Floor of each package, highest first; packages on one floor do not import each other. */
    static final Map<String, Integer> FLOORS = new LinkedHashMap<>();

    static {
        FLOORS.put("admin", 7);
        FLOORS.put("site", 6);
        FLOORS.put("load", 5);
        FLOORS.put("compare", 4);
        FLOORS.put("requests", 4);
        FLOORS.put("collect", 3);
        FLOORS.put("agent", 3);
        FLOORS.put("store", 2);
        FLOORS.put("files", 1);
        FLOORS.put("report", 1);
        FLOORS.put("settings", 0);
    }

    static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.mifsync.resync");
        assertThat(classes).as("main classes of resync-core").hasSizeGreaterThan(50);
    }

    @Test
    void everyPackageStandsOnAFloor() {
        List<String> unplaced = new ArrayList<>();
        classes.forEach(c -> {
            String rest = c.getPackageName().substring("org.mifsync.resync".length());
            String top = rest.isEmpty() ? "" : rest.substring(1).split("\\.")[0];
            if (!top.isEmpty() && !FLOORS.containsKey(top)) {
                unplaced.add(c.getName());
            }
        });
        assertThat(unplaced).as("classes in packages without a floor (add the package to DESIGN §2 and here)")
                .isEmpty();
    }

    @Test
    void packagesImportOnlyFloorsBelowThem() {
        for (Map.Entry<String, Integer> from : FLOORS.entrySet()) {
            for (Map.Entry<String, Integer> to : FLOORS.entrySet()) {
                if (!from.getKey().equals(to.getKey()) && to.getValue() >= from.getValue()) {
                    noClasses().that().resideInAPackage("org.mifsync.resync." + from.getKey() + "..")
                            .should().dependOnClassesThat().resideInAPackage("org.mifsync.resync." + to.getKey() + "..")
                            .because(from.getKey() + " (floor " + from.getValue() + ") may not look at "
                                    + to.getKey() + " (floor " + to.getValue() + ")")
                            .check(classes);
                }
            }
        }
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("org.mifsync.resync.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void noAntlrTypeReachesThisModule() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.antlr..", "org.mifsync.mif.internal..")
                .because("ANTLR stays inside mif-grammar").check(classes);
    }
}
