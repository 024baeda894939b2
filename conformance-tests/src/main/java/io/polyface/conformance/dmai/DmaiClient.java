package io.polyface.conformance.dmai;

import static java.util.Objects.requireNonNull;

import io.polyface.conformance.Contract;
import io.polyface.conformance.HttpTransport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Speaks DM-AI over HTTP to one endpoint, records every exchange for failure messages, and checks
 * every answer against the dialect's contract. Thread-safe.
 */
public final class DmaiClient {
    static final String API = "/api/v1/engine/recocomp";

    private final String baseUrl;
    private final Contract contract;
    private final HttpTransport http = new HttpTransport();

    /** @param baseUrl the DM-AI root, e.g. {@code http://127.0.0.1:8080/dmai} */
    public DmaiClient(String baseUrl, Contract contract) {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null").replaceAll("/+$", "");
        this.contract = requireNonNull(contract, "contract is null");
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** POSTs a JSON body to an API path such as {@code /create/collection}, as the document's examples do. */
    public DmaiResponse post(String apiPath, Object body) {
        return send("POST", apiPath, json(body));
    }

    /** {@code /face/insert}: images (base64) and their target ids, pairwise. */
    public DmaiResponse insert(String collection, List<?> images, List<String> targets) {
        return post("/face/insert", Map.of("collection_name", collection, "face_image", images, "target_id", targets));
    }

    /** {@code /face/update}: images (base64) and their target ids, pairwise. */
    public DmaiResponse update(String collection, List<?> images, List<String> targets) {
        return post("/face/update", Map.of("collection_name", collection, "face_image", images, "target_id", targets));
    }

    /** Sends any bytes with any method, for malformed requests; {@code body} may be empty. */
    public DmaiResponse send(String method, String apiPath, byte[] body) {
        String path = API + apiPath;
        return exchange(method, path, body);
    }

    /** A path outside the API, for unknown-path tests. */
    public DmaiResponse sendRaw(String method, String pathBelowRoot, byte[] body) {
        return exchange(method, pathBelowRoot, body);
    }

    private DmaiResponse exchange(String method, String path, byte[] body) {
        String shownRequest = HttpTransport.shown(body) + (HttpTransport.cut(body) ? " (" + body.length + " bytes in all)" : "");
        HttpTransport.Received received = http.send(method, baseUrl + path, Map.of("Content-Type", "application/json"), body,
                baseUrl + path, shownRequest, r -> new String(r.body(), StandardCharsets.UTF_8));
        contract.check(method, path, received.status(), received.text());
        return new DmaiResponse(received.exchange(), HttpTransport.parse(received.text()));
    }

    static byte[] json(Object body) {
        return HttpTransport.json(body);
    }
}
