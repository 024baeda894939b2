package io.polyface.reliability;

import static java.util.Objects.requireNonNull;

import io.polyface.reliability.fuzz.Dialect;
import io.polyface.reliability.fuzz.FuzzRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secrets of a gateway the suite starts, made fresh for each run: a Qiniu key the suite signs
 * with, a SenseTime account, the native protocol's token. It writes them into the gateway's
 * configuration and puts them on each request, as each dialect's clients do.
 */
public record Credentials(String qiniuAccessKey, String qiniuSecretKey, String sensetimeId, String sensetimeSecret, String nativeToken) {
    public Credentials {
        requireNonNull(qiniuAccessKey, "qiniuAccessKey is null");
        requireNonNull(qiniuSecretKey, "qiniuSecretKey is null");
        requireNonNull(sensetimeId, "sensetimeId is null");
        requireNonNull(sensetimeSecret, "sensetimeSecret is null");
        requireNonNull(nativeToken, "nativeToken is null");
    }

    @Override
    public String toString() {
        return "Credentials[" + qiniuAccessKey + ", " + sensetimeId + "]";
    }

    public static Credentials fresh() {
        SecureRandom random = new SecureRandom();
        return new Credentials("reliability-ak", secret(random), "reliability", secret(random), secret(random));
    }

    private static String secret(SecureRandom random) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The configuration that serves every dialect found on the class path with these secrets:
     * generous SenseTime limits and quotas (a fuzzer is not a rate-limit test) and the native
     * protocol on.
     */
    public String configYaml() {
        return """
                server:
                  host: 127.0.0.1
                dialects:
                  qiniu:
                    keys:
                      - {access-key: %s, secret-key: %s}
                  sensetime:
                    anonymous-rate-limit: 1000000q/10s
                    accounts:
                      - api-id: %s
                        api-secret: %s
                        rate-limit: 1000000q/10s
                        quota: {groups: 100000, persons: 100000, facesets: 100000, persons-per-group: 100000, faces-per-person: 1000, faces-per-faceset: 100000}
                native:
                  token: %s
                routing:
                  reload: false
                """.formatted(qiniuAccessKey, qiniuSecretKey, sensetimeId, sensetimeSecret, nativeToken);
    }

    /** Writes {@link #configYaml()} to {@code polyface.yaml} in {@code directory}, made if need be: that file. */
    public Path writeConfig(Path directory) {
        try {
            Files.createDirectories(directory);
            return Files.writeString(directory.resolve("polyface.yaml"), configYaml());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A request's wire bytes, authenticated as the dialect's clients do: Qiniu's signature, the
     * SenseTime account in the query string, the native protocol's bearer token.
     */
    public byte[] wire(Dialect dialect, FuzzRequest request, InetSocketAddress address) {
        FuzzRequest.Encoded body = request.encode();
        List<FuzzRequest.Field> query = new ArrayList<>();
        if (dialect.equals(Dialect.SENSETIME)) {
            query.add(new FuzzRequest.Field("api_id", sensetimeId));
            query.add(new FuzzRequest.Field("api_secret", sensetimeSecret));
        }
        query.addAll(request.query());
        String target = dialect.prefix() + request.withQuery(query, request.mutation()).target();
        Map<String, String> headers = new LinkedHashMap<>();
        body.contentType().ifPresent(type -> headers.put("Content-Type", type));
        if (dialect.equals(Dialect.QINIU)) {
            headers.put("Authorization", "Qiniu " + qiniuSignature(request.method(), target, address, body));
        } else if (dialect.equals(Dialect.NATIVE)) {
            headers.put("Authorization", "Bearer " + nativeToken);
        }
        return RawHttp.request(request.method(), target, address, headers, body.bytes());
    }

    /**
     * Qiniu's {@code AK:urlsafe-base64(hmac-sha1)} over the method, path and query, Host,
     * Content-Type and, unless the body is a file, the body (the SDKs' signature).
     */
    String qiniuSignature(String method, String target, InetSocketAddress address, FuzzRequest.Encoded body) {
        StringBuilder data = new StringBuilder(method).append(' ').append(target)
                .append("\nHost: ").append(RawHttp.hostHeader(address));
        body.contentType().ifPresent(type -> data.append("\nContent-Type: ").append(type));
        data.append("\n\n");
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(qiniuSecretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            mac.update(data.toString().getBytes(StandardCharsets.UTF_8));
            if (body.bytes().length > 0 && body.contentType().filter(t -> !t.equals("application/octet-stream")).isPresent()) {
                mac.update(body.bytes());
            }
            return qiniuAccessKey + ":" + Base64.getUrlEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
