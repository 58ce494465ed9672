package org.mifsync.resync.report;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mifsync.mif.Component;
import org.mifsync.mif.Diagnostic;
import org.mifsync.mif.Directive;
import org.mifsync.mif.EnumDef;
import org.mifsync.mif.Group;
import org.mifsync.mif.MifDocument;
import org.mifsync.mif.MifType;
import org.mifsync.mif.MifValue;
import org.mifsync.mif.SourceLocation;
import org.mifsync.mif.Table;
import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.DomainName;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.InstanceKey;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportType;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.settings.SiteSettings;

/**
 * Reads a parsed MIF file as the inventory reports it carries, one per kind.
 *
 * <ul>
 *   <li>The sender comes from the Identification group ({@code MICROSOFT|IDENTIFICATION|1.0}:
 *       attributes {@code SMSID} and {@code Name} required, {@code NetCardID}, {@code Site},
 *       {@code Domain} optional). A file without one is a stand-alone NOIDMIF and is refused
 *       ({@link ReportException.Problem#NOIDMIF}). The Identification and Architecture groups are
 *       the envelope, not inventory.
 *   <li>An IDMIF of another architecture than {@code Personal Computer} (its Architecture group
 *       or {@code //Architecture<…>} header; {@code System} is the SMS 2.0 name of Personal
 *       Computer) is a <em>custom object</em> ({@link ObjectReport}, in {@link Reading#objects()}):
 *       keyed by its {@code //UniqueID<…>} (SMS 2.0) or by the key attributes of its Identification
 *       group (SMS 1.2; every attribute when it declares no KEY), its groups (the Identification
 *       group included, the Architecture group left out) its inventory; always complete, versioned
 *       by {@code //ReportVersion} or, without one, unversioned. With {@linkplain
 *       Builder#idmifCollection IDMIF collection} off it is refused ({@link
 *       ReportException.Problem#FOREIGN_ARCHITECTURE}), and so is, as SMS 2.0 refused it, an IDMIF
 *       with a {@code //UniqueID<…>} whose header targets {@code System} or {@code Personal
 *       Computer}: computers are created by their own inventory, not by an IDMIF.
 *   <li>Type, version, kind and times come from the directives. Without {@code //ReportType} a
 *       report is {@code Full}; without {@code //InventoryKind} a complete report covers both kinds,
 *       split by the {@linkplain Builder#softwareClasses software classes}; without {@code
 *       //ReportVersion} a complete report is {@linkplain ClientReport#versioned() unversioned}
 *       (SMS 1.x). A file with no directive at all is therefore an SMS 1.x report and yields two
 *       reports, HW and SW. A delta needs a version and a kind. {@code //ReportTime} (else the
 *       file time) is the generation time.
 *   <li>Every group with an ID is one instance, its KEY naming the key attributes; the rows of a
 *       table are instances of its template's class. Values are converted by MIF type: {@code
 *       INTEGER} to {@link AttributeValue.Int32}, {@code INTEGER64} to {@link AttributeValue.Int64},
 *       {@code COUNTER}/{@code GAUGE} to {@link AttributeValue.Counter32}, {@code COUNTER64} to
 *       {@link AttributeValue.Counter64}, strings to {@link AttributeValue.Text}, octet strings
 *       (ISO-8859-1 characters) to {@link AttributeValue.Octets}, dates to {@link
 *       AttributeValue.Date}, enumerations to the text of their symbol (as SMS stored them), {@code
 *       UNKNOWN}/{@code UNSUPPORTED} to their variants. An empty date, or one with {@code *}
 *       fields, is {@code UNKNOWN}. Attributes without a value or with an overlay value ({@code
 *       *"path"}) are left out with a warning.
 *   <li>In a delta every group carries {@code PRAGMA = "SMS:Add" | "SMS:Update" | "SMS:Delete"}
 *       (a table's rows take their template's); a delete needs only the key attributes.
 * </ul>
 *
 * <p>Every problem is collected and reported at once, each as {@code file:line:col: message}
 * naming the directive, group or attribute. Immutable and thread-safe.
 *
 * <pre>{@code
 * ReportReader reader = ReportReader.standard();
 * ReportReader.Reading reading = reader.read(MifParser.lenient().parse(file).document(), fileTime);
 * for (ClientReport report : reading.reports()) { ... }
 * }</pre>
 *
 * @since 0.1
 */
public final class ReportReader {

    /** The class of the group that names the client. */
    public static final GroupClass IDENTIFICATION = GroupClass.IDENTIFICATION;
    /** The class of the SMS 1.x Architecture group. */
    public static final GroupClass ARCHITECTURE = GroupClass.of("MICROSOFT|ARCHITECTURE|1.0");
    /** The only architecture whose IDMIFs are inventory reports. */
    public static final String PERSONAL_COMPUTER = "Personal Computer";

