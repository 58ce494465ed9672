package org.mifsync.examples.embedding;

import java.nio.file.Path;

import org.mifsync.mif.Attribute;
import org.mifsync.mif.Diagnostic;
import org.mifsync.mif.Group;
import org.mifsync.mif.MifDocument;
import org.mifsync.mif.MifException;
import org.mifsync.mif.MifParser;
import org.mifsync.mif.ParseResult;
import org.mifsync.mif.SyntaxMode;

/**
 * Embedding example: parse a MIF file the way SMS would accept it and walk its groups.
 *
 * <pre>java … org.mifsync.examples.embedding.ParseAndWalk inventory.mif</pre>
 */
public final class ParseAndWalk {

    private ParseAndWalk() {
    }

    public static void main(String[] args) throws Exception {
        // tag::readme[]
        MifParser parser = MifParser.builder().mode(SyntaxMode.LENIENT).smsChecks(true).build();
        try {
            ParseResult result = parser.parse(Path.of(args[0]));
            for (Diagnostic warning : result.warnings()) {
                System.out.println(warning);        // file:line:col: warning: …
            }
            MifDocument doc = result.document();
            doc.directive("ReportType").ifPresent(d -> System.out.println("report type " + d.value()));
            for (Group group : doc.component().groups()) {
                System.out.println(group.className() + " (" + group.name() + ")");
                for (Attribute a : group.attributes()) {
                    System.out.println("  " + a.name() + " = " + a.value().map(Object::toString).orElse("-"));
                }
            }
        } catch (MifException e) {
            e.errors().forEach(System.out::println); // every error, file:line:col: message
        }
        // end::readme[]
    }
}
