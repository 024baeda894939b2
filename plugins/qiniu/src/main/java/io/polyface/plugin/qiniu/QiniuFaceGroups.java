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
import io.polyface.spi.engine.FaceUpdate;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.QualityPolicy;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.StoredFace;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Face groups, sections 2.1-2.15. A group is an engine collection whose attributes say it is a Qiniu
 * face group and hold its {@code capacity} (an estimate, not a limit: "系统自动弹性扩大"). A face is
 * stored with Qiniu's image id as its face id, its tag, its {@code desc} as JSON text in the
 * description, and the detector's confidence in its user data.
 */
final class QiniuFaceGroups {
    static final String KIND = "qiniu.kind";
    static final String FACE_KIND = "face";
    static final String CAPACITY = "qiniu.capacity";
    static final String DEFAULT_TAG = "default";
    private static final int MAX_IMAGES = 100;
    private static final int MAX_GROUPS = 5;
    private static final int MAX_LIMIT = 10_000;
    private static final int DEFAULT_LIMIT = 100;
    private static final int PAGE_MAX = 1000;

    private final DialectContext context;
    private final QiniuUris uris;
    private final QiniuScore score;

    QiniuFaceGroups(DialectContext context, QiniuUris uris, QiniuScore score) {
        this.context = requireNonNull(context, "context is null");
        this.uris = requireNonNull(uris, "uris is null");
        this.score = requireNonNull(score, "score is null");
    }

    // ---- groups ---------------------------------------------------------------------------

    DialectResponse createGroup(DialectRequest request, String tenant) {
        String name = QiniuGroupName.check("group_name", request.pathParameters().get("group"));
        QiniuBody body = QiniuBody.parse(request.body(), true);
        long capacity = body.object("config", false).positiveLong("capacity", 0, false);
        CollectionRef ref = new CollectionRef(tenant, name);
        FaceEngine engine = engine(tenant, name);
        Map<String, String> attributes = new java.util.HashMap<>(Map.of(KIND, FACE_KIND, CAPACITY, Long.toString(capacity)));
        // dimension, precision and version of the raw-feature API
        attributes.putAll(QiniuRawFeatures.createAttributes(body.object("config", false), engine, engine.featureVersion()));
        engine.createCollection(ref, CollectionSpec.unlimited().withAttributes(attributes));
        return QiniuReply.empty();
    }

    DialectResponse listGroups(DialectRequest request, String tenant) {
        ObjectNode body = QiniuReply.object();
        ArrayNode groups = body.putArray("groups");
        for (CollectionInfo info : engine(tenant, "").collections(tenant)) {
            if (isFaceGroup(info)) {
                groups.add(info.ref().name());
            }
        }
        return QiniuReply.ok(body);
    }

