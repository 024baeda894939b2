package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.gateway.internal.GatewayOptions;
import io.polyface.gateway.internal.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up refuses bad configuration with a message that says what to fix. */
class GatewayStartupTest {
    @TempDir
    Path data;

    @Test
    void unknownDialectNameFailsBeforeAnyEngineStarts() {
        GatewayOptions options = GatewayOptions.ephemeral(data).withOverrides(Map.of("dialects.enabled.0", "no-such-vendor"));

        assertStartFails(options).hasMessageContaining("'no-such-vendor'").hasMessageContaining("dmai");
    }

    @Test
    void dialectListedTwiceFails() throws Exception {
        Path config = Files.writeString(data.resolve("twice.yaml"), "dialects:\n  enabled: [dmai, dmai]\n");
        GatewayOptions options = GatewayFixtures.options(data, config);

        assertStartFails(options).hasMessageContaining("listed twice");
    }

    @Test
    void aShortAdminTokenFailsBeforeAnyEngineStarts() {
        GatewayOptions options = GatewayOptions.ephemeral(data).withOverrides(Map.of("admin.token", "guessable"));

        assertStartFails(options).hasMessageContaining("admin.token must be at least 16 characters");
    }

    @Test
    void defaultEngineMustBeConfigured() {
        GatewayOptions options = GatewayOptions.ephemeral(data).withOverrides(Map.of("routing.default-engine", "nowhere"));

        assertStartFails(options).hasMessageContaining("'nowhere'");
    }

    @Test
    void unknownEngineTypeNamesTheTypesFound() {
        GatewayOptions options = GatewayOptions.ephemeral(data).withOverrides(Map.of("engines.local.type", "quantum"));

        assertStartFails(options).hasMessageContaining("'quantum'").hasMessageContaining("local");
    }

    @Test
    void unreadableConfigFileFails() {
        Path missing = data.resolve("missing.yaml");
        GatewayOptions options = GatewayFixtures.options(data, missing);

        assertStartFails(options).hasMessageContaining(missing.toString());
        org.assertj.core.api.Assertions.assertThat(Files.exists(missing)).isFalse();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertStartFails(GatewayOptions options) {
        return assertThatThrownBy(() -> Gateway.start(options)).isInstanceOf(StartupException.class);
    }
}
