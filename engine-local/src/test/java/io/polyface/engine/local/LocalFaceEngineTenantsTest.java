package io.polyface.engine.local;

import static io.polyface.engine.local.FakeFaceAnalyzer.FEATURE_VERSION_2;
import static io.polyface.engine.local.FakeFaceAnalyzer.face;
import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.ErasedTenant;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchQuery;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole tenants: which ones hold data, and erasing one without touching the others. */
class LocalFaceEngineTenantsTest {

    private static final CollectionRef ACME_PEOPLE = new CollectionRef("acme", "people");
    private static final CollectionRef ACME_GUESTS = new CollectionRef("acme", "guests");
    private static final CollectionRef OTHER_PEOPLE = new CollectionRef("other", "people");

    @TempDir
    Path data;

    @Test
    void erasingATenantRemovesEverythingItHeldAndNothingElse() {
        try (LocalFaceEngine engine = LocalEngines.embedded(data)) {
            engine.createCollection(ACME_PEOPLE, CollectionSpec.unlimited());
            engine.createCollection(ACME_GUESTS, CollectionSpec.unlimited());
            engine.createCollection(OTHER_PEOPLE, CollectionSpec.unlimited());
            enrol(engine, ACME_PEOPLE, "alice");
            enrol(engine, ACME_PEOPLE, "bob");
            enrol(engine, ACME_GUESTS, "carol");
            enrol(engine, OTHER_PEOPLE, "alice");
            String looseImage = engine.storeImage("acme", face("dave"));
            engine.putRecord("acme", "settings", "threshold", "{\"value\":70}");
            engine.putRecord("other", "settings", "threshold", "{\"value\":80}");
            engine.startFeatureJob(ACME_GUESTS, FEATURE_VERSION_2);
            engine.storeImage("images-only", face("erin"));
            // Searching loads the index, which must go with the collection.
            engine.search(new SearchQuery(List.of(ACME_PEOPLE), new Probe.ImageProbe(face("alice")), 5, -1, false));

            assertThat(engine.tenants()).containsExactly("acme", "images-only", "other");

            ErasedTenant erased = engine.eraseTenant("acme");

            // Three enrolled photos and the one stored on its own.
            assertThat(erased).isEqualTo(new ErasedTenant("acme", 2, 3, 4, 1, 1));
            assertThat(engine.collections("acme")).isEmpty();
            assertThat(engine.image("acme", looseImage)).isEmpty();
            assertThat(engine.records("acme", "settings")).isEmpty();
            assertThat(engine.featureJobs("acme")).isEmpty();
            assertThat(engine.tenants()).containsExactly("images-only", "other");
            // The other tenants keep everything.
            assertThat(engine.collection(OTHER_PEOPLE).orElseThrow().faceCount()).isEqualTo(1);
            assertThat(engine.records("other", "settings")).containsEntry("threshold", "{\"value\":80}");
            // A collection of the same name starts empty, its old index gone.
            engine.createCollection(ACME_PEOPLE, CollectionSpec.unlimited());
            assertThat(engine.search(new SearchQuery(List.of(ACME_PEOPLE), new Probe.ImageProbe(face("alice")), 5, -1, false))
                    .hits()).isEmpty();
        }
    }

    @Test
    void erasingATenantThatHoldsNothingRemovesNothing() {
        try (LocalFaceEngine engine = LocalEngines.embedded(data)) {
            engine.createCollection(OTHER_PEOPLE, CollectionSpec.unlimited());

            ErasedTenant erased = engine.eraseTenant("nobody");

            assertThat(erased.empty()).isTrue();
            assertThat(engine.tenants()).containsExactly("other");
        }
    }

    @Test
    void anErasedTenantStaysErasedAfterARestart() {
        try (LocalFaceEngine engine = LocalEngines.embedded(data)) {
            engine.createCollection(ACME_PEOPLE, CollectionSpec.unlimited());
            enrol(engine, ACME_PEOPLE, "alice");
            engine.eraseTenant("acme");
        }
        try (LocalFaceEngine reopened = LocalEngines.embedded(data)) {
            assertThat(reopened.tenants()).isEmpty();
            assertThat(reopened.collections("acme")).isEmpty();
        }
    }

    private static void enrol(LocalFaceEngine engine, CollectionRef ref, String person) {
        assertThat(engine.addFaces(ref, List.of(NewFace.of(face(person), person))).getFirst())
                .isInstanceOf(EnrolOutcome.Enrolled.class);
    }
}
