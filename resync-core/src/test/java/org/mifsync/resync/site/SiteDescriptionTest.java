package org.mifsync.resync.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mifsync.mif.SourceLocation;
import org.mifsync.model.DomainName;
import org.mifsync.model.GroupClass;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;
import org.mifsync.resync.settings.SiteSettings;
import org.mifsync.testkit.Serialization;

/** The site description format: a full example, and one test per kind of mistake, each naming file, line and key. */
class SiteDescriptionTest {

    static final Path BASE = Path.of("/srv/mifsync");

    /** The example of docs/site-description.md, word for word. */
    static final String EXAMPLE = """
            # mifsync site description: the Contoso hierarchy
            [site CEN]
            name = Contoso central site

            [site EUR]
            name = Europe
            parent = CEN

            [site PAR]
            name = Paris office
            parent = EUR

            [domain SALES]
            site = CEN
            logon-server SALESLS1 = /srv/sms/salesls1
            logon-server SALESLS2 = /mnt/salesls2

            [domain PARIS]
            site = PAR
            logon-server PARLS1 = logon/parls1

            [settings]
            publish-limit = 200
            publish-interval = 1m
            reissue-timeout = 12h
            reissue-backoff = 1.5
            reissue-ceiling = 7d
            stuck-threshold = 5
            duplicate-id-window = 3d
            software-class = MICROSOFT|SOFTWARE|1.0
            software-class = CONTOSO|LICENSES|1.0
            retention = 30d
            max-mif-size = 2MiB
            collect-interval = 30s
            replicate-interval = 2m
            abandoned-after = 6h
            """;

    static SiteDescription parse(String text) throws SiteDescriptionException {
        return SiteDescription.parse("sites.ini", text, BASE);
    }

    static List<String> problems(String text) {
        try {
            parse(text);
        } catch (SiteDescriptionException e) {
            return e.problems().stream().map(Object::toString).toList();
        }
        throw new AssertionError("no problem found in:\n" + text);
    }