    static final String REPORT_TYPE = "ReportType";
    static final String REPORT_VERSION = "ReportVersion";
    static final String INVENTORY_KIND = "InventoryKind";
    static final String REPORT_TIME = "ReportTime";
    static final String RESYNC_REQUEST = "ResyncRequest";
    static final String ARCHITECTURE_DIRECTIVE = "Architecture";

    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** The SMS 2.0 header directive that keys a custom object. */
    static final String UNIQUE_ID_DIRECTIVE = "UniqueID";

    private final Set<GroupClass> softwareClasses;
    private final boolean idmifCollection;

    private ReportReader(Set<GroupClass> softwareClasses, boolean idmifCollection) {
        this.softwareClasses = Set.copyOf(softwareClasses);
        this.idmifCollection = idmifCollection;
    }

    /**
     * Returns a reader whose only software class is {@code MICROSOFT|SOFTWARE|1.0}: the built-in
     * defaults, for reading without a site. A site's reader is {@link #standard(SiteSettings)}.
     *
     * @return the reader
     */
    public static ReportReader standard() {
        return new ReportReader(Set.of(GroupClass.SOFTWARE), true);
    }

    /**
     * Returns a reader with a site's software classes and {@code idmif-collection} switch: the one a
     * site's loader reads with. Pass {@code store.settings()} for what {@code site init} stored.
     *
     * @param settings the site's settings
     * @return the reader
     * @since 0.1
     */
    public static ReportReader standard(SiteSettings settings) {
        return builder().settings(settings).build();
    }

    /**
     * Returns a builder, preset as {@link #standard()}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Configures a {@link ReportReader}. Not thread-safe; build once and share the reader.
     *
     * @since 0.1
     */
    public static final class Builder {
        private Set<GroupClass> softwareClasses = Set.of(GroupClass.SOFTWARE);
        private boolean idmifCollection = true;

        private Builder() {
        }

        /**
         * Sets whether IDMIFs of other architectures are read as custom objects ({@code
         * idmif-collection}); when off they are refused as {@link
         * ReportException.Problem#FOREIGN_ARCHITECTURE}.
         *
         * @param value true to read them (the default)
         * @return this builder
         */
        public Builder idmifCollection(boolean value) {
            this.idmifCollection = value;
            return this;
        }

        /**
         * Takes the settings a reader uses from a site's settings: its software classes and
         * {@code idmif-collection}. The setters override single values afterwards.
         *
         * @param value the settings, e.g. {@code store.settings()}
         * @return this builder
         * @since 0.1
         */
        public Builder settings(SiteSettings value) {
            Objects.requireNonNull(value, "settings");
            this.softwareClasses = Set.copyOf(value.softwareClasses());
            this.idmifCollection = value.idmifCollection();
            return this;
        }

        /**
         * Sets the classes that are software inventory; every other class is hardware.
         *
         * @param classes the software classes (compared ignoring case)
         * @return this builder
         */
        public Builder softwareClasses(Set<GroupClass> classes) {
            this.softwareClasses = Set.copyOf(Objects.requireNonNull(classes, "software classes"));
            return this;
        }

        /**
         * Builds the reader.
         *
         * @return the reader
         */
        public ReportReader build() {
            return new ReportReader(softwareClasses, idmifCollection);
        }
    }

    /**
     * Returns the classes this reader counts as software inventory.
     *
     * @return the software classes
     */
    public Set<GroupClass> softwareClasses() {
        return softwareClasses;
    }

    /**
     * Returns the kind a group class belongs to.
     *
     * @param groupClass the class
     * @return {@link InventoryKind#SW} for a software class, else {@link InventoryKind#HW}
     */
    public InventoryKind kindOf(GroupClass groupClass) {
        return softwareClasses.contains(groupClass) ? InventoryKind.SW : InventoryKind.HW;
    }

    /**
     * What a file holds: one report, or two (HW and SW) for a complete report without {@code
     * //InventoryKind}, and the warnings met on the way.
     *
     * <p>Immutable and thread-safe.
     *
     * @param reports the reports, HW before SW
     * @param warnings every warning, with its place; each prints as {@code file:line:col: warning:
     *     message}
     * @param identityWarnings the warnings about the Identification group (a {@code Site} or {@code
     *     Domain} value that is not valid and was left out), also in {@code warnings}: they concern
     *     who the client is, so the loader keeps them in the load log
     * @param objects the custom object an IDMIF of another architecture describes (then {@code
     *     reports} is empty)
     * @since 0.1
     */
    public record Reading(List<ClientReport> reports, List<Diagnostic> warnings,
            List<Diagnostic> identityWarnings, List<ObjectReport> objects) {
        /**
         * Copies the lists.
         *
         * @param reports the reports
         * @param warnings the warnings
         * @param identityWarnings the warnings about the Identification group
         * @param objects the custom objects
         */
        public Reading {
            reports = List.copyOf(reports);
            warnings = List.copyOf(warnings);
            identityWarnings = List.copyOf(identityWarnings);
            objects = List.copyOf(objects);
        }

        /**
         * A reading of client reports.
         *
         * @param reports the reports
         * @param warnings the warnings
         * @param identityWarnings the warnings about the Identification group
         */
        public Reading(List<ClientReport> reports, List<Diagnostic> warnings, List<Diagnostic> identityWarnings) {
            this(reports, warnings, identityWarnings, List.of());
        }

        /**
         * A reading without warnings about the Identification group.
         *
         * @param reports the reports
         * @param warnings the warnings
         */
        public Reading(List<ClientReport> reports, List<Diagnostic> warnings) {
            this(reports, warnings, List.of());
        }
    }

