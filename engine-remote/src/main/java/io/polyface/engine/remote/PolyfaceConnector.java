package io.polyface.engine.remote;

import static java.util.Objects.requireNonNull;

import io.polyface.protocol.NativeCall;
import io.polyface.protocol.NativeClient;
import io.polyface.protocol.NativeProtocol;
import io.polyface.protocol.NativeServer;
import io.polyface.spi.FaceException;
import io.polyface.spi.connector.CallNotSent;
import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.connector.RateLimitHeaders;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;

/**
 * Calls another Polyface's engine through the native protocol: one HTTP attempt per call, the
 * answer decoded to the SPI's records or its exact {@link FaceException} by {@link NativeClient},
 * which has a method per SPI call; this class is its HTTP transport.
 *
 * <p>Thread-safe: the HTTP client is shared.
 */
final class PolyfaceConnector extends NativeClient {
    private final ConnectorContext context;
    private final URI base;
    private final String authorization;
    private final HttpClient http;

    private PolyfaceConnector(ConnectorContext context) {
        this.context = requireNonNull(context, "context is null");
        String url = context.baseUrl().toString();
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.authorization = "Bearer " + context.requiredSetting("token");
        this.http = HttpClient.newBuilder()
                .connectTimeout(context.timeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    static FaceEngine connect(ConnectorContext context) {
        return new PolyfaceConnector(context);
    }

    @Override
    public String name() {
        return context.engineName();
    }

    /** The remote engine's health, or not ready with the reason when it cannot be asked. */
    @Override
    public EngineHealth health() {
        try {
            return super.health();
        } catch (FaceException e) {
            return new EngineHealth(false, Map.of("remote", base + ": " + e.getMessage()));
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
    }

    @Override
    public String toString() {
        return "PolyfaceConnector[" + context.engineName() + " -> " + base + "]";
    }

    @Override
    protected NativeServer.Reply exchange(NativeCall call, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + NativeProtocol.path(call)))
                .timeout(context.timeout())
                .header("Content-Type", NativeProtocol.CONTENT_TYPE)
                .header("Accept", NativeProtocol.CONTENT_TYPE)
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new FaceException.BackendUnavailable(context.engineName() + ": " + call.wireName() + " timed out", e);
        } catch (ConnectException e) {
            // Nothing reached the backend: even a write may be tried again or elsewhere.
            throw new FaceException.BackendUnavailable(context.engineName() + ": cannot connect to " + base,
                    new CallNotSent("connection refused: " + e.getMessage()));
        } catch (IOException e) {
            throw new FaceException.BackendUnavailable(context.engineName() + ": " + call.wireName() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaceException.BackendUnavailable(context.engineName() + ": interrupted", e);
        }
        RateLimitHeaders.report(context, response);
        return new NativeServer.Reply(response.statusCode(), response.body());
    }
}
