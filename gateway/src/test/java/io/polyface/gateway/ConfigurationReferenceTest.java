package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.gateway.internal.SettingsReference;
import io.polyface.gateway.internal.SettingsSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is the reference the schemas give; a new or changed key must be written there too. */
class ConfigurationReferenceTest {
    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

    @Test
    void theReferenceInDocsIsUpToDate() throws Exception {
        String written = SettingsReference.markdown(SettingsSchema.discover());

        assertThat(Files.readString(REFERENCE, StandardCharsets.UTF_8))
                .as("docs/configuration.md is out of date; regenerate it: ./polyface config reference > docs/configuration.md")
                .isEqualTo(written);
    }

    @Test
    void theReferenceNamesEveryDialectEngineTypeAndConnector() {
        String written = SettingsReference.markdown(SettingsSchema.discover());

        assertThat(written).contains("### `dialects.dmai`", "### `dialects.facepass`", "### `dialects.qiniu`",
                "### `dialects.sensetime`", "### `engines.<name>` of `type: local`", "### `engines.<name>` of `type: remote`",
                "#### and `connector: polyface`", "| `dialects.dmai.max-collections` | a whole number (≥ 1) | `30` |",
                "| `engines.<name>.type` | one of `local`, `remote` |")
                .as("a test's engine without a schema is not documented").doesNotContain("fake");
    }
}