    DialectResponse groupInfo(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        ObjectNode body = QiniuReply.object();
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

    DialectResponse add(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        QiniuBody body = QiniuBody.parse(request.body(), false);
        QiniuBody image = body.object("image", true);
        String id = image.optionalString("id").filter(s -> !s.isEmpty()).map(QiniuIds::check).orElseGet(QiniuIds::generate);
        String tag = image.optionalString("tag").filter(s -> !s.isEmpty()).orElse(DEFAULT_TAG);
        Optional<String> desc = image.value("desc").map(QiniuReply::write);
        Optional<BoundingBox> region = image.has("bounding_box")
                ? Optional.of(QiniuBox.read("image.bounding_box.pts", image.object("bounding_box", true).raw("pts")))
                : Optional.empty();
        boolean rejectBad = body.object("params", false).bool("reject_bad_face", false);
        byte[] bytes = uris.resolve("image.uri", image.optionalString("uri").orElse(""));

        List<DetectedFace> found = group.engine().detect(bytes);
        if (found.isEmpty()) {
            throw new FaceException.NoFace();
        }
        Optional<DetectedFace> chosen = region.isEmpty() ? Optional.of(found.getFirst()) : Optional.empty();
        NewFace face = new NewFace(bytes, tag, desc, chosen.map(f -> userData(f.confidence())), Optional.of(id),
                region, Optional.empty(), Set.of());
        if (rejectBad) {
            face = face.withQualityGate(QualityPolicy.QINIU);
        }
        if (region.isEmpty()) {
            face = face.withDetails(Set.of(FaceFeature.QUALITY));
        }
        EnrolOutcome outcome = group.engine().addFaces(group.ref(), List.of(face)).getFirst();
        EnrolOutcome.Enrolled enrolled = switch (outcome) {
            case EnrolOutcome.Enrolled e -> e;
            case EnrolOutcome.Rejected rejected -> throw rejected.reason();
        };
        ObjectNode response = QiniuReply.object();
        response.put("id", enrolled.face().faceId());
        ObjectNode box = response.putObject("bounding_box");
        if (region.isPresent()) {
            QiniuBox.write(region.get(), box.putArray("pts"));
        } else {
            DetectedFace detected = enrolled.detected().orElse(chosen.get());
            QiniuBox.write(detected.box(), box.putArray("pts"));
            box.put("score", detected.confidence());
            enrolled.detected().ifPresent(d -> QiniuQuality.report(d).ifPresent(q -> response.set("face_quality", q)));
        }
        response.put("face_number", found.size());
        return QiniuReply.ok(response);
    }

    DialectResponse delete(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        List<String> ids = QiniuBody.parse(request.body(), false).strings("ids", PAGE_MAX);
        ObjectNode response = QiniuReply.object();
        ArrayNode deleted = response.putArray("deleted");
        for (String id : new LinkedHashSet<>(ids)) {
            if (group.engine().deleteFace(group.ref(), id)) {
                deleted.add(id);
            }
        }
        return QiniuReply.ok(response);
    }

    /**
     * Section 2.8. A new {@code uri} replaces the face (same id); an absent or empty tag, and an
     * absent desc, keep what is stored. The old face is kept as a copy until the new one is in.
     */
    DialectResponse update(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        QiniuBody image = QiniuBody.parse(request.body(), false).object("image", true);
        String id = image.requiredString("id");
        StoredFace current = group.engine().face(group.ref(), id)
                .orElseThrow(() -> new FaceException.NotFound(FaceException.Resource.IMAGE, id));
        Optional<String> tag = image.optionalString("tag").filter(s -> !s.isEmpty());
        Optional<String> desc = image.value("desc").map(QiniuReply::write);
        Optional<String> uri = image.optionalString("uri").filter(s -> !s.isEmpty());
        if (uri.isEmpty()) {
            group.engine().updateFace(group.ref(), id, new FaceUpdate(tag, desc, Optional.empty()));
            return QiniuReply.empty();
        }
        byte[] bytes = uris.resolve("image.uri", uri.get());
        List<DetectedFace> found = group.engine().detect(bytes);
        if (found.isEmpty()) {
            throw new FaceException.NoFace();
        }
        NewFace replacement = new NewFace(bytes, tag.orElse(current.tag()), desc.or(current::description),
                Optional.of(userData(found.getFirst().confidence())), Optional.of(id), Optional.empty(), Optional.empty(), Set.of());
        String backup = QiniuIds.generate() + ".backup";
        EnrolOutcome copied = group.engine().copyFaces(group.ref(),
                List.of(new FaceCopy(group.ref(), id, Optional.of(backup), Optional.empty()))).getFirst();
        if (copied instanceof EnrolOutcome.Rejected rejected) {
            throw rejected.reason();
        }
        group.engine().deleteFace(group.ref(), id);
        EnrolOutcome outcome = group.engine().addFaces(group.ref(), List.of(replacement)).getFirst();
        if (outcome instanceof EnrolOutcome.Rejected rejected) {
            group.engine().copyFaces(group.ref(), List.of(new FaceCopy(group.ref(), backup, Optional.of(id), Optional.empty())));
            group.engine().deleteFace(group.ref(), backup);
            throw rejected.reason();
        }
        group.engine().deleteFace(group.ref(), backup);
        return QiniuReply.empty();
    }

    DialectResponse list(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        Optional<String> tag = request.queryParameter("tag").filter(s -> !s.isEmpty());
        Optional<String> marker = QiniuMarker.decode(request.queryParameter("marker"));
        int limit = QiniuQuery.limit(request, PAGE_MAX);
        var page = group.engine().listFaces(group.ref(), tag, marker, limit);
        ObjectNode response = QiniuReply.object();
        ArrayNode images = response.putArray("images");
        for (StoredFace face : page.items()) {
            putBox(putFace(images.addObject(), face), face);
        }
        response.put("marker", QiniuMarker.encode(page.nextMarker()));
        return QiniuReply.ok(response);
    }

    DialectResponse tags(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        Optional<String> after = QiniuMarker.decode(request.queryParameter("marker"));
        int limit = QiniuQuery.limit(request, PAGE_MAX);
        ObjectNode response = QiniuReply.object();
        response.putObject("config").put("capacity", capacity(group.info()));
        QiniuQuery.tagPage(response, tagCounts(group), after, limit);
        return QiniuReply.ok(response);
    }

    // ---- search ---------------------------------------------------------------------------

    private record SearchParams(double rawThreshold, int limit, boolean useQuality) {
    }

    private SearchParams params(QiniuBody body) {
        double threshold = body.fraction("threshold", QiniuScore.PHOTO_THRESHOLD);
        int limit = body.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        return new SearchParams(score.toCosine(threshold), limit, body.bool("use_quality", false));
    }

    DialectResponse search(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        QiniuBody body = QiniuBody.parse(request.body(), false);
        List<String> images = nonEmpty(body.strings("images", MAX_IMAGES), "images");
        SearchParams params = params(body);
        return searchImages(tenant, List.of(group), Optional.empty(), images, params, false);
    }

    DialectResponse multiSearch(DialectRequest request, String tenant) {
        QiniuBody body = QiniuBody.parse(request.body(), false);
        List<String> images = nonEmpty(body.strings("images", MAX_IMAGES), "images");
        List<Group> groups = groups(tenant, body.strings("groups", 1000));
        Optional<Group> cluster = clusterGroup(tenant, body);
        return searchImages(tenant, groups, cluster, images, params(body), true);
    }

    DialectResponse cluster(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        QiniuBody body = QiniuBody.parse(request.body(), false);
        List<String> images = nonEmpty(body.strings("images", MAX_IMAGES), "images");
        return searchImages(tenant, List.of(group), Optional.of(group), images, params(body), false);
    }

    DialectResponse ptsSearch(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        QiniuBody body = QiniuBody.parse(request.body(), false);
        QiniuBody params = body.object("params", false);
        return searchBoxes(List.of(group), Optional.empty(), body.objects("data", MAX_IMAGES), params(params), false);
    }

    DialectResponse multiPtsSearch(DialectRequest request, String tenant) {
        QiniuBody body = QiniuBody.parse(request.body(), false);
        List<Group> groups = groups(tenant, body.strings("groups", 1000));
        Optional<Group> cluster = clusterGroup(tenant, body);
        QiniuBody params = body.object("params", false);
        return searchBoxes(groups, cluster, body.objects("data", MAX_IMAGES), params(params), true);
    }

    private DialectResponse searchImages(String tenant, List<Group> groups, Optional<Group> cluster, List<String> images,
            SearchParams params, boolean withGroup) {
        // Every image is fetched and checked before anything is searched or enrolled.
        List<byte[]> decoded = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            decoded.add(uris.resolve("images[" + i + "]", images.get(i)));
        }
        FaceEngine engine = groups.getFirst().engine();
        List<CollectionRef> searched = searched(groups, cluster);
        ObjectNode response = QiniuReply.object();
        ArrayNode results = response.putArray("search_results");
        for (byte[] bytes : decoded) {
            ArrayNode faces = results.addObject().putArray("faces");
            List<DetectedFace> found = params.useQuality()
                    ? engine.analyze(bytes, Set.of(FaceFeature.QUALITY))
                    : engine.detect(bytes);
            for (DetectedFace face : found) {
                if (params.useQuality() && !QiniuQuality.clearAndUp(face)) {
                    continue;
                }
                ObjectNode item = faces.addObject();
                ObjectNode box = item.putObject("bounding_box");
                QiniuBox.write(face.box(), box.putArray("pts"));
                box.put("score", face.confidence());
                Probe probe = probe(engine, searched, face, bytes);
                List<SearchHit> hits = engine.search(new SearchQuery(searched, probe, params.limit(), params.rawThreshold(), false)).hits();
                ArrayNode similar = item.putArray("faces");
                if (hits.isEmpty() && cluster.isPresent()) {
                    similar.add(enrolUnmatched(cluster.get(), bytes, face.box(), Optional.of(face.confidence()), withGroup));
                } else {
                    hits.forEach(hit -> similar.add(hit(hit, withGroup)));
                }
            }
        }
        return QiniuReply.ok(response);
    }

