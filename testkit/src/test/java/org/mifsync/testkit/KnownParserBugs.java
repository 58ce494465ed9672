package org.mifsync.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parser bugs already reported to the owner of mif-grammar. The fuzz properties let these
 * through (and count them) so that they go on looking for new bugs instead of stopping at a known
 * one; each has its own disabled regression test in {@link KnownParserBugsTest}, to enable when
 * the bug is fixed, and its entry here to delete then.
 */
final class KnownParserBugs {

    private static final Map<String, AtomicInteger> HITS = new ConcurrentHashMap<>();

    private KnownParserBugs() {
    }

    /** The name of the known bug {@code t} is, or null when it is not one. */
    static String match(Throwable t) {
        // ANTLR's recovery conjures a NUMBER token whose text is "<missing NUMBER>", and
        // DocumentBuilder parses that text as digits
        if (t instanceof NumberFormatException && String.valueOf(t.getMessage()).contains("<missing NUMBER>")) {
            return "NumberFormatException on a conjured <missing NUMBER> token";
        }
        // the error limit is reached inside an exit listener: TooManyErrors leaves ANTLR's exitRule
        // before it resets the context, so the enclosing rules fire the same exit again and the
        // builder pops frames that are not there (or of another kind)
        if ((t instanceof java.util.NoSuchElementException || t instanceof ClassCastException) && firedByBuilderExit(t)) {
            return "exit listener fired again after the error limit was reached in a listener";
        }
        return null;
    }

    private static boolean firedByBuilderExit(Throwable t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals("org.mifsync.mif.DocumentBuilder") && e.getMethodName().startsWith("exit")) {
                return true;
            }
        }
        return false;
    }

    /** Counts a hit of a known bug. */
    static void hit(String bug) {
        HITS.computeIfAbsent(bug, b -> new AtomicInteger()).incrementAndGet();
    }

    /** Hits so far, for the test output. */
    static Map<String, AtomicInteger> hits() {
        return HITS;
    }
}
