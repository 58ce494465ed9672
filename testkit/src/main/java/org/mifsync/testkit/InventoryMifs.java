package org.mifsync.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.mifsync.mif.Attribute;
import org.mifsync.mif.Group;
import org.mifsync.mif.MifDocument;
import org.mifsync.mif.MifType;
import org.mifsync.mif.MifValue;
import org.mifsync.mif.TextEscapes;
import org.mifsync.testkit.InventoryPojo.AttributePojo;
import org.mifsync.testkit.InventoryPojo.GroupPojo;

/**
 * Realistic SMS 1.2 hardware-inventory MIF files, as the inventory agents of a Windows NT 4.0
 * network produced them, made deterministically from a seed at a chosen size (10–100 KB): the
 * Identification group ({@code MICROSOFT|IDENTIFICATION|1.0}: Name, SMSID, SMSLocation, Site,
 * Domain, NetCardID, SystemRole, SystemType), Workstation Status, Operating System, Processor,
 * PC BIOS, PC Memory and Network groups, and one keyed group per instance of Disk, Logical Disk,
 * Video and Services, with strings, integers, counters, gauges and DMI dates. Each file is
 * hand-formatted the way one agent might have written it (keyword case, indentation, type
 * spelling vary from file to file; CRLF line ends; ISO-8859-1 text), and valid for a strict
 * parser without warnings.
 *
 * <p>Each inventory also comes as JSON and as an {@link InventoryPojo} carrying the same
 * information, the baseline for the parser benchmarks.
 *
 * <pre>{@code
 * List<Inventory> set = InventoryMifs.mixedSet(42, 50);   // 50 files from about 11 to 100 KB
 * MifParser.strict().parse(set.get(0).mif(), set.get(0).name());
 * }</pre>
 *
 * <p>Thread-safe: every call works on its own state.
 *
 * @since 0.1
 */
public final class InventoryMifs {

    /**
     * Smallest size {@link #generate} aims at, in bytes. Files are made of whole groups and never
     * larger than the target, so they come out up to one group (under 2.5 KB) smaller: never under
     * 10 KB.
     */
    public static final int MIN_TARGET = 12_800;
    /** Largest size {@link #generate} aims at, in bytes. */
    public static final int MAX_TARGET = 100 * 1024;

    private InventoryMifs() {
    }

    /**
     * One inventory in its three forms.
     *
     * @param name a file name for it, e.g. {@code WKS0042-1.mif}
     * @param mif the MIF file (ISO-8859-1)
     * @param json the same inventory as JSON (UTF-8), the shape of {@link InventoryPojo}
     * @param model the same inventory as objects
     */
    public record Inventory(String name, byte[] mif, byte[] json, InventoryPojo model) {
        /** Copies the bytes in. */
        public Inventory {
            mif = mif.clone();
            json = json.clone();
        }

        /** A copy of the MIF bytes. */
        @Override
        public byte[] mif() {
            return mif.clone();
        }

        /** A copy of the JSON bytes. */
        @Override
        public byte[] json() {
            return json.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Inventory i && name.equals(i.name) && Arrays.equals(mif, i.mif)
                    && Arrays.equals(json, i.json) && model.equals(i.model);
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + Arrays.hashCode(mif);
        }

        @Override
        public String toString() {
            return name + " (" + mif.length + " bytes of MIF, " + json.length + " bytes of JSON)";
        }
    }

    /**
     * A set of inventories of mixed sizes, spread evenly from about 11 to 100 KB and in shuffled
     * order (so that a benchmark cycling through them sees no size trend).
     */
    public static List<Inventory> mixedSet(long seed, int count) {
        Draw draw = Draw.seeded(seed);
        List<Integer> targets = new ArrayList<>();
        int low = MIN_TARGET;
        int high = MAX_TARGET;
        for (int i = 0; i < count; i++) {
            targets.add(count == 1 ? (low + high) / 2 : low + (int) ((long) (high - low) * i / (count - 1)));
        }
        List<Inventory> out = new ArrayList<>();
        for (int target : draw.shuffle(targets)) {
            out.add(generate(draw.between(0L, Long.MAX_VALUE), target));
        }
        return out;
    }

