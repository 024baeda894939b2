package io.polyface.plugin.facepass;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.plugin.facepass.FacepassFixture.Answer;
import io.polyface.plugin.facepass.FacepassFixture.Multipart;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every text field has a length limit, enforced with the document's ILLEGAL_ARGUMENT (104001, HTTP
 * 400) before anything is stored, and a message quotes at most a short prefix of what the client
 * sent, within the document's 1024 characters.
 */
class FacepassLimitsTest {
    private static final String FIVE_MB = "m".repeat(5 << 20);
    private static final String GRIN = "\uD83D\uDE00";
    private static final String ONE_TRACK = "{\"faces\":[{\"track_id\":1}]";

    private final FacepassFixture fixture = new FacepassFixture();

    private static void assertIllegal(Answer answer, String field) {
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.code()).isEqualTo(104001);
        assertThat(answer.message()).isEqualTo("ILLEGAL_ARGUMENT: " + field);
    }

    private Answer sync(String searchModel, String version) {
        return fixture.send("POST", "/api/service/sync/v1", Map.of(), Map.of(),
                ("{\"info\":{\"search_model\":\"" + searchModel + "\",\"version\":\"" + version + "\"},\"groups\":[]}")
                        .getBytes(StandardCharsets.UTF_8), Optional.of("10.0.0.1"));
    }

    private Answer recognize(String faceData) {
        return fixture.multipart("/api/service/recognize/v1/", new Multipart().field("group_name", "door_1").field("face_data", faceData));
    }

    /** face_data of exactly {@code chars} characters, one track, padded with characters outside the BMP. */
    private static String faceData(int chars) {
        String head = ONE_TRACK + ",\"pad\":\"";
        String tail = "\"}";
        return head + GRIN.repeat(chars - head.length() - tail.length()) + tail;
    }

    @Test
    void fiveMegabyteValuesAreRefusedAndNothingIsStored() {
        assertIllegal(fixture.json("/api/group/v1/create", "{\"group_name\":\"" + FIVE_MB + "\"}"), "group_name");
        assertIllegal(sync(FIVE_MB, "v1"), "search_model");
        assertIllegal(sync("m", FIVE_MB), "version");
        fixture.json("/api/group/v1/create", "{\"group_name\":\"door_1\"}");
        assertIllegal(recognize(FIVE_MB), "face_data");

        assertThat(fixture.get("/api/group/v1/list", Map.of()).data().path("groups")).hasSize(1);
        assertThat(fixture.get("/api/service/sync/v1/status", Map.of()).data().path("devices")).isEmpty();
    }

    @Test
    void syncKeepsADevicesTextsUpToTheLimitAndRefusesOneMore() {
        // Characters, not UTF-16 units: 256 characters outside the BMP are a text of 256.
        String longest = GRIN.repeat(256);

        assertThat(sync(longest, longest).status()).isEqualTo(200);
        assertIllegal(sync("m".repeat(257), "v1"), "search_model");
        assertIllegal(sync("m", "v".repeat(257)), "version");

        var devices = fixture.get("/api/service/sync/v1/status", Map.of()).data().path("devices");
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0).path("version").asText()).isEqualTo(longest);
        assertThat(devices.get(0).path("sync_status").path("info").path("search_model").asText()).isEqualTo(longest);
    }

    @Test
    void faceDataUpToTheLimitIsReadAndOneMoreCharacterIsRefused() {
        fixture.json("/api/group/v1/create", "{\"group_name\":\"door_1\"}");

        // Read, so the next thing missing is the track's image.
        assertThat(recognize(faceData(FacepassLimits.FACE_DATA_CHARS)).message()).isEqualTo("MISSING_ARGUMENT: image_1");
        assertIllegal(recognize(faceData(FacepassLimits.FACE_DATA_CHARS + 1)), "face_data");
    }

    @Test
    void aStrayPartNameIsQuotedShort() {
        fixture.json("/api/group/v1/create", "{\"group_name\":\"door_1\"}");
        // As long as a part header may be (FacepassForm.MAX_HEADER_BYTES).
        String stray = "image_" + "9".repeat(5_000);

        Answer answer = fixture.multipart("/api/service/recognize/v1/", new Multipart().field("group_name", "door_1")
                .field("face_data", ONE_TRACK + "}").file("image_1", "a.jpg", new byte[] {1}).file(stray, "b.jpg", new byte[] {1}));

        assertIllegal(answer, "image_" + "9".repeat(58) + "...");
    }

    @Test
    void aMessageStaysWithinTheDocuments1024Characters() {
        fixture.json("/api/group/v1/create", "{\"group_name\":\"door_1\"}");
        Multipart form = new Multipart().field("group_name", "door_1").field("face_data", ONE_TRACK + "}")
                .file("image_1", "a.jpg", new byte[] {1});
        for (int i = 0; i < 100; i++) {
            form.file("image_" + i + "x".repeat(80), "b.jpg", new byte[] {1});
        }

        Answer answer = fixture.multipart("/api/service/recognize/v1/", form);

        assertThat(answer.code()).isEqualTo(104001);
        assertThat(answer.message()).hasSize(FacepassLimits.MESSAGE_CHARS).startsWith("ILLEGAL_ARGUMENT: image_0x").endsWith("...");
    }
}
