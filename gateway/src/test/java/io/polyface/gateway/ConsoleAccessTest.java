package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.polyface.gateway.internal.GatewayOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code admin.token} set, the console's page is served to anyone (a browser cannot put a
 * bearer token on a page it navigates to, and the page holds no data) and every piece of data needs
 * the token, as every admin path does. In Chromium: the page says the token is needed, takes it,
 * keeps it for the tab and sends it as {@code Authorization: Bearer}. Without report directories the
 * panels say how to produce the reports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleAccessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "console-admin-token-of-some-length";
    private static final List<String> DATA = List.of("/admin/console/engines", "/admin/console/jobs", "/admin/console/traffic",
            "/admin/console/coverage", "/admin/console/calibration", "/admin/console/calibration/x.svg");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String engine = "fake-" + UUID.randomUUID().toString().substring(0, 6);
    private Gateway gateway;
    private URI base;

    @BeforeAll
    void start(@TempDir Path data) {
        gateway = Gateway.start(GatewayOptions.ephemeral(data).withOverrides(Map.of(
                "admin.token", TOKEN,
                "engines.local.enabled", "false",
                "engines." + engine + ".type", "fake",
                "routing.default-engine", engine)));
        base = gateway.baseUri();
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void thePageIsServedWithoutTheTokenAndItsDataOnlyWithIt() throws Exception {
        assertThat(get("/console", null).statusCode()).isEqualTo(200);
        assertThat(get("/console/assets/core.js", null).statusCode()).isEqualTo(200);
        for (String path : DATA) {
            assertThat(get(path, null).statusCode()).as(path + " without a token").isEqualTo(401);
            assertThat(get(path, "Bearer not-the-token-at-all-really").statusCode()).as(path + " with a wrong token").isEqualTo(401);
        }
        assertThat(post("/admin/console/faces?dialect=dmai").statusCode()).isEqualTo(401);
        assertThat(get("/admin/console/engines", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutReportDirectoriesThePanelsSayHowToProduceThem() throws Exception {
        var coverage = JSON.readTree(get("/admin/console/coverage", "Bearer " + TOKEN).body());
        assertThat(coverage.path("configured").asBoolean()).isFalse();
        assertThat(coverage.path("reports")).isEmpty();
        assertThat(coverage.path("hint").asText()).contains("console.coverage-dir", "conformance-tests/target/conformance-report",
                "./polyface conformance");
        var calibration = JSON.readTree(get("/admin/console/calibration", "Bearer " + TOKEN).body());
        assertThat(calibration.path("configured").asBoolean()).isFalse();
        assertThat(calibration.path("hint").asText()).contains("console.calibration-dir", "polyface calibrate --out");
        assertThat(get("/admin/console/calibration/x.svg", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
    }

    @Test
    void inChromiumThePageAsksForTheTokenAndSendsItAsBearer() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.start(1360, 1000)) {
            chromium.navigate(base + "/console/#coverage");
            chromium.waitFor("document.getElementById('auth').textContent === 'token needed'", Duration.ofSeconds(20));
            assertThat(chromium.evaluate("document.getElementById('banner').textContent").asText())
                    .contains("admin.token").contains("Paste admin.token above");
            // The traffic sample meets the 401 first; the coverage panel is drawn, and refused, after it.
            chromium.waitFor("document.getElementById('page-coverage').dataset.state === 'error'", Duration.ofSeconds(20));
            assertThat(chromium.evaluate("document.getElementById('page-coverage').dataset.state").asText()).isEqualTo("error");

            chromium.evaluate("document.getElementById('token-input').value = '" + TOKEN + "';"
                    + " document.getElementById('token-form').requestSubmit(); true");
            chromium.waitFor("document.getElementById('page-coverage').dataset.state === 'ready'", Duration.ofSeconds(20));

            assertThat(chromium.evaluate("document.getElementById('auth').textContent").asText()).isEqualTo("admin access");
            assertThat(chromium.evaluate("document.getElementById('banner').hidden").asBoolean()).isTrue();
            assertThat(chromium.evaluate("document.getElementById('coverage').textContent").asText())
                    .contains("console.coverage-dir").contains("./polyface conformance");
            assertThat(chromium.evaluate("sessionStorage.getItem('polyface.admin-token')").asText()).isEqualTo(TOKEN);
            assertThat(chromium.evaluate("localStorage.length").asInt()).as("nothing kept beyond the tab").isZero();
            assertThat(chromium.evaluate("document.getElementById('token-input').value").asText()).isEmpty();

            chromium.evaluate("document.getElementById('token-clear').click(); true");
            chromium.waitFor("document.getElementById('auth').textContent === 'token needed'", Duration.ofSeconds(20));
            assertThat(chromium.evaluate("sessionStorage.getItem('polyface.admin-token')").isNull()).isTrue();
        }
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
