package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Image groups of Qiniu's older API generation ({@code /v1/image/group/...}; argus/feature_group/imageg,
 * service.go, proto.go, group.go), served from the same records as the current one ({@link
 * QiniuImageGroups}): a group made here is listed and searched at {@code /v1/image/groups} (its
 * capacity reads 0: none was given), an image's {@code label} is its tag, and its record also keeps
 * the older {@code uri} and {@code etag} (an image the current generation updates loses them: it
 * does not keep them). Search compares the same {@link ImageDescriptor} descriptors.
 *
 * <p>An image sent as {@code data:application/octet-stream;base64,...} is kept with an empty {@code
 * uri} and the {@link QiniuLegacyEtag}; any other URI is kept as given, data URIs of other media types
 * included, with an empty etag, as the source does.
 */
final class QiniuLegacyImageGroups {
    /** The data URI prefix the source recognises, exactly (argus/com/uri). */
    static final String OCTET_STREAM_DATA = "data:application/octet-stream;base64,";

    private final QiniuImageGroups images;
    private final QiniuUris uris;
    private final ImageDescriptor descriptor;
    private final Clock clock;

    QiniuLegacyImageGroups(QiniuImageGroups images, QiniuUris uris, ImageDescriptor descriptor, Clock clock) {
        this.images = requireNonNull(images, "images is null");
        this.uris = requireNonNull(uris, "uris is null");
        this.descriptor = requireNonNull(descriptor, "descriptor is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** One image as its record holds it: the current generation's fields and the older uri and etag. */
    record Image(String id, QiniuImageGroups.StoredImage stored, String uri, String etag) {
        Image {
            requireNonNull(id, "id is null");
            requireNonNull(stored, "stored is null");
            requireNonNull(uri, "uri is null");
            requireNonNull(etag, "etag is null");
        }

        static Image parse(String id, String json) {
            try {
                JsonNode node = Json.STRICT.readTree(json);
                return new Image(id, QiniuImageGroups.StoredImage.parse(json), node.path("uri").asText(""),
                        node.path("etag").asText(""));
            } catch (IOException e) {
                throw new FaceException.Internal("a stored image record is not readable", e);
            }
        }

        String toJson() {
            try {
                ObjectNode node = (ObjectNode) Json.STRICT.readTree(stored.toJson());
                node.put("uri", uri);
                node.put("etag", etag);
                return QiniuReply.write(node);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read a JSON text just written", e);
            }
        }

        /** {@code id, label, etag, uri, score, desc} in the older field order; {@code group} follows for multi-group search. */
        void putMatch(ObjectNode item, double score) {
            item.put("id", id);
            item.put("label", stored.tag());
            item.put("etag", etag);
            item.put("uri", uri);
            item.put("score", score);
            stored.desc().ifPresent(desc -> item.set("desc", desc));
        }
    }

    /** One image of a new or add request. */
    private record Item(String field, String uri, String id, String label, Optional<JsonNode> desc) {
    }

    // ---- groups ---------------------------------------------------------------------------

    DialectResponse listGroups(DialectRequest request, String tenant) {
        ObjectNode body = QiniuLegacyFaceGroups.envelope("");
        ArrayNode result = body.putArray("result");
        images.engine(tenant).records(tenant, QiniuImageGroups.GROUPS).keySet().forEach(result::add);
        return QiniuReply.ok(body);
    }

    /** {@code GET /v1/image/group/<id>}: every image as {@code {id, value: {label, etag, uri}}}; {@code null} for none. */
    DialectResponse listImages(DialectRequest request, String tenant) {
        String group = requireGroup(tenant, group(request));
        return QiniuLegacyFaceGroups.listReply(all(tenant, group), (item, image) -> {
            item.put("id", image.id());
            item.putObject("value").put("label", image.stored().tag()).put("etag", image.etag()).put("uri", image.uri());
        });
    }

    /** {@code new}: makes the group (400 {@code group already exists} when it exists) and adds the images. */
    DialectResponse create(DialectRequest request, String tenant) {
        String group = group(request);
        List<Item> items = items(QiniuLegacyBody.parse(request.body()));
        FaceEngine engine = images.engine(tenant);
        if (engine.record(tenant, QiniuImageGroups.GROUPS, group).isPresent()) {
            throw new FaceException.AlreadyExists(FaceException.Resource.COLLECTION, group);
        }
        ObjectNode record = Json.object();
        record.put("capacity", 0);
        record.put("created_at", clock.instant().toString());
        engine.putRecord(tenant, QiniuImageGroups.GROUPS, group, QiniuReply.write(record));
        return QiniuReply.ok(enrol(tenant, group, items));
    }

    DialectResponse add(DialectRequest request, String tenant) {
        String group = group(request);
        List<Item> items = items(QiniuLegacyBody.parse(request.body()));
        return QiniuReply.ok(enrol(tenant, requireGroup(tenant, group), items));
    }

    /** {@code delete}: ids not in the group are passed over; {@code {}}. */
    DialectResponse delete(DialectRequest request, String tenant) {
        String group = group(request);
        List<String> ids = QiniuLimits.ids("images", QiniuLegacyBody.parse(request.body()).strings("images"));
        requireGroup(tenant, group);
        FaceEngine engine = images.engine(tenant);
        for (String id : new LinkedHashSet<>(ids)) {
            engine.deleteRecord(tenant, QiniuImageGroups.imagesKind(group), id);
        }
        return QiniuReply.ok(Json.object());
    }

    /** {@code remove}: {@code {}} whether or not the group existed, as in the source; the body is not read. */
    DialectResponse remove(DialectRequest request, String tenant) {
        String group = group(request);
        FaceEngine engine = images.engine(tenant);
        if (engine.deleteRecord(tenant, QiniuImageGroups.GROUPS, group)) {
            for (String id : engine.records(tenant, QiniuImageGroups.imagesKind(group)).keySet()) {
                engine.deleteRecord(tenant, QiniuImageGroups.imagesKind(group), id);
            }
        }
        return QiniuReply.ok(Json.object());
    }

    // ---- images ---------------------------------------------------------------------------

    private static List<Item> items(QiniuLegacyBody body) {
        List<Item> items = new ArrayList<>();
        for (QiniuLegacyBody data : body.objects("data")) {
            QiniuLegacyBody attribute = data.object("attribute");
            items.add(new Item(data.name("uri"), QiniuLimits.uri(data.name("uri"), data.string("uri")),
                    QiniuLimits.id(attribute.name("id"), attribute.string("id")),
                    QiniuLimits.tag(attribute.name("label"), attribute.string("label")), attribute.value("desc")));
        }
        return items;
    }

    /** Adds the images in order: each gets its id or an error, never both; a repeated id is refused. */
    private ObjectNode enrol(String tenant, String group, List<Item> items) {
        FaceEngine engine = images.engine(tenant);
        ObjectNode response = Json.object();
        ArrayNode ids = response.putArray("images");
        ArrayNode errors = response.putArray("errors");
        for (Item item : items) {
            Optional<QiniuLegacyErrors.Failure> failure;
            String id = item.id().isEmpty() ? QiniuIds.generate() : item.id();
            if (item.desc().isPresent()
                    && QiniuReply.write(item.desc().get()).getBytes(StandardCharsets.UTF_8).length > QiniuLegacyFaceGroups.MAX_DESC_BYTES) {
                failure = Optional.of(new QiniuLegacyErrors.Failure(406, "desc too long"));
            } else {
                failure = put(engine, tenant, group, id, item);
            }
            ids.add(failure.isEmpty() ? id : "");
            if (failure.isEmpty()) {
                errors.addNull();
            } else {
                errors.add(failure.get().toJson());
            }
        }
        return response;
    }

    private Optional<QiniuLegacyErrors.Failure> put(FaceEngine engine, String tenant, String group, String id, Item item) {
        try {
            byte[] bytes = uris.resolve(item.field(), item.uri());
            boolean octetData = item.uri().startsWith(OCTET_STREAM_DATA);
            float[] described = descriptor.describe(bytes);
            String kind = QiniuImageGroups.imagesKind(group);
            if (engine.record(tenant, kind, id).isPresent()) {
                throw new FaceException.AlreadyExists(FaceException.Resource.IMAGE, id);
            }
            QiniuImageGroups.StoredImage stored = new QiniuImageGroups.StoredImage(item.label(), item.desc(), descriptor.version(), described);
            Image image = new Image(id, stored, octetData ? "" : item.uri(), octetData ? QiniuLegacyEtag.of(bytes) : "");
            engine.putRecord(tenant, kind, id, image.toJson());
            return Optional.empty();
        } catch (FaceException failure) {
            return Optional.of(QiniuLegacyErrors.of(failure));
        }
    }

    // ---- search ---------------------------------------------------------------------------

    private record Hit(String group, Image image, double score) {
    }

    /** {@code POST /v1/image/group/<id>/search}: {@code result} is the matches, best first, {@code []} for none. */
    DialectResponse search(DialectRequest request, String tenant) {
        QiniuLegacySearch search = QiniuLegacySearch.image(group(request), QiniuLegacyBody.parse(request.body()));
        Optional<String> refused = search.refusal();
        if (refused.isPresent()) {
            return QiniuLegacyErrors.reply(406, refused.get());
        }
        ObjectNode body = QiniuLegacyFaceGroups.envelope("");
        ArrayNode result = body.putArray("result");
        hits(tenant, search).forEach(hit -> hit.image().putMatch(result.addObject(), hit.score()));
        return QiniuReply.ok(body);
    }

    /** {@code POST /v1/image/groups/search}: the matches in all groups with their group, best first; {@code null} for none. */
    DialectResponse multiSearch(DialectRequest request, String tenant) {
        QiniuLegacySearch search = QiniuLegacySearch.multi(QiniuLegacyBody.parse(request.body()));
        Optional<String> refused = search.refusal();
        if (refused.isPresent()) {
            return QiniuLegacyErrors.reply(406, refused.get());
        }
        return QiniuLegacyFaceGroups.listReply(hits(tenant, search), (item, hit) -> {
            hit.image().putMatch(item, hit.score());
            item.put("group", hit.group());
        });
    }

    private List<Hit> hits(String tenant, QiniuLegacySearch search) {
        Map<String, List<Image>> groups = new LinkedHashMap<>();
        for (String name : search.groups()) {
            groups.put(name, all(tenant, requireGroup(tenant, name)));
        }
        int count = search.resultCount(() -> groups.values().stream().mapToLong(List::size).sum());
        double threshold = search.threshold(QiniuImageGroups.DEFAULT_THRESHOLD);
        float[] probe = descriptor.describe(uris.resolve("data.uri", search.uri()));
        List<Hit> hits = new ArrayList<>();
        groups.forEach((group, stored) -> {
            for (Image image : stored) {
                if (!image.stored().version().equals(descriptor.version())) {
                    continue;
                }
                double score = descriptor.similarity(probe, image.stored().descriptor());
                if (score >= threshold) {
                    hits.add(new Hit(group, image, score));
                }
            }
        });
        // Stable: equal scores keep the order of the groups and of the ids.
        hits.sort(Comparator.comparingDouble(Hit::score).reversed());
        return List.copyOf(hits.subList(0, Math.min(count, hits.size())));
    }

    // ---- storage --------------------------------------------------------------------------

    /** The group's name when it exists; else 400 {@code group <id> not exists}. */
    private String requireGroup(String tenant, String group) {
        if (images.engine(tenant).record(tenant, QiniuImageGroups.GROUPS, group).isEmpty()) {
            throw new FaceException.NotFound(FaceException.Resource.COLLECTION, group);
        }
        return group;
    }

    private List<Image> all(String tenant, String group) {
        SortedMap<String, String> records = new TreeMap<>(images.engine(tenant).records(tenant, QiniuImageGroups.imagesKind(group)));
        List<Image> all = new ArrayList<>();
        records.forEach((id, json) -> all.add(Image.parse(id, json)));
        return all;
    }

    private static String group(DialectRequest request) {
        return request.pathParameters().get("group");
    }
}