    /**
     * One inventory of about {@code targetBytes} of MIF: never more, and less by at most one
     * group (under 2.5 KB).
     *
     * @throws IllegalArgumentException if the target is outside {@link #MIN_TARGET}–{@link #MAX_TARGET}
     */
    public static Inventory generate(long seed, int targetBytes) {
        if (targetBytes < MIN_TARGET || targetBytes > MAX_TARGET) {
            throw new IllegalArgumentException("target " + targetBytes + " is outside " + MIN_TARGET + ".." + MAX_TARGET);
        }
        // small files are written tersely, as some agents did, so that the groups still fit
        Maker m = new Maker(Draw.seeded(seed), targetBytes < 20 * 1024);
        InventoryPojo inventory = m.inventory(targetBytes);
        byte[] mif = m.style.file(inventory).getBytes(StandardCharsets.ISO_8859_1);
        return new Inventory(m.computer + "-" + Long.toHexString(seed & 0xFFFF) + ".mif", mif, json(inventory),
                inventory);
    }

    /** The inventory a MIF document holds, in the POJO form (for checks that all three forms agree). */
    public static InventoryPojo fromMif(MifDocument document) {
        InventoryPojo inv = new InventoryPojo();
        inv.component = document.component().name();
        for (Group g : document.component().groups()) {
            GroupPojo gp = new GroupPojo();
            gp.name = g.name();
            gp.className = g.className();
            gp.id = g.id().isPresent() ? g.id().getAsLong() : null;
            gp.key = g.key().isEmpty() ? null : g.key();
            for (Attribute a : g.attributes()) {
                AttributePojo ap = new AttributePojo();
                ap.name = a.name();
                ap.id = a.id();
                ap.type = typeName(a.type());
                ap.access = a.access().name().replace('_', '-');
                ap.storage = a.storage().name();
                a.value().ifPresent(v -> {
                    if (v instanceof MifValue.Text t) {
                        ap.text = t.value();
                    } else if (v instanceof MifValue.Int i) {
                        ap.number = i.value().longValueExact();
                    } else {
                        throw new IllegalArgumentException("not an inventory value: " + v);
                    }
                });
                gp.attributes.add(ap);
            }
            inv.groups.add(gp);
        }
        return inv;
    }

    private static String typeName(MifType type) {
        if (type instanceof MifType.Primitive p) {
            return p.name();
        }
        if (type instanceof MifType.StringType s) {
            return s.kind() + (s.size().isPresent() ? "(" + s.size().getAsInt() + ")" : "");
        }
        throw new IllegalArgumentException("not an inventory type: " + type);
    }