    /**
     * Reads a parsed MIF file.
     *
     * @param document the parsed file
     * @param fileTime when the file was written, the generation time of a report without {@code
     *     //ReportTime}
     * @return the reports and warnings
     * @throws ReportException if the file is a NOIDMIF, an IDMIF of another architecture that is
     *     refused (collection off, or an SMS 2.0 IDMIF targeting a computer), or unusable (every
     *     problem listed)
     */
    public Reading read(MifDocument document, Instant fileTime) throws ReportException {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(fileTime, "file time");
        return new Pass(document, fileTime).run();
    }

    /** One reading: collects errors and warnings so that all of them are reported. */
    private final class Pass {
        private final MifDocument document;
        private final Component component;
        private final Instant fileTime;
        private final List<Diagnostic> errors = new ArrayList<>();
        private final List<Diagnostic> warnings = new ArrayList<>();
        private final List<Diagnostic> identityWarnings = new ArrayList<>();

        Pass(MifDocument document, Instant fileTime) {
            this.document = document;
            this.component = document.component();
            this.fileTime = fileTime;
        }

        Reading run() throws ReportException {
            Optional<String> architecture = customArchitecture();
            if (architecture.isPresent()) {
                return object(architecture.get());
            }
            Group identification = identificationGroup();
            ClientIdentity identity = identity(identification);
            Directives d = directives();
            ReportType type = d.type.orElse(ReportType.FULL);
            if (type == ReportType.DELTA && d.version.isEmpty()) {
                errors.add(Diagnostic.error(at(component.location()), "a delta report needs //" + REPORT_VERSION
                        + "<major.minor>"));
            }
            if (type == ReportType.DELTA && d.kind.isEmpty()) {
                errors.add(Diagnostic.error(at(component.location()),
                        "a delta report needs //" + INVENTORY_KIND + "<HW|SW>"));
            }
            if (d.version.isPresent() && d.kind.isEmpty()) {
                errors.add(Diagnostic.error(at(d.versionAt), "//" + REPORT_VERSION + " needs //" + INVENTORY_KIND
                        + "<HW|SW>, as versions are kept per kind"));
            }
            Content content = content(type == ReportType.DELTA, d.kind, false);
            if (!errors.isEmpty() || identity == null) {
                throw new ReportException(ReportException.Problem.MALFORMED, errors);
            }
            Instant generatedAt = d.time.orElse(fileTime);
            List<ClientReport> reports = new ArrayList<>();
            List<InventoryKind> kinds = d.kind.map(List::of).orElse(List.of(InventoryKind.HW, InventoryKind.SW));
            for (InventoryKind kind : kinds) {
                try {
                    reports.add(report(identity, kind, type, d, generatedAt, content));
                } catch (IllegalArgumentException e) {
                    SourceLocation at = d.versionAt != null ? d.versionAt : d.typeAt != null ? d.typeAt
                            : component.location();
                    errors.add(Diagnostic.error(at(at), e.getMessage()));
                }
            }
            if (!errors.isEmpty()) {
                throw new ReportException(ReportException.Problem.MALFORMED, errors);
            }
            return new Reading(reports, warnings, identityWarnings);
        }

        private ClientReport report(ClientIdentity identity, InventoryKind kind, ReportType type, Directives d,
                Instant generatedAt, Content content) {
            boolean versioned = d.version.isPresent();
            ReportVersion version = d.version.orElse(ReportVersion.of(0, 0));
            InventoryReport report;
            if (type == ReportType.DELTA) {
                report = InventoryReport.delta(identity.smsId(), kind, version, generatedAt,
                        InventoryDelta.of(content.adds, content.updates, content.deletes));
            } else {
                Inventory inventory = Inventory.of(content.instances.values()).filter(c -> kindOf(c) == kind);
                report = new InventoryReport(identity.smsId(), kind, type, version, generatedAt, d.request, inventory);
            }
            return new ClientReport(identity, report, versioned);
        }

        // ---- envelope -------------------------------------------------------------------------

