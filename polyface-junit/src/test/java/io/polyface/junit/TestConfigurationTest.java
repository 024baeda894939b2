package io.polyface.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.junit.internal.TestConfiguration;
import io.polyface.spi.dialect.DialectProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** What the extension adds to a test's configuration, and what it leaves as the test wrote it. */
class TestConfigurationTest {
    private final Random random = new Random(7);

    @Test
    void withoutAFileTheDialectsAskedForGetGeneratedCredentials() {
        TestConfiguration config = TestConfiguration.of(Optional.empty(), List.of("qiniu", "sensetime"), false, random);

        Map<String, Object> yaml = new Yaml().load(config.yaml());
        assertThat(at(yaml, "dialects", "enabled")).isEqualTo(List.of("qiniu", "sensetime"));
        PolyfaceServer.QiniuKey key = config.qiniuKey().orElseThrow();
        assertThat(key.accessKey()).startsWith("polyface-test-ak-");
        assertThat(key.secretKey()).hasSize(40);
        assertThat(at(yaml, "dialects", "qiniu", "keys")).isEqualTo(List.of(Map.of("access-key", key.accessKey(),
                "secret-key", key.secretKey())));
        PolyfaceServer.SensetimeAccount account = config.sensetimeAccount().orElseThrow();
        assertThat(at(yaml, "dialects", "sensetime", "accounts")).isEqualTo(List.of(Map.of("api-id", account.apiId(),
                "api-secret", account.apiSecret())));
        assertThat(at(yaml, "fetch", "allow-hosts")).isEqualTo(List.of("127.0.0.1", "localhost"));
        assertThat(at(yaml, "routing", "reload")).isEqualTo(false);
        assertThat(at(yaml, "journal", "size")).as("the request journal is on").isEqualTo(200);
    }

    @Test
    void aFilesOwnKeysAccountsAndHostsAreKeptAndTheFirstIsTheOneExposed() {
        String file = """
                dialects:
                  enabled: [qiniu, sensetime, dmai]
                  qiniu:
                    keys:
                      - {access-key: mine, secret-key: my-secret}
                      - {access-key: other, secret-key: other-secret}
                  sensetime:
                    accounts:
                      - {api-id: my-id, api-secret: my-api-secret, quota: {groups: 1}}
                fetch:
                  allow-hosts: [images.example]
                """;

        TestConfiguration config = TestConfiguration.of(Optional.of(file), List.of(), false, random);

        assertThat(config.qiniuKey()).contains(new PolyfaceServer.QiniuKey("mine", "my-secret"));
        assertThat(config.sensetimeAccount()).contains(new PolyfaceServer.SensetimeAccount("my-id", "my-api-secret"));
        Map<String, Object> yaml = new Yaml().load(config.yaml());
        assertThat(at(yaml, "dialects", "enabled")).isEqualTo(List.of("qiniu", "sensetime", "dmai"));
        assertThat((List<?>) at(yaml, "dialects", "qiniu", "keys")).hasSize(2);
        assertThat(config.yaml()).contains("groups: 1");
        assertThat(at(yaml, "fetch", "allow-hosts")).isEqualTo(List.of("images.example"));
    }

    @Test
    void dialectsNamedByTheTestWinOverTheFilesAndNoneMeansEveryDialectFound() {
        TestConfiguration chosen = TestConfiguration.of(Optional.of("dialects: {enabled: [dmai]}"), List.of("facepass"), false, random);
        TestConfiguration all = TestConfiguration.of(Optional.empty(), List.of(), true, random);

        assertThat(at(new Yaml().load(chosen.yaml()), "dialects", "enabled")).isEqualTo(List.of("facepass"));
        assertThat(chosen.qiniuKey()).isEmpty();
        assertThat(chosen.sensetimeAccount()).isEmpty();
        assertThat(all.qiniuKey()).isPresent();
        assertThat(all.sensetimeAccount()).isPresent();
        Map<String, Object> allYaml = new Yaml().load(all.yaml());
        Map<?, ?> served = (Map<?, ?>) allYaml.get("dialects");
        assertThat(served.keySet().stream().map(String::valueOf))
                .as("each dialect on the class path gets a port of its own")
                .containsExactlyInAnyOrderElementsOf(ServiceLoader.load(DialectProvider.class).stream().map(p -> p.get().id()).toList())
                .contains("dmai", "facepass", "qiniu", "sensetime");
    }

    @Test
    void ownPortsArePickedFreelyUnlessTheFileNamesOne() {
        TestConfiguration config = TestConfiguration.of(Optional.of("dialects: {dmai: {port: 18080}}"),
                List.of("dmai", "facepass"), true, random);

        Map<String, Object> yaml = new Yaml().load(config.yaml());
        assertThat(at(yaml, "dialects", "dmai", "port")).isEqualTo(18080);
        assertThat(at(yaml, "dialects", "facepass", "port")).isEqualTo(0);
    }

    @Test
    void aMalformedFileIsRefusedWithWhereItIsWrong() {
        assertThatThrownBy(() -> TestConfiguration.of(Optional.of("dialects: [1, 2"), List.of(), false, random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> TestConfiguration.of(Optional.of("- a list"), List.of(), false, random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a mapping");
        assertThatThrownBy(() -> TestConfiguration.of(Optional.of("dialects: {qiniu: {keys: none}}"), List.of("qiniu"), false, random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dialects.qiniu.keys must be a list");
        assertThatThrownBy(() -> TestConfiguration.of(Optional.of("dialects: {qiniu: {keys: [{access-key: a}]}}"), List.of("qiniu"),
                false, random)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no secret-key");
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> yaml, String... path) {
        Object node = yaml;
        for (String key : path) {
            node = ((Map<String, Object>) node).get(key);
        }
        return node;
    }
}
