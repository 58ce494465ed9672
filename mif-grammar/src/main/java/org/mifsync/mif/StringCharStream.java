package org.mifsync.mif;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * The input text as ANTLR's char stream without a copy: token texts are substrings of it. Only
 * for text without surrogate pairs (ANTLR counts code points, this counts chars), which is what
 * {@link FastLexer} reads.
 */
final class StringCharStream implements CharStream {

    private final String text;
    private final String sourceName;
    private int p;

    StringCharStream(String text, String sourceName) {
        this.text = text;
        this.sourceName = sourceName;
    }

    @Override
    public String getText(Interval interval) {
        int start = Math.max(0, interval.a);
        int stop = Math.min(interval.b, text.length() - 1);
        return start > stop ? "" : text.substring(start, stop + 1);
    }

    @Override
    public void consume() {
        if (p >= text.length()) {
            throw new IllegalStateException("cannot consume EOF");
        }
        p++;
    }

    @Override
    public int LA(int i) {
        int at = i > 0 ? p + i - 1 : p + i;
        return i == 0 || at < 0 || at >= text.length() ? EOF : text.charAt(at);
    }

    @Override
    public int mark() {
        return -1;
    }

    @Override
    public void release(int marker) {
        // the whole text is in memory
    }

    @Override
    public int index() {
        return p;
    }

    @Override
    public void seek(int index) {
        p = Math.max(0, Math.min(index, text.length()));
    }

    @Override
    public int size() {
        return text.length();
    }

    @Override
    public String getSourceName() {
        return sourceName;
    }
}
