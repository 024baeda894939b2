package io.polyface.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.polyface.engine.testing.EngineContractBase.Person;
import io.polyface.spi.FaceException;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import java.util.List;
import java.util.Locale;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * What the tests of a {@link FaceEngineContract} share: the tenant of the running test and its
 * collection of people, how a person's photo is enrolled and searched for, and how faces are named
 * and told apart on engines with and without face ids. It asks the contract for the engine, its
 * behaviours and its photos, so that a subclass's choices hold here too. One per test.
 */
final class ContractFixture {
    private final EngineContractBase contract;
    private final String tenant;
    private final CollectionRef people;

    ContractFixture(EngineContractBase contract, String tenant) {
        this.contract = contract;
        this.tenant = tenant;
        this.people = new CollectionRef(tenant, "people");
    }

    /** The collection most tests enrol in. */
    CollectionRef people() {
        return people;
    }

    CollectionInfo createPeople(CollectionSpec spec) {
        return contract.engine().createCollection(people, spec);
    }

    /** Enrols a person's photo, under the id {@code id(name)} when the engine takes chosen ids. */
    StoredFace enrol(CollectionRef ref, Person person, String name) {
        NewFace face = NewFace.of(contract.photo(person), tag(person));
        NewFace enrolled = contract.hasBehavior(EngineBehavior.FACE_IDS) ? face.withFaceId(id(name)) : face;
        List<EnrolOutcome> outcomes = contract.engine().addFaces(ref, List.of(enrolled));
        assertThat(outcomes).singleElement().isInstanceOf(EnrolOutcome.Enrolled.class);
        return ((EnrolOutcome.Enrolled) outcomes.getFirst()).face();
    }

    /** Creates the people collection without limits and {@linkplain #enrolInPeople enrols} the persons in it. */
    void createPeopleWith(Person... persons) {
        createPeople(CollectionSpec.unlimited());
        enrolInPeople(persons);
    }

    /** Creates the people collection without limits with two photos of Alice ("a1", "a2") and one of Bob ("b"). */
    void createPeopleWithAliceTwiceAndBob() {
        createPeople(CollectionSpec.unlimited());
        enrol(people, Person.ALICE, "a1");
        enrol(people, Person.ALICE, "a2");
        enrol(people, Person.BOB, "b");
    }

    /** Enrols a photo of each person in the people collection, named by the person's initial ("a" for Alice). */
    void enrolInPeople(Person... persons) {
        for (Person person : persons) {
            enrol(people, person, tag(person).substring(0, 1));
        }
    }

    /** How a search's hits are told apart: by face id, or by tag where the engine keeps no face ids. */
    String key(StoredFace face) {
        return contract.hasBehavior(EngineBehavior.FACE_IDS) ? face.faceId() : face.tag();
    }

    /** The {@link #key} of the face {@link #enrol} enrolled of the person under the name. */
    String key(Person person, String name) {
        return contract.hasBehavior(EngineBehavior.FACE_IDS) ? id(name) : tag(person);
    }

    /** A face id unique in the engine, so that engines whose ids are unique across collections take it. */
    String id(String name) {
        return tenant + "-" + name;
    }

    private static String tag(Person person) {
        return person.name().toLowerCase(Locale.ROOT);
    }

    SearchResult searchByPhoto(Person person, int topK, double minScore, boolean distinctTags) {
        return contract.engine().search(new SearchQuery(List.of(people), new Probe.ImageProbe(contract.photo(person)), topK,
                minScore, distinctTags));
    }

    /** The call fails as the call of a behaviour the engine lacks. */
    static void assertUnsupported(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(FaceException.Unsupported.class);
    }
}