    /** The inventory as compact JSON in UTF-8; absent values are left out. */
    public static byte[] json(InventoryPojo inventory) {
        StringBuilder j = new StringBuilder(16_384);
        j.append("{\"component\":");
        TextEscapes.appendJsonString(j, inventory.component);
        j.append(",\"groups\":[");
        for (int g = 0; g < inventory.groups.size(); g++) {
            GroupPojo gp = inventory.groups.get(g);
            j.append(g == 0 ? "" : ",").append("{\"name\":");
            TextEscapes.appendJsonString(j, gp.name);
            j.append(",\"className\":");
            TextEscapes.appendJsonString(j, gp.className);
            if (gp.id != null) {
                j.append(",\"id\":").append(gp.id);
            }
            if (gp.key != null) {
                j.append(",\"key\":[");
                for (int k = 0; k < gp.key.size(); k++) {
                    j.append(k == 0 ? "" : ",").append(gp.key.get(k));
                }
                j.append(']');
            }
            j.append(",\"attributes\":[");
            for (int a = 0; a < gp.attributes.size(); a++) {
                AttributePojo ap = gp.attributes.get(a);
                j.append(a == 0 ? "" : ",").append("{\"name\":");
                TextEscapes.appendJsonString(j, ap.name);
                j.append(",\"id\":").append(ap.id).append(",\"type\":");
                TextEscapes.appendJsonString(j, ap.type);
                j.append(",\"access\":");
                TextEscapes.appendJsonString(j, ap.access);
                j.append(",\"storage\":");
                TextEscapes.appendJsonString(j, ap.storage);
                if (ap.text != null) {
                    j.append(",\"text\":");
                    TextEscapes.appendJsonString(j, ap.text);
                }
                if (ap.number != null) {
                    j.append(",\"number\":").append(ap.number);
                }
                j.append('}');
            }
            j.append("]}");
        }
        j.append("]}");
        return j.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- content ------------------------------------------------------------------------------

    private static final String[] SERVICES = {"Alerter", "Browser", "ClipSrv", "DHCP", "EventLog", "LanmanServer",
        "LanmanWorkstation", "LmHosts", "Messenger", "MSDTC", "Netlogon", "NetDDE", "NetDDEdsdm", "NtLmSsp",
        "PlugPlay", "ProtectedStorage", "RasAuto", "RasMan", "RemoteAccess", "Replicator", "RPCLOCATOR", "RpcSs",
        "Schedule", "Spooler", "TapiSrv", "UPS", "W3SVC", "MSFTPSVC", "SNMP", "SNMPTRAP", "Wins", "Dnscache",
        "LicenseService", "SMS_CLIENT_SERVICE", "SMS_REMOTE_CONTROL", "Clipbook", "Computer Browser", "EFS",
        "Norton AntiVirus Auto-Protect", "ARCserve Agent", "Oracle Listener", "SQLExecutive", "MSSQLServer"};
    private static final String[] ACCOUNTS = {"LocalSystem", ".\\svc_backup", "CORP\\sqlsvc", "NT AUTHORITY\\LocalService"};
    private static final String[] VIDEO = {"Matrox Millennium II", "S3 Trio64V+", "ATI Rage Pro", "Cirrus Logic 5446",
        "Number Nine Imagine 128", "STB Velocity 128", "Diamond Stealth 3D 2000"};
    private static final String[] DISKS = {"Quantum Fireball ST3.2A", "Seagate ST34520N", "IBM DCAS-34330",
        "Western Digital Caviar AC21600", "Maxtor 85120A8", "Fujitsu M1614TA"};
    private static final String[] CPUS = {"Pentium", "Pentium Pro", "Pentium II", "Pentium(r) MMX", "486DX2",
        "Celeron", "Pentium III"};
    private static final String[] BIOS = {"Award Software International, Inc.", "American Megatrends Inc.",
        "Phoenix Technologies Ltd.", "Compaq", "Dell Computer Corporation", "IBM"};
    private static final String[] OWNERS = {"Administrator", "J. Müller", "Françoise Lefèvre", "IT Department",
        "Søren Kierkegård", "Accounting"};
    private static final String[] ORGS = {"Contoso Ltd.", "Fabrikam, Inc.", "Müller & Söhne GmbH",
        "Société Générale des Ordinateurs", "Northwind Traders"};

    /** Builds one inventory; the draw decides everything, so a seed gives the same file. */
    private static final class Maker {
        final Draw draw;
        final Style style;
        final String computer;
        final String site;

        Maker(Draw draw, boolean compact) {
            this.draw = draw;
            this.style = new Style(draw, compact);
            this.computer = draw.pick("WKS", "ACCT", "SALES", "DEV", "HR", "LAB", "SRV") + String.format(Locale.ROOT, "%04d",
                    draw.between(1, 9999));
            this.site = "" + (char) ('A' + draw.between(0, 25)) + (char) ('A' + draw.between(0, 25))
                    + (char) ('0' + draw.between(0, 9));
        }

        InventoryPojo inventory(int target) {
            InventoryPojo inv = new InventoryPojo();
            inv.component = draw.pick("Workstation", "Personal Computer", "Machine");
            identification(inv);
            workstationStatus(inv);
            operatingSystem(inv);
            processor(inv);
            bios(inv);
            memory(inv);
            network(inv);
            disk(inv, 0);
            logicalDisk(inv, 0);
            video(inv, 0);
            // the smallest files leave out what an agent may not report, rather than overshoot
            for (String optional : List.of("Video", "PC BIOS", "Workstation Status")) {
                if (style.file(inv).length() > target) {
                    inv.groups.removeIf(g -> g.name.equals(optional));
                }
            }
            numberGroups(inv);
            int size = style.file(inv).length();
            // more disks and screens, then services, fill the file up to the size asked for
            int disks = draw.between(0, 2);
            int logical = draw.between(0, 5);
            int screens = draw.between(0, 1);
            int index = 0;
            for (int i = 0; ; i++) {
                GroupPojo g;
                if (i < disks) {
                    g = disk(i + 1);
                } else if (i < disks + logical) {
                    g = logicalDisk(i - disks + 1);
                } else if (i < disks + logical + screens) {
                    g = video(i - disks - logical + 1);
                } else {
                    g = service(index++);
                }
                g.id = inv.groups.size() + 1L;
                int grows = style.group(g).length();
                if (size + grows > target) {
                    break;
                }
                inv.groups.add(g);
                size += grows;
            }
            return inv;
        }

        /** Group IDs in file order, as an agent numbers them. */
        private static void numberGroups(InventoryPojo inv) {
            long id = 1;
            for (GroupPojo g : inv.groups) {
                g.id = id++;
            }
        }

        private GroupPojo group(InventoryPojo inv, String name, String className, boolean keyed) {
            GroupPojo g = newGroup(name, className, keyed);
            inv.groups.add(g);
            return g;
        }

        private GroupPojo newGroup(String name, String className, boolean keyed) {
            GroupPojo g = new GroupPojo();
            g.name = name;
            g.className = className;
            g.id = 0L;
            g.key = keyed ? List.of(1L) : null;
            return g;
        }

        private AttributePojo attribute(GroupPojo g, String name, String type, boolean common) {
            AttributePojo a = new AttributePojo();
            a.name = name;
            a.id = g.attributes.size() + 1;
            a.type = type;
            a.access = "READ-ONLY";
            a.storage = common ? "COMMON" : "SPECIFIC";
            g.attributes.add(a);
            return a;
        }

        private void string(GroupPojo g, String name, int size, String value, boolean common) {
            int declared = Math.max(size, value.length());
            attribute(g, name, "STRING(" + declared + ")", common).text = value;
        }

        private void integer(GroupPojo g, String name, String type, long value, boolean common) {
            attribute(g, name, type, common).number = value;
        }

        private void date(GroupPojo g, String name, String value) {
            attribute(g, name, "DATE", false).text = value;
        }

        private String dmiDate(int fromYear, int toYear) {
            return String.format(Locale.ROOT, "%04d%02d%02d%02d%02d%02d.000000%s%03d", draw.between(fromYear, toYear),
                    draw.between(1, 12), draw.between(1, 28), draw.between(0, 23), draw.between(0, 59),
                    draw.between(0, 59), draw.pick("-", "+"), draw.pick(300, 360, 420, 480, 0, 60, 120));
        }

        private String mac() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                b.append(i == 0 ? "" : ":").append(String.format(Locale.ROOT, "%02X", draw.between(0, 255)));
            }
            return b.toString();
        }

