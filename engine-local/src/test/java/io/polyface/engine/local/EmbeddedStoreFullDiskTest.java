package io.polyface.engine.local;

import static io.polyface.engine.local.FakeFaceAnalyzer.face;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.polyface.engine.local.store.EmbeddedMongo;
import io.polyface.engine.testing.SmallDisk;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.StoredFace;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The embedded store on a disk that fills up, here a small tmpfs mounted for the test (which needs
 * root, as the project's machines and CI have; without it the test fails and says so): a write that
 * finds no space fails, readiness goes down while reads go on, and once space returns the store
 * writes again by itself, with every acknowledged write still there, also after a restart.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedStoreFullDiskTest {

    private static final CollectionRef PEOPLE = new CollectionRef("acme", "people");
    private static final String DISK_SIZE = "24m";
    /** What the filler leaves free: a few dozen writes of the store (each writes a chunk of its own). */
    private static final long LEFT_FREE = 1024 * 1024;
    private static final int MAX_WRITES = 5_000;
    private static final int WRITERS = 4;
    private static final int MAX_REFILLS = 20;
    /** How soon after space returns the store must write again. */
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final SmallDisk disk = new SmallDisk(DISK_SIZE);

    @Test
    void aFullDiskFailsWritesAndReadinessUntilSpaceReturnsAndNoAcknowledgedWriteIsLost() throws Exception {
        Path data = disk.resolve("engine");
        List<StoredFace> acknowledged = new ArrayList<>();
        try (LocalFaceEngine engine = LocalEngines.embedded(data)) {
            engine.createCollection(PEOPLE, CollectionSpec.unlimited());
            assertThat(engine.health().ready()).isTrue();

            disk.fill("filler", LEFT_FREE);
            Optional<FaceException> failure = Optional.empty();
            for (int i = 0; i < MAX_WRITES && failure.isEmpty(); i++) {
                failure = add(engine, "person-" + i, acknowledged);
            }
            assertThat(failure).as("no write failed in %d writes on a full disk", MAX_WRITES).isPresent();
            assertThat(failure.get()).isInstanceOf(FaceException.BackendUnavailable.class)
                    .hasMessageContaining("No space left on device");
            assertThat(acknowledged).as("writes acknowledged before the disk was full").isNotEmpty();
            // Reads go on from the store opened again.
            assertStored(engine, acknowledged);

            // A smaller write may still fit where the failed one began (H2 writes its next chunk
            // there and gives the end of its file back). Once the disk is full to the last block,
            // writes fail whatever their size.
            Optional<FaceException> full = Optional.empty();
            for (int i = 0; i < MAX_REFILLS && full.isEmpty(); i++) {
                disk.fill("rest-" + i, 0);
                full = add(engine, "refill-" + i, acknowledged);
            }
            assertThat(full).as("a write on a disk full to the last block").containsInstanceOf(FaceException.BackendUnavailable.class);
            EngineHealth down = engine.health();
            assertThat(down.ready()).isFalse();
            assertThat(down.details().get("database")).contains("cannot write").contains("No space left on device");
            assertStored(engine, acknowledged);

            // While the disk stays full, the periodic probes find so, and writes still fail.
            Thread.sleep(EmbeddedMongo.RECOVERY_PERIOD.multipliedBy(3).toMillis());
            assertThat(engine.health().ready()).isFalse();
            assertThat(add(engine, "still-full", acknowledged)).containsInstanceOf(FaceException.BackendUnavailable.class);
            assertThat(engine.health().ready()).isFalse();
            assertStored(engine, acknowledged);

            disk.deleteFillers();
            long freed = System.nanoTime();
            while (!engine.health().ready()) {
                assertThat(Duration.ofNanos(System.nanoTime() - freed)).as("time to recover").isLessThan(RECOVERY_LIMIT);
                Thread.sleep(20);
            }
            Duration recovered = Duration.ofNanos(System.nanoTime() - freed);
            assertThat(add(engine, "after", acknowledged)).isEmpty();
            System.out.printf("embedded store: ready and writing %d ms after space returned%n", recovered.toMillis());
            assertStored(engine, acknowledged);
        }

        try (LocalFaceEngine restarted = LocalEngines.embedded(data)) {
            assertThat(restarted.health().ready()).isTrue();
            assertStored(restarted, acknowledged);
            assertThat(add(restarted, "after-restart", acknowledged)).isEmpty();
        }
    }

    @Test
    void concurrentWritersOnAFullDiskLoseNoAcknowledgedWrite() throws Exception {
        Path data = disk.resolve("concurrent");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        try (EmbeddedMongo mongo = EmbeddedMongo.start(data, new InetSocketAddress("127.0.0.1", 0), false);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            MongoCollection<Document> documents = client.getDatabase("polyface").getCollection("documents");
            documents.insertOne(new Document("_id", "first"));
            acknowledged.add("first");
            disk.fill("filler-concurrent", LEFT_FREE);

            // Several commits at once: one that fails closes the store under the others' feet.
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String writer = "w" + w;
                done.add(writers.submit(() -> {
                    int failures = 0;
                    for (int i = 0; i < MAX_WRITES && failures < 3; i++) {
                        String id = writer + "-" + i;
                        try {
                            documents.insertOne(new Document("_id", id).append("payload", new byte[8 * 1024]));
                            acknowledged.add(id);
                        } catch (MongoException e) {
                            failures++;
                            failed.incrementAndGet();
                        }
                    }
                }));
            }
            writers.shutdown();
            for (Future<?> writer : done) {
                writer.get(2, TimeUnit.MINUTES);
            }
            assertThat(failed).as("writes failed for lack of space").hasPositiveValue();
            assertThat(mongo.writeFailure()).isPresent();

            disk.deleteFillers();
            long freed = System.nanoTime();
            while (mongo.writeFailure().isPresent()) {
                assertThat(Duration.ofNanos(System.nanoTime() - freed)).as("time to recover").isLessThan(RECOVERY_LIMIT);
                Thread.sleep(20);
            }
            assertThat(storedIds(documents)).containsAll(acknowledged);
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.start(data, new InetSocketAddress("127.0.0.1", 0), false);
                MongoClient client = MongoClients.create(mongo.connectionString())) {
            assertThat(storedIds(client.getDatabase("polyface").getCollection("documents"))).containsAll(acknowledged);
        }
    }

    private static Set<String> storedIds(MongoCollection<Document> documents) {
        Set<String> ids = new HashSet<>();
        documents.find().projection(new Document("_id", 1)).forEach(document -> ids.add(document.getString("_id")));
        return ids;
    }

    /** Enrols one face; empty when acknowledged (then added to the list), else the failure. */
    private static Optional<FaceException> add(LocalFaceEngine engine, String person, List<StoredFace> acknowledged) {
        try {
            EnrolOutcome outcome = engine.addFaces(PEOPLE, List.of(NewFace.of(face(person), person))).getFirst();
            return switch (outcome) {
                case EnrolOutcome.Enrolled enrolled -> {
                    acknowledged.add(enrolled.face());
                    yield Optional.empty();
                }
                case EnrolOutcome.Rejected rejected -> Optional.of(rejected.reason());
            };
        } catch (FaceException e) {
            return Optional.of(e);
        }
    }

    private static void assertStored(LocalFaceEngine engine, List<StoredFace> acknowledged) {
        for (StoredFace face : acknowledged) {
            assertThat(engine.face(PEOPLE, face.faceId())).as("acknowledged face %s", face.tag()).contains(face);
            assertThat(engine.image("acme", face.imageId())).as("image of %s", face.tag())
                    .hasValueSatisfying(bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8))
                            .isEqualTo("face:" + face.tag()));
        }
    }
}
