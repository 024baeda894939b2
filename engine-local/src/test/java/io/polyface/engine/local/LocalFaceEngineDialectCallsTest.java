package io.polyface.engine.local;

import static io.polyface.engine.local.FakeFaceAnalyzer.embeddingOf;
import static io.polyface.engine.local.FakeFaceAnalyzer.face;
import static io.polyface.engine.local.FakeFaceAnalyzer.faces;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.polyface.spi.FaceException;
import io.polyface.spi.QualityCheck;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.StoredFace;
import io.polyface.spi.engine.VendorQualityPolicies;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine calls the vendor dialects build on: chosen face ids, regions, quality gates, face
 * updates and copies, stored-face probes, collection attributes and dialect records.
 */
class LocalFaceEngineDialectCallsTest extends EmbeddedEngineTestBase {
    private CollectionRef group;

    @BeforeEach
    void peopleAndGroup() {
        group = new CollectionRef(tenant, "group");
        engine.createCollection(people, CollectionSpec.unlimited());
    }

    @Test
    void chosenFaceIdsAreUniquePerCollectionOnly() {
        engine.createCollection(group, CollectionSpec.unlimited());

        List<EnrolOutcome> outcomes = engine.addFaces(people, List.of(
                NewFace.of(face("alice"), "alice").withFaceId("token-1"),
                NewFace.of(face("bob"), "bob").withFaceId("token-1"),
                NewFace.of(face("carol"), "carol").withFaceId(" "),
                NewFace.of(face("dave"), "dave").withFaceId("x".repeat(129))));

        assertThat(enrolled(outcomes.get(0)).faceId()).isEqualTo("token-1");
        assertThat(rejection(outcomes.get(1))).isInstanceOf(FaceException.AlreadyExists.class);
        assertThat(rejection(outcomes.get(2))).isInstanceOf(FaceException.InvalidArgument.class);
        assertThat(rejection(outcomes.get(3))).isInstanceOf(FaceException.InvalidArgument.class);
        assertThat(rejection(engine.addFaces(people, List.of(NewFace.of(face("erin"), "erin").withFaceId("token-1")))
                .getFirst())).isInstanceOf(FaceException.AlreadyExists.class);
        // Another collection may hold the same id, and each keeps its own face.
        StoredFace inGroup = enrolled(engine.addFaces(group, List.of(NewFace.of(face("bob"), "bob").withFaceId("token-1")))
                .getFirst());
        assertThat(engine.face(people, "token-1")).hasValueSatisfying(f -> assertThat(f.tag()).isEqualTo("alice"));
        assertThat(engine.face(group, "token-1")).contains(inGroup);
        assertThat(hits(query(people, new Probe.ImageProbe(face("alice~2"))))).extracting(h -> h.face().faceId())
                .containsExactly("token-1");
        assertThat(hits(query(group, new Probe.ImageProbe(face("bob~2"))))).extracting(h -> h.face().tag())
                .containsExactly("bob");
        assertThat(engine.deleteFace(people, "token-1")).isTrue();
        assertThat(engine.face(group, "token-1")).isPresent();
    }

    @Test
    void aRegionChoosesTheFaceItOverlaps() {
        // faces:alice,bob puts bob's 100x120 box at x=230, y=20.
        StoredFace bob = enrolled(engine.addFaces(people, List.of(
                NewFace.of(faces("alice", "bob"), "bob").withRegion(new BoundingBox(225, 15, 105, 125)))).getFirst());
        assertThat(bob.box().x()).isEqualTo(230);
        assertThat(engine.embedding(people, bob.faceId()).orElseThrow().vector()).isEqualTo(embeddingOf("bob").vector());

        EnrolOutcome nowhere = engine.addFaces(people, List.of(
                NewFace.of(faces("alice", "bob"), "x").withRegion(new BoundingBox(900, 900, 50, 50)))).getFirst();
        assertThat(rejection(nowhere)).isInstanceOf(FaceException.NoFace.class);

        List<SearchHit> found = hits(query(people, new Probe.ImageProbe(faces("carol", "bob~3"),
                Optional.of(new BoundingBox(230, 20, 100, 120)))));
        assertThat(found).extracting(h -> h.face().tag()).containsExactly("bob");
        assertThatThrownBy(() -> engine.search(query(people, new Probe.ImageProbe(face("bob"),
                Optional.of(new BoundingBox(900, 900, 50, 50))))))
                .isInstanceOf(FaceException.NoFace.class);
    }

