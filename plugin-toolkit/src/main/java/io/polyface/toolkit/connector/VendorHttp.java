package io.polyface.toolkit.connector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polyface.spi.FaceException;
import io.polyface.spi.connector.ConnectorContext;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The HTTP side of a vendor connector: one client per connector (HTTP/1.1, the context's connect
 * timeout), requests under the backend's root with the context's call timeout, and each call sent
 * through {@link BackendCalls}. What an answer means is the connector's to read.
 *
 * <p>Thread-safe.
 */
public final class VendorHttp implements AutoCloseable {
    private final ConnectorContext context;
    private final String vendor;
    private final String root;
    private final HttpClient http;

    /** A client of the backend at the context's base URL. */
    public VendorHttp(ConnectorContext context, String vendor) {
        this(context, vendor, "");
    }

    /**
     * @param vendor the vendor's name in messages ("FacePass")
     * @param apiPath where the vendor's API starts below the base URL ("" for the root)
     */
    public VendorHttp(ConnectorContext context, String vendor, String apiPath) {
        this.context = requireNonNull(context, "context is null");
        this.vendor = requireNonNull(vendor, "vendor is null");
        this.root = context.baseUrl().toString().replaceAll("/+$", "") + requireNonNull(apiPath, "apiPath is null");
        this.http = HttpClient.newBuilder().connectTimeout(context.timeout()).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Where the vendor's API starts, without a trailing slash. */
    public String root() {
        return root;
    }

    /** A request of a path (and query) below the root, with the call timeout. */
    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(root + pathAndQuery)).timeout(context.timeout());
    }

    /**
     * One attempt of a call.
     *
     * @param path the call's path, for messages
     */
    public HttpResponse<byte[]> send(String path, HttpRequest.Builder request) {
        return BackendCalls.send(http, request.build(), context, vendor, root, path);
    }

    /**
     * The failure of an answer without the vendor's envelope: the backend's trouble on a 5xx or 429,
     * a path the server lacks on a 404, else a failure of the connector.
     */
    public FaceException withoutEnvelope(String path, int status) {
        if (status >= 500 || status == 429) {
            return new FaceException.BackendUnavailable(context.engineName() + ": " + vendor + " " + path + " answered HTTP " + status, null);
        }
        if (status == 404) {
            return new FaceException.Unsupported("not supported by this backend: the " + vendor + " server at " + root + " has no " + path);
        }
        return new FaceException.Internal(context.engineName() + ": " + vendor + " " + path + " answered HTTP " + status
                + " without its envelope", null);
    }

    /**
     * The answer's body when it is the vendor's JSON envelope (as {@code isEnvelope} recognises it),
     * else the failure of an answer {@link #withoutEnvelope without one}.
     */
    public JsonNode envelope(String path, HttpResponse<byte[]> response, ObjectMapper json, Predicate<JsonNode> isEnvelope) {
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !isEnvelope.test(body)) {
            throw withoutEnvelope(path, response.statusCode());
        }
        return body;
    }

    /** A path with its parameters as a URL-encoded query string, in the map's order. */
    public static String withQuery(String path, Map<String, String> parameters) {
        StringBuilder uri = new StringBuilder(path);
        char separator = '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            uri.append(separator).append(parameter.getKey()).append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return uri.toString();
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
