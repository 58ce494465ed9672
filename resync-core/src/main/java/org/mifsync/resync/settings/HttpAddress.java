package org.mifsync.resync.settings;

import java.util.Locale;
import java.util.Objects;

/**
 * Where {@code site run} serves its metrics, health and status page: a host (a name, an IPv4
 * address or an IPv6 address) and a TCP port, written {@code HOST:PORT} ({@code [IPv6]:PORT} for
 * an IPv6 address), as the {@code http} site setting and {@code site run --http} give it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param host the host name or address, without brackets
 * @param port the port, 0 (any free port) to 65535
 * @since 0.1
 */
public record HttpAddress(String host, int port) {

    /**
     * Validates the fields.
     *
     * @param host the host
     * @param port the port
     * @throws IllegalArgumentException if the host is blank or holds a space, or the port is out of range
     */
    public HttpAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '[' || c == ']')) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or address");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 to 65535, found " + port);
        }
    }

    /**
     * Parses {@code HOST:PORT}, e.g. {@code 127.0.0.1:9400}, {@code site1.example:9400} or
     * {@code [::1]:9400}.
     *
     * @param text the text
     * @return the address
     * @throws IllegalArgumentException naming the expected form
     */
    public static HttpAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT, e.g. 127.0.0.1:9400 or [::1]:9400");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("'" + text + "': an IPv6 address goes in brackets, e.g. [::1]:9400");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': the port '" + t.substring(colon + 1)
                    + "' is not a number", e);
        }
        return new HttpAddress(host.toLowerCase(Locale.ROOT), port);
    }

    /**
     * Returns {@code HOST:PORT}, with an IPv6 address in brackets: the form {@link #parse} reads.
     *
     * @return the text
     */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
