package io.polyface.engine.local.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.polyface.spi.engine.EngineContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Binary;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server as other gateway nodes see it: its address, and the durability of their writes. */
class EmbeddedMongoTest {

    @TempDir
    Path data;

    @Test
    void listensOnLoopbackAndAnEphemeralPortByDefault() {
        LocalEngineSettings settings = settings(Map.of());
        assertThat(settings.embeddedBind().getAddress().isLoopbackAddress()).isTrue();
        assertThat(settings.embeddedBind().getPort()).isZero();
        try (EmbeddedMongo mongo = EmbeddedMongo.start(data, settings.embeddedBind(), false)) {
            assertThat(mongo.address().getAddress().isLoopbackAddress()).isTrue();
            assertThat(mongo.address().getPort()).isPositive();
            assertThat(mongo.connectionString()).startsWith("mongodb://127.0.0.1:" + mongo.address().getPort() + "/");
        }
    }

    @Test
    void listensOnTheConfiguredPort() throws IOException {
        int port = freePort();
        InetSocketAddress bind = settings(Map.of("mongodb-embedded-port", String.valueOf(port))).embeddedBind();
        try (EmbeddedMongo mongo = EmbeddedMongo.start(data, bind, false)) {
            assertThat(mongo.address().getPort()).isEqualTo(port);
        }
    }

    @Test
    void aWriteOfAnotherClientIsInTheFileWhenItIsAcknowledged() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(data, new InetSocketAddress("127.0.0.1", 0), false);
                MongoClient otherNode = MongoClients.create(mongo.connectionString())) {
            var faces = otherNode.getDatabase("polyface").getCollection("faces");
            faces.insertOne(new Document("_id", "a").append("tag", "x"));
            assertThat(mongo.hasUncommittedWrites()).isFalse();
            faces.updateOne(new Document("_id", "a"), new Document("$set", new Document("tag", "y")));
            assertThat(mongo.hasUncommittedWrites()).isFalse();
            faces.deleteOne(new Document("_id", "a"));
            assertThat(mongo.hasUncommittedWrites()).isFalse();
        }
    }

    @Test
    void aStoreWrittenBeforeDocumentsWereKeptAsBsonIsReadAndWrittenOn() {
        List<Document> old = List.of(
                new Document("_id", "a").append("seq", 1L).append("at", new Date(1_763_800_000_123L))
                        .append("embeddings", new Document("v1", new Binary(new byte[] {1, 2, 3}))),
                new Document("_id", "b").append("seq", 2L).append("tags", List.of("x", 2)).append("none", null));
        // The server as it kept documents before: H2's own form (Java serialisation).
        MVStore plain = new MVStore.Builder().fileName(data.resolve(EmbeddedMongo.FILE_NAME).toString()).open();
        MongoServer before = new MongoServer(new H2Backend(plain));
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + before.bind().getPort())) {
            client.getDatabase("polyface").getCollection("faces").insertMany(old);
        } finally {
            before.shutdownNow();
            plain.close();
        }

        assertThat(storedForms()).isEqualTo(Map.of("a", "java", "b", "java"));

        Document added = new Document("_id", "c").append("seq", 3L).append("embeddings",
                new Document("v1", new Binary(new byte[] {4, 5})));
        try (EmbeddedMongo mongo = EmbeddedMongo.start(data, new InetSocketAddress("127.0.0.1", 0), false);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            var faces = client.getDatabase("polyface").getCollection("faces");
            assertThat(faces.find().sort(new Document("seq", 1)).into(new ArrayList<>())).isEqualTo(old);
            faces.insertOne(added);
            faces.updateOne(new Document("_id", "b"), new Document("$set", new Document("tag", "y")));
        }

        // What was written since is BSON; an untouched document keeps its form until its page is written again.
        assertThat(storedForms()).containsEntry("b", "bson").containsEntry("c", "bson").containsKey("a");
        try (EmbeddedMongo mongo = EmbeddedMongo.start(data, new InetSocketAddress("127.0.0.1", 0), false);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            var faces = client.getDatabase("polyface").getCollection("faces");
            assertThat(faces.find().sort(new Document("seq", 1)).into(new ArrayList<>()))
                    .containsExactly(old.get(0), new Document(old.get(1)).append("tag", "y"), added);
        }
    }

    /** Each face document's form in the file, by {@code _id}: "bson" or "java" (H2's serialisation). */
    private Map<Object, String> storedForms() {
        Map<Object, String> forms = new HashMap<>();
        BsonValueType reader = new BsonValueType();
        ObjectDataType probe = new ObjectDataType() {
            @Override
            public Object read(ByteBuffer buffer) {
                byte tag = buffer.get(buffer.position());
                Object value = reader.read(buffer);
                if (value instanceof de.bwaldvogel.mongo.bson.Document document) {
                    forms.put(document.get("_id"), tag == BsonValueType.BSON_DOCUMENT ? "bson" : "java");
                }
                return value;
            }
        };
        MVStore store = new MVStore.Builder().fileName(data.resolve(EmbeddedMongo.FILE_NAME).toString()).readOnly().open();
        try {
            store.openMap("databases.polyface.faces", new MVMap.Builder<Object, Object>().valueType(probe))
                    .values().forEach(value -> { });
        } finally {
            store.close();
        }
        return forms;
    }

    @Test
    void aSecondStoreOnADirectoryInUseFailsWithASentenceThatSaysSo() {
        try (EmbeddedMongo first = EmbeddedMongo.start(data, new InetSocketAddress("127.0.0.1", 0), false);
                MongoClient client = MongoClients.create(first.connectionString())) {
            assertThatThrownBy(() -> EmbeddedMongo.start(data, new InetSocketAddress("127.0.0.1", 0), false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the data directory " + data + " is in use by another engine of this process (the "
                            + "embedded store's file polyface-mongo.mv.db is locked); stop it or choose another data directory");
            // The first one is left as it was.
            client.getDatabase("polyface").getCollection("faces").insertOne(new Document("_id", "a"));
            assertThat(first.writeFailure()).isEmpty();
        }
    }

    @Test
    void refusesAPortOutOfRangeOrAnUnknownHost() {
        assertThatThrownBy(() -> settings(Map.of("mongodb-embedded-port", "70000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mongodb-embedded-port");
        assertThatThrownBy(() -> settings(Map.of("mongodb-embedded-port", "any")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mongodb-embedded-port");
        assertThatThrownBy(() -> settings(Map.of("mongodb-embedded-host", "no-such-host.invalid")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mongodb-embedded-host");
    }

    private LocalEngineSettings settings(Map<String, String> values) {
        return LocalEngineSettings.from(new EngineContext("local", values, data, Clock.systemUTC()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
