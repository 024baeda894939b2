package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.text.ClientText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /face/verification}, {@code /face/search}, {@code /face/identification} and {@code
 * /face/training}.
 *
 * <p>The rule for going asynchronous (202 with a task): a call answers at once when it compares with
 * fewer than {@code async.min-faces} faces (default 1000), training on the way those not yet
 * trained, as {@code /face/training} would have; it also answers at once when every face it
 * compares with is trained, however many, as the document promises. Only large untrained work
 * becomes a task, which trains likewise before it compares. The document lets small untrained
 * work answer at once ("其他条件下可能发生异步调用": may, not must), and clients that never train nor
 * poll {@code /info/task} (a sign-in app) depend on it. Face-to-face verification is always
 * synchronous, as documented. Training answers 200 when everything named is already trained, and
 * is a task otherwise. Validation (ids, ranges) happens before, so an invalid call never becomes a
 * task.
 */
final class SensetimeMatching {
    private final SensetimeStore store;
    private final SensetimeTasks tasks;
    private final SensetimeScore score;
    private final int asyncMinFaces;

    SensetimeMatching(SensetimeStore store, SensetimeTasks tasks, SensetimeScore score, int asyncMinFaces) {
        this.store = requireNonNull(store, "store is null");
        this.tasks = requireNonNull(tasks, "tasks is null");
        this.score = requireNonNull(score, "score is null");
        this.asyncMinFaces = asyncMinFaces;
    }

    // ---- verification ---------------------------------------------------------------------

    SensetimeCall.Reply verification(SensetimeCall call) {
        SensetimeParams params = call.params();
        String faceId = params.required("face_id");
        Optional<String> face2Id = params.text("face2_id");
        Optional<String> personId = params.text("person_id");
        if (face2Id.isPresent() == personId.isPresent()) {
            throw SensetimeFailure.invalidArgument(face2Id.isPresent()
                    ? "specify either 'face2_id' or 'person_id' argument, not both"
                    : "must specify 'face2_id' or 'person_id' argument");
        }
        String tenant = call.tenant();
        SensetimeStore.LiveFace face = live(tenant, faceId, SensetimeStatus.INVALID_FACE);
        if (face2Id.isPresent()) {
            SensetimeStore.LiveFace face2 = live(tenant, face2Id.get(), SensetimeStatus.INVALID_FACE2);
            FaceEngine engine = store.engine(tenant);
            Embedding first = engine.embedding(SensetimeStore.pool(tenant), face.faceId())
                    .orElseThrow(() -> new SensetimeFailure(SensetimeStatus.INVALID_FACE, "face_id is invalid"));
            Embedding second = engine.embedding(SensetimeStore.pool(tenant), face2.faceId())
                    .orElseThrow(() -> new SensetimeFailure(SensetimeStatus.INVALID_FACE2, "face2_id is invalid"));
            ObjectNode body = verdict(first.cosine(second));
            body.put("face_id", faceId);
            body.put("face2_id", face2Id.get());
            return SensetimeCall.Reply.ok(body);
        }
        String pid = personId.get();
        if (store.person(tenant, pid).isEmpty()) {
            throw new SensetimeFailure(SensetimeStatus.INVALID_PERSON, "person_id is invalid");
        }
        CollectionRef person = SensetimeStore.personRef(tenant, pid);
        List<StoredFace> faces = store.engine(tenant).facesByTag(person, pid);
        if (faces.isEmpty()) {
            throw new SensetimeFailure(SensetimeStatus.EMPTY_PERSON, "the person has no face");
        }
        return maybeAsync(tenant, faces, () -> {
            List<SearchHit> hits = store.engine(tenant).search(new SearchQuery(List.of(person),
                    new Probe.StoredFaceProbe(SensetimeStore.pool(tenant), faceId), 1, -1.0, false)).hits();
            if (hits.isEmpty()) {
                throw new SensetimeFailure(SensetimeStatus.EMPTY_PERSON, "the person has no face");
            }
            ObjectNode body = verdict(hits.getFirst().score());
            body.put("face_id", faceId);
            body.put("person_id", pid);
            return body;
        });
    }

    private ObjectNode verdict(double raw) {
        double confidence = score.confidence(raw);
        ObjectNode body = SensetimeCall.okBody();
        body.put("same_person", SensetimeScore.samePerson(confidence));
        body.put("confidence", confidence);
        return body;
    }

    // ---- search ---------------------------------------------------------------------------

