package org.mifsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static final ObjectMapper READER = new ObjectMapper();

    @Test
    void oneLineLayoutIsTheOneTheCommandsAlwaysPrinted() {
        Json.Obj o = Json.obj().put("files", 3).put("applied", Json.obj().put("APPLIED_FULL", 1))
                .put("refused", Json.obj()).put("problems", Json.arr())
                .put("records", Json.arr().add(Json.obj().put("smsId", "CEN00001").put("kind", "HW")).add("x"))
                .put("stoppedBy", null).opt("site", Optional.empty()).put("ok", true);
        assertThat(Json.line(o)).isEqualTo("{\"files\": 3, \"applied\": {\"APPLIED_FULL\": 1}, \"refused\": {},"
                + " \"problems\": [], \"records\": [{\"smsId\": \"CEN00001\", \"kind\": \"HW\"}, \"x\"],"
                + " \"stoppedBy\": null, \"site\": null, \"ok\": true}");
        assertThat(Json.line(Json.arr())).isEqualTo("[]");
    }

    @Test
    void indentedLayoutPutsEveryMemberOnItsOwnLine() {
        Json.Obj o = Json.obj().put("smsId", "CEN00001").put("keys", Json.arr().add(1L).add(2L))
                .put("empty", Json.obj()).put("none", Json.arr()).put("nested", Json.obj().put("a", 1));
        assertThat(Json.write(o)).isEqualTo("""
                {
                  "smsId": "CEN00001",
                  "keys": [
                    1,
                    2
                  ],
                  "empty": {},
                  "none": [],
                  "nested": {
                    "a": 1
                  }
                }""");
    }

    @Test
    void otherValuesAreWrittenAsTheTextOutputShowsThem() {
        Instant at = Instant.parse("2026-03-01T10:00:00Z");
        Path file = Path.of("SITE.SRV", "x y.MIF");
        assertThat(Json.line(Json.obj().put("at", at).put("file", file).put("counter",
                new BigInteger("18446744073709551615"))))
                .isEqualTo("{\"at\": \"2026-03-01T10:00:00Z\", \"file\": \"" + file + "\", \"counter\": 18446744073709551615}");
    }

    @Test
    void clientTextComesOutAsValidJsonWithNothingATerminalActsOn() throws Exception {
        String hostile = "a\u0007b\u001b[31mc\u007fd\u0085e\"f\\g\nh\uD800i\uDC00j\uD83D\uDE00k";
        String line = Json.line(Json.obj().put("name", hostile));
        assertThat(line).isEqualTo("{\"name\": \"a\\u0007b\\u001b[31mc\\u007fd\u0085e\\\"f\\\\g\\nh\\ud800i\\udc00j"
                + "\uD83D\uDE00k\"}");
        // DEL and lone surrogates escaped, a valid pair kept as it is; the value reads back exactly
        assertThat(line.codePoints()).noneMatch(c -> c < 0x20 || c == 0x7F || Character.getType(c) == Character.SURROGATE);
        JsonNode read = READER.readTree(line);
        assertThat(read.get("name").textValue()).isEqualTo(hostile);
        assertThat(READER.readTree(Json.write(Json.arr().add(hostile))).get(0).textValue()).isEqualTo(hostile);
    }
}
