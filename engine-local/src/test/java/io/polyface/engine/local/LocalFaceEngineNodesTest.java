package io.polyface.engine.local;

import static io.polyface.engine.local.FakeFaceAnalyzer.face;
import static io.polyface.engine.local.LocalFaceEngineTest.enrolled;
import static io.polyface.engine.local.StoppableDatabase.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.StoredFace;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engines on one database, as two gateway nodes run them: node 1 serves its embedded MongoDB on
 * a fixed port, node 2 reaches it through {@code mongodb-uri}. Every write through one node is seen
 * by the other's very next call, with no waiting: each check below follows the write directly.
 */
class LocalFaceEngineNodesTest {

    private static final CollectionRef PEOPLE = new CollectionRef("acme", "people");

    @TempDir
    Path first;

    @TempDir
    Path second;

    private LocalFaceEngine node1;
    private LocalFaceEngine node2;

    @BeforeEach
    void start() throws IOException {
        int port = freePort();
        node1 = LocalEngines.create(first, Map.of("mongodb-embedded-port", String.valueOf(port)));
        node2 = LocalEngines.create(second, Map.of("mongodb-uri", "mongodb://127.0.0.1:" + port + "/?directConnection=true"));
    }

    @AfterEach
    void stop() {
        node2.close();
        node1.close();
    }

    @Test
    void collectionsAndCountsAreSharedAtOnce() {
        node1.createCollection(PEOPLE, CollectionSpec.unlimited());
        assertThat(node2.collections("acme")).extracting(CollectionInfo::ref).containsExactly(PEOPLE);

        node1.addFaces(PEOPLE, List.of(NewFace.of(face("alice"), "alice")));
        node2.addFaces(PEOPLE, List.of(NewFace.of(face("bob"), "bob")));
        assertThat(node1.collection(PEOPLE).orElseThrow().faceCount()).isEqualTo(2);
        assertThat(node2.collection(PEOPLE).orElseThrow().faceCount()).isEqualTo(2);
        assertThat(node1.collection(PEOPLE).orElseThrow().version())
                .isEqualTo(node2.collection(PEOPLE).orElseThrow().version());
    }

    @Test
    void aLoadedIndexFollowsTheOtherNodesWrites() {
        node1.createCollection(PEOPLE, CollectionSpec.unlimited());
        StoredFace alice = enrolled(node1.addFaces(PEOPLE, List.of(NewFace.of(face("alice"), "alice"))).getFirst());
        // Both nodes have an index loaded and current now.
        assertThat(tags(node1, "alice~1")).containsExactly("alice");
        assertThat(tags(node2, "alice~1")).containsExactly("alice");

        node2.addFaces(PEOPLE, List.of(NewFace.of(face("bob"), "bob")));
        assertThat(tags(node1, "bob~1")).containsExactly("bob", "alice");

        StoredFace newAlice = enrolled(node2.replaceFaces(PEOPLE, "alice", List.of(NewFace.of(face("alice~3"), "alice"))).getFirst());
        assertThat(search(node1, "alice~1")).first().satisfies(hit -> assertThat(hit.face()).isEqualTo(newAlice));
        assertThat(node1.face(PEOPLE, alice.faceId())).isEmpty();

        assertThat(node1.deleteFacesByTag(PEOPLE, "bob")).isEqualTo(1);
        assertThat(tags(node2, "bob~1")).containsExactly("alice");

        assertThat(node2.deleteFace(PEOPLE, newAlice.faceId())).isTrue();
        assertThat(tags(node1, "alice~1")).isEmpty();
        assertThat(node1.collection(PEOPLE).orElseThrow().faceCount()).isZero();
    }

    @Test
    void aClearedOrRecreatedCollectionIsNeverServedFromAnOldIndex() {
        node1.createCollection(PEOPLE, CollectionSpec.unlimited());
        node1.addFaces(PEOPLE, List.of(NewFace.of(face("alice"), "alice"), NewFace.of(face("bob"), "bob")));
        assertThat(tags(node1, "alice~1")).containsExactly("alice", "bob");

        assertThat(node2.clearCollection(PEOPLE)).isEqualTo(2);
        assertThat(tags(node1, "alice~1")).isEmpty();

        node1.addFaces(PEOPLE, List.of(NewFace.of(face("carol"), "carol")));
        assertThat(tags(node1, "carol~1")).containsExactly("carol");
        node2.deleteCollection(PEOPLE);
        node2.createCollection(PEOPLE, CollectionSpec.unlimited());
        node2.addFaces(PEOPLE, List.of(NewFace.of(face("dave"), "dave")));
        // Node 1's index of the old collection is at a version the new one may reach too.
        assertThat(tags(node1, "carol~1")).containsExactly("dave");
    }

    private static List<SearchHit> search(LocalFaceEngine engine, String probe) {
        return engine.search(new SearchQuery(List.of(PEOPLE), new Probe.ImageProbe(face(probe)), 5, -1, false)).hits();
    }

    private static List<String> tags(LocalFaceEngine engine, String probe) {
        return search(engine, probe).stream().map(hit -> hit.face().tag()).toList();
    }
}
