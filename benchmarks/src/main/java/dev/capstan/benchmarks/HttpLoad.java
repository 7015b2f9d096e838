package dev.capstan.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop HTTP/1.1 load generator with as little client overhead as possible (the client
 * shares the machine's cores with the server it measures): each connection is one keep-alive
 * socket on a virtual thread that sends a GET, reads the status line, headers and
 * Content-Length body, records the latency, and sends the next.
 */
final class HttpLoad {
    /** What one timed stretch gave. */
    record Result(long requests, double seconds, Histogram micros, long unexpected) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private HttpLoad() {}

    /**
     * Runs {@code connections} loops against {@code port} for {@code seconds}; {@code paths} gives the
     * path of request i. Responses with another status than {@code expectedStatus} are counted apart.
     */
    static Result run(int port, int connections, double seconds, IntFunction<String> paths, int expectedStatus)
            throws InterruptedException {
        return run(port, connections, seconds, Long.MAX_VALUE, paths, expectedStatus);
    }

    /** As above, but each connection also stops after {@code perConnection} requests. */
    static Result run(int port, int connections, double seconds, long perConnection, IntFunction<String> paths,
                      int expectedStatus) throws InterruptedException {
        Histogram micros = new ConcurrentHistogram(60_000_000L, 3);
        LongAdder requests = new LongAdder();
        LongAdder unexpected = new LongAdder();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            String visitor = "bench-visitor-" + c;   // each connection is one visitor (its own cookie)
            threads.add(Thread.ofVirtual().start(() -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (long sent = 0; sent < perConnection && System.nanoTime() < end; sent++) {
                        byte[] request = ("GET " + paths.apply(random.nextInt(Integer.MAX_VALUE))
                                + " HTTP/1.1\r\nHost: localhost\r\nCookie: vid=" + visitor + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII);
                        long t0 = System.nanoTime();
                        out.write(request);
                        out.flush();
                        int status = readResponse(in);
                        micros.recordValue(Math.min((System.nanoTime() - t0) / 1_000, micros.getHighestTrackableValue()));
                        requests.increment();
                        if (status != expectedStatus) {
                            unexpected.increment();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Result(requests.sum(), (System.nanoTime() - start) / 1e9, micros, unexpected.sum());
    }

    /** Reads one response; returns its status code. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = 0;
        for (String header; !(header = readLine(in)).isEmpty(); ) {
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        in.skipNBytes(length);
        return status;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }
}
