package io.polyface.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static io.polyface.engine.testing.ContractFixture.assertUnsupported;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.ErasedTenant;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.FeatureJob;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.ImageCheck;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import io.polyface.spi.engine.VectorFace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link FaceEngine} shares, run against each implementation: a subclass
 * gives its engine ({@link #engine()}), says which optional behaviours it has ({@link
 * #hasBehavior}), and may give photos its engine finds faces in ({@link #photo}); the calls of a
 * behaviour it lacks must fail with {@link FaceException.Unsupported}. Each test works in a tenant
 * of its own, so one engine may serve the whole class; on an engine of one tenant (a vendor's
 * account) each test deletes the collections it made. Where an engine departs from the SPI, the
 * departure is either a behaviour it says it lacks (such as {@link EngineBehavior#PROBE_FACE},
 * {@link EngineBehavior#SEVERAL_HITS_PER_COLLECTION}, {@link EngineBehavior#DISTINCT_TAGS} or
 * {@link EngineBehavior#REJECTION_REASONS}) or a test its subclass overrides to pin what the engine
 * does instead, with the reason.
 * <p>
 * A subclass runs the whole contract by extending this one class and overrides any test by name;
 * the tests of collections, detection and comparison, and what every test stands on, are in
 * {@link EngineContractBase}, the shared helpers in {@code ContractFixture}.
 */
public abstract class FaceEngineContract extends EngineContractBase {
    @Test
    protected void enrolledFacesAreFoundByIdAndTagAndCounted() {
        fixture.createPeople(CollectionSpec.unlimited());
        if (!hasBehavior(EngineBehavior.FACE_IDS)) {
            List<NewFace> faces = List.of(NewFace.of(photo(Person.ALICE), "alice"), NewFace.of(photo(Person.BOB), "bob"));
            assertThat(engine().addFaces(people, faces))
                    .allSatisfy(o -> assertThat(o).isInstanceOfSatisfying(EnrolOutcome.Enrolled.class,
                            e -> assertThat(e.face().collection()).isEqualTo(people)));
            assertThat(engine().collection(people).orElseThrow().faceCount()).isEqualTo(2);
            assertUnsupported(() -> engine().face(people, "any-face"));
            return;
        }
        boolean userData = hasBehavior(EngineBehavior.USER_DATA);
        List<EnrolOutcome> outcomes = engine().addFaces(people, List.of(
                new NewFace(photo(Person.ALICE), "alice", Optional.of("at the door"),
                        userData ? Optional.of("{\"n\":1}") : Optional.empty()).withFaceId(fixture.id("a")),
                NewFace.of(photo(Person.BOB), "bob").withFaceId(fixture.id("b"))));

        assertThat(outcomes).allMatch(EnrolOutcome.Enrolled.class::isInstance);
        StoredFace alice = ((EnrolOutcome.Enrolled) outcomes.getFirst()).face();
        assertThat(alice.faceId()).isEqualTo(fixture.id("a"));
        assertThat(alice.collection()).isEqualTo(people);
        assertThat(alice.tag()).isEqualTo("alice");
        assertThat(alice.description()).contains("at the door");
        if (userData) {
            assertThat(alice.userData()).contains("{\"n\":1}");
        }
        assertThat(engine().face(people, fixture.id("a"))).hasValueSatisfying(f -> assertThat(f.tag()).isEqualTo("alice"));
        assertThat(engine().face(people, "no-such-face")).isEmpty();
        assertThat(engine().facesByTag(people, "bob")).extracting(StoredFace::faceId).containsExactly(fixture.id("b"));
        assertThat(engine().facesByTag(people, "nobody")).isEmpty();
        assertThat(engine().collection(people).orElseThrow().faceCount()).isEqualTo(2);
    }

    @Test
    protected void anImageWithoutAFaceIsRejectedAndTheOthersGoIn() {
        fixture.createPeople(CollectionSpec.unlimited());

        List<EnrolOutcome> outcomes = engine().addFaces(people, List.of(
                NewFace.of(photoWithoutFace(), "nobody"), NewFace.of(photo(Person.ALICE), "alice")));

        assertThat(outcomes.get(0)).isInstanceOfSatisfying(EnrolOutcome.Rejected.class,
                r -> assertThat(r.reason()).isInstanceOf(FaceException.NoFace.class));
        assertThat(outcomes.get(1)).isInstanceOf(EnrolOutcome.Enrolled.class);
        assertThat(engine().collection(people).orElseThrow().faceCount()).isEqualTo(1);
    }

    @Test
    protected void aTakenFaceIdIsRejected() {
        fixture.createPeople(CollectionSpec.unlimited());
        if (!hasBehavior(EngineBehavior.FACE_IDS)) {
            assertUnsupported(() -> engine().addFaces(people,
                    List.of(NewFace.of(photo(Person.BOB), "bob").withFaceId(fixture.id("a")))));
            return;
        }
        fixture.enrol(people, Person.ALICE, "a");

        List<EnrolOutcome> outcomes = engine().addFaces(people,
                List.of(NewFace.of(photo(Person.BOB), "bob").withFaceId(fixture.id("a"))));

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(EnrolOutcome.Rejected.class, r -> {
            if (hasBehavior(EngineBehavior.REJECTION_REASONS)) {
                assertThat(r.reason()).isInstanceOf(FaceException.AlreadyExists.class);
            }
        });
        assertThat(engine().face(people, fixture.id("a"))).hasValueSatisfying(f -> assertThat(f.tag()).isEqualTo("alice"));
    }

    @Test
    protected void facesAreDeletedOneByOneAndByTag() {
        fixture.createPeopleWithAliceTwiceAndBob();

        if (hasBehavior(EngineBehavior.FACE_IDS)) {
            assertThat(engine().deleteFace(people, fixture.id("b"))).isTrue();
            assertThat(engine().deleteFace(people, fixture.id("b"))).isFalse();
            assertThat(engine().deleteFacesByTag(people, "alice")).isEqualTo(2);
        } else {
            assertUnsupported(() -> engine().deleteFace(people, "any-face"));
            assertThat(engine().deleteFacesByTag(people, "bob")).isPositive();
            assertThat(engine().deleteFacesByTag(people, "alice")).isPositive();
        }
        assertThat(engine().deleteFacesByTag(people, "alice")).isZero();

        assertThat(engine().collection(people).orElseThrow().faceCount()).isZero();
    }

    @Test
    protected void listingPagesThroughEveryFaceOnce() {
        fixture.createPeople(CollectionSpec.unlimited());
        if (!hasBehavior(EngineBehavior.FACE_IDS)) {
            assertUnsupported(() -> engine().listFaces(people, Optional.empty(), Optional.empty(), 2));
            return;
        }
        fixture.enrolInPeople(Person.ALICE, Person.BOB, Person.CAROL);

        List<String> seen = new ArrayList<>();
        Optional<String> marker = Optional.empty();
        int pages = 0;
        do {
            Page<StoredFace> page = engine().listFaces(people, Optional.empty(), marker, 2);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(2);
            page.items().forEach(f -> seen.add(f.faceId()));
            marker = page.nextMarker();
            pages++;
        } while (marker.isPresent() && pages < 10);

        assertThat(seen).containsExactlyInAnyOrder(fixture.id("a"), fixture.id("b"), fixture.id("c"));
        assertThat(engine().listFaces(people, Optional.of("bob"), Optional.empty(), 10).items())
                .extracting(StoredFace::faceId).containsExactly(fixture.id("b"));
    }

    @Test
    protected void aFacesTagAndDescriptionChange() {
        fixture.createPeopleWith(Person.ALICE);
        FaceUpdate update = new FaceUpdate(Optional.of("alicia"), Optional.of("renamed"), Optional.empty());
        if (!hasBehavior(EngineBehavior.UPDATE_FACE)) {
            assertUnsupported(() -> engine().updateFace(people, fixture.id("a"), update));
            return;
        }

        StoredFace updated = engine().updateFace(people, fixture.id("a"), update);

        assertThat(updated.tag()).isEqualTo("alicia");
        assertThat(updated.description()).contains("renamed");
        assertThat(engine().facesByTag(people, "alicia")).extracting(StoredFace::faceId).containsExactly(fixture.id("a"));
        assertThat(engine().facesByTag(people, "alice")).isEmpty();
        assertThatThrownBy(() -> engine().updateFace(people, "no-such-face", update)).isInstanceOf(FaceException.NotFound.class);
    }

    @Test
    protected void replacingATagsFacesSwapsThemAtOnce() {
        fixture.createPeopleWith(Person.ALICE);
        List<NewFace> replacement = List.of(NewFace.of(photo(Person.CAROL), "alice").withFaceId(fixture.id("a2")));
        if (!hasBehavior(EngineBehavior.REPLACE_FACES)) {
            assertUnsupported(() -> engine().replaceFaces(people, "alice", replacement));
            return;
        }

        List<EnrolOutcome> outcomes = engine().replaceFaces(people, "alice", replacement);

        assertThat(outcomes).singleElement().isInstanceOf(EnrolOutcome.Enrolled.class);
        assertThat(engine().facesByTag(people, "alice")).extracting(StoredFace::faceId).containsExactly(fixture.id("a2"));
        // When no new face can go in, the old ones stay.
        List<EnrolOutcome> refused = engine().replaceFaces(people, "alice", List.of(NewFace.of(photoWithoutFace(), "alice")));
        assertThat(refused).singleElement().isInstanceOf(EnrolOutcome.Rejected.class);
        assertThat(engine().facesByTag(people, "alice")).extracting(StoredFace::faceId).containsExactly(fixture.id("a2"));
        assertThatThrownBy(() -> engine().replaceFaces(people, "nobody", List.of(NewFace.of(photo(Person.BOB), "nobody"))))
                .isInstanceOf(FaceException.NotFound.class);
    }

    @Test
    protected void copiedFacesAreSearchableInTheirNewCollection() {
        fixture.createPeopleWith(Person.ALICE);
        CollectionRef staff = new CollectionRef(tenant(), "staff");
        engine().createCollection(staff, CollectionSpec.unlimited());
        List<FaceCopy> copies = List.of(new FaceCopy(people, fixture.id("a"), Optional.of(fixture.id("copy")), Optional.of("alicia")),
                FaceCopy.of(people, "no-such-face"));
        if (!hasBehavior(EngineBehavior.COPY_FACES)) {
            assertUnsupported(() -> engine().copyFaces(staff, copies));
            return;
        }

        List<EnrolOutcome> outcomes = engine().copyFaces(staff, copies);

        assertThat(outcomes.get(0)).isInstanceOf(EnrolOutcome.Enrolled.class);
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(EnrolOutcome.Rejected.class,
                r -> assertThat(r.reason()).isInstanceOf(FaceException.NotFound.class));
        SearchResult found = engine().search(new SearchQuery(List.of(staff), new Probe.ImageProbe(photo(Person.ALICE)), 1, 0, false));
        assertThat(found.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.face().faceId()).isEqualTo(fixture.id("copy"));
            assertThat(hit.face().tag()).isEqualTo("alicia");
        });
        assertThat(engine().face(people, fixture.id("a"))).isPresent();
    }

    @Test
    protected void aTagTakesNoMoreFacesThanTheCollectionAllows() {
        CollectionSpec onePerTag = new CollectionSpec(OptionalLong.empty(), OptionalInt.of(1), OptionalInt.empty());
        if (!hasBehavior(EngineBehavior.FACES_PER_TAG_LIMIT)) {
            assertUnsupported(() -> fixture.createPeople(onePerTag));
            return;
        }
        fixture.createPeople(onePerTag);
        fixture.enrol(people, Person.ALICE, "a");

        List<EnrolOutcome> outcomes = engine().addFaces(people, List.of(NewFace.of(photo(Person.ALICE), "alice")));

        assertThat(outcomes).singleElement().isInstanceOfSatisfying(EnrolOutcome.Rejected.class,
                r -> assertThat(r.reason()).isInstanceOf(FaceException.QuotaExceeded.class));
        assertThat(engine().facesByTag(people, "alice")).hasSize(1);
    }

    // ---- search -------------------------------------------------------------------------------

    @Test
    protected void aPhotoFindsTheFaceEnrolledFromItFirst() {
        fixture.createPeopleWith(Person.ALICE, Person.BOB, Person.CAROL);

        SearchResult result = fixture.searchByPhoto(Person.BOB, 3, -1, false);

        assertThat(result.probeFace().isPresent()).isEqualTo(hasBehavior(EngineBehavior.PROBE_FACE));
        assertThat(result.hits()).hasSize(hasBehavior(EngineBehavior.SEVERAL_HITS_PER_COLLECTION) ? 3 : 1);
        assertThat(fixture.key(result.hits().getFirst().face())).isEqualTo(fixture.key(Person.BOB, "b"));
        assertThat(result.hits().getFirst().score()).isGreaterThanOrEqualTo(samePhotoScore());
        assertThat(result.hits()).extracting(SearchHit::score).isSortedAccordingTo((x, y) -> Double.compare(y, x));
    }

    @Test
    protected void topKAndMinScoreBoundTheHits() {
        fixture.createPeopleWith(Person.ALICE, Person.BOB, Person.CAROL);

        assertThat(fixture.searchByPhoto(Person.ALICE, 1, -1, false).hits()).singleElement()
                .satisfies(hit -> assertThat(fixture.key(hit.face())).isEqualTo(fixture.key(Person.ALICE, "a")));
        assertThat(fixture.searchByPhoto(Person.ALICE, 3, samePhotoScore(), false).hits()).extracting(h -> fixture.key(h.face()))
                .containsExactly(fixture.key(Person.ALICE, "a"));
    }

    @Test
    protected void distinctTagsGiveEachPersonOnce() {
        fixture.createPeopleWithAliceTwiceAndBob();

        SearchResult result = fixture.searchByPhoto(Person.ALICE, 3, -1, true);

        if (hasBehavior(EngineBehavior.DISTINCT_TAGS)) {
            assertThat(result.hits()).extracting(h -> h.face().tag()).containsExactly("alice", "bob");
        } else {
            assertThat(result.hits()).isNotEmpty().extracting(h -> h.face().tag()).isSubsetOf("alice", "bob").first().isEqualTo("alice");
        }
    }

    @Test
    protected void aSearchSpansCollectionsOfTheTenant() {
        fixture.createPeople(CollectionSpec.unlimited());
        CollectionRef staff = new CollectionRef(tenant(), "staff");
        engine().createCollection(staff, CollectionSpec.unlimited());
        fixture.enrol(people, Person.ALICE, "a");
        fixture.enrol(staff, Person.BOB, "b");

        SearchResult result = engine().search(new SearchQuery(List.of(people, staff), new Probe.ImageProbe(photo(Person.BOB)),
                2, -1, false));

        assertThat(result.hits()).extracting(h -> fixture.key(h.face()))
                .containsExactly(fixture.key(Person.BOB, "b"), fixture.key(Person.ALICE, "a"));
        assertThat(result.hits().getFirst().face().collection()).isEqualTo(staff);
    }

    @Test
    protected void searchingWithAPhotoWithoutAFaceFailsWithNoFace() {
        fixture.createPeopleWith(Person.ALICE);

        assertThatThrownBy(() -> engine().search(new SearchQuery(List.of(people), new Probe.ImageProbe(photoWithoutFace()),
                1, 0, false))).isInstanceOf(FaceException.NoFace.class);
    }

    @Test
    protected void aStoredFaceSearchesWithItsEmbedding() {
        fixture.createPeopleWith(Person.ALICE, Person.BOB);
        if (!hasBehavior(EngineBehavior.EMBEDDINGS)) {
            assertUnsupported(() -> engine().embedding(people, fixture.id("b")));
            assertUnsupported(() -> engine().search(new SearchQuery(List.of(people),
                    new Probe.EmbeddingProbe(new Embedding(new float[] {1, 0, 0}, engine().featureVersion())), 1, -1, false)));
            return;
        }

        Embedding embedding = engine().embedding(people, fixture.id("b")).orElseThrow();
        SearchResult byEmbedding = engine().search(new SearchQuery(List.of(people), new Probe.EmbeddingProbe(embedding), 1, -1, false));
        SearchResult byStoredFace = engine().search(new SearchQuery(List.of(people),
                new Probe.StoredFaceProbe(people, fixture.id("b")), 1, -1, false));

        assertThat(embedding.featureVersion()).isEqualTo(engine().featureVersion());
        assertThat(byEmbedding.probeFace()).isEmpty();
        assertThat(byEmbedding.hits()).extracting(h -> h.face().faceId()).containsExactly(fixture.id("b"));
        assertThat(byStoredFace.hits()).extracting(h -> h.face().faceId()).containsExactly(fixture.id("b"));
        assertThat(engine().embedding(people, "no-such-face")).isEmpty();
    }

    @Test
    protected void facesGivenAsVectorsAreStoredAllOrNone() {
        fixture.createPeople(CollectionSpec.unlimited());
        int dimension = engine().featureVersions().stream().filter(v -> v.name().equals(engine().featureVersion()))
                .map(FeatureVersion::dimension).findFirst().orElse(OptionalInt.empty()).orElse(3);
        float[] x = new float[dimension];
        x[0] = 1;
        float[] y = new float[dimension];
        y[1] = 1;
        if (!hasBehavior(EngineBehavior.VECTORS)) {
            assertUnsupported(() -> engine().addVectors(people, List.of(VectorFace.of(fixture.id("x"), "x", x))));
            assertUnsupported(() -> engine().replaceVectors(people, List.of(VectorFace.of(fixture.id("x"), "x", x))));
            return;
        }

        List<StoredFace> stored = engine().addVectors(people,
                List.of(VectorFace.of(fixture.id("x"), "x", x), VectorFace.of(fixture.id("y"), "y", y)));

        assertThat(stored).extracting(StoredFace::faceId).containsExactly(fixture.id("x"), fixture.id("y"));
        SearchResult found = engine().search(new SearchQuery(List.of(people),
                new Probe.EmbeddingProbe(new Embedding(y, engine().featureVersion())), 1, -1, false));
        assertThat(found.hits()).extracting(h -> h.face().faceId()).containsExactly(fixture.id("y"));
        assertThatThrownBy(() -> engine().addVectors(people, List.of(VectorFace.of(fixture.id("z"), "z", x),
                VectorFace.of(fixture.id("w"), "w", new float[dimension + 1])))).isInstanceOf(FaceException.InvalidArgument.class);
        assertThat(engine().face(people, fixture.id("z"))).isEmpty();
        assertThatThrownBy(() -> engine().addVectors(people, List.of(VectorFace.of(fixture.id("x"), "x", x))))
                .isInstanceOf(FaceException.AlreadyExists.class);

        engine().replaceVectors(people, List.of(VectorFace.of(fixture.id("x"), "renamed", y)));
        assertThat(engine().face(people, fixture.id("x"))).hasValueSatisfying(f -> assertThat(f.tag()).isEqualTo("renamed"));
    }

    // ---- feature jobs -------------------------------------------------------------------------

    @Test
    protected void aFeatureJobExtractsTheFacesAgainFromTheirImages() {
        fixture.createPeopleWith(Person.ALICE, Person.BOB);
        if (!hasBehavior(EngineBehavior.FEATURE_JOBS)) {
            assertUnsupported(() -> engine().startFeatureJob(people, engine().featureVersion()));
            assertUnsupported(() -> engine().checkImages(people));
            assertThat(engine().featureJobs(tenant())).isEmpty();
            return;
        }

        assertThat(engine().checkImages(people)).isEqualTo(new ImageCheck(2, 2, 0));
        FeatureJob started = engine().startFeatureJob(people, engine().featureVersion());
        FeatureJob job = FeatureJobWait.untilEnded(engine(), tenant(), started.id());

        assertThat(job.status()).isEqualTo(FeatureJob.Status.FINISHED);
        assertThat(job.total()).isEqualTo(2);
        assertThat(job.failed()).isZero();
        assertThat(engine().featureJobs(tenant())).extracting(FeatureJob::id).contains(started.id());
        if (hasBehavior(EngineBehavior.ANY_TENANT)) {
            assertThat(engine().featureJob(tenant() + "-other", started.id())).isEmpty();
        }
        assertThat(fixture.searchByPhoto(Person.ALICE, 1, -1, false).hits()).extracting(h -> h.face().faceId())
                .containsExactly(fixture.id("a"));
        assertThatThrownBy(() -> engine().startFeatureJob(people, "no-such-version")).isInstanceOf(FaceException.InvalidArgument.class);
    }

    // ---- records and tenants ------------------------------------------------------------------

    @Test
    protected void recordsAreKeptByTenantKindAndKey() {
        if (!hasBehavior(EngineBehavior.RECORDS)) {
            assertUnsupported(() -> engine().putRecord(tenant(), "settings", "a", "{}"));
            assertUnsupported(() -> engine().record(tenant(), "settings", "a"));
            return;
        }

        engine().putRecord(tenant(), "settings", "b", "{\"v\":2}");
        engine().putRecord(tenant(), "settings", "a", "{\"v\":1}");
        engine().putRecord(tenant(), "settings", "a", "{\"v\":3}");
        engine().putRecord(tenant(), "tasks", "a", "{}");

        assertThat(engine().record(tenant(), "settings", "a")).contains("{\"v\":3}");
        if (hasBehavior(EngineBehavior.ANY_TENANT)) {
            assertThat(engine().record(tenant() + "-other", "settings", "a")).isEmpty();
        }
        assertThat(engine().records(tenant(), "settings")).containsExactly(Map.entry("a", "{\"v\":3}"), Map.entry("b", "{\"v\":2}"));
        assertThat(engine().deleteRecord(tenant(), "settings", "a")).isTrue();
        assertThat(engine().deleteRecord(tenant(), "settings", "a")).isFalse();
        assertThat(engine().records(tenant(), "settings")).containsOnlyKeys("b");
    }

    @Test
    protected void anErasedTenantHoldsNothingAndOthersKeepTheirs() {
        if (!hasBehavior(EngineBehavior.TENANTS) || !hasBehavior(EngineBehavior.ANY_TENANT)) {
            assertUnsupported(() -> engine().tenants());
            assertUnsupported(() -> engine().eraseTenant(tenant()));
            return;
        }
        fixture.createPeopleWith(Person.ALICE);
        String other = tenant() + "-kept";
        CollectionRef kept = new CollectionRef(other, "people");
        engine().createCollection(kept, CollectionSpec.unlimited());

        assertThat(engine().tenants()).contains(tenant(), other);
        ErasedTenant erased = engine().eraseTenant(tenant());

        assertThat(erased.collections()).isEqualTo(1);
        assertThat(erased.faces()).isEqualTo(1);
        assertThat(engine().collections(tenant())).isEmpty();
        assertThat(engine().tenants()).doesNotContain(tenant()).contains(other);
        assertThat(engine().eraseTenant(tenant()).empty()).isTrue();
        assertThat(engine().collection(kept)).isPresent();
        engine().eraseTenant(other);
    }
}
