package org.mifsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive as a user meets it: unpacked into an empty folder with the system's {@code tar},
 * then run through {@code bin/mifsync} as a separate process with a bare environment (no class path,
 * only {@code JAVA_HOME} or a {@code PATH}), from other working directories and through a link.
 */
class ReleaseArchiveTest {

    private static final Path TGZ = Path.of(System.getProperty("mifsync.dist.tgz"));
    private static final Path ZIP = Path.of(System.getProperty("mifsync.dist.zip"));
    private static final String VERSION = System.getProperty("mifsync.version");
    private static final String TOP = "mifsync-" + VERSION;

    @TempDir
    static Path unpacked;
    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        assertThat(TGZ.getFileName().toString()).isEqualTo(TOP + ".tar.gz");
        assertThat(ZIP.getFileName().toString()).isEqualTo(TOP + ".zip");
        Result tar = run(List.of("tar", "-xzf", TGZ.toString()), unpacked, Map.of("PATH", "/usr/bin:/bin"));
        assertThat(tar.exit()).as(tar.all()).isZero();
        home = unpacked.resolve(TOP);
    }

    @Test
    void archiveHoldsLaunchersLibrariesReadmeAndLicences() throws IOException {
        assertThat(home.resolve("bin/mifsync")).isRegularFile().isExecutable();
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/mifsync")))
                .contains(PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.readString(home.resolve("bin/mifsync"))).startsWith("#!/bin/sh\n").doesNotContain("\r");
        assertThat(Files.readString(home.resolve("bin/mifsync.bat"))).contains("\r\n")
                .doesNotContainPattern("[^\r]\n");
        for (String file : List.of("README.md", "LICENSE", "NOTICE", "CHANGELOG.md")) {
            assertThat(home.resolve(file)).isRegularFile().isNotEmptyFile();
        }
        assertThat(Files.readString(home.resolve("LICENSE"))).contains("Apache License", "Version 2.0");
    }

    @Test
    void libHoldsEachJarOnceAndNoAntlrBesideTheRelocatedOne() throws IOException {
        List<Path> jars = jars();
        assertThat(jars).isNotEmpty();
        Map<String, List<String>> byArtifact = new HashMap<>();
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            String artifact = name.replaceFirst("-\\d[^-]*(-SNAPSHOT)?\\.jar$", "");
            byArtifact.computeIfAbsent(artifact, k -> new ArrayList<>()).add(name);
        }
        assertThat(byArtifact.values()).as("one version of each library").allMatch(names -> names.size() == 1);
        assertThat(byArtifact).containsKeys("mif-grammar", "inventory-model", "resync-core", "mifsync-cli")
                .doesNotContainKey("antlr4-runtime");
        for (Path jar : jars) {
            try (JarFile j = new JarFile(jar.toFile())) {
                assertThat(j.stream().map(e -> e.getName()).filter(n -> n.startsWith("org/antlr/")).findAny())
                        .as("ANTLR classes outside the relocated package in %s", jar.getFileName()).isEmpty();
            }
        }
    }

    @Test
    void noticeNamesEveryBundledLibrary() throws IOException {
        String notice = Files.readString(home.resolve("NOTICE"));
        for (Path jar : jars()) {
            String artifact = jar.getFileName().toString().replaceFirst("-\\d[^-]*(-SNAPSHOT)?\\.jar$", "");
            if (!List.of("mif-grammar", "inventory-model", "resync-core", "mifsync-cli").contains(artifact)) {
                assertThat(notice).as("NOTICE names %s", jar.getFileName()).containsPattern(":" + artifact + "[),]");
            }
        }
        assertThat(notice).contains("org.antlr:antlr4-runtime");
    }

    @Test
    void zipHoldsTheSameFilesAsTheTarball() throws Exception {
        TreeSet<String> inZip = new TreeSet<>();
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            zip.stream().filter(e -> !e.isDirectory()).forEach(e -> inZip.add(e.getName()));
        }
        TreeSet<String> inTar = new TreeSet<>();
        try (Stream<Path> files = Files.walk(unpacked)) {
            files.filter(Files::isRegularFile).forEach(f -> inTar.add(unpacked.relativize(f).toString()));
        }
        assertThat(inZip).isEqualTo(inTar);
    }

    @Test
    void versionNamesTheReleaseAndTheCommitWithOnlyJavaHome(@TempDir Path elsewhere) throws Exception {
        Result r = mifsync(elsewhere, Map.of("JAVA_HOME", javaHome()), "--version");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).containsPattern("^mifsync " + VERSION.replace(".", "\\.")
                + " \\(commit ([0-9a-f]{10}(, with local changes)?|unknown)\\)\n");
        assertThat(r.out()).as("the JAVA_HOME given runs the tool").contains("(" + javaHome() + ")");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void javaIsFoundOnThePathWithoutJavaHome(@TempDir Path elsewhere) throws Exception {
        Result r = mifsync(elsewhere, Map.of("PATH", javaHome() + "/bin:/usr/bin:/bin"), "--version");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).startsWith("mifsync " + VERSION);
    }

    @Test
    void mifCheckValidatesFilesFromAnyWorkingDirectory(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("good.mif"), """
                START COMPONENT
                  NAME = "Workstation"
                  START GROUP
                    NAME = "ComponentID" CLASS = "DMTF|ComponentID|1.0" ID = 1
                    START ATTRIBUTE NAME = "Manufacturer" ID = 1 TYPE = STRING(64) VALUE = "Contoso" END ATTRIBUTE
                  END GROUP
                END COMPONENT
                """, StandardCharsets.ISO_8859_1);
        Files.writeString(work.resolve("bad.mif"), "START COMPONENT\n  NAME = \"x\"\n  START GROUP\nEND COMPONENT\n",
                StandardCharsets.ISO_8859_1);
        Result good = mifsync(work, Map.of("JAVA_HOME", javaHome()), "mif", "check", "good.mif");
        assertThat(good.exit()).as(good.all()).isZero();
        Result bad = mifsync(work, Map.of("JAVA_HOME", javaHome()), "mif", "check", "bad.mif");
        assertThat(bad.exit()).as(bad.all()).isEqualTo(1);
        assertThat(bad.err()).containsPattern("bad\\.mif:\\d+:\\d+: ");
    }

    @Test
    void runsThroughALinkToTheLauncher(@TempDir Path links) throws Exception {
        Path relative = links.resolve("tools/mifsync");
        Files.createDirectories(relative.getParent());
        Files.createSymbolicLink(links.resolve("bin-link"), home.resolve("bin"));
        Files.createSymbolicLink(relative, Path.of("../bin-link/mifsync"));
        Path chained = links.resolve("mifsync");
        Files.createSymbolicLink(chained, relative);
        Result r = run(List.of(chained.toString(), "--version"), links, Map.of("JAVA_HOME", javaHome()));
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).startsWith("mifsync " + VERSION);
    }

    @Test
    void mifsyncOptsAndJavaOptsReachTheJvm(@TempDir Path elsewhere) throws Exception {
        Result heap = mifsync(elsewhere, Map.of("JAVA_HOME", javaHome(), "MIFSYNC_OPTS", "-XshowSettings:vm -Xmx48m"),
                "--version");
        assertThat(heap.exit()).as(heap.all()).isZero();
        assertThat(heap.err()).contains("Max. Heap Size: 48.00M");
        Result both = mifsync(elsewhere, Map.of("JAVA_HOME", javaHome(), "JAVA_OPTS", "-XshowSettings:vm -Xmx40m",
                "MIFSYNC_OPTS", "-Xmx56m"), "--version");
        assertThat(both.err()).as("MIFSYNC_OPTS comes last and wins").contains("Max. Heap Size: 56.00M");
    }

    @Test
    void fileNamesAreDecodedAsUtf8EvenWithoutALocale(@TempDir Path elsewhere) throws Exception {
        // cron and bare service units start programs with no LANG: Java would then read file names as ASCII
        Result locales = run(List.of("sh", "-c", "locale -a"), elsewhere, Map.of());
        boolean systemHasUtf8 = locales.out().lines().anyMatch(l -> l.toLowerCase(java.util.Locale.ROOT)
                .matches(".*\\.utf-?8"));
        Result r = mifsync(elsewhere, Map.of("JAVA_HOME", javaHome(), "MIFSYNC_OPTS", "-XshowSettings:properties"),
                "--version");
        assertThat(r.exit()).as(r.all()).isZero();
        if (systemHasUtf8) {
            assertThat(r.err()).contains("sun.jnu.encoding = UTF-8");
        } else {
            assertThat(r.err()).as("no UTF-8 locale to switch to: Java keeps the C locale's encoding")
                    .contains("sun.jnu.encoding = ANSI_X3.4-1968");
        }
        Result chosen = mifsync(elsewhere, Map.of("JAVA_HOME", javaHome(), "LANG", "C.UTF-8",
                "MIFSYNC_OPTS", "-XshowSettings:properties"), "--version");
        assertThat(chosen.err()).as("a UTF-8 locale of the user's is kept").contains("sun.jnu.encoding = UTF-8");
    }

    @Test
    void javaOlderThan17IsRefusedWithAClearMessage(@TempDir Path fake) throws Exception {
        // a stand-in Java 11 installation: a release file and a java that says which version it is
        Path bin = Files.createDirectories(fake.resolve("jdk-11/bin"));
        Files.writeString(fake.resolve("jdk-11/release"), "JAVA_VERSION=\"11.0.22\"\n");
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"11.0.22\" 2024-01-16' >&2\nexit 0\n");
        java.toFile().setExecutable(true);
        Result r = mifsync(fake, Map.of("JAVA_HOME", fake.resolve("jdk-11").toString()), "--version");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("is Java 11.0.22", "needs Java 17 or later");
        assertThat(r.out()).isEmpty();

        // without a release file the launcher asks java itself; Java 8 spells its version 1.8
        Files.delete(fake.resolve("jdk-11/release"));
        Files.writeString(java, "#!/bin/sh\necho 'java version \"1.8.0_392\"' >&2\nexit 0\n");
        Result eight = mifsync(fake, Map.of("JAVA_HOME", fake.resolve("jdk-11").toString()), "--version");
        assertThat(eight.exit()).isEqualTo(3);
        assertThat(eight.err()).contains("is Java 1.8.0_392", "needs Java 17 or later");
    }

    @Test
    void missingJavaIsReportedWithAClearMessage(@TempDir Path empty) throws Exception {
        // a PATH with the shell tools the launcher uses, and no java
        Path tools = Files.createDirectories(empty.resolve("tools"));
        for (String tool : List.of("sed", "ls", "dirname", "cut", "head")) {
            Path real = Stream.of("/usr/bin/" + tool, "/bin/" + tool).map(Path::of).filter(Files::isExecutable)
                    .findFirst().orElseThrow();
            Files.createSymbolicLink(tools.resolve(tool), real);
        }
        Result r = mifsync(empty, Map.of("PATH", tools.toString()), "--version");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err()).contains("Java not found", "JAVA_HOME");

        Result wrongHome = mifsync(empty, Map.of("JAVA_HOME", empty.resolve("nowhere").toString()), "--version");
        assertThat(wrongHome.exit()).isEqualTo(3);
        assertThat(wrongHome.err()).contains("JAVA_HOME", "is not a program");
    }

    private static List<Path> jars() throws IOException {
        try (Stream<Path> s = Files.list(home.resolve("lib"))) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        }
    }

    private static String javaHome() {
        return System.getProperty("java.home");
    }

    private static Result mifsync(Path workingDirectory, Map<String, String> environment, String... args)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/mifsync").toString());
        command.addAll(List.of(args));
        return run(command, workingDirectory, environment);
    }

    /** Runs a process with only the given environment, and the system's PATH unless one is given. */
    private static Result run(List<String> command, Path workingDirectory, Map<String, String> environment)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().putAll(environment);
        Process p = pb.start();
        p.getOutputStream().close();
        String out;
        String err;
        try (InputStream o = p.getInputStream(); InputStream e = p.getErrorStream()) {
            var errText = new java.util.concurrent.CompletableFuture<String>();
            Thread drain = new Thread(() -> {
                try {
                    errText.complete(new String(e.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException x) {
                    errText.completeExceptionally(x);
                }
            });
            drain.start();
            out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
            err = errText.get(60, TimeUnit.SECONDS);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Result(p.exitValue(), out, err);
    }

    private record Result(int exit, String out, String err) {
        String all() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }
}
