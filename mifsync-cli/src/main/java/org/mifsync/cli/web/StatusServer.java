package org.mifsync.cli.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.mifsync.resync.admin.SiteStatus;
import org.mifsync.resync.settings.HttpAddress;
import org.mifsync.resync.site.SiteService;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;

/**
 * The HTTP side of {@code site run --http}: {@code /metrics} (Prometheus text format), {@code
 * /health/live}, {@code /health/ready}, the status page {@code /} and a client's page {@code
 * /client?q=NAME|SMSID}. Read-only: it answers GET and HEAD only, changes nothing in the store and
 * serves no file from disk (the stylesheet is a constant).
 *
 * <p>Bound to a loopback address it needs no credentials; bound to any other address it requires
 * {@code Authorization: Bearer TOKEN} on every path except {@code /health/live} (a service manager's
 * liveness probe carries no secret), the token read from the {@code http-token-file} at start.
 *
 * <p>Thread-safe; {@link #close()} stops it.
 */
public final class StatusServer implements AutoCloseable {

    /** The stylesheet's path; its text is {@link StatusPage#STYLE}. */
    static final String STYLE_PATH = "/style.css";

    /** Threads answering requests; at most {@link #STORE_READERS} of them read the store at once. */
    static final int THREADS = 4;

    /**
     * Requests that read the store at once: a slow or locked store holds these, and the other threads
     * stay free for {@code /health/live}, which a service manager expects to answer at once.
     */
    static final int STORE_READERS = 2;

    /** The icon's path; its text is {@link StatusPage#ICON}. */
    static final String ICON_PATH = "/favicon.svg";

    /** Every HTML page forbids scripts, frames and foreign resources. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self';"
            + " form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private final HttpServer server;
    private final ExecutorService executor;
    private final SiteWatch watch;
    private final StatusPage page;
    private final Optional<byte[]> token;
    private final Semaphore storeReaders = new Semaphore(STORE_READERS, true);

    private StatusServer(HttpServer server, ExecutorService executor, SiteWatch watch, Optional<byte[]> token) {
        this.server = server;
        this.executor = executor;
        this.watch = watch;
        this.page = new StatusPage(watch);
        this.token = token;
    }

    /**
     * The listener to give the service: it feeds the metrics and the page.
     *
     * @return the listener
     */
    public SiteService.Listener listener() {
        return watch;
    }

    /**
     * Starts a server.
     *
     * @param address where to listen
     * @param tokenFile the bearer token's file, needed when the address is not a loopback one
     * @param status what the pages read
     * @param clock the clock
     * @return the running server
     * @throws IllegalArgumentException if the address is not a loopback one and no token file is
     *     given, or the file is empty, or the host cannot be resolved
     * @throws IOException if the address cannot be bound or the token file read
     */
    public static StatusServer start(HttpAddress address, Optional<Path> tokenFile, SiteStatus status, Clock clock)
            throws IOException {
        InetSocketAddress bind = new InetSocketAddress(address.host(), address.port());
        if (bind.isUnresolved()) {
            throw new IllegalArgumentException("http: cannot resolve the host '" + address.host() + "'");
        }
        Optional<byte[]> token = Optional.empty();
        if (!bind.getAddress().isLoopbackAddress()) {
            if (tokenFile.isEmpty()) {
                throw new IllegalArgumentException("http: " + address + " is not a loopback address: name a file"
                        + " holding a bearer token in the http-token-file setting (or bind to 127.0.0.1)");
            }
            String text = Files.readString(tokenFile.get(), StandardCharsets.UTF_8).strip();
            if (text.isEmpty() || text.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new IllegalArgumentException("http-token-file " + tokenFile.get() + ": the token must be one"
                        + " line of printable ASCII without spaces");
            }
            token = Optional.of(text.getBytes(StandardCharsets.US_ASCII));
        }
        HttpServer server = HttpServer.create(bind, 16);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "mifsync-http-" + threads.incrementAndGet());
            // the service's thread decides when the process ends
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        StatusServer s = new StatusServer(server, executor, new SiteWatch(status, clock), token);
        server.createContext("/", s::handle);
        server.start();
        return s;
    }

    /**
     * Returns where the server listens (the port chosen, for port 0).
     *
     * @return the address
     */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Whether requests must carry the bearer token. */
    boolean requiresToken() {
        return token.isPresent();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------------------- requests

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = method.equals("HEAD");
            String path = exchange.getRequestURI().getRawPath();
            if (!head && !method.equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD: this server changes nothing\n",
                        head);
                return;
            }
            if (!path.equals("/health/live") && !authorized(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"mifsync\"");
                send(exchange, 401, "text/plain; charset=utf-8", "a bearer token is required\n", head);
                return;
            }
            if (path.equals("/health/live")) {
                send(exchange, 200, "text/plain; charset=utf-8", "live\n", head);
                return;
            }
            storeReaders.acquireUninterruptibly();
            try {
                answer(exchange, path, head);
            } finally {
                storeReaders.release();
            }
        } catch (RuntimeException e) {
            // a page that cannot be drawn (the store down) says so; the server goes on
            try {
                send(exchange, 500, "text/plain; charset=utf-8", "error: " + e.getMessage() + "\n", false);
            } catch (IOException | RuntimeException ignored) {
                // the answer had begun; the client sees a cut response
            }
        }
    }

    /** Every path but liveness; these may read the store. */
    private void answer(HttpExchange exchange, String path, boolean head) throws IOException {
        switch (path) {
            case "/health/ready" -> {
                Optional<String> problem = watch.notReady();
                send(exchange, problem.isEmpty() ? 200 : 503, "text/plain; charset=utf-8",
                        problem.map(p -> "not ready: " + p + "\n").orElse("ready\n"), head);
            }
            case "/metrics" -> metrics(exchange, head);
            case STYLE_PATH -> send(exchange, 200, "text/css; charset=utf-8", StatusPage.STYLE, head);
            case ICON_PATH -> send(exchange, 200, "image/svg+xml", StatusPage.ICON, head);
            case "/favicon.ico" -> {
                // browsers ask for it whatever the page says; an empty answer keeps their consoles clean
                exchange.sendResponseHeaders(204, -1);
            }
            case "/" -> html(exchange, 200, page.home(), head);
            case "/client" -> {
                String q = query(exchange.getRequestURI().getRawQuery(), "q").orElse("");
                StatusPage.Rendered r = page.client(q);
                html(exchange, r.status(), r.html(), head);
            }
            default -> html(exchange, 404, page.notFound(path), head);
        }
    }

    private boolean authorized(HttpExchange exchange) {
        if (token.isEmpty()) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = header.substring(7).strip().getBytes(StandardCharsets.US_ASCII);
        // constant-time, so that the answer's timing does not tell how much of a guess was right
        return MessageDigest.isEqual(given, token.get());
    }

    private void metrics(HttpExchange exchange, boolean head) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        writer.write(body, watch.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        byte[] bytes = body.toByteArray();
        exchange.sendResponseHeaders(200, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void html(HttpExchange exchange, int status, String html, boolean head) throws IOException {
        exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        send(exchange, status, "text/html; charset=utf-8", html, head);
    }

    private static void send(HttpExchange exchange, int status, String type, String text, boolean head)
            throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** One parameter of a raw query string, decoded. */
    static Optional<String> query(String rawQuery, String name) {
        if (rawQuery == null) {
            return Optional.empty();
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (Objects.equals(URLDecoder.decode(key, StandardCharsets.UTF_8), name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** The clock, for tests of the page. */
    Clock clock() {
        return watch.clock();
    }
}