        private String ip() {
            return draw.pick(10, 172, 192) + "." + draw.between(0, 255) + "." + draw.between(0, 255) + "."
                    + draw.between(1, 254);
        }

        private void identification(InventoryPojo inv) {
            GroupPojo g = group(inv, "Identification", "MICROSOFT|IDENTIFICATION|1.0", false);
            String domain = draw.pick("CORPDOM", "SALES", "NCSMS12DOM", "HQ", "RESEARCH");
            string(g, "Name", 64, computer, false);
            string(g, "SMSID", 8, site + String.format(Locale.ROOT, "%05d", draw.between(1, 99999)), false);
            string(g, "SMSLocation", 64, site + "|" + domain + "|" + computer, false);
            string(g, "Site", 3, site, false);
            string(g, "Domain", 16, domain, false);
            string(g, "NetCardID", 18, mac(), false);
            string(g, "SystemRole", 32, draw.pick("Workstation", "Workstation", "Server", "Domain Controller"), true);
            string(g, "SystemType", 32, draw.pick("X86-based PC", "Alpha-based PC", "X86-based PC"), true);
        }

        private void workstationStatus(InventoryPojo inv) {
            GroupPojo g = group(inv, "Workstation Status", "MICROSOFT|WORKSTATION_STATUS|1.0", false);
            date(g, "Last Hardware Scan", dmiDate(1998, 1999));
            date(g, "Last Software Scan", dmiDate(1998, 1999));
            string(g, "Client Version", 16, draw.pick("1.2.1380", "1.2.1239", "1.2.1240"), true);
            integer(g, "Hardware Scan Count", "COUNTER", draw.between(1, 5000), false);
        }