    private DialectResponse searchBoxes(List<Group> groups, Optional<Group> cluster, List<QiniuBody> data,
            SearchParams params, boolean withGroup) {
        List<byte[]> decoded = new ArrayList<>();
        List<List<BoundingBox>> boxes = new ArrayList<>();
        for (QiniuBody item : data) {
            decoded.add(uris.resolve(item.name("uri"), item.optionalString("uri").orElse("")));
            List<BoundingBox> itemBoxes = new ArrayList<>();
            for (QiniuBody box : item.object("attribute", true).objects("bounding_boxes", MAX_IMAGES)) {
                itemBoxes.add(QiniuBox.read(box.name("pts"), box.raw("pts")));
            }
            boxes.add(itemBoxes);
        }
        FaceEngine engine = groups.getFirst().engine();
        List<CollectionRef> searched = searched(groups, cluster);
        ObjectNode response = QiniuReply.object();
        ArrayNode results = response.putArray("search_results");
        for (int i = 0; i < decoded.size(); i++) {
            ArrayNode faces = results.addObject().putArray("faces");
            for (BoundingBox region : boxes.get(i)) {
                ObjectNode item = faces.addObject();
                QiniuBox.write(region, item.putObject("bounding_box").putArray("pts"));
                ArrayNode similar = item.putArray("faces");
                List<SearchHit> hits;
                try {
                    hits = engine.search(new SearchQuery(searched, new Probe.ImageProbe(decoded.get(i), Optional.of(region)),
                            params.limit(), params.rawThreshold(), false)).hits();
                } catch (FaceException.NoFace noFaceInBox) {
                    continue; // nothing in this box to search for or to enrol
                }
                if (hits.isEmpty() && cluster.isPresent()) {
                    similar.add(enrolUnmatched(cluster.get(), decoded.get(i), region, Optional.empty(), withGroup));
                } else {
                    hits.forEach(hit -> similar.add(hit(hit, withGroup)));
                }
            }
        }
        return QiniuReply.ok(response);
    }

