package io.polyface.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own checker of the text format ({@code promtool check metrics}): it parses a scrape
 * as Prometheus would and lints it (types, suffixes, snake_case, help text). {@code .ci/run}
 * installs it; elsewhere, Debian's {@code prometheus} package has it.
 */
public final class Promtool {
    private Promtool() {
    }

    /** What promtool says about a scrape: empty when it parses and lints clean. */
    public static String problems(String scrape) throws IOException, InterruptedException {
        Path promtool = find().orElseThrow(() -> new AssertionError(
                "promtool is not installed: .ci/run installs it, or run 'apt-get install prometheus'"
                        + " (or set PROMTOOL to its path)"));
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool did not finish within a minute");
        }
        return process.exitValue() == 0 && said.isEmpty() ? "" : "exit " + process.exitValue() + ": " + said;
    }

    private static Optional<Path> find() {
        Optional<Path> given = Optional.ofNullable(System.getenv("PROMTOOL")).filter(p -> !p.isBlank()).map(Path::of);
        if (given.isPresent()) {
            return given;
        }
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
