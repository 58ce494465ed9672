package org.mifsync.cli.web;

import java.util.regex.Pattern;

/**
 * A small HTML writer whose only way to add text is escaped: element and attribute names are
 * constants of this package (checked), attribute values and text always go through {@link
 * #escape}. A value that came from a client (its name, a class name, a load-log detail) can so
 * never become markup. Not thread-safe; one per page.
 */
final class Html {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final StringBuilder out = new StringBuilder(8192);

    /**
     * Escapes text for an HTML text node or a quoted attribute value: {@code & < > " '} become
     * character references, and control characters (which HTML does not allow, and which could
     * hide a value's true spelling) become U+FFFD, except tab, line feed and carriage return.
     */
    static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                case '\t', '\n', '\r' -> s.append(c);
                default -> s.append(c < 0x20 || (c >= 0x7F && c <= 0x9F) ? '\uFFFD' : c);
            }
        }
        return s.toString();
    }

    /** Opens an element; {@code attributes} are name, value pairs (a null value leaves the pair out). */
    Html open(String tag, String... attributes) {
        out.append('<').append(name(tag));
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                out.append(' ').append(name(attributes[i])).append("=\"").append(escape(attributes[i + 1])).append('"');
            }
        }
        out.append('>');
        return this;
    }

    /** Closes an element. */
    Html close(String tag) {
        out.append("</").append(name(tag)).append('>');
        return this;
    }

    /** An element holding escaped text. */
    Html element(String tag, Object text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** Escaped text; {@code String.valueOf} of anything else. */
    Html text(Object text) {
        out.append(escape(String.valueOf(text)));
        return this;
    }

    /** Starts a document: the doctype and the head with its title and the stylesheet. */
    Html document(String title) {
        out.append("<!DOCTYPE html>\n");
        open("html", "lang", "en").open("head").open("meta", "charset", "utf-8")
                .open("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
                .element("title", title).open("link", "rel", "stylesheet", "href", StatusServer.STYLE_PATH)
                .open("link", "rel", "icon", "type", "image/svg+xml", "href", StatusServer.ICON_PATH)
                .close("head");
        return this;
    }

    private static String name(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an element or attribute name: " + name);
        }
        return name;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
