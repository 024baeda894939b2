package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import java.time.Duration;

/**
 * What one client may hold of the server: connections, time to send a request, time to take an
 * answer. Bound from {@code server.*}; README, "Reliability", says what each one does.
 *
 * @param maxConnections connections held open at once, every port together
 * @param maxConnectionsPerAddress of those, from one client address
 * @param idleTimeout how long a kept-alive connection may wait for its next request
 * @param headerTimeout how long a request's line and headers may take to arrive, from the connection's
 *     opening for its first request, from the first byte for later ones
 * @param bodyReadTimeout how long a request body may pause between two reads
 * @param writeTimeout how long a client may take to accept the next part (at most 64 KiB) of an answer
 * @param maxRequestLineBytes longest request line (414 beyond)
 * @param maxHeaderBytes largest request head (431 beyond)
 */
public record ServerLimits(int maxConnections, int maxConnectionsPerAddress, Duration idleTimeout, Duration headerTimeout, Duration bodyReadTimeout, Duration writeTimeout,
        int maxRequestLineBytes, int maxHeaderBytes) {

    /** The embedded defaults (polyface-defaults.yaml says the same). */
    public static final ServerLimits DEFAULTS = new ServerLimits(10_000, 500, Duration.ofSeconds(60),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), 4096, 16_384);

    public ServerLimits {
        positive(maxConnections, "max-connections");
        positive(maxConnectionsPerAddress, "max-connections-per-address");
        positive(idleTimeout, "idle-timeout");
        positive(headerTimeout, "header-timeout");
        positive(bodyReadTimeout, "body-read-timeout");
        positive(writeTimeout, "write-timeout");
        positive(maxRequestLineBytes, "max-request-line-bytes");
        positive(maxHeaderBytes, "max-header-bytes");
    }

    /** Reads {@code server.*}; a missing key keeps its default, a bad one stops start-up naming the key. */
    public static ServerLimits of(Config server) {
        try {
            return new ServerLimits(
                    server.get("max-connections").asInt().orElse(DEFAULTS.maxConnections),
                    server.get("max-connections-per-address").asInt().orElse(DEFAULTS.maxConnectionsPerAddress),
                    server.get("idle-timeout").as(Duration.class).orElse(DEFAULTS.idleTimeout),
                    server.get("header-timeout").as(Duration.class).orElse(DEFAULTS.headerTimeout),
                    server.get("body-read-timeout").as(Duration.class).orElse(DEFAULTS.bodyReadTimeout),
                    server.get("write-timeout").as(Duration.class).orElse(DEFAULTS.writeTimeout),
                    server.get("max-request-line-bytes").asInt().orElse(DEFAULTS.maxRequestLineBytes),
                    server.get("max-header-bytes").asInt().orElse(DEFAULTS.maxHeaderBytes));
        } catch (ConfigException e) {
            throw new StartupException("A server.* setting cannot be read: " + e.getMessage()
                    + " (counts are whole numbers, times ISO-8601 durations such as PT30S).", e);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    /**
     * The connections that fit in the process's file descriptors: every listener may hold {@code
     * connections + headroom} sockets (Helidon bounds each listener on its own), and the process keeps
     * what it has open now plus a reserve for its own files and outbound connections (a tenth of its
     * descriptors, at least 256). Never more than {@code wanted}; 0 when not even one fits.
     */
    public static int connectionsThatFit(int wanted, long maxFiles, long openFiles, int listeners, int headroom) {
        long reserve = Math.max(256, maxFiles / 10);
        long perListener = (maxFiles - openFiles - reserve) / Math.max(1, listeners) - headroom;
        return (int) Math.max(0, Math.min(wanted, perListener));
    }

    private static void positive(long value, String key) {
        if (value <= 0) {
            throw new IllegalArgumentException("server." + key + " must be at least 1, not " + value + ".");
        }
    }

    private static void positive(Duration value, String key) {
        requireNonNull(value, key + " is null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("server." + key + " must be longer than zero, not " + value + ".");
        }
    }
}
