package org.mifsync.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.mifsync.mif.MifWriter;
import org.quicktheories.core.Gen;

/**
 * Broken inputs for robustness properties: valid MIF files with tokens deleted, duplicated,
 * swapped or replaced, files cut short, bytes flipped, inserted or deleted, chunks repeated many
 * times, and files of random bytes or of random MIF words. The parser must answer each with a
 * document or its own exception, with every location inside the input, and quickly.
 *
 * <p>Token mutations work on the decoded text (byte-order mark and encoding kept, as the parser
 * detects them), so that they break the syntax rather than the encoding; byte mutations work on
 * the raw bytes and break both.
 *
 * <p>Thread-safe: no state is kept between inputs.
 *
 * @since 0.1
 */
public final class MifMutations {

    private MifMutations() {
    }

    /** A named input. */
    public record Sample(String name, byte[] bytes) {
        /** Copies the bytes in. */
        public Sample {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return name + " (" + bytes.length + " bytes)";
        }
    }

    /**
     * A broken input and how it was made.
     *
     * @param origin the sample it was made from, or the kind of random file
     * @param steps the mutations applied, in order
     * @param bytes the input
     */
    public record Mutant(String origin, List<String> steps, byte[] bytes) {
        /** Copies the lists and bytes in. */
        public Mutant {
            steps = List.copyOf(steps);
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** Origin, steps, and the input itself with unprintable bytes escaped (cut at 4000 bytes). */
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(origin).append(' ').append(steps).append(", ").append(bytes.length)
                    .append(" bytes:\n");
            for (int i = 0; i < Math.min(bytes.length, 4000); i++) {
                int c = bytes[i] & 0xFF;
                if (c == '\n' || (c >= 0x20 && c < 0x7F && c != '\\')) {
                    b.append((char) c);
                } else {
                    b.append(String.format(Locale.ROOT, "\\x%02X", c));
                }
            }
            return b.append(bytes.length > 4000 ? "…" : "").toString();
        }
    }

    /** Generated valid documents as the bytes {@link MifWriter#encode} gives. */
    public static Gen<Sample> generatedSamples() {
        return MifGenerators.documents().map(d -> new Sample("generated", MifWriter.encode(d)));
    }

    /** One of the given samples (for example the files of a corpus). */
    public static Gen<Sample> oneOf(List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Sample> copy = List.copyOf(samples);
        return in -> Draw.of(in).pick(copy);
    }

    /** Samples broken by one to three mutations, token or byte level. */
    public static Gen<Mutant> mutantsOf(Gen<Sample> samples) {
        return in -> {
            Sample sample = samples.generate(in);
            Draw draw = Draw.of(in);
            byte[] bytes = sample.bytes();
            List<String> steps = new ArrayList<>();
            int n = draw.between(1, 3);
            for (int i = 0; i < n; i++) {
                bytes = mutate(draw, bytes, steps);
            }
            return new Mutant(sample.name(), steps, bytes);
        };
    }

    /** Files of random bytes, some starting with a byte-order mark. */
    public static Gen<Mutant> randomBytes() {
        return in -> {
            Draw draw = Draw.of(in);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String bom = "";
            if (draw.chance(30)) {
                byte[][] boms = { {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xFF, (byte) 0xFE},
                    {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF} };
                byte[] b = boms[draw.between(0, 2)];
                out.writeBytes(b);
                bom = " after a byte-order mark";
            }
            int n = draw.between(0, 800);
            for (int i = 0; i < n; i++) {
                out.write(draw.between(0, 255));
            }
            return new Mutant("random bytes" + bom, List.of(), out.toByteArray());
        };
    }

