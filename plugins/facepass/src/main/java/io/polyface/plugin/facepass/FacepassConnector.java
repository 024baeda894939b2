package io.polyface.plugin.facepass;

import com.fasterxml.jackson.databind.JsonNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.connector.ConnectorContext;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.CompareResult;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceCopy;
import io.polyface.spi.engine.FaceDetails;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.connector.IndexedConnector;
import io.polyface.toolkit.connector.IndexedFace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The engine SPI answered by a FacePass server (document {@code facepass-server.md}), as its client.
 *
 * <p>Mapping: a collection is a FacePass group of the same name (4-16 letters, digits, {@code _});
 * enrolling is {@code /face/add} with the image (FacePass takes the largest face and applies its own
 * quality gate) followed by {@code /group/bind}; a copy is another bind of the same face_token;
 * deleting a face unbinds it, and deletes its face_token once no group holds it. FacePass has
 * face_tokens and group names only, so the connector keeps the rest in its {@link
 * FacepassConnectorIndex} (the gateway's database, else the setting {@code index-file}): each
 * face's Polyface id (the caller's, or the face_token), tag (the face id when none is given),
 * description and user data, and each group's attributes. A face FacePass holds that the index does not know (bound by another client)
 * is reported under its face_token as id and tag.
 *
 * <p>Search is {@code /service/recognize} with Polyface's JSON {@code face_data} (the dialect's
 * form; Megvii's own is made by its client SDK): FacePass answers the best face of a group only, so a
 * search returns at most one hit per collection. Detection and analysis are a {@code
 * /service/compare} of the image with itself: the main face, its box and pose, no confidence (1.0
 * is reported) and no embedding. Scores return to raw cosine through the FacePass dialect's
 * calibration ({@link FacepassScore}).
 *
 * <p>Only the configured {@code tenant} is served: FacePass has one namespace. The FacePass calls
 * themselves, with their failures, are {@link FacepassConnectorCalls}'. Thread-safe.
 */
final class FacepassConnector extends IndexedConnector {
    static final String VERSION = "facepass-remote";
    /** The feature version of the placeholder embeddings of detected faces: none FacePass shows. */
    static final String NO_EMBEDDING = "facepass-remote:no-embedding";
    private static final int ADD_LIMIT_BYTES = FacepassConnectorCalls.ADD_LIMIT_BYTES;
    /** How much the largest face must overlap a requested region to be the face meant (the SPI's rule). */
    private static final double MIN_REGION_IOU = 0.3;

    private final FacepassClient client;
    private final FacepassConnectorCalls calls;
    private final FacepassConnectorIndex index;

    FacepassConnector(ConnectorContext context, FacepassConnectorSettings settings) {
        super(context, Vendor.server("facepass", "FacePass", VERSION), settings.tenant());
        this.client = new FacepassClient(context);
        this.calls = new FacepassConnectorCalls(client, this);
        this.index = FacepassConnectorIndex.of(context, tenant(), settings.indexFile());
    }

    @Override
    protected Map<String, String> healthDetails() {
        JsonNode version = calls.version();
        return Map.of("facepass.version", version.path("version").asText());
    }

    // ---- analysis -------------------------------------------------------------------------

    /** The main face only: FacePass reports one face per image (compare of the image with itself). */
    @Override
    public List<DetectedFace> detect(byte[] image) {
        return analyze(image, Set.of());
    }

    @Override
    public List<DetectedFace> analyze(byte[] image, Set<FaceFeature> features) {
        Set<FaceFeature> unsupported = EnumSet.noneOf(FaceFeature.class);
        unsupported.addAll(features);
        unsupported.removeAll(EnumSet.of(FaceFeature.POSE, FaceFeature.LIVENESS));
        if (!unsupported.isEmpty()) {
            throw unsupported("face analysis beyond pose and liveness (asked for " + unsupported + ")");
        }
        boolean liveness = features.contains(FaceFeature.LIVENESS);
        JsonNode data;
        try {
            data = calls.compare(image, image, liveness);
        } catch (FaceException.NoFace noFace) {
            return List.of();
        }
        DetectedFace face = FacepassConnectorCalls.detected(data.path("detection_result_1"));
        FaceDetails details = new FaceDetails(features.contains(FaceFeature.POSE) ? face.details().pose() : Optional.empty(),
                Optional.empty(), Optional.empty(),
                liveness ? OptionalDouble.of(clamp01(FacepassScore.LIVENESS.toRaw(data.path("liveness_score_1").asDouble())))
                        : OptionalDouble.empty(),
                Optional.empty());
        return List.of(face.withDetails(details));
    }

