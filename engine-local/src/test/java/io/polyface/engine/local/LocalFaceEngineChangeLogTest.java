package io.polyface.engine.local;

import static io.polyface.engine.local.FakeFaceAnalyzer.face;
import static io.polyface.engine.local.StoppableDatabase.eventually;
import static io.polyface.engine.local.StoppableDatabase.freePort;
import static io.polyface.engine.local.StoppableDatabase.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.MongoServer;
import io.polyface.engine.local.WriteOrder.WriteStep;
import io.polyface.engine.local.index.SearchScaleBench;
import io.polyface.engine.local.index.VectorIndex;
import io.polyface.engine.local.store.ChangeLog;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.VectorFace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes on one database keeping their indexes in step through the change log ({@link ChangeLog}):
 * two or three engines on one embedded store in one JVM, as gateway nodes run them, with writers
 * stopped half-way as a crash would stop them and a database that goes away. Every test ends by
 * comparing each node's index, face by face and vector by vector, with what the store holds.
 */
class LocalFaceEngineChangeLogTest {

    private static final CollectionRef PEOPLE = new CollectionRef("acme", "people");
    private static final Duration GRACE = Duration.ofMillis(300);
    private static final Map<String, String> LOG = Map.of("change-log.grace-seconds", "0.3");

    @TempDir
    Path hostDirectory;

    @TempDir
    Path secondDirectory;

    @TempDir
    Path thirdDirectory;

    private final List<LocalFaceEngine> running = new ArrayList<>();
    private final SplittableRandom random = new SplittableRandom(11);
    private int port;