    /**
     * Files of random MIF words: keywords in any case, separators, numbers of every base and size,
     * strings (some unterminated), comments and directives, sometimes inside a component frame so
     * that the parser gets further than the first token.
     */
    public static Gen<Mutant> tokenSoup() {
        return in -> {
            Draw draw = Draw.of(in);
            StringBuilder s = new StringBuilder();
            boolean framed = draw.chance(60);
            if (framed) {
                s.append("START COMPONENT\nNAME = \"soup\"\n");
            }
            int n = draw.between(0, 400);
            for (int i = 0; i < n; i++) {
                s.append(soupWord(draw)).append(draw.pick(" ", " ", " ", "\n", "\r\n", "\t", ""));
            }
            if (framed && draw.chance(50)) {
                s.append("\nEND COMPONENT\n");
            }
            Charset cs = draw.chance(85) ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_16LE;
            byte[] body = s.toString().getBytes(cs);
            byte[] bytes = cs == StandardCharsets.UTF_16LE ? concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, body) : body;
            return new Mutant("token soup" + (cs == StandardCharsets.UTF_16LE ? " (UTF-16LE)" : ""), List.of(), bytes);
        };
    }

    private static final String[] WORDS = {"start", "end", "component", "group", "attribute", "table", "enum",
        "enumeration", "path", "paths", "language", "name", "description", "id", "class", "key", "type", "access",
        "storage", "value", "pragma", "counter", "counter64", "gauge", "integer", "int", "integer64", "int64",
        "string", "displaystring", "octetstring", "date", "read-only", "read-write", "write-only", "common",
        "specific", "unknown", "unsupported", "dos", "macos", "os2", "unix", "win16", "win32", "win9x", "winnt",
        "direct-interface", "=", "=", "=", ",", "{", "}", "(", ")", "*", "-", "+", "foo", "'x'", "\u001A", "\u0000",
        "\u00E9"};

    private static String soupWord(Draw draw) {
        int how = draw.between(0, 99);
        if (how < 55) {
            String w = draw.pick(WORDS);
            return switch (draw.between(0, 2)) {
                case 0 -> w.toUpperCase(Locale.ROOT);
                case 1 -> w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1);
                default -> w;
            };
        }
        if (how < 70) {
            return switch (draw.between(0, 5)) {
                case 0 -> Long.toString(draw.between(0L, 1000L));
                case 1 -> "0x" + Long.toHexString(draw.between(0L, Long.MAX_VALUE));
                case 2 -> "0" + Long.toOctalString(draw.between(0L, 4096L));
                case 3 -> "09";
                case 4 -> "9".repeat(draw.between(1, 40));
                default -> "-" + draw.between(0L, Long.MAX_VALUE) + draw.between(0, 99);
            };
        }
        if (how < 88) {
            String body = draw.pick("", "x", "DMTF|ComponentID|1.0", "a\\\"b", "\\x4", "\\777", "\\q", "line\nbreak",
                    "19940525133015.000000-300", "12/12/95", "\\", "direct interface");
            return "\"" + body + (draw.chance(90) ? "\"" : "");
        }
        if (how < 94) {
            return draw.pick("// comment", "//Architecture<System>", "// UniqueID <x>", "//////", "//a<", "//KeyAttribute<a><b>")
                    + "\n";
        }
        return "START " + draw.pick("COMPONENT", "GROUP", "ATTRIBUTE", "TABLE", "ENUM", "PATH");
    }

    // ---- single mutations -----------------------------------------------------------------------

    private static byte[] mutate(Draw draw, byte[] bytes, List<String> steps) {
        int how = draw.between(0, 99);
        if (how < 45) {
            return mutateTokens(draw, bytes, steps);
        }
        if (how < 60) {
            int at = draw.between(0, bytes.length);
            steps.add("cut at byte " + at);
            return Arrays.copyOf(bytes, at);
        }
        if (how < 72) {
            byte[] out = bytes.clone();
            int n = out.length == 0 ? 0 : draw.between(1, 4);
            for (int i = 0; i < n; i++) {
                int at = draw.between(0, out.length - 1);
                int mask = draw.between(1, 255);
                out[at] ^= (byte) mask;
                steps.add("flip byte " + at + " by 0x" + Integer.toHexString(mask));
            }
            return out;
        }
        if (how < 84) {
            int at = draw.between(0, bytes.length);
            byte[] insert = interestingBytes(draw);
            steps.add("insert " + insert.length + " bytes at " + at);
            return splice(bytes, at, at, insert);
        }
        if (how < 93) {
            if (bytes.length == 0) {
                return bytes;
            }
            int from = draw.between(0, bytes.length - 1);
            int to = Math.min(bytes.length, from + draw.between(1, 64));
            steps.add("delete bytes " + from + ".." + to);
            return splice(bytes, from, to, new byte[0]);
        }
        // a chunk repeated many times: big inputs with long runs of the same structure
        if (bytes.length == 0) {
            return bytes;
        }
        int from = draw.between(0, bytes.length - 1);
        int to = Math.min(bytes.length, from + draw.between(1, 200));
        int times = draw.between(2, 300);
        byte[] chunk = Arrays.copyOfRange(bytes, from, to);
        ByteArrayOutputStream rep = new ByteArrayOutputStream();
        for (int i = 0; i < times; i++) {
            rep.writeBytes(chunk);
        }
        steps.add("repeat bytes " + from + ".." + to + " " + times + " times");
        return splice(bytes, to, to, rep.toByteArray());
    }

    private static byte[] interestingBytes(Draw draw) {
        int n = draw.between(1, 8);
        byte[] out = new byte[n];
        byte[] special = {'"', '\\', '{', '}', ',', '=', '\n', '\r', 0x1A, 0x00, (byte) 0xFE, (byte) 0xFF, '/', '*',
            '-', '0', 'x'};
        for (int i = 0; i < n; i++) {
            out[i] = draw.chance(60) ? special[draw.between(0, special.length - 1)] : (byte) draw.between(0, 255);
        }
        return out;
    }

    /** Deletes, duplicates, swaps or replaces tokens of the decoded text, then encodes it back. */
    private static byte[] mutateTokens(Draw draw, byte[] bytes, List<String> steps) {
        Decoded d = Decoded.of(bytes);
        List<int[]> tokens = roughTokens(d.text);
        if (tokens.isEmpty()) {
            steps.add("no token to mutate");
            return bytes;
        }
        String t = d.text;
        int[] a = draw.pick(tokens);
        String aText = t.substring(a[0], a[1]);
        String out;
        switch (draw.between(0, 3)) {
            case 0 -> {
                steps.add("delete token " + quote(aText) + " at " + a[0]);
                out = t.substring(0, a[0]) + t.substring(a[1]);
            }
            case 1 -> {
                int[] where = draw.pick(tokens);
                steps.add("duplicate token " + quote(aText) + " before " + where[0]);
                out = t.substring(0, where[0]) + aText + " " + t.substring(where[0]);
            }
            case 2 -> {
                int[] b = draw.pick(tokens);
                int[] first = a[0] <= b[0] ? a : b;
                int[] second = a[0] <= b[0] ? b : a;
                if (first == second || first[1] > second[0]) {
                    steps.add("swap token " + quote(aText) + " with itself");
                    out = t;
                } else {
                    steps.add("swap tokens at " + first[0] + " and " + second[0]);
                    out = t.substring(0, first[0]) + t.substring(second[0], second[1]) + t.substring(first[1], second[0])
                            + t.substring(first[0], first[1]) + t.substring(second[1]);
                }
            }
            default -> {
                String word = soupWord(draw);
                steps.add("replace token " + quote(aText) + " at " + a[0] + " by " + quote(word));
                out = t.substring(0, a[0]) + word + t.substring(a[1]);
            }
        }
        return d.encode(out);
    }

    private static String quote(String s) {
        return ModelDiff.show(s.length() > 30 ? s.substring(0, 30) + "…" : s);
    }

    /**
     * Token spans {@code [start, end)} of MIF text, found roughly: strings (to the closing quote or
     * the end), comments (to the end of the line), single separators, and runs of anything else
     * up to whitespace.
     */
    static List<int[]> roughTokens(String text) {
        List<int[]> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '"') {
                i++;
                while (i < n && text.charAt(i) != '"') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
                i = Math.min(n, i + 1);
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    i++;
                }
            } else if ("={},()*".indexOf(c) >= 0) {
                i++;
            } else {
                while (i < n && !Character.isWhitespace(text.charAt(i)) && "\"={},()*".indexOf(text.charAt(i)) < 0) {
                    i++;
                }
            }
            out.add(new int[] {start, i});
        }
        return out;
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
        byte[] out = new byte[bytes.length - (to - from) + insert.length];
        System.arraycopy(bytes, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(bytes, to, out, from + insert.length, bytes.length - to);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return splice(a, a.length, a.length, b);
    }

    /** Text decoded as the parser decodes it, and how to encode a changed text the same way. */
    private record Decoded(byte[] bom, Charset charset, String text) {
        static Decoded of(byte[] bytes) {
            if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
                return new Decoded(Arrays.copyOf(bytes, 2), StandardCharsets.UTF_16BE,
                        new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16BE));
            }
            if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
                return new Decoded(Arrays.copyOf(bytes, 2), StandardCharsets.UTF_16LE,
                        new String(bytes, 2, bytes.length - 2, StandardCharsets.UTF_16LE));
            }
            if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                    && (bytes[2] & 0xFF) == 0xBF) {
                return new Decoded(Arrays.copyOf(bytes, 3), StandardCharsets.UTF_8,
                        new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8));
            }
            return new Decoded(new byte[0], StandardCharsets.ISO_8859_1,
                    new String(bytes, StandardCharsets.ISO_8859_1));
        }

        byte[] encode(String changed) {
            return concat(bom, changed.getBytes(charset));
        }
    }
}
