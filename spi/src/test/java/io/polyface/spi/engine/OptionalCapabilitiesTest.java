package io.polyface.spi.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The optional calls of {@link FaceEngine}'s capabilities: what an engine that leaves them out answers. */
class OptionalCapabilitiesTest {
    private static final CollectionRef REF = new CollectionRef("t", "c");

    /** An engine that implements none of its abstract calls: only the defaults answer. */
    private static <T extends FaceEngine> T defaultsOnly(Class<T> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (!method.isDefault()) {
                throw new AssertionError(method.getName() + " is not optional");
            }
            return InvocationHandler.invokeDefault(proxy, method, args);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @Test
    void anEngineSaysWhichOptionalCallItLacks() {
        FaceEngine engine = defaultsOnly(FaceEngine.class);

        assertThatThrownBy(() -> engine.startFeatureJob(REF, "v2")).isInstanceOf(FaceException.Unsupported.class)
                .hasMessage("not supported by this engine: it has no feature upgrades");
        assertThatThrownBy(() -> engine.checkImages(REF)).hasMessage("not supported by this engine: it has no checking stored images");
        assertThatThrownBy(() -> engine.addVectors(REF, List.of()))
                .hasMessage("not supported by this engine: it has no enrolment by feature vector");
        assertThatThrownBy(() -> engine.replaceVectors(REF, List.of()))
                .hasMessage("not supported by this engine: it has no enrolment by feature vector");
        assertThatThrownBy(() -> engine.putRecord("t", "k", "key", "{}")).hasMessage("not supported by this engine: it has no dialect records");
        assertThatThrownBy(engine::tenants).hasMessage("not supported by this engine: it has no list of its tenants");
        assertThatThrownBy(() -> engine.eraseTenant("t")).hasMessage("not supported by this engine: it has no erasure of a whole tenant");
    }

    @Test
    void analysisAndEverythingBeyondEnrollingAndSearchingAreOptional() {
        FaceEngine engine = defaultsOnly(FaceEngine.class);
        byte[] image = {1, 2, 3};

        assertThatThrownBy(() -> engine.detect(image)).hasMessage("not supported by this engine: it has no face detection");
        assertThatThrownBy(() -> engine.analyze(image, Set.of())).hasMessage("not supported by this engine: it has no face analysis");
        assertThatThrownBy(() -> engine.compare(image, image))
                .hasMessage("not supported by this engine: it has no 1:1 comparison of two images");
        assertThatThrownBy(() -> engine.storeImage("t", image)).hasMessage("not supported by this engine: it has no image storage");
        assertThatThrownBy(() -> engine.updateCollection(REF, Map.of()))
                .hasMessage("not supported by this engine: it has no collection attributes");
        assertThatThrownBy(() -> engine.facesByTag(REF, "tag")).hasMessage("not supported by this engine: it has no listing of a tag's faces");
        assertThatThrownBy(() -> engine.face(REF, "f")).hasMessage("not supported by this engine: it has no lookup of a face by id");
        assertThatThrownBy(() -> engine.deleteFace(REF, "f")).hasMessage("not supported by this engine: it has no deletion of one face");
        assertThatThrownBy(() -> engine.updateFace(REF, "f", null)).hasMessage("not supported by this engine: it has no changes to a stored face");
        assertThatThrownBy(() -> engine.copyFaces(REF, List.of()))
                .hasMessage("not supported by this engine: it has no copying of faces between collections");
        assertThatThrownBy(() -> engine.embedding(REF, "f")).hasMessage("not supported by this engine: it has no reading of stored embeddings");
        assertThatThrownBy(() -> engine.listFaces(REF, Optional.empty(), Optional.empty(), 10))
                .hasMessage("not supported by this engine: it has no face listing");
    }

    @Test
    void enrollingDeletingATagAndSearchingAreNotOptional() {
        FaceEngine engine = defaultsOnly(FaceEngine.class);

        assertThatThrownBy(() -> engine.addFaces(REF, List.of())).isInstanceOf(AssertionError.class).hasMessage("addFaces is not optional");
        assertThatThrownBy(() -> engine.deleteFacesByTag(REF, "tag")).hasMessage("deleteFacesByTag is not optional");
        assertThatThrownBy(() -> engine.createCollection(REF, null)).hasMessage("createCollection is not optional");
    }

    @Test
    void anEngineWithoutFeatureUpgradesHasNoJobToReport() {
        FaceEngine engine = defaultsOnly(FaceEngine.class);

        assertThat(engine.featureJob("t", "job-1")).isEqualTo(Optional.empty());
        assertThat(engine.featureJobs("t")).isEmpty();
    }
}
