package io.polyface.gateway;

import io.polyface.gateway.internal.GatewayOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One gateway for all tests of a class: started before the first on an ephemeral port and a data
 * folder of its own, with the production defaults and the given settings, and closed (its folder
 * deleted) after the last. Registered as a static {@code @RegisterExtension} field.
 */
final class RunningGateway implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> overrides;
    private Path data;
    private Gateway gateway;

    RunningGateway(Map<String, String> overrides) {
        this.overrides = Map.copyOf(overrides);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        data = Files.createTempDirectory("polyface-gateway-test-");
        gateway = Gateway.start(GatewayOptions.ephemeral(data).withOverrides(overrides));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            gateway.close();
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(RunningGateway::delete);
            }
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Gateway gateway() {
        return gateway;
    }

    URI base() {
        return gateway.baseUri();
    }
}
