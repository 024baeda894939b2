package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.polyface.gateway.internal.GatewayOptions;
import io.polyface.gateway.internal.ServerLimits;
import io.polyface.gateway.internal.StartupException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code server.*} bound to limits, and how many connections fit in the process's file descriptors. */
class ServerLimitsTest {

    @Test
    void theEmbeddedDefaultsAreTheRecordsDefaults() {
        Config defaults = Gateway.config(GatewayOptions.defaults());
        assertThat(ServerLimits.of(defaults.get("server"))).isEqualTo(ServerLimits.DEFAULTS);
        assertThat(ServerLimits.DEFAULTS.maxConnections()).isEqualTo(10_000);
        assertThat(ServerLimits.DEFAULTS.maxConnectionsPerAddress()).isEqualTo(500);
        assertThat(ServerLimits.DEFAULTS.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void keysAreReadAndBadValuesNamed() {
        ServerLimits limits = ServerLimits.of(server(Map.of("max-connections", "50", "idle-timeout", "PT5S")));
        assertThat(limits.maxConnections()).isEqualTo(50);
        assertThat(limits.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(limits.writeTimeout()).isEqualTo(ServerLimits.DEFAULTS.writeTimeout());

        assertThatThrownBy(() -> ServerLimits.of(server(Map.of("max-connections-per-address", "0"))))
                .isInstanceOf(StartupException.class).hasMessageContaining("server.max-connections-per-address");
        assertThatThrownBy(() -> ServerLimits.of(server(Map.of("header-timeout", "PT0S"))))
                .isInstanceOf(StartupException.class).hasMessageContaining("server.header-timeout");
        assertThatThrownBy(() -> ServerLimits.of(server(Map.of("body-read-timeout", "soon"))))
                .isInstanceOf(StartupException.class).hasMessageContaining("body-read-timeout");
    }

    @Test
    void connectionsAreLoweredToWhatTheDescriptorsHold() {
        // 20,000 descriptors, 300 open, a reserve of 2,000: one listener holds all 10,000 asked for.
        assertThat(ServerLimits.connectionsThatFit(10_000, 20_000, 300, 1, 128)).isEqualTo(10_000);
        // Five listeners share (20,000 - 300 - 2,000) / 5 = 3,540, less the headroom of each.
        assertThat(ServerLimits.connectionsThatFit(10_000, 20_000, 300, 5, 128)).isEqualTo(3_412);
        // 1,024 descriptors (a common default): 1,024 - 200 - 256 - 128.
        assertThat(ServerLimits.connectionsThatFit(10_000, 1_024, 200, 1, 128)).isEqualTo(440);
        assertThat(ServerLimits.connectionsThatFit(10_000, 512, 400, 1, 128)).isZero();
    }

    private static Config server(Map<String, String> keys) {
        return Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create(keys)).build();
    }
}