    @Test
    void theDocumentedExampleReadsAsWritten() throws Exception {
        SiteDescription d = parse(EXAMPLE);
        assertThat(d.sites()).extracting(s -> s.code().value()).containsExactly("CEN", "EUR", "PAR");
        assertThat(d.central()).isEqualTo(SiteCode.of("CEN"));
        assertThat(d.sites().get(0).name()).isEqualTo("Contoso central site");
        assertThat(d.hierarchy().isUnder(SiteCode.of("PAR"), SiteCode.of("CEN"))).isTrue();
        SmsDomain paris = d.domain(DomainName.of("paris")).orElseThrow();
        assertThat(paris.site()).isEqualTo(SiteCode.of("PAR"));
        assertThat(paris.logonServers().get(0).root()).isEqualTo(BASE.resolve("logon/parls1"));
        SmsDomain sales = d.domains().get(0);
        assertThat(sales.logonServers()).extracting(s -> s.name()).containsExactly(NetBiosName.of("SALESLS1"),
                NetBiosName.of("SALESLS2"));
        SiteSettings s = d.settings();
        assertThat(s.publishLimit()).isEqualTo(200);
        assertThat(s.reissueTimeout()).isEqualTo(Duration.ofHours(12));
        assertThat(s.reissueBackoff()).isEqualTo(1.5);
        assertThat(s.maxReissueInterval()).isEqualTo(Duration.ofDays(7));
        assertThat(s.stuckThreshold()).isEqualTo(5);
        assertThat(s.duplicateIdWindow()).isEqualTo(Duration.ofDays(3));
        assertThat(s.softwareClasses()).containsExactly(GroupClass.SOFTWARE, GroupClass.of("CONTOSO|LICENSES|1.0"));
        assertThat(s.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(s.maxMifBytes()).isEqualTo(2L << 20);
        assertThat(s.collectInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.replicateInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.abandonedAfter()).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void theExampleInTheDocsPageIsTheOneTestedHere() throws Exception {
        Path page = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/site-description.md");
        assertThat(page).as("docs page beside resync-core").exists();
        String text = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(text).contains(EXAMPLE.strip());
    }

    @Test
    void aMinimalDescriptionTakesEveryDefault() throws Exception {
        SiteDescription d = parse("""
                [site CEN]
                [domain SALES]
                site = cen
                logon-server LS1 = /srv/ls1
                """);
        assertThat(d.settings()).isEqualTo(SiteSettings.DEFAULTS);
        assertThat(d.sites().get(0).name()).isEqualTo("CEN");
        assertThat(d.domains().get(0).site()).isEqualTo(SiteCode.of("CEN"));
    }

    @Test
    void formsTheFormatAllows() throws Exception {
        SiteDescription d = parse("\uFEFF; semicolon comment\r\n  [ SITE   cen ]  \r\n\tNAME =  \"  padded  \" \r\n"
                + "[Domain My Domain]\r\nSite=CEN\r\nLogon-Server Ls 1 = \"/srv/with space/\"\r\n"
                + "[settings]\r\nRetention = PT36H\r\nreissue-timeout = 1h30m\r\nmax-mif-size = 512k\r\n");
        assertThat(d.sites().get(0).name()).isEqualTo("  padded  ");
        assertThat(d.domains().get(0).name().value()).isEqualTo("My Domain");
        assertThat(d.domains().get(0).logonServers().get(0).name().value()).isEqualTo("Ls 1");
        assertThat(d.domains().get(0).logonServers().get(0).root()).isEqualTo(Path.of("/srv/with space"));
        assertThat(d.settings().retention()).isEqualTo(Duration.ofHours(36));
        assertThat(d.settings().reissueTimeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(d.settings().maxMifBytes()).isEqualTo(512 * 1024);
    }

    static final String HEAD = "[site CEN]\n[domain SALES]\nsite = CEN\nlogon-server LS1 = /srv/ls1\n";

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("unknown key in a site", "[site CEN]\nparnet = EUR\n" + HEAD.substring(11),
                        "sites.ini:2: [site CEN] parnet: unknown key; a [site] section has name and parent"),
                Arguments.of("unknown setting", HEAD + "[settings]\nthrottle = 5\n",
                        "sites.ini:6: [settings] throttle: unknown setting; the settings are publish-limit,"
                        + " publish-interval, reissue-timeout, reissue-backoff, reissue-ceiling, stuck-threshold,"
                        + " duplicate-id-window, software-class, retention, max-mif-size, collect-interval,"
                        + " replicate-interval, abandoned-after, http, http-token-file, identity-conflict,"
                        + " idmif-collection, max-idmif-size, workers, loader-lease"),
                Arguments.of("duration without unit", HEAD + "[settings]\nreissue-timeout = 12\n",
                        "sites.ini:6: [settings] reissue-timeout: '12' needs a unit after 12 (ms, s, m, h, d or w),"
                        + " e.g. 12s"),
                Arguments.of("duration with unknown unit", HEAD + "[settings]\nretention = 3 months\n",
                        "sites.ini:6: [settings] retention: '3 months': unknown unit 'months'; use ms, s, m, h, d"
                        + " or w"),
                Arguments.of("duration zero", HEAD + "[settings]\npublish-interval = 0s\n",
                        "sites.ini:6: [settings] publish-interval: publish interval must be positive, found 0s"),
                Arguments.of("bad size", HEAD + "[settings]\nmax-mif-size = 5 TB\n",
                        "sites.ini:6: [settings] max-mif-size: '5 TB': unknown unit 'TB'; use B, KiB, MiB or GiB"),
                Arguments.of("bad identity-conflict", HEAD + "[settings]\nidentity-conflict = ask\n",
                        "sites.ini:6: [settings] identity-conflict: 'ask' is neither manual nor merge"),
                Arguments.of("bad idmif-collection", HEAD + "[settings]\nidmif-collection = yes\n",
                        "sites.ini:6: [settings] idmif-collection: 'yes' is neither on nor off"),
                Arguments.of("bad idmif size", HEAD + "[settings]\nmax-idmif-size = 0\n",
                        "sites.ini:6: [settings] max-idmif-size: maximum IDMIF size must be positive, found 0"),
                Arguments.of("bad number", HEAD + "[settings]\npublish-limit = many\n",
                        "sites.ini:6: [settings] publish-limit: 'many' is not a whole number"),
                Arguments.of("backoff below one", HEAD + "[settings]\nreissue-backoff = 0.5\n",
                        "sites.ini:6: [settings] reissue-backoff: re-issue backoff must be 1 or more, found 0.5"),
                Arguments.of("ceiling below timeout", HEAD + "[settings]\nreissue-timeout = 2d\nreissue-ceiling = 1d\n",
                        "sites.ini:7: [settings] reissue-ceiling: the re-issue ceiling (1d) is shorter than the"
                        + " re-issue timeout (2d)"),
                Arguments.of("setting twice", HEAD + "[settings]\nretention = 1d\nretention = 2d\n",
                        "sites.ini:7: [settings] retention: given twice; the first is at line 6"),
                Arguments.of("software class twice", HEAD + "[settings]\nsoftware-class = A|B|1\nsoftware-class = a|b|1\n",
                        "sites.ini:7: [settings] software-class: software class a|b|1 is already listed (classes"
                        + " are compared ignoring case)"),
                Arguments.of("unknown parent", HEAD + "[site EUR]\nparent = EUX\n",
                        "sites.ini:6: [site EUR] parent: unknown site EUX; the sites are CEN, EUR"),
                Arguments.of("cycle", HEAD + "[site EUR]\nparent = AME\n[site AME]\nparent = EUR\n",
                        "sites.ini:6: [site EUR] parent: sites form a cycle of parents: EUR -> AME -> EUR; every"
                        + " site must lead up to the central site CEN"),
                Arguments.of("own parent", HEAD + "[site EUR]\nparent = eur\n",
                        "sites.ini:6: [site EUR] parent: site EUR cannot be its own parent"),
                Arguments.of("central not first", "[site EUR]\nparent = CEN\n[site CEN]\n"
                        + "[domain SALES]\nsite = CEN\nlogon-server LS1 = /srv/ls1\n",
                        "sites.ini:3: [site CEN]: site CEN has no parent, so it is the central site: put its section"
                        + " first in the file"),
                Arguments.of("second central", HEAD + "[site EUR]\nname = Europe\n",
                        "sites.ini:5: [site EUR]: no parent: only the first site (CEN) is the central site; add"
                        + " 'parent = CODE'"),
                Arguments.of("duplicate site", HEAD + "[site cen]\n",
                        "sites.ini:5: [site cen]: site CEN is already described at line 1"),
                Arguments.of("duplicate domain", HEAD + "[domain sales]\nsite = CEN\nlogon-server LS2 = /srv/ls2\n",
                        "sites.ini:5: [domain sales]: domain sales is already described at line 2 (domain names are"
                        + " compared ignoring case)"),
                Arguments.of("invalid site code", "[site CENTRAL]\n" + HEAD.substring(11),
                        "sites.ini:1: [site CENTRAL]: site code 'CENTRAL' must be 3 characters, found 7"),
                Arguments.of("invalid domain name", HEAD + "[domain SALES/EAST]\nsite = CEN\n",
                        "sites.ini:5: [domain SALES/EAST]: domain name 'SALES/EAST' has '/' at position 6, which"
                        + " NetBIOS names do not allow (\\ / : * ? \" < > |)"),
                Arguments.of("invalid logon server name", HEAD.replace("LS1", "CON"),
                        "sites.ini:4: [domain SALES] logon-server CON: NetBIOS name 'CON' is the Windows device name CON"
                        + " and cannot be used as a file name"),
                Arguments.of("domain of unknown site", HEAD.replace("site = CEN", "site = EUR"),
                        "sites.ini:3: [domain SALES] site: unknown site EUR; the sites are CEN"),
                Arguments.of("domain without site", "[site CEN]\n[domain SALES]\nlogon-server LS1 = /srv/ls1\n",
                        "sites.ini:2: [domain SALES]: no 'site = CODE' line: name the site the domain belongs to"),
                Arguments.of("domain without logon server", "[site CEN]\n[domain SALES]\nsite = CEN\n",
                        "sites.ini:2: [domain SALES]: no logon server: add a line 'logon-server NAME = DIRECTORY'"
                        + " (clients report to and read requests from logon servers)"),
                Arguments.of("logon server twice", HEAD + "logon-server ls1 = /srv/other\n",
                        "sites.ini:5: [domain SALES] logon-server ls1: logon server ls1 is already listed at line 4"
                        + " (names are compared ignoring case)"),
                Arguments.of("two domains share a root", HEAD + "[domain HR]\nsite = CEN\nlogon-server HRLS = /srv/ls1/\n",
                        "sites.ini:7: [domain HR] logon-server HRLS: the root /srv/ls1 is already the root of logon"
                        + " server LS1 of domain SALES (line 4); a LOGON.SRV holds the requests of one domain"),
                Arguments.of("key outside a section", "name = x\n" + HEAD,
                        "sites.ini:1: name: a key outside any section; start with [site CODE], [domain NAME] or"
                        + " [settings]"),
                Arguments.of("line without =", HEAD + "logon-server LS2 /srv/ls2\n",
                        "sites.ini:5: [domain SALES]: expected 'key = value' or a [section] header, found"
                        + " 'logon-server LS2 /srv/ls2'"),
                Arguments.of("unknown section", HEAD + "[sites EUR]\nparent = CEN\n",
                        "sites.ini:5: [sites EUR]: unknown section [sites EUR]; expected [site CODE], [domain NAME]"
                        + " or [settings]"),
                Arguments.of("settings with a name", HEAD + "[settings CEN]\n",
                        "sites.ini:5: [settings CEN]: [settings] takes no name; the settings apply to the whole"
                        + " hierarchy"),
                Arguments.of("empty value", "[site CEN]\nname =\n" + HEAD.substring(11),
                        "sites.ini:2: [site CEN] name: needs a value"),
                Arguments.of("no site at all", "# nothing\n",
                        "sites.ini: no [site CODE] section; a description names at least the central site"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeNamesFileLineSectionAndKey(String what, String text, String expected) {
        assertThat(problems(text)).containsExactly(expected);
    }

    @Test
    void everyMistakeIsReportedAtOnceInFileOrder() {
        assertThat(problems("""
                [site CEN]
                [site EUR]
                parent = XYZ
                [domain SALES]
                site = CEN
                logon-server LS1 = /srv/ls1
                [settings]
                retention = forever
                """)).containsExactly(
                "sites.ini:3: [site EUR] parent: unknown site XYZ; the sites are CEN, EUR",
                "sites.ini:8: [settings] retention: 'forever' is not a duration: expected a number at position 1;"
                        + " write e.g. 90d, 12h, 30m, 45s, 500ms or 1h30m");
    }

    @Test
    void problemsComeBackWholeFromSerializationAtTheirLines() {
        SiteDescriptionException e = catchThrowableOfType(() -> parse("""
                [site CEN]
                [site EUR]
                parent = XYZ
                [settings]
                retention = forever
                """), SiteDescriptionException.class);
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems().get(0).location()).isEqualTo(SourceLocation.ofLine("sites.ini", 3));
        assertThat(e.problems().get(0).toDiagnostic()).hasToString(e.problems().get(0).toString());

        SiteDescriptionException back = Serialization.roundTrip(e);

        assertThat(back.problems()).isEqualTo(e.problems());
        assertThat(back.problems().get(0).section()).contains("site EUR");
        assertThat(back.problems().get(0).key()).contains("parent");
        assertThat(back).hasMessage(e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8IsNamedWithItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sites.ini");
        Files.write(file, "[site CEN]\nname = Zentrale M\u00fcnchen\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> SiteDescription.read(file)).isInstanceOf(SiteDescriptionException.class)
                .hasMessage(file + ":2: not UTF-8 text; save the description as UTF-8 (or plain ASCII)");
    }

    @Test
    void relativeRootsAreTakenFromTheFilesDirectory(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sites.ini"), "[site CEN]\n[domain D]\nsite = CEN\n"
                + "logon-server LS = ../ls\n");
        assertThat(SiteDescription.read(file).domains().get(0).logonServers().get(0).root())
                .isEqualTo(dir.toAbsolutePath().normalize().getParent().resolve("ls"));
    }

    @Test
    void settingsTextFormsRoundTrip() {
        SiteSettings s = SiteSettings.DEFAULTS.with("reissue-timeout", "1d12h").with("max-mif-size", "1536KiB")
                .with("software-class", "A|B|1\nC|D|2").with("reissue-backoff", "1.25");
        assertThat(s.text()).containsEntry("reissue-timeout", "1d12h").containsEntry("max-mif-size", "1536KiB")
                .containsEntry("software-class", "A|B|1\nC|D|2").containsEntry("reissue-backoff", "1.25")
                .containsEntry("publish-limit", "500").containsEntry("retention", "90d");
        assertThat(SiteSettings.fromText(s.text())).isEqualTo(s);
        assertThat(SiteSettings.fromText(SiteSettings.DEFAULTS.text())).isEqualTo(SiteSettings.DEFAULTS);
        assertThat(SiteSettings.DEFAULTS.with("retention", "2w").text("retention")).isEqualTo("14d");
        assertThat(SiteSettings.DEFAULTS.with("retention", "500ms").text("retention")).isEqualTo("500ms");
    }

    @Test
    void theHttpSettingsAreReadFromTheDescription() throws Exception {
        SiteDescription d = parse("[site CEN]\n[settings]\nhttp = 0.0.0.0:9400\nhttp-token-file = /etc/mifsync/http.token\n");

        assertThat(d.settings().http()).contains(new org.mifsync.resync.settings.HttpAddress("0.0.0.0", 9400));
        assertThat(d.settings().httpTokenFile()).contains(Path.of("/etc/mifsync/http.token"));
        assertThat(parse("[site CEN]\n").settings().http()).isEmpty();
    }

    @Test
    void aBadHttpSettingNamesItsLine() {
        assertThatThrownBy(() -> parse("[site CEN]\n[settings]\nhttp = 9400\n"))
                .isInstanceOf(SiteDescriptionException.class).hasMessageContaining("sites.ini:3")
                .hasMessageContaining("HOST:PORT");
    }
}