    @Test
    void aQualityGateRefusesBadFacesAndReportsWhatItMeasured() {
        List<EnrolOutcome> outcomes = engine.addFaces(people, List.of(
                NewFace.of(face("alice"), "alice").withQualityGate(VendorQualityPolicies.FACEPASS),
                NewFace.of(face("bob!blurry"), "bob").withQualityGate(VendorQualityPolicies.FACEPASS),
                NewFace.of(face("carol!blurry"), "carol").withDetails(Set.of(FaceFeature.QUALITY))));

        EnrolOutcome.Enrolled alice = (EnrolOutcome.Enrolled) outcomes.get(0);
        assertThat(alice.detected()).hasValueSatisfying(d -> {
            assertThat(d.details().pose()).isPresent();
            assertThat(d.details().quality()).isPresent();
        });
        EnrolOutcome.Rejected bob = (EnrolOutcome.Rejected) outcomes.get(1);
        assertThat(bob.reason()).isInstanceOfSatisfying(FaceException.BadQuality.class,
                bad -> assertThat(bad.failedChecks()).containsExactly(QualityCheck.BLUR));
        assertThat(bob.reason()).hasMessageContaining("blur");
        assertThat(bob.detected()).hasValueSatisfying(d -> assertThat(d.details().quality().orElseThrow().blur()).isGreaterThan(0.5));
        // Without a gate the measures are reported and the face goes in.
        EnrolOutcome.Enrolled carol = (EnrolOutcome.Enrolled) outcomes.get(2);
        assertThat(carol.detected().orElseThrow().details().quality().orElseThrow().blur()).isGreaterThan(0.5);
        assertThat(engine.collection(people).orElseThrow().faceCount()).isEqualTo(2);
    }

    @Test
    void updatesChangeDataAndTagsAndKeepTheEmbedding() {
        CollectionRef limited = new CollectionRef(tenant, "limited");
        engine.createCollection(limited, new CollectionSpec(OptionalLong.empty(), OptionalInt.of(1), OptionalInt.empty()));
        StoredFace alice = enrolled(engine.addFaces(limited, List.of(NewFace.of(face("alice"), "alice"))).getFirst());
        StoredFace bob = enrolled(engine.addFaces(limited, List.of(NewFace.of(face("bob"), "bob"))).getFirst());
        // Loads the index, which must follow the tag change.
        hits(query(limited, new Probe.ImageProbe(face("alice"))));

        StoredFace described = engine.updateFace(limited, alice.faceId(),
                new FaceUpdate(Optional.empty(), Optional.of("new desc"), Optional.of("{\"a\":2}")));
        assertThat(described.description()).contains("new desc");
        assertThat(described.userData()).contains("{\"a\":2}");
        assertThat(described.tag()).isEqualTo("alice");
        assertThatThrownBy(() -> engine.updateFace(limited, alice.faceId(),
                new FaceUpdate(Optional.of("bob"), Optional.empty(), Optional.empty())))
                .isInstanceOf(FaceException.QuotaExceeded.class);

        StoredFace renamed = engine.updateFace(limited, alice.faceId(),
                new FaceUpdate(Optional.of("alicia"), Optional.empty(), Optional.empty()));
        assertThat(renamed.tag()).isEqualTo("alicia");
        assertThat(renamed.description()).contains("new desc");
        assertThat(engine.facesByTag(limited, "alicia")).containsExactly(renamed);
        assertThat(hits(query(limited, new Probe.ImageProbe(face("alice~2"))))).first()
                .satisfies(h -> assertThat(h.face().tag()).isEqualTo("alicia"));
        assertThat(engine.embedding(limited, bob.faceId()).orElseThrow().vector()).isEqualTo(embeddingOf("bob").vector());
        assertThatThrownBy(() -> engine.updateFace(limited, "nope",
                new FaceUpdate(Optional.of("x"), Optional.empty(), Optional.empty())))
                .isInstanceOf(FaceException.NotFound.class);
    }

