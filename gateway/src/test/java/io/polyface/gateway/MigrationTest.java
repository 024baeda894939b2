package io.polyface.gateway;

import static io.polyface.gateway.GatewayFixtures.FACES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.gateway.internal.EngineRegistry;
import io.polyface.gateway.internal.GatewayOptions;
import io.polyface.gateway.internal.Migration;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EngineHealth;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.connector.VendorExport;
import io.polyface.toolkit.engine.ForwardingFaceEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant's collection moves from one local engine to another through the SPI: interrupted half
 * way, resumed from its checkpoint without storing anything twice, and the target then finds the
 * same people the source does.
 */
class MigrationTest {
    private static final CollectionRef PEOPLE = new CollectionRef("acme", "people");

    @TempDir
    Path work;

    @Test
    void aCollectionMovesResumesAfterAnInterruptionAndIsFoundTheSameOnTheTarget() throws Exception {
        Path config = Files.writeString(work.resolve("engines.yaml"), """
                engines:
                  local:
                    enabled: false
                  old:
                    type: local
                  new:
                    type: local
                """);
        GatewayOptions options = new GatewayOptions(OptionalInt.empty(), Optional.of(work.resolve("data")), Optional.of(config), Map.of());
        try (EngineRegistry engines = Gateway.engines(options)) {
            FaceEngine source = engines.engine("old").orElseThrow();
            FaceEngine target = engines.engine("new").orElseThrow();
            source.createCollection(PEOPLE, new CollectionSpec(OptionalLong.empty(), OptionalInt.of(5), OptionalInt.empty(),
                    Optional.empty(), Map.of("display-name", "People of ACME")));
            List<EnrolOutcome> enrolled = source.addFaces(PEOPLE, List.of(
                    face("obama/facerec_obama.jpg", "obama").withFaceId("f-obama-1"),
                    new NewFace(photo("obama/facerec_obama1.jpg"), "obama", Optional.of("second photo"), Optional.of("{\"desk\":4}"))
                            .withFaceId("f-obama-2"),
                    face("biden/facerec_biden.jpg", "biden").withFaceId("f-biden-1"),
                    face("alex_lacamoire/facerec_alex_lacamoire1.jpg", "alex").withFaceId("f-alex-1"),
                    face("amy/faceapijs_amy2.png", "amy").withFaceId("f-amy-1")));
            assertThat(enrolled).allMatch(o -> o instanceof EnrolOutcome.Enrolled);
            source.putRecord("acme", "settings", "threshold", "{\"value\":0.7}");

            Path checkpoint = work.resolve("migrate.json");
            Migration.Plan plan = new Migration.Plan("acme", Optional.empty(), List.of("settings"), checkpoint, 2);
            List<String> progress = new ArrayList<>();

            // The second page reaches the target, then the connection drops before the checkpoint is written.
            FaceEngine flaky = dropsAfterSecondBatch(target);
            assertThatThrownBy(() -> new Migration(source, flaky, progress::add).run(plan))
                    .isInstanceOf(FaceException.BackendUnavailable.class);
            assertThat(Files.readString(checkpoint)).contains("\"faces\" : 2").contains("\"marker\"");
            assertThat(target.collection(PEOPLE).orElseThrow().faceCount()).isEqualTo(4);

            Migration.Report resumed = new Migration(source, target, progress::add).run(plan);
            assertThat(resumed.copied()).isEqualTo(1);
            assertThat(resumed.alreadyThere()).isEqualTo(2);
            assertThat(resumed.records()).isEqualTo(1);
            assertThat(progress).contains("resuming from " + checkpoint).anyMatch(l -> l.contains("5 of 5 faces"));
            assertThat(resumed.problems()).hasSize(1).allMatch(p -> p.startsWith("not carried over by design"));

            CollectionInfo moved = target.collection(PEOPLE).orElseThrow();
            assertThat(moved.faceCount()).isEqualTo(5);
            assertThat(moved.spec().maxFacesPerTag()).hasValue(5);
            assertThat(moved.spec().attributes()).containsEntry("display-name", "People of ACME");
            StoredFace second = target.face(PEOPLE, "f-obama-2").orElseThrow();
            assertThat(second.tag()).isEqualTo("obama");
            assertThat(second.description()).contains("second photo");
            assertThat(second.userData()).contains("{\"desk\":4}");
            assertThat(target.record("acme", "settings", "threshold")).contains("{\"value\":0.7}");

            for (String probe : List.of("obama/facerec_obama3.jpg", "biden/facerec_biden2.jpg", "amy/faceapijs_amy3.png",
                    "alex_lacamoire/facerec_img1.jpg")) {
                assertThat(tags(target, probe)).as(probe).isEqualTo(tags(source, probe));
            }
            assertThat(tags(target, "obama/facerec_obama3.jpg").get(0)).isEqualTo("obama");

            // Everything is done: a third run copies nothing.
            Migration.Report again = new Migration(source, target, progress::add).run(plan);
            assertThat(again.copied()).isZero();
            assertThat(target.collection(PEOPLE).orElseThrow().faceCount()).isEqualTo(5);
        }
    }

