package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.Embedding;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.StoredFace;
import io.polyface.spi.engine.VectorFace;
import io.polyface.toolkit.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Qiniu's private raw-feature API on face groups, {@code /v1/face/groups/<g>/feature/add|update|search},
 * which the vendor's document does not describe; its shapes, defaults, statuses and error texts are
 * those of the vendor's public server ({@code argus/feature_group_private/service/base_service.go}).
 * Features are base64 of the group's {@code dimension} little-endian float32s, stored and searched
 * as given: a score is the plain inner product of the two vectors, as the service's search computes
 * it, with no calibration. Features are deleted by id through the group's ordinary {@code delete}.
 */
final class QiniuRawFeatures {
    /** Where the service answers a dimension it was not told: its face service's configured width. */
    static final int DEFAULT_DIMENSION = 512;
    static final String VERSION = "qiniu.config-version";
    private static final int DEFAULT_LIMIT = 100;

    private final QiniuFaceGroups faces;

    QiniuRawFeatures(QiniuFaceGroups faces) {
        this.faces = requireNonNull(faces, "faces is null");
    }

    // ---- group config ---------------------------------------------------------------------

    /**
     * What a group create may say of its features beyond {@code capacity}. The service lets a
     * create choose {@code dimension} and {@code precision}; here a group holds the engine's own
     * features, so any other width is refused rather than accepted and then never searchable.
     */
    static Map<String, String> createAttributes(QiniuBody config, FaceEngine engine, String featureVersion) {
        int dimension = config.integer("dimension", 0, Integer.MAX_VALUE, 0);
        if (dimension != 0 && dimension != dimension(engine, featureVersion)) {
            throw new FaceException.InvalidArgument("config.dimension", "invalid group dimension");
        }
        int precision = config.integer("precision", 0, Integer.MAX_VALUE, 0);
        if (precision != 0 && precision != QiniuFeatureJson.PRECISION) {
            throw new FaceException.InvalidArgument("config.precision", "invalid group precision");
        }
        JsonNode given = config.raw("version");
        long version = 0;
        if (!given.isMissingNode() && !given.isNull()) {
            if (!given.isIntegralNumber() || !given.canConvertToLong() || given.longValue() < 0) {
                throw new FaceException.InvalidArgument("config.version", "config.version must be a whole number from 0");
            }
            version = given.longValue();
        }
        return version == 0 ? Map.of() : Map.of(VERSION, Long.toString(version));
    }

    /** The {@code config} of a group's info, beside its capacity: what the service stores at create. */
    static void putConfig(ObjectNode config, CollectionInfo info, FaceEngine engine) {
        config.put("dimension", dimension(engine, info.featureVersion()));
        config.put("precision", QiniuFeatureJson.PRECISION);
        long version = 0;
        try {
            version = Long.parseLong(info.spec().attributes().getOrDefault(VERSION, "0"));
        } catch (NumberFormatException notWrittenHere) {
            // left at 0, the service's default
        }
        config.put("version", version);
    }

    /** How many floats a feature of this version has; the service's default where the engine does not say. */
    static int dimension(FaceEngine engine, String featureVersion) {
        return engine.featureVersions().stream()
                .filter(v -> v.name().equals(featureVersion))
                .findFirst()
                .flatMap(v -> v.dimension().isPresent() ? Optional.of(v.dimension().getAsInt()) : Optional.empty())
                .orElse(DEFAULT_DIMENSION);
    }

    // ---- the operations -------------------------------------------------------------------

    /** {@code POST /v1/face/groups/<g>/feature/add}: all features or none; 200 with {@code {}}. */
    DialectResponse add(DialectRequest request, String tenant) {
        QiniuFeatureJson body = QiniuFeatureJson.parse(request.body());
        List<QiniuFeatureJson> features = body.objects("features");
        List<Feature> parsed = new ArrayList<>();
        for (QiniuFeatureJson feature : features) {
            parsed.add(Feature.read(feature));
        }
        Optional<QiniuFaceGroups.Group> group = group(tenant, request);
        if (group.isEmpty()) {
            return error(400, "group not exist");
        }
        int dimension = dimension(group.get().engine(), group.get().info().featureVersion());
        List<VectorFace> faces = new ArrayList<>();
        for (Feature feature : parsed) {
            Optional<float[]> vector = QiniuFeatureJson.vector(feature.value(), dimension);
            if (vector.isEmpty()) {
                return error(400, "invalid feature format");
            }
            faces.add(feature.face(vector.get()));
        }
        if (faces.stream().anyMatch(f -> f.faceId().isEmpty())) {
            return error(500, "failed to add feature");
        }
        try {
            group.get().engine().addVectors(group.get().ref(), faces);
        } catch (FaceException.AlreadyExists | FaceException.QuotaExceeded | FaceException.InvalidArgument refused) {
            return error(500, "failed to add feature");
        }
        return QiniuReply.ok(Json.object());
    }

    /**
     * {@code POST /v1/face/groups/<g>/feature/update}: each feature's value, tag, desc and box are
     * replaced as given (an absent tag or desc is cleared, as the service stores them); an id given
     * twice takes its last value.
     */
    DialectResponse update(DialectRequest request, String tenant) {
        QiniuFeatureJson body = QiniuFeatureJson.parse(request.body());
        List<Feature> parsed = new ArrayList<>();
        for (QiniuFeatureJson feature : body.objects("features")) {
            parsed.add(Feature.read(feature));
        }
        Optional<QiniuFaceGroups.Group> group = group(tenant, request);
        if (group.isEmpty()) {
            return error(400, "group not exist");
        }
        if (parsed.stream().anyMatch(f -> f.id().isEmpty())) {
            return error(500, "failed to update feature");
        }
        int dimension = dimension(group.get().engine(), group.get().info().featureVersion());
        Map<String, VectorFace> byId = new LinkedHashMap<>();
        for (Feature feature : parsed) {
            // The service does not check the length here and would store a broken vector.
            Optional<float[]> vector = QiniuFeatureJson.vector(feature.value(), dimension);
            if (vector.isEmpty()) {
                return error(400, "invalid feature format");
            }
            byId.remove(feature.id());
            byId.put(feature.id(), feature.face(vector.get()));
        }
        try {
            group.get().engine().replaceVectors(group.get().ref(), List.copyOf(byId.values()));
        } catch (FaceException.NotFound | FaceException.QuotaExceeded | FaceException.InvalidArgument refused) {
            return error(500, "failed to update feature");
        }
        return QiniuReply.ok(Json.object());
    }

