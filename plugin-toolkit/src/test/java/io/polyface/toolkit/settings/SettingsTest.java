package io.polyface.toolkit.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.engine.EngineContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTest {
    enum Layout { CONNECTOR, DIALECT, READ_ONLY }

    record Limit(int calls) {
        static Limit parse(String text) {
            if (!text.endsWith("q")) {
                throw new IllegalArgumentException("'" + text + "' is not of the form 50q");
            }
            return new Limit(Integer.parseInt(text.substring(0, text.length() - 1)));
        }
    }

    record Everything(
            @Setting(key = "max-collections", defaultValue = "30") int maxCollections,
            @Setting(key = "max-image-bytes", defaultValue = "16777216") long maxImageBytes,
            @Setting(key = "score.center", defaultValue = "0.512") double center,
            @Setting(key = "accept-qbox", defaultValue = "true") boolean acceptQbox,
            @Setting(key = "version", defaultValue = "V1.0.0") String version,
            @Setting(key = "timeout", defaultValue = "10s") Duration timeout,
            @Setting(key = "fetch-timeout", defaultValue = "10", plainNumbers = ChronoUnit.SECONDS) Duration fetchTimeout,
            @Setting(key = "time-zone", defaultValue = "UTC") ZoneId zone,
            @Setting(key = "layout", defaultValue = "connector") Layout layout,
            @Setting(key = "index-file") Optional<Path> indexFile,
            @Setting(key = "header") Optional<String> header,
            @Setting(key = "permissions") List<String> permissions,
            @Setting(key = "limit", defaultValue = "100q") Limit limit) {
    }

    record Required(@Setting(key = "api-id") String apiId) {
    }

    record Checked(@Setting(key = "threads", defaultValue = "2") int threads) {
        Checked {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
        }
    }

    record Unannotated(int threads) {
    }

    record WithForm(@Setting(key = "limit", form = "calls such as 50q") Limit limit) {
    }

    @Test
    void missingKeysTakeTheirDefaults() {
        Everything settings = Settings.bind(Map.of(), Everything.class);

        assertThat(settings).isEqualTo(new Everything(30, 16L << 20, 0.512, true, "V1.0.0", Duration.ofSeconds(10),
                Duration.ofSeconds(10), ZoneId.of("UTC"), Layout.CONNECTOR, Optional.empty(), Optional.empty(), List.of(),
                new Limit(100)));
    }

    @Test
    void eachTypeIsReadFromItsConfigurationForm() {
        Everything settings = Settings.bind(Map.ofEntries(
                Map.entry("max-collections", "50"),
                Map.entry("max-image-bytes", "1024"),
                Map.entry("score.center", "0.6"),
                Map.entry("accept-qbox", "FALSE"),
                Map.entry("version", "v2"),
                Map.entry("timeout", "500ms"),
                Map.entry("fetch-timeout", "900"),
                Map.entry("time-zone", "Asia/Shanghai"),
                Map.entry("layout", "read-only"),
                Map.entry("index-file", "/var/lib/index.json"),
                Map.entry("header", "X-Forwarded-For"),
                Map.entry("permissions", "/info/*, /face/detection"),
                Map.entry("limit", "7q")), Everything.class);

        assertThat(settings).isEqualTo(new Everything(50, 1024, 0.6, false, "v2", Duration.ofMillis(500),
                Duration.ofSeconds(900), ZoneId.of("Asia/Shanghai"), Layout.READ_ONLY,
                Optional.of(Path.of("/var/lib/index.json")), Optional.of("X-Forwarded-For"),
                List.of("/info/*", "/face/detection"), new Limit(7)));
    }

    @Test
    void aFloatIsANumber() {
        record Rate(@Setting(key = "breaker.failure-rate", defaultValue = "50") float failureRate) {
        }

        assertThat(Settings.bind(Map.of(), Rate.class).failureRate()).isEqualTo(50f);
        assertThat(Settings.bind(Map.of("breaker.failure-rate", "12.5"), Rate.class).failureRate()).isEqualTo(12.5f);
        assertThatThrownBy(() -> Settings.bind(Map.of("breaker.failure-rate", "most"), Rate.class))
                .hasMessage("breaker.failure-rate: expected a number, not 'most'");
    }

    @Test
    void durationsTakeEveryFormThePluginsAccept() {
        record Durations(@Setting(key = "d") Duration d) {
        }

        assertThat(Settings.bind(Map.of("d", "250ms"), Durations.class).d()).isEqualTo(Duration.ofMillis(250));
        assertThat(Settings.bind(Map.of("d", "1.5s"), Durations.class).d()).isEqualTo(Duration.ofMillis(1500));
        assertThat(Settings.bind(Map.of("d", "2m"), Durations.class).d()).isEqualTo(Duration.ofMinutes(2));
        assertThat(Settings.bind(Map.of("d", "1h"), Durations.class).d()).isEqualTo(Duration.ofHours(1));
        assertThat(Settings.bind(Map.of("d", "PT15M"), Durations.class).d()).isEqualTo(Duration.ofMinutes(15));
        assertThat(Settings.bind(Map.of("d", "pt10s"), Durations.class).d()).isEqualTo(Duration.ofSeconds(10));
        assertThat(Settings.bind(Map.of("d", "200"), Durations.class).d()).as("bare: milliseconds unless told")
                .isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aListMayComeAsTheGatewayFlattensAYamlSequence() {
        Everything settings = Settings.bind(Map.of("permissions.0", "/info/*", "permissions.1", "/face/detection"),
                Everything.class);

        assertThat(settings.permissions()).containsExactly("/info/*", "/face/detection");
    }

    @Test
    void aBlankOptionalIsAbsent() {
        assertThat(Settings.bind(Map.of("header", " ", "index-file", ""), Everything.class))
                .satisfies(s -> assertThat(s.header()).isEmpty())
                .satisfies(s -> assertThat(s.indexFile()).isEmpty());
    }

    @Test
    void aBadValueNamesTheKeyAndTheExpectedForm() {
        assertBad("max-collections", "lots", "max-collections: expected a whole number, not 'lots'");
        assertBad("max-image-bytes", "16M", "max-image-bytes: expected a whole number, not '16M'");
        assertBad("score.center", "half", "score.center: expected a number, not 'half'");
        assertBad("accept-qbox", "yes", "accept-qbox: expected true or false, not 'yes'");
        assertBad("timeout", "soon", "timeout: expected a duration such as 250ms, 10s, 2m or PT10S, not 'soon'");
        assertBad("time-zone", "Mars/Olympus",
                "time-zone: expected a time-zone id such as UTC or Asia/Shanghai, not 'Mars/Olympus'");
        assertBad("layout", "mirror", "layout: expected one of connector, dialect, read-only, not 'mirror'");
        assertBad("limit", "fast", "limit: 'fast' is not of the form 50q");
    }

    @Test
    void anEnginesSettingIsNamedInFull() {
        EngineContext context = new EngineContext("backup", Map.of("layout", "mirror"), Path.of("data"), Clock.systemUTC());

        assertThatThrownBy(() -> Settings.bind(context, Everything.class))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("engines.backup.layout: expected one of connector, dialect, read-only, not 'mirror'")
                .satisfies(e -> assertThat(((InvalidSettingException) e).key()).isEqualTo("layout"));
    }

    @Test
    void aFormNamedByTheSettingReplacesTheParsersMessage() {
        assertThatThrownBy(() -> Settings.bind(Map.of("limit", "fast"), WithForm.class))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("limit: expected calls such as 50q, not 'fast'");
    }

    @Test
    void aRequiredKeyThatIsMissingIsNamed() {
        assertThatThrownBy(() -> Settings.bind(Map.of(), Required.class))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("api-id: required, and missing");
        assertThat(Settings.bind(Map.of("api-id", "me"), Required.class).apiId()).isEqualTo("me");
    }

    @Test
    void theRecordsOwnCheckStillApplies() {
        assertThatThrownBy(() -> Settings.bind(Map.of("threads", "0"), Checked.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threads must be at least 1");
    }

    @Test
    void aComponentWithoutAKeyIsAMistakeOfThePlugin() {
        assertThatThrownBy(() -> Settings.bind(Map.of(), Unannotated.class))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Unannotated.threads has no @Setting");
    }

    @Test
    void defaultsAreListedAsWrittenForComparingWithASchema() {
        assertThat(Settings.defaults(Everything.class))
                .containsEntry("max-collections", "30")
                .containsEntry("fetch-timeout", "10")
                .doesNotContainKey("index-file");
    }

    private static void assertBad(String key, String value, String message) {
        assertThatThrownBy(() -> Settings.bind(Map.of(key, value), Everything.class))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((InvalidSettingException) e).key()).isEqualTo(key));
    }
}
