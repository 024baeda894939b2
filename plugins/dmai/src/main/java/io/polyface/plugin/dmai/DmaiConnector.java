package io.polyface.plugin.dmai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.connector.VendorConnector;
import io.polyface.toolkit.connector.VendorHttp;
import io.polyface.toolkit.json.Json;
import io.polyface.toolkit.settings.Settings;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The engine SPI answered by a DM-AI recocomp server, as its client (document {@code
 * dmai-recocomp.rst}). What DM-AI's API can say is translated both ways; what it cannot is {@link
 * FaceException.Unsupported} naming the missing capability, which every dialect renders in its
 * own envelope.
 *
 * <p>DM-AI keeps feature vectors per target id, not faces: it has no face ids, no stored images,
 * no boxes, no listing of a target's faces, and one namespace for all collections. So a stored face
 * this connector reports has the id {@code dmai:<target id>}, an empty box and no image; only the
 * configured {@code tenant} is served (other tenants would share DM-AI's one namespace); and
 * scores come back from DM-AI's 0..1 scale to raw cosine through {@link DmaiScore} (settings
 * {@code score.center}, {@code score.steepness}: those of the server's calibration).
 *
 * <p>Thread-safe.
 */
final class DmaiConnector extends VendorConnector {
    private static final String VERSION = "dmai-remote";
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
    private static final BoundingBox NO_BOX = new BoundingBox(0, 0, 0, 0);

    private final DmaiScore score;
    private final ZoneId zone;
    private final VendorHttp http;

    DmaiConnector(ConnectorContext context) {
        this(context, Settings.bind(context, DmaiConnectorSettings.class));
    }

    private DmaiConnector(ConnectorContext context, DmaiConnectorSettings settings) {
        super(context, Vendor.server("dmai", "DM-AI", VERSION), settings.tenant());
        this.score = settings.score();
        this.zone = settings.zone();
        this.http = new VendorHttp(context, "DM-AI", settings.apiPath());
    }

    @Override
    protected Map<String, String> healthDetails() {
        JsonNode version = call("/version", Json.object());
        JsonNode license = call("/license", Json.object());
        return Map.of("dmai.version", version.path("version").asText(), "dmai.license", license.path("status").asText());
    }

    // ---- analysis -------------------------------------------------------------------------

    /** DM-AI answers a score only: the faces carry an empty box and no embedding of use. */
    @Override
    public CompareResult compare(byte[] first, byte[] second) {
        ObjectNode body = Json.object();
        body.put("face_image1", Base64.getEncoder().encodeToString(first));
        body.put("face_image2", Base64.getEncoder().encodeToString(second));
        JsonNode answer = call("/face/compare", body);
        return new CompareResult(score.toCosine(answer.path("score").asDouble()), placeholder(), placeholder());
    }

    private static DetectedFace placeholder() {
        return new DetectedFace(NO_BOX, 0, List.of(), new Embedding(new float[] {0}, VERSION));
    }

    // ---- collections ----------------------------------------------------------------------

    @Override
    public CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
        checkTenant(ref.tenant());
        if (!spec.attributes().isEmpty()) {
            throw unsupported("collection attributes");
        }
        checkFeatureVersion(spec);
        call("/create/collection", named(ref));
        return created(ref, "collection");
    }

    @Override
    public Optional<CollectionInfo> collection(CollectionRef ref) {
        checkTenant(ref.tenant());
        ObjectNode body = Json.object();
        body.putArray("collection_name").add(ref.name());
        try {
            List<CollectionInfo> infos = infos(call("/collection/status", body));
            return infos.stream().filter(i -> i.ref().name().equals(ref.name())).findFirst();
        } catch (FaceException.NotFound e) {
            return Optional.empty();
        }
    }

    @Override
    public List<CollectionInfo> collections(String tenant) {
        if (!serves(tenant)) {
            return List.of();
        }
        ObjectNode body = Json.object();
        body.putArray("collection_name");
        return infos(call("/collection/status", body));
    }

    private List<CollectionInfo> infos(JsonNode answer) {
        List<CollectionInfo> infos = new ArrayList<>();
        for (JsonNode item : answer.path("status")) {
            CollectionRef ref = new CollectionRef(tenant(), item.path("collection_name").asText());
            CollectionSpec spec = CollectionSpec.unlimited().withFeatureVersion(VERSION);
            infos.add(new CollectionInfo(ref, spec, time(item.path("create_time").asText()),
                    time(item.path("update_time").asText()), item.path("feature_num").asLong(), item.path("feature_num").asLong()));
        }
        infos.sort(Comparator.comparing(CollectionInfo::createdAt));
        return infos;
    }

    private Instant time(String ctime) {
        try {
            return LocalDateTime.parse(ctime.strip(), CTIME).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    @Override
    public long clearCollection(CollectionRef ref) {
        long before = faceCount(ref);
        call("/clear/collection", named(ref));
        return before;
    }

    @Override
    public void deleteCollection(CollectionRef ref) {
        checkTenant(ref.tenant());
        call("/delete/collection", named(ref));
    }

    private long faceCount(CollectionRef ref) {
        return collection(ref).orElseThrow(() -> new FaceException.NotFound(FaceException.Resource.COLLECTION, ref.name()))
                .faceCount();
    }

    // ---- faces ----------------------------------------------------------------------------

    @Override
    public List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> faces) {
        checkTenant(ref.tenant());
        checkExpressible(faces);
        return enrol("/face/insert", ref, faces);
    }

    @Override
    public List<EnrolOutcome> replaceFaces(CollectionRef ref, String tag, List<NewFace> faces) {
        checkTenant(ref.tenant());
        checkExpressible(faces);
        checkSameTag(tag, faces);
        return enrol("/face/update", ref, faces);
    }

    /**
     * Insert and update answer per batch: the indexes DM-AI could not use, the targets over their
     * quota, and (update) the targets it does not know. A face is enrolled unless one of these names it.
     */
    private List<EnrolOutcome> enrol(String path, CollectionRef ref, List<NewFace> faces) {
        ObjectNode body = named(ref);
        ArrayNode images = body.putArray("face_image");
        ArrayNode targets = body.putArray("target_id");
        for (NewFace face : faces) {
            images.add(Base64.getEncoder().encodeToString(face.image()));
            targets.add(face.tag());
        }
        JsonNode answer = call(path, body, Set.of(DmaiErrorCode.TARGET_ID_QUOTA_EXCEEDED.code(), DmaiErrorCode.UPDATE_FAILED.code()));
        Set<Integer> invalid = new HashSet<>();
        answer.path("invalid").path("message").path("invalid_index").forEach(i -> invalid.add(i.asInt()));
        Set<String> overQuota = new HashSet<>();
        answer.path("quota_exceeded_target_id").forEach(t -> overQuota.add(t.asText()));
        Set<String> unknown = new HashSet<>();
        answer.path("target_invalid").forEach(t -> unknown.add(t.asText()));
        if (!unknown.isEmpty() && path.equals("/face/update")) {
            throw new FaceException.NotFound(FaceException.Resource.TAG, unknown.iterator().next());
        }
        // DM-AI names a target over its quota, not which of its faces went in; success_num says how
        // many did in all. The faces of such targets are taken in request order, as the engine
        // stores them, the first ones enrolled up to that count.
        int certain = 0;
        for (int i = 0; i < faces.size(); i++) {
            if (!invalid.contains(i) && !overQuota.contains(faces.get(i).tag())) {
                certain++;
            }
        }
        int overQuotaEnrolled = Math.max(0, answer.path("success_num").asInt(certain) - certain);
        Instant now = now();
        List<EnrolOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            NewFace face = faces.get(i);
            if (invalid.contains(i)) {
                outcomes.add(new EnrolOutcome.Rejected(new FaceException.NoFace()));
            } else if (overQuota.contains(face.tag()) && overQuotaEnrolled-- <= 0) {
                outcomes.add(new EnrolOutcome.Rejected(new FaceException.QuotaExceeded(FaceException.Quota.FACES_PER_TAG, 5,
                        "DM-AI keeps at most 5 features per target id")));
            } else {
                outcomes.add(new EnrolOutcome.Enrolled(stored(ref, face.tag(), now)));
            }
        }
        return outcomes;
    }

    private StoredFace stored(CollectionRef ref, String tag, Instant at) {
        return new StoredFace("dmai:" + tag, ref, tag, Optional.empty(), Optional.empty(), NO_BOX, "", at);
    }

    private void checkExpressible(List<NewFace> faces) {
        for (NewFace face : faces) {
            if (face.faceId().isPresent()) {
                throw unsupported("caller-chosen face ids");
            }
            if (face.region().isPresent()) {
                throw unsupported("enrolling a face by its region");
            }
            if (face.qualityGate().isPresent()) {
                throw unsupported("quality gates");
            }
            if (face.description().isPresent() || face.userData().isPresent()) {
                throw unsupported("face descriptions and user data");
            }
        }
    }

    @Override
    public List<StoredFace> facesByTag(CollectionRef ref, String tag) {
        throw unsupported("listing a target's faces");
    }

    /** DM-AI says nothing about how many features it removed: the count is read before and after. */
    @Override
    public long deleteFacesByTag(CollectionRef ref, String tag) {
        long before = faceCount(ref);
        ObjectNode body = named(ref);
        body.put("target_id", tag);
        call("/delete/id", body);
        return Math.max(0, before - faceCount(ref));
    }

    // ---- search ---------------------------------------------------------------------------

    /** One DM-AI search per collection, merged by score; DM-AI answers one hit per target id. */
    @Override
    public SearchResult search(SearchQuery query) {
        if (!(query.probe() instanceof Probe.ImageProbe probe)) {
            throw unsupported("searching by embedding or by stored face");
        }
        if (probe.region().isPresent()) {
            throw unsupported("searching for a face in a region");
        }
        Instant now = now();
        List<SearchHit> hits = new ArrayList<>();
        String image = Base64.getEncoder().encodeToString(probe.image());
        for (CollectionRef ref : query.collections()) {
            checkTenant(ref.tenant());
            ObjectNode body = named(ref);
            body.put("face_image", image);
            body.put("top_k", Math.min(query.topK(), 100));
            for (JsonNode item : call("/face/search", body).path("status")) {
                double cosine = score.toCosine(item.path("score").asDouble());
                if (cosine >= query.minScore()) {
                    hits.add(new SearchHit(stored(ref, item.path("result").asText(), now), cosine));
                }
            }
        }
        return new SearchResult(Optional.empty(), best(hits, query.topK()));
    }

    @Override
    public void close() {
        http.close();
    }

    // ---- the wire -------------------------------------------------------------------------

    private ObjectNode named(CollectionRef ref) {
        ObjectNode body = Json.object();
        body.put("collection_name", ref.name());
        return body;
    }

    private JsonNode call(String path, ObjectNode body) {
        return call(path, body, Set.of());
    }

    /**
     * One POST with a JSON body, as the document's examples send it.
     *
     * @param partial err_codes that still carry a batch report to read
     */
    private JsonNode call(String path, ObjectNode body, Set<Integer> partial) {
        HttpRequest.Builder request;
        try {
            request = http.request(path)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.PLAIN.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new FaceException.Internal(name() + ": cannot write the DM-AI request: " + e.getMessage(), e);
        }
        HttpResponse<byte[]> response = http.send(path, request);
        JsonNode answer;
        try {
            answer = Json.STRICT.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.path("err_code").isInt()) {
            throw response.statusCode() >= 500 || response.statusCode() == 429
                    ? new FaceException.BackendUnavailable(name() + ": DM-AI answered HTTP " + response.statusCode(), null)
                    : new FaceException.Internal(name() + ": DM-AI answered HTTP " + response.statusCode()
                            + " without its envelope", null);
        }
        int code = answer.get("err_code").asInt();
        if (code == 0 || partial.contains(code)) {
            return answer;
        }
        throw DmaiErrors.failure(code, answer.path("status").asText(""), collectionOf(body), name());
    }

    /** The collection a request names, for the failures that name it. */
    private static String collectionOf(ObjectNode request) {
        return request.path("collection_name").isTextual() ? request.get("collection_name").asText()
                : request.path("collection_name").path(0).asText("");
    }
}
