package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.polyface.gateway.cli.Cli;
import io.polyface.gateway.cli.Main;
import io.polyface.gateway.internal.GatewayOptions;
import io.polyface.spi.dialect.DialectProvider;
import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.EngineProvider;
import io.polyface.spi.engine.FaceEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.UUID;

/**
 * What the gateway's tests share: the labelled photos, gateways and engines started as
 * configuration starts them, a gateway in a JVM of its own, and the HTTP calls many tests make.
 */
final class GatewayFixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path FACES = Path.of(System.getProperty("polyface.faces", "../../shared/faces"));
    /** The DM-AI dialect's API root. */
    static final String DMAI = "/dmai/api/v1/engine/recocomp";

    private GatewayFixtures() {
    }

    /**
     * The ids of the dialects on the class path, in the order the gateway lists them. Tests about
     * every dialect compare with this, so that a new plugin breaks none of them.
     */
    static List<String> dialectsFound() {
        return ServiceLoader.load(DialectProvider.class).stream().map(p -> p.get().id()).sorted().toList();
    }

    /** A labelled photo's bytes, by its path under the photo folder ({@code obama/facerec_obama.jpg}). */
    static byte[] photo(String file) throws IOException {
        return Files.readAllBytes(FACES.resolve(file));
    }

    /** A labelled photo as base64, as JSON APIs carry images. */
    static String base64Photo(String file) throws IOException {
        return Base64.getEncoder().encodeToString(photo(file));
    }

    /**
     * A started native-protocol backend (WireMock on a loopback port) whose every call fails with 503
     * "db down", for tests of a remote engine's retries and breaker; the caller stops it.
     */
    static WireMockServer startDownBackend() {
        WireMockServer backend = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        backend.start();
        backend.stubFor(WireMock.post(WireMock.anyUrl()).willReturn(WireMock.aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"type\":\"BackendUnavailable\",\"category\":\"EXTERNAL\",\"message\":\"db down\"}}")));
        return backend;
    }

    /** Options for a gateway on an ephemeral port with this data folder and configuration file. */
    static GatewayOptions options(Path data, Path config) {
        return new GatewayOptions(OptionalInt.of(0), Optional.of(data), Optional.of(config), Map.of());
    }

    /** Starts a gateway on an ephemeral port on this configuration, written to {@code polyface.yaml} in {@code data}. */
    static Gateway start(Path data, String yaml) throws IOException {
        return Gateway.start(options(data, Files.writeString(data.resolve("polyface.yaml"), yaml)));
    }

    /**
     * The configuration of engines and routing for a gateway whose one engine is an in-memory fake
     * ({@link FakeEngineProvider}), named with the prefix and a name no other test uses. It ends
     * inside {@code routing:}, so that more routing settings may follow it.
     */
    static String onlyAFakeEngine(String prefix) {
        String engine = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        return """
                engines:
                  local:
                    enabled: false
                  %s:
                    type: fake
                routing:
                  default-engine: %s
                """.formatted(engine, engine);
    }

    /** The settings that give the SenseTime dialect one account. */
    static Map<String, String> sensetimeAccount(String apiId, String apiSecret) {
        return Map.of("dialects.sensetime.accounts.0.api-id", apiId, "dialects.sensetime.accounts.0.api-secret", apiSecret);
    }

    /**
     * A SenseTime dialect with one account and room for a test's pace, whose every untrained
     * search is a task, so that a connector follows one.
     */
    static Map<String, String> untrainedSensetimeSearchesAreTasks(String apiId, String apiSecret) {
        Map<String, String> settings = new HashMap<>(sensetimeAccount(apiId, apiSecret));
        settings.put("dialects.sensetime.default-rate-limit", "1000q/10s");
        settings.put("dialects.sensetime.async.min-faces", "1");
        return settings;
    }

    /** An engine of {@code type: remote} with these settings (its connector, base URL and credentials), as configuration makes it. */
    static FaceEngine remoteEngine(String name, Map<String, String> settings, Path data) {
        EngineProvider remote = ServiceLoader.load(EngineProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals("remote")).findFirst().orElseThrow();
        return remote.create(new EngineContext(name, settings, data, Clock.systemUTC()));
    }

    /** POSTs a JSON body and reads the JSON answer, which must come with 200. */
    static JsonNode postJson(HttpClient http, URI uri, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** A SenseTime face detection of a photo, the account's credentials in the form as the dialect takes them. */
    static HttpResponse<String> sensetimeDetection(HttpClient http, URI base, String apiId, String apiSecret, String photo)
            throws IOException, InterruptedException {
        String boundary = "gateway-test-" + apiId;
        return http.send(HttpRequest.newBuilder(base.resolve("/sensetime/face/detection"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(sensetimeForm(boundary, apiId, apiSecret, "photo.jpg", photo(photo))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A multipart form with SenseTime's credentials and a JPEG image as {@code file}. */
    static byte[] sensetimeForm(String boundary, String apiId, String apiSecret, String filename, byte[] image) {
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : Map.of("api_id", apiId, "api_secret", apiSecret).entrySet()) {
            form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        form.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        form.writeBytes(image);
        form.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return form.toByteArray();
    }

    /**
     * Runs {@code polyface migrate} from the remote engine {@code from} (its settings beside {@code type:
     * remote} as YAML lines) into the local engine of the data folder {@code target}, with a checkpoint
     * in {@code work} and {@code flags} added; it must succeed. What it printed.
     */
    static String migrateToLocal(Path work, Path target, String from, String remoteSettings, String... flags) throws IOException {
        Path config = Files.writeString(work.resolve("migrate.yaml"), """
                engines:
                  local:
                    type: local
                  %s:
                    type: remote
                    timeout: 60s
                """.formatted(from) + remoteSettings.indent(4));
        List<String> command = new ArrayList<>(List.of("migrate", "--config", config.toString(), "--data", target.toString(),
                "--from", from, "--to", "local", "--checkpoint", work.resolve("checkpoint.json").toString()));
        command.addAll(List.of(flags));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        assertThat(Cli.run(command.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8), System.err))
                .as(output.toString(StandardCharsets.UTF_8)).isZero();
        return output.toString(StandardCharsets.UTF_8);
    }

    /** The command line of a gateway in a JVM of its own, with the flags and class path the tests run with. */
    static List<String> gatewayCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx1g"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        Optional.ofNullable(System.getProperty("java.util.logging.config.file"))
                .ifPresent(file -> command.add("-Djava.util.logging.config.file=" + file));
        // Surefire starts tests from a manifest-only jar, so java.class.path alone would name just that jar.
        String classpath = Optional.ofNullable(System.getProperty("surefire.test.class.path"))
                .filter(cp -> !cp.isBlank())
                .orElseGet(() -> System.getProperty("java.class.path"));
        command.addAll(List.of("-cp", classpath, Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
