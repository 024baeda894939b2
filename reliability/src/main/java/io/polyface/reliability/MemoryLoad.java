package io.polyface.reliability;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The gateway's resident memory as its gallery grows: a gateway of its own is loaded through
 * Qiniu's feature API with 1,000 faces and then with the sizing's count, and at each step searched
 * with faces it holds. Each search must find its own face first; the notes report the resident
 * memory after start-up, after loading and after searching at each size.
 */
final class MemoryLoad {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DIMENSION = 512;
    private static final int BATCH = 1_000;
    private static final int SEARCHES = 100;
    private static final String GROUP = "memory";
    private static final String CONFIG = """
            server:
              host: 127.0.0.1
            dialects:
              enabled: [qiniu]
            routing:
              reload: false
            """;

    private final Path work;
    private final int faces;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> failures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int tried;

    MemoryLoad(Path work, int faces, long seed) {
        this.work = requireNonNull(work, "work is null");
        if (faces < BATCH) {
            throw new IllegalArgumentException("the memory load needs at least " + BATCH + " faces, not " + faces);
        }
        this.faces = faces;
        this.random = new Random(seed);
    }

    AreaResult run() {
        try (GatewayProcess gateway = start()) {
            URI qiniu = gateway.baseUri().resolve("/qiniu/v1/face/groups/" + GROUP);
            notes.add("started: " + ResidentMemory.of(gateway.pid()).describe());
            post(qiniu, "{\"config\":{\"capacity\":" + faces + "}}", "create the group");
            List<float[]> probes = new ArrayList<>();
            int loaded = 0;
            for (int size : faces > BATCH ? List.of(BATCH, faces) : List.of(faces)) {
                long started = System.nanoTime();
                while (loaded < size) {
                    int count = Math.min(BATCH, size - loaded);
                    probes.addAll(add(qiniu, loaded, count));
                    loaded += count;
                }
                long loadMillis = (System.nanoTime() - started) / 1_000_000;
                ResidentMemory afterLoad = ResidentMemory.of(gateway.pid());
                search(qiniu, probes, size);
                ResidentMemory afterSearch = ResidentMemory.of(gateway.pid());
                notes.add(String.format(Locale.ROOT, "%,d faces (loaded in %,d ms): after loading %s; after %d searches %s",
                        size, loadMillis, afterLoad.describe(), SEARCHES, afterSearch.describe()));
                if (!gateway.alive()) {
                    failures.add("the gateway died at " + size + " faces; its log ends:\n" + gateway.logTail());
                    break;
                }
            }
        } catch (RuntimeException e) {
            failures.add("the memory load stopped: " + e.getMessage());
        }
        return new AreaResult(Area.MEMORY, Math.max(tried, failures.size()), Math.max(0, tried - failures.size()), failures, notes);
    }

    private GatewayProcess start() {
        try {
            Path directory = Files.createDirectories(work);
            Path config = Files.writeString(directory.resolve("polyface.yaml"), CONFIG);
            return GatewayProcess.start("memory", config, directory.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds {@code count} random unit vectors with ids {@code f<first>...}; answers every tenth as a probe. */
    private List<float[]> add(URI group, int first, int count) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode features = body.putArray("features");
        List<float[]> probes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] vector = unitVector();
            features.addObject().put("id", "f" + (first + i)).put("value", Photos.feature(vector));
            if (i % 10 == 0) {
                probes.add(vector);
            }
        }
        post(group.resolve(GROUP + "/feature/add"), body.toString(), "add faces " + first + ".." + (first + count - 1));
        return probes;
    }

    /** Searches with faces chosen among those loaded; each must come back as its own best match. */
    private void search(URI group, List<float[]> probes, int size) {
        for (int i = 0; i < SEARCHES; i++) {
            int index = random.nextInt(probes.size());
            String expected = "f" + (index * 10);
            tried++;
            JsonNode answer = post(group.resolve(GROUP + "/feature/search"),
                    "{\"features\":[\"" + Photos.feature(probes.get(index)) + "\"],\"limit\":1}", "search");
            String found = answer.path(0).path(0).path("value").path("id").asText("");
            if (!found.equals(expected)) {
                failures.add("at " + size + " faces a search for " + expected + " found '" + found + "': " + cut(answer.toString()));
            }
        }
    }

    private JsonNode post(URI uri, String body, String what) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + cut(response.body()));
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(what + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }

    private float[] unitVector() {
        float[] vector = new float[DIMENSION];
        double norm = 0;
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] = (float) random.nextGaussian();
            norm += vector[i] * vector[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] *= scale;
        }
        return vector;
    }

    private static String cut(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
