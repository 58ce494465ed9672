package org.mifsync.mif;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.mifsync.mif.internal.antlr.MifLexer;
import org.mifsync.mif.internal.antlr.MifSyntax;

/**
 * Parses MIF files into {@link MifDocument}s. Configure once, use from any number of threads: a
 * parser is immutable and thread-safe.
 *
 * <pre>{@code
 * MifParser parser = MifParser.builder().mode(SyntaxMode.LENIENT).smsChecks(true).build();
 * try {
 *     ParseResult result = parser.parse(Path.of("inventory.mif"));
 *     result.warnings().forEach(System.err::println);
 *     MifDocument doc = result.document();
 * } catch (MifException e) {
 *     e.errors().forEach(System.err::println);   // inventory.mif:12:3: expected END GROUP …
 * }
 * }</pre>
 *
 * <p>Input is ISO-8859-1 unless it starts with a byte-order mark: {@code FE FF} (UTF-16
 * big-endian), {@code FF FE} (UTF-16 little-endian) or {@code EF BB BF} (UTF-8).
 *
 * @since 0.1
 */
public final class MifParser {

    private static final Pattern DIRECTIVE = Pattern.compile("//([A-Za-z]+)((?:<[^>\\r\\n]*>)+)[ \\t]*");
    private static final Pattern ARGUMENT = Pattern.compile("<([^>\\r\\n]*)>");

    private final SyntaxMode mode;
    private final boolean smsChecks;
    private final ParseLimits limits;
    private final boolean grammarLexer;

    private MifParser(Builder b) {
        this.mode = b.mode;
        this.smsChecks = b.smsChecks;
        this.limits = b.limits;
        this.grammarLexer = b.grammarLexer;
    }

    /** A parser with the DMI rules, no SMS checks and the default limits. */
    public static MifParser strict() {
        return builder().build();
    }

    /** A parser that accepts what SMS accepted, with warnings. */
    public static MifParser lenient() {
        return builder().mode(SyntaxMode.LENIENT).build();
    }

    /** A builder starting from strict mode, no SMS checks, default limits. */
    public static Builder builder() {
        return new Builder();
    }

    /** Configuration of a {@link MifParser}. Not thread-safe; the parser it builds is. */
    public static final class Builder {
        private SyntaxMode mode = SyntaxMode.STRICT;
        private boolean smsChecks;
        private ParseLimits limits = ParseLimits.DEFAULT;
        private boolean grammarLexer;

        private Builder() {
        }

        /**
         * Tokenizes with the lexer generated from the grammar instead of the hand-written one. Both
         * give identical tokens (a differential test proves it); the generated one is slower. For
         * diagnosis and comparison only.
         */
        public Builder grammarLexer(boolean enabled) {
            this.grammarLexer = enabled;
            return this;
        }

        /** Strict (the default) or lenient syntax. */
        public Builder mode(SyntaxMode syntaxMode) {
            this.mode = Objects.requireNonNull(syntaxMode, "syntaxMode");
            return this;
        }

        /**
         * Adds the SMS dialect warnings: dates outside 1980–2030, integers beyond signed 32 bits,
         * Unicode files, strings over 255 characters. Never errors.
         */
        public Builder smsChecks(boolean enabled) {
            this.smsChecks = enabled;
            return this;
        }

        /** Limits against hostile input. */
        public Builder limits(ParseLimits parseLimits) {
            this.limits = Objects.requireNonNull(parseLimits, "parseLimits");
            return this;
        }

        /** The parser. */
        public MifParser build() {
            return new MifParser(this);
        }
    }

    /** The syntax mode of this parser. */
    public SyntaxMode mode() {
        return mode;
    }

    /**
     * Parses a file; its path is the source name in every location.
     *
     * @throws MifException if the file is not valid MIF (every error found)
     * @throws IOException if the file cannot be read
     */
    public ParseResult parse(Path file) throws MifException, IOException {
        String source = file.toString();
        long size = Files.size(file);
        if (size > limits.maxInputBytes()) {
            throw tooLarge(source, size);
        }
        return parse(Files.readAllBytes(file), source);
    }

