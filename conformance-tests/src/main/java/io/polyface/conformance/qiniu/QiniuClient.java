package io.polyface.conformance.qiniu;

import static java.util.Objects.requireNonNull;

import io.polyface.conformance.Contract;
import io.polyface.conformance.HttpTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Speaks Qiniu over HTTP to one endpoint, signing every request as Qiniu's SDKs do ({@code
 * Authorization: Qiniu <AK>:<Sign>}), records every exchange, and checks every answer against the
 * contract. Thread-safe.
 */
public final class QiniuClient {
    /** An access key and its secret. */
    public record Key(String accessKey, String secretKey) {
    }

    private final String baseUrl;
    private final String basePath;
    private final Contract contract;
    private final Optional<Key> key;
    private final HttpTransport http = new HttpTransport();

    /** @param baseUrl the Qiniu root, e.g. {@code http://127.0.0.1:8080/qiniu} */
    public QiniuClient(String baseUrl, Contract contract, Optional<Key> key) {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null").replaceAll("/+$", "");
        this.basePath = URI.create(this.baseUrl).getRawPath();
        this.contract = requireNonNull(contract, "contract is null");
        this.key = requireNonNull(key, "key is null");
    }

    /** Whether requests are signed: without a key the endpoint must be open to answer anything. */
    public boolean signs() {
        return key.isPresent();
    }

    public QiniuClient withKey(Optional<Key> other) {
        return new QiniuClient(baseUrl, contract, other);
    }

    public QiniuResponse get(String path) {
        return send("GET", path, new byte[0], Optional.empty());
    }

    public QiniuResponse post(String path, Object body) {
        return send("POST", path, HttpTransport.json(body), Optional.of("application/json"));
    }

    public QiniuResponse postEmpty(String path) {
        return send("POST", path, new byte[0], Optional.empty());
    }

    /** Any method, body and content type; signed with this client's key (if any). */
    public QiniuResponse send(String method, String path, byte[] body, Optional<String> contentType) {
        return exchange(method, path, body, contentType, key.map(k -> "Qiniu " + sign(k, method, path, body, contentType)));
    }

    /** Sends with exactly this Authorization header (or none). */
    public QiniuResponse sendWithAuthorization(String method, String path, byte[] body, Optional<String> contentType,
            Optional<String> authorization) {
        return exchange(method, path, body, contentType, authorization);
    }

    /** The signature Qiniu's SDKs make for this request: {@code AK:urlsafe-base64(hmac-sha1)}. */
    public String sign(Key k, String method, String path, byte[] body, Optional<String> contentType) {
        URI uri = URI.create(baseUrl + path);
        StringBuilder data = new StringBuilder();
        data.append(method).append(' ').append(uri.getPath());
        if (uri.getRawQuery() != null) {
            data.append('?').append(uri.getRawQuery());
        }
        data.append("\nHost: ").append(uri.getHost()).append(uri.getPort() > 0 ? ":" + uri.getPort() : "");
        contentType.ifPresent(ct -> data.append("\nContent-Type: ").append(ct));
        data.append("\n\n");
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(k.secretKey().getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            mac.update(data.toString().getBytes(StandardCharsets.UTF_8));
            if (body.length > 0 && contentType.isPresent() && !contentType.get().equals("application/octet-stream")) {
                mac.update(body);
            }
            return k.accessKey() + ":" + Base64.getUrlEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private QiniuResponse exchange(String method, String path, byte[] body, Optional<String> contentType,
            Optional<String> authorization) {
        String url = baseUrl + path;
        Map<String, String> headers = new LinkedHashMap<>();
        contentType.ifPresent(ct -> headers.put("Content-Type", ct));
        authorization.ifPresent(a -> headers.put("Authorization", a));
        HttpTransport.Received received = http.send(method, url, headers, body);
        String contractPath = templatePath(URI.create(url).getPath().substring(basePath.length()));
        contract.check(method, contractPath, received.status(), received.text());
        return new QiniuResponse(received.exchange(), HttpTransport.parse(received.text()),
                received.response().headers().firstValue("Content-Type").orElse(""));
    }

    /** The contract's path template for a concrete path. */
    static String templatePath(String path) {
        String p = path;
        if (p.matches("/v1/(face|image)/groups/(multi/search|multi/pts/search|search)")) {
            return p;
        }
        p = p.replaceFirst("^/v1/(face|image)/groups/[^/]+", "/v1/$1/groups/{group}");
        if (!p.matches("^/v1/face/group/feature(/upgrade)?$")) {
            p = p.replaceFirst("^/v1/face/group/[^/]+", "/v1/face/group/{group}");
        }
        p = p.replaceFirst("^/v1/image/group/[^/]+", "/v1/image/group/{group}");
        return p.replaceFirst("/feature/upgrade/[^/]+$", "/feature/upgrade/{version}");
    }
}
