package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.engine.FaceEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Image groups, sections 1.1-1.10: search by whole image. Faces play no part, so the groups and
 * their images live in the engine's dialect records (durable, and moved with the engine's data): a
 * record per group (kind {@value #GROUPS}) and one per image (kind {@code qiniu.images.<group>},
 * key = image id) holding its tag, desc and {@link ImageDescriptor} descriptor. A search scans the
 * group's descriptors: linear in the group's size, which suits the thousands of images a
 * search-by-image group of this kind holds, not millions.
 */
final class QiniuImageGroups {
    static final String GROUPS = "qiniu.image-groups";
    private static final String IMAGES = "qiniu.images.";
    private static final int MAX_IMAGES = 100;
    private static final int MAX_LIMIT = 10_000;
    private static final int DEFAULT_LIMIT = 100;
    /** The document recommends 0.3 for image search (section 1.6). */
    static final double DEFAULT_THRESHOLD = 0.3;
    private static final int PAGE_MAX = 1000;

    private final DialectContext context;
    private final QiniuUris uris;
    private final ImageDescriptor descriptor;

    QiniuImageGroups(DialectContext context, QiniuUris uris, ImageDescriptor descriptor) {
        this.context = requireNonNull(context, "context is null");
        this.uris = requireNonNull(uris, "uris is null");
        this.descriptor = requireNonNull(descriptor, "descriptor is null");
    }

    // ---- groups ---------------------------------------------------------------------------

    DialectResponse createGroup(DialectRequest request, String tenant) {
        String name = QiniuGroupName.check("group_name", request.pathParameters().get("group"));
        // Section 1.1: capacity is required and greater than 0.
        long capacity = QiniuBody.parse(request.body(), false).object("config", true).positiveLong("capacity", 0, true);
        FaceEngine engine = engine(tenant);
        if (engine.record(tenant, GROUPS, name).isPresent()) {
            throw new FaceException.AlreadyExists(FaceException.Resource.COLLECTION, name);
        }
        ObjectNode group = QiniuReply.object();
        group.put("capacity", capacity);
        group.put("created_at", context.clock().instant().toString());
        engine.putRecord(tenant, GROUPS, name, QiniuReply.write(group));
        return QiniuReply.empty();
    }

    DialectResponse listGroups(DialectRequest request, String tenant) {
        ObjectNode body = QiniuReply.object();
        ArrayNode groups = body.putArray("groups");
        engine(tenant).records(tenant, GROUPS).keySet().forEach(groups::add);
        return QiniuReply.ok(body);
    }

    DialectResponse groupInfo(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        SortedMap<String, StoredImage> images = images(group);
        ObjectNode body = QiniuReply.object();
        body.putObject("config").put("capacity", group.capacity());
        body.put("tags", tagCounts(images).size());
        body.put("count", images.size());
        return QiniuReply.ok(body);
    }

    DialectResponse removeGroup(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        FaceEngine engine = engine(tenant);
        engine.deleteRecord(tenant, GROUPS, group.name());
        for (String id : engine.records(tenant, imagesKind(group.name())).keySet()) {
            engine.deleteRecord(tenant, imagesKind(group.name()), id);
        }
        return QiniuReply.empty();
    }

    // ---- images ---------------------------------------------------------------------------

    DialectResponse add(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        QiniuBody image = QiniuBody.parse(request.body(), false).object("image", true);
        String id = image.optionalString("id").filter(s -> !s.isEmpty()).map(QiniuIds::check).orElseGet(QiniuIds::generate);
        String tag = image.optionalString("tag").filter(s -> !s.isEmpty()).orElse(QiniuFaceGroups.DEFAULT_TAG);
        Optional<JsonNode> desc = image.value("desc");
        float[] described = descriptor.describe(uris.resolve("image.uri", image.optionalString("uri").orElse("")));
        FaceEngine engine = engine(tenant);
        if (engine.record(tenant, imagesKind(group.name()), id).isPresent()) {
            throw new FaceException.AlreadyExists(FaceException.Resource.IMAGE, id);
        }
        put(engine, tenant, group, id, new StoredImage(tag, desc, descriptor.version(), described));
        ObjectNode response = QiniuReply.object();
        response.put("id", id);
        return QiniuReply.ok(response);
    }

    DialectResponse search(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        QiniuBody body = QiniuBody.parse(request.body(), false);
        List<String> images = body.strings("images", MAX_IMAGES);
        if (images.isEmpty()) {
            throw new FaceException.InvalidArgument("images", "images must hold at least one uri");
        }
        double threshold = body.fraction("threshold", DEFAULT_THRESHOLD);
        int limit = body.integer("limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        List<float[]> probes = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            probes.add(descriptor.describe(uris.resolve("images[" + i + "]", images.get(i))));
        }
        SortedMap<String, StoredImage> stored = images(group);
        ObjectNode response = QiniuReply.object();
        ArrayNode results = response.putArray("search_results");
        for (float[] probe : probes) {
            record Hit(String id, StoredImage image, double score) {
            }
            List<Hit> hits = new ArrayList<>();
            for (Map.Entry<String, StoredImage> e : stored.entrySet()) {
                if (!e.getValue().version().equals(descriptor.version())) {
                    continue;
                }
                double score = descriptor.similarity(probe, e.getValue().descriptor());
                if (score >= threshold) {
                    hits.add(new Hit(e.getKey(), e.getValue(), score));
                }
            }
            hits.sort(Comparator.comparingDouble(Hit::score).reversed().thenComparing(Hit::id));
            ArrayNode list = results.addObject().putArray("results");
            for (Hit hit : hits.subList(0, Math.min(limit, hits.size()))) {
                ObjectNode item = list.addObject();
                item.put("id", hit.id());
                item.put("score", hit.score());
                item.put("tag", hit.image().tag());
                hit.image().desc().ifPresent(d -> item.set("desc", d));
            }
        }
        return QiniuReply.ok(response);
    }

    DialectResponse delete(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        List<String> ids = QiniuBody.parse(request.body(), false).strings("ids", PAGE_MAX);
        FaceEngine engine = engine(tenant);
        ObjectNode response = QiniuReply.object();
        ArrayNode deleted = response.putArray("deleted");
        for (String id : new LinkedHashSet<>(ids)) {
            if (engine.deleteRecord(tenant, imagesKind(group.name()), id)) {
                deleted.add(id);
            }
        }
        return QiniuReply.ok(response);
    }

    /** Section 1.8: a new uri re-describes the image; an absent or empty tag and an absent desc stay. */
    DialectResponse update(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        QiniuBody image = QiniuBody.parse(request.body(), false).object("image", true);
        String id = image.requiredString("id");
        FaceEngine engine = engine(tenant);
        StoredImage current = engine.record(tenant, imagesKind(group.name()), id).map(StoredImage::parse)
                .orElseThrow(() -> new FaceException.NotFound(FaceException.Resource.IMAGE, id));
        String tag = image.optionalString("tag").filter(s -> !s.isEmpty()).orElse(current.tag());
        Optional<JsonNode> desc = image.value("desc").or(current::desc);
        Optional<String> uri = image.optionalString("uri").filter(s -> !s.isEmpty());
        StoredImage updated = uri.isPresent()
                ? new StoredImage(tag, desc, descriptor.version(), descriptor.describe(uris.resolve("image.uri", uri.get())))
                : new StoredImage(tag, desc, current.version(), current.descriptor());
        put(engine, tenant, group, id, updated);
        return QiniuReply.empty();
    }

    DialectResponse list(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        Optional<String> tag = request.queryParameter("tag").filter(s -> !s.isEmpty());
        Optional<String> after = QiniuMarker.decode(request.queryParameter("marker"));
        int limit = QiniuQuery.limit(request, PAGE_MAX);
        SortedMap<String, StoredImage> all = images(group);
        SortedMap<String, StoredImage> rest = after.map(a -> all.tailMap(a + "\0")).orElse(all);
        ObjectNode response = QiniuReply.object();
        ArrayNode images = response.putArray("images");
        String last = null;
        boolean more = false;
        for (Map.Entry<String, StoredImage> e : rest.entrySet()) {
            if (tag.isPresent() && !tag.get().equals(e.getValue().tag())) {
                continue;
            }
            if (images.size() == limit) {
                more = true;
                break;
            }
            ObjectNode item = images.addObject();
            item.put("id", e.getKey());
            item.put("tag", e.getValue().tag());
            e.getValue().desc().ifPresent(d -> item.set("desc", d));
            last = e.getKey();
        }
        response.put("marker", QiniuMarker.encode(more ? Optional.of(last) : Optional.empty()));
        return QiniuReply.ok(response);
    }

    DialectResponse tags(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        Optional<String> after = QiniuMarker.decode(request.queryParameter("marker"));
        int limit = QiniuQuery.limit(request, PAGE_MAX);
        ObjectNode response = QiniuReply.object();
        response.putObject("config").put("capacity", group.capacity());
        QiniuQuery.tagPage(response, tagCounts(images(group)), after, limit);
        return QiniuReply.ok(response);
    }

    // ---- storage --------------------------------------------------------------------------

    private record Group(String tenant, String name, long capacity) {
    }

    /** One image of a group as its record holds it. */
    record StoredImage(String tag, Optional<JsonNode> desc, String version, float[] descriptor) {
        String toJson() {
            ObjectNode node = QiniuReply.object();
            node.put("tag", tag);
            desc.ifPresent(d -> node.set("desc", d));
            node.put("descriptor_version", version);
            ByteBuffer bytes = ByteBuffer.allocate(descriptor.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(descriptor);
            node.put("descriptor", Base64.getEncoder().encodeToString(bytes.array()));
            return QiniuReply.write(node);
        }

        static StoredImage parse(String json) {
            try {
                JsonNode node = QiniuBody.JSON.readTree(json);
                byte[] bytes = Base64.getDecoder().decode(node.path("descriptor").asText());
                float[] descriptor = new float[bytes.length / 4];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(descriptor);
                JsonNode desc = node.get("desc");
                return new StoredImage(node.path("tag").asText(), Optional.ofNullable(desc).filter(d -> !d.isNull()),
                        node.path("descriptor_version").asText(), descriptor);
            } catch (IOException | IllegalArgumentException e) {
                throw new FaceException.Internal("a stored image record is not readable", e);
            }
        }
    }

    private Group group(String tenant, DialectRequest request) {
        String name = QiniuGroupName.check("group_name", request.pathParameters().get("group"));
        String json = engine(tenant).record(tenant, GROUPS, name)
                .orElseThrow(() -> new FaceException.NotFound(FaceException.Resource.COLLECTION, name));
        long capacity;
        try {
            capacity = QiniuBody.JSON.readTree(json).path("capacity").asLong();
        } catch (IOException e) {
            capacity = 0;
        }
        return new Group(tenant, name, capacity);
    }

    private SortedMap<String, StoredImage> images(Group group) {
        SortedMap<String, StoredImage> images = new TreeMap<>();
        engine(group.tenant()).records(group.tenant(), imagesKind(group.name()))
                .forEach((id, json) -> images.put(id, StoredImage.parse(json)));
        return images;
    }

    private static SortedMap<String, Long> tagCounts(SortedMap<String, StoredImage> images) {
        SortedMap<String, Long> counts = new TreeMap<>();
        images.values().forEach(i -> counts.merge(i.tag(), 1L, Long::sum));
        return counts;
    }

    private void put(FaceEngine engine, String tenant, Group group, String id, StoredImage image) {
        engine.putRecord(tenant, imagesKind(group.name()), id, image.toJson());
    }

    static String imagesKind(String group) {
        return IMAGES + group;
    }

    FaceEngine engine(String tenant) {
        return context.engines().engineFor(QiniuDialectProvider.ID, tenant, Optional.empty());
    }
}
