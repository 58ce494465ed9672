package org.mifsync.resync.agent;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

import org.mifsync.mif.Component;
import org.mifsync.mif.Diagnostic;
import org.mifsync.mif.Group;
import org.mifsync.mif.MifDocument;
import org.mifsync.mif.MifException;
import org.mifsync.mif.MifParser;
import org.mifsync.mif.ParseResult;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.InstanceKey;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryKind;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportException;
import org.mifsync.resync.report.ReportReader;

/**
 * The inventory an agent is given, standing in for a real collector: one MIF file, or a directory
 * of them ({@code *.MIF}, any case) read as one inventory. Each file is a complete inventory in the
 * SMS 1.x sense (no directives, or complete ones); in a directory, files without an Identification
 * group (NOIDMIFs) add their groups to the computer the other files name, as SMS's agents merged
 * them. Files are parsed leniently, as SMS accepted what real agents wrote.
 */
final class InventoryInput {

    /** What the input holds: who the computer is, its inventory per kind, and the parser's warnings. */
    record Read(ClientIdentity identity, Map<InventoryKind, Inventory> kinds, List<Diagnostic> warnings) {
    }

    private final ReportReader reader;
    private final MifParser parser = MifParser.lenient();

    InventoryInput(ReportReader reader) {
        this.reader = reader;
    }

    Read read(Path input, Instant now) throws IOException, AgentException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(input)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(input)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (Files.isRegularFile(entry) && name.toUpperCase(Locale.ROOT).endsWith(".MIF")
                            && !name.startsWith(".")) {
                        files.add(entry);
                    }
                }
            }
            files.sort(null);
            if (files.isEmpty()) {
                throw new AgentException(input + ": no inventory: the directory holds no .MIF file");
            }
        } else if (Files.isRegularFile(input)) {
            files.add(input);
        } else {
            throw new AgentException(input + ": no such inventory file or directory");
        }
        List<Diagnostic> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Map<Path, MifDocument> documents = new HashMap<>();
        Group identification = null;
        for (Path file : files) {
            try {
                ParseResult result = parser.parse(file);
                warnings.addAll(result.warnings());
                documents.put(file, result.document());
                if (identification == null) {
                    identification = result.document().component().groups().stream()
                            .filter(g -> GroupClass.IDENTIFICATION.equals(classOf(g))).findFirst().orElse(null);
                }
            } catch (MifException e) {
                e.errors().forEach(d -> errors.add(d.toString()));
            } catch (NoSuchFileException e) {
                errors.add(file + ": no such file");
            }
        }
        if (!errors.isEmpty()) {
            throw new AgentException(String.join(System.lineSeparator(), errors));
        }
        if (identification == null) {
            throw new AgentException(input + ": no Identification group (" + GroupClass.IDENTIFICATION + ") in the"
                    + " inventory: the agent cannot tell which computer it is");
        }
        ClientIdentity identity = null;
        Path identityFile = null;
        Map<InventoryKind, Map<InstanceKey, GroupInstance>> merged = new EnumMap<>(InventoryKind.class);
        Map<InstanceKey, Path> origin = new HashMap<>();
        for (Path file : files) {
            MifDocument document = withIdentification(documents.get(file), identification);
            ReportReader.Reading reading;
            try {
                reading = reader.read(document, now);
            } catch (ReportException e) {
                e.errors().forEach(d -> errors.add(d.toString()));
                continue;
            }
            warnings.addAll(reading.warnings());
            for (ClientReport report : reading.reports()) {
                if (!report.report().isComplete()) {
                    errors.add(file + ": a delta report is not an inventory; give the agent a complete inventory");
                    continue;
                }
                if (identity == null) {
                    identity = report.identity();
                    identityFile = file;
                } else if (!identity.smsId().equals(report.identity().smsId())) {
                    errors.add(file + ": names SMSID " + report.identity().smsId() + ", but " + identityFile
                            + " names " + identity.smsId() + "; an inventory is one computer's");
                    continue;
                }
                Map<InstanceKey, GroupInstance> kind = merged.computeIfAbsent(report.report().kind(),
                        k -> new HashMap<>());
                for (GroupInstance instance : report.report().inventory().orElseThrow().instances().values()) {
                    GroupInstance earlier = kind.putIfAbsent(instance.key(), instance);
                    if (earlier != null && !earlier.equals(instance)) {
                        errors.add(file + ": group " + instance.key() + " differs from the one in "
                                + origin.get(instance.key()) + "; a group instance is given once");
                    }
                    origin.putIfAbsent(instance.key(), file);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new AgentException(String.join(System.lineSeparator(), errors));
        }
        Map<InventoryKind, Inventory> kinds = new EnumMap<>(InventoryKind.class);
        merged.forEach((kind, instances) -> kinds.put(kind, Inventory.of(instances.values())));
        return new Read(identity, kinds, warnings);
    }

    /** A NOIDMIF gets the computer's Identification group, so that it reads as that computer's groups. */
    private static MifDocument withIdentification(MifDocument document, Group identification) {
        Component c = document.component();
        boolean has = c.groups().stream().anyMatch(g -> GroupClass.IDENTIFICATION.equals(classOf(g)));
        if (has) {
            return document;
        }
        long nextId = c.groups().stream().map(Group::id).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).max().orElse(0) + 1;
        Group copy = new Group(identification.name(), identification.className(), OptionalLong.of(nextId),
                identification.description(), identification.key(), identification.pragma(),
                identification.attributes(), identification.location());
        List<Group> groups = new ArrayList<>(c.groups());
        groups.add(copy);
        return new MifDocument(document.directives(), document.language(), new Component(c.name(), c.description(),
                c.pragma(), c.paths(), c.enums(), groups, c.tables(), c.location()));
    }

    private static GroupClass classOf(Group group) {
        try {
            return GroupClass.of(group.className());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
