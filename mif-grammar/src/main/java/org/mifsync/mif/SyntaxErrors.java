package org.mifsync.mif;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.mifsync.mif.internal.antlr.MifLexer;
import org.mifsync.mif.internal.antlr.MifSyntax;

/**
 * ANTLR's recovery (resynchronise at the next statement or block boundary, one error until a
 * token matches again) with messages in MIF's own words: what was expected, in which block opened
 * where, and what was found instead.
 *
 * <p>Recovery costs what parsing costs: the set of tokens to resynchronise on depends only on the
 * chain of rule invocations, so it is computed once per chain instead of at every error (hostile
 * input makes an error every few bytes), and a prediction that failed once fails again from memory
 * ({@link FailureMemo}). Past the error limit nothing more is recovered: {@link Diagnostics} stops
 * the parse.
 */
final class SyntaxErrors extends DefaultErrorStrategy {

    private final DocumentBuilder builder;
    private final Diagnostics diag;

    /** Recovery sets by chain of invoking ATN states; read-only, as ANTLR only reads them. */
    private final Map<Chain, IntervalSet> recoverySets = new HashMap<>();

    SyntaxErrors(DocumentBuilder builder, Diagnostics diag) {
        this.builder = builder;
        this.diag = diag;
    }

    private record Chain(int[] states) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Chain c && Arrays.equals(states, c.states);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(states);
        }
    }

    /** The context of the last recovery-set question and its answer: recovery asks again and again. */
    private RuleContext lastContext;
    private IntervalSet lastRecoverySet;

    @Override
    protected IntervalSet getErrorRecoverySet(Parser recognizer) {
        RuleContext ctx = recognizer.getContext();
        if (ctx != lastContext) {
            lastRecoverySet = recoverySets.computeIfAbsent(new Chain(FailureMemo.invokingStates(ctx)), chain -> {
                IntervalSet set = super.getErrorRecoverySet(recognizer);
                set.setReadonly(true);
                return set;
            });
            lastContext = ctx;
        }
        return lastRecoverySet;
    }

    /**
     * ANTLR's skipping to a token of the set, with the set turned into a table first: hostile input
     * can make recovery skip most of the file, and {@link IntervalSet#contains} walks a list of
     * intervals for every token.
     */
    @Override
    protected void consumeUntil(Parser recognizer, IntervalSet set) {
        if (set != lastStopSet) {
            lastStopTable = new boolean[MifLexer.VOCABULARY.getMaxTokenType() + 1];
            for (int type : set.toArray()) {
                if (type >= 0 && type < lastStopTable.length) {
                    lastStopTable[type] = true;
                }
            }
            // only a read-only set can be known again by its identity
            lastStopSet = set.isReadonly() ? set : null;
        }
        boolean[] stop = lastStopTable;
        TokenStream in = recognizer.getInputStream();
        for (int type = in.LA(1); type != Token.EOF && (type < 0 || type >= stop.length || !stop[type]);
                type = in.LA(1)) {
            recognizer.consume();
        }
    }

    private IntervalSet lastStopSet;
    private boolean[] lastStopTable;

    /**
     * ANTLR's recovery, and then its next rounds at once where they are known to change nothing but
     * the position. The one choice of this grammar that looks past the next token is that of a
     * component item ({@code START GROUP} or {@code START TABLE}…), made first thing in its rule,
     * which the component's item loop calls again on the same token. So when that prediction failed
     * and, after recovery, the tokens ahead are those it failed on, the parser would come straight
     * back, fail the same way (quietly: it is still recovering) and recover again: the loop below
     * is that round trip without the parse around it. A file of {@code START COMPONENT} lines is
     * read this way at the speed of consuming tokens.
     */
    @Override
    public void recover(Parser recognizer, RecognitionException e) {
        super.recover(recognizer, e);
        if (!(e instanceof NoViableAltException) || recognizer.getContext().getRuleIndex() != MifSyntax.RULE_componentItem
                || !(recognizer.getInterpreter() instanceof FailureMemo memo)) {
            return;
        }
        TokenStream in = recognizer.getInputStream();
        int[] chain = FailureMemo.invokingStates(recognizer.getContext());
        int stalled = 0;
        while (in.LA(1) != Token.EOF && memo.lastFailureRepeats(in, chain) && stalled < 2) {
            int before = in.index();
            super.recover(recognizer, e);
            stalled = in.index() == before ? stalled + 1 : 0;
        }
    }

    @Override
    public void reportError(Parser recognizer, RecognitionException e) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        report(recognizer, e.getOffendingToken(), e.getExpectedTokens());
    }

    /**
     * {@code END GROUP} inside an attribute: one error, then the attribute is taken as closed and
     * the {@code END} is read again by the block it names, so that the rest of the file parses
     * normally instead of giving one error per enclosing block.
     */
    @Override
    public Token recoverInline(Parser recognizer) throws RecognitionException {
        TokenStream in = recognizer.getInputStream();
        Token previous = in.LT(-1);
        Token found = in.LT(1);
        if (previous != null && previous.getType() == MifLexer.END && closesAnEnclosingBlock(found)) {
            reportError(recognizer, new InputMismatchException(recognizer));
            in.seek(previous.getTokenIndex());
            return getMissingSymbol(recognizer);
        }
        return super.recoverInline(recognizer);
    }

    private boolean closesAnEnclosingBlock(Token word) {
        if (!isBlockWord(word.getType())) {
            return false;
        }
        String kind = word.getText().toUpperCase(Locale.ROOT);
        boolean innermost = true;
        for (DocumentBuilder.Frame frame : builder.openBlocks()) {
            if (!innermost && (frame.endWord.equals(kind) || kind.startsWith(frame.endWord))) {
                return true;
            }
            innermost = false;
        }
        return false;
    }

    @Override
    protected void reportUnwantedToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        report(recognizer, recognizer.getCurrentToken(), getExpectedTokens(recognizer));
    }

    @Override
    protected void reportMissingToken(Parser recognizer) {
        if (inErrorRecoveryMode(recognizer)) {
            return;
        }
        beginErrorCondition(recognizer);
        report(recognizer, recognizer.getCurrentToken(), getExpectedTokens(recognizer));
    }

    /** Line of the last syntax error: a second one on the same line is a cascade, not news. */
    private int lastErrorLine = -1;

    private void report(Parser recognizer, Token found, IntervalSet expected) {
        if (found.getLine() == lastErrorLine && found.getType() != Token.EOF) {
            return;
        }
        if (diag.full()) {
            diag.stop(builder.at(found));
        }
        lastErrorLine = found.getLine();
        DocumentBuilder.Frame frame = builder.innermost();
        Token previous = recognizer.getInputStream().LT(-1);
        if (found.getType() == MifLexer.UNTERMINATED_STRING) {
            diag.error(builder.at(found), "string is never closed: no matching \" before the end of the file");
            return;
        }
        if (found.getType() == Token.EOF) {
            if (frame == null) {
                diag.error(builder.at(found), "unexpected end of the file: expected " + describe(recognizer, expected));
            } else if (diag.lenient() && builder.depth() == 1 && expected.contains(MifLexer.END)) {
                diag.warning(builder.at(found), "END COMPONENT is missing at the end of the file; the component was"
                        + " closed there");
            } else {
                diag.error(builder.at(found), "unexpected end of the file: expected END " + frame.endWord + " for "
                        + frame.describe());
            }
            return;
        }
        if (previous != null && previous.getType() == MifLexer.START && expected.contains(MifLexer.COMPONENT)
                && expected.size() == 1) {
            diag.error(builder.at(previous), "a MIF file is one component: expected START COMPONENT, found START "
                    + upper(found) + " outside a component");
            return;
        }
        if (frame != null && previous != null && previous.getType() == MifLexer.END && isBlockWord(found.getType())
                && isBlockWords(expected)) {
            diag.error(builder.at(previous), "expected END " + frame.endWord + " for " + frame.describe()
                    + ", found END " + upper(found));
            return;
        }
        if (expected.size() == 1 && expected.contains(Token.EOF)) {
            diag.error(builder.at(found), "a MIF file holds one component; found " + describeFound(found)
                    + " after END COMPONENT");
            return;
        }
        if (previous != null && previous.getType() == MifLexer.LPAREN && expected.contains(MifLexer.NUMBER)) {
            diag.error(builder.at(found), "expected the size of the string type, a number as in STRING(64), found "
                    + describeFound(found));
            return;
        }
        String where = frame == null ? "" : " in " + frame.named();
        diag.error(builder.at(found), "expected " + describe(recognizer, expected) + where + ", found "
                + describeFound(found));
    }

    /** What may come here, in words: a block's statement list, a value, or the few tokens expected. */
    private String describe(Parser recognizer, IntervalSet expected) {
        if (expected.contains(MifLexer.COUNTER) && expected.contains(MifLexer.START)) {
            return "a type (COUNTER, COUNTER64, GAUGE, INTEGER, INTEGER64, STRING(n), DISPLAYSTRING(n), OCTETSTRING(n),"
                    + " DATE, a quoted enumeration name or START ENUM)";
        }
        if (expected.contains(MifLexer.UNKNOWN) && expected.contains(MifLexer.STRING)) {
            return "a value (a string, a number, *\"path\", UNKNOWN or UNSUPPORTED)";
        }
        if (builder.innermost() == null && expected.contains(MifLexer.START)) {
            return "START COMPONENT" + (expected.contains(MifLexer.LANGUAGE) ? " or LANGUAGE" : "");
        }
        if (expected.contains(MifLexer.END) && expected.size() > 2) {
            DocumentBuilder.Frame frame = builder.innermost();
            String kind = frame == null ? "" : frame.kind;
            return switch (kind) {
                case "component" -> "a component statement (NAME, DESCRIPTION, PRAGMA), START GROUP, START TABLE,"
                        + " START ENUM, START PATH or END COMPONENT";
                case "group" -> "a group statement (NAME, CLASS, ID, KEY, DESCRIPTION, PRAGMA), START ATTRIBUTE or"
                        + " END GROUP";
                case "attribute" -> "an attribute statement (NAME, ID, TYPE, ACCESS, STORAGE, VALUE, DESCRIPTION,"
                        + " PRAGMA) or END ATTRIBUTE";
                case "table" -> "NAME, ID, CLASS, a row { … } or END TABLE";
                case "enumeration" -> "NAME, TYPE, a line 'number = \"text\"' or END ENUM";
                case "path" -> "NAME, an operating-system line (DOS, MACOS, OS2, UNIX, WIN16, WIN32, WIN9X, WINNT)"
                        + " or END PATH";
                default -> tokenList(expected);
            };
        }
        return tokenList(expected);
    }

    private static String tokenList(IntervalSet expected) {
        List<String> names = new ArrayList<>();
        for (int type : expected.toArray()) {
            names.add(tokenName(type));
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String tokenName(int type) {
        return switch (type) {
            case Token.EOF -> "the end of the file";
            case MifLexer.STRING -> "a string";
            case MifLexer.NUMBER -> "a number";
            case MifLexer.EQUALS -> "'='";
            case MifLexer.COMMA -> "','";
            case MifLexer.LBRACE -> "'{'";
            case MifLexer.RBRACE -> "'}'";
            case MifLexer.LPAREN -> "'('";
            case MifLexer.RPAREN -> "')'";
            case MifLexer.STAR -> "'*'";
            case MifLexer.MINUS -> "'-'";
            case MifLexer.PLUS -> "'+'";
            default -> {
                String name = MifLexer.VOCABULARY.getSymbolicName(type);
                yield name == null ? "token " + type : name.replace('_', '-').replace("STRING-TYPE", "STRING");
            }
        };
    }

    private static String describeFound(Token t) {
        String text = t.getText();
        return switch (t.getType()) {
            case MifLexer.STRING -> "string " + (text.length() > 40 ? text.substring(0, 37) + "…\"" : text);
            case MifLexer.NUMBER -> "number " + text;
            case MifLexer.WORD -> "'" + text + "' (names, classes and other text must be in double quotes)";
            case MifLexer.CHAR -> text.equals("'")
                    ? "\"'\" (strings are written in double quotes)"
                    // the character as it is: whoever prints the message escapes it (TextEscapes)
                    : "character '" + text + "'";
            default -> "'" + text + "'";
        };
    }

    private static String upper(Token t) {
        return t.getText().toUpperCase(Locale.ROOT);
    }

    private static boolean isBlockWord(int type) {
        return type == MifLexer.COMPONENT || type == MifLexer.GROUP || type == MifLexer.ATTRIBUTE
                || type == MifLexer.TABLE || type == MifLexer.ENUM || type == MifLexer.PATH;
    }

    private static boolean isBlockWords(IntervalSet expected) {
        for (int type : expected.toArray()) {
            if (!isBlockWord(type)) {
                return false;
            }
        }
        return !expected.isNil();
    }
}
