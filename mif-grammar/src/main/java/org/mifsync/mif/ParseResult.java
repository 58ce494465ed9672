package org.mifsync.mif;

import java.util.List;
import java.util.Objects;

/**
 * A document that parsed, with the warnings about it (lenient recoveries, SMS dialect checks).
 *
 * @param document the document
 * @param warnings warnings in the order of the input; empty when there are none
 * @since 0.1
 */
public record ParseResult(MifDocument document, List<Diagnostic> warnings) {
    public ParseResult {
        Objects.requireNonNull(document, "document");
        warnings = List.copyOf(warnings);
    }
}