        private void operatingSystem(InventoryPojo inv) {
            GroupPojo g = group(inv, "Operating System", "MICROSOFT|OPERATING_SYSTEM|1.0", false);
            boolean nt = draw.chance(70);
            string(g, "Operating System Name", 64, nt ? "Microsoft Windows NT Workstation" : "Microsoft Windows 95", true);
            string(g, "Version", 32, nt ? "4.00" : "4.00.950", true);
            string(g, "Build Number", 16, nt ? "1381" : "950", true);
            string(g, "Service Pack", 32, nt ? "Service Pack " + draw.between(3, 6) : "", true);
            string(g, "Language", 32, draw.pick("English (United States)", "German", "French", "English (United Kingdom)"),
                    true);
            string(g, "Registered Owner", 64, draw.pick(OWNERS), false);
            string(g, "Registered Organization", 64, draw.pick(ORGS), false);
            string(g, "System Directory", 128, nt ? "C:\\WINNT\\system32" : "C:\\WINDOWS\\SYSTEM", false);
            date(g, "Install Date", dmiDate(1996, 1999));
        }

        private void processor(InventoryPojo inv) {
            GroupPojo g = group(inv, "Processor", "MICROSOFT|PROCESSOR|1.0", false);
            string(g, "Processor Name", 64, draw.pick(CPUS), true);
            integer(g, "Quantity", "INTEGER", draw.chance(80) ? 1 : 2, true);
            integer(g, "Processor Speed (MHz)", "INTEGER", draw.pick(66, 90, 133, 166, 200, 233, 266, 300, 350, 450), true);
            string(g, "Manufacturer", 64, draw.pick("GenuineIntel", "AuthenticAMD", "CyrixInstead"), true);
            integer(g, "Stepping", "INTEGER", draw.between(0, 12), true);
        }

        private void bios(InventoryPojo inv) {
            GroupPojo g = group(inv, "PC BIOS", "MICROSOFT|PC_BIOS|1.0", false);
            string(g, "BIOS Manufacturer", 64, draw.pick(BIOS), true);
            string(g, "BIOS Version", 64, draw.pick("4.51 PG", "1.00.12.DT0", "A09", "PhoenixBIOS 4.0 Release 6.0"),
                    true);
            date(g, "BIOS Release Date", dmiDate(1995, 1999));
            integer(g, "BIOS Size (KB)", "INTEGER", draw.pick(64, 128, 256), true);
        }

        private void memory(InventoryPojo inv) {
            GroupPojo g = group(inv, "PC Memory", "MICROSOFT|PC_MEMORY|1.0", false);
            long total = draw.pick(16L, 32L, 64L, 96L, 128L, 256L) * 1024;
            integer(g, "Total Physical Memory (KB)", "INTEGER", total, false);
            integer(g, "Available Physical Memory (KB)", "GAUGE", draw.between(1024L, total), false);
            integer(g, "Total Paging File Space (KB)", "INTEGER", total + draw.between(0L, 65_536L), false);
            integer(g, "Available Virtual Memory (KB)", "GAUGE", draw.between(1024L, 2_097_152L), false);
        }

        private void network(InventoryPojo inv) {
            GroupPojo g = group(inv, "Network", "MICROSOFT|NETWORK|1.0", false);
            string(g, "Network Card", 64, draw.pick("3Com Etherlink III", "Intel EtherExpress PRO/100",
                    "NE2000 Compatible", "Compaq NetFlex-3"), true);
            string(g, "IP Address", 15, ip(), false);
            string(g, "Subnet Mask", 15, draw.pick("255.255.255.0", "255.255.0.0", "255.255.252.0"), true);
            string(g, "Default Gateway", 15, ip(), false);
            string(g, "MAC Address", 17, mac(), false);
            string(g, "Logon Name", 32, draw.pick("jsmith", "administrator", "mmueller", "flefevre", "guest"), false);
            string(g, "Network Type", 32, draw.pick("Microsoft Networking", "NetWare", "LAN Manager"), true);
            integer(g, "DHCP Enabled", "INTEGER", draw.between(0, 1), true);
        }

