package io.polyface.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.gateway.internal.EngineRegistry;
import io.polyface.gateway.internal.GatewayOptions;
import io.polyface.gateway.internal.StartupException;
import io.polyface.spi.engine.RecordStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine without a database of its own (a remote engine, whose connector keeps the ids its
 * backend cannot hold) gets the records of the gateway's database: the one local engine, or the
 * engine {@code records-engine} names.
 */
class EngineRecordsTest {

    @TempDir
    Path work;

    @Test
    void theOneLocalEngineKeepsTheRecordsOfTheOthers() throws Exception {
        String probe = UUID.randomUUID().toString();
        try (EngineRegistry engines = start("""
                engines:
                  local:
                    type: local
                  remote:
                    type: records-probe
                    probe: %s
                """.formatted(probe))) {
            RecordStore records = RecordsProbeEngineProvider.given(probe).orElseThrow();
            records.putRecord("facepass", "facepass-connector/remote/groups", "stars", "{\"version\":0}");
            assertThat(engines.engine("local").orElseThrow().record("facepass", "facepass-connector/remote/groups", "stars"))
                    .contains("{\"version\":0}");
            assertThat(records.records("facepass", "facepass-connector/remote/groups")).containsOnlyKeys("stars");
            assertThat(records.deleteRecord("facepass", "facepass-connector/remote/groups", "stars")).isTrue();
        }
    }

    @Test
    void withSeveralLocalEnginesOnlyTheNamedOneKeepsThemAndWithoutOneNoneDoes() throws Exception {
        String unnamed = UUID.randomUUID().toString();
        String named = UUID.randomUUID().toString();
        try (EngineRegistry engines = start("""
                engines:
                  local:
                    type: local
                  other:
                    type: local
                  a:
                    type: records-probe
                    probe: %s
                  b:
                    type: records-probe
                    probe: %s
                    records-engine: other
                """.formatted(unnamed, named))) {
            assertThat(RecordsProbeEngineProvider.given(unnamed)).isEmpty();
            RecordsProbeEngineProvider.given(named).orElseThrow().putRecord("t", "k", "key", "{}");
            assertThat(engines.engine("other").orElseThrow().record("t", "k", "key")).contains("{}");
            assertThat(engines.engine("local").orElseThrow().record("t", "k", "key")).isEmpty();
        }
        String alone = UUID.randomUUID().toString();
        try (EngineRegistry engines = start("""
                engines:
                  local:
                    enabled: false
                  remote:
                    type: records-probe
                    probe: %s
                """.formatted(alone))) {
            assertThat(RecordsProbeEngineProvider.given(alone)).isEmpty();
        }
    }

    @Test
    void aRecordsEngineThatIsNotConfiguredStopsTheStart() {
        assertThatThrownBy(() -> start("""
                engines:
                  local:
                    enabled: false
                  remote:
                    type: records-probe
                    records-engine: local
                """)).isInstanceOf(StartupException.class).hasMessageContaining("engines.remote.records-engine names 'local'");
    }

    private EngineRegistry start(String yaml) throws Exception {
        Path config = Files.writeString(work.resolve(UUID.randomUUID() + ".yaml"), yaml);
        return Gateway.engines(new GatewayOptions(OptionalInt.empty(), Optional.of(work.resolve("data")), Optional.of(config), Map.of()));
    }
}
