package io.polyface.engine.local;

import static io.polyface.engine.local.FakeFaceAnalyzer.face;
import static io.polyface.engine.local.LocalFaceEngineTest.enrolled;
import static io.polyface.engine.local.StoppableDatabase.eventually;
import static io.polyface.engine.local.StoppableDatabase.freePort;
import static io.polyface.engine.local.StoppableDatabase.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.MongoServer;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine against a MongoDB (here mongo-java-server on H2) that goes away and comes back. */
class LocalFaceEngineOutageTest {

    private static final CollectionRef PEOPLE = new CollectionRef("acme", "people");

    @Test
    void failsWithBackendUnavailableWhileTheDatabaseIsDownAndRecoversByItself(@TempDir Path directory) throws Exception {
        int port = freePort();
        String file = directory.resolve("mongo.mv.db").toString();
        MongoServer server = start(file, port);
        Map<String, String> settings = Map.of(
                "mongodb-uri", "mongodb://127.0.0.1:" + port + "/?directConnection=true",
                "mongodb-database", "outage",
                "mongodb-server-selection-timeout-ms", "500",
                "mongodb-connect-timeout-ms", "500",
                "mongodb-socket-timeout-ms", "2000");
        try (LocalFaceEngine engine = LocalEngines.create(directory.resolve("engine"), settings)) {
            engine.createCollection(PEOPLE, CollectionSpec.unlimited());
            StoredFace alice = enrolled(engine.addFaces(PEOPLE, List.of(NewFace.of(face("alice"), "alice"))).getFirst());
            assertThat(tags(engine.search(probe("alice~1")))).containsExactly("alice");

            server.shutdownNow();

            List<ThrowingCallable> calls = List.of(
                    () -> engine.collection(PEOPLE),
                    () -> engine.collections("acme"),
                    () -> engine.addFaces(PEOPLE, List.of(NewFace.of(face("bob"), "bob"))),
                    () -> engine.search(probe("alice")),
                    () -> engine.deleteFace(PEOPLE, alice.faceId()),
                    () -> engine.storeImage("acme", new byte[] {1}),
                    () -> engine.image("acme", alice.imageId()));
            for (ThrowingCallable call : calls) {
                assertThatThrownBy(call).isInstanceOf(FaceException.BackendUnavailable.class);
            }
            assertThat(engine.health().ready()).isFalse();
            assertThat(engine.health().details().get("database")).startsWith("unreachable");

            server = start(file, port);

            // The driver finds the server again on its own; no call to the engine is needed.
            SearchResult found = eventually(() -> engine.search(probe("bob")));
            assertThat(engine.health().ready()).isTrue();
            // The face whose write failed is neither stored nor in the index.
            assertThat(tags(found)).containsExactly("alice");
            assertThat(engine.collection(PEOPLE).orElseThrow().faceCount()).isEqualTo(1);
            assertThat(engine.face(PEOPLE, alice.faceId())).contains(alice);
            enrolled(engine.addFaces(PEOPLE, List.of(NewFace.of(face("bob"), "bob"))).getFirst());
            assertThat(tags(engine.search(probe("bob~1")))).containsExactly("bob", "alice");
        } finally {
            server.shutdownNow();
        }
    }

    private static SearchQuery probe(String person) {
        return new SearchQuery(List.of(PEOPLE), new Probe.ImageProbe(face(person)), 5, -1, false);
    }

    private static List<String> tags(SearchResult result) {
        return result.hits().stream().map(hit -> hit.face().tag()).toList();
    }
}
