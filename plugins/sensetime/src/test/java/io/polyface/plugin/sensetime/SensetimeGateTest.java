package io.polyface.plugin.sensetime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Authentication, expiry, permissions, rate limits and unknown paths: what every call passes. */
class SensetimeGateTest {

    @Test
    void withoutAccountsEveryCallIsUnauthorizedAndSaysWhy() {
        SensetimeHarness harness = new SensetimeHarness(Map.of());

        SensetimeHarness.Answer answer = harness.get("/info/api", Map.of());

        assertFailed(answer, 401, "UNAUTHORIZED");
        assertThat(answer.json().path("reason").asText()).contains("no account is configured");
    }

    @Test
    void missingOrWrongCredentialsAreUnauthorized() {
        SensetimeHarness harness = new SensetimeHarness();

        SensetimeHarness.Answer missing = harness.send("GET", "/info/api", Map.of("api_id", List.of("a1")), Map.of(), new byte[0]);
        SensetimeHarness.Answer wrong = harness.send("GET", "/info/api",
                Map.of("api_id", List.of("a1"), "api_secret", List.of("nope")), Map.of(), new byte[0]);
        SensetimeHarness.Answer unknown = harness.send("GET", "/info/api",
                Map.of("api_id", List.of("zz"), "api_secret", List.of("s3cret")), Map.of(), new byte[0]);

        assertThat(List.of(missing, wrong, unknown)).allSatisfy(a -> {
            assertFailed(a, 401, "UNAUTHORIZED");
            assertThat(a.headers()).containsKeys("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");
        });
        assertThat(wrong.json().path("reason").asText()).isEqualTo(unknown.json().path("reason").asText());
    }

