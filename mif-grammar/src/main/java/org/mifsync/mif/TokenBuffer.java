package org.mifsync.mif;

import java.util.ArrayList;
import java.util.List;

import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.WritableToken;
import org.antlr.v4.runtime.misc.Interval;

/**
 * Every default-channel token of one input in a plain array, read eagerly, with the tokens of
 * other channels (SMS directives) set aside. The parser reads the array directly: ANTLR's
 * buffered stream re-checks channels on every look-ahead, which cost a sixth of the parse.
 */
final class TokenBuffer implements TokenStream {

    private final TokenSource source;
    private final Token[] tokens;
    private final int size;
    private final List<Token> offChannel = new ArrayList<>();
    private int p;

    TokenBuffer(TokenSource source) {
        this.source = source;
        Token[] buffer = new Token[1024];
        int n = 0;
        while (true) {
            Token t = source.nextToken();
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                offChannel.add(t);
                continue;
            }
            if (n == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, n * 2);
            }
            if (t instanceof WritableToken w) {
                w.setTokenIndex(n);
            }
            buffer[n++] = t;
            if (t.getType() == Token.EOF) {
                break;
            }
        }
        this.tokens = buffer;
        this.size = n;
    }

    /** Tokens of other channels than the parser's, in input order. */
    List<Token> offChannel() {
        return offChannel;
    }

    @Override
    public Token LT(int k) {
        if (k == 0) {
            return null;
        }
        if (k < 0) {
            return p + k < 0 ? null : tokens[p + k];
        }
        int i = p + k - 1;
        return tokens[i < size ? i : size - 1];
    }

    @Override
    public int LA(int i) {
        Token t = LT(i);
        return t == null ? 0 : t.getType();
    }

    @Override
    public void consume() {
        if (tokens[p].getType() == Token.EOF) {
            throw new IllegalStateException("cannot consume EOF");
        }
        p++;
    }

    @Override
    public Token get(int index) {
        return tokens[index];
    }

    @Override
    public int mark() {
        return 0;
    }

    @Override
    public void release(int marker) {
        // everything stays in memory; nothing to release
    }

    @Override
    public int index() {
        return p;
    }

    @Override
    public void seek(int index) {
        p = Math.max(0, Math.min(index, size - 1));
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String getSourceName() {
        return source.getSourceName();
    }

    @Override
    public TokenSource getTokenSource() {
        return source;
    }

    @Override
    public String getText(Interval interval) {
        StringBuilder text = new StringBuilder();
        for (int i = Math.max(0, interval.a); i <= interval.b && i < size; i++) {
            if (tokens[i].getType() != Token.EOF) {
                text.append(tokens[i].getText());
            }
        }
        return text.toString();
    }

    @Override
    public String getText() {
        return getText(Interval.of(0, size - 1));
    }

    @Override
    public String getText(RuleContext ctx) {
        return getText(ctx.getSourceInterval());
    }

    @Override
    public String getText(Token start, Token stop) {
        return start == null || stop == null ? "" : getText(Interval.of(start.getTokenIndex(), stop.getTokenIndex()));
    }
}
