package org.mifsync.mif;

import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.mifsync.mif.internal.antlr.MifSyntax;

/**
 * The generated parser, minus two costs and with one stop. Whenever a parse listener is attached,
 * ANTLR makes a terminal node for every token it consumes and hangs it on the rule context,
 * although no parse tree is built: the document builder reads rule contexts and their labelled
 * tokens only. Predictions that failed once are answered from memory ({@link FailureMemo}). And
 * once the error limit stops the parse, the rules that unwind no longer call the listener: the
 * builder is left as it was when the limit was reached.
 */
final class ListeningSyntax extends MifSyntax {

    private final Diagnostics diag;

    ListeningSyntax(TokenStream input, Diagnostics diag) {
        super(input);
        this.diag = diag;
        setInterpreter(new FailureMemo(this, _ATN, _decisionToDFA, _sharedContextCache));
    }

    @Override
    public Token consume() {
        Token current = getCurrentToken();
        if (current.getType() != Token.EOF) {
            getInputStream().consume();
        }
        return current;
    }

    @Override
    protected void triggerEnterRuleEvent() {
        if (!diag.stopped()) {
            super.triggerEnterRuleEvent();
        }
    }

    @Override
    protected void triggerExitRuleEvent() {
        if (!diag.stopped()) {
            super.triggerExitRuleEvent();
        }
    }
}
