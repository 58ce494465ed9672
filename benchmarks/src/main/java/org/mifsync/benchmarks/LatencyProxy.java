package org.mifsync.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on the loopback that delivers every byte a client sends a fixed delay after it
 * arrived, and passes the answers at once: a database server "farther away" than the same machine,
 * so that a benchmark shows what each round trip costs a loader across a network.
 *
 * <p>The delay is a line, not a pause per read: what arrives while earlier bytes wait is due its own
 * delay after its arrival, so a long message costs the delay once, as on a network link. The proxy's
 * threads park while they wait; the little CPU they spend copying is the benchmark process's, and
 * grows with the number of messages.
 */
final class LatencyProxy implements AutoCloseable {

    /** A chunk read from a client, due at the server at {@code due} (System.nanoTime). */
    private record Chunk(long due, byte[] bytes) {
    }

    private static final Chunk END = new Chunk(0, new byte[0]);

    private final ServerSocket listening;
    private final String host;
    private final int port;
    private final long delayNanos;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private LatencyProxy(String host, int port, Duration delay) throws IOException {
        this.host = host;
        this.port = port;
        this.delayNanos = delay.toNanos();
        this.listening = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        daemon("latency-proxy", this::accept);
    }

    /** Starts a proxy to the server at {@code host:port}, delaying what clients send by {@code delay}. */
    static LatencyProxy start(String host, int port, Duration delay) throws IOException {
        return new LatencyProxy(host, port, delay);
    }

    /** The loopback port clients connect to instead of the server's. */
    int port() {
        return listening.getLocalPort();
    }

    private void accept() {
        while (!listening.isClosed()) {
            Socket client = null;
            try {
                client = listening.accept();
                open.add(client);
                Socket server = new Socket(host, port);
                open.add(server);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                delayed(client, server);
                direct(server, client);
            } catch (IOException e) {
                if (client != null) {
                    close(client); // the server cannot be reached: the client hears the connection end
                }
                if (!listening.isClosed()) {
                    System.err.println("latency proxy: " + e);
                }
            }
        }
    }

    /** Client to server: a reader stamps each chunk with its due time, a writer sends it then. */
    private void delayed(Socket from, Socket to) {
        BlockingQueue<Chunk> line = new LinkedBlockingQueue<>();
        daemon("latency-proxy-in", () -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    line.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, n)));
                }
            } catch (IOException e) {
                // the client went away
            } finally {
                line.add(END);
            }
        });
        daemon("latency-proxy-out", () -> {
            try (OutputStream out = to.getOutputStream()) {
                for (Chunk chunk = line.take(); chunk != END; chunk = line.take()) {
                    for (long left = chunk.due() - System.nanoTime(); left > 0; left = chunk.due() - System.nanoTime()) {
                        LockSupport.parkNanos(left);
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the server went away, or the run is over
            } finally {
                close(from);
                close(to);
            }
        });
    }

    /** Server to client, at once. */
    private void direct(Socket from, Socket to) {
        daemon("latency-proxy-back", () -> {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException e) {
                // one side went away
            } finally {
                close(from);
                close(to);
            }
        });
    }

    private static void daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Stops accepting and ends every connection it carries. */
    @Override
    public void close() throws IOException {
        listening.close();
        open.forEach(LatencyProxy::close);
    }
}
