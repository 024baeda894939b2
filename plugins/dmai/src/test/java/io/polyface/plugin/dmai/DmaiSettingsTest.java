package io.polyface.plugin.dmai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.toolkit.settings.SchemaDefaults;
import io.polyface.toolkit.settings.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DmaiSettingsTest {
    @Test
    void theRecordsDefaultToWhatTheSchemasDeclare() {
        SchemaDefaults.assertRecordsAgree("dmai", DmaiDialectSettings.class, DmaiConnectorSettings.class);
    }

    @Test
    void theDefaultScoreIsTheCalibratedOne() {
        assertThat(Settings.bind(Map.of(), DmaiDialectSettings.class).score()).isEqualTo(DmaiScore.DEFAULT);
        assertThat(Settings.bind(Map.of(), DmaiConnectorSettings.class).score()).isEqualTo(DmaiScore.DEFAULT);
    }

    @Test
    void aBadValueNamesItsKey() {
        assertThatThrownBy(() -> Settings.bind(Map.of("max-collections", "lots"), DmaiDialectSettings.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("max-collections: expected a whole number, not 'lots'");
    }
}
