package io.polyface.engine.local.store;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.engine.EngineContext;
import io.polyface.toolkit.settings.Setting;
import io.polyface.toolkit.settings.Settings;
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
        Keys keys = Settings.bind(context, Keys.class);
        if (keys.embeddedPort() < 0 || keys.embeddedPort() > 65535) {
            throw new IllegalArgumentException("mongodb-embedded-port must be 0..65535: " + keys.embeddedPort());
        }
        String host = keys.embeddedHost().map(String::strip).orElse(DEFAULT_EMBEDDED_HOST);
        InetSocketAddress embeddedBind;
        try {
            embeddedBind = new InetSocketAddress(InetAddress.getByName(host), keys.embeddedPort());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("mongodb-embedded-host is not a resolvable address: " + host, e);
        }
        return new LocalEngineSettings(
                keys.mongodbUri().map(String::strip),
                keys.database(),
                millis("mongodb-server-selection-timeout-ms", keys.serverSelectionTimeoutMillis()),
                millis("mongodb-connect-timeout-ms", keys.connectTimeoutMillis()),
                millis("mongodb-socket-timeout-ms", keys.socketTimeoutMillis()),
                keys.embeddedFsync(),
                embeddedBind);
    }

    private static Optional<Duration> millis(String key, Optional<Long> millis) {
        millis.filter(ms -> ms < 0).ifPresent(ms -> {
            throw new IllegalArgumentException(key + " must not be negative: " + ms);
        });
        return millis.map(Duration::ofMillis);
    }

    /** The keys as configured; {@link #from} checks and combines them. */
    record Keys(
            @Setting(key = "mongodb-uri") Optional<String> mongodbUri,
            @Setting(key = "mongodb-database", defaultValue = "polyface") String database,
            @Setting(key = "mongodb-server-selection-timeout-ms") Optional<Long> serverSelectionTimeoutMillis,
            @Setting(key = "mongodb-connect-timeout-ms") Optional<Long> connectTimeoutMillis,
            @Setting(key = "mongodb-socket-timeout-ms") Optional<Long> socketTimeoutMillis,
            @Setting(key = "mongodb-embedded-fsync", defaultValue = "false") boolean embeddedFsync,
            @Setting(key = "mongodb-embedded-port", defaultValue = "0") int embeddedPort,
            @Setting(key = "mongodb-embedded-host", defaultValue = DEFAULT_EMBEDDED_HOST) Optional<String> embeddedHost) {
    }
}
