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
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
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
 *
 * <p>Where the document is silent these routes do what Qiniu's own server does ({@code
 * feature_group_private/service/image_service.go}): its statuses and texts ({@link QiniuError}),
 * {@code {}} for a create, remove or update, an update that sets tag and desc as given, a search
 * whose absent {@code threshold} is 0 and absent {@code limit} 1000.
 */
final class QiniuImageGroups {
    static final String GROUPS = "qiniu.image-groups";
    private static final String IMAGES = "qiniu.images.";
    private static final int MAX_IMAGES = 100;
    private static final int MAX_LIMIT = 10_000;
    /** Qiniu's server reads an absent, zero or negative limit as its {@code DEFAULT_LIST_LIMIT}. */
    private static final int DEFAULT_LIMIT = 1000;
    /** The document's recommended image-search threshold (section 1.6); the older generation's floor. */
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

    /** Section 1.1: the name is checked, then whether it exists, then the capacity, as Qiniu does. */
    DialectResponse createGroup(DialectRequest request, String tenant) {
        String name = QiniuGroupName.toCreate(request);
        long capacity = QiniuBody.parse(request.body(), true).object("config", false).wholeNumber("capacity", 0);
        FaceEngine engine = engine(tenant);
        QiniuGroupName.checkCreate(engine.record(tenant, GROUPS, name).isPresent(), capacity);
        ObjectNode group = Json.object();
        group.put("capacity", capacity);
        group.put("created_at", context.clock().instant().toString());
        engine.putRecord(tenant, GROUPS, name, QiniuReply.write(group));
        return QiniuReply.empty();
    }

    /** Section 1.2. */
    DialectResponse listGroups(DialectRequest request, String tenant) {
        return QiniuReply.groups(engine(tenant).records(tenant, GROUPS).keySet());
    }

    DialectResponse groupInfo(DialectRequest request, String tenant) {
        Group group = group(tenant, request);
        SortedMap<String, StoredImage> images = images(group);
        ObjectNode body = Json.object();
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

    /** Section 1.5; any failure after the group is found (a bad image, an id in use) is Qiniu's 500. */
    DialectResponse add(DialectRequest request, String tenant) {
        QiniuBody fields = QiniuBody.parse(request.body(), true).object("image", false);
        QiniuImageInput image = QiniuImageInput.toAdd(fields);
        String uri = QiniuImageInput.uri(fields);
        Group group = group(tenant, request);
        QiniuError.ADD_IMAGE_FAILED.wrapping(() -> describeAndPut(tenant, group, image, uri, false));
        ObjectNode response = Json.object();
        response.put("id", image.id());
        return QiniuReply.ok(response);
    }

    /**
     * Section 1.6. An absent or zero threshold is 0 (every image), out of 0..1 is Qiniu's 400; an
     * absent, zero or negative limit is 1000; a failure reading the images is Qiniu's 500.
     */
    DialectResponse search(DialectRequest request, String tenant) {
        QiniuBody body = QiniuBody.parse(request.body(), true);
        List<String> images = QiniuLimits.uris("images", body.optionalStrings("images", MAX_IMAGES));
        double threshold = body.number("threshold", 0);
        long asked = body.wholeNumber("limit", 0);
        if (threshold < 0 || threshold > 1) {
            throw QiniuError.INVALID_THRESHOLD.failure();
        }
        int limit = (int) (asked <= 0 ? DEFAULT_LIMIT : Math.min(asked, MAX_LIMIT));
        Group group = group(tenant, request);
        return QiniuError.SEARCH_IMAGE_FAILED.wrapping(() -> searchImages(group, images, threshold, limit));
    }

    private DialectResponse searchImages(Group group, List<String> images, double threshold, int limit) {
        List<float[]> probes = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            probes.add(descriptor.describe(uris.resolve("images[" + i + "]", images.get(i))));
        }
        SortedMap<String, StoredImage> stored = images(group);
        ObjectNode response = Json.object();
        ArrayNode results = response.putArray("search_results");
        if (probes.isEmpty()) {
            results.addObject().putArray("results");
        }
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
        List<String> ids = QiniuLimits.ids("ids", QiniuBody.parse(request.body(), true).optionalStrings("ids", PAGE_MAX));
        Group group = group(tenant, request);
        FaceEngine engine = engine(tenant);
        return QiniuReply.deleted(ids, id -> engine.deleteRecord(tenant, imagesKind(group.name()), id));
    }