    SensetimeCall.Reply search(SensetimeCall call) {
        SensetimeParams params = call.params();
        String faceId = params.required("face_id");
        int top = params.integer("top", 3, 1, 10);
        Optional<String> facesetId = params.text("faceset_id");
        Optional<List<String>> faceIds = params.list("face_ids");
        String tenant = call.tenant();
        if (facesetId.isEmpty() && faceIds.isEmpty()) {
            throw SensetimeFailure.invalidArgument("must specify 'face_ids' or 'faceset_id' argument");
        }
        live(tenant, faceId, SensetimeStatus.INVALID_FACE);
        Probe probe = new Probe.StoredFaceProbe(SensetimeStore.pool(tenant), faceId);
        if (facesetId.isPresent()) {
            // Given both, the faceset is searched, as the document says.
            if (store.faceset(tenant, facesetId.get()).isEmpty()) {
                throw new SensetimeFailure(SensetimeStatus.INVALID_FACESET, "faceset_id is invalid");
            }
            CollectionRef faceset = SensetimeStore.facesetRef(tenant, facesetId.get());
            List<StoredFace> faces = store.allFaces(tenant, faceset);
            if (faces.isEmpty()) {
                throw new SensetimeFailure(SensetimeStatus.EMPTY_FACESET, "the faceset has no face");
            }
            return maybeAsync(tenant, faces, () -> candidates(faceId, store.engine(tenant)
                    .search(new SearchQuery(List.of(faceset), probe, top, -1.0, false)).hits().stream()
                    .map(hit -> Map.entry(hit.face().tag(), hit.score())).toList()));
        }
        if (faceIds.get().isEmpty()) {
            throw new SensetimeFailure(SensetimeStatus.EMPTY_FACESET, "face_ids is empty");
        }
        List<StoredFace> faces = new ArrayList<>();
        for (String id : faceIds.get()) {
            SensetimeStore.LiveFace candidate = store.liveFace(tenant, id).orElseThrow(
                    () -> new SensetimeFailure(SensetimeStatus.INVALID_FACE, "face_ids: face " + ClientText.echo(id) + " is invalid or expired"));
            faces.add(candidate.face());
        }
        return maybeAsync(tenant, faces, () -> {
            FaceEngine engine = store.engine(tenant);
            Embedding probeEmbedding = engine.embedding(SensetimeStore.pool(tenant), faceId)
                    .orElseThrow(() -> new SensetimeFailure(SensetimeStatus.INVALID_FACE, "face_id is invalid"));
            List<Map.Entry<String, Double>> scored = new ArrayList<>();
            for (StoredFace face : faces) {
                engine.embedding(SensetimeStore.pool(tenant), face.faceId())
                        .ifPresent(e -> scored.add(Map.entry(face.faceId(), probeEmbedding.cosine(e))));
            }
            scored.sort(Map.Entry.<String, Double>comparingByValue().reversed());
            return candidates(faceId, scored.subList(0, Math.min(top, scored.size())));
        });
    }

    private ObjectNode candidates(String faceId, List<Map.Entry<String, Double>> hits) {
        ObjectNode body = SensetimeCall.okBody();
        body.put("face_id", faceId);
        ArrayNode list = body.putArray("candidates");
        for (Map.Entry<String, Double> hit : hits) {
            ObjectNode item = list.addObject();
            item.put("face_id", hit.getKey());
            item.put("confidence", score.confidence(hit.getValue()));
        }
        return body;
    }

    // ---- identification -------------------------------------------------------------------

    SensetimeCall.Reply identification(SensetimeCall call) {
        SensetimeParams params = call.params();
        String faceId = params.required("face_id");
        String groupId = params.required("group_id");
        int top = params.integer("top", 2, 1, 5);
        String tenant = call.tenant();
        live(tenant, faceId, SensetimeStatus.INVALID_FACE);
        var group = store.group(tenant, groupId)
                .orElseThrow(() -> new SensetimeFailure(SensetimeStatus.INVALID_GROUP, "group_id is invalid"));
        FaceEngine engine = store.engine(tenant);
        Map<String, String> names = new LinkedHashMap<>();
        List<CollectionRef> persons = new ArrayList<>();
        List<StoredFace> faces = new ArrayList<>();
        for (String personId : SensetimeStore.members(group)) {
            Optional<String> name = store.person(tenant, personId)
                    .map(info -> SensetimeStore.named(info, SensetimeStore.PERSON_PREFIX).name());
            if (name.isEmpty()) {
                continue;
            }
            List<StoredFace> own = engine.facesByTag(SensetimeStore.personRef(tenant, personId), personId);
            if (!own.isEmpty()) {
                names.put(personId, name.get());
                persons.add(SensetimeStore.personRef(tenant, personId));
                faces.addAll(own);
            }
        }
        if (persons.isEmpty()) {
            throw new SensetimeFailure(SensetimeStatus.EMPTY_GROUP, "the group has no person with a face");
        }
        double threshold = score.raw(SensetimeScore.SAME_PERSON);
        return maybeAsync(tenant, faces, () -> {
            List<SearchHit> hits = store.engine(tenant).search(new SearchQuery(persons,
                    new Probe.StoredFaceProbe(SensetimeStore.pool(tenant), faceId), top, threshold, true)).hits();
            ObjectNode body = SensetimeCall.okBody();
            body.put("face_id", faceId);
            body.put("group_id", groupId);
            ArrayNode list = body.putArray("candidates");
            hits.stream().sorted(Comparator.comparingDouble(SearchHit::score).reversed()).forEach(hit -> {
                double confidence = score.confidence(hit.score());
                // Only candidates above 0.6, as documented.
                if (SensetimeScore.samePerson(confidence)) {
                    ObjectNode item = list.addObject();
                    item.put("person_id", hit.face().tag());
                    item.put("name", names.getOrDefault(hit.face().tag(), ""));
                    item.put("confidence", confidence);
                }
            });
            return body;
        });
    }

