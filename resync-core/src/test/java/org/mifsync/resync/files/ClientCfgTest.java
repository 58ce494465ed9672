package org.mifsync.resync.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mifsync.resync.files.Requests.T0;
import static org.mifsync.resync.files.Requests.entry;
import static org.mifsync.resync.files.Requests.hw;
import static org.mifsync.resync.files.Requests.sw;
import static org.quicktheories.QuickTheory.qt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.mif.SourceLocation;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.ResyncReason;
import org.mifsync.model.SmsId;
import org.mifsync.testkit.Serialization;

class ClientCfgTest {

    @TempDir
    Path box;

    private static final SmsId GUID = SmsId.parse("GUID:{5a6f1c2e-0b4d-4e8a-9f10-23456789abcd}");

    private Path file(String name, String text) throws Exception {
        return Files.write(box.resolve(name), text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String messageOf(Path file) {
        try {
            ClientCfg.read(file);
            throw new AssertionError("no error for " + file);
        } catch (RequestFileException e) {
            return e.getMessage();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fileHasBothSectionsHardwareFirstWithCrLf() throws Exception {
        ClientCfg cfg = ClientCfg.of(sw("ABC00001", T0.plusSeconds(2)), hw("ABC00001", T0));
        Path written = cfg.write(box);

        assertThat(written).isEqualTo(box.resolve("ABC00001.CFG"));
        assertThat(Files.readString(written, StandardCharsets.US_ASCII)).isEqualTo(""
                + "[HW]\r\nRequestTime=19990102030405\r\nReason=NO_BASELINE\r\n"
                + "[SW]\r\nRequestTime=19990102030407\r\nReason=FORCED\r\n");
        assertThat(ClientCfg.read(written)).isEqualTo(cfg);
    }

    @Test
    void writeThenReadGivesTheSameRequests() {
        qt().withExamples(60).withFixedSeed(606L)
                .forAll(Requests.entries(), Requests.entries())
                .checkAssert((a, b) -> {
                    ResyncEntry second = new ResyncEntry(a.smsId(), a.kind() == InventoryKind.HW ? InventoryKind.SW
                            : InventoryKind.HW, b.requestTime(), b.reason());
                    for (ClientCfg cfg : List.of(ClientCfg.of(a), ClientCfg.of(a, second))) {
                        try {
                            assertThat(ClientCfg.read(cfg.write(box))).isEqualTo(cfg);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }
                });
    }

    @Test
    void guidClientsAreNamedByTheirThirtyTwoHexDigits() throws Exception {
        ClientCfg cfg = ClientCfg.of(new ResyncEntry(GUID, InventoryKind.HW, T0, ResyncReason.FORCED));
        Path written = cfg.write(box);
        assertThat(written.getFileName()).hasToString("5A6F1C2E0B4D4E8A9F1023456789ABCD.CFG");
        assertThat(ClientCfg.read(written)).isEqualTo(cfg);
        assertThat(ClientCfg.smsIdOfFileName("5a6f1c2e0b4d4e8a9f1023456789abcd.cfg")).contains(GUID);
        assertThat(ClientCfg.isCanonicalFileName("5a6f1c2e0b4d4e8a9f1023456789abcd.cfg")).isFalse();
        assertThat(ClientCfg.isCanonicalFileName("5A6F1C2E0B4D4E8A9F1023456789ABCD.CFG")).isTrue();
    }

    @Test
    void fileNamesThatAreNotAnSmsIdAreNotOurs() {
        assertThat(ClientCfg.smsIdOfFileName("NOTES.TXT")).isEmpty();
        assertThat(ClientCfg.smsIdOfFileName("README.CFG")).isEmpty();
        assertThat(ClientCfg.smsIdOfFileName("ABC0000!.CFG")).isEmpty();
        assertThat(ClientCfg.smsIdOfFileName(".CFG")).isEmpty();
        assertThat(ClientCfg.smsIdOfFileName("abc00001.cfg")).contains(SmsId.parse("ABC00001"));
        assertThat(ClientCfg.isCanonicalFileName("ABC00001.CFG")).isTrue();
        assertThat(ClientCfg.isCanonicalFileName("abc00001.cfg")).isFalse();
    }

    @Test
    void readingIsLenientWhereWindowsIniFunctionsAre() throws Exception {
        Path file = file("ABC00001.CFG", "; written by hand\n\n  [ hw ]  \nrequesttime = 19990102030405\n"
                + "REASON=forced\n# the end\n");
        assertThat(ClientCfg.read(file)).isEqualTo(ClientCfg.of(entry("ABC00001", InventoryKind.HW, T0,
                ResyncReason.FORCED)));
    }

    @Test
    void badValuesAreErrorsNamingFileLineAndField() throws Exception {
        Path file = file("ABC00001.CFG", "[HW]\r\nRequestTime=19991302030405\r\nReason=FORCED\r\n");
        assertThatThrownBy(() -> ClientCfg.read(file)).isInstanceOf(RequestFileException.class)
                .hasMessage(file + ":2: RequestTime '19991302030405' has month 13, which is not 01-12")
                .satisfies(e -> {
                    assertThat(((RequestFileException) e).location()).isEqualTo(SourceLocation.ofLine(file.toString(), 2));
                    assertThat(((RequestFileException) e).diagnostic()).hasToString(e.getMessage());
                    assertThat(((RequestFileException) e).field()).isEqualTo("RequestTime");
                    assertThat(((RequestFileException) e).file()).isEqualTo(file);
                    RequestFileException back = Serialization.roundTrip((RequestFileException) e);
                    assertThat(back).hasMessage(e.getMessage());
                    assertThat(back.location()).isEqualTo(SourceLocation.ofLine(file.toString(), 2));
                    assertThat(back.field()).isEqualTo("RequestTime");
                    assertThat(back.file()).isEqualTo(file);
                });

        assertThat(messageOf(file("ABC00002.CFG", "[HW]\nRequestTime=1999\nReason=FORCED\n")))
                .endsWith("ABC00002.CFG:2: RequestTime '1999' is not yyyymmddhhmmss (14 digits, UTC)");
        assertThat(messageOf(file("ABC00003.CFG", "[HW]\nRequestTime=19990102030405\nReason=LATER\n")))
                .contains("ABC00003.CFG:3: Reason: resync reason 'LATER' must be one of NO_BASELINE");
        assertThat(messageOf(file("ABC00004.CFG", "[XW]\n"))).endsWith(":1: section '[XW]' is not [HW] or [SW]");
        assertThat(messageOf(file("ABC00005.CFG", "[HW]\nRequestTime=19990102030405\nReason=FORCED\n[hw]\n")))
                .endsWith(":4: section [HW] appears a second time (first at line 1)");
        assertThat(messageOf(file("ABC00006.CFG", "RequestTime=19990102030405\n")))
                .endsWith(":1: key 'RequestTime' comes before any [HW] or [SW] section");
        assertThat(messageOf(file("ABC00007.CFG", "[SW]\nReason=FORCED\n")))
                .endsWith(":1: section [SW] has no RequestTime");
        assertThat(messageOf(file("ABC00008.CFG", "[SW]\nRequestTime=19990102030405\nColour=blue\n")))
                .endsWith(":3: unknown key 'Colour' in [SW]; a section holds RequestTime and Reason");
        assertThat(messageOf(file("ABC00009.CFG", "[SW]\nRequestTime=19990102030405\nReason=FORCED\nReason=FORCED\n")))
                .endsWith(":4: Reason appears twice in [SW]");
        assertThat(messageOf(file("ABC0000A.CFG", ""))).endsWith(":1: no [HW] or [SW] section");
        assertThat(messageOf(file("ABC0000B.CFG", "[SW]\nReason=F\u00d6RCED\n")))
                .endsWith(":2: byte 0xD6 at column 9 is not printable ASCII");
        assertThat(messageOf(file("ABC0000C.CFG", "[SW\n"))).endsWith(":1: section header '[SW' has no closing ']'");
        assertThat(messageOf(file("ABC0000D.CFG", "[SW]\njunk\n")))
                .endsWith(":2: 'junk' is neither a [section], a key=value line nor a comment");
        assertThat(messageOf(file("NOTES.CFG", "[SW]\n"))).contains("file name 'NOTES.CFG' is not <SMSID>.CFG");
        assertThat(messageOf(file("ABC0000E.CFG", "x".repeat(ClientCfg.MAX_SIZE + 1))))
                .contains("is too large for a request file");
    }

    @Test
    void entriesAreCheckedAndMergedNewestFirst() {
        assertThatThrownBy(() -> new ClientCfg(SmsId.parse("ABC00001"), List.of()))
                .hasMessageContaining("at least one request");
        assertThatThrownBy(() -> ClientCfg.of(hw("ABC00001", T0), hw("ABC00002", T0)))
                .hasMessageContaining("ABC00001.CFG cannot hold a request for ABC00002");
        assertThatThrownBy(() -> ClientCfg.of(hw("ABC00001", T0), hw("ABC00001", T0)))
                .hasMessageContaining("two HW requests");

        ClientCfg cfg = ClientCfg.of(hw("ABC00001", T0)).with(hw("ABC00001", T0.plusSeconds(1)))
                .with(hw("ABC00001", T0)).with(sw("ABC00001", T0));
        assertThat(cfg.entries()).containsExactly(hw("ABC00001", T0.plusSeconds(1)), sw("ABC00001", T0));
        assertThat(cfg.entry(InventoryKind.SW)).contains(sw("ABC00001", T0));
        assertThat(cfg.without(InventoryKind.SW).flatMap(c -> c.without(InventoryKind.HW))).isEqualTo(Optional.empty());
    }

    @Test
    void deleteRemovesTheClientsFileOnly() throws Exception {
        ClientCfg.of(hw("ABC00001", T0)).write(box);
        ClientCfg.of(hw("ABC00002", T0)).write(box);
        assertThat(ClientCfg.delete(box, SmsId.parse("ABC00001"))).isTrue();
        assertThat(ClientCfg.delete(box, SmsId.parse("ABC00001"))).isFalse();
        assertThat(box.resolve("ABC00002.CFG")).exists();
    }
}