        /**
         * The custom architecture the file's header or Architecture group names, if any; refuses an
         * SMS 2.0 IDMIF targeting a computer, and every custom one when collection is off.
         */
        private Optional<String> customArchitecture() throws ReportException {
            Optional<Directive> uniqueId = document.directives().stream().filter(d -> d.is(UNIQUE_ID_DIRECTIVE))
                    .findFirst();
            for (Directive directive : document.directives()) {
                if (!directive.is(ARCHITECTURE_DIRECTIVE)) {
                    continue;
                }
                boolean computer = directive.value().equalsIgnoreCase(PERSONAL_COMPUTER)
                        || directive.value().equalsIgnoreCase("System");
                if (computer && uniqueId.isPresent()) {
                    throw new ReportException(ReportException.Problem.FOREIGN_ARCHITECTURE, List.of(
                            Diagnostic.error(at(directive.location()), "an IDMIF with //UniqueID<"
                            + uniqueId.get().value() + "> targets //Architecture<" + directive.value() + ">; as SMS"
                            + " 2.0, mifsync creates no computer from an IDMIF (a computer's inventory names its SMSID"
                            + " instead)")));
                }
                if (!computer) {
                    return Optional.of(collected(directive.value().strip(), directive.location(),
                            "//Architecture<" + directive.value() + ">"));
                }
            }
            for (Group group : component.groups()) {
                if (!ARCHITECTURE.equals(classOf(group))) {
                    continue;
                }
                Optional<String> name = group.attributeNamed("ArchitectureName").flatMap(a -> a.value())
                        .flatMap(ReportReader::text);
                if (name.isPresent() && !name.get().equalsIgnoreCase(PERSONAL_COMPUTER)) {
                    return Optional.of(collected(name.get().strip(), group.location(),
                            "Architecture group names \"" + name.get() + "\""));
                }
            }
            return Optional.empty();
        }

        private String collected(String architecture, SourceLocation where, String what) throws ReportException {
            if (!idmifCollection) {
                throw new ReportException(ReportException.Problem.FOREIGN_ARCHITECTURE, List.of(Diagnostic.error(
                        at(where), what + ", a custom object; IDMIF collection is off (idmif-collection), so only"
                        + " Personal Computer IDMIFs are loaded")));
            }
            return architecture;
        }

        /** The custom object an IDMIF of another architecture describes. */
        private Reading object(String architecture) throws ReportException {
            Directives d = directives();
            if (d.type.isPresent() && d.type.get() != ReportType.FULL) {
                errors.add(Diagnostic.error(at(d.typeAt), "an IDMIF describes its object whole; //" + REPORT_TYPE + "<"
                        + d.type.get() + "> is for a computer's inventory"));
            }
            if (d.kind.isPresent()) {
                warnings.add(Diagnostic.warning(at(component.location()), "//" + INVENTORY_KIND + " is ignored in an"
                        + " IDMIF of architecture " + architecture));
            }
            String key = objectKey(architecture);
            Content content = content(false, Optional.empty(), true);
            if (!errors.isEmpty() || key == null) {
                throw new ReportException(ReportException.Problem.MALFORMED, errors);
            }
            try {
                ObjectReport report = new ObjectReport(architecture, key, d.version.orElse(ReportVersion.of(0, 0)),
                        d.version.isPresent(), d.time.orElse(fileTime), Inventory.of(content.instances.values()));
                return new Reading(List.of(), warnings, List.of(), List.of(report));
            } catch (IllegalArgumentException e) {
                throw new ReportException(ReportException.Problem.MALFORMED, List.of(
                        Diagnostic.error(at(component.location()), e.getMessage())));
            }
        }

        /** The {@code //UniqueID<…>} value, else the Identification group's key values; null after an error. */
        private String objectKey(String architecture) {
            for (Directive directive : document.directives()) {
                if (directive.is(UNIQUE_ID_DIRECTIVE)) {
                    if (directive.arguments().size() != 1 || directive.value().isBlank()) {
                        errors.add(Diagnostic.error(at(directive.location()),
                                "//" + UNIQUE_ID_DIRECTIVE + " takes one <id>,"
                                + " not blank"));
                        return null;
                    }
                    return directive.value().strip();
                }
            }
            List<Group> found = component.groups().stream().filter(g -> IDENTIFICATION.equals(classOf(g))).toList();
            if (found.isEmpty()) {
                errors.add(Diagnostic.error(at(component.location()),
                        "an IDMIF of architecture " + architecture + " needs"
                        + " //" + UNIQUE_ID_DIRECTIVE + "<…> (SMS 2.0) or an Identification group (" + IDENTIFICATION
                        + ", SMS 1.2) to tell its objects apart"));
                return null;
            }
            Group identification = found.get(0);
            List<org.mifsync.mif.Attribute> keys = identification.key().isEmpty() ? identification.attributes()
                    : identification.key().stream().map(id -> identification.attributes().stream()
                    .filter(a -> a.id() == id).findFirst().orElse(null)).toList();
            List<String> values = new ArrayList<>();
            for (org.mifsync.mif.Attribute attribute : keys) {
                Optional<String> text = attribute == null ? Optional.empty() : attribute.value().flatMap(v ->
                        v instanceof MifValue.Int n ? Optional.of(n.value().toString()) : text(v));
                if (text.isEmpty() || text.get().isBlank()) {
                    SourceLocation place = attribute == null ? identification.location() : attribute.location();
                    errors.add(Diagnostic.error(at(place),
                            "the Identification group keys the object; key attribute "
                            + (attribute == null ? "" : "'" + attribute.name() + "' ") + "has no value"));
                    return null;
                }
                values.add(text.get().strip());
            }
            if (values.isEmpty()) {
                errors.add(Diagnostic.error(at(identification.location()),
                        "the Identification group has no attribute to key"
                        + " the object by"));
                return null;
            }
            return String.join("|", values);
        }

