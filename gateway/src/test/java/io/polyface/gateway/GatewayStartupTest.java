package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up refuses bad configuration with a message that says what to fix. */
class GatewayStartupTest {
    @TempDir
    Path data;

    @Test
    void unknownDialectNameFailsBeforeAnyEngineStarts() {
        GatewayOptions options = GatewayOptions.ephemeral(data).withOverrides(Map.of("dialects.enabled.0", "acme"));

        assertThatThrownBy(() -> Gateway.start(options))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("'acme'")
                .hasMessageContaining("dmai");
    }

    @Test
    void dialectListedTwiceFails() throws Exception {
        Path config = Files.writeString(data.resolve("twice.yaml"), "dialects:\n  enabled: [dmai, dmai]\n");
        GatewayOptions options = new GatewayOptions(
                java.util.OptionalInt.of(0), java.util.Optional.of(data), java.util.Optional.of(config), Map.of());

        assertThatThrownBy(() -> Gateway.start(options))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("listed twice");
    }

    @Test
    void aShortAdminTokenFailsBeforeAnyEngineStarts() {
        GatewayOptions options = GatewayOptions.ephemeral(data).withOverrides(Map.of("admin.token", "guessable"));

        assertThatThrownBy(() -> Gateway.start(options))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("admin.token must be at least 16 characters");
    }

    @Test
    void defaultEngineMustBeConfigured() {
        GatewayOptions options = GatewayOptions.ephemeral(data).withOverrides(Map.of("routing.default-engine", "nowhere"));

        assertThatThrownBy(() -> Gateway.start(options))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("'nowhere'");
    }

    @Test
    void unknownEngineTypeNamesTheTypesFound() {
        GatewayOptions options = GatewayOptions.ephemeral(data).withOverrides(Map.of("engines.local.type", "quantum"));

        assertThatThrownBy(() -> Gateway.start(options))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("'quantum'")
                .hasMessageContaining("local");
    }

    @Test
    void unreadableConfigFileFails() {
        Path missing = data.resolve("missing.yaml");
        GatewayOptions options = new GatewayOptions(
                java.util.OptionalInt.of(0), java.util.Optional.of(data), java.util.Optional.of(missing), Map.of());

        assertThatThrownBy(() -> Gateway.start(options))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining(missing.toString());
        org.assertj.core.api.Assertions.assertThat(Files.exists(missing)).isFalse();
    }
}
