package io.polyface.reliability;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connection flood: from 127.0.0.1 only, many connections each sending half a request and
 * holding it. Meanwhile a client on another address (127.0.0.2: all of 127/8 is loopback on Linux)
 * must be served, and once the flood lets go the port must answer again, from the flooding
 * address too. Bounded in time: the opening stops after a minute or when the server stops
 * accepting.
 */
public final class ConnectionFlood {
    private static final InetAddress FLOODER = address("127.0.0.1");
    private static final InetAddress BYSTANDER = address("127.0.0.2");
    /** Open files this process keeps for itself besides the flood's sockets. */
    private static final int RESERVE = 512;
    private static final int PROBES_DURING = 5;
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(5);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(10);
    private static final Duration OPENING_LIMIT = Duration.ofSeconds(60);
    /** The opening stops once this many connections in a row cannot be made. */
    private static final int GIVE_UP_AFTER = 20;

    private final GatewayProcess gateway;
    private final int connections;

    public ConnectionFlood(GatewayProcess gateway, int connections) {
        this.gateway = requireNonNull(gateway, "gateway is null");
        this.connections = connections;
    }

    public AreaResult run() {
        Checks checks = new Checks(Area.CONNECTION_FLOOD);
        int wanted = sized(checks);
        InetSocketAddress target = gateway.address();
        byte[] half = ("POST /dmai/api/v1/engine/recocomp/face/search HTTP/1.1\r\nHost: " + RawHttp.hostHeader(target)
                + "\r\nContent-Type: application/json\r\nContent-Le").getBytes(StandardCharsets.US_ASCII);
        List<Socket> flood = new ArrayList<>(wanted);
        long started = System.nanoTime();
        int failedInARow = 0;
        int failed = 0;
        String lastFailure = "";
        try {
            while (flood.size() < wanted && failedInARow < GIVE_UP_AFTER
                    && System.nanoTime() - started < OPENING_LIMIT.toNanos()) {
                Socket socket = new Socket();
                try {
                    socket.bind(new InetSocketAddress(FLOODER, 0));
                    socket.connect(target, 1000);
                    socket.getOutputStream().write(half);
                    flood.add(socket);
                    failedInARow = 0;
                } catch (IOException e) {
                    close(socket);
                    failedInARow++;
                    failed++;
                    lastFailure = e.getMessage();
                }
            }
            long opening = (System.nanoTime() - started) / 1_000_000;
            checks.note(String.format("%,d half-sent connections open from %s after %,d ms (%,d attempts failed%s)", flood.size(),
                    FLOODER.getHostAddress(), opening, failed, failed > 0 ? ", the last: " + lastFailure : ""));
            for (int i = 0; i < PROBES_DURING; i++) {
                probe(BYSTANDER, "during the flood, from " + BYSTANDER.getHostAddress(), checks);
                sleep(Duration.ofSeconds(1));
            }
            long closedByServer = flood.stream().filter(ConnectionFlood::closedByPeer).count();
            checks.note(String.format("%,d of the flood's connections were answered or closed by the gateway while held", closedByServer));
        } finally {
            flood.forEach(ConnectionFlood::close);
        }
        checks.check(gateway.alive(), "the gateway process died in the flood:\n" + gateway.logTail());
        recovered(FLOODER, checks);
        probe(BYSTANDER, "after the flood, from " + BYSTANDER.getHostAddress(), checks);
        return checks.result();
    }

    /** The connections to open: as many as asked, unless this process's file limit cannot be raised that far. */
    private int sized(Checks checks) {
        long self = ProcessHandle.current().pid();
        long limit = FileLimits.raise(self, connections + (long) RESERVE);
        int wanted = connections;
        if (limit < connections + (long) RESERVE) {
            wanted = (int) Math.max(1, limit - RESERVE);
            checks.note(String.format("open-file limit %,d: the flood is sized down from %,d to %,d connections", limit, connections,
                    wanted));
        }
        checks.note("the gateway's open-file limit: " + FileLimits.soft(gateway.pid()).stream().mapToObj(l -> String.format("%,d", l))
                .findFirst().orElse("unknown"));
        return wanted;
    }

    /** One request from an address; a check that it was answered 200 within the probe limit. */
    private void probe(InetAddress from, String when, Checks checks) {
        Optional<String> failure = version(from, PROBE_LIMIT);
        checks.check(failure.isEmpty(), "not served " + when + ": " + failure.orElse(""));
    }

    /** The port answers the flooding address again within the recovery limit. */
    private void recovered(InetAddress from, Checks checks) {
        long released = System.nanoTime();
        Optional<String> failure = Optional.of("no attempt");
        while (failure.isPresent() && System.nanoTime() - released < RECOVERY_LIMIT.toNanos()) {
            failure = version(from, Duration.ofSeconds(2));
            if (failure.isPresent()) {
                sleep(Duration.ofMillis(200));
            }
        }
        long took = (System.nanoTime() - released) / 1_000_000;
        if (checks.check(failure.isEmpty(), "the port did not answer " + from.getHostAddress() + " within "
                + RECOVERY_LIMIT.toSeconds() + " s of the flood's end: " + failure.orElse(""))) {
            checks.note("served " + from.getHostAddress() + " again " + took + " ms after the flood ended");
        }
    }

    private Optional<String> version(InetAddress from, Duration limit) {
        InetSocketAddress target = gateway.address();
        byte[] request = RawHttp.request("GET", "/dmai/api/v1/engine/recocomp/version", target, Map.of(), new byte[0]);
        try {
            RawHttp.Response response = RawHttp.exchange(target, Optional.of(from), request, limit);
            boolean ok = response.status() == 200 && GatewayClient.parse(response.body()).path("err_code").asInt(-1) == 0;
            return ok ? Optional.empty() : Optional.of("HTTP " + response.status() + " " + response.text());
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Whether the server has acted on a held connection: answered it (a timeout, say) or closed it. */
    private static boolean closedByPeer(Socket socket) {
        try {
            socket.setSoTimeout(1);
            socket.getInputStream().read();
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a flood connection cannot fail in a way worth reporting.
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