        private Group identificationGroup() throws ReportException {
            List<Group> found = component.groups().stream().filter(g -> IDENTIFICATION.equals(classOf(g))).toList();
            if (found.isEmpty()) {
                throw new ReportException(ReportException.Problem.NOIDMIF, List.of(
                        Diagnostic.error(at(component.location()), "no Identification group (" + IDENTIFICATION
                        + "): a stand-alone NOIDMIF names no client to add its groups to")));
            }
            for (Group extra : found.subList(1, found.size())) {
                errors.add(Diagnostic.error(at(extra.location()),
                        "a second Identification group; a report names one client"));
            }
            return found.get(0);
        }

        private ClientIdentity identity(Group group) {
            SmsId smsId = null;
            NetBiosName name = null;
            Optional<String> smsIdText = identificationText(group, "SMSID", true);
            try {
                smsId = smsIdText.map(SmsId::parse).orElse(null);
            } catch (IllegalArgumentException e) {
                errors.add(Diagnostic.error(whereAttr(group, "SMSID"), e.getMessage()));
            }
            Optional<String> nameText = identificationText(group, "Name", true);
            try {
                name = nameText.map(NetBiosName::of).orElse(null);
            } catch (IllegalArgumentException e) {
                errors.add(Diagnostic.error(whereAttr(group,
                        "Name"), "Identification attribute Name: " + e.getMessage()));
            }
            Optional<String> card = identificationText(group, "NetCardID", false).filter(c -> !c.isBlank());
            if (card.isPresent() && (card.get().length() > ClientIdentity.MAX_CARD_LENGTH
                    || card.get().chars().anyMatch(c -> c < 0x20 || c == 0x7F))) {
                errors.add(Diagnostic.error(whereAttr(group, "NetCardID"), "NetCardID \"" + card.get()
                        + "\" must be at most 64 characters without control characters"));
                card = Optional.empty();
            }
            Optional<SiteCode> site = optionalValue(group, "Site", SiteCode::of);
            Optional<DomainName> domain = optionalValue(group, "Domain", DomainName::of);
            if (smsId == null || name == null) {
                return null;
            }
            return new ClientIdentity(smsId, name, card, site, domain);
        }

        private <T> Optional<T> optionalValue(Group group, String attribute, java.util.function.Function<String, T> parse) {
            Optional<String> text = identificationText(group, attribute, false).filter(t -> !t.isBlank());
            try {
                return text.map(parse);
            } catch (IllegalArgumentException e) {
                // site and domain only describe the client; a bad one does not make the report unusable,
                // but it is said where an administrator looks (the load log), never dropped silently
                Diagnostic warning = Diagnostic.warning(whereAttr(group, attribute), "Identification attribute "
                        + attribute + " ignored: " + e.getMessage());
                warnings.add(warning);
                identityWarnings.add(warning);
                return Optional.empty();
            }
        }

        private Optional<String> identificationText(Group group, String attribute, boolean required) {
            Optional<org.mifsync.mif.Attribute> found = group.attributeNamed(attribute);
            if (found.isEmpty()) {
                if (required) {
                    errors.add(Diagnostic.error(at(group.location()),
                            "Identification group has no " + attribute + " attribute"));
                }
                return Optional.empty();
            }
            Optional<String> text = found.get().value().flatMap(ReportReader::text);
            if (text.isEmpty() && required) {
                errors.add(Diagnostic.error(at(found.get().location()), "Identification attribute " + attribute
                        + " needs a string value"));
            }
            return text;
        }

        private SourceLocation whereAttr(Group group, String attribute) {
            return at(group.attributeNamed(attribute).map(org.mifsync.mif.Attribute::location)
                    .orElse(group.location()));
        }

        // ---- directives -----------------------------------------------------------------------

        private final class Directives {
            Optional<ReportType> type = Optional.empty();
            Optional<ReportVersion> version = Optional.empty();
            Optional<InventoryKind> kind = Optional.empty();
            Optional<Instant> time = Optional.empty();
            Optional<Instant> request = Optional.empty();
            SourceLocation typeAt;
            SourceLocation versionAt;
        }

        private Directives directives() {
            Directives d = new Directives();
            Map<String, SourceLocation> seen = new LinkedHashMap<>();
            for (Directive directive : document.directives()) {
                String name = known(directive);
                if (name == null) {
                    continue;
                }
                SourceLocation earlier = seen.putIfAbsent(name, directive.location());
                if (earlier != null) {
                    errors.add(Diagnostic.error(at(directive.location()), "//" + name + " is given twice (first at "
                            + at(earlier) + ")"));
                    continue;
                }
                String value = directive.value();
                SourceLocation at = at(directive.location());
                String prefix = "//" + name + "<" + value + ">: ";
                if (directive.arguments().size() != 1) {
                    errors.add(Diagnostic.error(at, prefix + "takes exactly one <argument>, found "
                            + directive.arguments().size()));
                    continue;
                }
                try {
                    switch (name) {
                        case REPORT_TYPE -> {
                            d.type = Optional.of(ReportType.parse(value.trim()));
                            d.typeAt = directive.location();
                        }
                        case REPORT_VERSION -> {
                            d.version = Optional.of(ReportVersion.parse(value.trim()));
                            d.versionAt = directive.location();
                        }
                        case INVENTORY_KIND -> d.kind = Optional.of(InventoryKind.parse(value.trim()));
                        case REPORT_TIME -> d.time = Optional.of(time(value.trim()));
                        default -> d.request = Optional.of(time(value.trim()));
                    }
                } catch (IllegalArgumentException e) {
                    errors.add(Diagnostic.error(at, prefix + e.getMessage() + expected(name)));
                }
            }
            return d;
        }

