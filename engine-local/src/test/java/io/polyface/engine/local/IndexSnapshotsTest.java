package io.polyface.engine.local;

import static io.polyface.engine.local.FakeFaceAnalyzer.FEATURE_VERSION;
import static io.polyface.engine.local.FakeFaceAnalyzer.embeddingOf;
import static io.polyface.engine.local.FakeFaceAnalyzer.face;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.polyface.engine.local.index.IndexRuntime;
import io.polyface.engine.local.index.IndexSettings;
import io.polyface.engine.local.index.IndexSnapshots;
import io.polyface.engine.local.index.VectorIndex;
import io.polyface.engine.local.store.EmbeddedMongo;
import io.polyface.engine.local.store.MongoFaceStore;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.StoredFace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Index snapshots: used when they match the collection, ignored when anything changed since. */
class IndexSnapshotsTest {

    private static final CollectionRef PEOPLE = new CollectionRef("acme", "people");
    /** An engine that saves the snapshot of every index, however small. */
    private static final Map<String, String> SNAPSHOT_ALL = Map.of("index-snapshot-rows", "1");

    @TempDir
    Path data;

    @Test
    void aSnapshotRoundTripsAndIsUsedOnlyForItsKey() throws IOException {
        IndexSnapshots snapshots = new IndexSnapshots(data, 1);
        VectorIndex index = new VectorIndex(FakeFaceAnalyzer.DIMENSION);
        index.add("a", "alice", embeddingOf("alice").vector());
        index.add("b", "bob", embeddingOf("bob").vector());
        IndexSnapshots.Key key = new IndexSnapshots.Key(new ObjectId(), 7, FEATURE_VERSION);
        IndexRuntime runtime = new IndexRuntime(IndexSettings.exactSingleThreaded());

        snapshots.save(PEOPLE, key, index);

        VectorIndex loaded = snapshots.load(PEOPLE, key, runtime).orElseThrow();
        assertThat(loaded.size()).isEqualTo(2);
        List<VectorIndex.Hit> hits = loaded.search(embeddingOf("bob").vector(), 1, -1, false);
        assertThat(hits.getFirst().faceId()).isEqualTo("b");
        assertThat(hits.getFirst().tag()).isEqualTo("bob");
        assertThat((double) hits.getFirst().score()).isCloseTo(1, within(1e-5));
        assertThat(snapshots.load(PEOPLE, new IndexSnapshots.Key(key.collectionId(), 8, FEATURE_VERSION), runtime)).isEmpty();
        assertThat(snapshots.load(PEOPLE, new IndexSnapshots.Key(new ObjectId(), 7, FEATURE_VERSION), runtime)).isEmpty();
        assertThat(snapshots.load(PEOPLE, new IndexSnapshots.Key(key.collectionId(), 7, "other"), runtime)).isEmpty();
        assertThat(snapshots.load(new CollectionRef("acme", "other"), key, runtime)).isEmpty();

        // A file cut short is no snapshot.
        Path file;
        try (var files = Files.list(data)) {
            file = files.filter(p -> p.toString().endsWith(".index")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertThat(snapshots.load(PEOPLE, key, runtime)).isEmpty();

        // So is one claiming more rows, or longer vectors, than it holds: refused before any room is made.
        int dimensionAt = 4 + 4 + 2 + 24 + 8 + 2 + FEATURE_VERSION.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        for (int[] claim : new int[][] {{dimensionAt + 4, Integer.MAX_VALUE}, {dimensionAt, Integer.MAX_VALUE}, {dimensionAt, -1}}) {
            byte[] damaged = bytes.clone();
            java.nio.ByteBuffer.wrap(damaged).putInt(claim[0], claim[1]);
            Files.write(file, damaged);
            assertThat(snapshots.load(PEOPLE, key, runtime)).isEmpty();
        }
        Files.write(file, bytes);
        assertThat(snapshots.load(PEOPLE, key, runtime)).isPresent();
        snapshots.delete(PEOPLE);
        assertThat(file).doesNotExist();
    }

    @Test
    void aSnapshotOfAnIndexWrittenToMeanwhileIsNotPutInPlace() throws IOException {
        IndexSnapshots snapshots = new IndexSnapshots(data, 1);
        IndexRuntime runtime = new IndexRuntime(IndexSettings.exactSingleThreaded());
        VectorIndex index = new VectorIndex(FakeFaceAnalyzer.DIMENSION);
        index.add("a", "alice", embeddingOf("alice").vector());
        IndexSnapshots.Key first = new IndexSnapshots.Key(new ObjectId(), 1, FEATURE_VERSION);
        snapshots.save(PEOPLE, first, index);

        long changes = index.changes();
        index.add("b", "bob", embeddingOf("bob").vector());
        IndexSnapshots.Key second = new IndexSnapshots.Key(first.collectionId(), 2, FEATURE_VERSION);

        // Read at a state it is no longer in: nothing written, the last snapshot left as it was.
        assertThat(snapshots.write(PEOPLE, second, index, changes)).isEmpty();
        try (var files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).singleElement()
                    .satisfies(name -> assertThat(name).endsWith(".index"));
        }
        assertThat(snapshots.load(PEOPLE, first, runtime).orElseThrow().size()).isEqualTo(1);
        assertThat(snapshots.load(PEOPLE, second, runtime)).isEmpty();

        // Read whole, but dropped before it is put in place (the collection moved on meanwhile).
        snapshots.write(PEOPLE, second, index, index.changes()).orElseThrow().discard();
        assertThat(snapshots.load(PEOPLE, second, runtime)).isEmpty();
        try (var files = Files.list(data)) {
            assertThat(files).hasSize(1);
        }

        // Read whole and put in place.
        assertThat(snapshots.write(PEOPLE, second, index, index.changes()).orElseThrow().publish()).isTrue();
        assertThat(snapshots.load(PEOPLE, second, runtime).orElseThrow().size()).isEqualTo(2);
        assertThat(snapshots.load(PEOPLE, first, runtime)).isEmpty();
    }

    @Test
    void aRestartAfterACleanCloseLoadsTheIndexFromItsSnapshot() {
        StoredFace alice;
        try (LocalFaceEngine engine = LocalEngines.create(data, SNAPSHOT_ALL)) {
            alice = peopleWithAlice(engine);
            enrolled(engine, "bob");
            assertThat(top(engine, "alice~2").face()).isEqualTo(alice);
        }
        assertThat(data.resolve("index-snapshots")).isNotEmptyDirectory();

        try (LocalFaceEngine engine = LocalEngines.create(data, SNAPSHOT_ALL)) {
            assertSearchesFromTheSnapshot(engine, alice);
        }
    }

    @Test
    void aWriteSinceTheSnapshotMakesTheEngineReadTheDatabase() {
        StoredFace alice;
        try (LocalFaceEngine engine = LocalEngines.create(data, SNAPSHOT_ALL)) {
            alice = peopleWithAlice(engine);
            top(engine, "alice");
        }
        // Another engine on the store that keeps no snapshots writes: the collection's version moves on.
        try (LocalFaceEngine other = LocalEngines.create(data, Map.of("index-snapshot-rows", "-1"))) {
            enrolled(other, "carol");
        }
        try (LocalFaceEngine engine = LocalEngines.create(data, SNAPSHOT_ALL)) {
            assertThat(top(engine, "carol~2").face().tag()).isEqualTo("carol");
            assertThat(top(engine, "alice~2").face()).isEqualTo(alice);
        }
    }

    @Test
    void anIndexLeftAloneIsSavedWithoutAClose(@TempDir Path crashCopy) throws Exception {
        Map<String, String> settings = Map.of("index-snapshot-rows", "1", "index-snapshot-idle-seconds", "0.05");
        StoredFace alice;
        StoredFace carol;
        try (LocalFaceEngine engine = LocalEngines.create(data, settings)) {
            alice = peopleWithAlice(engine);
            enrolled(engine, "bob");
            top(engine, "alice");
            awaitSnapshotOfTheCurrentVersion(engine);
            Path file = snapshotFile();
            FileTime written = Files.getLastModifiedTime(file);
            // Rounds that find nothing changed write nothing.
            Thread.sleep(500);
            assertThat(Files.getLastModifiedTime(file)).isEqualTo(written);

            carol = enrolled(engine, "carol");
            awaitSnapshotOfTheCurrentVersion(engine);

            // What a crash now would leave behind: the store's file and the snapshots, without a close.
            Files.copy(data.resolve(EmbeddedMongo.FILE_NAME), crashCopy.resolve(EmbeddedMongo.FILE_NAME));
            Files.createDirectories(crashCopy.resolve("index-snapshots"));
            Files.copy(file, crashCopy.resolve("index-snapshots").resolve(file.getFileName()));
        }

        try (LocalFaceEngine afterCrash = LocalEngines.create(crashCopy, settings)) {
            assertSearchesFromTheSnapshot(afterCrash, alice);
            assertThat(top(afterCrash, "carol~2").face()).isEqualTo(carol);
        }
    }

    @Test
    void aBadSettingIsRefusedByNameAndLeavesNothingRunning() throws InterruptedException {
        long serverThreadsBefore = embeddedServerThreads();
        Map<Map<String, String>, String> bad = Map.of(
                Map.of("index-snapshot-idle-seconds", "soon"), "index-snapshot-idle-seconds is not a number",
                Map.of("index-snapshot-idle-seconds", "-5"), "index-snapshot-idle-seconds must not be negative",
                Map.of("index-snapshot-rows", "many"), "index-snapshot-rows is not a whole number",
                Map.of("feature-version", "fr-feature-v9"), "feature-version fr-feature-v9");
        bad.forEach((settings, message) -> assertThatThrownBy(() -> LocalEngines.create(data, settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message));

        // No embedded server was left running (its threads end shortly after it stops).
        for (int i = 0; i < 200 && embeddedServerThreads() > serverThreadsBefore; i++) {
            Thread.sleep(50);
        }
        assertThat(embeddedServerThreads()).isEqualTo(serverThreadsBefore);
        try (LocalFaceEngine engine = LocalEngines.create(data, Map.of("index-snapshot-idle-seconds", "0"))) {
            engine.createCollection(PEOPLE, CollectionSpec.unlimited());
            assertThat(engine.collection(PEOPLE)).isPresent();
        }
    }

    private static long embeddedServerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("mongo-server"))
                .count();
    }