    @Test
    void copiesCarryFacesBetweenCollectionsWithoutTheImageBeingSentAgain() {
        engine.createCollection(group, new CollectionSpec(OptionalLong.of(2), OptionalInt.empty(), OptionalInt.empty()));
        StoredFace alice = enrolled(engine.addFaces(people, List.of(new NewFace(face("alice"), "alice",
                Optional.of("desc"), Optional.of("data")))).getFirst());
        StoredFace bob = enrolled(engine.addFaces(people, List.of(NewFace.of(face("bob"), "bob"))).getFirst());
        StoredFace carol = enrolled(engine.addFaces(people, List.of(NewFace.of(face("carol"), "carol"))).getFirst());
        int analysesBefore = analyzerCalls();

        List<EnrolOutcome> outcomes = engine.copyFaces(group, List.of(
                FaceCopy.of(people, alice.faceId()),
                new FaceCopy(people, bob.faceId(), Optional.of("b-copy"), Optional.of("robert")),
                FaceCopy.of(people, "missing"),
                FaceCopy.of(new CollectionRef("other-tenant", "people"), alice.faceId()),
                FaceCopy.of(people, carol.faceId())));

        StoredFace aliceCopy = enrolled(outcomes.get(0));
        assertThat(aliceCopy.faceId()).isEqualTo(alice.faceId());
        assertThat(aliceCopy.collection()).isEqualTo(group);
        assertThat(aliceCopy.description()).contains("desc");
        assertThat(aliceCopy.userData()).contains("data");
        assertThat(aliceCopy.box()).isEqualTo(alice.box());
        assertThat(enrolled(outcomes.get(1))).satisfies(f -> {
            assertThat(f.faceId()).isEqualTo("b-copy");
            assertThat(f.tag()).isEqualTo("robert");
        });
        assertThat(rejection(outcomes.get(2))).isInstanceOf(FaceException.NotFound.class);
        assertThat(rejection(outcomes.get(3))).isInstanceOf(FaceException.InvalidArgument.class);
        assertThat(rejection(outcomes.get(4))).isInstanceOf(FaceException.QuotaExceeded.class);
        assertThat(analyzerCalls()).as("same feature version: vectors are copied").isEqualTo(analysesBefore);

        assertThat(hits(query(group, new Probe.ImageProbe(face("bob~2"))))).first()
                .satisfies(h -> assertThat(h.face().tag()).isEqualTo("robert"));
        // The copy has its own image: deleting the original leaves it whole.
        engine.deleteFace(people, alice.faceId());
        assertThat(engine.image(tenant, aliceCopy.imageId())).hasValueSatisfying(b -> assertThat(b).isEqualTo(face("alice")));
        assertThat(engine.checkImages(group).missing()).isZero();
    }

    @Test
    void aStoredFaceIsAProbeAndItsEmbeddingCanBeRead() {
        StoredFace alice = enrolled(engine.addFaces(people, List.of(NewFace.of(face("alice"), "alice"))).getFirst());
        engine.addFaces(people, List.of(NewFace.of(face("alice~2"), "alice"), NewFace.of(face("bob"), "bob")));

        List<SearchHit> found = hits(query(people, new Probe.StoredFaceProbe(people, alice.faceId())));

        assertThat(found.getFirst().face()).isEqualTo(alice);
        assertThat(found.getFirst().score()).isCloseTo(1, within(1e-5));
        assertThat(found.get(1).face().tag()).isEqualTo("alice");
        assertThat(engine.embedding(people, alice.faceId())).contains(embeddingOf("alice"));
        assertThat(engine.embedding(people, "nope")).isEmpty();
        assertThatThrownBy(() -> engine.search(query(people, new Probe.StoredFaceProbe(people, "nope"))))
                .isInstanceOf(FaceException.NotFound.class);
    }