    /**
     * Parses the bytes of a MIF file.
     *
     * @param bytes the file's content
     * @param source the name to use in locations
     * @throws MifException if the input is not valid MIF (every error found)
     */
    public ParseResult parse(byte[] bytes, String source) throws MifException {
        if (bytes.length > limits.maxInputBytes()) {
            throw tooLarge(source, bytes.length);
        }
        int bom = 0;
        Charset charset = StandardCharsets.ISO_8859_1;
        if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            bom = 2;
        } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            bom = 2;
        } else if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF) {
            charset = StandardCharsets.UTF_8;
            bom = 3;
        }
        String text = new String(bytes, bom, bytes.length - bom, charset);
        return parse(text, source, bom > 0, charset != StandardCharsets.ISO_8859_1);
    }

    /**
     * Parses text that is already decoded.
     *
     * @param text the MIF text
     * @param source the name to use in locations
     * @throws MifException if the text is not valid MIF (every error found)
     */
    public ParseResult parseText(String text, String source) throws MifException {
        if (text.length() > limits.maxInputBytes()) {
            throw tooLarge(source, text.length());
        }
        // a character beyond Latin-1 means the text cannot have come from an ISO-8859-1 file,
        // so escapes follow the Unicode rules (the writer chooses its escapes the same way)
        return parse(text, source, !fitsLatin1(text), true);
    }

    private static boolean fitsLatin1(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private MifException tooLarge(String source, long size) {
        return new MifException(List.of(Diagnostic.error(new SourceLocation(source, 1, 1), "input of " + size
                + " bytes is larger than the limit of " + limits.maxInputBytes() + " bytes")), List.of());
    }

    private ParseResult parse(String text, String source, boolean unicode, boolean mayHaveSurrogates)
            throws MifException {
        TokenSource lexer;
        if (grammarLexer || mayHaveSurrogates && !FastLexer.handles(text)) {
            MifLexer generated = new MifLexer(CharStreams.fromString(text, source));
            generated.removeErrorListeners();
            lexer = generated;
        } else {
            lexer = new FastLexer(text, new StringCharStream(text, source));
        }
        TokenBuffer tokens = new TokenBuffer(lexer);

        // Stage 1: SLL and bail out at the first syntax error, the fast path for valid files.
        Diagnostics diag = new Diagnostics(source, mode, limits.maxErrors());
        DocumentBuilder builder = new DocumentBuilder(diag, tokens, unicode, limits, smsChecks);
        MifSyntax parser = newParser(tokens, builder, diag);
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            parser.mifFile();
        } catch (ParseCancellationException bail) {
            // Stage 2: full LL with recovery, so that every error is found and explained.
            tokens.seek(0);
            diag = new Diagnostics(source, mode, limits.maxErrors());
            builder = new DocumentBuilder(diag, tokens, unicode, limits, smsChecks);
            parser = newParser(tokens, builder, diag);
            parser.setErrorHandler(new SyntaxErrors(builder, diag));
            try {
                parser.mifFile();
            } catch (Diagnostics.LimitReached stop) {
                // the errors found are kept; the rest of the input is not read
            }
        } catch (Diagnostics.LimitReached stop) {
            // the limit was reached before any syntax error: stage 2 would find the same errors
        }
        List<Directive> directives = directives(tokens, diag, builder, unicode);
        if (diag.errorCount() > 0 || builder.component() == null) {
            if (diag.errorCount() == 0) {
                diag.error(new SourceLocation(source, 1, 1), "no component could be read");
            }
            throw new MifException(diag.errors(), diag.warnings());
        }
        return new ParseResult(new MifDocument(directives, builder.language(), builder.component()),
                diag.warnings());
    }

    /**
     * Whether the fast stage alone (SLL, bail at the first error) accepts this text: valid files
     * must never need the full-LL stage, or the grammar has grown an ambiguity. For tests.
     */
    static boolean acceptedBySll(String text) {
        MifLexer lexer = new MifLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        Diagnostics diag = new Diagnostics("sll", SyntaxMode.LENIENT, Integer.MAX_VALUE);
        MifSyntax parser = newParser(tokens, new DocumentBuilder(diag, tokens, false, ParseLimits.DEFAULT, false), diag);
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            parser.mifFile();
            return true;
        } catch (ParseCancellationException e) {
            return false;
        }
    }

    private static MifSyntax newParser(TokenStream tokens, DocumentBuilder builder, Diagnostics diag) {
        MifSyntax parser = new ListeningSyntax(tokens, diag);
        parser.removeErrorListeners();
        parser.setBuildParseTree(false);
        parser.addParseListener(builder);
        return parser;
    }

    /** SMS directives count before the component starts; anywhere else SMS ignores them. */
    private List<Directive> directives(TokenBuffer tokens, Diagnostics diag, DocumentBuilder builder,
            boolean unicode) {
        List<Directive> directives = new ArrayList<>();
        int componentStart = Integer.MAX_VALUE;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).getType() == MifLexer.START) {
                componentStart = tokens.get(i).getStartIndex();
                break;
            }
        }
        for (Token t : tokens.offChannel()) {
            if (t.getType() == MifLexer.NEAR_DIRECTIVE) {
                diag.warning(builder.at(t), "'" + t.getText().strip() + "' is not read as a directive: SMS requires"
                        + " exactly //Name<value>, with no blanks before the first <");
                continue;
            }
            if (t.getType() != MifLexer.DIRECTIVE) {
                continue;
            }
            if (t.getStartIndex() > componentStart) {
                diag.warning(builder.at(t), "directive '" + t.getText().strip() + "' after START COMPONENT is ignored;"
                        + " SMS reads directives at the top of the file only");
                continue;
            }
            Matcher m = DIRECTIVE.matcher(t.getText());
            if (m.matches()) {
                List<String> arguments = new ArrayList<>();
                Matcher a = ARGUMENT.matcher(m.group(2));
                while (a.find()) {
                    arguments.add(a.group(1));
                }
                directives.add(new Directive(m.group(1), arguments, builder.at(t)));
            }
        }
        if (unicode && smsChecks) {
            diag.warning(new SourceLocation(tokens.getSourceName(), 1, 1), "SMS 1.x refuses Unicode MIF files");
        }
        return directives;
    }

    /**
     * Empties ANTLR's shared prediction caches. They only grow; a long-running host that has
     * parsed very varied input may call this now and then (never on a hot path).
     */
    public static void clearCaches() {
        MifSyntax parser = new MifSyntax(null);
        parser.getInterpreter().clearDFA();
    }
}
