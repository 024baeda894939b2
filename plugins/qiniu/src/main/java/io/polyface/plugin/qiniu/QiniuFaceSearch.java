package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.plugin.qiniu.QiniuFaceGroups.Group;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Searching face groups, sections 2.6 and 2.11-2.15: by image, over several groups, clustering,
 * comparing two groups, and in given boxes. Where the document is silent it does what Qiniu's own
 * server does ({@code feature_group_private/service/face_service.go}): an absent or zero {@code
 * limit} is 100 (a negative one 1000), an absent or zero {@code threshold} is the shipped {@code
 * search_threshold} (0: every face, mapped through {@link QiniuScore}), a face without a match
 * answers {@code "faces": null}, and any failure after the body is read, a missing group or a bad
 * image included, is its 500 {@code failed to search face}.
 */
final class QiniuFaceSearch {
    private static final int MAX_IMAGES = 100;
    /** {@code max_multisearch_groups_number} in Qiniu's shipped configuration. */
    private static final int MAX_GROUPS = 5;
    /** Qiniu's {@code defaultSearchLimit}, for an absent or zero limit. */
    static final int DEFAULT_LIMIT = 100;
    /** Qiniu's {@code DEFAULT_LIST_LIMIT}: what a negative search limit, and any compare limit up to 0, becomes. */
    static final int LIST_LIMIT = 1000;
    /** The most hits asked of the engine per face. */
    private static final int MAX_HITS = 10_000;
    /** {@code search_threshold} in Qiniu's shipped configuration, on its score scale. */
    static final double DEFAULT_THRESHOLD = 0;

    private final QiniuFaceGroups groups;
    private final QiniuUris uris;
    private final QiniuScore score;

    QiniuFaceSearch(QiniuFaceGroups groups, QiniuUris uris, QiniuScore score) {
        this.groups = requireNonNull(groups, "groups is null");
        this.uris = requireNonNull(uris, "uris is null");
        this.score = requireNonNull(score, "score is null");
    }

    /** The search parameters as the body gives them, checked by the route's service step. */
    private record Params(double threshold, long limit, boolean useQuality) {
        static Params of(QiniuBody body, boolean qualityHonoured) {
            boolean useQuality = body.bool("use_quality", false);
            return new Params(body.number("threshold", 0), body.wholeNumber("limit", 0), qualityHonoured && useQuality);
        }
    }

    /** What a search runs with: a raw cosine floor and a hit count. */
    private record Search(double rawThreshold, int limit, boolean useQuality) {
    }

    private Search check(Params params) {
        if (params.threshold() < 0 || params.threshold() > 1) {
            throw QiniuError.INVALID_THRESHOLD.failure();
        }
        long limit = params.limit() == 0 ? DEFAULT_LIMIT : params.limit() < 0 ? LIST_LIMIT : params.limit();
        double threshold = params.threshold() == 0 ? DEFAULT_THRESHOLD : params.threshold();
        return new Search(score.toCosine(threshold), (int) Math.min(limit, MAX_HITS), params.useQuality());
    }

    // ---- by image -------------------------------------------------------------------------

    DialectResponse search(DialectRequest request, String tenant) {
        return searchPathGroup(request, tenant, false);
    }

    DialectResponse multiSearch(DialectRequest request, String tenant) {
        QiniuBody body = QiniuBody.parse(request.body(), true);
        List<String> images = QiniuLimits.uris("images", body.optionalStrings("images", MAX_IMAGES));
        List<String> names = body.optionalStrings("groups", 1000);
        String cluster = body.optionalString("cluster_group").orElse("");
        Params params = Params.of(body, true);
        return QiniuError.SEARCH_FACE_FAILED.wrapping(() -> {
            List<Group> searched = groups(tenant, names);
            Search search = check(params);
            return searchImages(tenant, searched, clusterGroup(tenant, cluster), probes(images, List.of()), search, true);
        });
    }

    /** Section 2.12: a multi-group search of no group, with this group as the cluster group. */
    DialectResponse cluster(DialectRequest request, String tenant) {
        return searchPathGroup(request, tenant, true);
    }

