package org.mifsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What an embedder's build sees of the published poms: the BOM names every published artifact at the
 * project's version, and resync-core leaves the PostgreSQL driver to whoever uses PostgreSQL.
 */
class PublishedPomsTest {

    private static final Path CORE_JAR = Path.of(System.getProperty("mifsync.jar.core"));
    private static final Path BOM = Path.of(System.getProperty("mifsync.bom"));
    private static final Path ROOT = Path.of(System.getProperty("mifsync.root")).normalize();
    private static final String VERSION = System.getProperty("mifsync.version");

    private static Document xml(InputStream in) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(in);
    }

    private static Document xml(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return xml(in);
        }
    }

    /** The direct children of an element with that name. */
    private static List<Element> children(Node parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList all = parent.getChildNodes();
        for (int i = 0; i < all.getLength(); i++) {
            if (all.item(i) instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Optional<String> text(Node parent, String name) {
        return children(parent, name).stream().findFirst().map(e -> e.getTextContent().trim());
    }

    private static List<Element> dependencies(Element under) {
        return children(under, "dependencies").stream().flatMap(d -> children(d, "dependency").stream()).toList();
    }

    /** The reactor's modules whose artifacts are deployed (no maven.deploy.skip), the BOM aside. */
    private static List<String> publishedArtifacts() throws Exception {
        Element root = xml(ROOT.resolve("pom.xml")).getDocumentElement();
        List<String> out = new ArrayList<>();
        for (Element module : children(children(root, "modules").get(0), "module")) {
            Element pom = xml(ROOT.resolve(module.getTextContent().trim()).resolve("pom.xml")).getDocumentElement();
            boolean skipped = children(pom, "properties").stream()
                    .anyMatch(p -> text(p, "maven.deploy.skip").filter("true"::equals).isPresent());
            String artifact = text(pom, "artifactId").orElseThrow();
            if (!skipped && !artifact.equals("mifsync-bom")) {
                out.add(artifact);
            }
        }
        return out;
    }

    @Test
    void theBomManagesEveryPublishedArtifactAtTheProjectVersion() throws Exception {
        Element bom = xml(BOM).getDocumentElement();
        assertThat(text(bom, "parent")).as("a parent would leak its dependencyManagement into importers").isEmpty();
        assertThat(text(bom, "packaging")).contains("pom");
        assertThat(text(bom, "version")).contains(VERSION);
        List<Element> managed = dependencies(children(bom, "dependencyManagement").get(0));
        assertThat(managed).allSatisfy(d -> {
            assertThat(text(d, "groupId")).contains("org.mifsync");
            assertThat(text(d, "version")).contains("${project.version}");
        });
        assertThat(managed).extracting(d -> text(d, "artifactId").orElseThrow())
                .containsExactlyInAnyOrderElementsOf(publishedArtifacts())
                .contains("mif-grammar", "inventory-model", "resync-core", "mifsync-cli");
    }

    @Test
    void resyncCoreLeavesThePostgresqlDriverOptional() throws Exception {
        Element pom;
        try (JarFile jar = new JarFile(CORE_JAR.toFile())) {
            pom = xml(jar.getInputStream(jar.getEntry("META-INF/maven/org.mifsync/resync-core/pom.xml")))
                    .getDocumentElement();
        }
        Element driver = dependencies(pom).stream()
                .filter(d -> text(d, "artifactId").filter("postgresql"::equals).isPresent()).findFirst().orElseThrow();
        assertThat(text(driver, "optional")).contains("true");

        ModuleDescriptor core = ModuleFinder.of(CORE_JAR).findAll().iterator().next().descriptor();
        assertThat(core.name()).isEqualTo("org.mifsync.resync");
        assertThat(core.requires()).extracting(ModuleDescriptor.Requires::name)
                .noneMatch(name -> name.contains("postgresql"));
    }

    @Test
    void theToolAndTheBenchmarksCarryTheDriverThemselves() throws Exception {
        for (String module : List.of("mifsync-cli", "benchmarks")) {
            Element pom = xml(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();
            assertThat(dependencies(pom)).as(module)
                    .anySatisfy(d -> assertThat(text(d, "artifactId")).contains("postgresql"));
        }
        // the release archive's lib/ still holds it, so that a PostgreSQL store works out of the box
        try (ZipFile zip = new ZipFile(System.getProperty("mifsync.dist.zip"))) {
            assertThat(zip.stream().map(ZipEntry::getName))
                    .anyMatch(name -> name.matches(".*/lib/postgresql-[0-9.]+\\.jar"));
        }
    }
}
