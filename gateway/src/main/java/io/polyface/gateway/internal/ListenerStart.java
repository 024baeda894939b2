package io.polyface.gateway.internal;

import io.helidon.webserver.WebServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Starts the web server and makes sure every listener listens. Helidon logs a port it cannot bind
 * (with a stack trace) and goes on without it, so a gateway could run without its dialect's own
 * port, or without any port at all; here any listener that did not start stops start-up with the
 * key that named it and the reason, and Helidon's own report of it is not printed.
 */
public final class ListenerStart {
    private static final Logger HELIDON_SERVER = Logger.getLogger("io.helidon.webserver.LoomServer");

    private ListenerStart() {
    }

    /** Where a listener was asked to listen, and the key that asked. */
    public record Listener(String key, String host, int port) {
    }

    /**
     * @param listeners by Helidon socket name ({@code @default} for the main port)
     */
    public static WebServer start(WebServer server, Map<String, Listener> listeners) {
        List<LogRecord> failures = new ArrayList<>();
        Filter before = HELIDON_SERVER.getFilter();
        HELIDON_SERVER.setFilter(record -> {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                synchronized (failures) {
                    failures.add(record);
                }
                return false;
            }
            return before == null || before.isLoggable(record);
        });
        try {
            server.start();
        } finally {
            HELIDON_SERVER.setFilter(before);
        }
        // When one listener fails Helidon stops the others too: name those whose own failure it logged.
        List<String> problems = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        listeners.forEach((socket, listener) -> {
            int port = socket.equals(WebServer.DEFAULT_SOCKET_NAME) ? server.port() : server.port(socket);
            if (port < 0) {
                String where = "cannot listen on " + listener.host() + ":" + listener.port() + " (" + listener.key() + ")";
                reason(failures, listener.port()).ifPresentOrElse(r -> problems.add(where + ": " + r), () -> stopped.add(where));
            }
        });
        if (problems.isEmpty()) {
            stopped.forEach(where -> problems.add(where + ": " + reason(failures, -1).orElse("the port could not be bound")));
        }
        if (problems.isEmpty() && !server.isRunning()) {
            problems.add("the web server did not start: " + reason(failures, -1).orElse("see the log above"));
        }
        if (!problems.isEmpty()) {
            server.stop();
            throw new StartupException(String.join("; ", problems) + ".");
        }
        return server;
    }

    /** The deepest cause Helidon logged for a port (any port when -1). */
    private static Optional<String> reason(List<LogRecord> failures, int port) {
        synchronized (failures) {
            for (LogRecord record : failures) {
                String message = String.valueOf(record.getMessage());
                if (record.getThrown() != null && (port < 0 || message.endsWith(":" + port))) {
                    Throwable cause = record.getThrown();
                    while (cause.getCause() != null) {
                        cause = cause.getCause();
                    }
                    return Optional.of(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
                }
            }
        }
        return Optional.empty();
    }
}
