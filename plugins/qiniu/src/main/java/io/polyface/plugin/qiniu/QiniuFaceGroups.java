package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Face groups, sections 2.1-2.10: the groups and their faces; searching them is {@link
 * QiniuFaceSearch}'s. A group is an engine collection whose attributes say it is a Qiniu face group
 * and hold its {@code capacity} (an estimate, not a limit: "系统自动弹性扩大"). A face is stored with
 * Qiniu's image id as its face id, its tag, its {@code desc} as JSON text in the description, and
 * the detector's confidence in its user data.
 *
 * <p>Where the document is silent these routes do what Qiniu's own server does (argus {@code
 * feature_group_private/service}): its statuses and texts ({@link QiniuError}), {@code {}} for a
 * create, remove or update, faces of 50 px or less left out of an add, the largest face taken.
 */
final class QiniuFaceGroups {
    static final String KIND = "qiniu.kind";
    static final String FACE_KIND = "face";
    static final String CAPACITY = "qiniu.capacity";
    static final String DEFAULT_TAG = "default";
    /**
     * Qiniu's server adds only faces whose box is wider and taller than this many pixels ({@code
     * min_face_width}, {@code min_face_height}: 50 in its code and shipped configuration).
     */
    static final int MIN_FACE_PIXELS = 50;
    private static final int PAGE_MAX = 1000;

    private final DialectContext context;
    private final QiniuUris uris;
    private final QiniuFaceSearch search;

    QiniuFaceGroups(DialectContext context, QiniuUris uris, QiniuScore score) {
        this.context = requireNonNull(context, "context is null");
        this.uris = requireNonNull(uris, "uris is null");
        this.search = new QiniuFaceSearch(this, uris, requireNonNull(score, "score is null"));
    }

    // ---- groups ---------------------------------------------------------------------------

    /** Section 2.1: the name is checked, then whether it exists, then the capacity, as Qiniu does. */
    DialectResponse createGroup(DialectRequest request, String tenant) {
        String name = QiniuGroupName.toCreate(request);
        QiniuBody config = QiniuBody.parse(request.body(), true).object("config", false);
        long capacity = config.wholeNumber("capacity", 0);
        CollectionRef ref = new CollectionRef(tenant, name);
        FaceEngine engine = engine(tenant, name);
        QiniuGroupName.checkCreate(engine.collection(ref).isPresent(), capacity);
        Map<String, String> attributes = new HashMap<>(Map.of(KIND, FACE_KIND, CAPACITY, Long.toString(capacity)));
        // dimension, precision and version of the raw-feature API
        attributes.putAll(QiniuRawFeatures.createAttributes(config, engine, engine.featureVersion()));
        try {
            engine.createCollection(ref, CollectionSpec.unlimited().withAttributes(attributes));
        } catch (FaceException.AlreadyExists raced) {
            throw QiniuError.GROUP_ALREADY_EXIST.failure();
        }
        return QiniuReply.empty();
    }

    /** Section 2.2. */
    DialectResponse listGroups(DialectRequest request, String tenant) {
        return QiniuReply.groups(engine(tenant, "").collections(tenant).stream().filter(QiniuFaceGroups::isFaceGroup)
                .map(info -> info.ref().name()).toList());
    }

    DialectResponse groupInfo(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        ObjectNode body = Json.object();
        body.putObject("config").put("capacity", capacity(group.info()));
        QiniuRawFeatures.putConfig((ObjectNode) body.get("config"), group.info(), group.engine());
        body.put("tags", tagCounts(group).size());
        body.put("count", group.info().faceCount());
        return QiniuReply.ok(body);
    }

    DialectResponse removeGroup(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        group.engine().deleteCollection(group.ref());
        return QiniuReply.empty();
    }

    // ---- faces ----------------------------------------------------------------------------

