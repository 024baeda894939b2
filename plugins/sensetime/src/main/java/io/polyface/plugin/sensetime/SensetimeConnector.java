package io.polyface.plugin.sensetime;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceDetails;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Point;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.connector.FaceIndex;
import io.polyface.toolkit.connector.IndexedConnector;
import io.polyface.toolkit.connector.IndexedFace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The engine SPI answered by a SenseTime v1 server (document {@code sensetime-v1.md}), as its client
 * with the account's {@code api-id}/{@code api-secret}.
 *
 * <p>Mapping: a collection is a SenseTime <em>faceset</em> whose {@code name} is the collection's
 * name (looked up with {@code /info/list_facesets}; the first faceset of that name is the one) and
 * whose {@code user_data} holds the collection's attributes as a JSON object. Enrolling is {@code
 * /face/detection} with the image as the multipart {@code file} (the largest face, or the one
 * overlapping the requested region), then {@code /faceset/add_face} of its {@code face_id}. A faceset
 * holds face ids and nothing else, so the connector keeps the rest in its {@link
 * SensetimeConnectorIndex} (the gateway's database, else the setting {@code index-file}): each
 * face's Polyface id (the caller's, or the face_id), tag (the face id when none is given),
 * description, user data, image id and box. A face of a faceset the index does not know (added by
 * another client) shows under its face_id.
 * Quality gates are {@link FaceException.Unsupported}.
 *
 * <p>Search is {@code /face/search} per faceset (at most 10 candidates each, SenseTime's limit), 202
 * task answers followed through {@code /info/task} up to a bound; confidences return to raw cosine
 * through the SenseTime dialect's calibration ({@link SensetimeScore}). Only the configured {@code
 * tenant} is served: an account is one namespace. The SenseTime calls themselves, with their
 * failures and task polling, are {@link SensetimeConnectorCalls}'.
 *
 * <p>Thread-safe: its state is the client, the calls and the thread-safe index.
 */
final class SensetimeConnector extends IndexedConnector {
    static final String VERSION = "sensetime-remote";
    /** The feature version of the placeholder embeddings of detected faces: SenseTime shows none. */
    static final String NO_EMBEDDING = "sensetime-remote:no-embedding";
    static final BoundingBox NO_BOX = new BoundingBox(0, 0, 0, 0);
    /** How much a detected face must overlap a requested region to be the face meant (the SPI's rule). */
    private static final double MIN_REGION_IOU = 0.3;
    /** SenseTime's largest {@code top} for /face/search. */
    static final int MAX_TOP = 10;

    private final SensetimeClient client;
    private final SensetimeConnectorCalls calls;
    private final SensetimeScore score;
    private final FaceIndex index;

    SensetimeConnector(ConnectorContext context, SensetimeConnectorSettings settings) {
        super(context, Vendor.server("sensetime", "SenseTime", VERSION), settings.tenant());
        this.client = new SensetimeClient(context);
        this.score = settings.score().orElse(SensetimeScore.DEFAULT);
        this.calls = new SensetimeConnectorCalls(client, this, settings.maxPolls(), settings.pollMillis());
        this.index = SensetimeConnectorIndex.of(context, tenant(), settings.indexFile());
    }

    @Override
    protected Map<String, String> healthDetails() {
        JsonNode api = calls.api();
        return Map.of("sensetime.rate-limit", api.path("rate_limit").asText(""));
    }

    // ---- analysis -------------------------------------------------------------------------

    /** Every face /face/detection finds, largest first, with its 21 landmarks. */
    @Override
    public List<DetectedFace> detect(byte[] image) {
        List<DetectedFace> faces = new ArrayList<>();
        for (JsonNode face : calls.detection(image).path("faces")) {
            faces.add(detected(face));
        }
        faces.sort(Comparator.comparingDouble((DetectedFace f) -> f.box().area()).reversed());
        return faces;
    }