    /** The images searched in the group the path names, or, as a cluster search, with it as the cluster group. */
    private DialectResponse searchPathGroup(DialectRequest request, String tenant, boolean asCluster) {
        QiniuBody body = QiniuBody.parse(request.body(), true);
        List<String> images = QiniuLimits.uris("images", body.optionalStrings("images", MAX_IMAGES));
        Params params = Params.of(body, true);
        return QiniuError.SEARCH_FACE_FAILED.wrapping(() -> {
            Search search = check(params);
            Group group = existing(tenant, request.pathParameters().get("group"));
            return asCluster
                    ? searchImages(tenant, List.of(), Optional.of(group), probes(images, List.of()), search, true)
                    : searchImages(tenant, List.of(group), Optional.empty(), probes(images, List.of()), search, false);
        });
    }

    /** Section 2.14: the faces in the given boxes, or every face of an item that gives none. */
    DialectResponse ptsSearch(DialectRequest request, String tenant) {
        QiniuBody body = QiniuBody.parse(request.body(), true);
        List<QiniuBody> data = body.optionalObjects("data", MAX_IMAGES);
        List<List<GivenBox>> boxes = boxes(data);
        Params params = Params.of(body.object("params", false), false);
        return QiniuError.SEARCH_FACE_FAILED.wrapping(() -> {
            Search search = check(params);
            Group group = existing(tenant, request.pathParameters().get("group"));
            return searchImages(tenant, List.of(group), Optional.empty(), probes(uris(data), boxes), search, false);
        });
    }

    DialectResponse multiPtsSearch(DialectRequest request, String tenant) {
        QiniuBody body = QiniuBody.parse(request.body(), true);
        List<QiniuBody> data = body.optionalObjects("data", MAX_IMAGES);
        List<List<GivenBox>> boxes = boxes(data);
        List<String> names = body.optionalStrings("groups", 1000);
        String cluster = body.optionalString("cluster_group").orElse("");
        Params params = Params.of(body.object("params", false), false);
        return QiniuError.SEARCH_FACE_FAILED.wrapping(() -> {
            List<Group> searched = groups(tenant, names);
            Search search = check(params);
            return searchImages(tenant, searched, clusterGroup(tenant, cluster), probes(uris(data), boxes), search, true);
        });
    }

    /** A box a {@code pts/search} item gives, with the score it may carry (echoed as given). */
    private record GivenBox(BoundingBox box, OptionalDouble score) {
    }

    private static List<List<GivenBox>> boxes(List<QiniuBody> data) {
        List<List<GivenBox>> all = new ArrayList<>();
        for (QiniuBody item : data) {
            List<GivenBox> boxes = new ArrayList<>();
            for (QiniuBody box : item.object("attribute", false).optionalObjects("bounding_boxes", MAX_IMAGES)) {
                double given = box.number("score", 0);
                boxes.add(new GivenBox(QiniuBox.read(box.name("pts"), box.raw("pts")),
                        given == 0 ? OptionalDouble.empty() : OptionalDouble.of(given)));
            }
            all.add(boxes);
        }
        return all;
    }

    private static List<String> uris(List<QiniuBody> data) {
        return data.stream().map(item -> QiniuLimits.uri(item.name("uri"), item.optionalString("uri").orElse(""))).toList();
    }

    /** One image to search: its uri and the boxes given for it (none: every face found). */
    private record ProbeImage(String uri, List<GivenBox> boxes) {
    }

    private static List<ProbeImage> probes(List<String> uris, List<List<GivenBox>> boxes) {
        List<ProbeImage> probes = new ArrayList<>();
        for (int i = 0; i < uris.size(); i++) {
            probes.add(new ProbeImage(uris.get(i), boxes.isEmpty() ? List.of() : boxes.get(i)));
        }
        return probes;
    }

    /** One face of a searched image, and what it matched. */
    private record Probed(byte[] image, BoundingBox box, Optional<Double> confidence, List<SearchHit> hits) {
    }

