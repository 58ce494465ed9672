package org.mifsync.resync.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.mifsync.model.InventoryKind;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SmsId;
import org.mifsync.resync.files.internal.DurableFiles;

/**
 * The agent's state file {@code AGENT.INI}: the client's SMSID; per kind the version last sent, the
 * snapshot file holding the inventory it described, and the request time last answered; and the
 * reports made but not yet known to be delivered (the outbox). It is the one commit point of a
 * run: snapshots and outbox files are written first under names nothing refers to, then this file
 * is replaced atomically.
 *
 * <pre>
 * [Agent]
 * SMSID=ABC00001
 * [HW]
 * Version=3.2
 * Inventory=HW-3-2.MIF
 * RequestTime=20260301100000
 * [Outbox]
 * File=HW_ABC00001_3_3.MIF
 * </pre>
 */
final class StateFile {

    static final String NAME = "AGENT.INI";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuuMMddHHmmss")
            .withResolverStyle(ResolverStyle.STRICT).withZone(ZoneOffset.UTC);

    private StateFile() {
    }

    /** What the agent remembers of one kind. */
    record KindEntry(ReportVersion version, String snapshot, Optional<Instant> requestTime) {
        KindEntry {
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(snapshot, "snapshot");
            Objects.requireNonNull(requestTime, "request time");
        }
    }

    /** The whole state. */
    record State(Optional<SmsId> smsId, Map<InventoryKind, KindEntry> kinds, List<String> outbox) {
        State {
            Objects.requireNonNull(smsId, "SMSID");
            Map<InventoryKind, KindEntry> copy = new EnumMap<>(InventoryKind.class);
            copy.putAll(kinds);
            kinds = java.util.Collections.unmodifiableMap(copy);
            outbox = List.copyOf(outbox);
        }

        static State empty() {
            return new State(Optional.empty(), Map.of(), List.of());
        }

        State withOutbox(List<String> files) {
            return new State(smsId, kinds, files);
        }
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    static State read(Path dir) throws IOException, AgentException {
        Path file = dir.resolve(NAME);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return State.empty();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw damaged(file, 0, "not ASCII text");
        }
        Optional<SmsId> smsId = Optional.empty();
        Map<InventoryKind, String> versions = new EnumMap<>(InventoryKind.class);
        Map<InventoryKind, String> snapshots = new EnumMap<>(InventoryKind.class);
        Map<InventoryKind, Instant> times = new EnumMap<>(InventoryKind.class);
        List<String> outbox = new ArrayList<>();
        String section = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).toUpperCase(Locale.ROOT);
                if (!List.of("AGENT", "HW", "SW", "OUTBOX").contains(section)) {
                    throw damaged(file, number, "unknown section [" + section + "]");
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0 || section == null) {
                throw damaged(file, number, "expected key=value in a section");
            }
            String key = line.substring(0, eq).strip().toUpperCase(Locale.ROOT);
            String value = line.substring(eq + 1).strip();
            try {
                switch (section) {
                    case "AGENT" -> {
                        if (!key.equals("SMSID")) {
                            throw damaged(file, number, "unknown key " + key);
                        }
                        smsId = Optional.of(SmsId.parse(value));
                    }
                    case "OUTBOX" -> {
                        if (!key.equals("FILE") || !safeName(value)) {
                            throw damaged(file, number, "bad outbox entry");
                        }
                        outbox.add(value);
                    }
                    default -> {
                        InventoryKind kind = InventoryKind.valueOf(section);
                        switch (key) {
                            case "VERSION" -> versions.put(kind, value);
                            case "INVENTORY" -> {
                                if (!safeName(value)) {
                                    throw damaged(file, number, "bad inventory file name");
                                }
                                snapshots.put(kind, value);
                            }
                            case "REQUESTTIME" -> times.put(kind, Instant.from(TIME.parse(value)));
                            default -> throw damaged(file, number, "unknown key " + key);
                        }
                    }
                }
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw damaged(file, number, e.getMessage());
            }
        }
        Map<InventoryKind, KindEntry> kinds = new EnumMap<>(InventoryKind.class);
        for (InventoryKind kind : InventoryKind.values()) {
            if (versions.containsKey(kind) != snapshots.containsKey(kind)) {
                throw damaged(file, 0, "section [" + kind + "] needs both Version and Inventory");
            }
            if (versions.containsKey(kind)) {
                try {
                    kinds.put(kind, new KindEntry(ReportVersion.parse(versions.get(kind)), snapshots.get(kind),
                            Optional.ofNullable(times.get(kind))));
                } catch (IllegalArgumentException e) {
                    throw damaged(file, 0, "[" + kind + "] Version: " + e.getMessage());
                }
            }
        }
        if (smsId.isEmpty() && (!kinds.isEmpty() || !outbox.isEmpty())) {
            throw damaged(file, 0, "no SMSID in [Agent]");
        }
        return new State(smsId, kinds, outbox);
    }

    /** A plain file name in the state directory: no separators, no leading dot. */
    static boolean safeName(String name) {
        return !name.isEmpty() && !name.startsWith(".") && name.chars().allMatch(c -> c >= 'A' && c <= 'Z'
                || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.');
    }

    private static AgentException damaged(Path file, int line, String message) {
        return new AgentException(file + (line > 0 ? ":" + line : "") + ": " + message + "; the agent's state is"
                + " damaged: remove the state directory to start afresh (the site then asks for a resync)");
    }

    static void write(Path dir, State state) throws IOException {
        StringBuilder out = new StringBuilder("; mifsync agent state: written by the agent, do not edit\r\n");
        out.append("[Agent]\r\n");
        state.smsId().ifPresent(id -> out.append("SMSID=").append(id.value()).append("\r\n"));
        for (Map.Entry<InventoryKind, KindEntry> e : state.kinds().entrySet()) {
            KindEntry k = e.getValue();
            out.append('[').append(e.getKey().name()).append("]\r\n");
            out.append("Version=").append(k.version()).append("\r\n");
            out.append("Inventory=").append(k.snapshot()).append("\r\n");
            k.requestTime().ifPresent(t -> out.append("RequestTime=").append(time(t)).append("\r\n"));
        }
        if (!state.outbox().isEmpty()) {
            out.append("[Outbox]\r\n");
            for (String file : state.outbox()) {
                out.append("File=").append(file).append("\r\n");
            }
        }
        DurableFiles.standard().replace(dir.resolve(NAME), out.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