    /**
     * Section 2.5. Without a box the largest face over {@value #MIN_FACE_PIXELS} px is added and
     * {@code face_number} counts those faces when there are several; with a box, that face is
     * added. Failures are Qiniu's: no face and a refused face are 400 with its words, anything else
     * (an image that cannot be fetched or read, an id already in the group) its 500.
     */
    DialectResponse add(DialectRequest request, String tenant) {
        FaceInput input = FaceInput.read(request, QiniuImageInput::toAdd);
        Optional<BoundingBox> region = input.region();
        Group group = group(tenant, request);

        byte[] bytes = QiniuError.ADD_FACE_FAILED.wrapping(() -> uris.resolve("image.uri", input.uri()));
        List<DetectedFace> large = region.isPresent() ? List.of() : largeFaces(group, bytes, QiniuError.ADD_FACE_FAILED);
        Optional<DetectedFace> chosen = region.isPresent() ? Optional.empty() : Optional.of(largest(large));
        NewFace face = input.face(bytes, chosen, Set.of(FaceFeature.QUALITY));
        EnrolOutcome.Enrolled enrolled = enrol(group, face, QiniuError.ADD_FACE_FAILED);
        ObjectNode response = Json.object();
        response.put("id", enrolled.face().faceId());
        ObjectNode box = response.putObject("bounding_box");
        if (region.isPresent()) {
            QiniuBox.write(region.get(), box.putArray("pts"));
            response.putObject("face_quality"); // Qiniu's server writes its empty struct
        } else {
            DetectedFace detected = enrolled.detected().orElse(chosen.get());
            QiniuBox.write(detected.box(), box.putArray("pts"));
            box.put("score", detected.confidence());
            QiniuQuality.report(detected).ifPresentOrElse(q -> response.set("face_quality", q), () -> response.putObject("face_quality"));
        }
        if (large.size() > 1) {
            response.put("face_number", large.size());
        }
        return QiniuReply.ok(response);
    }

    /**
     * A face into a group, or Qiniu's answer why not: a face refused under {@code reject_bad_face}
     * says why in its words, a face the engine cannot find again in the given box is Qiniu's feature
     * failure, anything else the route's own error.
     */
    private static EnrolOutcome.Enrolled enrol(Group group, NewFace face, QiniuError otherwise) {
        EnrolOutcome outcome = otherwise.wrapping(() -> group.engine().addFaces(group.ref(), List.of(face)).getFirst());
        return switch (outcome) {
            case EnrolOutcome.Enrolled e -> e;
            case EnrolOutcome.Rejected rejected -> throw switch (rejected.reason()) {
                case FaceException.BadQuality bad when otherwise == QiniuError.ADD_FACE_FAILED ->
                        QiniuQuality.rejection(bad.failedChecks()).failure();
                case FaceException.NoFace noFace when otherwise == QiniuError.ADD_FACE_FAILED && face.region().isPresent() ->
                        QiniuError.PARSE_FEATURE.failure();
                case FaceException own when QiniuError.ownRefusal(own) -> own;
                default -> otherwise.failure();
            };
        };
    }

    /** The faces Qiniu's server would add from: wider and taller than {@value #MIN_FACE_PIXELS} px, as whole-pixel points. */
    private static List<DetectedFace> largeFaces(Group group, byte[] image, QiniuError otherwise) {
        List<DetectedFace> found = otherwise.wrapping(() -> group.engine().detect(image));
        List<DetectedFace> large = found.stream().filter(f -> overMinSize(f.box())).toList();
        if (large.isEmpty()) {
            throw otherwise == QiniuError.ADD_FACE_FAILED ? QiniuError.NO_FACE.failure() : otherwise.failure();
        }
        return large;
    }

    static boolean overMinSize(BoundingBox box) {
        long width = Math.round(box.x() + box.width()) - Math.round(box.x());
        long height = Math.round(box.y() + box.height()) - Math.round(box.y());
        return width > MIN_FACE_PIXELS && height > MIN_FACE_PIXELS;
    }

    /** The largest box, the first of equals (Qiniu's {@code multi_faces_mode} 1, as shipped). */
    private static DetectedFace largest(List<DetectedFace> faces) {
        DetectedFace best = faces.getFirst();
        for (DetectedFace face : faces) {
            if (face.box().area() > best.box().area()) {
                best = face;
            }
        }
        return best;
    }

