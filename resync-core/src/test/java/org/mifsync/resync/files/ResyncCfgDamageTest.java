package org.mifsync.resync.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mifsync.resync.files.Requests.DOMAIN;
import static org.mifsync.resync.files.Requests.SITE;
import static org.mifsync.resync.files.Requests.T0;
import static org.mifsync.resync.files.Requests.hw;
import static org.mifsync.resync.files.Requests.sw;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mifsync.mif.SourceLocation;
import org.mifsync.model.DomainName;
import org.mifsync.model.SiteCode;

class ResyncCfgDamageTest {

    private static final String HEADER = ";RESYNC.CFG v1 site=ABC domain=SALES          \r\n";

    @TempDir
    Path dir;

    private ResyncCfg write(String... lines) throws Exception {
        Path file = dir.resolve(ResyncCfg.FILE_NAME);
        Files.write(file, String.join("", lines).getBytes(StandardCharsets.ISO_8859_1));
        return ResyncCfg.of(file, SITE, DOMAIN);
    }

    private static String rec(String text) {
        assertThat(text).hasSize(46);
        return text + "\r\n";
    }

    @Test
    void damagedRecordIsReportedWithItsNumberAndSkipped() throws Exception {
        ResyncCfg cfg = write(HEADER,
                rec("ABC00001 HW 19990102030405 NO_BASELINE        "),   // 1 good
                "ABC00002 HW 19990102030405 NO_BASELINE       \r\n",      // 2 one byte short
                rec("abc00003 HW 19990102030405 NO_BASELINE        "),   // 3 lower-case SMSID
                rec("ABC00004 XW 19990102030405 NO_BASELINE        "),   // 4 bad kind
                rec("ABC00005 HW 19991302030405 NO_BASELINE        "),   // 5 month 13
                rec("ABC00006 HW 19990102030405 LATER              "),   // 6 unknown reason
                rec("ABC00007 HW 19990102030405  NO_BASELINE       "),   // 7 reason not left-aligned
                rec("ABC00008 HW 19990102030405 NO_BASELINE        "),   // 8 good
                rec("ABC00004 HW 19990102030405 NO_BASELINE        "),   // 9 out of order
                rec("ABC00008 HW 19990102030406 FORCED             "),   // 10 duplicate
                rec("ABC00009 SW 19990229000000 FORCED             "),   // 11 no 29 February in 1999
                rec("ABC0000A HW 19990102030405-NO_BASELINE        "),   // 12 separator
                rec("ABC0000B SW 20000229000000 FORCED             "),   // 13 good (leap year)
                "ABC0000C HW 1999010203");                                // 14 partial at the end

        ResyncCfg.Contents contents = cfg.read();

        assertThat(contents.entries()).extracting(e -> e.smsId().value())
                .containsExactly("ABC00001", "ABC00008", "ABC0000B");
        assertThat(contents.damage()).extracting(ResyncCfg.Damage::record, ResyncCfg.Damage::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, "length"),
                org.assertj.core.groups.Tuple.tuple(3L, "SMSID"),
                org.assertj.core.groups.Tuple.tuple(4L, "kind"),
                org.assertj.core.groups.Tuple.tuple(5L, "request time"),
                org.assertj.core.groups.Tuple.tuple(6L, "reason"),
                org.assertj.core.groups.Tuple.tuple(7L, "reason"),
                org.assertj.core.groups.Tuple.tuple(9L, "order"),
                org.assertj.core.groups.Tuple.tuple(10L, "order"),
                org.assertj.core.groups.Tuple.tuple(11L, "request time"),
                org.assertj.core.groups.Tuple.tuple(12L, "separator"),
                org.assertj.core.groups.Tuple.tuple(14L, "length"));
        List<String> messages = contents.damage().stream().map(Object::toString).toList();
        assertThat(messages.get(0)).isEqualTo(cfg.file() + ": record 2: record is 47 bytes, expected 48"
                + " (46 characters then CR LF)");
        assertThat(messages.get(1)).contains("record 3: SMSID 'abc00003' has 'a' at position 1");
        assertThat(messages.get(2)).contains("record 4: kind 'XW' must be HW or SW");
        assertThat(messages.get(3)).contains("record 5: request time '19991302030405' has month 13");
        assertThat(messages.get(4)).contains("record 6: reason 'LATER              ' must be one of NO_BASELINE");
        assertThat(messages.get(6)).contains("record 9: record 'ABC00004 HW' is out of order")
                .contains("'ABC00008 HW'");
        assertThat(messages.get(7)).contains("record 10: duplicate of an earlier record for 'ABC00008 HW'");
        assertThat(messages.get(8)).contains("has day 29, which is not 01-28");
        assertThat(messages.get(9)).contains("column 27 must be a space, found '-'");
        assertThat(messages.get(10)).contains("record 14: partial record of 22 bytes at the end of the file");
        // the same damage in the one location type: record n is line n + 1, the column where the field starts
        String f = cfg.file().toString();
        assertThat(contents.damage()).extracting(d -> d.location().toString()).containsExactly(
                f + ":3", f + ":4:1", f + ":5:10", f + ":6:13", f + ":7:28", f + ":8:28", f + ":10", f + ":11",
                f + ":12:13", f + ":13", f + ":15");
        assertThat(contents.damage().get(3).toDiagnostic()).hasToString(f + ":6:13: warning: request time"
                + " '19991302030405' has month 13, which is not 01-12");
    }

    @Test
    void lineFeedWithoutCarriageReturnIsALengthError() throws Exception {
        ResyncCfg cfg = write(HEADER, "ABC00001 HW 19990102030405 NO_BASELINE         \n");
        ResyncCfg.Contents contents = cfg.read();
        assertThat(contents.entries()).isEmpty();
        assertThat(contents.damage()).singleElement().satisfies(d -> {
            assertThat(d.record()).isEqualTo(1);
            assertThat(d.message()).contains("does not end with CR LF");
        });
    }

    @Test
    void wrongSiteAndDomainInTheHeaderAreReportedButRecordsAreStillRead() throws Exception {
        ResyncCfg cfg = write(";RESYNC.CFG v1 site=XYZ domain=MARKETING      \r\n",
                rec("ABC00001 HW 19990102030405 NO_BASELINE        "));

        ResyncCfg.Contents contents = cfg.read();

        assertThat(contents.entries()).containsExactly(hw("ABC00001", T0));
        assertThat(contents.site()).contains(SiteCode.of("XYZ"));
        assertThat(contents.domain()).contains(DomainName.of("MARKETING"));
        assertThat(contents.damage()).extracting(Object::toString).containsExactly(
                cfg.file() + ": record 0: header names site XYZ, expected ABC",
                cfg.file() + ": record 0: header names domain MARKETING, expected Sales");
    }

    @Test
    void aHeaderWithoutItsDomainTagIsLocatedAtTheTag() throws Exception {
        ResyncCfg cfg = write(";RESYNC.CFG v1 site=ABC realm=SALES           \r\n",
                rec("ABC00001 HW 19990102030405 NO_BASELINE        "));
        ResyncCfg.Contents contents = cfg.read();
        assertThat(contents.entries()).containsExactly(hw("ABC00001", T0));
        assertThat(contents.domain()).isEmpty();
        assertThat(contents.damage()).singleElement().satisfies(d -> {
            assertThat(d.field()).isEqualTo("domain tag");
            assertThat(d.message()).isEqualTo("header must have ' domain=' at column 24, found ' realm=S'");
            assertThat(d.location()).isEqualTo(new SourceLocation(cfg.file().toString(), 1, 24));
        });
    }

    @Test
    void aReaderThatKnowsNoSiteChecksOnlyTheHeaderForm() throws Exception {
        write(";RESYNC.CFG v1 site=XYZ domain=MARKETING      \r\n",
                rec("ABC00001 HW 19990102030405 NO_BASELINE        "));
        ResyncCfg.Contents contents = ResyncCfg.forReading(dir.resolve(ResyncCfg.FILE_NAME)).read();
        assertThat(contents.isClean()).isTrue();
        assertThat(contents.site()).contains(SiteCode.of("XYZ"));
    }

    @Test
    void damagedHeaderIsRecordZeroAndRecordsAfterItAreRead() throws Exception {
        ResyncCfg cfg = write(";RESYNC.CFG v2 site=ABC domain=SALES          \r\n",
                rec("ABC00001 HW 19990102030405 NO_BASELINE        "));
        assertThat(cfg.read().damage()).singleElement()
                .satisfies(d -> assertThat(d.toString()).contains("record 0: header ';RESYNC.CFG v2 site='"
                        + " is not version v1"));
        assertThat(cfg.read().entries()).hasSize(1);

        cfg = write("junk\r\n", rec("ABC00001 HW 19990102030405 NO_BASELINE        "));
        assertThat(cfg.read().damage()).singleElement()
                .satisfies(d -> assertThat(d.message()).isEqualTo("header record is 6 bytes, expected 48 beginning"
                        + " with ';RESYNC.CFG v1 site='"));
        assertThat(cfg.read().entries()).hasSize(1);
    }

    @Test
    void emptyFileReportsItsMissingHeader() throws Exception {
        ResyncCfg cfg = write();
        ResyncCfg.Contents contents = cfg.read();
        assertThat(contents.entries()).isEmpty();
        assertThat(contents.damage()).singleElement().satisfies(d -> {
            assertThat(d.record()).isZero();
            assertThat(d.message()).contains("empty");
        });
    }

    @Test
    void overlongLineIsReportedWithItsLengthAndTheNextRecordIsRead() throws Exception {
        String junk = "x".repeat(3 * 1024 * 1024) + "\r\n";
        ResyncCfg cfg = write(HEADER, junk, rec("ABC00001 HW 19990102030405 NO_BASELINE        "));
        ResyncCfg.Contents contents = cfg.read();
        assertThat(contents.entries()).containsExactly(hw("ABC00001", T0));
        assertThat(contents.damage()).singleElement()
                .satisfies(d -> assertThat(d.toString()).contains("record 1: record is 3145730 bytes, expected 48"));
    }

    @Test
    void scanStreamsEntriesAndDamageInFileOrder() throws Exception {
        ResyncCfg cfg = write(HEADER, rec("ABC00001 HW 19990102030405 NO_BASELINE        "),
                rec("ABC00002 HW 1999010203040X NO_BASELINE        "),
                rec("ABC00003 SW 19990102030405 FORCED             "));
        List<String> events = new ArrayList<>();
        cfg.scan(e -> events.add("entry " + e.smsId()), d -> events.add("damage " + d.record()));
        assertThat(events).containsExactly("entry ABC00001", "damage 2", "entry ABC00003");
        assertThat(cfg.read().entries()).containsExactly(hw("ABC00001", T0), sw("ABC00003", T0));
    }

    @Test
    void lineReaderReportsEveryLineWhateverTheBufferSize() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String text = "a\nbb\n\n" + "c".repeat(40) + "\n" + "tail";
        bytes.write(text.getBytes(StandardCharsets.US_ASCII));
        for (int size : new int[] {1, 2, 3, 7, 16, 1024}) {
            List<String> lines = new ArrayList<>();
            LineReader.read(java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(bytes.toByteArray())),
                    (n, b, off, kept, length, terminated) -> lines.add(n + ":" + length + ":" + terminated + ":"
                            + (kept == length ? new String(b, off, kept, StandardCharsets.US_ASCII).strip() : "?")),
                    size);
            // a line longer than the buffer keeps its length but not its content
            assertThat(lines).as("buffer %d", size).containsExactly(
                    "0:2:true:" + (size >= 2 ? "a" : "?"),
                    "1:3:true:" + (size >= 3 ? "bb" : "?"),
                    "2:1:true:",
                    "3:41:true:" + (size >= 41 ? "c".repeat(40) : "?"),
                    "4:4:false:" + (size >= 4 ? "tail" : "?"));
        }
    }
}
