package io.polyface.plugin.qiniu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.FeatureJob;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Page;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.connector.FaceListing;
import io.polyface.toolkit.connector.VendorConnector;
import io.polyface.toolkit.connector.VendorHttp;
import io.polyface.toolkit.json.Json;
import io.polyface.toolkit.settings.Settings;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine SPI answered by Qiniu's face-group API (document {@code qiniu-face-image-search.md},
 * section 2), as its client: every request signed with the engine's {@code access-key} and {@code
 * secret-key} as Qiniu's SDKs sign them ({@link QiniuSigner}), images sent as {@code data:} URIs.
 *
 * <p>Mapping: a collection is a face group; a face is an image of the group with the face id as its
 * {@code id} (Qiniu makes one when the caller gives none), its tag, and its description as {@code
 * desc} (JSON text is sent as the JSON it is, other text as a JSON string). Qiniu keeps the
 * detector's confidence itself ({@code bounding_box.score}): a face's user data is reported as
 * {@code {"score": <confidence>}}, and user data of another form cannot be stored. The Qiniu
 * dialect's collection attributes ({@code qiniu.kind=face}, {@code qiniu.capacity}) are the group
 * itself and its {@code config.capacity}; other attributes cannot be stored. Scores return from
 * Qiniu's 0..1 scale to raw cosine through the Qiniu dialect's calibration ({@link QiniuScore}).
 *
 * <p>Qiniu's API has no detection, 1:1 compare, stored images, embeddings, copies or records, and
 * its update needs the image again: those calls are {@link FaceException.Unsupported}. A group is
 * created with a capacity ({@value #DEFAULT_CAPACITY} when the collection names none): Qiniu's
 * server refuses one without. Looking a face up by id lists the group (the
 * API has no lookup). Only the configured {@code tenant} is served. The signed requests themselves
 * are {@link QiniuConnectorCalls}'. Thread-safe.
 */
final class QiniuConnector extends VendorConnector {
    static final String VERSION = "qiniu-remote";
    private static final int PAGE = 1000;
    private static final BoundingBox NO_BOX = new BoundingBox(0, 0, 0, 0);
    /** The capacity a group is created with when the collection names none. */
    static final long DEFAULT_CAPACITY = 10_000;

    private final QiniuScore score = QiniuScore.DEFAULT;
    private final QiniuConnectorCalls calls;

    QiniuConnector(ConnectorContext context) {
        super(context, new Vendor("qiniu", "Qiniu", "Qiniu's face-group API",
                new FeatureVersion(VERSION, "whatever features the Qiniu service extracts")), Settings.bind(context, QiniuConnectorSettings.class).tenant());
        this.calls = new QiniuConnectorCalls(context);
    }

    /** Qiniu has an upgrade API of its own, apart from the face groups; this connector does not speak it. */
    @Override
    public FeatureJob startFeatureJob(CollectionRef ref, String toVersion) {
        throw unsupported("feature upgrades through this connector");
    }

    @Override
    protected Map<String, String> healthDetails() {
        JsonNode groups = calls.call("GET", "/v1/face/groups", null, "");
        return Map.of("qiniu.groups", Integer.toString(groups.path("groups").size()));
    }

    // ---- what the face-group API cannot express -------------------------------------------

    @Override
    public List<DetectedFace> detect(byte[] image) {
        throw unsupported("face detection outside a search");
    }

    @Override
    public String storeImage(String tenant, byte[] image) {
        throw unsupported("stored images");
    }

    // ---- collections ----------------------------------------------------------------------

    @Override
    public CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
        checkNewCollection(ref, spec, "limits (a group's capacity is an estimate that grows, not a limit)");
        long capacity = 0;
        for (Map.Entry<String, String> attribute : spec.attributes().entrySet()) {
            switch (attribute.getKey()) {
                case QiniuFaceGroups.KIND -> {
                    if (!attribute.getValue().equals(QiniuFaceGroups.FACE_KIND)) {
                        throw unsupported("groups of kind " + attribute.getValue() + " in its face-group API");
                    }
                }
                case QiniuFaceGroups.CAPACITY -> capacity = parseCapacity(attribute.getValue());
                default -> throw unsupported("collection attributes other than a face group's capacity");
            }
        }
        ObjectNode body = Json.object();
        // An estimate that grows, but Qiniu's server refuses a group without one (invalid group capacity).
        body.putObject("config").put("capacity", capacity > 0 ? capacity : DEFAULT_CAPACITY);
        calls.call("POST", QiniuConnectorCalls.group(ref), body, ref.name());
        return created(ref, "group");
    }

    private static long parseCapacity(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new FaceException.InvalidArgument("capacity", "a group's capacity is a whole number");
        }
    }

    @Override
    public Optional<CollectionInfo> collection(CollectionRef ref) {
        if (!serves(ref.tenant())) {
            return Optional.empty();
        }
        JsonNode info;
        try {
            info = calls.call("GET", QiniuConnectorCalls.group(ref), null, ref.name());
        } catch (FaceException.NotFound e) {
            return Optional.empty();
        }
        long capacity = info.path("config").path("capacity").asLong();
        CollectionSpec spec = CollectionSpec.unlimited().withFeatureVersion(VERSION).withAttributes(Map.of(
                QiniuFaceGroups.KIND, QiniuFaceGroups.FACE_KIND, QiniuFaceGroups.CAPACITY, Long.toString(capacity)));
        long count = info.path("count").asLong();
        return Optional.of(new CollectionInfo(ref, spec, Instant.EPOCH, Instant.EPOCH, count, count));
    }

    @Override
    public List<CollectionInfo> collections(String tenant) {
        if (!serves(tenant)) {
            return List.of();
        }
        List<CollectionInfo> infos = new ArrayList<>();
        for (JsonNode name : calls.call("GET", "/v1/face/groups", null, "").path("groups")) {
            collection(new CollectionRef(tenant, name.asText())).ifPresent(infos::add);
        }
        return infos;
    }

    @Override
    public long clearCollection(CollectionRef ref) {
        checkTenant(ref.tenant());
        long deleted = 0;
        List<String> ids = all(ref, Optional.empty()).stream().map(StoredFace::faceId).toList();
        for (int from = 0; from < ids.size(); from += PAGE) {
            deleted += delete(ref, ids.subList(from, Math.min(ids.size(), from + PAGE))).size();
        }
        return deleted;
    }

    @Override
    public void deleteCollection(CollectionRef ref) {
        checkTenant(ref.tenant());
        calls.call("POST", QiniuConnectorCalls.group(ref) + "/remove", null, ref.name());
    }

    @Override
    public CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes) {
        throw unsupported("changing a group's settings");
    }

    // ---- faces ----------------------------------------------------------------------------

    @Override
    public List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> faces) {
        checkTenant(ref.tenant());
        for (NewFace face : faces) {
            checkExpressible(face);
        }
        List<EnrolOutcome> outcomes = new ArrayList<>();
        for (NewFace face : faces) {
            outcomes.add(enrol(ref, face));
        }
        return outcomes;
    }

    private EnrolOutcome enrol(CollectionRef ref, NewFace face) {
        ObjectNode body = Json.object();
        ObjectNode image = body.putObject("image");
        face.faceId().ifPresent(id -> image.put("id", id));
        image.put("uri", QiniuConnectorCalls.dataUri(face.image()));
        image.put("tag", face.tag());
        face.description().ifPresent(d -> image.set("desc", desc(d)));
        face.region().ifPresent(r -> QiniuBox.write(r, image.putObject("bounding_box").putArray("pts")));
        if (face.qualityGate().isPresent()) {
            body.putObject("params").put("reject_bad_face", true);
        }
        JsonNode added;
        try {
            added = calls.call("POST", QiniuConnectorCalls.group(ref) + "/add", body, ref.name(), face.faceId().orElse(""));
        } catch (FaceException.NoFace | FaceException.BadQuality | FaceException.UndecodableImage | FaceException.ImageTooLarge
                | FaceException.AlreadyExists | FaceException.InvalidArgument perFace) {
            return new EnrolOutcome.Rejected(perFace);
        }
        BoundingBox box = added.path("bounding_box").has("pts")
                ? QiniuBox.read("bounding_box.pts", added.path("bounding_box").path("pts")) : NO_BOX;
        Optional<String> userData = added.path("bounding_box").path("score").isNumber()
                ? Optional.of(confidence(added.path("bounding_box").path("score").asDouble())) : Optional.empty();
        StoredFace stored = new StoredFace(added.path("id").asText(face.faceId().orElse("")), ref, face.tag(), face.description(),
                userData, box, "", now());
        return new EnrolOutcome.Enrolled(stored, Optional.empty());
    }

    /** A region, Qiniu's own gate (reject_bad_face), descriptions and user data of the form Qiniu keeps. */
    private void checkExpressible(NewFace face) {
        if (face.qualityGate().isPresent() && !face.qualityGate().get().equals(QiniuQuality.REJECT_BAD_FACE)) {
            throw unsupported("quality gates other than its own (reject_bad_face)");
        }
        if (face.userData().isPresent() && !isConfidence(face.userData().get())) {
            throw unsupported("user data (it keeps the detector's confidence only)");
        }
    }

    private static boolean isConfidence(String userData) {
        try {
            JsonNode node = Json.STRICT.readTree(userData);
            return node != null && node.isObject() && node.size() == 1 && node.path("score").isNumber();
        } catch (IOException e) {
            return false;
        }
    }

    private static String confidence(double score) {
        ObjectNode node = Json.object();
        node.put("score", score);
        return QiniuReply.write(node);
    }

    private static JsonNode desc(String description) {
        try {
            JsonNode node = Json.STRICT.readTree(description);
            if (node != null) {
                return node;
            }
        } catch (IOException e) {
            // not JSON: sent as the string it is
        }
        return TextNode.valueOf(description);
    }

    @Override
    public List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> faces) {
        checkSameTag(tag, faces);
        List<String> old = facesByTag(ref, tag).stream().map(StoredFace::faceId).toList();
        if (old.isEmpty()) {
            throw new FaceException.NotFound(FaceException.Resource.TAG, tag);
        }
        List<EnrolOutcome> outcomes = addFaces(ref, faces);
        if (outcomes.stream().anyMatch(o -> o instanceof EnrolOutcome.Enrolled)) {
            delete(ref, old);
        }
        return outcomes;
    }

    @Override
    public List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        return all(ref, Optional.of(tag));
    }

    @Override
    public long deleteFacesByTag(CollectionRef ref, String tag) {
        List<String> ids = facesByTag(ref, tag).stream().map(StoredFace::faceId).toList();
        return ids.isEmpty() ? 0 : delete(ref, ids).size();
    }

    @Override
    public Optional<StoredFace> face(CollectionRef ref, String faceId) {
        if (!serves(ref.tenant())) {
            return Optional.empty();
        }
        return all(ref, Optional.empty()).stream().filter(f -> f.faceId().equals(faceId)).findFirst();
    }

    @Override
    public boolean deleteFace(CollectionRef ref, String faceId) {
        checkTenant(ref.tenant());
        return delete(ref, List.of(faceId)).contains(faceId);
    }

    private List<String> delete(CollectionRef ref, List<String> ids) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("ids");
        ids.forEach(list::add);
        List<String> deleted = new ArrayList<>();
        calls.call("POST", QiniuConnectorCalls.group(ref) + "/delete", body, ref.name()).path("deleted").forEach(id -> deleted.add(id.asText()));
        return deleted;
    }

    /**
     * Qiniu's update (section 2.8) needs the image again ({@code uri} is required on its server, and
     * an absent tag or desc is reset), and Qiniu does not give images back.
     */
    @Override
    public StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        throw unsupported("changing a face's tag or description (Qiniu's update needs the face's image again)");
    }

    @Override
    public List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies) {
        throw unsupported("copying faces (it needs the image again, and does not give images back)");
    }

    /** Qiniu's own marker is passed through as the page marker. */
    @Override
    public Page<StoredFace> listFaces(CollectionRef ref, Optional<String> tag, Optional<String> marker, int limit) {
        checkTenant(ref.tenant());
        Map<String, String> query = new LinkedHashMap<>();
        tag.ifPresent(t -> query.put("tag", t));
        marker.ifPresent(m -> query.put("marker", m));
        query.put("limit", Integer.toString(Math.max(1, Math.min(limit, PAGE))));
        JsonNode page = calls.call("GET", VendorHttp.withQuery(QiniuConnectorCalls.group(ref) + "/images", query), null, ref.name());
        List<StoredFace> faces = new ArrayList<>();
        for (JsonNode item : page.path("images")) {
            faces.add(stored(ref, item));
        }
        String next = page.path("marker").asText("");
        return new Page<>(faces, next.isEmpty() ? Optional.empty() : Optional.of(next));
    }

    private List<StoredFace> all(CollectionRef ref, Optional<String> tag) {
        return FaceListing.all(this::listFaces, ref, tag);
    }

    private StoredFace stored(CollectionRef ref, JsonNode item) {
        JsonNode desc = item.get("desc");
        Optional<String> description = desc == null || desc.isNull() ? Optional.empty() : Optional.of(QiniuReply.write(desc));
        JsonNode box = item.path("bounding_box");
        BoundingBox bounds = box.has("pts") ? QiniuBox.read("bounding_box.pts", box.path("pts")) : NO_BOX;
        Optional<String> userData = box.path("score").isNumber() ? Optional.of(confidence(box.path("score").asDouble())) : Optional.empty();
        return new StoredFace(item.path("id").asText(), ref, item.path("tag").asText(), description, userData, bounds, "", Instant.EPOCH);
    }

    // ---- search ---------------------------------------------------------------------------

    /**
     * One search per collection (section 2.6, or 2.14 with a region), merged by score. Without a
     * region the largest face Qiniu found in the image is the probe, as an engine takes the main face.
     */
    @Override
    public SearchResult search(SearchQuery query) {
        if (!(query.probe() instanceof Probe.ImageProbe probe)) {
            throw unsupported("searching by embedding or by stored face");
        }
        double threshold = Math.max(0, Math.min(1, score.fromCosine(Math.max(-1, query.minScore()))));
        int limit = Math.max(1, Math.min(query.topK(), 10_000));
        String uri = QiniuConnectorCalls.dataUri(probe.image());
        List<SearchHit> hits = new ArrayList<>();
        boolean found = false;
        for (CollectionRef ref : query.collections()) {
            checkTenant(ref.tenant());
            ObjectNode body = Json.object();
            String path;
            if (probe.region().isPresent()) {
                path = QiniuConnectorCalls.group(ref) + "/pts/search";
                ObjectNode item = body.putArray("data").addObject();
                item.put("uri", uri);
                QiniuBox.write(probe.region().get(), item.putObject("attribute").putArray("bounding_boxes").addObject().putArray("pts"));
            } else {
                path = QiniuConnectorCalls.group(ref) + "/search";
                body.putArray("images").add(uri);
            }
            body.put("threshold", threshold);
            body.put("limit", limit);
            JsonNode answer;
            try {
                answer = calls.call("POST", path, body, ref.name());
            } catch (FaceException.BackendUnavailable failed) {
                throw searchFailure(ref, failed);
            }
            Optional<JsonNode> main = mainFace(answer.path("search_results").path(0).path("faces"));
            if (main.isEmpty()) {
                continue;
            }
            found = true;
            for (JsonNode similar : main.get().path("faces")) {
                double cosine = score.toCosine(similar.path("score").asDouble());
                if (cosine >= query.minScore()) {
                    hits.add(new SearchHit(stored(ref, similar), cosine));
                }
            }
        }
        if (!found && !query.collections().isEmpty()) {
            throw new FaceException.NoFace();
        }
        return new SearchResult(Optional.empty(), best(hits, query.topK()));
    }

    /**
     * Qiniu's server answers every failure of a search with 500 {@code failed to search face}: a
     * missing group, a probe it cannot read, its own trouble. The group is looked up to tell the first.
     */
    private FaceException searchFailure(CollectionRef ref, FaceException failed) {
        if (!QiniuConnectorFailures.searchFailed(failed)) {
            return failed;
        }
        return collection(ref).isEmpty()
                ? new FaceException.NotFound(FaceException.Resource.COLLECTION, ref.name())
                : new FaceException.UndecodableImage(name() + ": Qiniu could not search with this image ("
                        + QiniuError.SEARCH_FACE_FAILED.text() + ")");
    }

    private static Optional<JsonNode> mainFace(JsonNode faces) {
        JsonNode best = null;
        double bestArea = -1;
        for (JsonNode face : faces) {
            JsonNode pts = face.path("bounding_box").path("pts");
            double area = pts.size() == 4 ? QiniuBox.read("bounding_box.pts", pts).width() * QiniuBox.read("bounding_box.pts", pts).height() : 0;
            if (area > bestArea) {
                best = face;
                bestArea = area;
            }
        }
        return Optional.ofNullable(best);
    }

    @Override
    public void close() {
        calls.close();
    }
}