    @Override
    public CompareResult compare(byte[] first, byte[] second) {
        JsonNode data = calls.compare(first, second, false);
        return new CompareResult(FacepassScore.SIMILARITY.toRaw(data.path("score").asDouble()),
                FacepassConnectorCalls.detected(data.path("detection_result_1")), FacepassConnectorCalls.detected(data.path("detection_result_2")));
    }

    private static double clamp01(double value) {
        return Math.max(0, Math.min(1, value));
    }

    // ---- images ---------------------------------------------------------------------------

    @Override
    public String storeImage(String tenant, byte[] image) {
        throw unsupported("storing an image without adding its face");
    }

    /** An image_id's original, as /image/query streams it. */
    @Override
    public Optional<byte[]> image(String tenant, String imageId) {
        if (!serves(tenant) || imageId.isEmpty()) {
            return Optional.empty();
        }
        return calls.image(imageId);
    }

    // ---- collections ----------------------------------------------------------------------

    @Override
    public CollectionInfo createCollection(CollectionRef ref, CollectionSpec spec) {
        checkNewCollection(ref, spec, "collection limits");
        calls.createGroup(ref.name());
        index.putGroup(ref.name(), spec.attributes(), now());
        return created(ref, "group");
    }

    @Override
    public Optional<CollectionInfo> collection(CollectionRef ref) {
        if (!serves(ref.tenant())) {
            return Optional.empty();
        }
        try {
            return Optional.of(info(ref.name(), calls.tokens(ref.name()).size()));
        } catch (FaceException.NotFound | FaceException.InvalidArgument e) {
            return Optional.empty(); // a name FacePass refuses names no group
        }
    }

    @Override
    public List<CollectionInfo> collections(String tenant) {
        if (!serves(tenant)) {
            return List.of();
        }
        JsonNode groups = calls.groups();
        List<CollectionInfo> infos = new ArrayList<>();
        for (JsonNode name : groups.path("groups")) {
            collection(new CollectionRef(tenant(), name.asText())).ifPresent(infos::add);
        }
        infos.sort(Comparator.comparing(CollectionInfo::createdAt).thenComparing(i -> i.ref().name()));
        return infos;
    }

    private CollectionInfo info(String name, long faces) {
        Optional<FacepassConnectorIndex.Group> known = index.group(name);
        CollectionSpec spec = CollectionSpec.unlimited().withFeatureVersion(VERSION)
                .withAttributes(known.map(FacepassConnectorIndex.Group::attributes).orElse(Map.of()));
        Instant created = known.map(FacepassConnectorIndex.Group::createdAt).orElse(Instant.EPOCH);
        return new CollectionInfo(new CollectionRef(tenant(), name), spec, created,
                known.map(FacepassConnectorIndex.Group::updatedAt).orElse(created), faces,
                known.map(FacepassConnectorIndex.Group::version).orElse(0L));
    }

    /** Every face of a collection: unbound from it, and deleted where no other group holds it. */
    @Override
    public long clearCollection(CollectionRef ref) {
        checkTenant(ref.tenant());
        List<StoredFace> faces = present(ref);
        for (StoredFace face : faces) {
            removeFace(ref.name(), face.faceId());
        }
        index.touch(ref.name(), now());
        return faces.size();
    }

    /** The group, then the face_tokens no other group holds (FacePass keeps unbound faces otherwise). */
    @Override
    public void deleteCollection(CollectionRef ref) {
        checkTenant(ref.tenant());
        List<String> tokens = calls.tokens(ref.name());
        calls.deleteGroup(ref.name());
        List<String> ids = index.faces(ref.name()).stream().map(IndexedFace::faceId).toList();
        ids.forEach(id -> index.removeFace(ref.name(), id));
        for (String token : tokens) {
            if (index.bindings(token) == 0) {
                calls.deleteToken(token);
            }
        }
        index.removeGroup(ref.name());
    }

    @Override
    public CollectionInfo updateCollection(CollectionRef ref, Map<String, String> attributes) {
        checkTenant(ref.tenant());
        long faces = calls.tokens(ref.name()).size();
        index.putGroup(ref.name(), attributes, now());
        return info(ref.name(), faces);
    }

    // ---- faces ----------------------------------------------------------------------------

    @Override
    public List<EnrolOutcome> addFaces(CollectionRef ref, List<NewFace> faces) {
        checkTenant(ref.tenant());
        for (NewFace face : faces) {
            checkExpressible(face);
        }
        calls.tokens(ref.name()); // the group exists, before any face is added to FacePass
        return enrolEach(faces, id -> index.face(ref.name(), id).isPresent(), face -> enrol(ref, face));
    }

