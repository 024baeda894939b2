package io.polyface.plugin.facepass;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.toolkit.settings.SchemaDefaults;
import io.polyface.toolkit.settings.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FacepassSettingsTest {
    @Test
    void theRecordsDefaultToWhatTheSchemasDeclare() {
        SchemaDefaults.assertRecordsAgree("facepass", FacepassDialectSettings.class, FacepassConnectorSettings.class);
    }

    @Test
    void anEmptyClientAddressHeaderMeansTheRequestsOwnAddress() {
        assertThat(Settings.bind(Map.of(), FacepassDialectSettings.class).clientAddressHeader()).isEmpty();
        assertThat(Settings.bind(Map.of("sync.client-address-header", "X-Forwarded-For"), FacepassDialectSettings.class)
                .clientAddressHeader()).hasValue("X-Forwarded-For");
    }
}
