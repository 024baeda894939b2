package io.polyface.engine.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.polyface.spi.engine.EngineContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.bson.Document;
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
