package io.polyface.plugin.sensetime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every free-text parameter has a length limit, enforced with the document's INVALID_ARGUMENT, and
 * a reason quotes at most a short prefix of what the client sent.
 */
class SensetimeLimitsTest {
    private static final String FIVE_MB = "n".repeat(5 << 20);

    private final SensetimeHarness harness = new SensetimeHarness();

    private static void assertTooLong(SensetimeHarness.Answer answer, String argument, int limit) {
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.statusField()).isEqualTo("INVALID_ARGUMENT");
        assertThat(answer.json().path("reason").asText()).isEqualTo("argument '" + argument + "': longer than " + limit + " characters");
    }

    @Test
    void aFiveMegabyteNameIsRefusedAndNothingIsStored() {
        assertTooLong(harness.post("/person/create", Map.of("name", FIVE_MB)), "name", 256);
        assertTooLong(harness.form("/group/create", Map.of("name", FIVE_MB)), "name", 256);
        assertTooLong(harness.send("POST", "/faceset/create", Map.of("api_id", List.of(SensetimeHarness.ID),
                "api_secret", List.of(SensetimeHarness.SECRET), "name", List.of(FIVE_MB)), Map.of(), new byte[0]), "name", 256);

        assertThat(harness.get("/info/list_persons", Map.of()).json().path("persons")).isEmpty();
        assertThat(harness.get("/info/list_groups", Map.of()).json().path("groups")).isEmpty();
        assertThat(harness.get("/info/list_facesets", Map.of()).json().path("facesets")).isEmpty();
    }

    @Test
    void namesAndUserDataUpToTheirLimitsAreKept() {
        // Characters, not UTF-16 units: 256 characters outside the BMP are a name of 256.
        String name = "\uD83D\uDE00".repeat(256);
        String userData = "u".repeat(4096);
        String person = harness.post("/person/create", Map.of("name", name, "user_data", userData)).json().path("person_id").asText();

        assertThat(harness.get("/info/person", Map.of("person_id", person)).json().path("name").asText()).isEqualTo(name);
        assertTooLong(harness.post("/person/create", Map.of("name", "x".repeat(257))), "name", 256);
        assertTooLong(harness.post("/person/create", Map.of("name", "x", "user_data", "u".repeat(4097))), "user_data", 4096);
        assertTooLong(harness.post("/person/change", Map.of("person_id", person, "name", "x".repeat(257))), "name", 256);
        assertThat(harness.get("/info/person", Map.of("person_id", person)).json().path("name").asText()).isEqualTo(name);
    }

    @Test
    void idsAreBoundedEvenInsideArrays() {
        assertTooLong(harness.get("/info/face", Map.of("face_id", FIVE_MB)), "face_id", 256);
        assertTooLong(harness.post("/person/create", Map.of("name", "x", "face_id", List.of("f".repeat(32), FIVE_MB))), "face_id", 256);
        assertTooLong(harness.form("/person/create", Map.of("name", "x", "face_id", "f".repeat(32) + "," + "f".repeat(257))), "face_id", 256);
    }

    @Test
    void aReasonQuotesAtMostSixtyFourCharactersOfAnId() {
        String id = "z".repeat(200);

        SensetimeHarness.Answer answer = harness.post("/person/create", Map.of("name", "x", "face_id", List.of(id)));

        assertThat(answer.statusField()).isEqualTo("INVALID_FACE");
        assertThat(answer.json().path("reason").asText()).isEqualTo("face_id " + "z".repeat(64) + "... is invalid or expired");
    }

    @Test
    void aParameterNameOrContentTypeIsQuotedShort() {
        String key = "k".repeat(10_000);
        byte[] body = ("{\"name\":\"x\",\"" + key + "\":{\"nested\":1}}").getBytes(StandardCharsets.UTF_8);
        SensetimeHarness.Answer nested = harness.send("POST", "/person/create", Map.of("api_id", List.of(SensetimeHarness.ID),
                "api_secret", List.of(SensetimeHarness.SECRET)), Map.of("Content-Type", List.of("application/json")), body);
        SensetimeHarness.Answer type = harness.send("POST", "/person/create", Map.of("api_id", List.of(SensetimeHarness.ID),
                "api_secret", List.of(SensetimeHarness.SECRET)), Map.of("Content-Type", List.of("text/" + key)), new byte[] {'x'});

        assertThat(nested.statusField()).isEqualTo("INVALID_ARGUMENT");
        assertThat(nested.json().path("reason").asText()).isEqualTo("argument '" + "k".repeat(64) + "...': must be a string, a number or a boolean");
        assertThat(type.statusField()).isEqualTo("INVALID_ARGUMENT");
        assertThat(type.json().path("reason").asText()).hasSizeLessThan(200);
    }
}
