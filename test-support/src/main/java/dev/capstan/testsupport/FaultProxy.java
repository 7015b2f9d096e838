package dev.capstan.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a free loopback port in front of a Redis server, for fault tests: it forwards bytes
 * both ways until told to misbehave like a bad network.
 * <ul>
 *   <li>{@link #stallReplies()}: requests still reach Redis (and are applied), replies are held back
 *       until {@link #resume()} (a one-way stall: the client sees a timeout, the server did the work);</li>
 *   <li>{@link #stall()}: nothing passes either way until {@link #resume()};</li>
 *   <li>{@link #dropConnections()}: closes every open connection at once (both sides see a reset);</li>
 *   <li>{@link #refuseConnections(boolean)}: new connections are closed as soon as they are accepted.</li>
 * </ul>
 * Held bytes are delivered on resume; a side that closed meanwhile gets them refused, as on a real
 * network. Runs on platform daemon threads; {@link #close()} stops everything.
 */
public final class FaultProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private volatile boolean upstreamStalled;
    private volatile boolean downstreamStalled;
    private volatile boolean refusing;
    private volatile boolean closed;
    private final AtomicLong accepted = new AtomicLong();

    private FaultProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("fault-proxy-accept").start(this::acceptLoop);
    }

    /** A proxy forwarding to {@code host:port}. */
    public static FaultProxy to(String host, int port) {
        return new FaultProxy(host, port);
    }

    public int port() {
        return server.getLocalPort();
    }

    public String url() {
        return "redis://127.0.0.1:" + port();
    }

    /** Connections accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    /** Requests pass, replies are held until {@link #resume()}. */
    public void stallReplies() {
        downstreamStalled = true;
    }

    /** Nothing passes until {@link #resume()}. */
    public void stall() {
        upstreamStalled = true;
        downstreamStalled = true;
    }

    /** Lets held bytes through and forwards normally again. */
    public void resume() {
        synchronized (gate) {
            upstreamStalled = false;
            downstreamStalled = false;
            gate.notifyAll();
        }
    }

    /** Closes every open connection now (new ones are accepted unless refusing). */
    public void dropConnections() {
        for (Link link : links) {
            link.close();
        }
        links.clear();
    }

    /** While on, accepted connections are closed at once (the client sees a refused or reset connection). */
    public void refuseConnections(boolean refuse) {
        this.refusing = refuse;
    }

    @Override
    public void close() {
        closed = true;
        resume();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        dropConnections();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            if (refusing) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket();
                upstream.connect(new InetSocketAddress(targetHost, targetPort), 2_000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                Link link = new Link(client, upstream);
                links.add(link);
                Thread.ofPlatform().daemon().name("fault-proxy-up").start(() -> pump(link, client, upstream, true));
                Thread.ofPlatform().daemon().name("fault-proxy-down").start(() -> pump(link, upstream, client, false));
            } catch (IOException e) {
                closeQuietly(client); // the target is down: the client sees its connection closed
            }
        }
    }

    /** Copies bytes from one socket to the other, holding them while that direction is stalled. */
    private void pump(Link link, Socket from, Socket to, boolean upstream) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitPassage(upstream);
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // a side closed or reset: the link is over
        } finally {
            link.close();
            links.remove(link);
        }
    }

    private void awaitPassage(boolean upstream) throws InterruptedException {
        synchronized (gate) {
            while (!closed && (upstream ? upstreamStalled : downstreamStalled)) {
                gate.wait();
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private record Link(Socket client, Socket upstream) {
        void close() {
            try {
                client.setSoLinger(true, 0); // a reset, as a dropped network connection looks to the client
            } catch (SocketException ignored) {
                // already closed
            }
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }
}
