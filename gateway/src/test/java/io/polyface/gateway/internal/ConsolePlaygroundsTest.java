package io.polyface.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsolePlaygroundsTest {
    private final ClassLoader plugins = ConsolePlaygroundsTest.class.getClassLoader();

    @Test
    void onlyTheServedDialectsWithAScriptAreOffered() {
        ConsolePlaygrounds playgrounds = ConsolePlaygrounds.of(List.of("qiniu", "sensetime", "dmai"), plugins);

        assertThat(playgrounds.dialects()).as("in the served order; SenseTime's plugin brings none").containsExactly("qiniu", "dmai");
        assertThat(playgrounds.resource("playground-facepass.js")).as("a plugin on the class path whose dialect is not served").isEmpty();
    }

    @Test
    void aScriptIsFoundByItsAssetNameOnly() {
        ConsolePlaygrounds playgrounds = ConsolePlaygrounds.of(List.of("dmai"), plugins);

        assertThat(playgrounds.resource("playground-dmai.js").map(ConsolePlaygroundsTest::read)).hasValueSatisfying(
                script -> assertThat(script).contains("/api/v1/engine/recocomp/face/search"));
        assertThat(playgrounds.resource("dmai.js")).isEmpty();
        assertThat(playgrounds.resource("playground-dmai.css")).isEmpty();
        assertThat(playgrounds.resource("playground-.js")).isEmpty();
    }

    private static String read(String resource) {
        try (InputStream in = ConsolePlaygroundsTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
