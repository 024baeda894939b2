package io.polyface.engine.local.store;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.engine.EngineContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

/**
 * The local engine's storage settings, read from the engine's configuration.
 *
 * <ul>
 *   <li>{@code mongodb-uri}: a {@code mongodb://} or {@code mongodb+srv://} URI; without it an
 *       embedded server with an on-disk H2 store starts under the data directory
 *   <li>{@code mongodb-database}: default {@code polyface}
 *   <li>{@code mongodb-server-selection-timeout-ms} (2000), {@code mongodb-connect-timeout-ms}
 *       (2000), {@code mongodb-socket-timeout-ms} (10000): kept short so an unreachable database
 *       fails a request quickly rather than hanging it; when unset here, values in the URI apply
 *   <li>{@code mongodb-embedded-fsync}: {@code true} to force every commit of the embedded store to
 *       the disk, surviving power loss as well as process crashes, at the cost of write latency
 *   <li>{@code mongodb-embedded-port}: the embedded server's port, default 0 (any free one); a fixed
 *       port lets other gateway nodes use this node's store through {@code mongodb-uri}
 *   <li>{@code mongodb-embedded-host}: the address it binds, default {@code 127.0.0.1}; the server
 *       has no authentication, so only an operator's explicit setting exposes it to the network
 * </ul>
 */
public record LocalEngineSettings(
        Optional<String> mongodbUri,
        String database,
        Optional<Duration> serverSelectionTimeout,
        Optional<Duration> connectTimeout,
        Optional<Duration> socketTimeout,
        boolean embeddedFsync,
        InetSocketAddress embeddedBind) {

    static final Duration DEFAULT_SERVER_SELECTION_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(10);
    static final String DEFAULT_EMBEDDED_HOST = "127.0.0.1";

    public LocalEngineSettings {
        requireNonNull(mongodbUri, "mongodbUri is null");
        requireNonNull(database, "database is null");
        requireNonNull(serverSelectionTimeout, "serverSelectionTimeout is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(socketTimeout, "socketTimeout is null");
        requireNonNull(embeddedBind, "embeddedBind is null");
        if (embeddedBind.isUnresolved()) {
            throw new IllegalArgumentException("mongodb-embedded-host is not a resolvable address: " + embeddedBind.getHostString());
        }
        if (database.isBlank()) {
            throw new IllegalArgumentException("mongodb-database is blank");
        }
    }

    public static LocalEngineSettings from(EngineContext context) {
        return new LocalEngineSettings(
                context.setting("mongodb-uri").map(String::strip).filter(uri -> !uri.isEmpty()),
                context.setting("mongodb-database").orElse("polyface"),
                millis(context, "mongodb-server-selection-timeout-ms"),
                millis(context, "mongodb-connect-timeout-ms"),
                millis(context, "mongodb-socket-timeout-ms"),
                context.setting("mongodb-embedded-fsync").map(Boolean::parseBoolean).orElse(false),
                embeddedBind(context));
    }

    private static InetSocketAddress embeddedBind(EngineContext context) {
        String host = context.setting("mongodb-embedded-host").map(String::strip).filter(h -> !h.isEmpty())
                .orElse(DEFAULT_EMBEDDED_HOST);
        int port = context.setting("mongodb-embedded-port").map(value -> {
            try {
                int p = Integer.parseInt(value.strip());
                if (p < 0 || p > 65535) {
                    throw new IllegalArgumentException("mongodb-embedded-port must be 0..65535: " + value);
                }
                return p;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mongodb-embedded-port is not a port number: " + value, e);
            }
        }).orElse(0);
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("mongodb-embedded-host is not a resolvable address: " + host, e);
        }
    }

    private static Optional<Duration> millis(EngineContext context, String key) {
        return context.setting(key).map(value -> {
            try {
                long ms = Long.parseLong(value.strip());
                if (ms < 0) {
                    throw new IllegalArgumentException(key + " must not be negative: " + value);
                }
                return Duration.ofMillis(ms);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " is not a number of milliseconds: " + value, e);
            }
        });
    }
}
