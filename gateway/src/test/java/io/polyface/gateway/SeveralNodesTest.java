package io.polyface.gateway;

import static java.util.Objects.requireNonNull;
import static io.polyface.gateway.GatewayFixtures.base64Photo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway processes on one database: node 1 serves its embedded MongoDB on a fixed port, node 2
 * uses it through {@code mongodb-uri}. Each node's writes are visible through the other at once,
 * with no retries: every search reads the collection's version counter and rebuilds an index that
 * is behind, and every other read goes to MongoDB (README, "Several nodes").
 */
class SeveralNodesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/dmai/api/v1/engine/recocomp";
    private static final Pattern LISTENING = Pattern.compile("Polyface listening on (http://\\S+)");
    /** How long a node may take to start (the models load); a bound on waiting, not an assertion. */
    private static final Duration START_LIMIT = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Node> nodes = new ArrayList<>();

    @TempDir
    Path work;

    @AfterEach
    void stopNodes() throws InterruptedException {
        // The client node first, then the one that owns the database.
        for (Node node : nodes.reversed()) {
            node.stop();
        }
    }

    @Test
    void aFaceEnrolledThroughOneNodeIsFoundAndDeletedThroughTheOther() throws Exception {
        int mongoPort = freePort();
        Node first = start("node1", """
                engines:
                  local:
                    type: local
                    mongodb-embedded-port: %d
                """.formatted(mongoPort));
        Node second = start("node2", """
                engines:
                  local:
                    type: local
                    mongodb-uri: mongodb://127.0.0.1:%d/?directConnection=true
                """.formatted(mongoPort));

        assertThat(post(first, "/create/collection", "{\"collection_name\":\"shared\"}").get("err_code").asInt()).isZero();
        assertThat(insert(first, "biden/facerec_biden.jpg", "biden").get("success_num").asInt()).isEqualTo(1);

        // Node 2 loads its index now, so the next step proves that a loaded index follows node 1.
        assertThat(results(search(second, "biden/facerec_biden2.jpg"))).containsExactly("biden");

        JsonNode inserted = insert(first, "obama/facerec_obama.jpg", "obama");
        assertThat(inserted.get("err_code").asInt()).isZero();
        assertThat(inserted.get("success_num").asInt()).isEqualTo(1);

        JsonNode found = search(second, "obama/facerec_obama3.jpg");
        assertThat(results(found)).containsExactly("obama", "biden");
        assertThat(found.get("status").get(0).get("score").asDouble()).isGreaterThan(0.5);
        assertThat(featureCount(second)).isEqualTo(2);

        // Node 1's index is current from its own writes; a delete through node 2 must reach it too.
        assertThat(results(search(first, "obama/facerec_obama3.jpg"))).containsExactly("obama", "biden");
        assertThat(post(second, "/delete/id", "{\"collection_name\":\"shared\",\"target_id\":\"obama\"}")
                .get("err_code").asInt()).isZero();

        assertThat(results(search(first, "obama/facerec_obama3.jpg"))).containsExactly("biden");
        assertThat(featureCount(first)).isEqualTo(1);
        assertThat(featureCount(second)).isEqualTo(1);
    }

    // ---- nodes ----------------------------------------------------------------------------

    /** A gateway process, its base URI and the file its output goes to. */
    private record Node(String name, Process process, URI base, Path log) {
        Node {
            requireNonNull(name, "name is null");
            requireNonNull(process, "process is null");
            requireNonNull(base, "base is null");
            requireNonNull(log, "log is null");
        }

        void stop() throws InterruptedException {
            // SIGTERM: the gateway's shutdown hook closes the engine and commits the embedded store.
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private Node start(String name, String engineYaml) throws IOException, InterruptedException {
        Path config = work.resolve(name + ".yaml");
        Files.writeString(config, """
                server:
                  host: 127.0.0.1
                  port: 0
                data-dir: %s
                dialects:
                  enabled: [dmai]
                %s""".formatted(work.resolve(name + "-data"), engineYaml));
        Path log = work.resolve(name + ".log");
        List<String> command = GatewayFixtures.gatewayCommand("serve", "--config", config.toString());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Node node;
        try {
            node = new Node(name, process, awaitListening(name, process, log), log);
        } catch (IOException | RuntimeException | InterruptedException | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
        nodes.add(node);
        return node;
    }

    private static URI awaitListening(String name, Process process, Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(deadline)) {
            String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            Matcher listening = LISTENING.matcher(output);
            if (listening.find()) {
                return URI.create(listening.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before listening:\n" + output);
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not start within " + START_LIMIT + ":\n" + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    // ---- DM-AI calls ----------------------------------------------------------------------

    private JsonNode insert(Node node, String photo, String target) throws Exception {
        return post(node, "/face/insert", """
                {"collection_name":"shared","face_image":["%s"],"target_id":["%s"]}""".formatted(base64Photo(photo), target));
    }

    private JsonNode search(Node node, String photo) throws Exception {
        JsonNode found = post(node, "/face/search", """
                {"collection_name":"shared","face_image":"%s","top_k":5}""".formatted(base64Photo(photo)));
        assertThat(found.get("err_code").asInt()).as("search through %s: %s", node.name(), found).isZero();
        return found;
    }

    private long featureCount(Node node) throws Exception {
        JsonNode status = post(node, "/collection/status", "{\"collection_name\":[\"shared\"]}");
        assertThat(status.get("err_code").asInt()).as("status through %s: %s", node.name(), status).isZero();
        return status.get("status").get(0).get("feature_num").asLong();
    }

    private static List<String> results(JsonNode search) {
        List<String> targets = new ArrayList<>();
        search.get("status").forEach(hit -> targets.add(hit.get("result").asText()));
        return targets;
    }

    private JsonNode post(Node node, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(node.base().resolve(API + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofMinutes(1))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", node.name(), path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
