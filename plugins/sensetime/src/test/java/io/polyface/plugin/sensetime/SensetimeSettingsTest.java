package io.polyface.plugin.sensetime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.toolkit.settings.SchemaDefaults;
import io.polyface.toolkit.settings.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensetimeSettingsTest {
    @Test
    void theRecordsDefaultToWhatTheSchemasDeclare() {
        SchemaDefaults.assertRecordsAgree("sensetime", SensetimeDialectSettings.class, SensetimeConnectorSettings.class);
    }

    @Test
    void rateLimitsAreCallsPerWindow() {
        SensetimeDialectSettings settings = Settings.bind(Map.of("default-rate-limit", "50q/1m"), SensetimeDialectSettings.class);

        assertThat(settings.defaultRateLimit()).isEqualTo(new SensetimeRateLimit(50, Duration.ofMinutes(1)));
        assertThat(settings.anonymousRateLimit()).isEqualTo(new SensetimeRateLimit(100, Duration.ofSeconds(10)));
        assertThatThrownBy(() -> Settings.bind(Map.of("anonymous-rate-limit", "fast"), SensetimeDialectSettings.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("anonymous-rate-limit: expected calls per window such as 50q/10s (units s, m, h, d), not 'fast'");
    }

    @Test
    void withoutAnchorsTheScoreIsTheCalibratedOne() {
        assertThat(Settings.bind(Map.of(), SensetimeDialectSettings.class).score()).isEmpty();
        assertThat(Settings.bind(Map.of("score.anchors", "-1,0,1,1"), SensetimeConnectorSettings.class).score()).isPresent();
        assertThatThrownBy(() -> Settings.bind(Map.of("score.anchors", "low,high"), SensetimeConnectorSettings.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("score.anchors: expected alternating raw and confidence values, comma-separated, not 'low,high'");
    }
}
