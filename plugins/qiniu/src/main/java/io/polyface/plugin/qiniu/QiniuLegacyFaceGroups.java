package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Face groups of Qiniu's older API generation ({@code /v1/face/group/...}; argus/feature_group/faceg,
 * service.go, proto.go, face_check.go, group.go), served from the same store as the current one: a
 * group is the engine collection {@link QiniuFaceGroups} makes ({@code qiniu.kind=face}), a face's
 * {@code name} is its tag, its {@code desc} its description, so a group made here is the group
 * {@code /v1/face/groups/<id>} shows and searches, and the other way round. Group ids are not checked
 * against the current generation's naming rule, as the older server did not check them.
 *
 * <p>Answers keep the older shapes: {@code {"code": 0, "message": "", "result": ...}} for lists and
 * searches, {@code {"faces", "attributes", "errors"}} (one entry per image, {@code ""}/{@code null}
 * where it failed) for new and add, {@code {}} for delete and remove; errors per {@link
 * QiniuLegacyErrors}.
 */
final class QiniuLegacyFaceGroups {
    /** The longest {@code desc}, in bytes of JSON. */
    static final int MAX_DESC_BYTES = 4096;
    /** A face narrower and lower than this is refused (face_check.go). */
    static final int MIN_FACE_SIDE = 50;
    static final String NO_FACE_MESSAGE = "No valid face info detected";

    private final QiniuFaceGroups faces;
    private final QiniuUris uris;
    private final QiniuScore score;

    QiniuLegacyFaceGroups(QiniuFaceGroups faces, QiniuUris uris, QiniuScore score) {
        this.faces = requireNonNull(faces, "faces is null");
        this.uris = requireNonNull(uris, "uris is null");
        this.score = requireNonNull(score, "score is null");
    }

    /** How a face is picked from an image: the only one, or the largest. */
    enum Mode {
        SINGLE, LARGEST;

        /** The mode a request names; empty for one the older server refuses ({@code invalid mode}). */
        static Optional<Mode> parse(String text) {
            return switch (text) {
                case "", "SINGLE" -> Optional.of(SINGLE);
                case "LARGEST" -> Optional.of(LARGEST);
                default -> Optional.empty();
            };
        }
    }

    /** One image of a new or add request. */
    record Item(String field, String uri, String id, String name, String mode, Optional<JsonNode> desc) {
        Item {
            requireNonNull(field, "field is null");
            requireNonNull(uri, "uri is null");
            requireNonNull(id, "id is null");
            requireNonNull(name, "name is null");
            requireNonNull(mode, "mode is null");
            requireNonNull(desc, "desc is null");
        }

        static List<Item> read(QiniuLegacyBody body) {
            List<Item> items = new ArrayList<>();
            for (QiniuLegacyBody data : body.objects("data")) {
                QiniuLegacyBody attribute = data.object("attribute");
                items.add(new Item(data.name("uri"), QiniuLimits.uri(data.name("uri"), data.string("uri")),
                        QiniuLimits.id(attribute.name("id"), attribute.string("id")),
                        QiniuLimits.tag(attribute.name("name"), attribute.string("name")), attribute.string("mode"),
                        attribute.value("desc")));
            }
            return items;
        }
    }

    // ---- groups ---------------------------------------------------------------------------

    DialectResponse listGroups(DialectRequest request, String tenant) {
        ObjectNode body = envelope("");
        ArrayNode result = body.putArray("result");
        for (CollectionInfo info : faces.engine(tenant, "").collections(tenant)) {
            if (QiniuFaceGroups.isFaceGroup(info)) {
                result.add(info.ref().name());
            }
        }
        return QiniuReply.ok(body);
    }

    /** {@code GET /v1/face/group/<id>}: every face as {@code {id, value: {name}}}; {@code null} for none, as Go writes an empty slice it never made. */
    DialectResponse listFaces(DialectRequest request, String tenant) {
        QiniuFaceGroups.Group group = faces.requireGroup(tenant, group(request));
        return listReply(QiniuFaceGroups.allFaces(group), (item, face) -> {
            item.put("id", face.faceId());
            item.putObject("value").put("name", face.tag());
        });
    }

