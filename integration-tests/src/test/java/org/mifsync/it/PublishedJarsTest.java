package org.mifsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jars as a stranger uses them: on the module path, from a program of their own that
 * also uses another ANTLR version. Runs in {@code mvn verify}, after every library is packaged.
 */
class PublishedJarsTest {

    private static final Path MIF_JAR = Path.of(System.getProperty("mifsync.jar.mif"));
    private static final Path MODEL_JAR = Path.of(System.getProperty("mifsync.jar.model"));
    private static final Path HOST_ANTLR = Path.of(System.getProperty("mifsync.jar.hostAntlr"));

    private static ModuleDescriptor descriptor(Path jar) {
        ModuleReference ref = ModuleFinder.of(jar).findAll().iterator().next();
        return ref.descriptor();
    }

    @Test
    void mifGrammarJarIsAModuleThatExportsItsApiOnlyAndRequiresNoAntlr() {
        assertThat(MIF_JAR).exists();
        ModuleDescriptor d = descriptor(MIF_JAR);
        assertThat(d.isAutomatic()).isFalse();
        assertThat(d.name()).isEqualTo("org.mifsync.mif");
        assertThat(d.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("org.mifsync.mif");
        assertThat(d.requires()).extracting(ModuleDescriptor.Requires::name).containsExactly("java.base");
        assertThat(d.packages()).contains("org.mifsync.mif.internal.antlr.runtime")
                .noneMatch(p -> p.startsWith("org.antlr"));
    }

    @Test
    void inventoryModelJarIsAModuleWithoutDependencies() {
        ModuleDescriptor d = descriptor(MODEL_JAR);
        assertThat(d.name()).isEqualTo("org.mifsync.model");
        assertThat(d.requires()).extracting(ModuleDescriptor.Requires::name).containsExactly("java.base");
    }

    @Test
    void consumerOnTheModulePathParsesMifBesideAnotherAntlrVersion(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        write(src.resolve("module-info.java"), """
                module consumer {
                    requires org.mifsync.mif;
                    requires org.antlr.antlr4.runtime;
                }
                """);
        write(src.resolve("consumer/Main.java"), """
                package consumer;

                import org.mifsync.mif.MifDocument;
                import org.mifsync.mif.MifParser;
                import org.mifsync.mif.MifWriter;

                public class Main {
                    public static void main(String[] args) throws Exception {
                        // the host's own ANTLR, an older version than the one mifsync was built with
                        System.out.println("host antlr " + org.antlr.v4.runtime.RuntimeMetaData.VERSION);
                        MifDocument doc = MifParser.strict().parseText(
                                "Start Component Name = \\"consumer\\" Start Group Name = \\"g\\" Class = \\"c\\""
                                + " ID = 1 Start Attribute Name = \\"a\\" ID = 1 Type = Integer Value = 7"
                                + " End Attribute End Group End Component", "inline").document();
                        System.out.println("component " + doc.component().name());
                        System.out.println("round trip " + MifParser.strict()
                                .parse(MifWriter.encode(doc), "again").document().equals(doc));
                    }
                }
                """);
        Path classes = dir.resolve("classes");
        String modulePath = MIF_JAR + File.pathSeparator + HOST_ANTLR;
        assertThat(compile(src, classes, modulePath)).as("compiler output").isEmpty();

        List<String> run = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", classes + File.pathSeparator + modulePath, "-m", "consumer/consumer.Main");
        Process p = new ProcessBuilder(run).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out.lines()).containsExactly("host antlr 4.9.3", "component consumer", "round trip true");
    }

    @Test
    void internalPackagesAreNotVisibleToConsumers(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        write(src.resolve("module-info.java"), "module sneaky { requires org.mifsync.mif; }\n");
        write(src.resolve("sneaky/Peek.java"), """
                package sneaky;
                public class Peek {
                    Object lexer = org.mifsync.mif.internal.antlr.MifLexer.class;
                }
                """);
        String errors = compile(src, dir.resolve("classes"), MIF_JAR.toString());
        assertThat(errors).contains("org.mifsync.mif.internal.antlr").contains("not visible");
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Compiles every source under {@code src}; returns the compiler's output (empty on success). */
    private static String compile(Path src, Path classes, String modulePath) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
                "--module-path", modulePath));
        try (var files = Files.walk(src)) {
            Set<String> sources = files.filter(f -> f.toString().endsWith(".java")).map(Path::toString)
                    .collect(Collectors.toSet());
            args.addAll(sources);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        javac.run(null, err, err, args.toArray(String[]::new));
        return err.toString(StandardCharsets.UTF_8);
    }
}
