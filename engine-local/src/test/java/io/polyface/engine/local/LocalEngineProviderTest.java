package io.polyface.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.engine.local.pipeline.OnnxFacePipeline;
import io.polyface.spi.engine.EngineContext;
import io.polyface.spi.engine.EngineProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LocalEngineProviderTest {

    @Test
    void isFoundByTheServiceLoaderAsTypeLocal() {
        assertThat(ServiceLoader.load(EngineProvider.class).stream().map(ServiceLoader.Provider::get))
                .filteredOn(provider -> provider instanceof LocalEngineProvider)
                .singleElement()
                .satisfies(provider -> assertThat(provider.type()).isEqualTo("local"));
    }

    @Test
    void engineSettingsReachTheAnalysis() {
        EngineContext context = new EngineContext("local", Map.of(
                "analysis-threads", "1", "detection-threshold", "0.8", "min-face-size", "40",
                "max-image-bytes", "1000", "max-image-pixels", "2000", "detection-tile-scale", "4"),
                Path.of("unused"), Clock.systemUTC());

        assertThat(LocalEngineProvider.analysisOptions(context)).isEqualTo(
                new OnnxFacePipeline.Options(1, 0.8, 0.4, 40, 1000, 2000, 4));
    }

    @Test
    void absentSettingsKeepTheDefaults() {
        EngineContext context = new EngineContext("local", Map.of(), Path.of("unused"), Clock.systemUTC());

        assertThat(LocalEngineProvider.analysisOptions(context)).isEqualTo(OnnxFacePipeline.Options.defaults());
    }

    @Test
    void aBadSettingNamesItsKey() {
        EngineContext context = new EngineContext("local", Map.of("analysis-threads", "many"), Path.of("unused"), Clock.systemUTC());

        assertThatThrownBy(() -> LocalEngineProvider.analysisOptions(context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("engines.local.analysis-threads: expected a whole number, not 'many'");
    }

    @Test
    void withoutTheVectorApiStartUpSaysWhichFlagToAdd() {
        assertThatThrownBy(() -> LocalEngineProvider.requireVectorApi(ModuleLayer.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--add-modules jdk.incubator.vector");
        assertThatCode(() -> LocalEngineProvider.requireVectorApi(ModuleLayer.boot())).doesNotThrowAnyException();
    }
}