        private String known(Directive directive) {
            for (String name : List.of(REPORT_TYPE, REPORT_VERSION, INVENTORY_KIND, REPORT_TIME, RESYNC_REQUEST)) {
                if (directive.is(name)) {
                    return name;
                }
            }
            return null;
        }

        private String expected(String name) {
            return switch (name) {
                case REPORT_TYPE -> " (expected Full, Delta or Resync)";
                case REPORT_VERSION -> " (expected major.minor, e.g. 3.1)";
                case INVENTORY_KIND -> " (expected HW or SW)";
                default -> "";
            };
        }

        private Instant time(String text) {
            return DmiDates.parseDirectiveTime(text).orElseThrow(() -> new IllegalArgumentException(
                    "not a time yyyymmddhhmmss (UTC), e.g. 20260131235959"));
        }

        // ---- content --------------------------------------------------------------------------

        /** Instances by key for a complete report; adds, updates and deletes for a delta. */
        private final class Content {
            final Map<InstanceKey, GroupInstance> instances = new LinkedHashMap<>();
            final List<GroupInstance> adds = new ArrayList<>();
            final List<GroupInstance> updates = new ArrayList<>();
            final List<InstanceKey> deletes = new ArrayList<>();
        }

        private enum Op { ADD, UPDATE, DELETE }

        private Content content(boolean delta, Optional<InventoryKind> kind, boolean keepIdentification) {
            Content content = new Content();
            Map<GroupClass, Group> templates = new LinkedHashMap<>();
            for (Group group : component.groups()) {
                GroupClass groupClass = classOf(group);
                if (groupClass == null || (IDENTIFICATION.equals(groupClass) && !keepIdentification)
                        || ARCHITECTURE.equals(groupClass)) {
                    continue;
                }
                if (kind.isPresent() && kindOf(groupClass) != kind.get()) {
                    errors.add(Diagnostic.error(at(group.location()),
                            "group '" + group.name() + "' of class " + groupClass
                            + " is " + kindOf(groupClass) + " inventory, but the report's //" + INVENTORY_KIND
                            + " is " + kind.get()));
                    continue;
                }
                Op op = operation(group, delta);
                if (group.isTemplate()) {
                    templates.putIfAbsent(groupClass, group);
                    continue;
                }
                if (group.id().isEmpty()) {
                    warnings.add(Diagnostic.warning(at(group.location()), "group '" + group.name()
                            + "' has neither ID nor KEY and is skipped"));
                    continue;
                }
                List<Optional<MifValue>> values = group.attributes().stream().map(a -> a.value()).toList();
                add(content, op, groupClass, group, group.attributes(), values, group.location());
            }
            for (Table table : component.tables()) {
                GroupClass groupClass = classOf(table.className(), table.location());
                Group template = groupClass == null ? null : templates.get(groupClass);
                if (template == null) {
                    // a template of the wrong kind was reported above; a missing one the parser reports
                    continue;
                }
                Op op = operation(template, delta);
                List<org.mifsync.mif.Attribute> columns = new ArrayList<>(template.attributes());
                columns.sort(Comparator.comparingLong(org.mifsync.mif.Attribute::id));
                for (Table.Row row : table.rows()) {
                    List<Optional<MifValue>> values = row.values().stream().map(Optional::of).toList();
                    add(content, op, groupClass, template, columns, values, row.location());
                }
            }
            return content;
        }

        private Op operation(Group group, boolean delta) {
            Optional<String> sms = group.pragma().flatMap(ReportReader::smsPragma);
            if (!delta) {
                if (sms.isPresent()) {
                    warnings.add(Diagnostic.warning(at(group.location()), "PRAGMA \"SMS:" + sms.get()
                            + "\" is ignored in a complete report"));
                }
                return Op.ADD;
            }
            if (sms.isEmpty()) {
                errors.add(Diagnostic.error(at(group.location()),
                        "group '" + group.name() + "' of a delta report needs PRAGMA ="
                        + " \"SMS:Add\", \"SMS:Update\" or \"SMS:Delete\""));
                return null;
            }
            return switch (sms.get().toUpperCase(Locale.ROOT)) {
                case "ADD" -> Op.ADD;
                case "UPDATE" -> Op.UPDATE;
                case "DELETE" -> Op.DELETE;
                default -> {
                    errors.add(Diagnostic.error(at(group.location()),
                            "group '" + group.name() + "' has PRAGMA \"SMS:" + sms.get()
                            + "\"; expected SMS:Add, SMS:Update or SMS:Delete"));
                    yield null;
                }
            };
        }

