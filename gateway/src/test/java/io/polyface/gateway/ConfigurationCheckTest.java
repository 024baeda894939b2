package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.polyface.gateway.internal.ConfigLoader;
import io.polyface.gateway.internal.GatewayOptions;
import io.polyface.gateway.internal.SettingsCheck;
import io.polyface.gateway.internal.SettingsSchema;
import io.polyface.gateway.internal.SettingsTrees;
import io.polyface.gateway.internal.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration checks itself at start-up: unknown keys and wrong types stop it, naming the file, line and key. */
class ConfigurationCheckTest {
    @TempDir
    Path dir;

    @Test
    void misspelledKeysAreRefusedWithTheirLineAndTheNearestKnownKey() throws Exception {
        Path file = write("""
                server:
                  prot: 9000
                dialects:
                  dmai:
                    max-colections: 10
                """);
        Path data = dir.resolve("data");

        assertThatThrownBy(() -> Gateway.start(options(file).withOverrides(Map.of("data-dir", data.toString()))))
                .isInstanceOf(StartupException.class)
                .hasMessage("the configuration has 2 problems:\n"
                        + "  " + file + " line 2: server.prot is not a known key (did you mean port?)\n"
                        + "  " + file + " line 5: dialects.dmai.max-colections is not a known key (did you mean max-collections?)");
        assertThat(data).as("refused before anything starts").doesNotExist();
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedInOneLine() throws Exception {
        Path file = write("""
                dialects:
                  dmai:
                    max-collections: lots
                """);

        assertThat(problems(options(file))).containsExactly(
                file + " line 3: dialects.dmai.max-collections must be a whole number, not 'lots'");
    }

    @Test
    void rangesEnumsPatternsAndRequiredKeysAreChecked() throws Exception {
        Path file = write("""
                server:
                  port: 70000
                dialects:
                  enabled: [dmai, dmia]
                  sensetime:
                    default-rate-limit: fast
                engines:
                  backup:
                    type: remote
                    connector: qiniu
                    base-url: http://127.0.0.1:9
                    acess-key: AK
                    breaker:
                      window: 0
                """);

        assertThat(problems(options(file))).containsExactlyInAnyOrder(
                file + " line 2: server.port must be at most 65535, not '70000'",
                file + " line 4: dialects.enabled[1] must be one of " + String.join(", ", GatewayFixtures.dialectsFound()) + ", not 'dmia'",
                file + " line 6: dialects.sensetime.default-rate-limit must be calls per window such as 50q/10s (units s, m, h, d), not 'fast'",
                file + " line 8: engines.backup.access-key is missing (The AK requests are signed with)",
                file + " line 8: engines.backup.secret-key is missing (Its SK)",
                file + " line 12: engines.backup.acess-key is not a known key (did you mean access-key?)",
                file + " line 14: engines.backup.breaker.window must be at least 1, not '0'");
    }

    @Test
    void secretsAreNeverRepeatedInMessages() throws Exception {
        Path file = write("""
                admin:
                  token: hunter2
                """);

        assertThat(problems(options(file)))
                .containsExactly(file + " line 2: admin.token must be at least 16 characters long (or empty, for none)");
    }

    @Test
    void valuesFromTheCommandLineAreNamedAsSuch() {
        assertThat(problems(GatewayOptions.defaults().withOverrides(Map.of("journal.size", "lots"))))
                .containsExactly("the command line: journal.size must be a whole number, not 'lots'");
    }

    @Test
    void aFileThatIsNotYamlIsRefusedWithItsLine() throws Exception {
        Path file = write("""
                server:
                  port: 1
                  port: 2
                """);

        assertThatThrownBy(() -> ConfigLoader.load(options(file))).isInstanceOf(StartupException.class)
                .hasMessageStartingWith(file + " line 3: Duplicate field 'port'");
    }

    @Test
    void aValueOnlyThePluginCanJudgeStillStopsStartUpInOneLine() {
        GatewayOptions options = GatewayOptions.ephemeral(dir.resolve("data"))
                .withOverrides(Map.of("engines.local.type", "fake", "dialects.dmai.time-zone", "Mars/Olympus"));

        assertThatThrownBy(() -> Gateway.start(options)).isInstanceOf(StartupException.class)
                .hasMessage("dialects.dmai: time-zone: expected a time-zone id such as UTC or Asia/Shanghai, not 'Mars/Olympus'.");
    }

    @Test
    void aPluginsDefaultsComeFromItsSchema() {
        Config config = ConfigLoader.load(GatewayOptions.defaults());

        assertThat(config.get("dialects.dmai.max-collections").asInt().get()).isEqualTo(30);
        assertThat(config.get("dialects.sensetime.async.threads").asInt().get()).isEqualTo(2);
        assertThat(config.get("engines.local.mongodb-database").asString().get()).isEqualTo("polyface");
        assertThat(config.get("dialects.qiniu.keys").exists()).as("no default credentials").isFalse();
    }

    @Test
    void theEmbeddedDefaultsPassTheSchemaAndAgreeWithIt() {
        SettingsSchema schema = SettingsSchema.discover();
        ConfigLoader.Loaded loaded = ConfigLoader.read(GatewayOptions.defaults(), schema);

        assertThat(loaded.problems()).isEmpty();
        var embedded = SettingsTrees.tree(Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.classpath("polyface-defaults.yaml")).build());
        var declared = schema.instantiate(embedded);
        assertThat(SettingsTrees.leaves(embedded)).isNotEmpty().allSatisfy((key, value) -> {
            var keySchema = SettingsCheck.nodeOf(declared, key);
            assertThat(keySchema.path("default").isMissingNode() || keySchema.get("default").asText().equals(value.asText()))
                    .as("polyface-defaults.yaml's " + key + " (" + value + ") is the schema's default " + keySchema.path("default"))
                    .isTrue();
        });
    }

