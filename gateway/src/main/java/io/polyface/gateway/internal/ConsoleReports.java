package io.polyface.gateway.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The reports the console shows from disk, read at each request so that a new run shows at once:
 * the conformance coverage matrices ({@code coverage-<dialect>.json} in {@code
 * console.coverage-dir}) and the calibration report ({@code console.calibration-dir}: its SVG
 * pictures, JSON numbers and text). Only plain files directly in those directories, of those kinds,
 * are ever read.
 */
final class ConsoleReports {
    private static final Pattern COVERAGE = Pattern.compile("coverage-[A-Za-z0-9_-]+\\.json");
    /** A file name without a path: letters, digits, dot, dash and underscore, not starting with a dot. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    /** What the calibration panel shows, by extension, and the type each is served with. */
    static final Map<String, String> CALIBRATION_TYPES = Map.of(
            "svg", "image/svg+xml",
            "json", "application/json",
            "md", "text/markdown; charset=utf-8",
            "yaml", "text/plain; charset=utf-8",
            "txt", "text/plain; charset=utf-8");
    static final String COVERAGE_HINT = "Set console.coverage-dir to a conformance report directory (a restart applies"
            + " it; later runs show at once). The build writes one at conformance-tests/target/conformance-report"
            + " (./mvnw -B -pl conformance-tests -am verify); against a running endpoint:"
            + " ./polyface conformance --dialect dmai --base-url http://127.0.0.1:8080/dmai --report conformance-report";
    static final String CALIBRATION_HINT = "Set console.calibration-dir to the directory that"
            + " './polyface calibrate --out DIR' wrote (genuine/impostor histograms and ROC per feature version, as SVG,"
            + " with their numbers), then restart the gateway.";

    /** A file to send, with its type. */
    record Served(byte[] bytes, String type) {
        Served {
            requireNonNull(bytes, "bytes is null");
            requireNonNull(type, "type is null");
        }
    }

    private final Optional<Path> coverageDir;
    private final Optional<Path> calibrationDir;

    ConsoleReports(Optional<Path> coverageDir, Optional<Path> calibrationDir) {
        this.coverageDir = requireNonNull(coverageDir, "coverageDir is null");
        this.calibrationDir = requireNonNull(calibrationDir, "calibrationDir is null");
    }

    ObjectNode coverage() {
        ObjectNode root = Json.object();
        root.put("configured", coverageDir.isPresent());
        ArrayNode reports = root.putArray("reports");
        ArrayNode unreadable = root.putArray("unreadable");
        if (coverageDir.isEmpty()) {
            root.put("hint", COVERAGE_HINT);
            return root;
        }
        root.put("dir", coverageDir.get().toString());
        for (Path file : files(coverageDir.get())) {
            if (!COVERAGE.matcher(file.getFileName().toString()).matches()) {
                continue;
            }
            try {
                reports.add(Json.PLAIN.readTree(file.toFile()));
            } catch (JacksonException e) {
                unreadable.addObject().put("file", file.getFileName().toString()).put("error", e.getOriginalMessage());
            } catch (IOException e) {
                unreadable.addObject().put("file", file.getFileName().toString()).put("error", String.valueOf(e.getMessage()));
            }
        }
        if (reports.isEmpty()) {
            root.put("hint", "No coverage-<dialect>.json in " + coverageDir.get() + " yet. " + COVERAGE_HINT);
        }
        return root;
    }

    ObjectNode calibration() {
        ObjectNode root = Json.object();
        root.put("configured", calibrationDir.isPresent());
        ArrayNode list = root.putArray("files");
        if (calibrationDir.isEmpty()) {
            root.put("hint", CALIBRATION_HINT);
            return root;
        }
        root.put("dir", calibrationDir.get().toString());
        for (Path file : files(calibrationDir.get())) {
            String name = file.getFileName().toString();
            extension(name).filter(CALIBRATION_TYPES::containsKey).filter(x -> FILE_NAME.matcher(name).matches())
                    .ifPresent(x -> list.addObject().put("name", name).put("kind", x).put("bytes", size(file)));
        }
        if (list.isEmpty()) {
            root.put("hint", "No report files in " + calibrationDir.get() + " yet. " + CALIBRATION_HINT);
        }
        return root;
    }

    /** A file of the calibration report, by its bare name; empty for anything else. */
    Optional<Served> calibrationFile(String name) {
        if (calibrationDir.isEmpty() || !FILE_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Optional<String> type = extension(name).map(CALIBRATION_TYPES::get);
        Path file = calibrationDir.get().resolve(name);
        if (type.isEmpty() || !file.getParent().equals(calibrationDir.get()) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Served(Files.readAllBytes(file), type.get()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            // Unreadable is shown as empty; the panel then says what it expected there.
            return List.of();
        }
    }

    private static Optional<String> extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.of(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