        private void add(Content content, Op op, GroupClass groupClass, Group group,
                List<org.mifsync.mif.Attribute> attributes, List<Optional<MifValue>> values, SourceLocation at) {
            if (op == null) {
                return;
            }
            List<Integer> keyIds = new ArrayList<>();
            for (long id : group.key()) {
                if (id > Integer.MAX_VALUE) {
                    errors.add(Diagnostic.error(at(group.location()),
                            "group '" + group.name() + "' has key attribute ID " + id
                            + ", above " + Integer.MAX_VALUE));
                    return;
                }
                keyIds.add((int) id);
            }
            List<Attribute> converted = new ArrayList<>();
            int errorsBefore = errors.size();
            for (int i = 0; i < attributes.size(); i++) {
                org.mifsync.mif.Attribute attribute = attributes.get(i);
                boolean isKey = keyIds.contains((int) Math.min(attribute.id(), Integer.MAX_VALUE));
                if (op == Op.DELETE && !isKey) {
                    continue; // a delete names its instance by key; other values are not compared
                }
                String what = "attribute '" + attribute.name() + "' (ID " + attribute.id() + ") of group '"
                        + group.name() + "'";
                SourceLocation valueAt = at == group.location() ? attribute.location() : at;
                if (attribute.id() > Integer.MAX_VALUE) {
                    errors.add(Diagnostic.error(at(attribute.location()),
                            what + " has an ID above " + Integer.MAX_VALUE));
                    continue;
                }
                Optional<MifValue> value = values.get(i);
                if (value.isEmpty() || value.get() instanceof MifValue.Overlay) {
                    if (isKey) {
                        errors.add(Diagnostic.error(at(valueAt), "key " + what + " has no value"));
                    } else {
                        warnings.add(Diagnostic.warning(at(valueAt), what + " has no static value and is left out"));
                    }
                    continue;
                }
                AttributeValue v = convert(attribute, value.get(), what, valueAt);
                if (v != null) {
                    try {
                        converted.add(Attribute.of((int) attribute.id(), attribute.name(), v));
                    } catch (IllegalArgumentException e) {
                        errors.add(Diagnostic.error(at(attribute.location()), what + ": " + e.getMessage()));
                    }
                }
            }
            if (errors.size() > errorsBefore) {
                return;
            }
            if (op == Op.DELETE && keyIds.isEmpty()) {
                content.deletes.add(new InstanceKey(groupClass, List.of()));
                return;
            }
            if (converted.isEmpty()) {
                warnings.add(Diagnostic.warning(at(at), "group '" + group.name() + "' has no attribute with a value and"
                        + " is skipped"));
                return;
            }
            GroupInstance instance;
            try {
                instance = GroupInstance.of(groupClass, keyIds, converted);
            } catch (IllegalArgumentException e) {
                errors.add(Diagnostic.error(at(at), "group '" + group.name() + "': " + e.getMessage()));
                return;
            }
            switch (op) {
                case ADD -> {
                    if (content.instances.put(instance.key(), instance) != null) {
                        // SMS kept the last of two instances with one key; so do we, but say so
                        warnings.add(Diagnostic.warning(at(at),
                                "instance " + instance.key() + " is given twice; the last"
                                + " one counts"));
                        content.adds.removeIf(i -> i.key().equals(instance.key()));
                    }
                    content.adds.add(instance);
                }
                case UPDATE -> content.updates.add(instance);
                default -> content.deletes.add(instance.key());
            }
        }

