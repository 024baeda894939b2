package io.polyface.plugin.facepass;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.connector.ConnectorContext;
import io.polyface.toolkit.connector.MultipartBody;
import io.polyface.toolkit.connector.VendorHttp;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One FacePass server as an HTTP client sees it: JSON posts, multipart forms and GETs under
 * {@code /api}, each answer's envelope read, one attempt per call (the remote engine retries).
 * A non-zero {@code code} is a {@link FacepassFailure} carrying the code, the message's detail and
 * the answer's data (face/add and compare return data with their failures).
 */
final class FacepassClient {
    /** A file part of a multipart form. */
    record FilePart(String name, byte[] content) {
    }

    private final ConnectorContext context;
    private final VendorHttp http;

    FacepassClient(ConnectorContext context) {
        this.context = requireNonNull(context, "context is null");
        this.http = new VendorHttp(context, "FacePass");
    }

    String root() {
        return http.root();
    }

    /** A JSON body, as the document's request examples. */
    JsonNode postJson(String path, ObjectNode body) {
        try {
            return data(path, send(path, http.request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.PLAIN.writeValueAsBytes(body)))));
        } catch (IOException e) {
            throw new FaceException.Internal("cannot write a JSON body", e);
        }
    }

    /** A multipart/form-data body: text fields, then files. */
    JsonNode postForm(String path, Map<String, String> fields, FilePart... files) {
        MultipartBody body = new MultipartBody();
        fields.forEach(body::field);
        for (FilePart file : files) {
            body.file(file.name(), file.name(), file.content());
        }
        return data(path, send(path, body.postTo(http.request(path))));
    }

    JsonNode get(String path) {
        return data(path, send(path, http.request(path).GET()));
    }

    /** A file the server streams (image/query), or empty when it answers its envelope with a failure instead. */
    Optional<byte[]> getFile(String path, Map<String, String> query) {
        HttpResponse<byte[]> response = send(path, http.request(VendorHttp.withQuery(path, query)).GET());
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() == 200 && !type.startsWith("application/json")) {
            return Optional.of(response.body());
        }
        try {
            data(path, response);
        } catch (FacepassFailure failure) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private HttpResponse<byte[]> send(String path, HttpRequest.Builder request) {
        return http.send(path, request);
    }

    /** The envelope's data, or the failure it reports. */
    private JsonNode data(String path, HttpResponse<byte[]> response) {
        JsonNode answer = http.envelope(path, response, Json.PLAIN, a -> a.path("code").isIntegralNumber());
        int code = answer.get("code").asInt();
        if (code == 0) {
            return answer.path("data");
        }
        String message = answer.path("message").asText("");
        int colon = message.indexOf(':');
        String detail = colon < 0 ? "" : message.substring(colon + 1).strip();
        for (FacepassErrorCode known : FacepassErrorCode.values()) {
            if (known.code() == code) {
                throw new FacepassFailure(known, detail,
                        answer.path("data") instanceof ObjectNode data ? Optional.of(data) : Optional.empty());
            }
        }
        throw new FaceException.Internal(context.engineName() + ": FacePass code " + code + ": " + message, null);
    }

    static Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    void close() {
        http.close();
    }
}
