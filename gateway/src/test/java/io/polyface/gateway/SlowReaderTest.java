package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.polyface.gateway.internal.ConnectionGuard;
import io.polyface.gateway.internal.RequestMetrics;
import io.polyface.gateway.internal.ServerLimits;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A 10 MB answer read by a client slower than the server writes arrives whole: every byte, the
 * length the header announced (Helidon's NIO socket dropped the unsent rest of a partial write, so
 * such answers stalled a few kilobytes short). A client that stops reading is cut off.
 */
class SlowReaderTest {
    private static final int SIZE = (10 << 20) + 12_345;
    private static final byte[] BIG = pattern(SIZE);

    @Test
    void aThrottledClientReadsTheWholeAnswer() throws Exception {
        try (Server server = Server.start(ServerLimits.DEFAULTS)) {
            // About 4 MB/s: the server's writes fill the socket's buffers and wait for room.
            Answer answer = slowGet(server.port(), "/big/answer", 4 << 20);
            assertThat(answer.head()).startsWith("HTTP/1.1 200");
            assertThat(answer.contentLength()).isEqualTo(SIZE);
            assertThat(answer.body().length).isEqualTo(SIZE);
            assertThat(Arrays.equals(answer.body(), BIG)).as("the body's bytes").isTrue();
            assertThat(server.guard().counts().timedOut()).isZero();
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffAfterTheWriteTimeout() throws Exception {
        ServerLimits limits = new ServerLimits(100, 10, Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofMillis(800), 4096, 16_384);
        try (Server server = Server.start(limits); Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /big/answer HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (server.guard().counts().timedOut() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(server.guard().counts().timedOut()).as("connections closed for a timeout").isEqualTo(1);
            // What the kernels still held arrives, then the end: never the whole answer.
            long received = 0;
            try (InputStream in = socket.getInputStream()) {
                byte[] buffer = new byte[64 << 10];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    received += n;
                }
            } catch (SocketException e) {
                // Reset: the same end.
            }
            assertThat(received).isLessThan(SIZE);
        }
    }

    /** A web server built as the gateway builds its own: its listener under a guard, its routes from Gateway.routing. */
    record Server(WebServer server, ConnectionGuard guard) implements AutoCloseable {
        static Server start(ServerLimits limits) {
            ConnectionGuard guard = new ConnectionGuard(limits, limits.maxConnections());
            WebServerConfig.Builder builder = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                    .routing(r -> Gateway.routing(r, List.of(bigAnswers()), 1 << 20, RequestMetrics.global()));
            guard.configure(builder, WebServer.DEFAULT_SOCKET_NAME);
            return new Server(builder.build().start(), guard);
        }

        int port() {
            return server.port();
        }

        @Override
        public void close() {
            server.stop();
            guard.close();
        }
    }

    record Answer(String head, long contentLength, byte[] body) {
    }

    /** GETs a path over a raw socket, reading at most {@code bytesPerSecond}; fails rather than waits on a stall. */
    static Answer slowGet(int port, String path, int bytesPerSecond) throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream(SIZE + 1024);
            byte[] buffer = new byte[64 << 10];
            long started = System.nanoTime();
            long total = 0;
            int end = -1;
            long length = -1;
            String head = "";
            int n;
            try {
                while ((end < 0 || received.size() - end - 4 < length) && (n = in.read(buffer)) > 0) {
                    received.write(buffer, 0, n);
                    total += n;
                    if (end < 0) {
                        end = indexOf(received.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        if (end >= 0) {
                            head = new String(received.toByteArray(), 0, end, StandardCharsets.US_ASCII);
                            length = contentLength(head);
                        }
                    }
                    long wait = started + total * 1_000_000_000L / bytesPerSecond - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("stalled after " + total + " bytes; the head announced " + length, e);
            }
            assertThat(end).as("end of the response head").isNotNegative();
            byte[] all = received.toByteArray();
            return new Answer(head, length, Arrays.copyOfRange(all, end + 4, all.length));
        }
    }

    private static long contentLength(String head) {
        return head.lines()
                .filter(l -> l.regionMatches(true, 0, "content-length:", 0, 15))
                .mapToLong(l -> Long.parseLong(l.substring(15).strip()))
                .findFirst().orElse(-1);
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A dialect with one operation that answers 10 MB. */
    private static StubDialect bigAnswers() {
        return new StubDialect("big", List.of(new Operation("answer", Set.of("GET"), "/answer",
                request -> new DialectResponse(200, "text/plain", java.util.Map.of(), BIG))));
    }

    private static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) ('a' + (i * 31 + i / 4093) % 26);
        }
        return bytes;
    }
}
