package io.polyface.engine.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.engine.EngineContext;
import io.polyface.toolkit.settings.SchemaDefaults;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteSettingsTest {
    @Test
    void theRecordDefaultsToWhatTheSchemaDeclares() {
        SchemaDefaults.assertRecordAgrees("META-INF/polyface/settings/engine-remote.yaml", RemoteSettings.class);
    }

    @Test
    void durationsAreMillisecondsSecondsMinutesOrIso() {
        RemoteSettings settings = RemoteSettings.of(context(Map.of(
                "timeout", "1.5s", "retry.backoff", "250", "breaker.open-for", "2m", "rate-limit.max-wait", "PT3S")));

        assertThat(settings.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.retryBackoff()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.breakerOpenFor()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.rateWait()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.bulkheadWait()).isZero();
    }

    @Test
    void aBadValueNamesTheEnginesKey() {
        assertThatThrownBy(() -> RemoteSettings.of(context(Map.of("retry.backoff", "soon"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("engines.backup.retry.backoff: expected a duration such as 250ms, 10s, 2m or PT10S, not 'soon'");
        assertThatThrownBy(() -> RemoteSettings.of(context(Map.of("breaker.window", "0"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("remote engine settings out of range");
    }

    private static EngineContext context(Map<String, String> settings) {
        return new EngineContext("backup", settings, Path.of("data"), Clock.systemUTC());
    }
}