    @AfterEach
    void stop() {
        // Clients first, the node serving the store last.
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void aNodeBehindAppliesEveryKindOfChangeWithoutReloading() {
        LocalFaceEngine host = host(LOG);
        LocalFaceEngine other = client(secondDirectory, LOG);
        host.createCollection(PEOPLE, CollectionSpec.unlimited());
        VectorFace a = vector("a", "tag-a");
        VectorFace b = vector("b", "tag-b");
        VectorFace c = vector("c", "tag-c");
        host.addVectors(PEOPLE, List.of(a, b, c));
        assertThat(topId(other, a.vector())).contains("a");
        assertThat(other.indexCounters().reloads()).isEqualTo(1);

        VectorFace d = vector("d", "tag-d");
        host.addVectors(PEOPLE, List.of(d));
        assertThat(topId(other, d.vector())).contains("d");

        VectorFace newA = vector("a", "tag-a");
        host.replaceVectors(PEOPLE, List.of(newA));
        assertThat(top(other, newA.vector()).score()).isGreaterThan(0.999);

        assertThat(host.deleteFace(PEOPLE, "b")).isTrue();
        assertThat(topId(other, b.vector())).isNotEqualTo(Optional.of("b"));

        host.updateFace(PEOPLE, "c", new FaceUpdate(Optional.of("tag-c2"), Optional.empty(), Optional.empty()));
        assertThat(top(other, c.vector()).face().tag()).isEqualTo("tag-c2");

        host.addFaces(PEOPLE, List.of(NewFace.of(face("alice"), "alice")));
        assertThat(tagsFor(other, "alice~1")).first().isEqualTo("alice");
        host.replaceFaces(PEOPLE, "alice", List.of(NewFace.of(face("bob"), "alice")));
        assertThat(tagsFor(other, "bob~1")).first().isEqualTo("alice");
        assertThat(host.deleteFacesByTag(PEOPLE, "alice")).isEqualTo(1);
        assertThat(tagsFor(other, "bob~1")).doesNotContain("alice");

        // Six foreign writes, all applied from the log: the one load was the first search's.
        assertThat(other.indexCounters().reloads()).isEqualTo(1);
        assertThat(other.indexCounters().catchUps()).isGreaterThanOrEqualTo(6);
        assertIndexesMatchTheStore(host, other);
    }

    @Test
    void twoNodesWritingAtOnceKeepBothIndexesEqualToTheStore() throws Exception {
        LocalFaceEngine host = host(LOG);
        LocalFaceEngine other = client(secondDirectory, LOG);
        host.createCollection(PEOPLE, CollectionSpec.unlimited());
        host.addVectors(PEOPLE, List.of(vector("seed", "seed")));
        search(host, vector("probe", "probe").vector());
        search(other, vector("probe", "probe").vector());

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (LocalFaceEngine node : List.of(host, other)) {
                String prefix = node == host ? "h" : "o";
                List<VectorFace> faces = new ArrayList<>();
                List<VectorFace> moved = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    faces.add(vector(prefix + i, prefix + (i % 7)));
                    moved.add(vector(prefix + (i - 1), "moved"));
                }
                done.add(pool.submit(() -> {
                    for (int i = 0; i < faces.size(); i++) {
                        VectorFace mine = faces.get(i);
                        node.addVectors(PEOPLE, List.of(mine));
                        // Read-your-writes on the writing node, whatever the other one did meanwhile.
                        assertThat(topId(node, mine.vector())).contains(mine.faceId());
                        if (i % 5 == 4) {
                            node.deleteFace(PEOPLE, faces.get(i - 2).faceId());
                        }
                        if (i % 9 == 8) {
                            node.replaceVectors(PEOPLE, List.of(moved.get(i)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertIndexesMatchTheStore(host, other);
        assertThat(host.indexCounters().reloads()).isEqualTo(1);
        assertThat(other.indexCounters().reloads()).isEqualTo(1);
        assertThat(other.collection(PEOPLE).orElseThrow().faceCount()).isEqualTo(host.store().countFaces(PEOPLE));
    }

    @Test
    void aNodeThatWasDownCatchesUpFromTheLogAndReloadsOnlyWhenTheLogNoLongerReachesBack() {
        Map<String, String> settings = new HashMap<>(LOG);
        settings.put("change-log.retain", "10");
        settings.put("index-snapshot-rows", "0");
        LocalFaceEngine host = host(settings);
        host.createCollection(PEOPLE, CollectionSpec.unlimited());
        host.addVectors(PEOPLE, List.of(vector("a", "a"), vector("b", "b")));
        LocalFaceEngine other = client(secondDirectory, settings);
        search(other, vector("probe", "probe").vector());
        // Down: its close leaves an index snapshot behind.
        stop(other);

        for (int i = 0; i < 5; i++) {
            host.addVectors(PEOPLE, List.of(vector("w" + i, "w")));
        }
        host.deleteFace(PEOPLE, "a");
        other = client(secondDirectory, settings);
        assertThat(topId(other, vector("w3", "w").vector())).isNotEmpty();
        assertThat(other.indexCounters()).isEqualTo(new CollectionIndexes.Counters(0, 1, 1, 6));
        assertIndexesMatchTheStore(host, other);

        stop(other);
        for (int i = 0; i < 11; i++) {
            host.addVectors(PEOPLE, List.of(vector("x" + i, "x")));
        }
        other = client(secondDirectory, settings);
        search(other, vector("probe", "probe").vector());
        // The snapshot is eleven versions behind, the log keeps ten: read the store instead.
        assertThat(other.indexCounters().reloads()).isEqualTo(1);
        assertThat(other.indexCounters().catchUps()).isZero();
        assertIndexesMatchTheStore(host, other);

        // The log is trimmed as it grows: at most the window and one trimming step are kept.
        for (int i = 0; i < 2 * ChangeLog.TRIM_EVERY; i++) {
            host.addVectors(PEOPLE, List.of(vector("y" + i, "y")));
        }
        assertThat(host.store().database().getCollection("faceChanges").countDocuments())
                .isLessThanOrEqualTo(10 + ChangeLog.TRIM_EVERY);
        assertIndexesMatchTheStore(host, other);
    }

    @Test
    void aWriterKilledAfterStoringItsFacesIsGivenUpAfterTheGraceAndEveryNodeReloads() throws InterruptedException {
        Nodes nodes = hostWriterAndReader();
        LocalFaceEngine host = nodes.host();
        LocalFaceEngine reader = nodes.reader();

        VectorFace lost = vector("lost", "lost");
        killAt(nodes.writer(), WriteStep.FACES_WRITTEN, lost);
        // Unacknowledged and not yet given up: no node reloads for it.
        search(reader, lost.vector());
        assertThat(reader.indexCounters().reloads()).isEqualTo(1);

        Thread.sleep(GRACE.toMillis() + 100);
        assertThat(topId(reader, lost.vector())).contains("lost");
        assertThat(topId(host, lost.vector())).contains("lost");
        assertThat(reader.indexCounters().reloads()).isEqualTo(2);
        assertThat(host.collection(PEOPLE).orElseThrow().faceCount()).isEqualTo(2);
        LocalFaceEngine restarted = client(secondDirectory, LOG);
        assertIndexesMatchTheStore(host, reader, restarted);
    }

    @Test
    void aWriterKilledBeforeItsLogEntryLeavesAGapThatHidesNoLaterWriteAndIsFilledAfterTheGrace()
            throws InterruptedException {
        Nodes nodes = hostWriterAndReader();
        LocalFaceEngine host = nodes.host();
        LocalFaceEngine reader = nodes.reader();

        VectorFace gap = vector("gap", "gap");
        killAt(nodes.writer(), WriteStep.VERSION_BUMPED, gap);
        VectorFace later = vector("later", "later");
        host.addVectors(PEOPLE, List.of(later));
        // The write after the gap is acknowledged, so every node sees it at once, without a reload.
        assertThat(topId(reader, later.vector())).contains("later");
        assertThat(reader.indexCounters().reloads()).isEqualTo(1);

        Thread.sleep(GRACE.toMillis() + 100);
        assertThat(topId(reader, gap.vector())).contains("gap");
        assertThat(topId(host, gap.vector())).contains("gap");
        assertThat(reader.indexCounters().reloads()).isEqualTo(2);
        assertIndexesMatchTheStore(host, reader, client(secondDirectory, LOG));
    }

    @Test
    void aDatabaseGoneInTheMiddleOfAWriteLosesNoFaceAndDuplicatesNone() throws Exception {
        int dbPort = freePort();
        String file = hostDirectory.resolve("mongo.mv.db").toString();
        MongoServer[] server = {start(file, dbPort)};
        Map<String, String> settings = new HashMap<>(LOG);
        settings.put("mongodb-uri", "mongodb://127.0.0.1:" + dbPort + "/?directConnection=true");
        settings.put("mongodb-server-selection-timeout-ms", "500");
        settings.put("mongodb-connect-timeout-ms", "500");
        settings.put("mongodb-socket-timeout-ms", "2000");
        try {
            LocalFaceEngine first = started(LocalEngines.create(secondDirectory, settings));
            LocalFaceEngine second = started(LocalEngines.create(thirdDirectory, settings));
            first.createCollection(PEOPLE, CollectionSpec.unlimited());
            first.addVectors(PEOPLE, List.of(vector("a", "a"), vector("b", "b")));
            search(first, vector("probe", "probe").vector());
            search(second, vector("probe", "probe").vector());

            // The database goes away after the faces of a write went in, before its version moved.
            first.onWriteStep(step -> {
                if (step == WriteStep.FACES_WRITTEN) {
                    server[0].shutdownNow();
                }
            });
            VectorFace cut = vector("cut", "cut");
            assertThatThrownBy(() -> first.addVectors(PEOPLE, List.of(cut))).isInstanceOf(FaceException.BackendUnavailable.class);
            first.onWriteStep(step -> { });
            assertThatThrownBy(() -> second.deleteFace(PEOPLE, "a")).isInstanceOf(FaceException.BackendUnavailable.class);
            assertThatThrownBy(() -> search(second, cut.vector())).isInstanceOf(FaceException.BackendUnavailable.class);

            server[0] = start(file, dbPort);
            eventually(() -> search(second, cut.vector()));
            Thread.sleep(GRACE.toMillis() + 100);
            VectorFace after = vector("after", "after");
            eventually(() -> second.addVectors(PEOPLE, List.of(after)));
            assertThat(eventually(() -> topId(first, after.vector()))).contains("after");
            assertThat(topId(second, after.vector())).contains("after");
            // Whatever of the cut write reached the store is in every index, once.
            assertIndexesMatchTheStore(first, second);
            long stored = first.store().countFaces(PEOPLE);
            assertThat(first.collection(PEOPLE).orElseThrow().faceCount()).isEqualTo(stored);
        } finally {
            for (int i = running.size() - 1; i >= 0; i--) {
                running.get(i).close();
            }
            running.clear();
            server[0].shutdownNow();
        }
    }

    // ---- nodes ---------------------------------------------------------------------------------

    /** The node serving the embedded store on a fixed port. */
    private record Nodes(LocalFaceEngine host, LocalFaceEngine writer, LocalFaceEngine reader) {
    }

    /** A host with face {@code a} in {@code people}, a writer and a reader, each with its index loaded by a search. */
    private Nodes hostWriterAndReader() {
        LocalFaceEngine host = host(LOG);
        host.createCollection(PEOPLE, CollectionSpec.unlimited());
        host.addVectors(PEOPLE, List.of(vector("a", "a")));
        Nodes nodes = new Nodes(host, client(secondDirectory, LOG), client(thirdDirectory, LOG));
        for (LocalFaceEngine node : List.of(host, nodes.writer(), nodes.reader())) {
            search(node, vector("probe", "probe").vector());
        }
        return nodes;
    }

    private LocalFaceEngine host(Map<String, String> settings) {
        try {
            port = freePort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> all = new HashMap<>(settings);
        all.put("mongodb-embedded-port", String.valueOf(port));
        return started(LocalEngines.create(hostDirectory, all));
    }

    private LocalFaceEngine client(Path directory, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("mongodb-uri", "mongodb://127.0.0.1:" + port + "/?directConnection=true");
        return started(LocalEngines.create(directory, all));
    }

    private LocalFaceEngine started(LocalFaceEngine engine) {
        running.add(engine);
        return engine;
    }

    private void stop(LocalFaceEngine engine) {
        running.remove(engine);
        engine.close();
    }

    /** Stops the writer at {@code step} of a write of {@code face}, as a crash would: it writes nothing more. */
    private void killAt(LocalFaceEngine writer, WriteStep step, VectorFace face) {
        writer.onWriteStep(reached -> {
            if (reached == step) {
                throw new Killed();
            }
        });
        assertThatThrownBy(() -> writer.addVectors(PEOPLE, List.of(face))).hasCauseInstanceOf(Killed.class);
        stop(writer);
    }

    /** What stops a writer in the middle of a write. */
    private static final class Killed extends RuntimeException {
        Killed() {
            super("killed");
        }
    }

    // ---- faces and searches --------------------------------------------------------------------

    private VectorFace vector(String faceId, String tag) {
        return VectorFace.of(faceId, tag, SearchScaleBench.unit(FakeFaceAnalyzer.DIMENSION, random));
    }

    private static List<SearchHit> search(LocalFaceEngine engine, float[] probe) {
        return engine.search(new SearchQuery(List.of(PEOPLE),
                new Probe.EmbeddingProbe(new Embedding(probe, FakeFaceAnalyzer.FEATURE_VERSION)), 5, -1, false)).hits();
    }

    private static SearchHit top(LocalFaceEngine engine, float[] probe) {
        return search(engine, probe).getFirst();
    }

    private static Optional<String> topId(LocalFaceEngine engine, float[] probe) {
        return search(engine, probe).stream().findFirst().map(hit -> hit.face().faceId());
    }

    private static List<String> tagsFor(LocalFaceEngine engine, String person) {
        return engine.search(new SearchQuery(List.of(PEOPLE), new Probe.ImageProbe(face(person)), 5, 0.5, false)).hits()
                .stream().map(hit -> hit.face().tag()).toList();
    }

    /**
     * Brings each node's index up to date as a search does, then compares it with the store: the
     * same face ids, each once, with the same tags and vectors.
     */
    private void assertIndexesMatchTheStore(LocalFaceEngine... nodes) {
        for (LocalFaceEngine node : nodes) {
            search(node, vector("probe", "probe").vector());
            Map<String, String> stored = new TreeMap<>();
            node.store().forEachVector(PEOPLE, FakeFaceAnalyzer.FEATURE_VERSION,
                    v -> stored.put(v.faceId(), v.tag() + " " + Arrays.toString(v.vector())));
            Map<String, String> indexed = new TreeMap<>();
            Optional<VectorIndex> index = node.loadedIndex(PEOPLE);
            index.ifPresent(i -> {
                try {
                    assertThat(i.forEachRow(i.changes(), (faceId, tag, matrix, offset) -> assertThat(indexed.put(faceId,
                            tag + " " + Arrays.toString(Arrays.copyOfRange(matrix, offset, offset + i.dimension())))).isNull()))
                            .isTrue();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                assertThat(i.size()).isEqualTo(indexed.size());
            });
            assertThat(indexed).isEqualTo(stored);
        }
    }

    // ---- the database --------------------------------------------------------------------------

}