    /**
     * A face no group matched goes into the cluster group under a new id and the default tag, and
     * is answered as its own hit with score 1 (sections 2.11, 2.12, 2.15).
     */
    private ObjectNode enrolUnmatched(Group cluster, byte[] image, BoundingBox box, Optional<Double> confidence,
            boolean withGroup) {
        NewFace face = new NewFace(image, DEFAULT_TAG, Optional.empty(), confidence.map(QiniuFaceGroups::userData),
                Optional.of(QiniuIds.generate()), Optional.of(box), Optional.empty(), Set.of());
        EnrolOutcome outcome = cluster.engine().addFaces(cluster.ref(), List.of(face)).getFirst();
        StoredFace stored = switch (outcome) {
            case EnrolOutcome.Enrolled e -> e.face();
            case EnrolOutcome.Rejected rejected -> throw rejected.reason();
        };
        ObjectNode item = QiniuReply.object();
        item.put("score", 1.0);
        item.put("id", stored.faceId());
        item.put("tag", stored.tag());
        if (withGroup) {
            item.put("group", cluster.ref().name());
        }
        putBox(item, stored);
        return item;
    }

    DialectResponse compare(DialectRequest request, String tenant) {
        Group base = group(tenant, request);
        QiniuBody body = QiniuBody.parse(request.body(), false);
        String targetName = QiniuGroupName.check("target_group", body.requiredString("target_group"));
        Group target = requireGroup(tenant, targetName);
        SearchParams params = params(body);
        ObjectNode response = QiniuReply.object();
        ArrayNode results = response.putArray("compare_results");
        for (StoredFace face : allFaces(target)) {
            ObjectNode item = putFace(results.addObject(), face);
            putBox(item, face);
            ArrayNode similar = item.putArray("faces");
            List<SearchHit> hits = base.engine().search(new SearchQuery(List.of(base.ref()),
                    new Probe.StoredFaceProbe(target.ref(), face.faceId()), params.limit(), params.rawThreshold(), false)).hits();
            hits.forEach(hit -> similar.add(hit(hit, false)));
        }
        return QiniuReply.ok(response);
    }

    // ---- helpers --------------------------------------------------------------------------

    /** A face group that exists, with its engine. */
    record Group(CollectionRef ref, CollectionInfo info, FaceEngine engine) {
    }

