package io.polyface.engine.remote;

import static java.util.Objects.requireNonNull;

import io.polyface.protocol.EngineCall;
import io.polyface.protocol.NativeClientCodec;
import io.polyface.protocol.NativeProtocol;
import io.polyface.spi.FaceException;
import io.polyface.spi.connector.CallNotSent;
import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.FaceEngine;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;

/**
 * Calls another Polyface's engine through the native protocol: one HTTP attempt per call, the
 * answer decoded to the SPI's records or its exact {@link FaceException}. A dynamic proxy, so that
 * every SPI call is covered by {@link EngineCall} without a hand-written method each.
 *
 * <p>Thread-safe: the HTTP client is shared.
 */
final class PolyfaceConnector implements InvocationHandler {
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
        return (FaceEngine) Proxy.newProxyInstance(FaceEngine.class.getClassLoader(), new Class<?>[] {FaceEngine.class},
                new PolyfaceConnector(context));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "name" -> {
                return context.engineName();
            }
            case "close" -> {
                http.shutdownNow();
                return null;
            }
            case "toString" -> {
                return "PolyfaceConnector[" + context.engineName() + " -> " + base + "]";
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "equals" -> {
                return proxy == args[0];
            }
            default -> {
                EngineCall call = EngineCall.of(method).orElseThrow(
                        () -> new FaceException.Unsupported("the native protocol has no call " + method.getName()));
                if (call == EngineCall.HEALTH) {
                    return health();
                }
                return send(call, args);
            }
        }
    }

    private EngineHealth health() {
        try {
            return (EngineHealth) send(EngineCall.HEALTH, null);
        } catch (FaceException e) {
            return new EngineHealth(false, Map.of("remote", base + ": " + e.getMessage()));
        }
    }

    private Object send(EngineCall call, Object[] args) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + NativeProtocol.path(call)))
                .timeout(context.timeout())
                .header("Content-Type", NativeProtocol.CONTENT_TYPE)
                .header("Accept", NativeProtocol.CONTENT_TYPE)
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofByteArray(NativeClientCodec.request(call, args == null ? new Object[0] : args)))
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
        context.signals().observeHeaders(response.statusCode(), response.headers()::firstValue,
                context.clock().instant().getEpochSecond());
        if (response.statusCode() == 200) {
            return NativeClientCodec.result(call, response.body());
        }
        throw NativeClientCodec.error(response.statusCode(), response.body());
    }
}
