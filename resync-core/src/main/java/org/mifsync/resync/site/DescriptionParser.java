package org.mifsync.resync.site;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.mifsync.mif.SourceLocation;
import org.mifsync.model.DomainName;
import org.mifsync.model.GroupClass;
import org.mifsync.model.LogonServer;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.Site;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsDomain;
import org.mifsync.resync.site.SiteDescriptionException.Problem;
import org.mifsync.resync.settings.SiteSettings;

/**
 * Reads the site description format (docs/site-description.md): INI-like sections {@code [site
 * CODE]}, {@code [domain NAME]} and {@code [settings]} holding {@code key = value} lines.
 * Collects every problem rather than stopping at the first, so that one run shows the
 * administrator everything to fix. One parser reads one text; not thread-safe.
 */
final class DescriptionParser {

    private static final String SITE = "site";
    private static final String DOMAIN = "domain";
    private static final String SETTINGS = "settings";
    private static final String LOGON_SERVER = "logon-server";

    private final String source;
    private final Path baseDir;
    private final List<Problem> problems = new ArrayList<>();

    private final Map<SiteCode, SiteDraft> sites = new LinkedHashMap<>();
    private final Map<DomainName, DomainDraft> domains = new LinkedHashMap<>();
    private SiteSettings settings = SiteSettings.DEFAULTS;
    private final Map<String, Integer> settingLines = new HashMap<>();
    private final List<GroupClass> softwareClasses = new ArrayList<>();
    private int settingsLine;
    /** A [site] header that did not parse: a site named elsewhere may be that one, so "unknown" is not said. */
    private boolean siteHeaderFailed;

    /** The section lines now belong to; null before the first, {@link Ignored} after a bad header. */
    private Object current;

    DescriptionParser(String source, Path baseDir) {
        this.source = source;
        this.baseDir = baseDir;
    }

    /** A section whose header was wrong: its lines are skipped without more errors. */
    private enum Ignored { SECTION }

    private static final class SiteDraft {
        final SiteCode code;
        final String label;
        final int line;
        final Map<String, Integer> keys = new HashMap<>();
        String name;
        SiteCode parent;
        String parentText;
        int parentLine;

        SiteDraft(SiteCode code, String label, int line) {
            this.code = code;
            this.label = label;
            this.line = line;
        }
    }

    private static final class DomainDraft {
        final DomainName name;
        final String label;
        final int line;
        final Map<String, Integer> keys = new HashMap<>();
        String siteText;
        SiteCode site;
        int siteLine;
        final Map<NetBiosName, Integer> serverLines = new LinkedHashMap<>();
        final List<LogonServer> servers = new ArrayList<>();
        boolean serverListed;

        DomainDraft(DomainName name, String label, int line) {
            this.name = name;
            this.label = label;
            this.line = line;
        }
    }