    @Override
    public List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features) {
        if (!features.isEmpty()) {
            throw unsupported("face analysis in the SPI's terms (asked for " + features + ")");
        }
        return detect(image);
    }

    /** Both images detected, their largest faces verified face to face. */
    @Override
    public CompareResult compare(byte[] first, byte[] second) {
        JsonNode one = mainFace(calls.detection(first), Optional.empty());
        JsonNode two = mainFace(calls.detection(second), Optional.empty());
        JsonNode answer = calls.verification(one.path("face_id").asText(), two.path("face_id").asText());
        return new CompareResult(score.raw(answer.path("confidence").asDouble()), detected(one), detected(two));
    }

    /** The face meant: the one overlapping the region most (IoU >= 0.3), else the largest. */
    private static JsonNode mainFace(JsonNode detection, Optional<BoundingBox> region) {
        JsonNode best = null;
        double bestValue = 0;
        for (JsonNode face : detection.path("faces")) {
            BoundingBox box = box(face.path("rect"));
            double value = region.map(box::iou).orElse(box.area());
            if (region.isPresent() && value < MIN_REGION_IOU) {
                continue;
            }
            if (best == null || value > bestValue) {
                best = face;
                bestValue = value;
            }
        }
        if (best == null) {
            throw new FaceException.NoFace();
        }
        return best;
    }

    private static DetectedFace detected(JsonNode face) {
        List<Point> landmarks = new ArrayList<>();
        for (JsonNode point : face.path("landmarks21")) {
            landmarks.add(new Point(point.path(0).asDouble(), point.path(1).asDouble()));
        }
        return new DetectedFace(box(face.path("rect")), 1.0, landmarks, new Embedding(new float[] {0}, NO_EMBEDDING), FaceDetails.none());
    }

    /** A SenseTime {@code rect} (left, top, right, bottom) as a box; none when absent. */
    static BoundingBox box(JsonNode rect) {
        if (!rect.isObject()) {
            return NO_BOX;
        }
        double left = rect.path("left").asDouble();
        double top = rect.path("top").asDouble();
        return new BoundingBox(left, top, rect.path("right").asDouble() - left, rect.path("bottom").asDouble() - top);
    }

    // ---- images ---------------------------------------------------------------------------

    @Override
    public String storeImage(String tenant, byte[] image) {
        throw unsupported("storing an image without adding its face");
    }

    @Override
    public Optional<byte[]> image(String tenant, String imageId) {
        throw unsupported("downloading stored images");
    }

    // ---- collections ----------------------------------------------------------------------

    @Override
    public CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
        checkNewCollection(ref, spec, "collection limits (an account's quota is set by SenseTime)");
        if (calls.facesetId(ref.name()).isPresent()) {
            throw new FaceException.AlreadyExists(FaceException.Resource.COLLECTION, ref.name());
        }
        calls.create(ref.name(), spec.attributes());
        return created(ref, "faceset");
    }

    @Override
    public Optional<CollectionInfo> collection(CollectionRef ref) {
        if (!serves(ref.tenant())) {
            return Optional.empty();
        }
        Optional<String> id = calls.facesetId(ref.name());
        if (id.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(info(ref.name(), calls.faceset(id.get(), ref.name())));
        } catch (FaceException.NotFound gone) {
            return Optional.empty();
        }
    }

    @Override
    public List<CollectionInfo> collections(String tenant) {
        if (!serves(tenant)) {
            return List.of();
        }
        List<CollectionInfo> infos = new ArrayList<>();
        for (Map.Entry<String, String> faceset : calls.facesets().entrySet()) {
            try {
                infos.add(info(faceset.getKey(), calls.faceset(faceset.getValue(), faceset.getKey())));
            } catch (FaceException.NotFound gone) {
                // deleted in between
            }
        }
        infos.sort(Comparator.comparing(i -> i.ref().name()));
        return infos;
    }

    private CollectionInfo info(String name, JsonNode faceset) {
        CollectionSpec spec = CollectionSpec.unlimited().withFeatureVersion(VERSION)
                .withAttributes(SensetimeConnectorCalls.attributes(faceset.path("user_data").asText("")));
        return new CollectionInfo(new CollectionRef(tenant(), name), spec, Instant.EPOCH, Instant.EPOCH,
                faceset.path("face_ids").size(), 0L);
    }

    @Override
    public long clearCollection(CollectionRef ref) {
        checkTenant(ref.tenant());
        String id = calls.requiredFacesetId(ref.name());
        List<String> faces = SensetimeConnectorCalls.faceIds(calls.faceset(id, ref.name()));
        index.removeHolder(ref.name());
        if (faces.isEmpty()) {
            return 0;
        }
        return calls.removeFaces(id, ref.name(), faces);
    }

    @Override
    public void deleteCollection(CollectionRef ref) {
        checkTenant(ref.tenant());
        String id = calls.requiredFacesetId(ref.name());
        calls.delete(id, ref.name());
        index.removeHolder(ref.name());
    }

    /** The attributes become the faceset's user_data (a JSON object); its name stays. */
    @Override
    public CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes) {
        checkTenant(ref.tenant());
        String id = calls.requiredFacesetId(ref.name());
        calls.change(id, ref.name(), attributes);
        return info(ref.name(), calls.faceset(id, ref.name()));
    }

    // ---- faces ----------------------------------------------------------------------------

    @Override
    public List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> faces) {
        checkTenant(ref.tenant());
        for (NewFace face : faces) {
            checkExpressible(face);
        }
        String id = calls.requiredFacesetId(ref.name());
        return enrolEach(faces, faceId -> index.face(ref.name(), faceId).isPresent(), face -> enrol(ref, id, face));
    }

    /**
     * Quality gates cannot be applied. Details asked for beyond a gate ({@link NewFace#details()})
     * are a report only: the detected face comes back without them, as with analysis SenseTime does
     * not express.
     */
    private void checkExpressible(NewFace face) {
        if (face.qualityGate().isPresent()) {
            throw unsupported("quality gates");
        }
    }

    private EnrolOutcome enrol(CollectionRef ref, String facesetId, NewFace face) {
        JsonNode detection;
        JsonNode main;
        try {
            detection = calls.detection(face.image());
            main = mainFace(detection, face.region());
        } catch (FaceException.NoFace | FaceException.UndecodableImage | FaceException.ImageTooLarge
                | FaceException.InvalidArgument refused) {
            return new EnrolOutcome.Rejected(refused, Optional.empty());
        }
        String sensetimeId = main.path("face_id").asText();
        calls.addFace(facesetId, ref.name(), sensetimeId);
        DetectedFace detected = detected(main);
        String faceId = face.faceId().orElse(sensetimeId);
        IndexedFace entry = new IndexedFace(faceId, sensetimeId,
                face.tag().isEmpty() ? faceId : face.tag(), face.description(), face.userData(),
                detection.path("image_id").asText(""), detected.box(), now());
        index.put(ref.name(), entry);
        return new EnrolOutcome.Enrolled(entry.stored(ref), Optional.of(detected));
    }

    @Override
    public Optional<StoredFace> face(CollectionRef ref, String faceId) {
        checkTenant(ref.tenant());
        return present(ref).stream().filter(f -> f.faceId().equals(faceId)).findFirst();
    }

    /** Removes the face_id from the faceset once no other face of the faceset names it. */
    @Override
    public boolean deleteFace(CollectionRef ref, String faceId) {
        checkTenant(ref.tenant());
        String id = calls.requiredFacesetId(ref.name());
        Optional<IndexedFace> named = index.face(ref.name(), faceId);
        String sensetimeId = named.map(IndexedFace::backendId).orElse(faceId);
        index.remove(ref.name(), faceId);
        if (!index.byBackendId(ref.name(), sensetimeId).isEmpty()) {
            return named.isPresent(); // another name of the same face_id keeps it in the faceset
        }
        return calls.removeFaces(id, ref.name(), List.of(sensetimeId)) > 0;
    }

    /** Tags, descriptions and user data live in the connector's index: a faceset has no place for them. */
    @Override
    public StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        StoredFace current = face(ref, faceId).orElseThrow(() -> new FaceException.NotFound(FaceException.Resource.FACE, faceId));
        IndexedFace entry = index.face(ref.name(), faceId).orElseGet(() -> IndexedFace.unknown(faceId));
        IndexedFace updated = new IndexedFace(faceId, entry.backendId(),
                update.tag().orElse(current.tag()), update.description().or(current::description), update.userData().or(current::userData),
                entry.imageId(), entry.box(), entry.createdAt());
        index.put(ref.name(), updated);
        return updated.stored(ref);
    }

    /** A copy adds the same face_id to the target faceset: no image is sent again. */
    @Override
    public List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies) {
        checkTenant(target.tenant());
        String id = calls.requiredFacesetId(target.name());
        return copyEach(target, copies, faceId -> index.face(target.name(), faceId).isPresent(), (copy, source, faceId) -> {
            IndexedFace from = index.face(copy.source().name(), copy.sourceFaceId())
                    .orElseGet(() -> IndexedFace.unknown(copy.sourceFaceId()));
            if (!target.name().equals(copy.source().name())) {
                calls.addFace(id, target.name(), from.backendId());
            }
            IndexedFace entry = new IndexedFace(faceId, from.backendId(),
                    copy.tag().orElse(source.tag()), source.description(), source.userData(), from.imageId(),
                    from.box(), now());
            index.put(target.name(), entry);
            return new EnrolOutcome.Enrolled(entry.stored(target), Optional.empty());
        });
    }

    /** The faces the faceset holds, named from the index, by face id. */
    @Override
    protected List<StoredFace> present(CollectionRef ref) {
        String id = calls.requiredFacesetId(ref.name());
        Map<String, List<IndexedFace>> known = index.byBackendIds(ref.name());
        List<StoredFace> faces = new ArrayList<>();
        for (String sensetimeId : SensetimeConnectorCalls.faceIds(calls.faceset(id, ref.name()))) {
            faces.addAll(named(ref, sensetimeId, known.getOrDefault(sensetimeId, List.of())));
        }
        faces.sort(Comparator.comparing(StoredFace::faceId));
        return faces;
    }

    /** Every face the index names with this face_id, or the face_id itself when none does (added by another client). */
    private List<StoredFace> named(CollectionRef ref, String sensetimeId) {
        return named(ref, sensetimeId, index.byBackendId(ref.name(), sensetimeId));
    }

    private static List<StoredFace> named(CollectionRef ref, String sensetimeId, List<IndexedFace> named) {
        return (named.isEmpty() ? List.of(IndexedFace.unknown(sensetimeId)) : named).stream().map(f -> f.stored(ref)).toList();
    }

    // ---- search ---------------------------------------------------------------------------

    /** The probe's face_id searched in each faceset (at most 10 candidates each), merged by score. */
    @Override
    public SearchResult search(SearchQuery query) {
        query.collections().forEach(c -> checkTenant(c.tenant()));
        Optional<DetectedFace> probeFace;
        String probeId;
        switch (query.probe()) {
            case Probe.ImageProbe image -> {
                JsonNode main = mainFace(calls.detection(image.image()), image.region());
                probeId = main.path("face_id").asText();
                probeFace = Optional.of(detected(main));
            }
            case Probe.StoredFaceProbe stored -> {
                checkTenant(stored.collection().tenant());
                face(stored.collection(), stored.faceId())
                        .orElseThrow(() -> new FaceException.NotFound(FaceException.Resource.FACE, stored.faceId()));
                probeId = index.face(stored.collection().name(), stored.faceId()).map(IndexedFace::backendId)
                        .orElse(stored.faceId());
                probeFace = Optional.empty();
            }
            case Probe.EmbeddingProbe embedding -> throw unsupported("searching by embedding");
        }
        Map<String, String> ids = calls.facesets();
        List<SearchHit> hits = new ArrayList<>();
        for (CollectionRef ref : query.collections()) {
            String id = Optional.ofNullable(ids.get(ref.name()))
                    .orElseThrow(() -> new FaceException.NotFound(FaceException.Resource.COLLECTION, ref.name()));
            Optional<JsonNode> answer = calls.search(probeId, id, ref.name(), Math.max(1, Math.min(MAX_TOP, query.topK())));
            if (answer.isEmpty()) {
                continue;
            }
            for (JsonNode candidate : answer.get().path("candidates")) {
                double cosine = score.raw(candidate.path("confidence").asDouble());
                if (cosine >= query.minScore()) {
                    named(ref, candidate.path("face_id").asText()).forEach(face -> hits.add(new SearchHit(face, cosine)));
                }
            }
        }
        hits.sort(Comparator.comparingDouble(SearchHit::score).reversed());
        if (query.distinctTags()) {
            Set<String> tags = new java.util.HashSet<>();
            hits.removeIf(hit -> !tags.add(hit.face().collection().name() + "\u0000" + hit.face().tag()));
        }
        return new SearchResult(probeFace, hits.subList(0, Math.min(hits.size(), query.topK())));
    }

    @Override
    public void close() {
        client.close();
    }

    /** The SPI failure of a SenseTime answer, as {@link SensetimeErrors} reads it. */
    FaceException failure(SensetimeClient.Failure failure, String collection) {
        return calls.failure(failure, collection);
    }
}
