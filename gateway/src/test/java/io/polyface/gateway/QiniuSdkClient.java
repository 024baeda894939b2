package io.polyface.gateway;

import static io.polyface.gateway.GatewayFixtures.FACES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.qiniu.http.Headers;
import com.qiniu.util.Auth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;

/**
 * A Qiniu client for the gateway's end-to-end tests: requests signed by Qiniu's official Java SDK
 * (with the X-Qiniu-Date header it adds), as Qiniu's own users send them, and the labelled photos
 * as data URIs.
 */
final class QiniuSdkClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String accessKey;
    private final String secretKey;

    QiniuSdkClient(String accessKey, String secretKey) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** A request signed by the SDK. */
    HttpResponse<String> send(URI base, String method, String path, String body) throws Exception {
        return send(base, method, path, body, true);
    }

    /** The same request without a signature. */
    HttpResponse<String> unsigned(URI base, String method, String path, String body) throws Exception {
        return send(base, method, path, body, false);
    }

    /** A request whose body was changed after the SDK signed it. */
    HttpResponse<String> tampered(URI base, String path, String signedBody, String sentBody) throws Exception {
        URI uri = base.resolve(path);
        Headers headers = Auth.create(accessKey, secretKey).qiniuAuthorization(uri.toString(), "POST",
                signedBody.getBytes(StandardCharsets.UTF_8), new Headers.Builder().set("Content-Type", "application/json").build());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(sentBody));
        for (String name : headers.names()) {
            request.header(name, headers.get(name));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Adds one photo to a face group and checks it was taken under its id. */
    void enrol(URI base, String group, String id, String tag, String photo) throws Exception {
        HttpResponse<String> added = send(base, "POST", "/qiniu/v1/face/groups/" + group + "/add",
                "{\"image\":{\"id\":\"" + id + "\",\"tag\":\"" + tag + "\",\"uri\":\"" + dataUri(photo) + "\"}}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(JSON.readTree(added.body()).path("id").asText()).isEqualTo(id);
    }

    /**
     * Searches a face group with one photo at the document's threshold for photos (without one,
     * Qiniu's server answers every face of the group); the answer must be a 200.
     */
    JsonNode search(URI base, String group, String photo) throws Exception {
        HttpResponse<String> found = send(base, "POST", "/qiniu/v1/face/groups/" + group + "/search",
                "{\"images\":[\"" + dataUri(photo) + "\"],\"threshold\":0.45}");
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        return JSON.readTree(found.body());
    }

    /**
     * What the connector end-to-end tests ask of a gateway serving Qiniu from another one: a group
     * "stars" is created (a second create is 409), two photos of one person and one of another are
     * enrolled, each is found by a new photo with a high score, a stranger matches no one, and the
     * group lists the three.
     */
    void enrolAndFindTheStars(URI base) throws Exception {
        assertThat(send(base, "POST", "/qiniu/v1/face/groups/stars", "{\"config\":{\"capacity\":100}}").statusCode())
                .isEqualTo(200);
        assertThat(send(base, "POST", "/qiniu/v1/face/groups/stars", "{}").statusCode()).isEqualTo(409);
        enrol(base, "stars", "angelina-1", "angelina", "angelina/deepface_img5.jpg");
        enrol(base, "stars", "angelina-2", "angelina", "angelina/deepface_img11.jpg");
        enrol(base, "stars", "scarlett-1", "scarlett", "scarlett/deepface_img50.jpg");

        JsonNode best = search(base, "stars", "angelina/deepface_img10.jpg").at("/search_results/0/faces/0/faces/0");
        assertThat(best.path("tag").asText()).isEqualTo("angelina");
        assertThat(best.path("id").asText()).startsWith("angelina-");
        assertThat(best.path("score").asDouble()).isGreaterThan(0.7);

        JsonNode scarlett = search(base, "stars", "scarlett/deepface_img51.jpg");
        assertThat(scarlett.at("/search_results/0/faces/0/faces/0/id").asText()).isEqualTo("scarlett-1");

        JsonNode stranger = search(base, "stars", "jennifer/deepface_img12.jpg");
        assertThat(stranger.at("/search_results/0/faces").size()).as("the stranger's face is found").isEqualTo(1);
        assertThat(stranger.at("/search_results/0/faces/0/faces").size()).as("and matches no one").isZero();

        JsonNode listed = JSON.readTree(send(base, "GET", "/qiniu/v1/face/groups/stars/images", "").body());
        assertThat(listed.path("images").findValuesAsText("id")).containsExactlyInAnyOrder("angelina-1", "angelina-2", "scarlett-1");
        assertThat(send(base, "GET", "/qiniu/v1/face/groups", "").body()).contains("stars");
    }

    /** Deletes one face of a group; the answer must be a 200. */
    void delete(URI base, String group, String id) throws Exception {
        assertThat(send(base, "POST", "/qiniu/v1/face/groups/" + group + "/delete", "{\"ids\":[\"" + id + "\"]}")
                .statusCode()).isEqualTo(200);
    }

    /**
     * After "scarlett-1" was deleted: she is found no more, and searching an unknown group is Qiniu's
     * 500 "failed to search face", as its own server answers it.
     */
    void missTheDeletedStar(URI base) throws Exception {
        assertThat(search(base, "stars", "scarlett/deepface_img51.jpg").at("/search_results/0/faces/0/faces").size()).isZero();
        HttpResponse<String> nowhere = send(base, "POST", "/qiniu/v1/face/groups/nowhere/search",
                "{\"images\":[\"" + dataUri("angelina/deepface_img10.jpg") + "\"]}");
        assertThat(nowhere.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(nowhere.body()).path("error").asText()).isEqualTo("failed to search face");
    }

    static String dataUri(String file) throws Exception {
        return "data:application/octet-stream;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(FACES.resolve(file)));
    }

    private HttpResponse<String> send(URI base, String method, String path, String body, boolean signed) throws Exception {
        URI uri = base.resolve(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        Headers.Builder given = new Headers.Builder();
        if (!body.isEmpty()) {
            request.header("Content-Type", "application/json");
            given.set("Content-Type", "application/json");
        }
        if (signed) {
            Headers headers = Auth.create(accessKey, secretKey).qiniuAuthorization(uri.toString(), method,
                    body.isEmpty() ? null : body.getBytes(StandardCharsets.UTF_8), given.build());
            for (String name : headers.names()) {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    request.header(name, headers.get(name));
                }
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
