package io.polyface.engine.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

    @TempDir
    Path temp;

    @Test
    void defaultDirectoryFollowsTheEnvironment() {
        assertThat(ModelStore.defaultDirectory(Map.of("POLYFACE_MODELS", "/m"))).isEqualTo(Path.of("/m"));
        assertThat(ModelStore.defaultDirectory(Map.of("XDG_CACHE_HOME", "/c")))
                .isEqualTo(Path.of("/c/polyface/models/faceplugin-face-recognition-js-0.0.1"));
        assertThat(ModelStore.defaultDirectory(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache/polyface/models/faceplugin-face-recognition-js-0.0.1"));
    }

    @Test
    void tarballAddressHonoursTheRegistry() {
        assertThat(ModelStore.tarballUri("https://mirror.example/npm/")).hasToString(
                "https://mirror.example/npm/faceplugin-face-recognition-js/-/faceplugin-face-recognition-js-0.0.1.tgz");
    }

    @Test
    void verifiedCopiesAreUsedWithoutTheNetwork() throws IOException {
        ModelStore.Models real = ModelStore.ensureDefault();
        copyAll(real.directory(), temp);
        ModelStore.Models models = offline(temp).ensure();
        assertThat(models.detect()).isEqualTo(temp.toAbsolutePath().resolve("fr_detect.onnx"));
        assertThat(models.expression()).exists();
    }

    @Test
    void corruptModelThatCannotBeFetchedNamesFileHashDirectoryAndFix() throws IOException {
        copyAll(ModelStore.ensureDefault().directory(), temp);
        Files.write(temp.resolve("fr_feature.onnx"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> offline(temp).ensure())
                .isInstanceOf(ModelStore.ModelUnavailableException.class)
                .hasMessageContaining("fr_feature.onnx")
                .hasMessageContaining(ModelStore.ModelFile.FEATURE.sha256())
                .hasMessageContaining(temp.toAbsolutePath().toString())
                .hasMessageContaining("delete the directory")
                .hasMessageContaining("POLYFACE_MODELS")
                .hasMessageContaining("network");
    }

    @Test
    void missingModelsAreDownloadedAndVerified() throws IOException {
        // Needs the npm registry (or npm_config_registry); the build fetches from it anyway.
        ModelStore.Models real = ModelStore.ensureDefault();
        copyAll(real.directory(), temp);
        Files.delete(temp.resolve("fr_landmark.onnx"));
        Files.write(temp.resolve("fr_detect.onnx"), new byte[] {0});
        ModelStore store = ModelStore.fromEnvironment();
        ModelStore local = new ModelStore(temp, ModelStore.tarballUri(ModelStore.DEFAULT_REGISTRY), Duration.ofMinutes(5));
        ModelStore.Models models = local.ensure();
        assertThat(ModelStore.sha256(models.landmark())).isEqualTo(ModelStore.ModelFile.LANDMARK.sha256());
        assertThat(ModelStore.sha256(models.detect())).isEqualTo(ModelStore.ModelFile.DETECT.sha256());
        assertThat(store.directory()).isEqualTo(real.directory());
        try (var files = Files.list(temp)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary files left behind")
                    .noneMatch(n -> n.endsWith(".part") || n.endsWith(".tgz"));
        }
    }

    private static ModelStore offline(Path dir) {
        // port 9 on loopback: nothing listens, the connection is refused at once
        return new ModelStore(dir, URI.create("http://127.0.0.1:9/npm.tgz"), Duration.ofSeconds(5));
    }

    private static void copyAll(Path from, Path to) throws IOException {
        for (ModelStore.ModelFile m : ModelStore.ModelFile.values()) {
            Files.copy(from.resolve(m.fileName()), to.resolve(m.fileName()));
        }
    }
}
