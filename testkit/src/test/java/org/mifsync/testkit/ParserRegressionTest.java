package org.mifsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mifsync.mif.Component;
import org.mifsync.mif.MifDocument;
import org.mifsync.mif.MifException;
import org.mifsync.mif.MifParser;
import org.mifsync.mif.MifWriter;

/**
 * The smallest inputs of the parser bugs the properties of this kit found (fixed in mif-grammar
 * eeb14af), kept as regressions: ANTLR's recovery conjures a {@code <missing NUMBER>} token that
 * was parsed as digits (a {@code NumberFormatException} escaped); the error limit reached inside a
 * listener callback left ANTLR's {@code exitRule} half done, and the same block was closed twice
 * (a {@code NoSuchElementException} escaped); {@code parseText} read the writer's six-digit octal
 * escapes of a UTF-16 document with the three-digit ISO-8859-1 rule.
 */
class ParserRegressionTest {

    @Test
    void idWithoutNumberIsAnError() {
        String mif = "START COMPONENT NAME = \"c\" START GROUP NAME = \"g\" CLASS = \"x\" ID = END GROUP END COMPONENT";
        assertThatThrownBy(() -> MifParser.strict().parseText(mif, "t.mif")).isInstanceOf(MifException.class)
                .hasMessageContaining("t.mif:1:");
    }

    @Test
    void keyAndStringSizeWithoutNumberAreErrors() {
        String[] inputs = {
            "START COMPONENT NAME = \"c\" START GROUP NAME = \"g\" CLASS = \"x\" ID = 1 KEY = 1, START ATTRIBUTE"
                + " NAME = \"a\" ID = 1 TYPE = INTEGER END ATTRIBUTE END GROUP END COMPONENT",
            "START COMPONENT NAME = \"c\" START GROUP NAME = \"g\" CLASS = \"x\" ID = 1 START ATTRIBUTE"
                + " NAME = \"a\" ID = 1 TYPE = STRING() END ATTRIBUTE END GROUP END COMPONENT",
        };
        for (String mif : inputs) {
            assertThatThrownBy(() -> MifParser.strict().parseText(mif, "t.mif")).isInstanceOf(MifException.class);
            assertThatThrownBy(() -> MifParser.lenient().parseText(mif, "t.mif")).isInstanceOf(MifException.class);
        }
    }

    @Test
    void errorLimitReachedInsideABlockStopsWithMifException() {
        StringBuilder mif = new StringBuilder("START COMPONENT NAME = \"c\" START GROUP NAME = \"g\" CLASS = \"x\" ID = 1\n");
        for (int i = 0; i < 101; i++) {
            mif.append("START ATTRIBUTE NAME = \"a\" ID = 1 TYPE = INTEGER END ATTRIBUTE\n");
        }
        mif.append("END GROUP END COMPONENT\n");
        assertThatThrownBy(() -> MifParser.strict().parseText(mif.toString(), "t.mif"))
                .isInstanceOfSatisfying(MifException.class, e -> assertThat(e.errors()).hasSizeGreaterThanOrEqualTo(100));
    }

    @Test
    void writtenTextWithWideAndControlCharactersReadsBack() throws Exception {
        MifDocument d = new MifDocument(List.of(), Optional.empty(), new Component("\u03A9\u0001", Optional.empty(),
                Optional.empty(), List.of(), List.of(), List.of(), List.of(), MifGenerators.GENERATED));
        assertThat(MifParser.strict().parseText(MifWriter.write(d), "t.mif").document()).isEqualTo(d);
    }
}