    // ---- training -------------------------------------------------------------------------

    SensetimeCall.Reply training(SensetimeCall call) {
        SensetimeParams params = call.params();
        List<String> faceIds = params.list("face_id").orElse(List.of());
        List<String> personIds = params.list("person_id").orElse(List.of());
        List<String> facesetIds = params.list("faceset_id").orElse(List.of());
        List<String> groupIds = params.list("group_id").orElse(List.of());
        if (faceIds.isEmpty() && personIds.isEmpty() && facesetIds.isEmpty() && groupIds.isEmpty()) {
            throw SensetimeFailure.invalidArgument("specify at least one of 'face_id', 'person_id', 'faceset_id', 'group_id'");
        }
        String tenant = call.tenant();
        FaceEngine engine = store.engine(tenant);
        List<StoredFace> faces = new ArrayList<>();
        List<String> persons = new ArrayList<>();
        for (String groupId : groupIds) {
            var group = store.group(tenant, groupId).orElseThrow(
                    () -> new SensetimeFailure(SensetimeStatus.INVALID_GROUP, "group_id " + ClientText.echo(groupId) + " is invalid"));
            SensetimeStore.members(group).stream().filter(p -> store.person(tenant, p).isPresent()).forEach(persons::add);
        }
        for (String personId : personIds) {
            if (store.person(tenant, personId).isEmpty()) {
                throw new SensetimeFailure(SensetimeStatus.INVALID_PERSON, "person_id " + ClientText.echo(personId) + " is invalid");
            }
            persons.add(personId);
        }
        for (String facesetId : facesetIds) {
            if (store.faceset(tenant, facesetId).isEmpty()) {
                throw new SensetimeFailure(SensetimeStatus.INVALID_FACESET, "faceset_id " + ClientText.echo(facesetId) + " is invalid");
            }
            faces.addAll(store.allFaces(tenant, SensetimeStore.facesetRef(tenant, facesetId)));
        }
        List<String> allFacesets = faceIds.isEmpty() ? List.of()
                : store.list(tenant, "faceset").stream().map(SensetimeStore.Named::id).toList();
        for (String faceId : faceIds) {
            SensetimeStore.LiveFace face = live(tenant, faceId, SensetimeStatus.INVALID_FACE);
            faces.add(face.face());
            // the face's copies in its person and in facesets are the same face: trained too
            engine.record(tenant, SensetimeStore.OWNER_KIND, faceId)
                    .map(json -> SensetimeJson.read(json).path("person").asText())
                    .flatMap(owner -> engine.face(SensetimeStore.personRef(tenant, owner), SensetimeStore.copyId(faceId, owner)))
                    .ifPresent(faces::add);
            for (String facesetId : allFacesets) {
                engine.face(SensetimeStore.facesetRef(tenant, facesetId), SensetimeStore.copyId(faceId, facesetId)).ifPresent(faces::add);
            }
        }
        for (String personId : persons.stream().distinct().toList()) {
            faces.addAll(engine.facesByTag(SensetimeStore.personRef(tenant, personId), personId));
        }
        List<StoredFace> untrained = faces.stream().filter(f -> !SensetimeStore.isTrained(f)).toList();
        if (untrained.isEmpty()) {
            return SensetimeCall.Reply.ok(SensetimeCall.okBody());
        }
        return async(tenant, () -> {
            store.markTrained(tenant, untrained);
            return SensetimeCall.okBody();
        });
    }

    // ---- shared ---------------------------------------------------------------------------

    private SensetimeStore.LiveFace live(String tenant, String faceId, SensetimeStatus whenInvalid) {
        return store.liveFace(tenant, faceId).orElseThrow(() -> new SensetimeFailure(whenInvalid,
                (whenInvalid == SensetimeStatus.INVALID_FACE2 ? "face2_id" : "face_id") + " is invalid or expired"));
    }

    /**
     * At once when the faces are few or all trained, a task otherwise; either way the untrained ones
     * are trained before the work runs, so a later {@code /face/training} finds nothing left to do.
     */
    private SensetimeCall.Reply maybeAsync(String tenant, List<StoredFace> faces, Supplier<ObjectNode> work) {
        Supplier<ObjectNode> trainedFirst = () -> {
            store.markTrained(tenant, faces);
            return work.get();
        };
        if (faces.size() < asyncMinFaces || faces.stream().allMatch(SensetimeStore::isTrained)) {
            return SensetimeCall.Reply.ok(trainedFirst.get());
        }
        return async(tenant, trainedFirst);
    }

    private SensetimeCall.Reply async(String tenant, Supplier<ObjectNode> work) {
        return switch (tasks.submit(tenant, work)) {
            case SensetimeTasks.Submitted.Queued queued -> new SensetimeCall.Reply(202, queued.body());
            case SensetimeTasks.Submitted.RanInline inline -> SensetimeCall.Reply.ok(inline.result());
        };
    }
}
