package io.polyface.engine.local;

import static io.polyface.engine.local.FakeFaceAnalyzer.embeddingOf;
import static io.polyface.engine.local.FakeFaceAnalyzer.face;
import static io.polyface.engine.local.FakeFaceAnalyzer.faces;
import static io.polyface.engine.local.FakeFaceAnalyzer.garbage;
import static io.polyface.engine.local.FakeFaceAnalyzer.huge;
import static io.polyface.engine.local.FakeFaceAnalyzer.noFace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The FaceEngine contract on the embedded store, one tenant per test. */
class LocalFaceEngineTest extends EmbeddedEngineTestBase {

    // ---- collections ----------------------------------------------------------------------

    @Test
    void createsListsAndFindsCollectionsInCreationOrder() {
        CollectionSpec spec = new CollectionSpec(OptionalLong.of(1000), OptionalInt.of(5), OptionalInt.empty());
        CollectionInfo created = engine.createCollection(people, spec);
        engine.createCollection(new CollectionRef(tenant, "b"), CollectionSpec.unlimited());
        engine.createCollection(new CollectionRef(tenant, "a"), CollectionSpec.unlimited());

        assertThat(created.ref()).isEqualTo(people);
        assertThat(created.spec()).isEqualTo(spec.withFeatureVersion(FakeFaceAnalyzer.FEATURE_VERSION));
        assertThat(created.featureVersion()).isEqualTo(FakeFaceAnalyzer.FEATURE_VERSION);
        assertThat(created.faceCount()).isZero();
        assertThat(engine.collection(people)).contains(created);
        assertThat(engine.collections(tenant)).extracting(info -> info.ref().name()).containsExactly("people", "b", "a");
        assertThat(engine.collections("nobody")).isEmpty();
        assertThat(engine.collection(new CollectionRef(tenant, "missing"))).isEmpty();
        assertThatThrownBy(() -> engine.createCollection(people, CollectionSpec.unlimited()))
                .isInstanceOfSatisfying(FaceException.AlreadyExists.class,
                        e -> assertThat(e.resource()).isEqualTo(FaceException.Resource.COLLECTION));
    }