    SiteDescription parse(byte[] bytes) throws SiteDescriptionException {
        List<String> lines = decodeLines(bytes);
        for (int i = 0; i < lines.size(); i++) {
            line(i + 1, lines.get(i));
        }
        finish();
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparingInt(Problem::line));
            throw new SiteDescriptionException(problems);
        }
        List<Site> siteList = new ArrayList<>();
        for (SiteDraft draft : sites.values()) {
            String name = draft.name != null ? draft.name : draft.code.value();
            siteList.add(new Site(draft.code, name, Optional.ofNullable(draft.parent)));
        }
        List<SmsDomain> domainList = new ArrayList<>();
        for (DomainDraft draft : domains.values()) {
            domainList.add(new SmsDomain(draft.name, draft.site, draft.servers));
        }
        try {
            return new SiteDescription(siteList, domainList, settings);
        } catch (IllegalArgumentException e) {
            // every rule of the record is checked above with a line; this is a safety net
            throw new SiteDescriptionException(List.of(problem(0, null, null, e.getMessage())));
        }
    }

    /** Splits into lines and decodes each strictly, so that a bad byte is reported on its line. */
    private List<String> decodeLines(byte[] bytes) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int lineStart = start;
        for (int i = start; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                int end = i;
                if (end > lineStart && bytes[end - 1] == '\r') {
                    end--;
                }
                try {
                    lines.add(decoder.decode(ByteBuffer.wrap(bytes, lineStart, end - lineStart)).toString());
                } catch (CharacterCodingException e) {
                    problems.add(problem(lines.size() + 1, null, null,
                            "not UTF-8 text; save the description as UTF-8 (or plain ASCII)"));
                    lines.add("");
                }
                lineStart = i + 1;
            }
        }
        if (lines.size() > 1 && lines.get(lines.size() - 1).isEmpty() && bytes.length > 0
                && bytes[bytes.length - 1] == '\n') {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private void line(int number, String raw) {
        String text = raw.strip();
        if (text.isEmpty() || text.startsWith("#") || text.startsWith(";")) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F) {
                problems.add(problem(number, label(), null, String.format(Locale.ROOT,
                        "control character U+%04X at column %d; a description is plain text", (int) c,
                        raw.indexOf(c) + 1)));
                return;
            }
        }
        if (text.startsWith("[")) {
            header(number, text);
            return;
        }
        int eq = text.indexOf('=');
        if (eq < 0) {
            problems.add(problem(number, label(), null, "expected 'key = value' or a [section] header, found '"
                    + shorten(text) + "'"));
            return;
        }
        String key = text.substring(0, eq).strip();
        String value = unquote(text.substring(eq + 1).strip());
        if (key.isEmpty()) {
            problems.add(problem(number, label(), null, "a key is missing before '='"));
            return;
        }
        if (current == null) {
            problems.add(problem(number, null, key, "a key outside any section; start with [site CODE],"
                    + " [domain NAME] or [settings]"));
            return;
        }
        if (current == Ignored.SECTION) {
            return;
        }
        String word = key;
        String argument = "";
        int space = indexOfBlank(key);
        if (space > 0) {
            word = key.substring(0, space);
            argument = key.substring(space).strip();
        }
        word = word.toLowerCase(Locale.ROOT);
        if (current instanceof SiteDraft site) {
            siteKey(site, number, key, word, argument, value);
        } else if (current instanceof DomainDraft domain) {
            domainKey(domain, number, key, word, argument, value);
        } else {
            settingKey(number, key, word, argument, value);
        }
    }

    private void header(int number, String text) {
        current = Ignored.SECTION;
        if (!text.endsWith("]")) {
            problems.add(problem(number, null, null, "a section header must end with ']', found '"
                    + shorten(text) + "'"));
            return;
        }
        String inner = text.substring(1, text.length() - 1).strip();
        String type = inner;
        String argument = "";
        int space = indexOfBlank(inner);
        if (space > 0) {
            type = inner.substring(0, space);
            argument = inner.substring(space).strip();
        }
        String label = inner.isEmpty() ? "" : (type.toLowerCase(Locale.ROOT) + (argument.isEmpty() ? "" : " " + argument));
        switch (type.toLowerCase(Locale.ROOT)) {
            case SITE -> {
                if (argument.isEmpty()) {
                    problems.add(problem(number, label, null, "a site section names its code: [site CODE], e.g. [site CEN]"));
                    siteHeaderFailed = true;
                    return;
                }
                SiteCode code;
                try {
                    code = SiteCode.of(argument);
                } catch (IllegalArgumentException e) {
                    problems.add(problem(number, label, null, e.getMessage()));
                    siteHeaderFailed = true;
                    return;
                }
                SiteDraft earlier = sites.get(code);
                if (earlier != null) {
                    problems.add(problem(number, label, null, "site " + code + " is already described at line "
                            + earlier.line));
                    return;
                }
                SiteDraft draft = new SiteDraft(code, label, number);
                sites.put(code, draft);
                current = draft;
            }
            case DOMAIN -> {
                if (argument.isEmpty()) {
                    problems.add(problem(number, label, null, "a domain section names its domain: [domain NAME],"
                            + " e.g. [domain SALES]"));
                    return;
                }
                DomainName name;
                try {
                    name = DomainName.of(argument);
                } catch (IllegalArgumentException e) {
                    problems.add(problem(number, label, null, e.getMessage()));
                    return;
                }
                DomainDraft earlier = domains.get(name);
                if (earlier != null) {
                    problems.add(problem(number, label, null, "domain " + name + " is already described at line "
                            + earlier.line + " (domain names are compared ignoring case)"));
                    return;
                }
                DomainDraft draft = new DomainDraft(name, label, number);
                domains.put(name, draft);
                current = draft;
            }
            case SETTINGS -> {
                if (!argument.isEmpty()) {
                    problems.add(problem(number, label, null, "[settings] takes no name; the settings apply to the"
                            + " whole hierarchy"));
                    return;
                }
                if (settingsLine > 0) {
                    problems.add(problem(number, SETTINGS, null, "a second [settings] section; the first is at line "
                            + settingsLine));
                    return;
                }
                settingsLine = number;
                current = SETTINGS;
            }
            default -> problems.add(problem(number, label.isEmpty() ? null : label, null, "unknown section ["
                    + shorten(inner) + "]; expected [site CODE], [domain NAME] or [settings]"));
        }
    }

    private void siteKey(SiteDraft site, int number, String key, String word, String argument, String value) {
        if (!argument.isEmpty() || !(word.equals("name") || word.equals("parent"))) {
            problems.add(problem(number, site.label, key, "unknown key; a [site] section has name and parent"));
            return;
        }
        if (!firstTime(site.keys, word, number, site.label, key)) {
            return;
        }
        if (value.isEmpty()) {
            problems.add(problem(number, site.label, key, "needs a value"));
            return;
        }
        if (word.equals("name")) {
            if (value.length() > Site.MAX_NAME_LENGTH) {
                problems.add(problem(number, site.label, key, "a site name is at most " + Site.MAX_NAME_LENGTH
                        + " characters, found " + value.length()));
                return;
            }
            site.name = value;
            return;
        }
        try {
            site.parent = SiteCode.of(value);
            site.parentText = value;
            site.parentLine = number;
            if (site.parent.equals(site.code)) {
                problems.add(problem(number, site.label, key, "site " + site.code + " cannot be its own parent"));
                site.parent = null;
            }
        } catch (IllegalArgumentException e) {
            problems.add(problem(number, site.label, key, e.getMessage()));
        }
    }

    private void domainKey(DomainDraft domain, int number, String key, String word, String argument, String value) {
        if (word.equals(SITE) && argument.isEmpty()) {
            if (!firstTime(domain.keys, word, number, domain.label, key)) {
                return;
            }
            try {
                domain.site = SiteCode.of(value);
                domain.siteText = value;
                domain.siteLine = number;
            } catch (IllegalArgumentException e) {
                problems.add(problem(number, domain.label, key, e.getMessage()));
            }
            return;
        }
        if (!word.equals(LOGON_SERVER)) {
            problems.add(problem(number, domain.label, key, "unknown key; a [domain] section has site and"
                    + " 'logon-server NAME = DIRECTORY' lines"));
            return;
        }
        domain.serverListed = true;
        if (argument.isEmpty()) {
            problems.add(problem(number, domain.label, key, "name the logon server: logon-server NAME = DIRECTORY"));
            return;
        }
        NetBiosName name;
        try {
            name = NetBiosName.of(argument);
        } catch (IllegalArgumentException e) {
            problems.add(problem(number, domain.label, key, e.getMessage()));
            return;
        }
        Integer earlier = domain.serverLines.putIfAbsent(name, number);
        if (earlier != null) {
            problems.add(problem(number, domain.label, key, "logon server " + name + " is already listed at line "
                    + earlier + " (names are compared ignoring case)"));
            return;
        }
        if (value.isEmpty()) {
            problems.add(problem(number, domain.label, key, "needs the logon server's root directory (the one that"
                    + " holds or will hold LOGON.SRV)"));
            return;
        }
        Path root;
        try {
            root = baseDir.resolve(value).normalize();
        } catch (InvalidPathException e) {
            problems.add(problem(number, domain.label, key, "'" + shorten(value) + "' is not a path: " + e.getReason()));
            return;
        }
        for (DomainDraft other : domains.values()) {
            for (LogonServer server : other.servers) {
                if (server.root().equals(root)) {
                    problems.add(problem(number, domain.label, key, "the root " + root + " is already the root of"
                            + " logon server " + server.name() + " of domain " + other.name + " (line "
                            + other.serverLines.get(server.name()) + "); a LOGON.SRV holds the requests of one"
                            + " domain"));
                    return;
                }
            }
        }
        domain.servers.add(new LogonServer(name, root));
    }

    private void settingKey(int number, String key, String word, String argument, String value) {
        if (!argument.isEmpty() || !SiteSettings.KEYS.contains(word)) {
            problems.add(problem(number, SETTINGS, key, "unknown setting; the settings are "
                    + String.join(", ", SiteSettings.KEYS)));
            return;
        }
        if (word.equals(SiteSettings.SOFTWARE_CLASS)) {
            try {
                GroupClass groupClass = GroupClass.of(value);
                if (softwareClasses.contains(groupClass)) {
                    problems.add(problem(number, SETTINGS, key, "software class " + groupClass
                            + " is already listed (classes are compared ignoring case)"));
                    return;
                }
                softwareClasses.add(groupClass);
                settingLines.putIfAbsent(word, number);
                settings = settings.with(word, softwareClasses.stream().map(GroupClass::value)
                        .collect(Collectors.joining("\n")));
            } catch (IllegalArgumentException e) {
                problems.add(problem(number, SETTINGS, key, e.getMessage()));
            }
            return;
        }
        if (!firstTime(settingLines, word, number, SETTINGS, key)) {
            return;
        }
        try {
            settings = settings.with(word, value);
        } catch (IllegalArgumentException e) {
            problems.add(problem(number, SETTINGS, key, e.getMessage()));
        }
    }

    private boolean firstTime(Map<String, Integer> keys, String word, int number, String section, String key) {
        Integer earlier = keys.putIfAbsent(word, number);
        if (earlier != null) {
            problems.add(problem(number, section, key, "given twice; the first is at line " + earlier));
            return false;
        }
        return true;
    }

    /** The checks that need the whole file: the hierarchy, domains' sites, cross-setting rules. */
    private void finish() {
        if (sites.isEmpty()) {
            if (problems.isEmpty()) {
                problems.add(problem(0, null, null, "no [site CODE] section; a description names at least the"
                        + " central site"));
            }
        } else {
            checkHierarchy();
        }
        for (DomainDraft domain : domains.values()) {
            if (domain.siteText == null) {
                if (!domain.keys.containsKey(SITE)) {
                    problems.add(problem(domain.line, domain.label, null, "no 'site = CODE' line: name the site the"
                            + " domain belongs to"));
                }
            } else if (domain.site != null && !sites.containsKey(domain.site) && !siteHeaderFailed) {
                problems.add(problem(domain.siteLine, domain.label, SITE, "unknown site " + domain.site
                        + "; the sites are " + siteList()));
            }
            if (!domain.serverListed) {
                problems.add(problem(domain.line, domain.label, null, "no logon server: add a line"
                        + " 'logon-server NAME = DIRECTORY' (clients report to and read requests from logon servers)"));
            }
        }
        if (settings.maxReissueInterval().compareTo(settings.reissueTimeout()) < 0) {
            Integer at = settingLines.get(SiteSettings.REISSUE_CEILING);
            String key = SiteSettings.REISSUE_CEILING;
            if (at == null) {
                at = settingLines.get(SiteSettings.REISSUE_TIMEOUT);
                key = SiteSettings.REISSUE_TIMEOUT;
            }
            problems.add(problem(at == null ? 0 : at, SETTINGS, key, "the re-issue ceiling ("
                    + settings.text(SiteSettings.REISSUE_CEILING) + ") is shorter than the re-issue timeout ("
                    + settings.text(SiteSettings.REISSUE_TIMEOUT) + ")"));
        }
    }

    private void checkHierarchy() {
        List<SiteDraft> ordered = new ArrayList<>(sites.values());
        SiteDraft first = ordered.get(0);
        List<SiteDraft> withoutParent = ordered.stream().filter(d -> !d.keys.containsKey("parent")).toList();
        SiteDraft central = first;
        if (first.keys.containsKey("parent") && withoutParent.size() == 1) {
            // one site has no parent but is not first: the file has the right hierarchy in the wrong order
            central = withoutParent.get(0);
            problems.add(problem(central.line, central.label, null, "site " + central.code + " has no parent, so it"
                    + " is the central site: put its section first in the file"));
        } else if (first.parentText != null) {
            problems.add(problem(first.parentLine, first.label, "parent", "the first site is the central site of"
                    + " the hierarchy and has no parent; put the central site first"));
            first.parent = null;
        }
        for (SiteDraft site : ordered) {
            if (site == central) {
                continue;
            }
            if (site.parentText == null) {
                if (!site.keys.containsKey("parent")) {
                    problems.add(problem(site.line, site.label, null, "no parent: only the first site (" + central.code
                            + ") is the central site; add 'parent = CODE'"));
                }
            } else if (site.parent != null && !sites.containsKey(site.parent)) {
                if (!siteHeaderFailed) {
                    problems.add(problem(site.parentLine, site.label, "parent", "unknown site " + site.parent
                            + "; the sites are " + siteList()));
                }
                site.parent = null;
            }
        }
        // a cycle cannot reach the central site, which has no parent; report each cycle once
        List<SiteCode> cleared = new ArrayList<>();
        for (SiteDraft start : ordered) {
            LinkedHashSet<SiteCode> path = new LinkedHashSet<>();
            SiteDraft at = start;
            while (at != null && !cleared.contains(at.code)) {
                if (!path.add(at.code)) {
                    List<SiteCode> cycle = new ArrayList<>();
                    boolean in = false;
                    for (SiteCode code : path) {
                        in |= code.equals(at.code);
                        if (in) {
                            cycle.add(code);
                        }
                    }
                    SiteDraft cycleStart = cycle.stream().map(sites::get).min(Comparator.comparingInt(d -> d.parentLine))
                            .orElseThrow();
                    cycle.add(at.code);
                    problems.add(problem(cycleStart.parentLine, cycleStart.label, "parent", "sites form a cycle of parents: "
                            + cycle.stream().map(SiteCode::value).collect(Collectors.joining(" -> "))
                            + "; every site must lead up to the central site " + central.code));
                    break;
                }
                at = at.parent == null ? null : sites.get(at.parent);
            }
            cleared.addAll(path);
        }
    }

    private String siteList() {
        return sites.keySet().stream().map(SiteCode::value).collect(Collectors.joining(", "));
    }

    private String label() {
        if (current instanceof SiteDraft site) {
            return site.label;
        }
        if (current instanceof DomainDraft domain) {
            return domain.label;
        }
        return SETTINGS.equals(current) ? SETTINGS : null;
    }

    private Problem problem(int line, String section, String key, String message) {
        SourceLocation at = line > 0 ? SourceLocation.ofLine(source, line) : SourceLocation.ofSource(source);
        return new Problem(at, Optional.ofNullable(section), Optional.ofNullable(key), message);
    }

    private static int indexOfBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ' || text.charAt(i) == '\t') {
                return i;
            }
        }
        return -1;
    }

    /** A value in double quotes keeps its blanks; the quotes are dropped. */
    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