    @Test
    void collectionsKeepTheirVersionAndAttributes() {
        CollectionInfo created = engine.createCollection(group, CollectionSpec.unlimited()
                .withFeatureVersion(FakeFaceAnalyzer.FEATURE_VERSION_2)
                .withAttributes(Map.of("display", "Front door", "id", "17")));
        assertThat(created.featureVersion()).isEqualTo(FakeFaceAnalyzer.FEATURE_VERSION_2);
        assertThat(created.spec().attributes()).containsEntry("display", "Front door");

        CollectionInfo updated = engine.updateCollection(group, Map.of("display", "Back door"));
        assertThat(updated.spec().attributes()).containsExactly(Map.entry("display", "Back door"));
        assertThat(engine.collection(group).orElseThrow().spec().attributes()).isEqualTo(Map.of("display", "Back door"));
        assertThatThrownBy(() -> engine.updateCollection(new CollectionRef(tenant, "nope"), Map.of()))
                .isInstanceOf(FaceException.NotFound.class);

        engine.addFaces(group, List.of(NewFace.of(face("alice"), "alice")));
        engine.addFaces(people, List.of(NewFace.of(face("alice"), "alice")));
        assertThat(engine.embedding(group, engine.facesByTag(group, "alice").getFirst().faceId()).orElseThrow()
                .featureVersion()).isEqualTo(FakeFaceAnalyzer.FEATURE_VERSION_2);
        assertThat(hits(query(group, new Probe.ImageProbe(face("alice~2"))))).first()
                .satisfies(h -> assertThat(h.score()).isGreaterThan(0.8));
        // Two versions are never searched together.
        assertThatThrownBy(() -> engine.search(new SearchQuery(List.of(people, group),
                new Probe.ImageProbe(face("alice")), 5, -1, false)))
                .isInstanceOf(FaceException.InvalidArgument.class)
                .hasMessageContaining("feature versions");
        assertThatThrownBy(() -> engine.search(query(group, new Probe.EmbeddingProbe(embeddingOf("alice")))))
                .isInstanceOf(FaceException.InvalidArgument.class);
    }

    @Test
    void recordsAreKeptPerTenantAndKind() {
        engine.putRecord(tenant, "settings", "threshold", "{\"v\":78}");
        engine.putRecord(tenant, "settings", "alpha", "{\"v\":1}");
        engine.putRecord(tenant, "devices", "10.0.0.1", "{}");
        engine.putRecord("other-" + tenant, "settings", "threshold", "{\"v\":1}");

        assertThat(engine.record(tenant, "settings", "threshold")).contains("{\"v\":78}");
        engine.putRecord(tenant, "settings", "threshold", "{\"v\":80}");
        assertThat(engine.record(tenant, "settings", "threshold")).contains("{\"v\":80}");
        assertThat(engine.records(tenant, "settings")).containsExactly(
                Map.entry("alpha", "{\"v\":1}"), Map.entry("threshold", "{\"v\":80}"));
        assertThat(engine.deleteRecord(tenant, "settings", "alpha")).isTrue();
        assertThat(engine.deleteRecord(tenant, "settings", "alpha")).isFalse();
        assertThat(engine.record(tenant, "settings", "alpha")).isEmpty();
        assertThat(engine.records(tenant, "devices")).containsOnlyKeys("10.0.0.1");
    }

    private int analyzerCalls() {
        return ((FakeFaceAnalyzer) engine.analyzerForTests()).calls();
    }

    private static SearchQuery query(CollectionRef ref, Probe probe) {
        return new SearchQuery(List.of(ref), probe, 10, 0.5, false);
    }

    private static List<SearchHit> hits(SearchQuery query) {
        return engine.search(query).hits();
    }

    private static StoredFace enrolled(EnrolOutcome outcome) {
        assertThat(outcome).isInstanceOf(EnrolOutcome.Enrolled.class);
        return ((EnrolOutcome.Enrolled) outcome).face();
    }

    private static FaceException rejection(EnrolOutcome outcome) {
        assertThat(outcome).isInstanceOf(EnrolOutcome.Rejected.class);
        return ((EnrolOutcome.Rejected) outcome).reason();
    }
}