    @Test
    void collectionQuotaHoldsUnderConcurrentCreates() throws Exception {
        CollectionSpec spec = new CollectionSpec(OptionalLong.empty(), OptionalInt.empty(), OptionalInt.of(3));
        List<Callable<Boolean>> creates = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            CollectionRef ref = new CollectionRef(tenant, "c" + i);
            creates.add(() -> {
                try {
                    engine.createCollection(ref, spec);
                    return true;
                } catch (FaceException.QuotaExceeded e) {
                    assertThat(e.quota()).isEqualTo(FaceException.Quota.COLLECTIONS);
                    assertThat(e.limit()).isEqualTo(3);
                    return false;
                }
            });
        }
        assertThat(runAll(creates)).filteredOn(created -> created).hasSize(3);
        assertThat(engine.collections(tenant)).hasSize(3);
    }

    @Test
    void everyCallOnAnUnknownCollectionIsNotFound() {
        CollectionRef missing = new CollectionRef(tenant, "missing");
        List<ThrowingCallable> calls = List.of(
                () -> engine.clearCollection(missing),
                () -> engine.deleteCollection(missing),
                () -> engine.addFaces(missing, List.of(NewFace.of(face("a"), "a"))),
                () -> engine.replaceFaces(missing, "a", List.of(NewFace.of(face("a"), "a"))),
                () -> engine.facesByTag(missing, "a"),
                () -> engine.deleteFacesByTag(missing, "a"),
                () -> engine.face(missing, "0123456789abcdef01234567"),
                () -> engine.deleteFace(missing, "0123456789abcdef01234567"),
                () -> engine.listFaces(missing, Optional.empty(), Optional.empty(), 10),
                () -> search(query(List.of(missing), face("a"), 5)));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOfSatisfying(FaceException.NotFound.class,
                    e -> assertThat(e.resource()).isEqualTo(FaceException.Resource.COLLECTION));
        }
    }

    @Test
    void clearRemovesEveryFaceAndBumpsTheVersion() {
        CollectionInfo created = engine.createCollection(people, CollectionSpec.unlimited());
        enrol(people, "alice", "bob", "carol");
        CollectionInfo before = engine.collection(people).orElseThrow();

        assertThat(engine.clearCollection(people)).isEqualTo(3);

        CollectionInfo after = engine.collection(people).orElseThrow();
        assertThat(after.faceCount()).isZero();
        assertThat(after.version()).isGreaterThan(before.version()).isGreaterThan(created.version());
        assertThat(after.updatedAt()).isAfterOrEqualTo(before.updatedAt());
        assertThat(engine.listFaces(people, Optional.empty(), Optional.empty(), 10).items()).isEmpty();
        assertThat(search(query(List.of(people), face("alice"), 5)).hits()).isEmpty();
        assertThat(engine.clearCollection(people)).isZero();
        enrol(people, "dave");
        assertThat(hitTags(search(query(List.of(people), face("dave"), 5)))).containsExactly("dave");
    }

    @Test
    void deletedCollectionIsGoneAndARecreatedOneStartsEmpty() {
        engine.createCollection(people, CollectionSpec.unlimited());
        StoredFace alice = enrol(people, "alice").getFirst();
        search(query(List.of(people), face("alice"), 1));

        engine.deleteCollection(people);

        assertThat(engine.collection(people)).isEmpty();
        assertThat(engine.image(tenant, alice.imageId())).isEmpty();
        assertThatThrownBy(() -> engine.deleteCollection(people)).isInstanceOf(FaceException.NotFound.class);
        engine.createCollection(people, CollectionSpec.unlimited());
        assertThat(engine.collection(people).orElseThrow().faceCount()).isZero();
        assertThat(search(query(List.of(people), face("alice"), 5)).hits()).isEmpty();
    }

    // ---- faces ----------------------------------------------------------------------------

    @Test
    void addFacesEnrolsTheMainFaceAndRejectsBadImagesOneByOne() {
        CollectionInfo created = engine.createCollection(people, CollectionSpec.unlimited());
        List<EnrolOutcome> outcomes = engine.addFaces(people, List.of(
                new NewFace(faces("alice", "bob"), "alice", Optional.of("desk photo"), Optional.of("{\"k\":1}")),
                NewFace.of(noFace(), "nobody"),
                NewFace.of(garbage(), "broken"),
                NewFace.of(huge(), "big"),
                NewFace.of(face("carol"), "carol")));

        assertThat(outcomes).hasSize(5);
        StoredFace alice = enrolled(outcomes.get(0));
        assertThat(alice.tag()).isEqualTo("alice");
        assertThat(alice.description()).contains("desk photo");
        assertThat(alice.userData()).contains("{\"k\":1}");
        assertThat(alice.box().width()).isEqualTo(200);
        assertThat(alice.faceId()).matches("[0-9a-f]{24}");
        assertThat(rejection(outcomes.get(1))).isInstanceOf(FaceException.NoFace.class);
        assertThat(rejection(outcomes.get(2))).isInstanceOf(FaceException.UndecodableImage.class);
        assertThat(rejection(outcomes.get(3))).isInstanceOf(FaceException.ImageTooLarge.class);
        enrolled(outcomes.get(4));

        assertThat(engine.face(people, alice.faceId())).contains(alice);
        assertThat(engine.image(tenant, alice.imageId())).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(faces("alice", "bob")));
        assertThat(engine.image("someone-else", alice.imageId())).isEmpty();
        CollectionInfo after = engine.collection(people).orElseThrow();
        assertThat(after.faceCount()).isEqualTo(2);
        assertThat(after.version()).isGreaterThan(created.version());
        assertThat(after.updatedAt()).isAfterOrEqualTo(created.updatedAt());
        // The main face (alice) is searchable, the second face in the picture (bob) is not enrolled.
        assertThat(hitTags(search(query(List.of(people), face("bob"), 5).withMinScore(0.5)))).isEmpty();
    }

    @Test
    void facesByTagAreOldestFirst() {
        engine.createCollection(people, CollectionSpec.unlimited());
        List<StoredFace> first = enrolFaces(people, "alice", face("alice~1"), face("alice~2"));
        List<StoredFace> second = enrolFaces(people, "alice", face("alice~3"));
        enrol(people, "bob");

        assertThat(engine.facesByTag(people, "alice")).containsExactly(first.get(0), first.get(1), second.get(0));
        assertThat(engine.facesByTag(people, "nobody")).isEmpty();
    }

    @Test
    void perTagLimitHoldsWithinABatchAndUnderConcurrency() throws Exception {
        engine.createCollection(people, new CollectionSpec(OptionalLong.empty(), OptionalInt.of(2), OptionalInt.empty()));
        List<EnrolOutcome> batch = engine.addFaces(people, List.of(
                NewFace.of(face("a~1"), "a"), NewFace.of(face("a~2"), "a"), NewFace.of(face("a~3"), "a"), NewFace.of(face("b"), "b")));
        enrolled(batch.get(0));
        enrolled(batch.get(1));
        assertThat(rejection(batch.get(2))).isInstanceOfSatisfying(FaceException.QuotaExceeded.class, e -> {
            assertThat(e.quota()).isEqualTo(FaceException.Quota.FACES_PER_TAG);
            assertThat(e.limit()).isEqualTo(2);
        });
        enrolled(batch.get(3));

        List<Callable<Boolean>> adds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] image = face("c~" + i);
            adds.add(() -> engine.addFaces(people, List.of(NewFace.of(image, "c"))).getFirst() instanceof EnrolOutcome.Enrolled);
        }
        assertThat(runAll(adds)).filteredOn(ok -> ok).hasSize(2);
        assertThat(engine.facesByTag(people, "c")).hasSize(2);
        assertThat(engine.collection(people).orElseThrow().faceCount()).isEqualTo(5);
    }

    @Test
    void capacityRejectsFacesBeyondIt() {
        engine.createCollection(people, new CollectionSpec(OptionalLong.of(3), OptionalInt.empty(), OptionalInt.empty()));
        enrol(people, "a", "b");
        List<EnrolOutcome> outcomes = engine.addFaces(people, List.of(NewFace.of(face("c"), "c"), NewFace.of(face("d"), "d")));
        enrolled(outcomes.get(0));
        assertThat(rejection(outcomes.get(1))).isInstanceOfSatisfying(FaceException.QuotaExceeded.class,
                e -> assertThat(e.quota()).isEqualTo(FaceException.Quota.COLLECTION_CAPACITY));
        assertThat(engine.collection(people).orElseThrow().faceCount()).isEqualTo(3);
    }

    @Test
    void replaceFacesSwapsTheTagsFacesOrChangesNothing() {
        engine.createCollection(people, new CollectionSpec(OptionalLong.empty(), OptionalInt.of(2), OptionalInt.empty()));
        List<StoredFace> old = enrolFaces(people, "alice", face("alice~1"), face("alice~2"));
        enrol(people, "bob");
        long version = engine.collection(people).orElseThrow().version();

        assertThatThrownBy(() -> engine.replaceFaces(people, "nobody", List.of(NewFace.of(face("x"), "nobody"))))
                .isInstanceOfSatisfying(FaceException.NotFound.class,
                        e -> assertThat(e.resource()).isEqualTo(FaceException.Resource.TAG));

        List<EnrolOutcome> tooMany = engine.replaceFaces(people, "alice",
                List.of(NewFace.of(face("z~1"), "alice"), NewFace.of(face("z~2"), "alice"), NewFace.of(face("z~3"), "alice")));
        assertThat(tooMany).hasSize(3).allSatisfy(outcome -> assertThat(rejection(outcome))
                .isInstanceOfSatisfying(FaceException.QuotaExceeded.class,
                        e -> assertThat(e.quota()).isEqualTo(FaceException.Quota.FACES_PER_TAG)));

        List<EnrolOutcome> noneValid = engine.replaceFaces(people, "alice",
                List.of(NewFace.of(noFace(), "alice"), NewFace.of(garbage(), "alice")));
        assertThat(noneValid).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(EnrolOutcome.Rejected.class));
        assertThat(engine.facesByTag(people, "alice")).isEqualTo(old);
        assertThat(engine.collection(people).orElseThrow().version()).isEqualTo(version);

        List<EnrolOutcome> replaced = engine.replaceFaces(people, "alice",
                List.of(NewFace.of(face("zed"), "alice"), NewFace.of(noFace(), "alice")));
        StoredFace fresh = enrolled(replaced.get(0));
        assertThat(replaced.get(1)).isInstanceOf(EnrolOutcome.Rejected.class);
        assertThat(engine.facesByTag(people, "alice")).containsExactly(fresh);
        assertThat(engine.face(people, old.get(0).faceId())).isEmpty();
        assertThat(engine.image(tenant, old.get(0).imageId())).isEmpty();
        CollectionInfo after = engine.collection(people).orElseThrow();
        assertThat(after.faceCount()).isEqualTo(2);
        assertThat(after.version()).isGreaterThan(version);
        SearchResult result = search(query(List.of(people), face("zed"), 1));
        assertThat(result.hits().getFirst().face()).isEqualTo(fresh);
        assertThat(search(query(List.of(people), face("alice~1"), 5).withMinScore(0.5)).hits()).isEmpty();
    }

    @Test
    void deletesFacesOneByOneAndByTag() {
        engine.createCollection(people, CollectionSpec.unlimited());
        List<StoredFace> alice = enrolFaces(people, "alice", face("alice~1"), face("alice~2"));
        StoredFace bob = enrol(people, "bob").getFirst();
        search(query(List.of(people), face("bob"), 1));

        assertThat(engine.deleteFace(people, bob.faceId())).isTrue();
        assertThat(engine.deleteFace(people, bob.faceId())).isFalse();
        assertThat(engine.deleteFace(people, "not-an-id")).isFalse();
        assertThat(engine.face(people, bob.faceId())).isEmpty();
        assertThat(engine.image(tenant, bob.imageId())).isEmpty();
        assertThat(search(query(List.of(people), face("bob"), 5).withMinScore(0.5)).hits()).isEmpty();

        assertThat(engine.deleteFacesByTag(people, "alice")).isEqualTo(2);
        assertThat(engine.deleteFacesByTag(people, "alice")).isZero();
        assertThat(engine.facesByTag(people, "alice")).isEmpty();
        assertThat(engine.face(people, alice.get(1).faceId())).isEmpty();
        assertThat(engine.collection(people).orElseThrow().faceCount()).isZero();
        assertThat(search(query(List.of(people), face("alice"), 5)).hits()).isEmpty();
    }

    @Test
    void listFacesPagesInAStableOrder() {
        engine.createCollection(people, CollectionSpec.unlimited());
        for (int i = 0; i < 5; i++) {
            List<NewFace> batch = new ArrayList<>();
            for (int j = 0; j < 5; j++) {
                batch.add(NewFace.of(face("p" + i + "~" + j), j % 2 == 0 ? "even" : "odd"));
            }
            engine.addFaces(people, batch);
        }
        List<StoredFace> all = new ArrayList<>();
        Optional<String> marker = Optional.empty();
        List<Integer> sizes = new ArrayList<>();
        do {
            Page<StoredFace> page = engine.listFaces(people, Optional.empty(), marker, 10);
            sizes.add(page.items().size());
            all.addAll(page.items());
            marker = page.nextMarker();
        } while (marker.isPresent());

        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(all).extracting(StoredFace::faceId).doesNotHaveDuplicates().isSorted();
        assertThat(engine.listFaces(people, Optional.of("odd"), Optional.empty(), 100).items())
                .hasSize(10).allSatisfy(face -> assertThat(face.tag()).isEqualTo("odd"));
        assertThat(engine.listFaces(people, Optional.empty(), Optional.empty(), 25).nextMarker()).isEmpty();
        assertThatThrownBy(() -> engine.listFaces(people, Optional.empty(), Optional.empty(), 0))
                .isInstanceOf(FaceException.InvalidArgument.class);
    }

    // ---- search, compare, detect ----------------------------------------------------------

    @Test
    void searchFindsTheSamePersonFirstWithCosineScores() {
        engine.createCollection(people, CollectionSpec.unlimited());
        enrolFaces(people, "alice", face("alice~1"), face("alice~2"));
        enrol(people, "bob", "carol", "dave");

        SearchResult result = search(query(List.of(people), face("alice~9"), 10));

        assertThat(result.probeFace()).isPresent();
        assertThat(result.hits()).hasSize(5);
        assertThat(hitTags(result).subList(0, 2)).containsOnly("alice");
        assertThat(result.hits()).extracting(SearchHit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        SearchHit best = result.hits().getFirst();
        double toFirst = embeddingOf("alice~9").cosine(embeddingOf("alice~1"));
        double toSecond = embeddingOf("alice~9").cosine(embeddingOf("alice~2"));
        assertThat(best.score()).isCloseTo(Math.max(toFirst, toSecond), within(1e-5)).isGreaterThan(0.8);
        assertThat(result.hits().get(2).score()).isLessThan(0.3);

        SearchResult top1 = search(query(List.of(people), face("alice~9"), 1));
        assertThat(top1.hits()).containsExactly(best);
        assertThat(hitTags(search(query(List.of(people), face("alice~9"), 10).withMinScore(0.5)))).containsOnly("alice").hasSize(2);
        assertThat(hitTags(search(query(List.of(people), face("alice~9"), 10).distinct()))).hasSize(4).doesNotHaveDuplicates();
    }

    @Test
    void searchTakesAnEmbeddingAndSeveralCollections() {
        CollectionRef staff = new CollectionRef(tenant, "staff");
        engine.createCollection(people, CollectionSpec.unlimited());
        engine.createCollection(staff, CollectionSpec.unlimited());
        enrol(people, "alice", "bob");
        enrolFaces(staff, "alice", face("alice~3"));
        enrol(staff, "erin");

        SearchQuery byEmbedding = new SearchQuery(List.of(people, staff),
                new Probe.EmbeddingProbe(embeddingOf("alice~4")), 10, -1, false);
        SearchResult result = engine.search(byEmbedding);
        assertThat(result.probeFace()).isEmpty();
        assertThat(result.hits()).hasSize(4);
        assertThat(result.hits().subList(0, 2)).extracting(hit -> hit.face().tag()).containsOnly("alice");
        assertThat(result.hits().subList(0, 2)).extracting(hit -> hit.face().collection()).containsExactlyInAnyOrder(people, staff);

        SearchQuery distinct = new SearchQuery(List.of(people, staff), new Probe.EmbeddingProbe(embeddingOf("alice~4")), 10, -1, true);
        assertThat(hitTags(engine.search(distinct))).containsOnlyOnce("alice").hasSize(3);

        assertThatThrownBy(() -> engine.search(new SearchQuery(List.of(people),
                new Probe.EmbeddingProbe(new io.polyface.spi.engine.Embedding(new float[] {1, 0}, "other-v9")), 3, 0, false)))
                .isInstanceOf(FaceException.InvalidArgument.class);
        assertThatThrownBy(() -> engine.search(new SearchQuery(List.of(people, new CollectionRef("other", "x")),
                new Probe.EmbeddingProbe(embeddingOf("a")), 3, 0, false)))
                .isInstanceOf(FaceException.InvalidArgument.class);
    }

    @Test
    void searchWithAProbeWithoutAFaceIsNoFace() {
        engine.createCollection(people, CollectionSpec.unlimited());
        enrol(people, "alice");
        assertThatThrownBy(() -> search(query(List.of(people), noFace(), 3))).isInstanceOf(FaceException.NoFace.class);
        assertThatThrownBy(() -> search(query(List.of(people), garbage(), 3))).isInstanceOf(FaceException.UndecodableImage.class);
    }

    @Test
    void compareAndDetectUseTheAnalyzer() {
        CompareResult same = engine.compare(face("alice~1"), faces("alice~2", "bob"));
        CompareResult different = engine.compare(face("alice"), face("bob"));
        assertThat(same.score()).isCloseTo(embeddingOf("alice~1").cosine(embeddingOf("alice~2")), within(1e-9));
        assertThat(same.score()).isGreaterThan(0.8);
        assertThat(different.score()).isLessThan(0.3);
        assertThatThrownBy(() -> engine.compare(face("alice"), noFace())).isInstanceOf(FaceException.NoFace.class);
        assertThatThrownBy(() -> engine.compare(huge(), face("alice"))).isInstanceOf(FaceException.ImageTooLarge.class);
        assertThat(engine.detect(faces("a", "b", "c"))).hasSize(3);
        assertThat(engine.detect(noFace())).isEmpty();
    }

    @Test
    void analyzeReturnsEveryFaceMainFirstAndMapsFailures() {
        List<DetectedFace> faces = engine.analyze(faces("a", "b", "c"), EnumSet.allOf(FaceFeature.class));
        assertThat(faces).hasSize(3);
        assertThat(faces.getFirst().embedding()).isEqualTo(embeddingOf("a"));
        assertThat(engine.analyze(noFace(), Set.of())).isEmpty();
        assertThatThrownBy(() -> engine.analyze(garbage(), Set.of(FaceFeature.POSE)))
                .isInstanceOf(FaceException.UndecodableImage.class);
        assertThatThrownBy(() -> engine.analyze(huge(), Set.of())).isInstanceOf(FaceException.ImageTooLarge.class);
    }

    // ---- images and health ----------------------------------------------------------------

    @Test
    void storesImagesPerTenant() {
        byte[] bytes = new byte[300_000];
        new java.util.Random(1).nextBytes(bytes);
        String id = engine.storeImage(tenant, bytes);
        assertThat(id).matches("[0-9a-f]{24}");
        assertThat(engine.image(tenant, id)).hasValueSatisfying(read -> assertThat(read).isEqualTo(bytes));
        assertThat(engine.image("another-tenant", id)).isEmpty();
        assertThat(engine.image(tenant, "../etc/passwd")).isEmpty();
        assertThat(engine.image(tenant, "0123456789abcdef01234567")).isEmpty();
        assertThatThrownBy(() -> engine.storeImage(tenant, new byte[0])).isInstanceOf(FaceException.InvalidArgument.class);
    }

    @Test
    void healthReportsDatabaseAndAnalyzer() {
        EngineHealth health = engine.health();
        assertThat(health.ready()).isTrue();
        assertThat(health.details()).containsKeys("database", "analyzer", "index");
        assertThat(health.details().get("analyzer")).contains(FakeFaceAnalyzer.FEATURE_VERSION);
        assertThat(engine.featureVersion()).isEqualTo(FakeFaceAnalyzer.FEATURE_VERSION);
        assertThat(engine.name()).isEqualTo("local-test");
    }

    // ---- helpers --------------------------------------------------------------------------

    /** Enrols one face per person, tagged with the person's name. */
    private static List<StoredFace> enrol(CollectionRef ref, String... persons) {
        List<NewFace> batch = new ArrayList<>();
        for (String person : persons) {
            batch.add(NewFace.of(face(person), person));
        }
        return engine.addFaces(ref, batch).stream().map(LocalFaceEngineTest::enrolled).toList();
    }

    private static List<StoredFace> enrolFaces(CollectionRef ref, String tag, byte[]... images) {
        List<NewFace> batch = new ArrayList<>();
        for (byte[] image : images) {
            batch.add(NewFace.of(image, tag));
        }
        return engine.addFaces(ref, batch).stream().map(LocalFaceEngineTest::enrolled).toList();
    }

    static StoredFace enrolled(EnrolOutcome outcome) {
        assertThat(outcome).isInstanceOf(EnrolOutcome.Enrolled.class);
        return ((EnrolOutcome.Enrolled) outcome).face();
    }

    static FaceException rejection(EnrolOutcome outcome) {
        assertThat(outcome).isInstanceOf(EnrolOutcome.Rejected.class);
        return ((EnrolOutcome.Rejected) outcome).reason();
    }

    static List<String> hitTags(SearchResult result) {
        return result.hits().stream().map(hit -> hit.face().tag()).toList();
    }

    static QueryBuilder query(List<CollectionRef> refs, byte[] probe, int topK) {
        return new QueryBuilder(refs, probe, topK, -1, false);
    }

    /** A search query, with the defaults of these tests. */
    record QueryBuilder(List<CollectionRef> refs, byte[] probe, int topK, double minScore, boolean distinctTags) {
        QueryBuilder withMinScore(double score) {
            return new QueryBuilder(refs, probe, topK, score, distinctTags);
        }

        QueryBuilder distinct() {
            return new QueryBuilder(refs, probe, topK, minScore, true);
        }

        SearchQuery build() {
            return new SearchQuery(refs, new Probe.ImageProbe(probe), topK, minScore, distinctTags);
        }
    }

    private static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static SearchResult search(QueryBuilder query) {
        return engine.search(query.build());
    }
}