    @Test
    void everyPluginDeclaresItsKeys() {
        SettingsSchema schema = SettingsSchema.discover();

        assertThat(schema.dialectIds()).containsExactlyElementsOf(GatewayFixtures.dialectsFound())
                .contains("dmai", "facepass", "qiniu", "sensetime")
                .allSatisfy(id -> assertThat(schema.declares("dialect", id)).as(id).isTrue());
        assertThat(schema.engineTypes()).contains("local", "remote");
        assertThat(List.of("local", "remote")).allSatisfy(type -> assertThat(schema.declares("engine", type)).as(type).isTrue());
        assertThat(schema.connectorIds()).containsExactly("dmai", "facepass", "polyface", "qiniu", "sensetime")
                .allSatisfy(id -> assertThat(schema.declares("connector", id)).as(id).isTrue());
    }

    @Test
    void relativePathsInTheFileAreTheUsersDirectorys() throws Exception {
        Path file = write("""
                data-dir: here/data
                engines:
                  fp:
                    type: remote
                    connector: facepass
                    base-url: http://127.0.0.1:9
                    index-file: ids.json
                """);
        try (UserDirectoryProperty ignored = UserDirectoryProperty.set(dir)) {
            Config config = ConfigLoader.load(options(file));

            assertThat(config.get("data-dir").asString().get()).isEqualTo(dir.resolve("here/data").toString());
            assertThat(config.get("engines.fp.index-file").asString().get()).isEqualTo(dir.resolve("ids.json").toString());
        }
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("x.yaml"), yaml);
    }

    private static GatewayOptions options(Path file) {
        return new GatewayOptions(OptionalInt.empty(), Optional.empty(), Optional.of(file), Map.of());
    }

    private static List<String> problems(GatewayOptions options) {
        return ConfigLoader.read(options, SettingsSchema.discover()).problems().stream().map(Object::toString).toList();
    }
}
