package io.polyface.engine.local;

import static java.util.Objects.requireNonNull;

import io.polyface.spi.engine.EngineContext;
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
 * </ul>
 */
record LocalEngineSettings(
        Optional<String> mongodbUri,
        String database,
        Optional<Duration> serverSelectionTimeout,
        Optional<Duration> connectTimeout,
        Optional<Duration> socketTimeout,
        boolean embeddedFsync) {

    static final Duration DEFAULT_SERVER_SELECTION_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(10);

    LocalEngineSettings {
        requireNonNull(mongodbUri, "mongodbUri is null");
        requireNonNull(database, "database is null");
        requireNonNull(serverSelectionTimeout, "serverSelectionTimeout is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(socketTimeout, "socketTimeout is null");
        if (database.isBlank()) {
            throw new IllegalArgumentException("mongodb-database is blank");
        }
    }

    static LocalEngineSettings from(EngineContext context) {
        return new LocalEngineSettings(
                context.setting("mongodb-uri").map(String::strip).filter(uri -> !uri.isEmpty()),
                context.setting("mongodb-database").orElse("polyface"),
                millis(context, "mongodb-server-selection-timeout-ms"),
                millis(context, "mongodb-connect-timeout-ms"),
                millis(context, "mongodb-socket-timeout-ms"),
                context.setting("mongodb-embedded-fsync").map(Boolean::parseBoolean).orElse(false));
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
