package org.mifsync.mif;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonTokenFactory;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Pair;
import org.mifsync.mif.internal.antlr.MifLexer;

/**
 * A hand-written token source that produces exactly the tokens of the grammar's {@code MifLexer}
 * (type, channel, start, stop, line, column), several times faster: one pass over the characters,
 * keywords found by their length and letters, no DFA. {@code FastLexerDifferentialTest} proves
 * it token-identical on the corpus, on every feature file and on fuzzed input.
 *
 * <p>Works on text whose characters are all code points (no surrogate pairs), which is every
 * ISO-8859-1 file; {@link #handles(String)} says whether a text qualifies.
 */
final class FastLexer implements TokenSource {

    private static final String[] KEYWORDS = {
        "start", "end", "component", "group", "attribute", "table", "enum", "enumeration", "path", "paths",
        "language", "name", "description", "id", "class", "key", "type", "access", "storage", "value", "pragma",
        "counter", "counter64", "gauge", "integer", "int", "integer64", "int64", "string", "displaystring",
        "octetstring", "date", "common", "specific", "unknown", "unsupported", "dos", "macos", "os2", "unix",
        "win16", "win32", "win9x", "winnt" };
    private static final int[] KEYWORD_TYPES = {
        MifLexer.START, MifLexer.END, MifLexer.COMPONENT, MifLexer.GROUP, MifLexer.ATTRIBUTE, MifLexer.TABLE,
        MifLexer.ENUM, MifLexer.ENUM, MifLexer.PATH, MifLexer.PATH, MifLexer.LANGUAGE, MifLexer.NAME,
        MifLexer.DESCRIPTION, MifLexer.ID, MifLexer.CLASS, MifLexer.KEY, MifLexer.TYPE, MifLexer.ACCESS,
        MifLexer.STORAGE, MifLexer.VALUE, MifLexer.PRAGMA, MifLexer.COUNTER, MifLexer.COUNTER64, MifLexer.GAUGE,
        MifLexer.INTEGER, MifLexer.INTEGER, MifLexer.INTEGER64, MifLexer.INTEGER64, MifLexer.STRING_TYPE,
        MifLexer.DISPLAYSTRING, MifLexer.OCTETSTRING, MifLexer.DATE, MifLexer.COMMON, MifLexer.SPECIFIC,
        MifLexer.UNKNOWN, MifLexer.UNSUPPORTED, MifLexer.DOS, MifLexer.MACOS, MifLexer.OS2, MifLexer.UNIX,
        MifLexer.WIN16, MifLexer.WIN32, MifLexer.WIN9X, MifLexer.WINNT };
    /** Hyphenated keywords: the word before the hyphen, the whole keyword, its type. */
    private static final String[][] HYPHENATED = {
        {"read", "read-only"}, {"read", "read-write"}, {"write", "write-only"}, {"direct", "direct-interface"} };
    private static final int[] HYPHENATED_TYPES = {
        MifLexer.READ_ONLY, MifLexer.READ_WRITE, MifLexer.WRITE_ONLY, MifLexer.DIRECT_INTERFACE };

    /** Keywords by length, then scanned: at most a handful share a length. */
    private static final int[][] BY_LENGTH = new int[17][];

    static {
        for (int len = 0; len < BY_LENGTH.length; len++) {
            int count = 0;
            for (String k : KEYWORDS) {
                count += k.length() == len ? 1 : 0;
            }
            BY_LENGTH[len] = new int[count];
            count = 0;
            for (int i = 0; i < KEYWORDS.length; i++) {
                if (KEYWORDS[i].length() == len) {
                    BY_LENGTH[len][count++] = i;
                }
            }
        }
    }

    private final String text;
    private final int n;
    private final CharStream input;
    private final Pair<TokenSource, CharStream> source;
    private TokenFactory<?> factory = CommonTokenFactory.DEFAULT;
    private int pos;
    private int line = 1;
    private int column;

    FastLexer(String text, CharStream input) {
        this.text = text;
        this.n = text.length();
        this.input = input;
        this.source = new Pair<>(this, input);
    }

