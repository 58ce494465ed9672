package org.mifsync.mif;

import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.mifsync.mif.internal.antlr.MifSyntax;

/**
 * The generated parser, minus one cost: whenever a parse listener is attached, ANTLR makes a
 * terminal node for every token it consumes and hangs it on the rule context, although no parse
 * tree is built. The document builder reads rule contexts and their labelled tokens only.
 */
final class ListeningSyntax extends MifSyntax {

    ListeningSyntax(TokenStream input) {
        super(input);
    }

    @Override
    public Token consume() {
        Token current = getCurrentToken();
        if (current.getType() != Token.EOF) {
            getInputStream().consume();
        }
        return current;
    }
}