        private void disk(InventoryPojo inv, int index) {
            inv.groups.add(disk(index));
        }

        private GroupPojo disk(int index) {
            GroupPojo g = newGroup("Disk", "MICROSOFT|DISK|1.0", true);
            integer(g, "Disk Index", "INTEGER", index, false);
            string(g, "Manufacturer and Model", 64, draw.pick(DISKS), true);
            string(g, "Storage Type", 32, draw.pick("Fixed Disk", "Fixed Disk", "Removable"), true);
            integer(g, "Total Size (MB)", "INTEGER", draw.between(500, 9000), false);
            integer(g, "Cylinders", "INTEGER", draw.between(500, 16_383), false);
            integer(g, "Heads", "INTEGER", draw.pick(16, 64, 128, 255), false);
            integer(g, "Sectors per Track", "INTEGER", 63, true);
            return g;
        }

        private void logicalDisk(InventoryPojo inv, int index) {
            inv.groups.add(logicalDisk(index));
        }

        private GroupPojo logicalDisk(int index) {
            GroupPojo g = newGroup("Logical Disk", "MICROSOFT|LOGICAL_DISK|1.0", true);
            string(g, "Drive Letter", 2, (char) ('C' + index) + ":", false);
            string(g, "File System", 8, draw.pick("NTFS", "FAT", "FAT32", "CDFS"), true);
            string(g, "Volume Name", 32, draw.pick("SYSTEM", "DATA", "", "APPS", "Disque local", "BACKUP"), false);
            string(g, "Serial Number", 9, String.format(Locale.ROOT, "%04X-%04X", draw.between(0, 0xFFFF), draw.between(0, 0xFFFF)),
                    false);
            long size = draw.between(100, 8000);
            integer(g, "Total Size (MB)", "INTEGER", size, false);
            integer(g, "Free Space (MB)", "GAUGE", draw.between(0L, size), false);
            integer(g, "Cluster Size", "INTEGER", draw.pick(512, 4096, 8192, 32_768), true);
            return g;
        }

        private void video(InventoryPojo inv, int index) {
            inv.groups.add(video(index));
        }

        private GroupPojo video(int index) {
            GroupPojo g = newGroup("Video", "MICROSOFT|VIDEO|1.0", true);
            integer(g, "Index", "INTEGER", index, false);
            string(g, "Adapter Description", 64, draw.pick(VIDEO), true);
            string(g, "Resolution", 32, draw.pick("640 x 480", "800 x 600", "1024 x 768", "1280 x 1024"), true);
            integer(g, "Color Depth (bits)", "INTEGER", draw.pick(8, 16, 24, 32), true);
            integer(g, "Video Memory (KB)", "INTEGER", draw.pick(1024, 2048, 4096, 8192), true);
            string(g, "Driver Date", 10, String.format(Locale.ROOT, "%02d/%02d/%d", draw.between(1, 12), draw.between(1, 28),
                    draw.between(1995, 1999)), false);
            integer(g, "Refresh Rate (Hz)", "INTEGER", draw.pick(60, 70, 72, 75, 85), true);
            return g;
        }

