package org.mifsync.mif;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.atn.ParserATNSimulator;
import org.antlr.v4.runtime.atn.PredictionContextCache;
import org.antlr.v4.runtime.dfa.DFA;

/**
 * ANTLR's prediction, remembering the predictions that found no viable alternative during one
 * parse: which decision, in which chain of rule invocations, on which token types. The grammar has
 * no predicates, so a prediction depends on nothing else, and the same decision in the same chain
 * on the same tokens fails again: it is answered from memory, without running the ATN. A failed
 * prediction is ANTLR's most expensive path (it splits its configuration sets looking for an exit
 * of the rule), and error recovery retries the failed decision at each token it resynchronises
 * on, so a run of the same broken statement ({@code Start Component} a hundred thousand times)
 * cost a failed prediction twice per line; from memory it costs a few comparisons.
 *
 * <p>Not thread-safe: one per parser, as ANTLR's simulators are.
 */
final class FailureMemo extends ParserATNSimulator {

    /** Longer look-aheads are not remembered; this grammar decides on two tokens at most. */
    private static final int MAX_LOOKAHEAD = 8;

    /** Distinct failures remembered per decision: hostile input repeats a few; random input many. */
    private static final int MAX_PER_DECISION = 32;

    private record Failure(int[] types, int[] chain) {
    }

    private final Parser parser;
    private final List<List<Failure>> failures;
    private boolean any;
    /** The failure last thrown, remembered or repeated: the one the error strategy is recovering from. */
    private Failure last;

    FailureMemo(Parser parser, ATN atn, DFA[] decisionToDfa, PredictionContextCache cache) {
        super(parser, atn, decisionToDfa, cache);
        this.parser = parser;
        this.failures = new ArrayList<>(decisionToDfa.length);
        for (int i = 0; i < decisionToDfa.length; i++) {
            failures.add(new ArrayList<>(0));
        }
    }

    @Override
    public int adaptivePredict(TokenStream input, int decision, ParserRuleContext outerContext) {
        if (any) {
            Failure known = find(failures.get(decision), input, outerContext);
            if (known != null) {
                last = known;
                throw new RepeatedFailure(parser, input, input.LT(1), input.LT(known.types.length), outerContext);
            }
        }
        try {
            return super.adaptivePredict(input, decision, outerContext);
        } catch (NoViableAltException e) {
            last = remember(decision, input, outerContext, e);
            throw e;
        }
    }

    /**
     * Whether the prediction that failed last, made again at the input's current position from a
     * context with these invoking states, would fail the same way.
     */
    boolean lastFailureRepeats(TokenStream input, int[] chain) {
        return last != null && input.LA(1) == last.types[0] && lookaheadIs(input, last.types)
                && Arrays.equals(chain, last.chain);
    }

    private static Failure find(List<Failure> known, TokenStream input, RuleContext ctx) {
        int first = input.LA(1);
        int[] chain = null;
        for (Failure f : known) {
            if (f.types[0] != first || !lookaheadIs(input, f.types)) {
                continue;
            }
            if (chain == null) {
                chain = invokingStates(ctx);
            }
            if (Arrays.equals(chain, f.chain)) {
                return f;
            }
        }
        return null;
    }

    private static boolean lookaheadIs(TokenStream input, int[] types) {
        for (int i = 1; i < types.length; i++) {
            if (input.LA(i + 1) != types[i]) {
                return false;
            }
        }
        return true;
    }

    /** The failure was decided at the offending token, from the tokens up to it: those are its key. */
    private Failure remember(int decision, TokenStream input, ParserRuleContext ctx, NoViableAltException e) {
        Token start = e.getStartToken();
        Token offending = e.getOffendingToken();
        int k = offending.getTokenIndex() - start.getTokenIndex() + 1;
        if (k < 1 || k > MAX_LOOKAHEAD || input.index() != start.getTokenIndex()) {
            return null;
        }
        int[] types = new int[k];
        for (int i = 0; i < k; i++) {
            types[i] = input.LA(i + 1);
        }
        Failure failure = new Failure(types, invokingStates(ctx));
        List<Failure> known = failures.get(decision);
        if (known.size() < MAX_PER_DECISION) {
            known.add(failure);
            any = true;
        }
        return failure;
    }

    /** The ATN states that invoked each rule of the context, innermost first: the context a prediction sees. */
    static int[] invokingStates(RuleContext ctx) {
        int depth = 0;
        for (RuleContext c = ctx; c != null; c = c.parent) {
            depth++;
        }
        int[] states = new int[depth];
        int i = 0;
        for (RuleContext c = ctx; c != null; c = c.parent) {
            states[i++] = c.invokingState;
        }
        return states;
    }

    /**
     * A prediction known to fail, thrown as ANTLR throws the first one. Control flow inside the
     * parse, caught by the rule that predicted: no stack trace.
     */
    private static final class RepeatedFailure extends NoViableAltException {

        private static final long serialVersionUID = 1L;

        RepeatedFailure(Parser parser, TokenStream input, Token start, Token offending, ParserRuleContext ctx) {
            super(parser, input, start, offending, null, ctx);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
