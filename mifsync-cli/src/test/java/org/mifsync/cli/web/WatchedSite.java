package org.mifsync.cli.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mifsync.model.Attribute;
import org.mifsync.model.AttributeValue;
import org.mifsync.model.DomainName;
import org.mifsync.model.GroupClass;
import org.mifsync.model.GroupInstance;
import org.mifsync.model.Inventory;
import org.mifsync.model.InventoryDelta;
import org.mifsync.model.InventoryKind;
import org.mifsync.model.InventoryReport;
import org.mifsync.model.NetBiosName;
import org.mifsync.model.ReportVersion;
import org.mifsync.model.SiteCode;
import org.mifsync.model.SmsId;
import org.mifsync.resync.report.ClientIdentity;
import org.mifsync.resync.report.ClientReport;
import org.mifsync.resync.report.ReportWriter;

/**
 * A real site for the status server's tests: {@code mifsync site init} from a description, then
 * {@code mifsync site run --http ...} as a process of its own, with reports dropped on its logon
 * servers and answers fetched over HTTP from 127.0.0.1 only.
 */
final class WatchedSite implements AutoCloseable {

    /** How long a condition may take: generous for a loaded two-core machine. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    static final String TOKEN = "s3cret-token-for-the-test-0123456789";

    private static final Pattern LISTENING = Pattern.compile("site run: http on \\S+:(\\d+) ");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*\\})?) (\\S+)$");

    final Path dir;
    final Path root;
    final Path ls1;
    final Path ls2;
    final Path tokenFile;
    private Process service;
    private Path out;
    private Path err;
    private int port;

    private WatchedSite(Path dir) {
        this.dir = dir;
        this.root = dir.resolve("root");
        this.ls1 = dir.resolve("ls1");
        this.ls2 = dir.resolve("ls2");
        this.tokenFile = dir.resolve("http.token");
    }

    /** Creates the site CEN with domain SALES and logon servers LS1 and LS2, collected every 200 ms. */
    static WatchedSite create(Path dir) throws Exception {
        WatchedSite site = new WatchedSite(dir);
        Files.createDirectories(site.ls1);
        Files.createDirectories(site.ls2);
        Files.writeString(site.tokenFile, TOKEN + "\n");
        Path description = Files.writeString(dir.resolve("sites.ini"), """
                [site CEN]
                name = Central
                [domain SALES]
                site = CEN
                logon-server LS1 = %s
                logon-server LS2 = %s
                [settings]
                collect-interval = 200ms
                replicate-interval = 1s
                http = 127.0.0.1:0
                http-token-file = %s
                """.formatted(site.ls1, site.ls2, site.tokenFile.toAbsolutePath()));
        Run init = run("site", "init", "--root", site.root.toString(), description.toString());
        assertThat(init.exit()).as("site init: %s", init.err()).isZero();
        return site;
    }

    record Run(int exit, String out, String err) { }

