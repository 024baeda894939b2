package io.polyface.plugin.qiniu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.toolkit.settings.SchemaDefaults;
import io.polyface.toolkit.settings.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QiniuSettingsTest {
    @Test
    void theRecordsDefaultToWhatTheSchemasDeclare() {
        SchemaDefaults.assertRecordAgrees("META-INF/polyface/settings/dialect-qiniu.yaml", QiniuDialectSettings.class,
                "trust-qiniu-stub", "max-clock-skew", "accept-qbox", "require-date");
        SchemaDefaults.assertRecordAgrees("META-INF/polyface/settings/connector-qiniu.yaml", QiniuConnectorSettings.class);
    }

    @Test
    void theFetchTimeoutIsWholeSecondsOrAnIsoDuration() {
        assertThat(Settings.bind(Map.of("fetch-timeout", "30"), QiniuDialectSettings.class).fetchTimeout())
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(Settings.bind(Map.of("fetch-timeout", "PT1M"), QiniuDialectSettings.class).fetchTimeout())
                .isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> Settings.bind(Map.of("fetch-timeout", "soon"), QiniuDialectSettings.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("fetch-timeout: expected a duration");
    }
}