    private EnrolOutcome enrol(CollectionRef ref, NewFace face) {
        if (face.image().length > ADD_LIMIT_BYTES) {
            return new EnrolOutcome.Rejected(new FaceException.ImageTooLarge(ADD_LIMIT_BYTES));
        }
        JsonNode added;
        try {
            added = calls.add(face.image());
        } catch (FacepassFailure failure) {
            return calls.refusal(failure, ref.name());
        }
        String token = added.path("face_token").asText();
        BoundingBox box = FacepassConnectorCalls.box(added.path("rect"));
        if (face.region().isPresent() && face.region().get().iou(box) < MIN_REGION_IOU) {
            calls.deleteToken(token);
            return new EnrolOutcome.Rejected(unsupported("enrolling a face other than the largest of its image"
                    + " (the face in the given region is not the one FacePass took)"));
        }
        try {
            calls.bind(ref.name(), token);
        } catch (FaceException bindFailed) {
            try {
                calls.deleteToken(token);
            } catch (FaceException ignored) {
                bindFailed.addSuppressed(ignored);
            }
            throw bindFailed;
        }
        String faceId = face.faceId().orElse(token);
        String tag = face.tag().isEmpty() ? faceId : face.tag();
        IndexedFace entry = new IndexedFace(faceId, token, tag, face.description(), face.userData(),
                added.path("image_id").asText(), box, now());
        index.putFace(ref.name(), entry);
        index.touch(ref.name(), entry.createdAt());
        return new EnrolOutcome.Enrolled(stored(ref.name(), entry), Optional.empty());
    }

    private void checkExpressible(NewFace face) {
        if (face.qualityGate().isPresent() && !face.qualityGate().get().equals(FacepassQualityGate.POLICY)) {
            throw unsupported("quality gates other than its own, which it applies to every face");
        }
    }

    @Override
    public Optional<StoredFace> face(CollectionRef ref, String faceId) {
        if (!serves(ref.tenant())) {
            return Optional.empty();
        }
        Optional<StoredFace> face = present(ref).stream().filter(f -> f.faceId().equals(faceId)).findFirst();
        if (face.isPresent() && index.face(ref.name(), faceId).isEmpty()) {
            return Optional.of(queried(ref, face.get())); // bound by another client: FacePass's own record
        }
        return face;
    }

    /** A token the index does not know, with the image_id and rect /face/query reports for it. */
    private StoredFace queried(CollectionRef ref, StoredFace unknown) {
        JsonNode data = calls.query(unknown.faceId(), ref.name());
        return new StoredFace(unknown.faceId(), ref, unknown.tag(), Optional.empty(), Optional.empty(), FacepassConnectorCalls.box(data.path("rect")),
                data.path("image_id").asText(""), unknown.createdAt());
    }

    @Override
    public boolean deleteFace(CollectionRef ref, String faceId) {
        checkTenant(ref.tenant());
        Optional<StoredFace> face = face(ref, faceId);
        if (face.isEmpty()) {
            return false;
        }
        removeFace(ref.name(), faceId);
        index.touch(ref.name(), now());
        return true;
    }

    /**
     * Forgets a face; its token is unbound from the group once no face of the group names it, and
     * deleted from FacePass once no face anywhere does.
     */
    private void removeFace(String group, String faceId) {
        String token = index.face(group, faceId).map(IndexedFace::backendId).orElse(faceId);
        index.removeFace(group, faceId);
        if (!index.allByToken(group, token).isEmpty()) {
            return; // a copy within the group still names it
        }
        if (index.bindings(token) == 0) {
            calls.deleteToken(token); // deleting a face unbinds it from every group
        } else {
            try {
                calls.unbind(group, token);
            } catch (FaceException.NotFound alreadyUnbound) {
                // the binding is gone: what was asked
            }
        }
    }

    /** Tags, descriptions and user data live in the connector's index: FacePass has no place for them. */
    @Override
    public StoredFace updateFace(CollectionRef ref, String faceId, FaceUpdate update) {
        checkTenant(ref.tenant());
        face(ref, faceId).orElseThrow(() -> new FaceException.NotFound(FaceException.Resource.FACE, faceId));
        IndexedFace current = index.face(ref.name(), faceId).orElseGet(() -> IndexedFace.unknown(faceId));
        IndexedFace updated = new IndexedFace(faceId, current.backendId(),
                update.tag().orElse(current.tag()), update.description().or(current::description),
                update.userData().or(current::userData), current.imageId(), current.box(), current.createdAt());
        index.putFace(ref.name(), updated);
        return stored(ref.name(), updated);
    }

