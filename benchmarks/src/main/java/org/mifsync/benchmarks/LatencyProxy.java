package org.mifsync.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on the loopback that holds every chunk a client sends for a fixed delay before passing
 * it to the server, and passes the answers at once: a database server "farther away" than the same
 * machine, so that a benchmark shows what each round trip costs a loader across a network.
 *
 * <p>A round trip through it costs at least the delay; the proxy's own threads cost a little CPU on
 * the benchmark's machine too, the same for every run compared.
 */
final class LatencyProxy implements AutoCloseable {

    private final ServerSocket listening;
    private final String host;
    private final int port;
    private final long delayNanos;

    private LatencyProxy(String host, int port, Duration delay) throws IOException {
        this.host = host;
        this.port = port;
        this.delayNanos = delay.toNanos();
        this.listening = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "latency-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
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
            try {
                Socket client = listening.accept();
                Socket server = new Socket(host, port);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                pump(client, server, delayNanos);
                pump(server, client, 0);
            } catch (IOException e) {
                if (!listening.isClosed()) {
                    System.err.println("latency proxy: " + e);
                }
            }
        }
    }

    private static void pump(Socket from, Socket to, long delayNanos) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (delayNanos > 0) {
                        // parks, so that the wait costs no CPU the loader and the server need
                        long until = System.nanoTime() + delayNanos;
                        for (long left = delayNanos; left > 0; left = until - System.nanoTime()) {
                            LockSupport.parkNanos(left);
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: the connection is over
            } finally {
                close(from);
                close(to);
            }
        }, "latency-proxy-pump");
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

    @Override
    public void close() throws IOException {
        listening.close();
    }
}