    /**
     * Section 1.8, as Qiniu's server does it: the image is described again from the new {@code uri}
     * (required); {@code tag} and {@code desc} are set as given, an absent or empty tag being {@code
     * default} and an absent desc none. Every failure after the group is found (no uri, an unknown
     * id, a bad image) is Qiniu's 500 {@code failed to update image}.
     */
    DialectResponse update(DialectRequest request, String tenant) {
        QiniuBody fields = QiniuBody.parse(request.body(), true).object("image", false);
        QiniuImageInput image = QiniuImageInput.toUpdate(fields);
        String uri = QiniuImageInput.uri(fields);
        Group group = group(tenant, request);
        QiniuError.UPDATE_IMAGE_FAILED.wrapping(() -> {
            if (uri.isEmpty()) {
                throw new FaceException.InvalidArgument("image.uri", "image.uri is required");
            }
            return describeAndPut(tenant, group, image, uri, true);
        });
        return QiniuReply.empty();
    }

    /** Section 1.9; a marker this service did not write is Qiniu's 500 {@code failed to list image}. */
    DialectResponse list(DialectRequest request, String tenant) {
        Optional<String> tag = request.queryParameter("tag").filter(s -> !s.isEmpty()).map(t -> QiniuLimits.tag("tag", t));
        int limit = QiniuQuery.limit(request, PAGE_MAX);
        Group group = group(tenant, request);
        Optional<String> after = QiniuError.LIST_IMAGES_FAILED.wrapping(() -> QiniuMarker.decode(request.queryParameter("marker")));
        SortedMap<String, StoredImage> all = images(group);
        SortedMap<String, StoredImage> rest = after.map(a -> all.tailMap(a + "\0")).orElse(all);
        ObjectNode response = Json.object();
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
            item.putObject("bounding_box"); // Qiniu's server writes the (empty) box of its list item
            last = e.getKey();
        }
        response.put("marker", QiniuMarker.encode(more ? Optional.of(last) : Optional.empty()));
        return QiniuReply.ok(response);
    }

    DialectResponse tags(DialectRequest request, String tenant) {
        int limit = QiniuQuery.limit(request, PAGE_MAX);
        Group group = group(tenant, request);
        return QiniuQuery.tags(request, limit, group.capacity(), () -> tagCounts(images(group)));
    }

    // ---- storage --------------------------------------------------------------------------

    private record Group(String tenant, String name, long capacity) {
    }

    /** One image of a group as its record holds it. */
    record StoredImage(String tag, Optional<JsonNode> desc, String version, float[] descriptor) {
        String toJson() {
            ObjectNode node = Json.object();
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
                JsonNode node = Json.STRICT.readTree(json);
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

    /** The group the path names, or Qiniu's {@code group not exist} (a name no group can have included). */
    private Group group(String tenant, DialectRequest request) {
        String name = request.pathParameters().get("group");
        if (!QiniuGroupName.valid(name)) {
            throw QiniuError.GROUP_NOT_EXIST.failure();
        }
        String json = engine(tenant).record(tenant, GROUPS, name).orElseThrow(QiniuError.GROUP_NOT_EXIST::failure);
        long capacity;
        try {
            capacity = Json.STRICT.readTree(json).path("capacity").asLong();
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

    /**
     * Describes the image at {@code uri} and writes it under its id, which an update must find in use
     * and an add must not; returns the id.
     */
    private String describeAndPut(String tenant, Group group, QiniuImageInput image, String uri, boolean replacing) {
        float[] described = descriptor.describe(uris.resolve("image.uri", uri));
        FaceEngine engine = engine(tenant);
        boolean inUse = engine.record(tenant, imagesKind(group.name()), image.id()).isPresent();
        if (inUse && !replacing) {
            throw new FaceException.AlreadyExists(FaceException.Resource.IMAGE, image.id());
        }
        if (!inUse && replacing) {
            throw new FaceException.NotFound(FaceException.Resource.IMAGE, image.id());
        }
        StoredImage stored = new StoredImage(image.tag(), image.desc(), descriptor.version(), described);
        engine.putRecord(tenant, imagesKind(group.name()), image.id(), stored.toJson());
        return image.id();
    }

    static String imagesKind(String group) {
        return IMAGES + group;
    }

    FaceEngine engine(String tenant) {
        return context.engines().engineFor(QiniuDialectProvider.ID, tenant, Optional.empty());
    }
}