    /** Waits (a minute at most) for the idle round to write the snapshot of the collection as it is now. */
    private void awaitSnapshotOfTheCurrentVersion(LocalFaceEngine engine) throws InterruptedException {
        MongoFaceStore.CollectionRecord record = engine.store().findCollection(PEOPLE).orElseThrow();
        IndexSnapshots.Key key = new IndexSnapshots.Key(record.id(), record.version(), record.info().featureVersion());
        IndexSnapshots reader = new IndexSnapshots(data.resolve("index-snapshots"), 1);
        IndexRuntime runtime = new IndexRuntime(IndexSettings.exactSingleThreaded());
        for (int i = 0; i < 1200 && reader.load(PEOPLE, key, runtime).isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertThat(reader.load(PEOPLE, key, runtime)).as("a snapshot at version %d", record.version()).isPresent();
    }

    private Path snapshotFile() throws IOException {
        try (var files = Files.list(data.resolve("index-snapshots"))) {
            return files.filter(f -> f.toString().endsWith(".index")).findFirst().orElseThrow();
        }
    }

    /**
     * Behind the engine's back, with no version change, gives alice bob's vector in the database: a
     * search for alice that still scores her face 1 read her vector from the snapshot.
     */
    private static void assertSearchesFromTheSnapshot(LocalFaceEngine engine, StoredFace alice) {
        engine.store().putEmbedding(PEOPLE, alice.faceId(), FEATURE_VERSION, embeddingOf("bob").vector());
        SearchHit best = top(engine, "alice");
        assertThat(best.face()).isEqualTo(alice);
        assertThat(best.score()).as("the vector came from the snapshot").isCloseTo(1, within(1e-5));
    }

    /** Creates the people collection in the engine and enrols alice in it. */
    private static StoredFace peopleWithAlice(LocalFaceEngine engine) {
        engine.createCollection(PEOPLE, CollectionSpec.unlimited());
        return enrolled(engine, "alice");
    }

    private static StoredFace enrolled(LocalFaceEngine engine, String person) {
        EnrolOutcome outcome = engine.addFaces(PEOPLE, List.of(NewFace.of(face(person), person))).getFirst();
        return ((EnrolOutcome.Enrolled) outcome).face();
    }

    private static SearchHit top(LocalFaceEngine engine, String probe) {
        return engine.search(new SearchQuery(List.of(PEOPLE), new Probe.ImageProbe(face(probe)), 1, -1, false))
                .hits().getFirst();
    }
}