    /**
     * An add's or an update's request, read in Qiniu's order of checks: the image's id, tag and desc,
     * its box, {@code params.reject_bad_face}, then its uri.
     */
    private record FaceInput(QiniuImageInput image, Optional<BoundingBox> region, boolean rejectBad, String uri) {
        static FaceInput read(DialectRequest request, Function<QiniuBody, QiniuImageInput> image) {
            QiniuBody body = QiniuBody.parse(request.body(), true);
            QiniuBody fields = body.object("image", false);
            return new FaceInput(image.apply(fields), givenBox(fields), body.object("params", false).bool("reject_bad_face", false),
                    QiniuImageInput.uri(fields));
        }

        /** The face to enrol from the fetched image: the given box, else the chosen detected face. */
        NewFace face(byte[] bytes, Optional<DetectedFace> chosen, Set<FaceFeature> features) {
            NewFace face = new NewFace(bytes, image.tag(), image.desc().map(QiniuReply::write), chosen.map(f -> userData(f.confidence())),
                    Optional.of(image.id()), region.or(() -> chosen.map(DetectedFace::box)), Optional.empty(), features);
            return rejectBad && region.isEmpty() ? face.withQualityGate(QiniuQuality.REJECT_BAD_FACE) : face;
        }
    }

    /** {@code image.bounding_box.pts} when given; absent, null or {@code []} means "find the face". */
    private static Optional<BoundingBox> givenBox(QiniuBody image) {
        JsonNode pts = image.object("bounding_box", false).raw("pts");
        if (pts.isMissingNode() || pts.isNull() || (pts.isArray() && pts.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(QiniuBox.read("image.bounding_box.pts", pts));
    }

    DialectResponse delete(DialectRequest request, String tenant) {
        List<String> ids = QiniuLimits.ids("ids", QiniuBody.parse(request.body(), true).optionalStrings("ids", PAGE_MAX));
        Group group = group(tenant, request);
        return QiniuReply.deleted(ids, id -> group.engine().deleteFace(group.ref(), id));
    }

    /**
     * Section 2.8, as Qiniu's server does it: the face is found again in the new {@code uri}
     * (required) and replaces the stored one under the same id; {@code tag} and {@code desc} are
     * set as given, an absent or empty tag being {@code default} and an absent desc none. Every
     * failure after the group is found is Qiniu's 500 {@code failed to update face}. The old face is
     * kept as a copy until the new one is in.
     */
    DialectResponse update(DialectRequest request, String tenant) {
        FaceInput input = FaceInput.read(request, QiniuImageInput::toUpdate);
        String id = input.image().id();
        Group group = group(tenant, request);
        QiniuError failed = QiniuError.UPDATE_FACE_FAILED;
        failed.wrapping(() -> group.engine().face(group.ref(), id))
                .orElseThrow(failed::failure);
        if (input.uri().isEmpty()) {
            throw failed.failure();
        }
        byte[] bytes = failed.wrapping(() -> uris.resolve("image.uri", input.uri()));
        Optional<DetectedFace> chosen = input.region().isPresent() ? Optional.empty()
                : Optional.of(largest(largeFaces(group, bytes, failed)));
        NewFace replacement = input.face(bytes, chosen, Set.of());
        String backup = QiniuIds.generate() + ".backup";
        EnrolOutcome copied = failed.wrapping(() -> group.engine().copyFaces(group.ref(),
                List.of(new FaceCopy(group.ref(), id, Optional.of(backup), Optional.empty()))).getFirst());
        if (copied instanceof EnrolOutcome.Rejected) {
            throw failed.failure();
        }
        failed.wrapping(() -> group.engine().deleteFace(group.ref(), id));
        try {
            enrol(group, replacement, failed);
        } catch (RuntimeException e) {
            group.engine().copyFaces(group.ref(), List.of(new FaceCopy(group.ref(), backup, Optional.of(id), Optional.empty())));
            group.engine().deleteFace(group.ref(), backup);
            throw e;
        }
        group.engine().deleteFace(group.ref(), backup);
        return QiniuReply.empty();
    }

    /** Section 2.9; a marker this service did not write is Qiniu's 500 {@code failed to list face-images}. */
    DialectResponse list(DialectRequest request, String tenant) {
        Optional<String> tag = request.queryParameter("tag").filter(s -> !s.isEmpty()).map(t -> QiniuLimits.tag("tag", t));
        int limit = QiniuQuery.limit(request, PAGE_MAX);
        Group group = group(tenant, request);
        var page = QiniuError.LIST_FACES_FAILED.wrapping(() -> group.engine().listFaces(group.ref(), tag,
                QiniuMarker.decode(request.queryParameter("marker")), limit));
        ObjectNode response = Json.object();
        ArrayNode images = response.putArray("images");
        for (StoredFace face : page.items()) {
            putBox(putFace(images.addObject(), face), face);
        }
        response.put("marker", QiniuMarker.encode(page.nextMarker()));
        return QiniuReply.ok(response);
    }

    DialectResponse tags(DialectRequest request, String tenant) {
        int limit = QiniuQuery.limit(request, PAGE_MAX);
        Group group = group(tenant, request);
        return QiniuQuery.tags(request, limit, capacity(group.info()), () -> tagCounts(group));
    }

    /** The searches of these groups: by image, across groups, by points, cluster and compare. */
    QiniuFaceSearch search() {
        return search;
    }

    // ---- helpers --------------------------------------------------------------------------

    /** A face group that exists, with its engine. */
    record Group(CollectionRef ref, CollectionInfo info, FaceEngine engine) {
    }

    /** The group the path names, or Qiniu's {@code group not exist} (a name no group can have included). */
    private Group group(String tenant, DialectRequest request) {
        return lookup(tenant, request.pathParameters().get("group")).orElseThrow(QiniuError.GROUP_NOT_EXIST::failure);
    }

    /** The face group of that name, if there is one. */
    Optional<Group> lookup(String tenant, String name) {
        if (!QiniuGroupName.valid(name)) {
            return Optional.empty();
        }
        FaceEngine engine = engine(tenant, name);
        CollectionRef ref = new CollectionRef(tenant, name);
        return engine.collection(ref).filter(QiniuFaceGroups::isFaceGroup).map(info -> new Group(ref, info, engine));
    }

    Group requireGroup(String tenant, String name) {
        return lookup(tenant, name).orElseThrow(() -> new FaceException.NotFound(FaceException.Resource.COLLECTION, name));
    }

    /** A stored face's id, tag and desc, as every answer that lists faces writes them. */
    static ObjectNode putFace(ObjectNode item, StoredFace face) {
        item.put("id", face.faceId());
        item.put("tag", face.tag());
        QiniuReply.putDesc(item, face.description());
        return item;
    }

    /** A stored face's box, with the detector's confidence when it was detected rather than given. */
    static void putBox(ObjectNode item, StoredFace face) {
        ObjectNode box = item.putObject("bounding_box");
        QiniuBox.write(face.box(), box.putArray("pts"));
        face.userData().flatMap(QiniuFaceGroups::storedConfidence).ifPresent(c -> box.put("score", c));
    }

    static String userData(double confidence) {
        ObjectNode data = Json.object();
        data.put("score", confidence);
        return QiniuReply.write(data);
    }

    static Optional<Double> storedConfidence(String userData) {
        try {
            JsonNode node = Json.STRICT.readTree(userData);
            return node != null && node.path("score").isNumber() ? Optional.of(node.path("score").doubleValue()) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    static boolean isFaceGroup(CollectionInfo info) {
        return FACE_KIND.equals(info.spec().attributes().get(KIND));
    }

    private static long capacity(CollectionInfo info) {
        try {
            return Long.parseLong(info.spec().attributes().getOrDefault(CAPACITY, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static List<StoredFace> allFaces(Group group) {
        List<StoredFace> faces = new ArrayList<>();
        Optional<String> marker = Optional.empty();
        do {
            var page = group.engine().listFaces(group.ref(), Optional.empty(), marker, PAGE_MAX);
            faces.addAll(page.items());
            marker = page.nextMarker();
        } while (marker.isPresent());
        return faces;
    }

    private static java.util.SortedMap<String, Long> tagCounts(Group group) {
        java.util.SortedMap<String, Long> counts = new java.util.TreeMap<>();
        for (StoredFace face : allFaces(group)) {
            counts.merge(face.tag(), 1L, Long::sum);
        }
        return counts;
    }

    FaceEngine engine(String tenant, String group) {
        return context.engines().engineFor(QiniuDialectProvider.ID, tenant, group.isEmpty() ? Optional.empty() : Optional.of(group));
    }
}
