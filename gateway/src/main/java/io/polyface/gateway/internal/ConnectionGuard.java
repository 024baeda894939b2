package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.sun.management.UnixOperatingSystemMXBean;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.PeerInfo;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.http.Headers;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps clients from taking the server's sockets: at most {@code max-connections} open at once (all
 * ports together) and {@code max-connections-per-address} from one address, and none that stalls
 * longer than its timeout. Helidon has a cap per listener but no per-address one and no read or
 * write timeouts, so every listener's HTTP/1 connections are made here: a connection over a limit
 * gets a 503 and is closed at once; a watchdog closes stalled ones and, when connections ran out,
 * the oldest idle ones, so newcomers find room.
 *
 * <p>Thread-safe: admission runs on each connection's thread, the watchdog on its own.
 */
public final class ConnectionGuard implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConnectionGuard.class.getName());
    /** Sockets each listener may hold beyond the limit, for the moment it takes to refuse them. */
    public static final int REFUSAL_HEADROOM = 128;
    private static final byte[] REFUSAL = ("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n"
            + "Retry-After: 1\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private final ServerLimits limits;
    private final int maxConnections;
    private final Set<GuardedConnection> open = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong shed = new AtomicLong();
    private final Thread watchdog;
    private volatile boolean shedWanted;
    private volatile boolean closed;

    /**
     * @param maxConnections the total actually enforced: {@code limits.maxConnections()}, or fewer when
     *     the process's file descriptors cannot hold that many (see {@link ServerLimits#connectionsThatFit})
     */
    public ConnectionGuard(ServerLimits limits, int maxConnections) {
        this.limits = requireNonNull(limits, "limits is null");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
        this.maxConnections = maxConnections;
        this.watchdog = Thread.ofPlatform().daemon().name("polyface-connection-guard").unstarted(this::watch);
        watchdog.start();
    }

    /**
     * A guard for a process about to open {@code listeners} listeners: {@code max-connections}
     * lowered, with a warning, to what its file descriptors can hold (Linux and other Unix systems).
     */
    public static ConnectionGuard forThisProcess(ServerLimits limits, int listeners) {
        int fit = limits.maxConnections();
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            long maxFiles = unix.getMaxFileDescriptorCount();
            long openFiles = unix.getOpenFileDescriptorCount();
            fit = ServerLimits.connectionsThatFit(limits.maxConnections(), maxFiles, openFiles, listeners, REFUSAL_HEADROOM);
            if (fit < 1) {
                throw new StartupException("The process may open only " + maxFiles + " files (ulimit -n) and has " + openFiles
                        + " open already: no room is left for connections. Raise that limit.");
            }
            if (fit < limits.maxConnections()) {
                LOG.log(System.Logger.Level.WARNING, "server.max-connections lowered from " + limits.maxConnections() + " to "
                        + fit + ": the process may open only " + maxFiles + " files (ulimit -n) for " + listeners
                        + " listener(s); raise that limit to hold more connections");
            }
        }
        return new ConnectionGuard(limits, fit);
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** Connections open now, and what the guard has done so far. */
    public record Counts(int open, long refused, long timedOut, long shed) {
    }

    public Counts counts() {
        return new Counts(total.get(), refused.get(), timedOut.get(), shed.get());
    }

    /**
     * Puts one listener's HTTP/1 connections under this guard, with the request-head limits of
     * {@code server.*}. Blocking sockets, not Helidon's NIO ones: those drop the rest of a partial
     * write, and a client reading slower than the server writes then waits forever for its last bytes.
     */
    public void configure(ListenerConfig.BuilderBase<?, ?> listener, String socketName) {
        Http1Config http1 = Http1Config.builder()
                .name(socketName)
                .maxPrologueLength(limits.maxRequestLineBytes())
                .maxHeadersSize(limits.maxHeaderBytes())
                .addReceiveListener(new Http1ConnectionListener() {
                    @Override
                    public void headers(ConnectionContext ctx, Headers headers) {
                        GuardedConnection.headersRead(ctx);
                    }
                })
                .build();
        // The key, not protocolsDiscoverServices(false): on the server's own builder that setter misses
        // the field discovery reads (Helidon 4.4.0), and a second HTTP/1 selector would read the first bytes.
        listener.config(Config.just(ConfigSources.create(Map.of("protocols-discover-services", "false"))))
                .useNio(false)
                .clearProtocols()
                .connectionSelectors(List.of(new Selector(Http1ConnectionSelector.builder().config(http1).build())))
                .maxTcpConnections(maxConnections + REFUSAL_HEADROOM);
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(watchdog);
    }

    private ServerConnection admit(ConnectionContext ctx, ServerConnectionSelector http1) {
        Optional<InetAddress> address = addressOf(ctx.remotePeer());
        if (address.isEmpty()) {
            return http1.connection(ctx);
        }
        InetAddress from = address.get();
        if (!reserve(from)) {
            refused.incrementAndGet();
            LOG.log(System.Logger.Level.DEBUG, () -> "refused a connection from " + from.getHostAddress()
                    + ": limit reached (" + total.get() + " open)");
            return new Refusal(ctx);
        }
        GuardedConnection connection;
        try {
            connection = GuardedConnection.wrap(ctx, from, this::ended, http1::connection);
        } catch (RuntimeException e) {
            unreserve(from);
            throw e;
        }
        open.add(connection);
        return connection;
    }

    /** Counts a connection in, unless its address or the whole server is at its limit. */
    private boolean reserve(InetAddress from) {
        boolean[] admitted = {false};
        perAddress.compute(from, (a, n) -> {
            int held = n == null ? 0 : n;
            if (held >= limits.maxConnectionsPerAddress()) {
                return n;
            }
            if (total.incrementAndGet() > maxConnections) {
                total.decrementAndGet();
                shedWanted = true;
                return n;
            }
            admitted[0] = true;
            return held + 1;
        });
        if (!admitted[0] && shedWanted) {
            LockSupport.unpark(watchdog);
        }
        return admitted[0];
    }

    private void ended(GuardedConnection connection) {
        open.remove(connection);
        unreserve(connection.address());
    }

    private void unreserve(InetAddress from) {
        perAddress.computeIfPresent(from, (a, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
    }

    private void watch() {
        long tick = tick(limits).toNanos();
        while (!closed) {
            LockSupport.parkNanos(tick);
            long now = System.nanoTime();
            for (GuardedConnection connection : open) {
                Optional<String> overdue = connection.overdue(now, limits);
                if (overdue.isPresent() && connection.cut(timedOut)) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "closed a connection from " + connection.address().getHostAddress()
                            + " (" + overdue.get() + ", " + connection.phase() + ")");
                }
            }
            if (shedWanted) {
                shedWanted = false;
                shedIdle();
            }
        }
    }

    /** Closes the oldest idle connections, so that a twentieth of the limit is free again. */
    private void shedIdle() {
        int excess = total.get() - (maxConnections - Math.max(1, maxConnections / 20));
        if (excess <= 0) {
            return;
        }
        List<GuardedConnection> oldest = open.stream()
                .filter(GuardedConnection::idle)
                .sorted(Comparator.comparingLong(GuardedConnection::phaseSince))
                .limit(excess)
                .toList();
        oldest.forEach(connection -> connection.cut(shed));
        LOG.log(System.Logger.Level.INFO, "connections ran out (" + maxConnections + "): closed the " + oldest.size()
                + " oldest idle ones");
    }

    /** How often the watchdog looks: a quarter of the shortest timeout, between 50 ms and 1 s. */
    static Duration tick(ServerLimits limits) {
        long shortest = List.of(limits.idleTimeout(), limits.headerTimeout(), limits.bodyReadTimeout(), limits.writeTimeout())
                .stream().mapToLong(Duration::toMillis).min().orElse(1000);
        return Duration.ofMillis(Math.clamp(shortest / 4, 50, 1000));
    }

    private static Optional<InetAddress> addressOf(PeerInfo peer) {
        try {
            return peer.address() instanceof InetSocketAddress socket ? Optional.ofNullable(socket.getAddress()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The HTTP/1 selector of one listener, whose connections go through {@link #admit}. */
    private final class Selector implements ServerConnectionSelector {
        private final ServerConnectionSelector http1;

        Selector(ServerConnectionSelector http1) {
            this.http1 = http1;
        }

        @Override
        public int bytesToIdentifyConnection() {
            // The only selector of its listener: Helidon then takes it before any byte arrives.
            return 0;
        }

        @Override
        public Support supports(BufferData request) {
            return Support.SUPPORTED;
        }

        @Override
        public Set<String> supportedApplicationProtocols() {
            return http1.supportedApplicationProtocols();
        }

        @Override
        public ServerConnection connection(ConnectionContext ctx) {
            return admit(ctx, http1);
        }
    }

    /** A connection over a limit: told 503 and closed; its request is never read. */
    private static final class Refusal implements ServerConnection {
        private final ConnectionContext ctx;

        Refusal(ConnectionContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void handle(Limit limit) {
            try {
                ctx.dataWriter().writeNow(BufferData.create(REFUSAL));
            } catch (RuntimeException e) {
                // The client is gone already.
            }
        }

        @Override
        public Duration idleTime() {
            return Duration.ZERO;
        }

        @Override
        public void close(boolean interrupt) {
            // Ends on its own right after the one write.
        }
    }
}
