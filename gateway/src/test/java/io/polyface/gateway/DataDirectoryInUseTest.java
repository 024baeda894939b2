package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.gateway.internal.GatewayOptions;
import io.polyface.gateway.internal.StartupException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second gateway on a data directory in use stops at start with one sentence that says so, not
 * with the embedded store's stack trace: the store's file is locked while a gateway has it open.
 */
class DataDirectoryInUseTest {

    @TempDir
    Path data;

    @TempDir
    Path work;

    @Test
    void aSecondGatewayOnADataDirectoryInUseExitsWithOneSentence() throws Exception {
        try (Gateway first = Gateway.start(GatewayOptions.ephemeral(data))) {
            Path engineData = data.toAbsolutePath().resolve("local");
            assertThatThrownBy(() -> Gateway.start(GatewayOptions.ephemeral(data)))
                    .isInstanceOf(StartupException.class)
                    .hasMessage("Engine 'local' cannot start: the data directory " + engineData + " is in use by "
                            + "another engine of this process (the embedded store's file polyface-mongo.mv.db is locked); "
                            + "stop it or choose another data directory");

            // As an operator meets it: another process on the same --data.
            Path errors = work.resolve("stderr.txt");
            Process second = new ProcessBuilder(GatewayFixtures.gatewayCommand("serve", "--port", "0", "--data", data.toString()))
                    .redirectError(errors.toFile())
                    .redirectOutput(work.resolve("stdout.txt").toFile())
                    .start();
            if (!second.waitFor(3, TimeUnit.MINUTES)) {
                second.destroyForcibly();
                throw new AssertionError("the second gateway neither started nor stopped in 3 minutes:\n"
                        + Files.readString(errors, StandardCharsets.UTF_8));
            }
            String stderr = Files.readString(errors, StandardCharsets.UTF_8);
            assertThat(second.exitValue()).as(stderr).isEqualTo(1);
            assertThat(stderr.lines().filter(line -> !line.isBlank()).reduce((a, b) -> b)).as(stderr)
                    .contains("polyface: cannot start: Engine 'local' cannot start: the data directory " + engineData
                            + " is in use by another process (the embedded store's file polyface-mongo.mv.db is locked); "
                            + "stop it or choose another data directory");
            assertThat(stderr).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");

            // The first gateway is left as it was.
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(first.baseUri().resolve("/observe/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        }
    }
}