    /**
     * Every face of every image is searched before any unmatched one joins the cluster group, as
     * Qiniu's server does: two unknown faces of one request become two clusters.
     */
    private DialectResponse searchImages(String tenant, List<Group> searchedGroups, Optional<Group> cluster,
            List<ProbeImage> images, Search search, boolean withGroup) {
        List<byte[]> decoded = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            String field = images.get(i).boxes().isEmpty() ? "images[" + i + "]" : "data[" + i + "].uri";
            decoded.add(uris.resolve(field, images.get(i).uri()));
        }
        FaceEngine engine = searchedGroups.isEmpty()
                ? cluster.map(Group::engine).orElseGet(() -> groups.engine(tenant, ""))
                : searchedGroups.getFirst().engine();
        List<CollectionRef> searched = searched(searchedGroups, cluster);
        List<List<Probed>> probed = new ArrayList<>();
        for (int i = 0; i < decoded.size(); i++) {
            probed.add(probe(engine, searched, decoded.get(i), images.get(i).boxes(), search));
        }
        ObjectNode response = Json.object();
        ArrayNode results = response.putArray("search_results");
        if (probed.isEmpty()) {
            results.addObject().putArray("faces");
        }
        for (int i = 0; i < probed.size(); i++) {
            ArrayNode faces = results.addObject().putArray("faces");
            for (int j = 0; j < probed.get(i).size(); j++) {
                Probed face = probed.get(i).get(j);
                ObjectNode item = faces.addObject();
                ObjectNode box = item.putObject("bounding_box");
                QiniuBox.write(face.box(), box.putArray("pts"));
                OptionalDouble given = images.get(i).boxes().isEmpty() ? OptionalDouble.empty() : images.get(i).boxes().get(j).score();
                face.confidence().ifPresentOrElse(c -> box.put("score", c), () -> given.ifPresent(c -> box.put("score", c)));
                if (face.hits().isEmpty() && cluster.isPresent()) {
                    item.putArray("faces").add(enrolUnmatched(cluster.get(), face, withGroup));
                } else if (face.hits().isEmpty()) {
                    item.putNull("faces"); // Qiniu's server leaves the list of a face without a match nil
                } else {
                    ArrayNode similar = item.putArray("faces");
                    face.hits().forEach(hit -> similar.add(hit(hit, withGroup)));
                }
            }
        }
        return QiniuReply.ok(response);
    }

    /** The faces of one image and their hits: in the given boxes, or every face found. */
    private List<Probed> probe(FaceEngine engine, List<CollectionRef> searched, byte[] image, List<GivenBox> boxes, Search search) {
        List<Probed> faces = new ArrayList<>();
        if (!boxes.isEmpty()) {
            for (GivenBox given : boxes) {
                Probe probe = new Probe.ImageProbe(image, Optional.of(given.box()));
                List<SearchHit> hits;
                try {
                    hits = hits(engine, searched, probe, search);
                } catch (FaceException.NoFace noFaceInBox) {
                    hits = List.of(); // nothing in this box to match
                }
                faces.add(new Probed(image, given.box(), Optional.empty(), hits));
            }
            return faces;
        }
        List<DetectedFace> found = search.useQuality()
                ? engine.analyze(image, Set.of(FaceFeature.QUALITY)).stream().filter(QiniuQuality::clearAndUp).toList()
                : engine.detect(image);
        for (DetectedFace face : found) {
            Probe probe = probe(engine, searched, face, image);
            faces.add(new Probed(image, face.box(), Optional.of(face.confidence()), hits(engine, searched, probe, search)));
        }
        return faces;
    }

    private static List<SearchHit> hits(FaceEngine engine, List<CollectionRef> searched, Probe probe, Search search) {
        if (searched.isEmpty()) {
            return List.of();
        }
        return engine.search(new SearchQuery(searched, probe, search.limit(), search.rawThreshold(), false)).hits();
    }

    /**
     * A face no group matched goes into the cluster group under a new id and the default tag, and
     * is answered as its own hit with score 1 (sections 2.11, 2.12, 2.15).
     */
    private ObjectNode enrolUnmatched(Group cluster, Probed face, boolean withGroup) {
        NewFace unmatched = new NewFace(face.image(), QiniuFaceGroups.DEFAULT_TAG, Optional.empty(),
                face.confidence().map(QiniuFaceGroups::userData), Optional.of(QiniuIds.generate()), Optional.of(face.box()),
                Optional.empty(), Set.of());
        EnrolOutcome outcome = cluster.engine().addFaces(cluster.ref(), List.of(unmatched)).getFirst();
        StoredFace stored = switch (outcome) {
            case EnrolOutcome.Enrolled e -> e.face();
            case EnrolOutcome.Rejected rejected -> throw rejected.reason();
        };
        ObjectNode item = Json.object();
        item.put("score", 1.0);
        item.put("id", stored.faceId());
        item.put("tag", stored.tag());
        if (withGroup) {
            item.put("group", cluster.ref().name());
        }
        QiniuFaceGroups.putBox(item, stored);
        return item;
    }

    // ---- group against group --------------------------------------------------------------

    /**
     * Section 2.13, as {@code base_service.go} answers it: each face of the target group that has
     * hits in this group, with them; none is {@code null}. Its own 400s name the two groups. A face
     * deleted by another request while the compare runs is left out, as a search leaves it out; a
     * group deleted meanwhile is answered as if it had gone before.
     */
    DialectResponse compare(DialectRequest request, String tenant) {
        QiniuBody body = QiniuBody.parse(request.body(), true);
        String targetName = body.optionalString("target_group").orElse("");
        Params params = Params.of(body, false);
        if (targetName.isEmpty()) {
            throw QiniuError.INVALID_TARGET_GROUP_NAME.failure();
        }
        if (params.threshold() < 0 || params.threshold() > 1) {
            throw QiniuError.INVALID_THRESHOLD.failure();
        }
        int limit = (int) Math.min(params.limit() <= 0 ? LIST_LIMIT : params.limit(), MAX_HITS);
        double rawThreshold = score.toCosine(params.threshold());
        String baseName = request.pathParameters().get("group");
        Group base = groups.lookup(tenant, baseName).orElseThrow(QiniuError.FACE_GROUP_NOT_EXIST::failure);
        Group target = groups.lookup(tenant, targetName).orElseThrow(QiniuError.TARGET_GROUP_NOT_EXIST::failure);
        ObjectNode response = Json.object();
        ArrayNode results = null;
        for (StoredFace face : QiniuFaceGroups.allFaces(target)) {
            List<SearchHit> hits;
            try {
                hits = base.engine().search(new SearchQuery(List.of(base.ref()),
                        new Probe.StoredFaceProbe(target.ref(), face.faceId()), limit, rawThreshold, false)).hits();
            } catch (FaceException.NotFound gone) {
                if (gone.resource() == FaceException.Resource.FACE) {
                    continue;
                }
                groups.lookup(tenant, baseName).orElseThrow(QiniuError.FACE_GROUP_NOT_EXIST::failure);
                groups.lookup(tenant, targetName).orElseThrow(QiniuError.TARGET_GROUP_NOT_EXIST::failure);
                throw gone;
            }
            if (hits.isEmpty()) {
                continue;
            }
            if (results == null) {
                results = response.putArray("compare_results");
            }
            ObjectNode item = QiniuFaceGroups.putFace(results.addObject(), face);
            QiniuFaceGroups.putBox(item, face);
            ArrayNode similar = item.putArray("faces");
            hits.forEach(hit -> similar.add(hit(hit, false)));
        }
        if (results == null) {
            response.putNull("compare_results");
        }
        return QiniuReply.ok(response);
    }

    // ---- helpers --------------------------------------------------------------------------

    private Group existing(String tenant, String name) {
        return groups.lookup(tenant, name).orElseThrow(QiniuError.GROUP_NOT_EXIST::failure);
    }

    private List<Group> groups(String tenant, List<String> names) {
        LinkedHashSet<String> distinct = new LinkedHashSet<>(names);
        if (distinct.size() > MAX_GROUPS) {
            throw QiniuError.TOO_MANY_GROUPS.failure();
        }
        List<Group> found = new ArrayList<>();
        for (String name : distinct) {
            found.add(existing(tenant, name));
        }
        return found;
    }

    private Optional<Group> clusterGroup(String tenant, String name) {
        return name.isEmpty() ? Optional.empty() : Optional.of(existing(tenant, name));
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
        ObjectNode item = Json.object();
        item.put("score", score.fromCosine(hit.score()));
        QiniuFaceGroups.putFace(item, face);
        if (withGroup) {
            item.put("group", face.collection().name());
        }
        QiniuFaceGroups.putBox(item, face);
        return item;
    }
}
