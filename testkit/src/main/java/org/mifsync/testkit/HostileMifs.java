package org.mifsync.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.mifsync.testkit.MifMutations.Mutant;
import org.quicktheories.core.Gen;

/**
 * Inputs made to cost a parser as much as possible per byte: one short piece of broken MIF
 * repeated until the file has the size asked for, so that every few bytes hold a new syntax
 * error and recovery never gets to rest. The same shapes serve the parse benchmark of hostile
 * input (at a few megabytes) and the property tests (at a few hundred repetitions).
 *
 * <p>Thread-safe: no state is kept between inputs.
 *
 * @since 0.1
 */
public final class HostileMifs {

    /** Size of the case of the hostile-input benchmark: 4.25 MiB. */
    public static final int CASE_BYTES = 4_456_448;

    /**
     * One kind of hostile input.
     *
     * @param name short name, for tables and test output
     * @param prefix text before the repeated piece (empty for none)
     * @param piece the text repeated
     * @param suffix text after the repetitions
     */
    public record Shape(String name, String prefix, String piece, String suffix) {

        /** The shape with the piece repeated until the input has at least {@code bytes} bytes. */
        public byte[] bytes(int bytes) {
            int fixed = prefix.length() + suffix.length();
            int times = Math.max(1, (bytes - fixed + piece.length() - 1) / piece.length());
            return repeated(times);
        }

        /** The shape with the piece repeated {@code times} times (ISO-8859-1, as MIF files are). */
        public byte[] repeated(int times) {
            StringBuilder s = new StringBuilder(prefix.length() + suffix.length() + piece.length() * times);
            s.append(prefix);
            for (int i = 0; i < times; i++) {
                s.append(piece);
            }
            return s.append(suffix).toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private static final String COMPONENT = "Start Component\n  Name = \"hostile\"\n";
    private static final String GROUP = COMPONENT
            + "  Start Group\n    Name = \"g\"\n    Class = \"ACME|HOSTILE|1.0\"\n    ID = 1\n";

    /** Every shape: the case first, then the other pathological forms found. */
    public static final List<Shape> SHAPES = List.of(
            // issue 12, row 6: what a client wrote instead of an inventory
            new Shape("start-component", "", "Start Component\n", ""),
            // blocks opened inside each other and never closed: each attribute opens an enumeration
            new Shape("unclosed-blocks", GROUP, "Start Attribute Name = \"a\" ID = 1 Type = Start Enum\n", ""),
            // a path ending in a backslash escapes its closing quote: every string runs into the next line
            new Shape("open-strings", GROUP, "    Start Attribute Name = \"p\" ID = 2 Type = String(64)"
                    + " Value = \"C:\\DOS\\\" End Attribute\n", ""),
            // one line of separators and stray words, never a statement
            new Shape("garbage-line", COMPONENT, "= , } ) @ x 1 * - ", "\nEnd Component\n"),
            // END GROUP with no START GROUP, line after line
            new Shape("stray-end-group", COMPONENT, "  End Group\n", "End Component\n"));

    private HostileMifs() {
    }

    /**
     * Hostile inputs for property tests: a shape picked at random, its piece repeated up to 3,000
     * times, sometimes with lines of a second shape's piece mixed in.
     */
    public static Gen<Mutant> inputs() {
        return in -> {
            Draw draw = Draw.of(in);
            Shape shape = draw.pick(SHAPES);
            int times = draw.between(1, 3_000);
            if (draw.chance(30)) {
                Shape other = draw.pick(SHAPES);
                shape = new Shape(shape.name() + "+" + other.name(), shape.prefix(), shape.piece() + other.piece(),
                        shape.suffix());
            }
            return new Mutant("hostile " + shape.name(), List.of("piece repeated " + times + " times"),
                    shape.repeated(times));
        };
    }
}
