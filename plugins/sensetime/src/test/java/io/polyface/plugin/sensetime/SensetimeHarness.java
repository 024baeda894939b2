package io.polyface.plugin.sensetime;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.engine.testing.InMemoryFaceEngine;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import io.polyface.toolkit.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A SenseTime dialect on an {@link InMemoryFaceEngine} that reads {@link TestImages}, a clock the test moves, and URLs the test serves:
 * requests go straight to the operations, no server in between.
 */
final class SensetimeHarness {
    static final String ID = "a1";
    static final String SECRET = "s3cret";

    final InMemoryFaceEngine engine = InMemoryFaceEngine.create();
    final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final Map<String, byte[]> urls = new ConcurrentHashMap<>();
    final SensetimeDialect dialect;

    /** A response with its parsed body. */
    record Answer(int status, Map<String, String> headers, JsonNode json) {
        String statusField() {
            return json.path("status").asText();
        }
    }

    SensetimeHarness(Map<String, String> settings) {
        this.dialect = new SensetimeDialect(new DialectContext((dialect, tenant, collection) -> engine, settings, "default", clock,
                (url, timeout) -> {
                    byte[] body = urls.get(url);
                    if (body == null) {
                        throw new FaceException.DownloadFailed("not served", FaceException.DownloadFailed.Reason.HTTP_STATUS, null);
                    }
                    if (body.length == 0) {
                        throw new FaceException.DownloadFailed("slow", FaceException.DownloadFailed.Reason.TIMEOUT, null);
                    }
                    return body;
                }));
    }

    SensetimeHarness() {
        this(accountSettings(Map.of()));
    }

    /** One account {@value #ID}/{@value #SECRET}, with further settings of account 0. */
    static Map<String, String> accountSettings(Map<String, String> more) {
        Map<String, String> settings = new HashMap<>();
        settings.put("accounts.0.api-id", ID);
        settings.put("accounts.0.api-secret", SECRET);
        settings.put("accounts.0.rate-limit", "1000q/10s");
        more.forEach((k, v) -> settings.put("accounts.0." + k, v));
        return settings;
    }

    Answer send(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers, byte[] body) {
        DialectRequest request = new DialectRequest(method, path, Map.of(), query, headers, body);
        DialectResponse response = dialect.operations().stream()
                .filter(o -> o.pathTemplate().equals(path) && o.methods().contains(method))
                .findFirst()
                .map(Operation::handler)
                .map(h -> h.handle(request))
                .orElseGet(() -> dialect.renderUnknownPath(request));
        try {
            return new Answer(response.status(), response.headers(), Json.STRICT.readTree(response.body()));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(response.body(), StandardCharsets.UTF_8), e);
        }
    }

    /** A GET with every parameter in the query string, credentials included. */
    Answer get(String path, Map<String, String> params) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("api_id", List.of(ID));
        query.put("api_secret", List.of(SECRET));
        params.forEach((k, v) -> query.put(k, List.of(v)));
        return send("GET", path, query, Map.of(), new byte[0]);
    }

    /** A POST with credentials in the query string and the parameters as a JSON body. */
    Answer post(String path, Map<String, ?> body) {
        try {
            return send("POST", path, credentials(), Map.of("Content-Type", List.of("application/json")),
                    Json.PLAIN.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A POST of a form body. */
    Answer form(String path, Map<String, String> fields) {
        StringBuilder form = new StringBuilder();
        fields.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send("POST", path, credentials(), Map.of("Content-Type", List.of("application/x-www-form-urlencoded")),
                form.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A multipart upload of {@code file} with text fields. */
    Answer upload(String path, byte[] file, Map<String, String> fields) {
        String boundary = "XyZ123boundary";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((k, v) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send("POST", path, credentials(), Map.of("Content-Type", List.of("multipart/form-data; boundary=" + boundary)),
                out.toByteArray());
    }

    private static Map<String, List<String>> credentials() {
        return Map.of("api_id", List.of(ID), "api_secret", List.of(SECRET));
    }

    /** Detects the single face of a test picture and returns its face_id. */
    String face(java.awt.Color person) {
        Answer answer = upload("/face/detection", TestImages.png(person), Map.of());
        if (answer.status() != 200 || answer.json().path("faces").size() != 1) {
            throw new AssertionError("detection failed: " + answer);
        }
        return answer.json().path("faces").get(0).path("face_id").asText();
    }

    String person(String name, String... faceIds) {
        Answer answer = post("/person/create", Map.of("name", name, "face_id", List.of(faceIds)));
        if (answer.status() != 200) {
            throw new AssertionError("person/create failed: " + answer);
        }
        return answer.json().path("person_id").asText();
    }

    /** Creates a faceset of the faces, if any, and returns its id. */
    String faceset(String name, String... faceIds) {
        return created("/faceset/create", name, "face_id", faceIds, "faceset_id");
    }

    /** Creates a group of the persons, if any, and returns its id. */
    String group(String name, String... personIds) {
        return created("/group/create", name, "person_id", personIds, "group_id");
    }

    private String created(String path, String name, String membersKey, String[] members, String idKey) {
        Answer answer = post(path, members.length == 0 ? Map.of("name", name) : Map.of("name", name, membersKey, List.of(members)));
        if (answer.status() != 200) {
            throw new AssertionError(path + " failed: " + answer);
        }
        return answer.json().path(idKey).asText();
    }

    /** Polls /info/task until the task ends; the clock does not move. */
    Answer awaitTask(String taskId) {
        for (int i = 0; i < 500; i++) {
            Answer task = get("/info/task", Map.of("task_id", taskId));
            String status = task.json().path("task_status").asText();
            if (status.equals("done") || status.equals("failed")) {
                return task;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("task " + taskId + " did not end");
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static Optional<String> header(Answer answer, String name) {
        return Optional.ofNullable(answer.headers().get(name));
    }
}
