package io.polyface.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsolePlaygroundsTest {
    private final ClassLoader plugins = ConsolePlaygroundsTest.class.getClassLoader();

    @Test
    void onlyTheServedDialectsWithAScriptAreOffered() {
        ConsolePlaygrounds playgrounds = ConsolePlaygrounds.of(List.of("qiniu", "sensetime", "dmai"), plugins);

        assertThat(playgrounds.dialects()).as("in the served order; SenseTime's plugin brings none").containsExactly("qiniu", "dmai");
        assertThat(playgrounds.script("playground-facepass.js")).as("a plugin on the class path whose dialect is not served").isEmpty();
    }

    @Test
    void aScriptIsFoundByItsAssetNameOnly() {
        ConsolePlaygrounds playgrounds = ConsolePlaygrounds.of(List.of("dmai"), plugins);

        assertThat(playgrounds.script("playground-dmai.js")).hasValueSatisfying(
                script -> assertThat(new String(script, StandardCharsets.UTF_8)).contains("/api/v1/engine/recocomp/face/search"));
        assertThat(playgrounds.script("dmai.js")).isEmpty();
        assertThat(playgrounds.script("playground-dmai.css")).isEmpty();
        assertThat(playgrounds.script("playground-.js")).isEmpty();
    }
}