    @Test
    void credentialsMayComeInTheBody() {
        SensetimeHarness harness = new SensetimeHarness();

        SensetimeHarness.Answer answer = harness.send("GET", "/info/api", Map.of(),
                Map.of("Content-Type", List.of("application/json")), "{\"api_id\":\"a1\",\"api_secret\":\"s3cret\"}".getBytes());

        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void anExpiredAccountIsKeyExpiredWithAReason() {
        SensetimeHarness harness = new SensetimeHarness(SensetimeHarness.accountSettings(
                Map.of("expiration-date", "2026-01-02T00:00:00+08:00")));

        assertThat(harness.get("/info/api", Map.of()).json().path("expiration_date").asText()).isEqualTo("2026-01-02T00:00:00+08:00");
        harness.clock.advance(Duration.ofHours(16));
        SensetimeHarness.Answer answer = harness.get("/info/api", Map.of());

        assertFailed(answer, 401, "KEY_EXPIRED");
        assertThat(answer.json().path("reason").asText()).contains("expired");
    }

    @Test
    void aDateAloneLastsToTheEndOfThatDay() {
        SensetimeHarness harness = new SensetimeHarness(SensetimeHarness.accountSettings(Map.of("expiration-date", "2026-01-01")));

        harness.clock.advance(Duration.ofHours(23));
        assertThat(harness.get("/info/api", Map.of()).status()).isEqualTo(200);
        harness.clock.advance(Duration.ofHours(1));
        assertThat(harness.get("/info/api", Map.of()).statusField()).isEqualTo("KEY_EXPIRED");
    }

    @Test
    void anApiOutsideThePermissionsIsNoPermission() {
        SensetimeHarness harness = new SensetimeHarness(SensetimeHarness.accountSettings(
                Map.of("permissions.0", "/info/*", "permissions.1", "/face/detection")));

        assertThat(harness.get("/info/list_persons", Map.of()).status()).isEqualTo(200);
        SensetimeHarness.Answer refused = harness.post("/person/create", Map.of("name", "x"));

        assertFailed(refused, 403, "NO_PERMISSION");
    }

    @Test
    void everyAnswerCarriesTheRateLimitAndFailedCallsCount() {
        SensetimeHarness harness = new SensetimeHarness(SensetimeHarness.accountSettings(Map.of("rate-limit", "3q/10s")));

        SensetimeHarness.Answer first = harness.get("/info/api", Map.of());
        SensetimeHarness.Answer failed = harness.get("/info/person", Map.of("person_id", "nope"));
        SensetimeHarness.Answer third = harness.get("/info/api", Map.of());
        SensetimeHarness.Answer fourth = harness.get("/info/api", Map.of());

        assertThat(first.headers()).containsEntry("X-RateLimit-Limit", "3").containsEntry("X-RateLimit-Remaining", "2")
                .containsEntry("X-RateLimit-Reset", "10");
        assertThat(failed.status()).isEqualTo(400);
        assertThat(failed.headers()).containsEntry("X-RateLimit-Remaining", "1");
        assertThat(third.headers()).containsEntry("X-RateLimit-Remaining", "0");
        assertFailed(fourth, 403, "RATE_LIMIT_EXCEEDED");
        assertThat(fourth.json().has("reason")).isFalse();
        assertThat(fourth.headers()).containsEntry("X-RateLimit-Remaining", "0");

        harness.clock.advance(Duration.ofSeconds(7));
        assertThat(harness.get("/info/api", Map.of()).headers()).containsEntry("X-RateLimit-Reset", "3");
        harness.clock.advance(Duration.ofSeconds(3));
        SensetimeHarness.Answer nextWindow = harness.get("/info/api", Map.of());
        assertThat(nextWindow.status()).isEqualTo(200);
        assertThat(nextWindow.headers()).containsEntry("X-RateLimit-Remaining", "2");
    }

    @Test
    void infoApiShowsLimitsAndUsage() {
        SensetimeHarness harness = new SensetimeHarness(SensetimeHarness.accountSettings(Map.of(
                "rate-limit", "50q/10s", "quota.groups", "10", "quota.persons", "80", "quota.facesets", "15",
                "quota.persons-per-group", "30", "quota.faces-per-person", "10", "quota.faces-per-faceset", "50")));
        harness.post("/person/create", Map.of("name", "p"));
        harness.post("/group/create", Map.of("name", "g"));

        SensetimeHarness.Answer answer = harness.get("/info/api", Map.of());

        assertThat(answer.json().path("rate_limit").asText()).isEqualTo("50q/10s");
        assertThat(answer.json().has("expiration_date")).isFalse();
        assertThat(answer.json().path("quota").toString()).isEqualTo(
                "{\"groups\":10,\"persons\":80,\"facesets\":15,\"persons_per_group\":30,\"faces_per_person\":10,\"faces_per_faceset\":50}");
        assertThat(answer.json().path("usage").toString()).isEqualTo("{\"groups\":1,\"persons\":1,\"facesets\":0}");
    }

    @Test
    void accountsAreSeparateTenants() {
        Map<String, String> settings = new HashMap<>(SensetimeHarness.accountSettings(Map.of()));
        settings.put("accounts.1.api-id", "b2");
        settings.put("accounts.1.api-secret", "other");
        SensetimeHarness harness = new SensetimeHarness(settings);
        harness.post("/person/create", Map.of("name", "p"));

        SensetimeHarness.Answer other = harness.send("GET", "/info/list_persons",
                Map.of("api_id", List.of("b2"), "api_secret", List.of("other")), Map.of(), new byte[0]);

        assertThat(other.json().path("persons").size()).isZero();
        assertThat(harness.get("/info/list_persons", Map.of()).json().path("persons").size()).isEqualTo(1);
    }

    @Test
    void anUnknownPathIsNotFoundWithHeaders() {
        SensetimeHarness harness = new SensetimeHarness();

        SensetimeHarness.Answer answer = harness.get("/info/nothing", Map.of());
        SensetimeHarness.Answer wrongMethod = harness.get("/person/create", Map.of("name", "x"));

        assertFailed(answer, 404, "NOT_FOUND");
        assertThat(answer.headers()).containsKey("X-RateLimit-Remaining");
        assertThat(wrongMethod.status()).isEqualTo(404);
    }

    @Test
    void aBodyOverTheGatewayLimitIs413() {
        SensetimeHarness harness = new SensetimeHarness();
        var operation = harness.dialect.operations().stream().filter(o -> o.pathTemplate().equals("/face/detection")).findFirst().orElseThrow();

        var response = harness.dialect.renderError(new io.polyface.spi.FaceException.ImageTooLarge(32 << 20), operation);

        assertThat(response.status()).isEqualTo(413);
        assertThat(new String(response.body())).contains("IMAGE_FILE_SIZE_TOO_BIG");
    }

    @Test
    void duplicateAccountIdsFailAtStartUp() {
        Map<String, String> settings = new HashMap<>(SensetimeHarness.accountSettings(Map.of()));
        settings.put("accounts.1.api-id", SensetimeHarness.ID);
        settings.put("accounts.1.api-secret", "x");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SensetimeHarness(settings))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }

    @Test
    void anUnquotedYamlTimestampIsReadToo() {
        SensetimeHarness harness = new SensetimeHarness(SensetimeHarness.accountSettings(
                Map.of("expiration-date", "Tue Dec 31 16:00:00 UTC 2019")));

        assertThat(harness.get("/info/api", Map.of()).statusField()).isEqualTo("KEY_EXPIRED");
    }

    /** The call was answered with this failure: its HTTP status and SenseTime status. */
    private static void assertFailed(SensetimeHarness.Answer answer, int httpStatus, String status) {
        assertThat(answer.status()).isEqualTo(httpStatus);
        assertThat(answer.statusField()).isEqualTo(status);
    }
}
