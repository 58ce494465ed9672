package org.mifsync.mif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** Diagnostics and the parser's exception travel through Java serialization whole. */
class DiagnosticSerializationTest {

    @Test
    void aMifExceptionComesBackWithEveryErrorAndWarning() throws Exception {
        // two bad groups (errors) and a string wrapped over a line end (a lenient warning)
        String text = "Start Component Name = \"c\"\n"
                + "  Start Group Name = \"g\" Class = \"g\" ID = 8589934591\n  End Group\n"
                + "  Start Group Name = \"h\" Class = \"h\" ID = 8589934592\n  End Group\n"
                + "  Start Group Name = \"w\" Class = \"w\" ID = 7\n"
                + "    Start Attribute Name = \"a\" ID = 1 Type = String(64) Value = \"wrapped\n"
                + "      here\" End Attribute\n  End Group\nEnd Component\n";
        MifException thrown = catchThrowableOfType(() -> MifParser.lenient().parseText(text, "s.mif"),
                MifException.class);
        assertThat(thrown.errors()).hasSize(2);
        assertThat(thrown.warnings()).isNotEmpty();

        MifException back = roundTrip(thrown);

        assertThat(back.errors()).isEqualTo(thrown.errors());
        assertThat(back.warnings()).isEqualTo(thrown.warnings());
        assertThat(back).hasMessage(thrown.getMessage());
        assertThat(back.errors().get(0).toString()).startsWith("s.mif:2:");
    }

    @Test
    void coarseLocationsPrintOnlyWhatTheyKnow() throws Exception {
        assertThat(SourceLocation.ofLine("sites.ini", 12)).hasToString("sites.ini:12");
        assertThat(SourceLocation.ofSource("sites.ini")).hasToString("sites.ini");
        assertThat(new SourceLocation("a.mif", 3, 7)).hasToString("a.mif:3:7");
        assertThat(Diagnostic.warning(SourceLocation.ofLine("f", 2), "odd")).hasToString("f:2: warning: odd");
        assertThat(roundTrip(Diagnostic.error(SourceLocation.ofSource("f"), "gone")))
                .isEqualTo(Diagnostic.error(SourceLocation.ofSource("f"), "gone"));
        assertThatThrownBy(() -> new SourceLocation("f", 0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SourceLocation("f", -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SourceLocation.ofLine("f", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
