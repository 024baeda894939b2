package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * SenseTime's objects on the engine SPI, one account (tenant) at a time.
 *
 * <ul>
 *   <li>Detected faces live in the tenant's pool collection {@value #POOL}: engine face id = {@code
 *       face_id}, tag = {@code image_id}, user data = the face's JSON as detection answered it
 *       (rect, landmarks, attributes, eye_dist). The image itself is a record of kind {@value
 *       #IMAGE_KIND} (size, user_data, creation time): image and faces expire {@link #LIFETIME}
 *       after detection, measured on the dialect's clock.
 *   <li>A person is a collection {@code st_person_<person_id>} (attributes: kind, name, user_data)
 *       holding copies of its faces, engine id {@code <face_id>_<person_id>}, tag {@code
 *       person_id}. A record of kind {@value #OWNER_KIND} names each face's one person, so that
 *       adding it to another person moves it.
 *   <li>A faceset is a collection {@code st_faceset_<faceset_id>} holding copies, engine id {@code
 *       <face_id>_<faceset_id>}, tag {@code face_id}.
 *   <li>A group is a record of kind {@value #GROUP_KIND} (name, user_data, its persons); it holds
 *       no faces: identification searches its persons' collections at once.
 *   <li>A face is <em>trained</em> when its stored copies carry the description {@value #TRAINED}.
 * </ul>
 *
 * Copies outlive the detected face: once in a person or faceset a face stays until removed, as
 * the document says. Thread-safe; changes that must respect a quota run under {@link #lock}.
 */
final class SensetimeStore {
    static final String POOL = "st_detected";
    static final String PERSON_PREFIX = "st_person_";
    static final String FACESET_PREFIX = "st_faceset_";
    static final String IMAGE_KIND = "sensetime-image";
    static final String OWNER_KIND = "sensetime-face-owner";
    static final String GROUP_KIND = "sensetime-group";
    static final String TRAINED = "trained";
    static final Duration LIFETIME = Duration.ofDays(5);
    static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final int PAGE = 1000;

    private final DialectContext context;
    private final Set<String> tenantsWithPool = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /** A detected face that may still be used: present, and its image not expired. */
    record LiveFace(StoredFace face, ObjectNode details, String imageId, ObjectNode image) {
        String faceId() {
            return face.faceId();
        }
    }

    /** A person, faceset or group with its name and user data. */
    record Named(String id, String name, String userData) {
    }

    SensetimeStore(DialectContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    FaceEngine engine(String tenant) {
        // One engine per tenant: copies between collections need both on the same engine.
        return context.engines().engineFor(SensetimeDialectProvider.ID, tenant, Optional.empty());
    }

    Instant now() {
        return context.clock().instant();
    }

    /** The monitor under which a tenant's quota-bound changes run (per node). */
    Object lock(String tenant) {
        return locks.computeIfAbsent(tenant, t -> new Object());
    }

    static CollectionRef pool(String tenant) {
        return new CollectionRef(tenant, POOL);
    }

    static CollectionRef personRef(String tenant, String personId) {
        return new CollectionRef(tenant, PERSON_PREFIX + personId);
    }

    static CollectionRef facesetRef(String tenant, String facesetId) {
        return new CollectionRef(tenant, FACESET_PREFIX + facesetId);
    }

    static String copyId(String faceId, String ownerId) {
        return faceId + "_" + ownerId;
    }

    /** The SenseTime face id of a stored copy (its first 32 characters). */
    static String faceIdOfCopy(StoredFace copy) {
        return copy.faceId().length() > 32 ? copy.faceId().substring(0, 32) : copy.faceId();
    }

    // ---- images and detected faces --------------------------------------------------------

    void ensurePool(String tenant) {
        if (tenantsWithPool.contains(tenant)) {
            return;
        }
        FaceEngine engine = engine(tenant);
        if (engine.collection(pool(tenant)).isEmpty()) {
            try {
                engine.createCollection(pool(tenant), CollectionSpec.unlimited().withAttributes(Map.of("kind", "pool")));
            } catch (FaceException.AlreadyExists raced) {
                // another request or node created it first
            }
        }
        tenantsWithPool.add(tenant);
    }

    /** The tenant's data was erased: its pool has to be made again. */
    void forget(String tenant) {
        tenantsWithPool.remove(tenant);
    }

    void putImage(String tenant, String imageId, ObjectNode image) {
        engine(tenant).putRecord(tenant, IMAGE_KIND, imageId, SensetimeJson.text(image));
    }

    /** A live image's record; an expired one is removed with its faces. */
    Optional<ObjectNode> image(String tenant, String imageId) {
        if (!ID.matcher(imageId).matches()) {
            return Optional.empty();
        }
        Optional<ObjectNode> image = engine(tenant).record(tenant, IMAGE_KIND, imageId).map(SensetimeJson::read);
        if (image.isPresent() && expired(image.get())) {
            purgeImage(tenant, imageId);
            return Optional.empty();
        }
        return image;
    }

    boolean expired(ObjectNode image) {
        Instant created = Instant.ofEpochMilli(image.path("created").asLong());
        return !now().isBefore(created.plus(LIFETIME));
    }

    /** Removes an image record and its detected faces (copies in persons and facesets stay). */
    void purgeImage(String tenant, String imageId) {
        FaceEngine engine = engine(tenant);
        if (engine.collection(pool(tenant)).isPresent()) {
            engine.deleteFacesByTag(pool(tenant), imageId);
        }
        engine.deleteRecord(tenant, IMAGE_KIND, imageId);
    }

    /** Removes every expired image of a tenant with its faces; returns how many. */
    int purgeExpired(String tenant) {
        int purged = 0;
        for (Map.Entry<String, String> image : engine(tenant).records(tenant, IMAGE_KIND).entrySet()) {
            if (expired(SensetimeJson.read(image.getValue()))) {
                purgeImage(tenant, image.getKey());
                purged++;
            }
        }
        return purged;
    }

    /** A detected face that may be used (not expired); empty for anything else. */
    Optional<LiveFace> liveFace(String tenant, String faceId) {
        if (!ID.matcher(faceId).matches()) {
            return Optional.empty();
        }
        FaceEngine engine = engine(tenant);
        Optional<StoredFace> face = engine.collection(pool(tenant)).isPresent()
                ? engine.face(pool(tenant), faceId)
                : Optional.empty();
        if (face.isEmpty()) {
            return Optional.empty();
        }
        String imageId = face.get().tag();
        Optional<ObjectNode> image = image(tenant, imageId);
        if (image.isEmpty()) {
            engine.deleteFace(pool(tenant), faceId);
            return Optional.empty();
        }
        ObjectNode details = face.get().userData().map(SensetimeJson::read).orElseGet(Json::object);
        return Optional.of(new LiveFace(face.get(), details, imageId, image.get()));
    }

    /** The detected faces of an image, oldest first. */
    List<StoredFace> facesOfImage(String tenant, String imageId) {
        FaceEngine engine = engine(tenant);
        if (engine.collection(pool(tenant)).isEmpty()) {
            return List.of();
        }
        return engine.facesByTag(pool(tenant), imageId);
    }

    // ---- persons and facesets -------------------------------------------------------------

    Optional<CollectionInfo> person(String tenant, String personId) {
        return ID.matcher(personId).matches() ? kindOf(tenant, personRef(tenant, personId), "person") : Optional.empty();
    }

    Optional<CollectionInfo> faceset(String tenant, String facesetId) {
        return ID.matcher(facesetId).matches() ? kindOf(tenant, facesetRef(tenant, facesetId), "faceset") : Optional.empty();
    }

    private Optional<CollectionInfo> kindOf(String tenant, CollectionRef ref, String kind) {
        return engine(tenant).collection(ref).filter(info -> kind.equals(info.spec().attributes().get("kind")));
    }

    static Named named(CollectionInfo info, String prefix) {
        Map<String, String> attributes = info.spec().attributes();
        return new Named(info.ref().name().substring(prefix.length()), attributes.getOrDefault("name", ""),
                attributes.getOrDefault("user_data", ""));
    }

    /** The tenant's persons (or facesets), in order of creation. */
    List<Named> list(String tenant, String kind) {
        String prefix = kind.equals("person") ? PERSON_PREFIX : FACESET_PREFIX;
        List<Named> all = new ArrayList<>();
        for (CollectionInfo info : engine(tenant).collections(tenant)) {
            if (kind.equals(info.spec().attributes().get("kind")) && info.ref().name().startsWith(prefix)) {
                all.add(named(info, prefix));
            }
        }
        return all;
    }

    void createHolder(String tenant, CollectionRef ref, String kind, String name, Optional<String> userData) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("kind", kind);
        attributes.put("name", name);
        userData.ifPresent(u -> attributes.put("user_data", u));
        engine(tenant).createCollection(ref, CollectionSpec.unlimited().withAttributes(attributes));
    }

    void changeHolder(String tenant, CollectionInfo info, Optional<String> name, Optional<String> userData) {
        Map<String, String> attributes = new LinkedHashMap<>(info.spec().attributes());
        name.ifPresent(n -> attributes.put("name", n));
        userData.ifPresent(u -> attributes.put("user_data", u));
        engine(tenant).updateCollection(info.ref(), attributes);
    }

    /** Every face stored in a collection, in a stable order. */
    List<StoredFace> allFaces(String tenant, CollectionRef ref) {
        FaceEngine engine = engine(tenant);
        List<StoredFace> faces = new ArrayList<>();
        Optional<String> marker = Optional.empty();
        do {
            Page<StoredFace> page = engine.listFaces(ref, Optional.empty(), marker, PAGE);
            faces.addAll(page.items());
            marker = page.nextMarker();
        } while (marker.isPresent());
        return faces;
    }

    /** The SenseTime face ids in a person's collection, oldest first. */
    List<String> personFaceIds(String tenant, String personId) {
        return engine(tenant).facesByTag(personRef(tenant, personId), personId).stream()
                .map(SensetimeStore::faceIdOfCopy).toList();
    }

    /** The SenseTime face ids in a faceset. */
    List<String> facesetFaceIds(String tenant, String facesetId) {
        return allFaces(tenant, facesetRef(tenant, facesetId)).stream().map(StoredFace::tag).toList();
    }

    /**
     * Copies a live face into a person, taking it away from the person it belonged to before.
     *
     * @return false when the person already had it
     */
    boolean addToPerson(String tenant, String personId, LiveFace face) {
        FaceEngine engine = engine(tenant);
        Optional<String> owner = engine.record(tenant, OWNER_KIND, face.faceId())
                .map(json -> SensetimeJson.read(json).path("person").asText());
        CollectionRef target = personRef(tenant, personId);
        if (owner.isPresent() && owner.get().equals(personId) && engine.face(target, copyId(face.faceId(), personId)).isPresent()) {
            return false;
        }
        if (owner.isPresent() && !owner.get().equals(personId)) {
            CollectionRef previous = personRef(tenant, owner.get());
            if (engine.collection(previous).isPresent()) {
                engine.deleteFace(previous, copyId(face.faceId(), owner.get()));
            }
        }
        copy(engine, target, face, copyId(face.faceId(), personId), personId);
        ObjectNode record = Json.object();
        record.put("person", personId);
        engine.putRecord(tenant, OWNER_KIND, face.faceId(), SensetimeJson.text(record));
        return true;
    }

    /** Removes a face from a person; false when it was not there. */
    boolean removeFromPerson(String tenant, String personId, String faceId) {
        FaceEngine engine = engine(tenant);
        boolean removed = engine.deleteFace(personRef(tenant, personId), copyId(faceId, personId));
        if (removed) {
            engine.record(tenant, OWNER_KIND, faceId)
                    .filter(json -> personId.equals(SensetimeJson.read(json).path("person").asText()))
                    .ifPresent(json -> engine.deleteRecord(tenant, OWNER_KIND, faceId));
        }
        return removed;
    }

    void deletePerson(String tenant, String personId) {
        FaceEngine engine = engine(tenant);
        for (String faceId : personFaceIds(tenant, personId)) {
            engine.record(tenant, OWNER_KIND, faceId)
                    .filter(json -> personId.equals(SensetimeJson.read(json).path("person").asText()))
                    .ifPresent(json -> engine.deleteRecord(tenant, OWNER_KIND, faceId));
        }
        engine.deleteCollection(personRef(tenant, personId));
        for (Map.Entry<String, ObjectNode> group : groups(tenant).entrySet()) {
            ArrayNode persons = (ArrayNode) group.getValue().path("persons");
            boolean member = false;
            for (int i = persons.size() - 1; i >= 0; i--) {
                if (persons.get(i).asText().equals(personId)) {
                    persons.remove(i);
                    member = true;
                }
            }
            if (member) {
                putGroup(tenant, group.getKey(), group.getValue());
            }
        }
    }

    /** @return false when the faceset already had it */
    boolean addToFaceset(String tenant, String facesetId, LiveFace face) {
        FaceEngine engine = engine(tenant);
        CollectionRef target = facesetRef(tenant, facesetId);
        String id = copyId(face.faceId(), facesetId);
        if (engine.face(target, id).isPresent()) {
            return false;
        }
        copy(engine, target, face, id, face.faceId());
        return true;
    }

    boolean removeFromFaceset(String tenant, String facesetId, String faceId) {
        return engine(tenant).deleteFace(facesetRef(tenant, facesetId), copyId(faceId, facesetId));
    }

    private static void copy(FaceEngine engine, CollectionRef target, LiveFace face, String id, String tag) {
        List<EnrolOutcome> outcomes = engine.copyFaces(target, List.of(
                new FaceCopy(pool(target.tenant()), face.faceId(), Optional.of(id), Optional.of(tag))));
        if (outcomes.size() != 1) {
            throw new FaceException.Internal("the engine answered a copy with " + outcomes.size() + " outcomes", null);
        }
        if (outcomes.getFirst() instanceof EnrolOutcome.Rejected rejected) {
            throw rejected.reason();
        }
    }

    // ---- groups ---------------------------------------------------------------------------

    /** The tenant's groups by id, in order of creation. */
    Map<String, ObjectNode> groups(String tenant) {
        List<Map.Entry<String, ObjectNode>> entries = new ArrayList<>();
        engine(tenant).records(tenant, GROUP_KIND).forEach((id, json) -> entries.add(Map.entry(id, SensetimeJson.read(json))));
        entries.sort((a, b) -> Long.compare(a.getValue().path("created").asLong(), b.getValue().path("created").asLong()));
        Map<String, ObjectNode> groups = new LinkedHashMap<>();
        entries.forEach(e -> groups.put(e.getKey(), e.getValue()));
        return groups;
    }

    Optional<ObjectNode> group(String tenant, String groupId) {
        if (!ID.matcher(groupId).matches()) {
            return Optional.empty();
        }
        return engine(tenant).record(tenant, GROUP_KIND, groupId).map(SensetimeJson::read);
    }

    void putGroup(String tenant, String groupId, ObjectNode group) {
        engine(tenant).putRecord(tenant, GROUP_KIND, groupId, SensetimeJson.text(group));
    }

    void deleteGroup(String tenant, String groupId) {
        engine(tenant).deleteRecord(tenant, GROUP_KIND, groupId);
    }

    static List<String> members(ObjectNode group) {
        List<String> ids = new ArrayList<>();
        group.path("persons").forEach(p -> ids.add(p.asText()));
        return ids;
    }

    // ---- training -------------------------------------------------------------------------

    /** Marks stored faces trained; a face that vanished meanwhile is skipped. */
    void markTrained(String tenant, List<StoredFace> faces) {
        FaceEngine engine = engine(tenant);
        FaceUpdate trained = new FaceUpdate(Optional.empty(), Optional.of(TRAINED), Optional.empty());
        for (StoredFace face : faces) {
            if (face.description().filter(TRAINED::equals).isEmpty()) {
                try {
                    engine.updateFace(face.collection(), face.faceId(), trained);
                } catch (FaceException.NotFound gone) {
                    // removed while training ran: nothing left to train
                }
            }
        }
    }

    static boolean isTrained(StoredFace face) {
        return face.description().filter(TRAINED::equals).isPresent();
    }
}