    private Group group(String tenant, DialectRequest request) {
        return requireGroup(tenant, QiniuGroupName.check("group_name", request.pathParameters().get("group")));
    }

    Group requireGroup(String tenant, String name) {
        FaceEngine engine = engine(tenant, name);
        CollectionRef ref = new CollectionRef(tenant, name);
        CollectionInfo info = engine.collection(ref).filter(QiniuFaceGroups::isFaceGroup)
                .orElseThrow(() -> new FaceException.NotFound(FaceException.Resource.COLLECTION, name));
        return new Group(ref, info, engine);
    }

    private List<Group> groups(String tenant, List<String> names) {
        LinkedHashSet<String> distinct = new LinkedHashSet<>(names);
        if (distinct.isEmpty()) {
            throw new FaceException.InvalidArgument("groups", "groups must name at least one group");
        }
        if (distinct.size() > MAX_GROUPS) {
            throw new FaceException.InvalidArgument("groups", "groups names " + distinct.size()
                    + " different groups; at most " + MAX_GROUPS + " are searched at once");
        }
        List<Group> groups = new ArrayList<>();
        for (String name : distinct) {
            groups.add(requireGroup(tenant, QiniuGroupName.check("groups", name)));
        }
        return groups;
    }

    private Optional<Group> clusterGroup(String tenant, QiniuBody body) {
        return body.optionalString("cluster_group").filter(s -> !s.isEmpty())
                .map(name -> requireGroup(tenant, QiniuGroupName.check("cluster_group", name)));
    }

    /** The groups searched: the cluster group too, so that a face enrolled there is found next time. */
    private static List<CollectionRef> searched(List<Group> groups, Optional<Group> cluster) {
        LinkedHashSet<CollectionRef> refs = new LinkedHashSet<>();
        groups.forEach(g -> refs.add(g.ref()));
        cluster.ifPresent(g -> refs.add(g.ref()));
        return List.copyOf(refs);
    }

    /**
     * The face's own embedding when every searched group holds embeddings of its version; else the
     * image and the face's box, so that the engine extracts the version each group needs.
     */
    static Probe probe(FaceEngine engine, List<CollectionRef> searched, DetectedFace face, byte[] image) {
        String version = face.embedding().featureVersion();
        boolean same = searched.stream().allMatch(ref -> engine.collection(ref)
                .map(info -> info.featureVersion().equals(version)).orElse(false));
        return same ? new Probe.EmbeddingProbe(face.embedding()) : new Probe.ImageProbe(image, Optional.of(face.box()));
    }

    private ObjectNode hit(SearchHit hit, boolean withGroup) {
        StoredFace face = hit.face();
        ObjectNode item = QiniuReply.object();
        item.put("score", score.fromCosine(hit.score()));
        putFace(item, face);
        if (withGroup) {
            item.put("group", face.collection().name());
        }
        putBox(item, face);
        return item;
    }

    /** A stored face's id, tag and desc, as every answer that lists faces writes them. */
    private static ObjectNode putFace(ObjectNode item, StoredFace face) {
        item.put("id", face.faceId());
        item.put("tag", face.tag());
        QiniuReply.putDesc(item, face.description());
        return item;
    }

    /** A stored face's box, with the detector's confidence when it was detected rather than given. */
    private static void putBox(ObjectNode item, StoredFace face) {
        ObjectNode box = item.putObject("bounding_box");
        QiniuBox.write(face.box(), box.putArray("pts"));
        face.userData().flatMap(QiniuFaceGroups::storedConfidence).ifPresent(c -> box.put("score", c));
    }

    static String userData(double confidence) {
        ObjectNode data = QiniuReply.object();
        data.put("score", confidence);
        return QiniuReply.write(data);
    }

    static Optional<Double> storedConfidence(String userData) {
        try {
            JsonNode node = QiniuBody.JSON.readTree(userData);
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

    private static List<String> nonEmpty(List<String> items, String field) {
        if (items.isEmpty()) {
            throw new FaceException.InvalidArgument(field, field + " must hold at least one uri");
        }
        return items;
    }

    FaceEngine engine(String tenant, String group) {
        return context.engines().engineFor(QiniuDialectProvider.ID, tenant, group.isEmpty() ? Optional.empty() : Optional.of(group));
    }
}
