package io.polyface.engine.local.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EngineContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collection's version counter as two nodes move it at once: every bump gets a version of its
 * own, which the change log keys its entries by. The embedded server applies {@code $inc}
 * atomically but may answer a findAndModify with a later state; the store's compare-and-set must
 * not be fooled by that.
 */
class CollectionVersionsTest {

    private static final CollectionRef PEOPLE = new CollectionRef("acme", "people");

    @TempDir
    Path first;

    @TempDir
    Path second;

    @Test
    void concurrentBumpsFromTwoClientsGetDistinctVersions() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (MongoFaceStore host = open(first, Map.of("mongodb-embedded-port", String.valueOf(port)));
                MongoFaceStore client = open(second, Map.of("mongodb-uri", "mongodb://127.0.0.1:" + port + "/?directConnection=true"))) {
            host.insertCollection(PEOPLE, CollectionSpec.unlimited().withFeatureVersion("v1"), Instant.now());
            ConcurrentLinkedQueue<Long> versions = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (MongoFaceStore store : List.of(host, client, host, client)) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < 100; i++) {
                            versions.add(store.versions().recordFaceChange(PEOPLE, 1, Instant.now()).orElseThrow().version());
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
            assertThat(versions).doesNotHaveDuplicates().hasSize(400);
            assertThat(host.findCollection(PEOPLE).orElseThrow().version()).isEqualTo(400);
            assertThat(host.findCollection(PEOPLE).orElseThrow().info().faceCount()).isEqualTo(400);
        }
    }

    private static MongoFaceStore open(Path directory, Map<String, String> settings) {
        return MongoFaceStore.open(LocalEngineSettings.from(new EngineContext("local-test", settings, directory, Clock.systemUTC())),
                directory);
    }
}
