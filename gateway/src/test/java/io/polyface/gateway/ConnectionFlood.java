package io.polyface.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures a running gateway under a connection flood (README, "Reliability"); not a test. Run as
 * a source file, in two processes so that the flood's sockets do not starve the probe's:
 * <pre>
 * java gateway/src/test/java/io/polyface/gateway/ConnectionFlood.java probe 8080 15 &amp;
 * java gateway/src/test/java/io/polyface/gateway/ConnectionFlood.java flood 8080 20000
 * </pre>
 * {@code flood PORT N}: N half-sent requests from 127.0.0.1 (16 threads, as fast as they go), held
 * 3 s, then released; says how many the server ended, then whether it answers that address.
 * {@code probe PORT SECONDS}: from 127.0.0.2, a DM-AI version GET every 100 ms; latencies and failures.
 */
public final class ConnectionFlood {
    private static final String PATH = "/dmai/api/v1/engine/recocomp/version";

    private ConnectionFlood() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        switch (args[0]) {
            case "flood" -> flood(port, Integer.parseInt(args[2]));
            case "probe" -> probe(port, Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("flood PORT N | probe PORT SECONDS");
        }
    }

    private static void flood(int port, int count) throws Exception {
        InetAddress from = InetAddress.getByName("127.0.0.1");
        byte[] half = ("POST " + PATH + " HTTP/1.1\r\nHost: x\r\nContent-Le").getBytes(StandardCharsets.US_ASCII);
        List<Socket> held = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        long started = System.nanoTime();
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < count; i++) {
                threads.execute(() -> {
                    try {
                        Socket socket = connect(from, port);
                        held.add(socket);
                        socket.getOutputStream().write(half);
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        failures.merge(String.valueOf(e.getMessage()), 1, Integer::sum);
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        int ended = 0;
        for (Socket socket : held) {
            ended += endsWithin(socket, Duration.ofMillis(1)) ? 1 : 0;
        }
        System.out.printf("%d connections from %s in %d ms: %d ended by the server, %d held open, %d failed %s%n",
                count, from.getHostAddress(), millis, ended, held.size() - ended, failed.get(), failures);
        Thread.sleep(3_000);
        for (Socket socket : held) {
            socket.close();
        }
        Thread.sleep(300);
        System.out.println("afterwards, from " + from.getHostAddress() + ": " + get(from, port));
    }

    private static void probe(int port, int seconds) throws Exception {
        InetAddress from = InetAddress.getByName("127.0.0.2");
        List<Long> answered = new ArrayList<>();
        Map<String, Integer> failures = new TreeMap<>();
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < until) {
            long started = System.nanoTime();
            String status = get(from, port);
            if (status.startsWith("HTTP/1.1 200")) {
                answered.add((System.nanoTime() - started) / 1_000_000);
            } else {
                failures.merge(status, 1, Integer::sum);
            }
            Thread.sleep(100);
        }
        Collections.sort(answered);
        System.out.printf("from %s: %d answered 200 (p50 %d ms, p99 %d ms), %d not %s%n", from.getHostAddress(), answered.size(),
                percentile(answered, 50), percentile(answered, 99), failures.values().stream().mapToInt(i -> i).sum(), failures);
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    private static Socket connect(InetAddress from, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
        return socket;
    }

    /** The status line of one GET on a fresh connection, or what went wrong. */
    private static String get(InetAddress from, int port) {
        try (Socket socket = connect(from, port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + PATH + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "error: " + e.getMessage();
        }
    }

    /** Whether the server ends the connection (end of stream or reset) within {@code wait}; reads what it sends. */
    static boolean endsWithin(Socket socket, Duration wait) {
        try {
            socket.setSoTimeout((int) wait.toMillis());
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            while (in.read(buffer) >= 0) {
                // An answer before the end (a refusal's 503) is read past.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