    /**
     * {@code new}: makes the group (400 {@code group already exists} when it exists) and adds the
     * images. As in the source the group is made before the modes are checked, so an invalid mode
     * leaves it made, empty.
     */
    DialectResponse create(DialectRequest request, String tenant) {
        String name = group(request);
        List<Item> items = Item.read(QiniuLegacyBody.parse(request.body()));
        CollectionRef ref = new CollectionRef(tenant, name);
        faces.engine(tenant, name).createCollection(ref, CollectionSpec.unlimited().withAttributes(
                Map.of(QiniuFaceGroups.KIND, QiniuFaceGroups.FACE_KIND, QiniuFaceGroups.CAPACITY, "0")));
        if (!modesValid(items)) {
            return QiniuLegacyErrors.reply(400, "invalid mode");
        }
        return QiniuReply.ok(enrol(faces.requireGroup(tenant, name), items));
    }

    DialectResponse add(DialectRequest request, String tenant) {
        String name = group(request);
        List<Item> items = Item.read(QiniuLegacyBody.parse(request.body()));
        QiniuFaceGroups.Group group = faces.requireGroup(tenant, name);
        if (!modesValid(items)) {
            return QiniuLegacyErrors.reply(400, "invalid mode");
        }
        return QiniuReply.ok(enrol(group, items));
    }

    /** {@code delete}: ids not in the group are passed over; {@code {}}. */
    DialectResponse delete(DialectRequest request, String tenant) {
        String name = group(request);
        List<String> ids = QiniuLimits.ids("faces", QiniuLegacyBody.parse(request.body()).strings("faces"));
        QiniuFaceGroups.Group group = faces.requireGroup(tenant, name);
        for (String id : new LinkedHashSet<>(ids)) {
            group.engine().deleteFace(group.ref(), id);
        }
        return QiniuReply.ok(Json.object());
    }

    /** {@code remove}: {@code {}} whether or not the group existed, as in the source; the body is not read. */
    DialectResponse remove(DialectRequest request, String tenant) {
        String name = group(request);
        FaceEngine engine = faces.engine(tenant, name);
        CollectionRef ref = new CollectionRef(tenant, name);
        if (engine.collection(ref).filter(QiniuFaceGroups::isFaceGroup).isPresent()) {
            engine.deleteCollection(ref);
        }
        return QiniuReply.ok(Json.object());
    }

    // ---- faces ----------------------------------------------------------------------------

    private static boolean modesValid(List<Item> items) {
        return items.stream().allMatch(item -> Mode.parse(item.mode()).isPresent());
    }