        private GroupPojo service(int index) {
            GroupPojo g = newGroup("Services", "MICROSOFT|SERVICES|1.0", true);
            String name = SERVICES[index % SERVICES.length] + (index < SERVICES.length ? "" : "_" + index / SERVICES.length);
            integer(g, "Index", "INTEGER", index, false);
            string(g, "Service Name", 64, name, false);
            string(g, "Display Name", 128, draw.chance(50) ? name : name + " Service", false);
            string(g, "Start Type", 16, draw.pick("Automatic", "Manual", "Disabled"), true);
            string(g, "Status", 16, draw.pick("Running", "Stopped", "Paused"), true);
            string(g, "Start Name", 64, draw.pick(ACCOUNTS), true);
            string(g, "Path Name", 255, "C:\\WINNT\\System32\\" + name.toLowerCase(Locale.ROOT).replace(' ', '_')
                    + ".exe", false);
            integer(g, "Service Type", "INTEGER", draw.pick(16, 32, 272), true);
            return g;
        }
    }

    /** How one agent wrote its files: keyword case, indentation, type spelling. */
    private static final class Style {
        private final int keywordCase; // 0 "Start Group", 1 "START GROUP", 2 "start group"
        private final String indent;
        private final boolean shortInt;
        private final boolean alignEquals;
        private final boolean omitDefaults;

        Style(Draw draw, boolean compact) {
            keywordCase = draw.between(0, 2);
            indent = compact ? draw.pick("\t", " ") : draw.pick("\t", "   ", "    ", "  ");
            shortInt = draw.chance(30);
            alignEquals = !compact && draw.chance(30);
            // like the SMS SDK's tape-drive NOIDMIF: no ACCESS or STORAGE where the default applies
            omitDefaults = compact || draw.chance(20);
        }

        private String kw(String capitalised) {
            return switch (keywordCase) {
                case 1 -> capitalised.toUpperCase(Locale.ROOT);
                case 2 -> capitalised.toLowerCase(Locale.ROOT);
                default -> capitalised;
            };
        }

        String file(InventoryPojo inv) {
            StringBuilder b = new StringBuilder(MAX_TARGET + 4096);
            b.append("// SMS hardware inventory for ").append(inv.groups.isEmpty() ? "" : inv.groups.get(0).attributes
                    .get(0).text).append("\r\n");
            b.append(kw("Start Component")).append("\r\n");
            statement(b, 1, "Name", quote(inv.component));
            for (GroupPojo g : inv.groups) {
                b.append(group(g));
            }
            b.append(kw("End Component")).append("\r\n");
            return b.toString();
        }

        String group(GroupPojo g) {
            StringBuilder b = new StringBuilder(2048);
            line(b, 1, kw("Start Group"));
            statement(b, 2, "Name", quote(g.name));
            statement(b, 2, "ID", Long.toString(g.id));
            statement(b, 2, "Class", quote(g.className));
            if (g.key != null) {
                statement(b, 2, "Key", g.key.stream().map(String::valueOf).reduce((x, y) -> x + "," + y).orElseThrow());
            }
            for (AttributePojo a : g.attributes) {
                line(b, 2, kw("Start Attribute"));
                statement(b, 3, "Name", quote(a.name));
                statement(b, 3, "ID", Long.toString(a.id));
                if (!omitDefaults || !a.access.equals("READ-ONLY")) {
                    statement(b, 3, "Access", kw(a.access.charAt(0) + a.access.substring(1).toLowerCase(Locale.ROOT)
                            .replace("-o", "-O").replace("-w", "-W")));
                }
                if (!omitDefaults || !a.storage.equals("SPECIFIC")) {
                    statement(b, 3, "Storage", kw(a.storage.charAt(0) + a.storage.substring(1).toLowerCase(Locale.ROOT)));
                }
                statement(b, 3, "Type", type(a.type));
                statement(b, 3, "Value", a.number != null ? Long.toString(a.number) : quote(a.text));
                line(b, 2, kw("End Attribute"));
            }
            line(b, 1, kw("End Group"));
            return b.toString();
        }

        private String type(String canonical) {
            if (canonical.equals("INTEGER") && shortInt) {
                return kw("Int");
            }
            String lower = canonical.toLowerCase(Locale.ROOT);
            return kw(Character.toUpperCase(lower.charAt(0)) + lower.substring(1));
        }

        private void statement(StringBuilder b, int depth, String keyword, String value) {
            String k = kw(keyword);
            b.append(indent.repeat(depth)).append(k);
            if (alignEquals) {
                b.append(" ".repeat(Math.max(1, 8 - k.length())));
            } else {
                b.append(' ');
            }
            b.append("= ").append(value).append("\r\n");
        }

        private void line(StringBuilder b, int depth, String text) {
            b.append(indent.repeat(depth)).append(text).append("\r\n");
        }

        private static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
