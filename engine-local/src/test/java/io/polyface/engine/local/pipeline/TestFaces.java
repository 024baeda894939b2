package io.polyface.engine.local.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The labelled face photos named by the {@code polyface.faces} system property. */
public final class TestFaces {

    /** One manifest entry. */
    public record Entry(String file, Optional<String> identity, OptionalInt faces, OptionalInt facesMin, String kind) {
    }

    /** One verification pair. */
    public record Pair(String file1, String file2, boolean same) {
    }

    private TestFaces() {
    }

    public static Path root() {
        String dir = System.getProperty("polyface.faces");
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("system property polyface.faces is not set (surefire sets it from the root pom)");
        }
        Path root = Path.of(dir);
        if (!Files.isRegularFile(root.resolve("manifest.json"))) {
            throw new IllegalStateException("no manifest.json in polyface.faces = " + root);
        }
        return root;
    }

    public static byte[] read(String file) {
        try {
            return Files.readAllBytes(root().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Entry> manifest() {
        try {
            JsonNode list = new ObjectMapper().readTree(root().resolve("manifest.json").toFile());
            List<Entry> entries = new ArrayList<>();
            for (JsonNode e : list) {
                entries.add(new Entry(
                        e.get("file").asText(),
                        e.path("identity").isTextual() ? Optional.of(e.get("identity").asText()) : Optional.empty(),
                        e.path("faces").isInt() ? OptionalInt.of(e.get("faces").asInt()) : OptionalInt.empty(),
                        e.path("faces_min").isInt() ? OptionalInt.of(e.get("faces_min").asInt()) : OptionalInt.empty(),
                        e.get("kind").asText()));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Entry> manifest(String kind) {
        return manifest().stream().filter(e -> e.kind().equals(kind)).toList();
    }

    public static List<Pair> pairs() {
        try {
            List<String> lines = Files.readAllLines(root().resolve("pairs.csv"));
            List<Pair> pairs = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                pairs.add(new Pair(f[0].strip(), f[1].strip(), f[2].strip().equals("1")));
            }
            return pairs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
