package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.gateway.internal.ConnectionGuard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits of {@code server.*} over real sockets on loopback: a flood of half-sent requests from
 * one address leaves others served on every port, stalled connections close after their timeouts,
 * and when connections run out the oldest idle ones make room. 127.0.0.2 stands for a second
 * client (all of 127.0.0.0/8 is loopback on Linux).
 */
class ConnectionLimitsTest {
    private static final InetAddress FLOODER = address("127.0.0.1");
    private static final InetAddress OTHER = address("127.0.0.2");
    private static final String VERSION = "/api/v1/engine/recocomp/version";
    private static final String HALF_SENT = "POST /dmai/api/v1/engine/recocomp/face/search HTTP/1.1\r\nHost: x\r\nContent-Le";

    @TempDir
    Path data;

    @Test
    void aFloodFromOneAddressLeavesOthersServedOnEveryPort() throws Exception {
        try (Gateway gateway = start("""
                max-connections: 200
                max-connections-per-address: 20
                header-timeout: PT2S
                """)) {
            int mainPort = gateway.port();
            int ownPort = gateway.dialectPort("dmai").orElseThrow();
            for (int port : List.of(mainPort, ownPort)) {
                String prefix = port == mainPort ? "/dmai" : "";
                long refusedBefore = gateway.connections().refused();
                List<Socket> flood = new ArrayList<>();
                try {
                    for (int i = 0; i < 60; i++) {
                        flood.add(halfSent(FLOODER, port));
                    }
                    assertThat(get(OTHER, port, prefix + VERSION)).as("another client during the flood").startsWith("HTTP/1.1 200");

                    // Every connection of the flood admitted or refused, and the other client's gone.
                    awaitCounts(gateway, c -> c.refused() - refusedBefore >= 40 && c.open() == 20);
                    assertThat(gateway.connections().refused() - refusedBefore).isEqualTo(40);
                    List<Socket> refused = endedOf(flood, 40);
                    assertThat(refused).as("connections over the per-address limit").hasSize(40);

                    long started = System.nanoTime();
                    List<Socket> admitted = flood.stream().filter(s -> !refused.contains(s)).toList();
                    for (Socket s : admitted) {
                        assertThat(ConnectionFlood.endsWithin(s, Duration.ofSeconds(5))).as("a half-sent request closed by header-timeout").isTrue();
                    }
                    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
                } finally {
                    for (Socket s : flood) {
                        s.close();
                    }
                }
                // A connection's thread releases its place after the client has seen it end.
                awaitOpen(gateway, 0);
                assertThat(get(FLOODER, port, prefix + VERSION)).as("the flooder's address after the flood").startsWith("HTTP/1.1 200");
                awaitOpen(gateway, 0);
            }
            assertThat(gateway.connections().timedOut()).isGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void stalledConnectionsCloseAfterTheirTimeouts() throws Exception {
        try (Gateway gateway = start("""
                header-timeout: PT1S
                idle-timeout: PT1S
                body-read-timeout: PT1S
                """)) {
            int port = gateway.port();

            try (Socket silent = connect(FLOODER, port)) {
                assertThat(secondsUntilClosed(silent)).as("nothing sent").isBetween(0.8, 4.0);
            }
            try (Socket slowloris = connect(FLOODER, port)) {
                OutputStream out = slowloris.getOutputStream();
                out.write("GET /dmai/api/v1/engine/recocomp/version HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                long started = System.nanoTime();
                boolean cut = false;
                // One header line every 200 ms: progress, but the head never ends.
                for (int i = 0; i < 30 && !cut; i++) {
                    try {
                        out.write(("X-Drip-" + i + ": x\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        cut = ConnectionFlood.endsWithin(slowloris, Duration.ofMillis(200));
                    } catch (SocketException e) {
                        cut = true;
                    }
                }
                assertThat(cut).as("a head dripped in").isTrue();
                assertThat((System.nanoTime() - started) / 1e9).isBetween(0.8, 4.0);
            }
            try (Socket halfBody = connect(FLOODER, port)) {
                halfBody.getOutputStream().write(("POST /dmai/api/v1/engine/recocomp/face/search HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"collect").getBytes(StandardCharsets.US_ASCII));
                assertThat(secondsUntilClosed(halfBody)).as("a body that stopped").isBetween(0.8, 4.0);
            }
            try (Socket keptAlive = connect(FLOODER, port)) {
                keptAlive.getOutputStream().write(("GET /dmai" + VERSION + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponse(keptAlive.getInputStream())).startsWith("HTTP/1.1 200");
                assertThat(secondsUntilClosed(keptAlive)).as("kept alive, no next request").isBetween(0.8, 4.0);
            }
            assertThat(gateway.connections().timedOut()).isEqualTo(4);
            awaitOpen(gateway, 0);
        }
    }

    @Test
    void whenConnectionsRunOutTheOldestIdleOnesMakeRoom() throws Exception {
        try (Gateway gateway = start("""
                max-connections: 10
                max-connections-per-address: 100
                """)) {
            int port = gateway.port();
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    idle.add(connect(FLOODER, port));
                    Thread.sleep(20);
                }
                awaitOpen(gateway, 10);
                // Refused: a 503, or a reset when the request was still unread as the server closed.
                assertThat(get(OTHER, port, "/dmai" + VERSION)).as("the eleventh connection").doesNotStartWith("HTTP/1.1 200");
                assertThat(gateway.connections().refused()).isEqualTo(1);

                String answer = "";
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (!answer.startsWith("HTTP/1.1 200") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    answer = get(OTHER, port, "/dmai" + VERSION);
                }
                assertThat(answer).as("a later try").startsWith("HTTP/1.1 200");
                assertThat(ConnectionFlood.endsWithin(idle.getFirst(), Duration.ofMillis(100))).as("the oldest idle connection").isTrue();
                assertThat(ConnectionFlood.endsWithin(idle.getLast(), Duration.ofMillis(100))).as("the newest idle connection").isFalse();
                assertThat(gateway.connections().shed()).isGreaterThanOrEqualTo(1);
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    // ---- a gateway with the DM-AI dialect on its own port too, over an in-memory engine ----------

    private Gateway start(String serverSettings) throws IOException {
        Path file = Files.writeString(data.resolve("limits.yaml"), """
                server:
                %s
                dialects:
                  enabled: [dmai]
                  dmai:
                    port: 0
                """.formatted(serverSettings.indent(2).stripTrailing()) + GatewayFixtures.onlyAFakeEngine("c"));
        return Gateway.start(GatewayFixtures.options(data, file));
    }

    // ---- raw HTTP/1.1 over loopback -----------------------------------------------------------

    private static Socket connect(InetAddress from, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress(FLOODER, port), 2_000);
        return socket;
    }

    private static Socket halfSent(InetAddress from, int port) throws IOException {
        Socket socket = connect(from, port);
        socket.getOutputStream().write(HALF_SENT.getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    /** One GET on a fresh connection: the whole answer as text, or "" when the connection ended without one. */
    private static String get(InetAddress from, int port, String path) throws IOException {
        try (Socket socket = connect(from, port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return readResponse(socket.getInputStream());
        } catch (SocketException e) {
            return "";
        }
    }

    /** Reads one answer: its head, then as many bytes as it announces (or up to the end). */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int headEnd = -1;
        long length = Long.MAX_VALUE;
        int b;
        while ((headEnd < 0 || all.size() - headEnd < length) && (b = in.read()) >= 0) {
            all.write(b);
            if (headEnd < 0 && all.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                headEnd = all.size();
                length = all.toString(StandardCharsets.ISO_8859_1).lines()
                        .filter(l -> l.regionMatches(true, 0, "content-length:", 0, 15))
                        .mapToLong(l -> Long.parseLong(l.substring(15).strip()))
                        .findFirst().orElse(Long.MAX_VALUE);
            }
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private static double secondsUntilClosed(Socket socket) {
        long started = System.nanoTime();
        assertThat(ConnectionFlood.endsWithin(socket, Duration.ofSeconds(6))).as("closed by the server").isTrue();
        return (System.nanoTime() - started) / 1e9;
    }

    private static void awaitOpen(Gateway gateway, int count) throws InterruptedException {
        awaitCounts(gateway, c -> c.open() == count);
        assertThat(gateway.connections().open()).isEqualTo(count);
    }

    /** Waits up to 5 s for the gateway's connection counts to meet {@code condition}. */
    private static void awaitCounts(Gateway gateway, Predicate<ConnectionGuard.Counts> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.test(gateway.connections()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /**
     * The sockets the server has ended, looked at again until {@code expected} of them have or a
     * second has passed: a refused connection is counted just before its 503 is written.
     */
    private static List<Socket> endedOf(List<Socket> sockets, int expected) {
        List<Socket> ended = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        do {
            for (Socket s : sockets) {
                if (!ended.contains(s) && ConnectionFlood.endsWithin(s, Duration.ofMillis(1))) {
                    ended.add(s);
                }
            }
        } while (ended.size() < expected && System.nanoTime() < deadline);
        return ended;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
