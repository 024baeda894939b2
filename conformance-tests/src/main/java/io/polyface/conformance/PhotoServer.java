package io.polyface.conformance;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The suite's photos over HTTP on 127.0.0.1, for the tests that have the endpoint fetch an image by
 * URL (only an in-process gateway can reach them): {@code /<photo>} is the photo, {@code /slow/<photo>}
 * answers only after eight seconds, and a name that is no photo is 404. Closed when the tests end.
 */
public final class PhotoServer implements AutoCloseable {
    private static final String SLOW = "slow/";
    private static final long SLOW_MILLIS = 8_000;

    private final HttpServer server;

    private PhotoServer(HttpServer server) {
        this.server = server;
    }

    /** Serves the photos {@code photos} reads by name; it throws for a name that is no photo. */
    public static PhotoServer start(Function<String, byte[]> photos) {
        requireNonNull(photos, "photos is null");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> answer(exchange, photos));
            // One virtual thread per request: a slow answer holds up no other.
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return new PhotoServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void answer(HttpExchange exchange, Function<String, byte[]> photos) {
        String name = exchange.getRequestURI().getPath().substring(1);
        try (exchange) {
            if (name.startsWith(SLOW)) {
                Thread.sleep(SLOW_MILLIS);
                name = name.substring(SLOW.length());
            }
            byte[] body;
            int status = 200;
            try {
                body = photos.apply(name);
            } catch (RuntimeException noSuchPhoto) {
                body = "not found".getBytes(StandardCharsets.US_ASCII);
                status = 404;
            }
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException closedByTheEndpoint) {
            // the endpoint gave up waiting: that is the point of /slow/
        }
    }

    /** The URL of this photo, or of a name that is no photo (404). */
    public String url(String photo) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + photo;
    }

    /** The URL of this photo answered only after eight seconds. */
    public String slowUrl(String photo) {
        return url(SLOW + photo);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
