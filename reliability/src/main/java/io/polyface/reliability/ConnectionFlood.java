package io.polyface.reliability;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The connection flood: from 127.0.0.1 only, N connections each sending half a request and
 * holding it. Meanwhile a client on another address (127.0.0.2: all of 127/8 is loopback on Linux)
 * must be served, and once the flood lets go the port must answer again, from the flooding
 * address too. The connections are held by {@link FloodHolder} processes, as many as the limit on
 * open files per process needs (a flood of 20,000 does not fit under a limit of 20,000); the
 * opening is bounded in time.
 */
public final class ConnectionFlood {
    private static final InetAddress FLOODER = address("127.0.0.1");
    private static final InetAddress BYSTANDER = address("127.0.0.2");
    /** Open files a holder keeps for itself besides its sockets. */
    private static final int RESERVE = 512;
    private static final int PROBES_DURING = 5;
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(5);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(10);
    /** How long a holder may take to open its share (it gives up after 60 s itself). */
    private static final Duration OPENING_LIMIT = Duration.ofSeconds(90);

    private final GatewayProcess gateway;
    private final int connections;

    public ConnectionFlood(GatewayProcess gateway, int connections) {
        this.gateway = requireNonNull(gateway, "gateway is null");
        this.connections = connections;
    }

    public AreaResult run() {
        Checks checks = new Checks(Area.CONNECTION_FLOOD);
        long perProcess = FileLimits.soft(ProcessHandle.current().pid()).orElse(1024) - RESERVE;
        int shares = (int) Math.max(1, (connections + perProcess - 1) / perProcess);
        checks.note(String.format("open-file limits: %s per process (the gateway's: %s); the flood is held by %d process%s",
                FileLimits.soft(ProcessHandle.current().pid()).stream().mapToObj(l -> String.format("%,d", l)).findFirst().orElse("?"),
                FileLimits.soft(gateway.pid()).stream().mapToObj(l -> String.format("%,d", l)).findFirst().orElse("?"), shares,
                shares == 1 ? "" : "es"));
        List<Holder> holders = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < shares; i++) {
                holders.add(Holder.start(gateway.address(), connections / shares + (i < connections % shares ? 1 : 0)));
            }
            int opened = 0;
            for (Holder holder : holders) {
                String line = holder.readLine(OPENING_LIMIT);
                opened += Integer.parseInt(line.split(" ")[1]);
                if (!line.endsWith(" failed 0")) {
                    checks.note("a holder: " + line);
                }
            }
            checks.note(String.format("%,d of %,d half-sent connections open from %s after %,d ms", opened, connections,
                    FLOODER.getHostAddress(), (System.nanoTime() - started) / 1_000_000));
            for (int i = 0; i < PROBES_DURING; i++) {
                probe(BYSTANDER, "during the flood, from " + BYSTANDER.getHostAddress(), checks);
                Pause.sleep(Duration.ofSeconds(1));
            }
            int acted = 0;
            for (Holder holder : holders) {
                holder.send("count");
                acted += Integer.parseInt(holder.readLine(Duration.ofSeconds(60)).split(" ")[1]);
            }
            checks.note(String.format("%,d of the flood's connections were answered or closed by the gateway while held", acted));
        } catch (IOException e) {
            checks.fail("the flood's holders failed: " + e.getMessage());
        } finally {
            holders.forEach(Holder::close);
        }
        checks.check(gateway.alive(), "the gateway process died in the flood:\n" + gateway.logTail());
        recovered(FLOODER, checks);
        probe(BYSTANDER, "after the flood, from " + BYSTANDER.getHostAddress(), checks);
        return checks.result();
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
                Pause.sleep(Duration.ofMillis(200));
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

    /** A {@link FloodHolder} process and the lines it writes. */
    private record Holder(Process process, BufferedReader lines, PrintStream commands) {
        static Holder start(InetSocketAddress target, int count) {
            try {
                Process process = new ProcessBuilder(GatewayProcess.java(), "-Xmx256m", "-cp", GatewayProcess.classpath(),
                        FloodHolder.class.getName(), target.getHostString(), Integer.toString(target.getPort()),
                        Integer.toString(count), FLOODER.getHostAddress())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                return new Holder(process, new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)),
                        new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start a flood holder", e);
            }
        }

        /** The holder's next line, or an exception when it has none within the limit. */
        String readLine(Duration limit) throws IOException {
            long end = System.nanoTime() + limit.toNanos();
            while (!lines.ready()) {
                if (!process.isAlive()) {
                    throw new IOException("a flood holder exited with " + process.exitValue());
                }
                if (System.nanoTime() > end) {
                    throw new IOException("a flood holder said nothing within " + limit.toSeconds() + " s");
                }
                Pause.sleep(Duration.ofMillis(50));
            }
            String line = lines.readLine();
            if (line == null) {
                throw new IOException("a flood holder closed its output");
            }
            return line;
        }

        void send(String command) {
            commands.println(command);
        }

        /** Ends the holder's input: it closes its connections and exits. */
        void close() {
            commands.close();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
