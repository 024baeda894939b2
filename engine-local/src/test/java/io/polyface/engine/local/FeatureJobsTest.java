package io.polyface.engine.local;

import static io.polyface.engine.local.FakeFaceAnalyzer.FEATURE_VERSION;
import static io.polyface.engine.local.FakeFaceAnalyzer.FEATURE_VERSION_2;
import static io.polyface.engine.local.FakeFaceAnalyzer.embeddingOf;
import static io.polyface.engine.local.FakeFaceAnalyzer.face;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.polyface.engine.testing.FeatureJobWait;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FeatureJob;
import io.polyface.spi.engine.ImageCheck;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.StoredFace;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upgrades and re-runs of a collection's feature version, in the background. */
class FeatureJobsTest {

    private static final CollectionRef PEOPLE = new CollectionRef("acme", "people");

    @TempDir
    Path data;

    @Test
    void anUpgradeReextractsEveryFaceAndSwitchesTheCollectionAtTheEnd() {
        try (LocalFaceEngine engine = LocalEngines.embedded(data)) {
            engine.createCollection(PEOPLE, CollectionSpec.unlimited());
            List<StoredFace> faces = enrolAll(engine, "alice", "bob", "carol", "dave");
            // A face whose stored image is gone cannot be upgraded.
            engine.store().deleteImages(List.of(faces.get(3).imageId()));
            assertThat(engine.checkImages(PEOPLE)).isEqualTo(new ImageCheck(4, 3, 1));
            assertThat(topTag(engine, "alice~2")).isEqualTo("alice");

            FeatureJob started = engine.startFeatureJob(PEOPLE, FEATURE_VERSION_2);
            assertThat(started.status()).isEqualTo(FeatureJob.Status.RUNNING);
            assertThat(started.fromVersion()).isEqualTo(FEATURE_VERSION);
            assertThat(started.toVersion()).isEqualTo(FEATURE_VERSION_2);
            assertThat(started.total()).isEqualTo(4);
            FeatureJob finished = FeatureJobWait.untilEnded(engine, PEOPLE.tenant(), started.id());

            assertThat(finished.status()).isEqualTo(FeatureJob.Status.FINISHED);
            assertThat(finished.done()).isEqualTo(4);
            assertThat(finished.failed()).isEqualTo(1);
            assertThat(finished.finishedAt()).isPresent();
            assertThat(engine.collection(PEOPLE).orElseThrow().featureVersion()).isEqualTo(FEATURE_VERSION_2);
            assertThat(engine.embedding(PEOPLE, faces.get(0).faceId())).contains(embeddingOf("alice", FEATURE_VERSION_2));
            // The failed face keeps its old vector and is out of the new index.
            assertThat(engine.embedding(PEOPLE, faces.get(3).faceId())).isEmpty();
            List<SearchHit> hits = engine.search(new SearchQuery(List.of(PEOPLE), new Probe.ImageProbe(face("alice~2")),
                    10, -1, false)).hits();
            assertThat(hits.getFirst().face().tag()).isEqualTo("alice");
            assertThat(hits).extracting(h -> h.face().tag()).containsExactlyInAnyOrder("alice", "bob", "carol");
            assertThat(hits.getFirst().score()).isCloseTo(
                    embeddingOf("alice~2", FEATURE_VERSION_2).cosine(embeddingOf("alice", FEATURE_VERSION_2)), within(1e-5));
            // New faces now come in the new version.
            StoredFace erin = enrolAll(engine, "erin").getFirst();
            assertThat(engine.embedding(PEOPLE, erin.faceId())).contains(embeddingOf("erin", FEATURE_VERSION_2));
            assertThat(engine.featureJobs("acme")).extracting(FeatureJob::id).containsExactly(started.id());
            assertThat(engine.featureJob("acme", started.id())).contains(finished);
            assertThat(engine.featureJob("someone-else", started.id())).isEmpty();
        }
    }