        private AttributeValue convert(org.mifsync.mif.Attribute attribute, MifValue value, String what,
                SourceLocation at) {
            MifType type = attribute.type();
            if (value instanceof MifValue.Keyword keyword) {
                AttributeValue.Family family = family(type);
                return keyword == MifValue.Keyword.UNKNOWN ? AttributeValue.unknown(family)
                        : AttributeValue.unsupported(family);
            }
            SourceLocation place = at(at);
            String prefix = what + ": ";
            if (type instanceof MifType.Primitive primitive) {
                if (primitive == MifType.Primitive.DATE) {
                    if (!(value instanceof MifValue.Text text)) {
                        errors.add(Diagnostic.error(place, prefix + "expected a date string, found "
                                + describe(value)));
                        return null;
                    }
                    DmiDates.Parsed parsed = DmiDates.parse(text.value());
                    if (parsed.problem().isPresent()) {
                        errors.add(Diagnostic.error(place, prefix + parsed.problem().get()));
                        return null;
                    }
                    return parsed.value().<AttributeValue>map(AttributeValue::date)
                            .orElse(AttributeValue.unknown(AttributeValue.Family.DATE));
                }
                if (!(value instanceof MifValue.Int number)) {
                    errors.add(Diagnostic.error(place, prefix + "expected a number for type " + primitive
                            + ", found " + describe(value)));
                    return null;
                }
                BigInteger n = number.value();
                try {
                    return switch (primitive) {
                        case INTEGER -> AttributeValue.int32(inRange(n, INT_MIN, INT_MAX).intValueExact());
                        case INTEGER64 -> AttributeValue.int64(inRange(n, LONG_MIN, LONG_MAX).longValueExact());
                        case COUNTER, GAUGE -> AttributeValue.counter32(inRange(n, BigInteger.ZERO,
                                BigInteger.valueOf(AttributeValue.Counter32.MAX)).longValueExact());
                        default -> AttributeValue.counter64(n);
                    };
                } catch (IllegalArgumentException | ArithmeticException e) {
                    errors.add(Diagnostic.error(place, prefix + "value " + n + " is out of range for " + primitive));
                    return null;
                }
            }
            if (type instanceof MifType.StringType string) {
                String text;
                if (value instanceof MifValue.Text t) {
                    text = t.value();
                } else if (value instanceof MifValue.Int number) {
                    // SMS took a number wherever a string was declared; keep its digits
                    warnings.add(Diagnostic.warning(place, prefix + "number " + number.value()
                            + " given for a string is kept as text"));
                    text = number.value().toString();
                } else {
                    errors.add(Diagnostic.error(place, prefix + "expected a string, found " + describe(value)));
                    return null;
                }
                if (string.kind() != MifType.StringKind.OCTETSTRING) {
                    return AttributeValue.text(text);
                }
                if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
                    errors.add(Diagnostic.error(place, prefix
                            + "an octet string holds characters up to \\xFF only"));
                    return null;
                }
                return AttributeValue.octets(text.getBytes(StandardCharsets.ISO_8859_1));
            }
            // enumerations: SMS stored the symbol's text, so a report carries the symbol
            if (value instanceof MifValue.Symbol symbol) {
                return AttributeValue.text(symbol.symbol());
            }
            if (value instanceof MifValue.Text text) {
                return AttributeValue.text(text.value());
            }
            if (value instanceof MifValue.Int number) {
                Optional<EnumDef> def = enumOf(type);
                if (number.value().bitLength() < 32 && def.isPresent()) {
                    Optional<String> symbol = def.get().symbolOf(number.value().intValue());
                    if (symbol.isPresent()) {
                        return AttributeValue.text(symbol.get());
                    }
                }
                return AttributeValue.text(number.value().toString());
            }
            errors.add(Diagnostic.error(place, prefix + "unexpected value " + describe(value)));
            return null;
        }

        private Optional<EnumDef> enumOf(MifType type) {
            if (type instanceof MifType.InlineEnum inline) {
                return Optional.of(inline.definition());
            }
            return type instanceof MifType.EnumRef ref ? component.enumNamed(ref.name()) : Optional.empty();
        }

        private GroupClass classOf(Group group) {
            return classOf(group.className(), group.location());
        }

        private GroupClass classOf(String className, SourceLocation at) {
            try {
                return GroupClass.of(className);
            } catch (IllegalArgumentException e) {
                errors.add(Diagnostic.error(at(at), e.getMessage()));
                return null;
            }
        }
    }

    private static BigInteger inRange(BigInteger n, BigInteger min, BigInteger max) {
        if (n.compareTo(min) < 0 || n.compareTo(max) > 0) {
            throw new ArithmeticException("out of range");
        }
        return n;
    }

    static AttributeValue.Family family(MifType type) {
        return switch (type.family()) {
            case INTEGER -> AttributeValue.Family.INTEGER;
            case OCTETS -> AttributeValue.Family.OCTETS;
            case DATE -> AttributeValue.Family.DATE;
            default -> AttributeValue.Family.STRING; // STRING, and ENUM stored as its symbol's text
        };
    }

    private static Optional<String> text(MifValue value) {
        if (value instanceof MifValue.Text t) {
            return Optional.of(t.value());
        }
        if (value instanceof MifValue.Symbol s) {
            return Optional.of(s.symbol());
        }
        return Optional.empty();
    }

    /** The SMS part of a pragma such as {@code "SNMP:1.2.3, SMS:Update"}: {@code Update}. */
    static Optional<String> smsPragma(String pragma) {
        for (String part : pragma.split(",")) {
            int colon = part.indexOf(':');
            if (colon > 0 && part.substring(0, colon).trim().equalsIgnoreCase("SMS")) {
                return Optional.of(part.substring(colon + 1).trim());
            }
        }
        return Optional.empty();
    }

    private static String describe(MifValue value) {
        if (value instanceof MifValue.Text t) {
            return "the string \"" + t.value() + "\"";
        }
        if (value instanceof MifValue.Int i) {
            return "the number " + i.value();
        }
        return value.toString();
    }

    /**
     * The place of a diagnostic: the parser's location, or the report as a whole for a document
     * built without locations (printed {@code <report>}, as before).
     */
    private static SourceLocation at(SourceLocation location) {
        return location == null ? SourceLocation.ofSource("<report>") : location;
    }
}
