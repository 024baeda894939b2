package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void parsesPortDataAndConfig() {
        GatewayOptions options = Main.parse(new String[] {"serve", "--port", "9000", "--data", "d", "--config", "c.yaml"});

        assertThat(options.port()).hasValue(9000);
        assertThat(options.dataDirectory()).contains(Path.of("d"));
        assertThat(options.configFile()).contains(Path.of("c.yaml"));
    }

    @Test
    void rejectsBadPortsAndUnknownOptions() {
        assertThatThrownBy(() -> Main.parse(new String[] {"serve", "--port", "http"}))
                .hasMessageContaining("must be a number");
        assertThatThrownBy(() -> Main.parse(new String[] {"serve", "--port", "70000"}))
                .hasMessageContaining("0..65535");
        assertThatThrownBy(() -> Main.parse(new String[] {"serve", "--verbose", "yes"}))
                .hasMessageContaining("Unknown option --verbose");
        assertThatThrownBy(() -> Main.parse(new String[] {"serve", "--data"}))
                .hasMessageContaining("needs a value");
    }

    @Test
    void migrateNeedsItsEnginesAndTenant() {
        java.io.PrintStream out = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        assertThatThrownBy(() -> Main.migrate(new String[] {"migrate", "--to", "b", "--tenant", "t"}, out))
                .hasMessageContaining("--from");
        assertThatThrownBy(() -> Main.migrate(new String[] {"migrate", "--from", "a", "--to", "a", "--tenant", "t"}, out))
                .hasMessageContaining("same engine");
        assertThatThrownBy(() -> Main.migrate(new String[] {"migrate", "--from", "a", "--to", "b", "--tenant", "t", "--fast", "1"}, out))
                .hasMessageContaining("Unknown option --fast");
    }
}
