package io.polyface.plugin.qiniu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.toolkit.connector.VendorHttp;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/**
 * The signed requests of {@link QiniuConnector}: each signed with the engine's {@code access-key}
 * and {@code secret-key} ({@link QiniuSigner}), its JSON answer read, or its failure read as the
 * SPI's through {@link QiniuConnectorFailures}.
 *
 * <p>Thread-safe: its state is the signer and the HTTP client.
 */
final class QiniuConnectorCalls implements AutoCloseable {
    private final QiniuSigner signer;
    private final VendorHttp http;
    private final Clock clock;
    private final String name;

    QiniuConnectorCalls(ConnectorContext context) {
        this.signer = new QiniuSigner(context.requiredSetting("access-key"), context.requiredSetting("secret-key"));
        this.http = new VendorHttp(context, "Qiniu");
        this.clock = context.clock();
        this.name = context.engineName();
    }

    /** The path of a collection's face group. */
    static String group(CollectionRef ref) {
        return "/v1/face/groups/" + URLEncoder.encode(ref.name(), StandardCharsets.UTF_8);
    }

    /** An image as the {@code data:} URI Qiniu takes. */
    static String dataUri(byte[] image) {
        return "data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(image);
    }

    JsonNode call(String method, String path, ObjectNode body, String group) {
        return call(method, path, body, group, "");
    }

    /**
     * One signed request; the JSON answer, or the failure its status and {@code error} say.
     *
     * @param group the group the request is about, named in NotFound and AlreadyExists
     * @param faceId the face it is about, named in a 409 of add and a 404 of update
     */
    JsonNode call(String method, String path, ObjectNode body, String group, String faceId) {
        URI uri = URI.create(http.root() + path);
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : Json.PLAIN.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new FaceException.Internal("cannot write a JSON body", e);
        }
        Optional<String> contentType = body == null ? Optional.empty() : Optional.of("application/json");
        QiniuSigner.Signature signature = signer.sign(method, uri, contentType, bytes, clock.instant());
        HttpRequest.Builder request = http.request(path)
                .header("Authorization", signature.authorization())
                .header("X-Qiniu-Date", signature.date())
                .method(method, bytes.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        contentType.ifPresent(ct -> request.header("Content-Type", ct));
        HttpResponse<byte[]> response = http.send(path, request);
        JsonNode answer = null;
        if (response.body().length > 0) {
            try {
                answer = Json.STRICT.readTree(response.body());
            } catch (IOException e) {
                answer = null;
            }
        }
        int status = response.statusCode();
        if (status == 200) {
            if (answer == null && response.body().length > 0) {
                throw new FaceException.Internal(name + ": Qiniu " + path + " answered 200 with a body that is not JSON", null);
            }
            return answer == null ? Json.object() : answer;
        }
        String error = answer == null ? "" : answer.path("error").asText(answer.path("message").asText(""));
        throw QiniuConnectorFailures.of(name, status, error, group, faceId);
    }

    @Override
    public void close() {
        http.close();
    }
}