    /**
     * {@code POST /v1/face/groups/<g>/feature/search}: per feature, the group's {@code limit} (100
     * when 0) best faces whose inner product is at least {@code threshold} (0 when absent; no
     * range), best first; a negative score is answered as 0. The answer is an array of arrays of
     * {@code {"value": <feature>, "score": s}}.
     */
    DialectResponse search(DialectRequest request, String tenant) {
        QiniuFeatureJson body = QiniuFeatureJson.parse(request.body());
        List<String> values = body.strings("features");
        float threshold = body.float32("threshold");
        long limit = body.integer("limit");
        if (limit == 0) {
            limit = DEFAULT_LIMIT;
        }
        Optional<QiniuFaceGroups.Group> group = group(tenant, request);
        if (group.isEmpty()) {
            return error(400, "group not exist");
        }
        if (limit < 0) {
            // The service's top-k selection cannot take a negative size and fails the request.
            return error(400, "invalid limit");
        }
        FaceEngine engine = group.get().engine();
        String version = group.get().info().featureVersion();
        int dimension = dimension(engine, version);
        List<float[]> probes = new ArrayList<>();
        for (String value : values) {
            Optional<float[]> vector = QiniuFeatureJson.vector(value, dimension);
            if (vector.isEmpty()) {
                return error(400, "invalid feature format");
            }
            probes.add(vector.get());
        }
        long count = group.get().info().faceCount();
        ArrayNode answer = Json.array();
        for (float[] probe : probes) {
            ArrayNode row = answer.addArray();
            if (count == 0) {
                continue;
            }
            int topK = (int) Math.min(limit, count);
            List<SearchHit> hits = engine.search(new SearchQuery(List.of(group.get().ref()),
                    new Probe.EmbeddingProbe(new Embedding(probe, version)), topK, threshold, false)).hits();
            for (SearchHit hit : hits) {
                ObjectNode item = row.addObject();
                item.set("value", featureJson(engine, hit.face()));
                item.put("score", (float) Math.max(0, hit.score()));
            }
        }
        return QiniuReply.ok(answer);
    }

    // ---- helpers --------------------------------------------------------------------------

    /** A feature of a request, read before anything else is checked, as the service's decoder does. */
    private record Feature(String id, String value, String tag, Optional<JsonNode> desc, ObjectNode box) {
        static Feature read(QiniuFeatureJson json) {
            return new Feature(QiniuLimits.id(json.name("id"), json.string("id")), json.string("value"),
                    QiniuLimits.tag(json.name("tag"), json.string("tag")), QiniuLimits.desc(json.name("desc"), json.raw("desc")),
                    json.boundingBox("bounding_box"));
        }

        VectorFace face(float[] vector) {
            return new VectorFace(id, tag, desc.map(QiniuReply::write), Optional.of(userData()),
                    QiniuFeatureJson.axisAligned(box), vector);
        }

        /** The box as given, and its score where the group's other answers look for it. */
        private String userData() {
            ObjectNode data = Json.object();
            if (box.has("score")) {
                data.set("score", box.get("score"));
            }
            data.set("bounding_box", box);
            return QiniuReply.write(data);
        }
    }

    /** A stored face as the service writes a feature: id, value, tag and desc when set, and its box. */
    private static ObjectNode featureJson(FaceEngine engine, StoredFace face) {
        ObjectNode item = Json.object();
        item.put("id", face.faceId());
        engine.embedding(face.collection(), face.faceId())
                .ifPresent(e -> item.put("value", QiniuFeatureJson.base64(e.vector())));
        if (!face.tag().isEmpty()) {
            item.put("tag", face.tag());
        }
        QiniuReply.putDesc(item, face.description());
        item.set("bounding_box", storedBox(face));
        return item;
    }

    /** The box given with a raw feature; for a face enrolled from an image, its detected box and score. */
    private static ObjectNode storedBox(StoredFace face) {
        Optional<JsonNode> data = face.userData().flatMap(QiniuRawFeatures::json);
        if (data.isPresent() && data.get().path("bounding_box").isObject()) {
            return (ObjectNode) data.get().get("bounding_box");
        }
        ObjectNode box = Json.object();
        if (face.box().area() > 0) {
            QiniuBox.write(face.box(), box.putArray("pts"));
        }
        data.filter(d -> d.path("score").isNumber()).ifPresent(d -> box.set("score", d.get("score")));
        return box;
    }

    private static Optional<JsonNode> json(String text) {
        try {
            return Optional.ofNullable(Json.STRICT.readTree(text));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /** The face group named in the path, if there is one: any other name is one that does not exist. */
    private Optional<QiniuFaceGroups.Group> group(String tenant, DialectRequest request) {
        return faces.lookup(tenant, request.pathParameters().get("group"));
    }

    private static DialectResponse error(int status, String message) {
        ObjectNode body = Json.object();
        body.put("error", message);
        return QiniuReply.json(status, body);
    }
}
