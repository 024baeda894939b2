package com.example.faces;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.polyface.junit.PolyfaceServer;
import io.polyface.junit.PolyfaceTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** FacePass with nothing but java.net.http: enrol a face, put it in a group, recognise a new photo. */
@PolyfaceTest(dialects = "facepass")
class FacepassRecognizeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aFaceBoundToAGroupIsRecognised(PolyfaceServer polyface) throws Exception {
        String facepass = polyface.baseUrl("facepass");
        JsonNode added = form(facepass + "/api/face/v1/add", "image", Photos.bytes(Photos.ANGELINA), new String[0]);
        assertThat(added.path("code").asInt()).as(added.toString()).isZero();
        String token = added.at("/data/face_token").asText();
        assertThat(json(facepass + "/api/group/v1/create", "{\"group_name\":\"lobby\"}").path("code").asInt()).isZero();
        assertThat(json(facepass + "/api/group/v1/bind", "{\"group_name\":\"lobby\",\"face_token\":\"" + token + "\"}")
                .path("code").asInt()).isZero();

        JsonNode recognised = form(facepass + "/api/service/recognize/v1/", "image_1", Photos.bytes(Photos.ANGELINA_PROBE),
                new String[] {"group_name", "lobby", "face_data", "{\"faces\":[{\"track_id\":1}]}"});

        assertThat(recognised.path("code").asInt()).as(recognised.toString()).isZero();
        JsonNode result = recognised.at("/data/results/0");
        assertThat(result.path("recognized").asBoolean()).isTrue();
        assertThat(result.path("face_token").asText()).isEqualTo(token);
        assertThat(result.path("score").asDouble()).isGreaterThanOrEqualTo(78);
    }

    private JsonNode json(String url, String body) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body());
    }

    /** A multipart form with one image and text fields given as name, value, name, value... */
    private JsonNode form(String url, String imageField, byte[] image, String[] fields) throws Exception {
        String boundary = "sample-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < fields.length; i += 2) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
                    + fields[i + 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + imageField
                + "\"; filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(image);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body());
    }
}
