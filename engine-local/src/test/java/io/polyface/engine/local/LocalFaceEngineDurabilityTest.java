package io.polyface.engine.local;

import static io.polyface.engine.local.FakeFaceAnalyzer.face;
import static io.polyface.engine.local.LocalFaceEngineTest.enrolled;
import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.engine.local.store.EmbeddedMongo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.StoredFace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledged writes of the embedded store survive a restart, clean or not. */
class LocalFaceEngineDurabilityTest {

    private static final CollectionRef PEOPLE = new CollectionRef("acme", "people");
    private static final CollectionSpec SPEC = new CollectionSpec(OptionalLong.of(100), OptionalInt.of(3), OptionalInt.empty());

    @Test
    void everythingSurvivesCloseAndReopen(@TempDir Path directory) {
        StoredFace alice;
        StoredFace bob;
        String imageId;
        long version;
        try (LocalFaceEngine engine = LocalEngines.embedded(directory)) {
            engine.createCollection(PEOPLE, SPEC);
            alice = enrolled(engine.addFaces(PEOPLE, List.of(NewFace.of(face("alice"), "alice"))).getFirst());
            bob = enrolled(engine.addFaces(PEOPLE, List.of(NewFace.of(face("bob"), "bob"))).getFirst());
            StoredFace carol = enrolled(engine.addFaces(PEOPLE, List.of(NewFace.of(face("carol"), "carol"))).getFirst());
            assertThat(engine.deleteFace(PEOPLE, carol.faceId())).isTrue();
            imageId = engine.storeImage("acme", new byte[] {1, 2, 3});
            version = engine.collection(PEOPLE).orElseThrow().version();
        }

        try (LocalFaceEngine reopened = LocalEngines.embedded(directory)) {
            assertThat(reopened.collection(PEOPLE)).hasValueSatisfying(info -> {
                assertThat(info.spec()).isEqualTo(SPEC.withFeatureVersion(FakeFaceAnalyzer.FEATURE_VERSION));
                assertThat(info.faceCount()).isEqualTo(2);
                assertThat(info.version()).isEqualTo(version);
            });
            assertThat(reopened.face(PEOPLE, alice.faceId())).contains(alice);
            assertThat(reopened.listFaces(PEOPLE, Optional.empty(), Optional.empty(), 10).items()).containsExactlyInAnyOrder(alice, bob);
            assertThat(reopened.image("acme", imageId)).hasValueSatisfying(bytes -> assertThat(bytes).containsExactly(1, 2, 3));
            assertThat(reopened.image("acme", alice.imageId())).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(face("alice")));
            // The index is rebuilt from the stored embeddings.
            var hits = reopened.search(new SearchQuery(List.of(PEOPLE), new Probe.ImageProbe(face("bob~1")), 5, -1, false)).hits();
            assertThat(hits).extracting(hit -> hit.face().tag()).containsExactly("bob", "alice");
        }
    }

    @Test
    void anAnsweredWriteIsOnDiskBeforeTheEngineCloses(@TempDir Path directory, @TempDir Path crashCopy) throws Exception {
        try (LocalFaceEngine engine = LocalEngines.embedded(directory)) {
            engine.createCollection(PEOPLE, SPEC);
            StoredFace alice = enrolled(engine.addFaces(PEOPLE, List.of(NewFace.of(face("alice"), "alice"))).getFirst());

            // What a crash right now would leave behind: the file as it is, without a close.
            Files.copy(directory.resolve(EmbeddedMongo.FILE_NAME), crashCopy.resolve(EmbeddedMongo.FILE_NAME));

            try (LocalFaceEngine afterCrash = LocalEngines.embedded(crashCopy)) {
                assertThat(afterCrash.collection(PEOPLE).orElseThrow().faceCount()).isEqualTo(1);
                assertThat(afterCrash.face(PEOPLE, alice.faceId())).contains(alice);
            }
        }
    }
}