    static List<String> java(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "org.mifsync.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    static Run run(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java(args)).start();
        p.getOutputStream().close();
        byte[] o = p.getInputStream().readAllBytes();
        byte[] e = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(o, StandardCharsets.UTF_8), new String(e, StandardCharsets.UTF_8));
    }

    /**
     * Starts {@code site run --http ADDRESS} (without {@code --http} for a null address: the
     * description's {@code http = 127.0.0.1:0} applies) and waits until it says where it listens.
     */
    void start(String address) throws Exception {
        out = Files.createTempFile(dir, "site-run", ".out");
        err = Files.createTempFile(dir, "site-run", ".err");
        List<String> args = new ArrayList<>(List.of("site", "run", "--root", root.toString()));
        if (address != null) {
            args.addAll(List.of("--http", address));
        }
        service = new ProcessBuilder(java(args.toArray(String[]::new)))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        service.getOutputStream().close();
        await("the server's address", () -> {
            Matcher m = LISTENING.matcher(Files.readString(out));
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                return true;
            }
            return false;
        });
    }

    /** SIGTERM, as systemd stops it: the service exits 0. */
    void stop() throws Exception {
        service.destroy();
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("site run stopped" + log()).isTrue();
        assertThat(service.exitValue()).as("site run's exit code" + log()).isZero();
        service = null;
    }

    @Override
    public void close() throws Exception {
        if (service != null) {
            service.destroyForcibly().waitFor();
        }
    }

    int port() {
        return port;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    /** An HTTP answer. */
    record Response(int statusCode, String body, Map<String, String> headers) {
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst();
        }
    }

    /** A request to 127.0.0.1 (never another address), with a bearer token if given. */
    Response request(String method, String path, Optional<String> token) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(base() + path).toURL().openConnection();
        try {
            c.setConnectTimeout(10_000);
            c.setReadTimeout(30_000);
            c.setRequestMethod(method);
            token.ifPresent(t -> c.setRequestProperty("Authorization", "Bearer " + t));
            if (method.equals("POST") || method.equals("PUT")) {
                c.setDoOutput(true);
                c.getOutputStream().write('x');
            }
            int status = c.getResponseCode();
            Map<String, String> headers = new LinkedHashMap<>();
            c.getHeaderFields().forEach((k, v) -> headers.put(k, String.join(",", v)));
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Response(status, body, headers);
        } finally {
            c.disconnect();
        }
    }

    Response get(String path, Optional<String> token) throws IOException {
        return request("GET", path, token);
    }

    Response get(String path) throws IOException {
        return get(path, Optional.empty());
    }

    /** The samples of /metrics, by name with labels as printed, e.g. {@code x_total{outcome="APPLIED_FULL"}}. */
    Map<String, Double> metrics(Optional<String> token) throws IOException {
        Response r = get("/metrics", token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/plain; version=0.0.4"));
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : r.body().lines().toList()) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a sample line: %s", line).isTrue();
            samples.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return samples;
    }

    Map<String, Double> metrics() throws IOException {
        return metrics(Optional.empty());
    }

    /** Writes a complete hardware report of a client with one instance of a class, onto a logon server. */
    void dropFull(Path logonServer, String name, String smsId, String groupClass) throws IOException {
        ClientIdentity who = identity(name, smsId);
        Inventory inventory = Inventory.of(GroupInstance.single(GroupClass.of(groupClass), List.of(
                Attribute.of(1, "Name", AttributeValue.text(name)))));
        write(logonServer, name, ReportWriter.encode(ClientReport.of(who, InventoryReport.full(who.smsId(),
                InventoryKind.HW, ReportVersion.of(1, 0), Instant.now(), inventory))));
    }

    /** Writes a delta of a client the site has never seen: refused NO_BASELINE, with a request. */
    void dropOrphanDelta(Path logonServer, String name, String smsId) throws IOException {
        ClientIdentity who = identity(name, smsId);
        write(logonServer, name, ReportWriter.encode(ClientReport.of(who, InventoryReport.delta(who.smsId(),
                InventoryKind.HW, ReportVersion.of(1, 1), Instant.now(), InventoryDelta.empty()))));
    }

    /** Writes a file that is no MIF at all: it ends in BADMIFS. */
    void dropGarbage(Path logonServer, String name) throws IOException {
        write(logonServer, name, "this is not a MIF file\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static ClientIdentity identity(String name, String smsId) {
        return new ClientIdentity(SmsId.parse(smsId), NetBiosName.of(name), Optional.empty(),
                Optional.of(SiteCode.of("CEN")), Optional.of(DomainName.of("SALES")));
    }

    private static void write(Path logonServer, String name, byte[] bytes) throws IOException {
        Path box = logonServer.resolve("LOGON.SRV/INVENTRY.BOX");
        Files.createDirectories(box);
        // written under a temporary name, then renamed, as an agent does
        String file = name.replaceAll("[^A-Za-z0-9]", "_") + ".MIF";
        Path tmp = box.resolve("." + file + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, box.resolve(file));
    }

    Path inbox() {
        return root.resolve("SITE.SRV/INVENTRY.BOX");
    }

    Path storeFile() {
        return root.resolve("SITE.SRV/mifsync.db");
    }

    void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + log());
            }
            if (service != null && !service.isAlive()) {
                fail("site run ended with " + service.exitValue() + " while waiting for " + what + log());
            }
            Thread.sleep(50);
        }
    }

    String log() {
        try {
            return "\n--- site run stdout:\n" + (out == null ? "" : Files.readString(out)) + "\n--- stderr:\n"
                    + (err == null ? "" : Files.readString(err));
        } catch (IOException e) {
            return "\n(no log: " + e + ")";
        }
    }

    String stdout() throws IOException {
        return Files.readString(out);
    }

    String stderr() throws IOException {
        return Files.readString(err);
    }
}
