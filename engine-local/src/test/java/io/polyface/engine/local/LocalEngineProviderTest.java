package io.polyface.engine.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.engine.EngineProvider;
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
}
