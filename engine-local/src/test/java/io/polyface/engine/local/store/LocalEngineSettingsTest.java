package io.polyface.engine.local.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.engine.EngineContext;
import io.polyface.toolkit.settings.SchemaDefaults;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalEngineSettingsTest {
    @Test
    void theStorageKeysDefaultToWhatTheSchemaDeclares() {
        SchemaDefaults.assertRecordDefaultsAreDeclared("META-INF/polyface/settings/engine-local.yaml",
                LocalEngineSettings.Keys.class);
    }

    @Test
    void withoutSettingsAnEmbeddedStoreOnLoopbackOnAnyPort() {
        LocalEngineSettings settings = LocalEngineSettings.from(context(Map.of()));

        assertThat(settings.mongodbUri()).isEmpty();
        assertThat(settings.database()).isEqualTo("polyface");
        assertThat(settings.serverSelectionTimeout()).isEmpty();
        assertThat(settings.embeddedFsync()).isFalse();
        assertThat(settings.embeddedBind().getHostString()).isEqualTo("127.0.0.1");
        assertThat(settings.embeddedBind().getPort()).isZero();
    }

    @Test
    void valuesAreReadStrippedAndBlankOnesAreAbsent() {
        LocalEngineSettings settings = LocalEngineSettings.from(context(Map.of(
                "mongodb-uri", " mongodb://db:27017 ", "mongodb-socket-timeout-ms", "1500",
                "mongodb-embedded-fsync", "true", "mongodb-embedded-host", " ", "mongodb-embedded-port", "27018")));

        assertThat(settings.mongodbUri()).hasValue("mongodb://db:27017");
        assertThat(settings.socketTimeout()).hasValue(Duration.ofMillis(1500));
        assertThat(settings.embeddedFsync()).isTrue();
        assertThat(settings.embeddedBind().getHostString()).isEqualTo("127.0.0.1");
        assertThat(settings.embeddedBind().getPort()).isEqualTo(27018);
        assertThat(LocalEngineSettings.from(context(Map.of("mongodb-uri", "  "))).mongodbUri()).isEmpty();
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> LocalEngineSettings.from(context(Map.of("mongodb-embedded-port", "70000"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("mongodb-embedded-port must be 0..65535: 70000");
        assertThatThrownBy(() -> LocalEngineSettings.from(context(Map.of("mongodb-embedded-port", "any"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("engines.local.mongodb-embedded-port:");
        assertThatThrownBy(() -> LocalEngineSettings.from(context(Map.of("mongodb-connect-timeout-ms", "-1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("mongodb-connect-timeout-ms must not be negative: -1");
        assertThatThrownBy(() -> LocalEngineSettings.from(context(Map.of("mongodb-database", " "))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("mongodb-database is blank");
    }

    private static EngineContext context(Map<String, String> settings) {
        return new EngineContext("local", settings, Path.of("data"), Clock.systemUTC());
    }
}
