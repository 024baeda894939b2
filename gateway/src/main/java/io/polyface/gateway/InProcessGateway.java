package io.polyface.gateway;

import static java.util.Objects.requireNonNull;

import io.polyface.gateway.internal.GatewayOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A gateway started in this JVM on a free port, with its data in a temporary directory of its own
 * that is deleted when the gateway closes: what the conformance suites and the JUnit extension
 * ({@code polyface-junit}) start when they are given no base URL.
 */
public final class InProcessGateway implements AutoCloseable {
    private final Gateway gateway;
    private final Path dataDirectory;

    private InProcessGateway(Gateway gateway, Path dataDirectory) {
        this.gateway = gateway;
        this.dataDirectory = dataDirectory;
    }

    /** A gateway with the embedded defaults. */
    public static InProcessGateway start(String directoryPrefix) {
        return start(directoryPrefix, Optional.empty(), Map.of());
    }

    /**
     * A gateway configured as an operator would configure it.
     *
     * @param directoryPrefix the start of the temporary directory's name
     * @param configYaml a configuration file's text, written into the data directory, if any
     * @param overrides further keys over the defaults and the file
     */
    public static InProcessGateway start(String directoryPrefix, Optional<String> configYaml, Map<String, String> overrides) {
        requireNonNull(configYaml, "configYaml is null");
        Path data;
        GatewayOptions options;
        try {
            data = Files.createTempDirectory(directoryPrefix);
            options = GatewayOptions.ephemeral(data);
            if (configYaml.isPresent()) {
                Path config = Files.writeString(data.resolve("conformance.yaml"), configYaml.get());
                options = new GatewayOptions(options.port(), options.dataDirectory(), Optional.of(config), options.overrides());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new InProcessGateway(Gateway.start(options.withOverrides(overrides)), data);
    }

    /** A dialect's root on the main port, e.g. {@code http://127.0.0.1:40123/dmai}. */
    public String url(String dialect) {
        return gateway.baseUri() + "/" + dialect;
    }

    /** The running gateway. */
    public Gateway gateway() {
        return gateway;
    }

    /** The temporary directory the gateway keeps its data in, deleted on close. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        gateway.close();
        deleteTree(dataDirectory);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is not worth failing a run for.
        }
    }
}
