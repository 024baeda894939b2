package com.example.faces;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qiniu.http.Headers;
import com.qiniu.util.Auth;
import io.polyface.junit.PolyfaceServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A Qiniu face-search client as an application writes one: JSON over HTTP, every request signed by
 * Qiniu's official SDK ({@code Auth.qiniuAuthorization}), pointed at the emulator's base URL.
 */
final class QiniuClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: HTTP status and JSON body. */
    record Answer(int status, JsonNode body) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    private final Auth auth;

    QiniuClient(String baseUrl, PolyfaceServer.QiniuKey key) {
        this.baseUrl = baseUrl;
        this.auth = Auth.create(key.accessKey(), key.secretKey());
    }

    Answer post(String path, String json) {
        return send("POST", path, json);
    }

    Answer get(String path) {
        return send("GET", path, "");
    }

    private Answer send(String method, String path, String json) {
        URI uri = URI.create(baseUrl + path);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Headers.Builder signed = new Headers.Builder();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, json.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (!json.isEmpty()) {
            signed.set("Content-Type", "application/json");
            request.header("Content-Type", "application/json");
        }
        Headers authorization = auth.qiniuAuthorization(uri.toString(), method, json.isEmpty() ? null : body, signed.build());
        for (String name : authorization.names()) {
            if (!name.equalsIgnoreCase("Content-Type")) {
                request.header(name, authorization.get(name));
            }
        }
        try {
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(answer.statusCode(), answer.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(answer.body()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