    /** Adds the images one by one into one batch; each gets its id or an error, never both. */
    private ObjectNode enrol(QiniuFaceGroups.Group group, List<Item> items) {
        int n = items.size();
        String[] ids = new String[n];
        DetectedFace[] chosen = new DetectedFace[n];
        QiniuLegacyErrors.Failure[] failures = new QiniuLegacyErrors.Failure[n];
        List<NewFace> batch = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Item item = items.get(i);
            Optional<String> desc = item.desc().map(QiniuReply::write);
            if (desc.isPresent() && desc.get().getBytes(StandardCharsets.UTF_8).length > MAX_DESC_BYTES) {
                failures[i] = new QiniuLegacyErrors.Failure(406, "desc too long");
                continue;
            }
            try {
                byte[] bytes = uris.resolve(item.field(), item.uri());
                DetectedFace face = choose(group.engine().detect(bytes), Mode.parse(item.mode()).orElseThrow());
                String id = item.id().isEmpty() ? QiniuIds.generate() : item.id();
                batch.add(new NewFace(bytes, item.name(), desc, Optional.of(QiniuFaceGroups.userData(face.confidence())),
                        Optional.of(id), Optional.of(face.box()), Optional.empty(), Set.of()));
                positions.add(i);
                chosen[i] = face;
            } catch (FaceException failure) {
                failures[i] = QiniuLegacyErrors.of(failure);
            }
        }
        List<EnrolOutcome> outcomes = batch.isEmpty() ? List.of() : group.engine().addFaces(group.ref(), batch);
        for (int k = 0; k < outcomes.size(); k++) {
            int i = positions.get(k);
            switch (outcomes.get(k)) {
                case EnrolOutcome.Enrolled enrolled -> ids[i] = enrolled.face().faceId();
                case EnrolOutcome.Rejected rejected -> failures[i] = QiniuLegacyErrors.of(rejected.reason());
            }
        }
        ObjectNode response = Json.object();
        ArrayNode faceIds = response.putArray("faces");
        ArrayNode attributes = response.putArray("attributes");
        ArrayNode errors = response.putArray("errors");
        for (int i = 0; i < n; i++) {
            faceIds.add(ids[i] == null ? "" : ids[i]);
            if (ids[i] == null) {
                attributes.addNull();
            } else {
                putBox(attributes.addObject().putObject("bounding_box"), chosen[i].box(), chosen[i].confidence());
            }
            if (failures[i] == null) {
                errors.addNull();
            } else {
                errors.add(failures[i].toJson());
            }
        }
        return response;
    }

    /** The face an image is added with, refused as face_check.go refuses it. */
    static DetectedFace choose(List<DetectedFace> found, Mode mode) {
        if (found.isEmpty()) {
            throw new FaceException.NoFace();
        }
        DetectedFace one = switch (mode) {
            case SINGLE -> {
                if (found.size() != 1) {
                    throw new FaceException.InvalidArgument("uri", "multiple face detected");
                }
                yield found.getFirst();
            }
            case LARGEST -> {
                DetectedFace largest = found.getFirst();
                for (DetectedFace face : found) {
                    if (area(face.box()) > area(largest.box())) {
                        largest = face;
                    }
                }
                yield largest;
            }
        };
        long[] pts = corners(one.box());
        // Refused only when both sides are short, as the source compares them.
        if (pts[0] + MIN_FACE_SIDE > pts[2] && pts[1] + MIN_FACE_SIDE > pts[3]) {
            throw new FaceException.InvalidArgument("uri", "face size < 50x50");
        }
        return one;
    }

    private static long area(BoundingBox box) {
        long[] pts = corners(box);
        return (pts[2] - pts[0]) * (pts[3] - pts[1]);
    }

    /** left, top, right, bottom in whole pixels, as the points of a box are written. */
    private static long[] corners(BoundingBox box) {
        return new long[] {Math.round(box.x()), Math.round(box.y()), Math.round(box.x() + box.width()),
                Math.round(box.y() + box.height())};
    }

    // ---- search ---------------------------------------------------------------------------

    /** One face of the searched image and what it matched, best first. */
    private record Detection(DetectedFace face, List<SearchHit> hits) {
    }

    /** {@code POST /v1/face/groups/search}: every face of the image with its matches in the groups. */
    DialectResponse multiSearch(DialectRequest request, String tenant) {
        return answer(tenant, QiniuLegacySearch.multi(QiniuLegacyBody.parse(request.body())), "faces", (item, detection) -> {
            putBox(item.putObject("bounding_box"), detection.face().box(), detection.face().confidence());
            if (detection.hits().isEmpty()) {
                item.putNull("faces");
            } else {
                ArrayNode similar = item.putArray("faces");
                detection.hits().forEach(hit -> putHit(similar.addObject(), hit, "bounding_box", true));
            }
        });
    }

    /**
     * {@code POST /v1/face/group/<id>/search} (deprecated in the source): each face with its best
     * match as {@code value}, the zero value (empty id, score 0) when none.
     */
    DialectResponse search(DialectRequest request, String tenant) {
        QiniuLegacySearch search = QiniuLegacySearch.face(group(request), QiniuLegacyBody.parse(request.body()));
        return answer(tenant, search, "detections", (item, detection) -> {
            putBox(item.putObject("boundingBox"), detection.face().box(), detection.face().confidence());
            ObjectNode value = item.putObject("value");
            if (detection.hits().isEmpty()) {
                ObjectNode box = value.putObject("boundingBox");
                box.putNull("pts");
                box.put("score", 0);
                value.put("name", "").put("id", "").put("score", 0).put("review", false);
            } else {
                putHit(value, detection.hits().getFirst(), "boundingBox", false);
            }
        });
    }

    /**
     * A search the older server accepts, each face of the image written under {@code result.<list>};
     * one it refuses is its 406 with the reason.
     */
    private DialectResponse answer(String tenant, QiniuLegacySearch search, String list, BiConsumer<ObjectNode, Detection> write) {
        Optional<String> refused = search.refusal();
        if (refused.isPresent()) {
            return QiniuLegacyErrors.reply(406, refused.get());
        }
        List<Detection> detections = detections(tenant, search);
        ObjectNode body = envelope(detections.isEmpty() ? NO_FACE_MESSAGE : "");
        ObjectNode result = body.putObject("result");
        result.put("review", false);
        ArrayNode found = result.putArray(list);
        detections.forEach(detection -> write.accept(found.addObject(), detection));
        return QiniuReply.ok(body);
    }

    private List<Detection> detections(String tenant, QiniuLegacySearch search) {
        List<QiniuFaceGroups.Group> groups = search.groups().stream().map(name -> faces.requireGroup(tenant, name)).toList();
        int count = search.resultCount(() -> groups.stream().mapToLong(g -> g.info().faceCount()).sum());
        double minimum = score.toCosine(search.threshold(QiniuScore.PHOTO_THRESHOLD));
        byte[] image = uris.resolve("data.uri", search.uri());
        FaceEngine engine = groups.getFirst().engine();
        List<CollectionRef> refs = groups.stream().map(QiniuFaceGroups.Group::ref).toList();
        List<Detection> detections = new ArrayList<>();
        for (DetectedFace face : engine.detect(image)) {
            List<SearchHit> hits = engine.search(new SearchQuery(refs, QiniuFaceSearch.probe(engine, refs, face, image), count,
                    minimum, false)).hits();
            detections.add(new Detection(face, hits));
        }
        return detections;
    }

    /** A match in the older field order: box, name, (group,) id, score, review, desc. */
    private void putHit(ObjectNode item, SearchHit hit, String boxField, boolean withGroup) {
        StoredFace face = hit.face();
        putBox(item.putObject(boxField), face.box(), face.userData().flatMap(QiniuFaceGroups::storedConfidence).orElse(0.0));
        item.put("name", face.tag());
        if (withGroup) {
            item.put("group", face.collection().name());
        }
        item.put("id", face.faceId());
        item.put("score", Math.max(0, score.fromCosine(hit.score())));
        item.put("review", false);
        QiniuReply.putDesc(item, face.description());
    }

    private static void putBox(ObjectNode target, BoundingBox box, double confidence) {
        QiniuBox.write(box, target.putArray("pts"));
        target.put("score", confidence);
    }

    static ObjectNode envelope(String message) {
        ObjectNode body = Json.object();
        body.put("code", 0);
        body.put("message", message);
        return body;
    }

    /** The envelope with {@code result} a list, {@code null} for none as Go writes a slice it never made. */
    static <T> DialectResponse listReply(List<T> all, BiConsumer<ObjectNode, T> write) {
        ObjectNode body = envelope("");
        if (all.isEmpty()) {
            body.putNull("result");
        } else {
            ArrayNode result = body.putArray("result");
            all.forEach(one -> write.accept(result.addObject(), one));
        }
        return QiniuReply.ok(body);
    }

    private static String group(DialectRequest request) {
        return request.pathParameters().get("group");
    }
}
