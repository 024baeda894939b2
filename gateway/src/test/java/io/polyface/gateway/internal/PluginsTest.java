package io.polyface.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.dialect.DialectProvider;
import io.polyface.spi.engine.EngineProvider;
import org.junit.jupiter.api.Test;

class PluginsTest {

    @Test
    void findsTheDialectsAndEnginesOnTheClassPath() {
        assertThat(Plugins.discover(DialectProvider.class, DialectProvider::id)).containsKey("dmai");
        assertThat(Plugins.discover(EngineProvider.class, EngineProvider::type)).containsKey("local");
    }
}
