package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.polyface.gateway.internal.GatewayOptions;
import io.polyface.gateway.internal.StartupException;
import io.polyface.protocol.NativeProtocol;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a gateway with the production defaults tells about itself over real HTTP: the index at
 * {@code /} and {@code /admin}, each contract as YAML and JSON (the same document), the /docs page
 * with every file it loads, and a journal that is off.
 */
class ServedContractsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    @RegisterExtension
    static final RunningGateway GATEWAY = new RunningGateway(Map.of("dialects.dmai.port", "0"));

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base = GATEWAY.base();

    @Test
    void theRootIndexNamesEveryDialectItsContractAndWhereTheRestIs() throws Exception {
        HttpResponse<String> answer = get(base, "/");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        JsonNode index = JSON.readTree(answer.body());

        assertThat(index.path("name").asText()).isEqualTo("Polyface");
        assertThat(index.path("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(index.path("dialects").findValuesAsText("id")).containsExactlyElementsOf(GatewayFixtures.dialectsFound());
        List<String> found = GatewayFixtures.dialectsFound();
        JsonNode dmai = index.path("dialects").get(found.indexOf("dmai"));
        assertThat(dmai.path("basePath").asText()).isEqualTo("/dmai");
        assertThat(dmai.path("port").asInt()).isEqualTo(GATEWAY.gateway().dialectPort("dmai").orElseThrow());
        assertThat(dmai.path("contract").path("yaml").asText()).isEqualTo("/dmai/openapi.yaml");
        assertThat(index.path("dialects").get(found.indexOf("facepass")).has("port")).as("FacePass has no port of its own").isFalse();
        assertThat(index.path("native").path("basePath").asText()).isEqualTo("/native/v1");
        assertThat(index.path("observe").path("health").asText()).isEqualTo("/observe/health");
        assertThat(index.path("admin").path("requests").asText()).isEqualTo("/admin/requests");

        List<String> linked = new ArrayList<>();
        for (JsonNode dialect : index.path("dialects")) {
            linked.add(dialect.path("contract").path("json").asText());
            linked.add(dialect.path("docs").asText());
        }
        linked.add(index.path("native").path("contract").path("yaml").asText());
        linked.add(index.path("docs").asText());
        linked.add(index.path("observe").path("health").asText());
        linked.add(index.path("admin").path("dialects").asText());
        for (String path : linked) {
            assertThat(get(base, path).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void theAdminIndexAddsTheJournalsState() throws Exception {
        JsonNode admin = JSON.readTree(get(base, "/admin").body());
        assertThat(admin.path("dialects")).hasSize(GatewayFixtures.dialectsFound().size());
        assertThat(admin.path("journal").path("enabled").asBoolean()).isFalse();
        assertThat(admin.path("journal").path("size").asInt()).isZero();

        JsonNode journal = JSON.readTree(get(base, "/admin/requests").body());
        assertThat(journal.path("enabled").asBoolean()).isFalse();
        assertThat(journal.path("hint").asText()).contains("journal.size");
        get(base, "/dmai/api/v1/engine/recocomp/version");
        assertThat(JSON.readTree(get(base, "/admin/requests").body()).path("requests")).isEmpty();
    }

    @Test
    void aPathOfNothingIsNotCalledAMalformedRequest() throws Exception {
        HttpResponse<String> answer = get(base, "/no/such/thing");
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("no such path").doesNotContain("malformed");
    }

    @Test
    void eachContractIsServedAsCommittedAndAsTheSameDocumentInJson() throws Exception {
        for (String id : List.of("dmai", "facepass", "qiniu", "sensetime")) {
            HttpResponse<byte[]> yaml = bytes(base, "/" + id + "/openapi.yaml");
            HttpResponse<byte[]> json = bytes(base, "/" + id + "/openapi.json");
            assertThat(yaml.statusCode()).as(id).isEqualTo(200);
            assertThat(yaml.headers().firstValue("Content-Type")).as(id).hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
            assertThat(json.headers().firstValue("Content-Type")).as(id).contains("application/json");
            assertThat(yaml.body()).as(id).isEqualTo(resource("contract/" + id + "-openapi.yaml"));
            JsonNode fromYaml = YAML.readTree(yaml.body());
            assertThat(JSON.readTree(json.body()).equals(fromYaml)).as(id + ": the JSON holds the YAML's document").isTrue();
            assertThat(fromYaml.path("openapi").asText()).startsWith("3.");
            assertThat(fromYaml.path("paths").size()).as(id).isPositive();
        }

        HttpResponse<byte[]> nativeJson = bytes(base, "/native/openapi.json");
        assertThat(nativeJson.body()).isEqualTo(resource(NativeProtocol.CONTRACT_RESOURCE));
        assertThat(YAML.readTree(bytes(base, "/native/openapi.yaml").body()).equals(JSON.readTree(nativeJson.body())))
                .as("native: the YAML holds the JSON's document").isTrue();
    }

    @Test
    void aDialectsOwnPortServesItsContractAtTheRoot() throws Exception {
        URI own = URI.create("http://127.0.0.1:" + GATEWAY.gateway().dialectPort("dmai").orElseThrow());
        assertThat(bytes(own, "/openapi.yaml").body()).isEqualTo(bytes(base, "/dmai/openapi.yaml").body());
        assertThat(bytes(own, "/openapi.json").body()).isEqualTo(bytes(base, "/dmai/openapi.json").body());
        assertThat(get(own, "/api/v1/engine/recocomp/version").statusCode()).as("the dialect still answers").isEqualTo(200);
    }

    @Test
    void theDocsPageAndEveryFileItLoadsAreServedFromTheGateway() throws Exception {
        HttpResponse<String> page = get(base, "/docs");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.body()).contains("/dmai/openapi.json", "/sensetime/openapi.json", "/native/openapi.json")
                .doesNotContain("{{CONTRACTS}}");

        Map<String, String> types = Map.of(".js", "text/javascript", ".css", "text/css", ".png", "image/png");
        Matcher reference = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.body());
        List<String> loaded = new ArrayList<>();
        while (reference.find()) {
            loaded.add(reference.group(1));
        }
        assertThat(loaded).allMatch(p -> p.startsWith("/docs/assets/"), "served by the gateway, no CDN")
                .contains("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css", "/docs/assets/polyface-docs.js");
        for (String asset : loaded) {
            HttpResponse<byte[]> file = bytes(base, asset);
            assertThat(file.statusCode()).as(asset).isEqualTo(200);
            assertThat(file.body().length).as(asset).isPositive();
            String type = types.get(asset.substring(asset.lastIndexOf('.')));
            assertThat(file.headers().firstValue("Content-Type")).as(asset).hasValueSatisfying(t -> assertThat(t).startsWith(type));
        }

        assertThat(get(base, "/docs/sensetime").body()).contains("\"primary\":\"sensetime: ");
        assertThat(get(base, "/docs/nothing").statusCode()).isEqualTo(404);
        assertThat(get(base, "/docs/assets/index.html").statusCode()).as("only the files the page needs").isEqualTo(404);
    }

    @Test
    void aJournalSizeOutOfRangeStopsStartUpNamingTheKey(@TempDir Path data) {
        assertThatThrownBy(() -> Gateway.start(GatewayOptions.ephemeral(data).withOverrides(Map.of("journal.size", "-1"))))
                .isInstanceOf(StartupException.class).hasMessageContaining("journal.size");
        assertThatThrownBy(() -> Gateway.start(GatewayOptions.ephemeral(data).withOverrides(Map.of("journal.size", "lots"))))
                .isInstanceOf(StartupException.class).hasMessageContaining("journal.size must be a whole number");
        assertThat(Gateway.config(GatewayOptions.defaults()).get("journal.size").asInt().get()).as("off in production").isZero();
    }

    private HttpResponse<String> get(URI server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.resolve(path)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<byte[]> bytes(URI server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = ServedContractsEndToEndTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