    /** Whether this lexer can stand in for the grammar's on this text (no surrogate pairs). */
    static boolean handles(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Token nextToken() {
        while (pos < n) {
            int start = pos;
            int startLine = line;
            int startColumn = column;
            char c = text.charAt(pos);
            int type;
            int channel = Token.DEFAULT_CHANNEL;
            switch (c) {
                case ' ', '\t', '\r', '\n', '\f', '\u001A' -> {
                    while (pos < n && isSpace(text.charAt(pos))) {
                        step(text.charAt(pos));
                    }
                    continue;
                }
                case '"' -> type = string();
                case '/' -> {
                    if (pos + 1 < n && text.charAt(pos + 1) == '/') {
                        int end = pos + 2;
                        while (end < n && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
                            end++;
                        }
                        type = comment(pos, end);
                        column += end - pos;
                        pos = end;
                        if (type == Token.INVALID_TYPE) {
                            continue;
                        }
                        channel = MifLexer.DIRECTIVES;
                    } else {
                        type = single(MifLexer.CHAR);
                    }
                }
                case '=' -> type = single(MifLexer.EQUALS);
                case ',' -> type = single(MifLexer.COMMA);
                case '{' -> type = single(MifLexer.LBRACE);
                case '}' -> type = single(MifLexer.RBRACE);
                case '(' -> type = single(MifLexer.LPAREN);
                case ')' -> type = single(MifLexer.RPAREN);
                case '*' -> type = single(MifLexer.STAR);
                case '-' -> type = single(MifLexer.MINUS);
                case '+' -> type = single(MifLexer.PLUS);
                default -> {
                    if (isWordStart(c)) {
                        type = word();
                    } else if (c >= '0' && c <= '9') {
                        type = number();
                    } else {
                        type = single(MifLexer.CHAR);
                    }
                }
            }
            return factory.create(source, type, null, channel, start, pos - 1, startLine, startColumn);
        }
        return factory.create(source, Token.EOF, null, Token.DEFAULT_CHANNEL, n, n - 1, line, column);
    }

    private int single(int type) {
        step(text.charAt(pos));
        return type;
    }

    /** Advances over one character, keeping line and column as ANTLR does (only \n starts a line). */
    private void step(char c) {
        pos++;
        if (c == '\n') {
            line++;
            column = 0;
        } else {
            column++;
        }
    }

    private int string() {
        step('"');
        while (pos < n) {
            char c = text.charAt(pos);
            if (c == '"') {
                step(c);
                return MifLexer.STRING;
            }
            if (c == '\\') {
                if (pos + 1 >= n) {
                    break; // a lone backslash at the very end is not part of the string
                }
                step(c);
            }
            step(text.charAt(pos));
        }
        return MifLexer.UNTERMINATED_STRING;
    }

    private int word() {
        int start = pos;
        int end = pos + 1;
        while (end < n && isWordPart(text.charAt(end))) {
            end++;
        }
        int length = end - start;
        int type = MifLexer.WORD;
        if (end < n && text.charAt(end) == '-') {
            for (int i = 0; i < HYPHENATED.length; i++) {
                String whole = HYPHENATED[i][1];
                if (length == HYPHENATED[i][0].length() && matchesKeyword(start, whole)) {
                    column += whole.length();
                    pos = start + whole.length();
                    return HYPHENATED_TYPES[i];
                }
            }
        }
        if (length < BY_LENGTH.length) {
            char first = (char) (text.charAt(start) | 0x20); // ASCII lower case; keywords start with a letter
            for (int k : BY_LENGTH[length]) {
                if (KEYWORDS[k].charAt(0) == first && matchesKeyword(start, KEYWORDS[k])) {
                    type = KEYWORD_TYPES[k];
                    break;
                }
            }
        }
        column += length;
        pos = end;
        return type;
    }

    /**
     * Whether the text at {@code start} spells a lower-case ASCII keyword in any case. Only ASCII
     * letters fold: a keyword is ASCII, so no other character may stand for one of its letters
     * (where {@code String.regionMatches(true, …)} would take, say, U+017F for an {@code s}); and it
     * is several times quicker, on the lexer's hottest path.
     */
    private boolean matchesKeyword(int start, String lower) {
        if (start + lower.length() > n) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            char c = text.charAt(start + i);
            char k = lower.charAt(i);
            if (c != k && (k < 'a' || k > 'z' || c != k - ('a' - 'A'))) {
                return false;
            }
        }
        return true;
    }

    private int number() {
        int end = pos + 1;
        if (text.charAt(pos) == '0' && end + 1 < n && (text.charAt(end) == 'x' || text.charAt(end) == 'X')
                && isHex(text.charAt(end + 1))) {
            end += 2;
            while (end < n && isHex(text.charAt(end))) {
                end++;
            }
        } else {
            while (end < n && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
                end++;
            }
        }
        column += end - pos;
        pos = end;
        return MifLexer.NUMBER;
    }

    /**
     * A comment's type: a directive when the whole line is {@code //Name<…>[<…>…]} (blanks and tabs
     * may trail), a near-directive when blanks stand where SMS allows none, otherwise skipped.
     */
    private int comment(int start, int end) {
        if (matchesDirective(start + 2, end, false)) {
            return MifLexer.DIRECTIVE;
        }
        if (matchesDirective(start + 2, end, true)) {
            return MifLexer.NEAR_DIRECTIVE;
        }
        return Token.INVALID_TYPE;
    }

    private boolean matchesDirective(int i, int end, boolean blanksAllowed) {
        if (blanksAllowed) {
            i = skipBlanks(i, end);
        }
        int nameStart = i;
        while (i < end && isLetter(text.charAt(i))) {
            i++;
        }
        if (i == nameStart) {
            return false;
        }
        if (blanksAllowed) {
            i = skipBlanks(i, end);
        }
        int groups = 0;
        while (i < end && text.charAt(i) == '<') {
            int close = text.indexOf('>', i + 1);
            if (close < 0 || close >= end) {
                return false;
            }
            i = close + 1;
            groups++;
        }
        return groups > 0 && skipBlanks(i, end) == end;
    }

    private int skipBlanks(int i, int end) {
        while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\u001A';
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isWordStart(char c) {
        return isLetter(c) || c == '_';
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    @Override
    public int getLine() {
        return line;
    }

    @Override
    public int getCharPositionInLine() {
        return column;
    }

    @Override
    public CharStream getInputStream() {
        return input;
    }

    @Override
    public String getSourceName() {
        return input.getSourceName();
    }

    @Override
    public void setTokenFactory(TokenFactory<?> tokenFactory) {
        this.factory = tokenFactory;
    }

    @Override
    public TokenFactory<?> getTokenFactory() {
        return factory;
    }
}
