package org.mifsync.mif;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed MIF file: its SMS header directives, its optional LANGUAGE and its component.
 * Immutable and thread-safe; equality ignores source locations.
 *
 * <pre>{@code
 * MifDocument doc = MifParser.lenient().parse(Path.of("inventory.mif")).document();
 * for (Group g : doc.component().groups()) {
 *     System.out.println(g.className());
 * }
 * }</pre>
 *
 * @param directives the {@code //Name<…>} directives in file order
 * @param language the LANGUAGE string ({@code "en|US|iso8859-1"}), if the file has one
 * @param component the component
 * @since 0.1
 */
public record MifDocument(List<Directive> directives, Optional<String> language, Component component) {

    public MifDocument {
        directives = List.copyOf(directives);
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(component, "component");
    }

    /** The first directive with this name (case-insensitive), if any. */
    public Optional<Directive> directive(String name) {
        for (Directive d : directives) {
            if (d.is(name)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
