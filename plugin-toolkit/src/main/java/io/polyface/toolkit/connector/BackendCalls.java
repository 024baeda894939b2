package io.polyface.toolkit.connector;

import io.polyface.spi.FaceException;
import io.polyface.spi.connector.CallNotSent;
import io.polyface.spi.connector.ConnectorContext;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;

/**
 * One HTTP call of a vendor connector, the same way for every vendor: transport failures become
 * {@link FaceException.BackendUnavailable} (a refused connection marked {@link CallNotSent}, so that
 * even a write may fail over), and the backend's rate-limit headers reach {@link
 * ConnectorContext#signals()} ({@link RateLimitHeaders}). What the answer means is the connector's to read.
 */
public final class BackendCalls {

    private BackendCalls() {
    }

    /**
     * @param backend the vendor's name in messages ("FacePass")
     * @param root where the backend listens, for messages
     * @param path the call's path, for messages
     */
    public static HttpResponse<byte[]> send(HttpClient http, HttpRequest request, ConnectorContext context,
            String backend, Object root, String path) {
        String engine = context.engineName();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new FaceException.BackendUnavailable(engine + ": " + backend + " " + path + " timed out", e);
        } catch (ConnectException e) {
            throw new FaceException.BackendUnavailable(engine + ": cannot connect to " + backend + " at " + root,
                    new CallNotSent("connection refused"));
        } catch (IOException e) {
            throw new FaceException.BackendUnavailable(engine + ": " + backend + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaceException.BackendUnavailable(engine + ": interrupted", e);
        }
        RateLimitHeaders.report(context, response);
        return response;
    }
}
