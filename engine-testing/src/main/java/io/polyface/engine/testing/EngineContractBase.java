package io.polyface.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static io.polyface.engine.testing.ContractFixture.assertUnsupported;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchQuery;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ground every {@link FaceEngineContract} stands on, and its tests of collections, detection,
 * comparison and stored images: a subclass gives its engine ({@link #engine()}), says which optional
 * behaviours it has ({@link #hasBehavior}), and may give photos its engine finds faces in ({@link
 * #photo}). Engines' tests extend {@link FaceEngineContract}, which adds the tests of faces,
 * search, feature jobs, records and tenants.
 */
public abstract class EngineContractBase {
    /** The people of the contract's photos. */
    protected enum Person {
        ALICE(new Color(200, 30, 30)),
        BOB(new Color(30, 200, 30)),
        CAROL(new Color(30, 30, 200));

        private final Color colour;

        Person(Color colour) {
            this.colour = colour;
        }

        /** The colour of the person's {@link TestPictures} picture. */
        public Color colour() {
            return colour;
        }
    }

    private String tenant;
    CollectionRef people;
    ContractFixture fixture;

    /** The engine under test; the same one may serve every test of the class. */
    protected abstract FaceEngine engine();

    /** Whether the engine has an optional behaviour; all of them unless a subclass says otherwise. */
    protected boolean hasBehavior(EngineBehavior behavior) {
        return true;
    }

    /**
     * An image whose main (and only) face is the person's; by default a {@link TestPictures}
     * picture whose face (120 x 100 px) is over every vendor's smallest.
     */
    protected byte[] photo(Person person) {
        return TestPictures.png(240, 200, person.colour());
    }

    /** An image without a face. */
    protected byte[] photoWithoutFace() {
        return TestPictures.png(240, 200, TestPictures.NOBODY);
    }

    /** Bytes that are no image. */
    protected byte[] notAnImage() {
        return "this is not an image".getBytes(StandardCharsets.UTF_8);
    }

    /** The lowest score a search for a photo gives the face enrolled from that same photo. */
    protected double samePhotoScore() {
        return 0.9;
    }

    /** The one tenant an engine without {@link EngineBehavior#ANY_TENANT} serves. */
    protected String servedTenant() {
        return "default";
    }

    @BeforeEach
    void newTenant() {
        tenant = hasBehavior(EngineBehavior.ANY_TENANT) ? "contract-" + UUID.randomUUID().toString().substring(0, 8) : servedTenant();
        fixture = new ContractFixture(this, tenant);
        people = fixture.people();
    }

    /** An engine of one tenant starts each test without collections. */
    @AfterEach
    void deleteTheServedTenantsCollections() {
        if (!hasBehavior(EngineBehavior.ANY_TENANT)) {
            engine().collections(tenant).forEach(c -> engine().deleteCollection(c.ref()));
        }
    }

    /** The tenant of the running test: one no other test uses, or the served tenant. */
    protected String tenant() {
        return tenant;
    }

    // ---- collections --------------------------------------------------------------------------

    @Test
    protected void aCreatedCollectionIsFoundAndListedInItsTenantOnly() {
        boolean attributes = hasBehavior(EngineBehavior.COLLECTION_ATTRIBUTES);
        CollectionInfo created = fixture.createPeople(attributes
                ? CollectionSpec.unlimited().withAttributes(Map.of("display", "People")) : CollectionSpec.unlimited());
        CollectionRef second = new CollectionRef(tenant, "visitors");
        engine().createCollection(second, CollectionSpec.unlimited());

        assertThat(created.ref()).isEqualTo(people);
        assertThat(created.featureVersion()).isEqualTo(engine().featureVersion());
        assertThat(created.faceCount()).isZero();
        assertThat(engine().collection(people)).hasValueSatisfying(info -> {
            if (attributes) {
                assertThat(info.spec().attributes()).containsEntry("display", "People");
            }
            assertThat(info.faceCount()).isZero();
        });
        assertThat(engine().collections(tenant)).extracting(CollectionInfo::ref).containsExactlyInAnyOrder(people, second);
        assertThat(engine().collection(new CollectionRef(tenant, "unknown"))).isEmpty();
        if (hasBehavior(EngineBehavior.ANY_TENANT)) {
            assertThat(engine().collections(tenant).getFirst().ref()).as("in order of creation").isEqualTo(people);
            assertThat(engine().collections(tenant + "-other")).isEmpty();
            assertThat(engine().collection(new CollectionRef(tenant + "-other", "people"))).isEmpty();
        }
    }

    @Test
    protected void aCollectionCannotBeCreatedTwice() {
        fixture.createPeople(CollectionSpec.unlimited());

        assertThatThrownBy(() -> fixture.createPeople(CollectionSpec.unlimited())).isInstanceOf(FaceException.AlreadyExists.class);
    }

    @Test
    protected void aDeletedCollectionIsGoneWithItsFaces() {
        fixture.createPeopleWith(Person.ALICE);

        engine().deleteCollection(people);

        assertThat(engine().collection(people)).isEmpty();
        assertThat(engine().collections(tenant)).isEmpty();
        assertThatThrownBy(() -> engine().deleteCollection(people)).isInstanceOf(FaceException.NotFound.class);
    }

    @Test
    protected void callsOnAnUnknownCollectionFailWithNotFound() {
        CollectionRef unknown = new CollectionRef(tenant, "unknown");

        assertThatThrownBy(() -> engine().addFaces(unknown, List.of(NewFace.of(photo(Person.ALICE), "alice"))))
                .isInstanceOf(FaceException.NotFound.class);
        assertThatThrownBy(() -> engine().search(new SearchQuery(List.of(unknown),
                new Probe.ImageProbe(photo(Person.ALICE)), 1, 0, false))).isInstanceOf(FaceException.NotFound.class);
    }

    @Test
    protected void aCollectionsAttributesAreReplaced() {
        if (!hasBehavior(EngineBehavior.COLLECTION_ATTRIBUTES)) {
            fixture.createPeople(CollectionSpec.unlimited());
            assertUnsupported(() -> engine().updateCollection(people, Map.of("display", "Staff")));
            return;
        }
        fixture.createPeople(CollectionSpec.unlimited().withAttributes(Map.of("display", "People")));

        CollectionInfo updated = engine().updateCollection(people, Map.of("display", "Staff", "id", "7"));

        assertThat(updated.spec().attributes()).isEqualTo(Map.of("display", "Staff", "id", "7"));
        assertThat(engine().collection(people).orElseThrow().spec().attributes()).isEqualTo(Map.of("display", "Staff", "id", "7"));
        assertThatThrownBy(() -> engine().updateCollection(new CollectionRef(tenant, "unknown"), Map.of()))
                .isInstanceOf(FaceException.NotFound.class);
    }

    @Test
    protected void clearingACollectionRemovesItsFacesAndKeepsIt() {
        fixture.createPeopleWith(Person.ALICE, Person.BOB);
        if (!hasBehavior(EngineBehavior.CLEAR_COLLECTION)) {
            assertUnsupported(() -> engine().clearCollection(people));
            return;
        }

        assertThat(engine().clearCollection(people)).isEqualTo(2);

        assertThat(engine().collection(people)).hasValueSatisfying(info -> assertThat(info.faceCount()).isZero());
        if (hasBehavior(EngineBehavior.FACE_IDS)) {
            assertThat(engine().listFaces(people, Optional.empty(), Optional.empty(), 10).items()).isEmpty();
        }
    }

    // ---- images -------------------------------------------------------------------------------

    @Test
    protected void detectionFindsThePersonsFaceAndNoneWhereThereIsNone() {
        if (!hasBehavior(EngineBehavior.DETECTION)) {
            assertUnsupported(() -> engine().detect(photo(Person.ALICE)));
            return;
        }
        List<DetectedFace> faces = engine().detect(photo(Person.ALICE));

        assertThat(faces).hasSize(1);
        assertThat(faces.getFirst().box().area()).isPositive();
        assertThat(faces.getFirst().confidence()).isBetween(0.0, 1.0);
        if (hasBehavior(EngineBehavior.EMBEDDINGS)) {
            assertThat(faces.getFirst().embedding().featureVersion()).isEqualTo(engine().featureVersion());
        }
        assertThat(engine().detect(photoWithoutFace())).isEmpty();
        assertThatThrownBy(() -> engine().detect(notAnImage())).isInstanceOf(FaceException.UndecodableImage.class);
    }

    @Test
    protected void comparingScoresTheSamePersonAboveAnother() {
        if (!hasBehavior(EngineBehavior.COMPARE)) {
            assertUnsupported(() -> engine().compare(photo(Person.ALICE), photo(Person.BOB)));
            return;
        }

        CompareResult same = engine().compare(photo(Person.ALICE), photo(Person.ALICE));
        CompareResult different = engine().compare(photo(Person.ALICE), photo(Person.BOB));

        assertThat(same.score()).isGreaterThanOrEqualTo(samePhotoScore());
        assertThat(different.score()).isLessThan(same.score());
        assertThatThrownBy(() -> engine().compare(photo(Person.ALICE), photoWithoutFace())).isInstanceOf(FaceException.NoFace.class);
    }

    @Test
    protected void aStoredImageIsReturnedToItsTenantOnly() {
        byte[] image = photo(Person.ALICE);
        if (!hasBehavior(EngineBehavior.STORED_IMAGES)) {
            assertUnsupported(() -> engine().storeImage(tenant, image));
            return;
        }

        String id = engine().storeImage(tenant, image);

        assertThat(engine().image(tenant, id)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(image));
        if (hasBehavior(EngineBehavior.ANY_TENANT)) {
            assertThat(engine().image(tenant + "-other", id)).isEmpty();
        }
        assertThat(engine().image(tenant, "no-such-image")).isEmpty();
    }

    // ---- faces --------------------------------------------------------------------------------
}