    @Test
    void whatTheSourceCannotListOrKeepIsReportedAndTheRestIsCopied() throws Exception {
        Path config = Files.writeString(work.resolve("engines.yaml"), """
                engines:
                  local:
                    enabled: false
                  new:
                    type: fake
                    store: migration-of-an-unlistable-source
                """);
        GatewayOptions options = new GatewayOptions(OptionalInt.empty(), Optional.of(work.resolve("data")), Optional.of(config), Map.of());
        try (EngineRegistry engines = Gateway.engines(options)) {
            FaceEngine target = engines.engine("new").orElseThrow();
            Migration.Plan plan = new Migration.Plan("acme", Optional.empty(), List.of("settings"), work.resolve("migrate.json"));

            Migration.Report report = new Migration(new Unlistable(), target, line -> { }).run(plan);

            assertThat(report.collections()).isEqualTo(1);
            assertThat(target.collection(PEOPLE).orElseThrow().spec().attributes()).containsEntry("display-name", "People of ACME");
            assertThat(report.problems()).anyMatch(p -> p.startsWith("collection people: its faces cannot be listed at the source"))
                    .anyMatch(p -> p.startsWith("records of kind settings: the source keeps none"))
                    .anyMatch(p -> p.startsWith("1 collection(s) of feature version vendor-v1, which the target lacks"));
        }
    }

    /** A vendor's account that lists its collection but neither its faces nor any records, as a DM-AI server. */
    private static final class Unlistable implements VendorExport {
        private final CollectionInfo people = new CollectionInfo(PEOPLE, CollectionSpec.unlimited().withFeatureVersion("vendor-v1")
                .withAttributes(Map.of("display-name", "People of ACME")), Instant.EPOCH, Instant.EPOCH, 2, 0);

        @Override
        public String apiName() {
            return "the test vendor's API";
        }

        @Override
        public String name() {
            return "vendor";
        }

        @Override
        public String featureVersion() {
            return "vendor-v1";
        }

        @Override
        public List<FeatureVersion> featureVersions() {
            return List.of(new FeatureVersion("vendor-v1", "the vendor's own"));
        }

        @Override
        public EngineHealth health() {
            return new EngineHealth(true, Map.of());
        }

        @Override
        public Optional<byte[]> image(String tenant, String imageId) {
            return Optional.empty();
        }

        @Override
        public Optional<CollectionInfo> collection(CollectionRef ref) {
            return Optional.of(people).filter(c -> c.ref().equals(ref));
        }

        @Override
        public List<CollectionInfo> collections(String tenant) {
            return tenant.equals(PEOPLE.tenant()) ? List.of(people) : List.of();
        }

        @Override
        public Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
            throw unsupported("listing faces");
        }

        @Override
        public void close() {
        }
    }

    private static List<String> tags(FaceEngine engine, String probe) throws Exception {
        return engine.search(new SearchQuery(List.of(PEOPLE), new Probe.ImageProbe(photo(probe)), 2, 0.3, true)).hits().stream()
                .map(SearchHit::face).map(StoredFace::tag).toList();
    }

    /** The target, except that its second addFaces stores the faces and then fails as a dropped connection would. */
    private static FaceEngine dropsAfterSecondBatch(FaceEngine target) {
        AtomicInteger batches = new AtomicInteger();
        return new ForwardingFaceEngine() {
            @Override
            protected FaceEngine delegate() {
                return target;
            }

            @Override
            public List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> faces) {
                List<EnrolOutcome> outcomes = super.addFaces(ref, faces);
                if (batches.incrementAndGet() == 2) {
                    throw new FaceException.BackendUnavailable("connection reset", null);
                }
                return outcomes;
            }
        };
    }

    private static NewFace face(String file, String tag) throws Exception {
        return NewFace.of(photo(file), tag);
    }

    private static byte[] photo(String file) throws Exception {
        return Files.readAllBytes(FACES.resolve(file));
    }
}