    @Test
    void theNewVersionSurvivesARestart() {
        try (LocalFaceEngine engine = LocalEngines.embedded(data)) {
            engine.createCollection(PEOPLE, CollectionSpec.unlimited());
            enrolAll(engine, "alice", "bob");
            FeatureJobWait.untilEnded(engine, PEOPLE.tenant(), engine.startFeatureJob(PEOPLE, FEATURE_VERSION_2).id());
        }
        try (LocalFaceEngine reopened = LocalEngines.embedded(data)) {
            assertThat(reopened.collection(PEOPLE).orElseThrow().featureVersion()).isEqualTo(FEATURE_VERSION_2);
            assertThat(topTag(reopened, "bob~3")).isEqualTo("bob");
            assertThat(reopened.featureJobs("acme")).singleElement()
                    .satisfies(j -> assertThat(j.status()).isEqualTo(FeatureJob.Status.FINISHED));
        }
    }

    @Test
    void aRerunKeepsTheVersionAndBadRequestsAreRefused() {
        try (LocalFaceEngine engine = LocalEngines.embedded(data)) {
            engine.createCollection(PEOPLE, CollectionSpec.unlimited());
            enrolAll(engine, "alice", "bob");
            long versionBefore = engine.collection(PEOPLE).orElseThrow().version();

            FeatureJob rerun = FeatureJobWait.untilEnded(engine, PEOPLE.tenant(), engine.startFeatureJob(PEOPLE, FEATURE_VERSION).id());

            assertThat(rerun.status()).isEqualTo(FeatureJob.Status.FINISHED);
            assertThat(rerun.done()).isEqualTo(2);
            assertThat(engine.collection(PEOPLE).orElseThrow().featureVersion()).isEqualTo(FEATURE_VERSION);
            assertThat(engine.collection(PEOPLE).orElseThrow().version()).isGreaterThan(versionBefore);
            assertThat(topTag(engine, "alice~2")).isEqualTo("alice");
            assertThatThrownBy(() -> engine.startFeatureJob(PEOPLE, "v9"))
                    .isInstanceOf(FaceException.InvalidArgument.class);
            assertThatThrownBy(() -> engine.startFeatureJob(new CollectionRef("acme", "nope"), FEATURE_VERSION))
                    .isInstanceOf(FaceException.NotFound.class);
            assertThat(engine.featureVersions()).extracting(v -> v.name()).containsExactly(FEATURE_VERSION, FEATURE_VERSION_2);
        }
    }

    @Test
    void theEnginesSettingChoosesTheVersionOfNewCollections() {
        try (LocalFaceEngine engine = LocalEngines.create(data, java.util.Map.of("feature-version", FEATURE_VERSION_2))) {
            assertThat(engine.featureVersion()).isEqualTo(FEATURE_VERSION_2);
            assertThat(engine.createCollection(PEOPLE, CollectionSpec.unlimited()).featureVersion()).isEqualTo(FEATURE_VERSION_2);
            assertThat(engine.createCollection(new CollectionRef("acme", "old"),
                    CollectionSpec.unlimited().withFeatureVersion(FEATURE_VERSION)).featureVersion()).isEqualTo(FEATURE_VERSION);
            assertThatThrownBy(() -> engine.createCollection(new CollectionRef("acme", "odd"),
                    CollectionSpec.unlimited().withFeatureVersion("v9")))
                    .isInstanceOf(FaceException.InvalidArgument.class);
        }
        assertThatThrownBy(() -> LocalEngines.create(data, java.util.Map.of("feature-version", "v9")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fake-v2");
    }

    private static List<StoredFace> enrolAll(LocalFaceEngine engine, String... people) {
        return java.util.Arrays.stream(people)
                .map(p -> engine.addFaces(PEOPLE, List.of(NewFace.of(face(p), p))).getFirst())
                .map(o -> ((EnrolOutcome.Enrolled) o).face())
                .toList();
    }

    private static String topTag(LocalFaceEngine engine, String probe) {
        return engine.search(new SearchQuery(List.of(PEOPLE), new Probe.ImageProbe(face(probe)), 1, -1, false))
                .hits().getFirst().face().tag();
    }
}