    /** A copy is another bind of the source's face_token: FacePass needs no image for it. */
    @Override
    public List<EnrolOutcome> copyFaces(CollectionRef target, List<FaceCopy> copies) {
        checkTenant(target.tenant());
        calls.tokens(target.name());
        return copyEach(target, copies, id -> index.face(target.name(), id).isPresent(), (copy, source, faceId) -> {
            IndexedFace from = index.face(copy.source().name(), copy.sourceFaceId())
                    .orElseGet(() -> IndexedFace.unknown(copy.sourceFaceId()));
            // A group holds a token once: a second face of the same token in one group is a name only.
            if (!calls.tokens(target.name()).contains(from.backendId())) {
                calls.bind(target.name(), from.backendId());
            }
            IndexedFace entry = new IndexedFace(faceId, from.backendId(), copy.tag().orElse(from.tag()),
                    from.description(), from.userData(), from.imageId(), from.box(), now());
            index.putFace(target.name(), entry);
            index.touch(target.name(), entry.createdAt());
            return new EnrolOutcome.Enrolled(stored(target.name(), entry), Optional.empty());
        });
    }

    /** The faces FacePass has bound to a group, named from the index, by face id. */
    @Override
    protected List<StoredFace> present(CollectionRef ref) {
        List<String> tokens = calls.tokens(ref.name());
        Map<String, List<IndexedFace>> byToken = index.byTokens(ref.name());
        List<StoredFace> faces = new ArrayList<>();
        for (String token : tokens) {
            List<IndexedFace> named = byToken.getOrDefault(token, List.of());
            for (IndexedFace entry : named.isEmpty() ? List.of(IndexedFace.unknown(token)) : named) {
                faces.add(stored(ref.name(), entry));
            }
        }
        faces.sort(Comparator.comparing(StoredFace::faceId));
        return faces;
    }

    private StoredFace stored(String group, IndexedFace face) {
        return face.stored(new CollectionRef(tenant(), group));
    }

    // ---- search ---------------------------------------------------------------------------

    /** One recognize per collection (FacePass answers a group's best face), merged by score. */
    @Override
    public SearchResult search(SearchQuery query) {
        Probe.ImageProbe probe = switch (query.probe()) {
            case Probe.ImageProbe image -> image;
            case Probe.StoredFaceProbe stored -> storedProbe(stored);
            case Probe.EmbeddingProbe embedding -> throw unsupported("searching by embedding");
        };
        String faceData = FacepassConnectorCalls.faceData(probe.region());
        List<SearchHit> hits = new ArrayList<>();
        boolean found = false;
        for (CollectionRef ref : query.collections()) {
            checkTenant(ref.tenant());
            JsonNode data = calls.recognize(ref.name(), faceData, probe.image());
            JsonNode result = data.path("results").path(0);
            if (!result.path("face_found").asBoolean()) {
                continue;
            }
            found = true;
            String token = result.path("face_token").asText("");
            if (token.isEmpty()) {
                continue;
            }
            double cosine = FacepassScore.SIMILARITY.toRaw(result.path("score").asDouble());
            if (cosine >= query.minScore()) {
                IndexedFace face = index.byToken(ref.name(), token).orElseGet(() -> IndexedFace.unknown(token));
                hits.add(new SearchHit(stored(ref.name(), face), cosine));
            }
        }
        if (!found && !query.collections().isEmpty()) {
            throw new FaceException.NoFace();
        }
        return new SearchResult(Optional.empty(), best(hits, query.topK()));
    }

    /**
     * A stored face as a probe: its original image (FacePass keeps every added image) with its box,
     * so that recognize looks at that face.
     */
    private Probe.ImageProbe storedProbe(Probe.StoredFaceProbe stored) {
        checkTenant(stored.collection().tenant());
        StoredFace face = face(stored.collection(), stored.faceId()).filter(f -> !f.imageId().isEmpty())
                .orElseThrow(() -> new FaceException.NotFound(FaceException.Resource.FACE, stored.faceId()));
        byte[] image = image(tenant(), face.imageId())
                .orElseThrow(() -> new FaceException.NotFound(FaceException.Resource.IMAGE, face.imageId()));
        return new Probe.ImageProbe(image, face.box().area() > 0 ? Optional.of(face.box()) : Optional.empty());
    }

    @Override
    public void close() {
        client.close();
    }

    /** The SPI failure of a FacePass server's answer, as {@link FacepassErrors} reads it. */
    FaceException failure(FacepassFailure failure, String group) {
        return calls.failure(failure, group);
    }
}
