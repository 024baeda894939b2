package io.polyface.plugin.dmai;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import io.polyface.spi.dialect.OperationHandler;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.CollectionSpec;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.toolkit.json.Json;
import io.polyface.toolkit.settings.Settings;
import io.polyface.toolkit.text.ClientText;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The DM-AI recocomp engine API (document {@code dmai-recocomp.rst}).
 *
 * <p>The document writes every endpoint as GET while its examples POST a JSON body; both are
 * accepted. Every answer is HTTP 200 with {@code err_code} telling success (0) from failure, as the
 * document's section 5 describes; a path the API does not have is HTTP 404 in the same envelope.
 */
final class DmaiDialect implements Dialect {
    static final String BASE = "/api/v1/engine/recocomp";
    private static final Set<String> GET_OR_POST = Set.of("GET", "POST");
    /** Python's {@code time.ctime()} format, which the document's examples show. */
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);
    private static final int MAX_TOP_K = 100;

    private final DialectContext context;
    private final DmaiScore score;
    private final int maxCollections;
    private final int maxFeaturesPerTarget;
    private final String version;
    private final ZoneId zone;
    private final List<Operation> operations;

    DmaiDialect(DialectContext context) {
        this.context = requireNonNull(context, "context is null");
        DmaiDialectSettings settings = Settings.bind(context.settings(), DmaiDialectSettings.class);
        this.score = settings.score();
        this.maxCollections = settings.maxCollections();
        this.maxFeaturesPerTarget = settings.maxFeaturesPerTarget();
        this.version = settings.version();
        this.zone = settings.zone();
        this.operations = List.of(
                operation("version", "/version", this::version),
                operation("license", "/license", this::license),
                operation("collection.create", "/create/collection", this::createCollection),
                operation("collection.clear", "/clear/collection", this::clearCollection),
                operation("collection.delete", "/delete/collection", this::deleteCollection),
                operation("collection.status", "/collection/status", this::collectionStatus),
                operation("face.insert", "/face/insert", this::insert),
                operation("face.update", "/face/update", this::update),
                operation("target.delete", "/delete/id", this::deleteTarget),
                operation("face.search", "/face/search", this::search),
                operation("face.compare", "/face/compare", this::compare));
    }

    private static Operation operation(String name, String path, OperationHandler handler) {
        return new Operation(name, GET_OR_POST, BASE + path, handler);
    }

    @Override
    public String id() {
        return DmaiDialectProvider.ID;
    }

    @Override
    public List<Operation> operations() {
        return operations;
    }

    // ---- system ---------------------------------------------------------------------------

    private DialectResponse version(DialectRequest request) {
        ObjectNode body = ok();
        body.put("version", version);
        return respond(body);
    }

    private DialectResponse license(DialectRequest request) {
        ObjectNode body = ok();
        body.put("status", "Authorized");
        return respond(body);
    }

    // ---- collections ----------------------------------------------------------------------

    private DialectResponse createCollection(DialectRequest request) {
        CollectionRef ref = collection(DmaiBody.parse(request.body()).collectionName());
        CollectionSpec spec = new CollectionSpec(
                OptionalLong.empty(), OptionalInt.of(maxFeaturesPerTarget), OptionalInt.of(maxCollections));
        engine(ref).createCollection(ref, spec);
        return status("Create collection successfully!");
    }

    private DialectResponse clearCollection(DialectRequest request) {
        CollectionRef ref = collection(DmaiBody.parse(request.body()).collectionName());
        engine(ref).clearCollection(ref);
        return status("Clear collection successfully!");
    }

    private DialectResponse deleteCollection(DialectRequest request) {
        CollectionRef ref = collection(DmaiBody.parse(request.body()).collectionName());
        engine(ref).deleteCollection(ref);
        return status("Delete collection successfully!");
    }

    private DialectResponse collectionStatus(DialectRequest request) {
        List<String> names = DmaiBody.parse(request.body()).collectionNames();
        FaceEngine engine = context.engines().engineFor(id(), context.defaultTenant(), Optional.empty());
        List<CollectionInfo> infos = new ArrayList<>();
        if (names.isEmpty()) {
            infos.addAll(engine.collections(context.defaultTenant()));
        } else {
            for (String name : new LinkedHashSet<>(names)) {
                CollectionRef ref = collection(name);
                infos.add(engine.collection(ref).orElseThrow(
                        () -> new FaceException.NotFound(FaceException.Resource.COLLECTION, name)));
            }
        }
        ObjectNode body = ok();
        ArrayNode status = body.putArray("status");
        for (CollectionInfo info : infos) {
            ObjectNode item = status.addObject();
            item.put("collection_name", info.ref().name());
            item.put("create_time", CTIME.format(info.createdAt().atZone(zone)));
            item.put("feature_num", info.faceCount());
            item.put("update_time", CTIME.format(info.updatedAt().atZone(zone)));
        }
        return respond(body);
    }

    // ---- features -------------------------------------------------------------------------

    /** One image of a batch, decoded, or the reason it cannot be used. */
    private record BatchItem(int index, String targetId, Optional<byte[]> image) {

        /** The face to enrol, of an item that carries an image. */
        NewFace newFace() {
            return NewFace.of(image.orElseThrow(), targetId);
        }
    }

    private List<BatchItem> batch(DmaiBody body) {
        List<JsonNode> images = body.list("face_image");
        List<JsonNode> targets = body.list("target_id");
        if (images.size() != targets.size()) {
            throw new FaceException.InvalidArgument("target_id",
                    "face_image and target_id must have the same length (" + images.size() + " and " + targets.size() + ")");
        }
        List<BatchItem> items = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            JsonNode target = targets.get(i);
            // An item that is not a string is reported invalid, quoted short: it is never stored.
            String targetId = target.isTextual()
                    ? DmaiLimits.targetId("target_id[" + i + "]", target.textValue())
                    : ClientText.echo(target.toString());
            Optional<byte[]> image = Optional.empty();
            if (target.isTextual() && !targetId.isEmpty() && images.get(i).isTextual()) {
                try {
                    image = Optional.of(DmaiImages.decode("face_image", images.get(i).textValue()));
                } catch (FaceException.InvalidArgument notBase64) {
                    image = Optional.empty();
                }
            }
            items.add(new BatchItem(i, targetId, image));
        }
        return items;
    }

    /** The fields insert and update answer with, filled as the batch is processed. */
    private static final class BatchReport {
        final List<String> invalidIds = new ArrayList<>();
        final List<Integer> invalidIndexes = new ArrayList<>();
        final Set<String> quotaExceeded = new LinkedHashSet<>();
        final Set<String> targetInvalid = new LinkedHashSet<>();
        int successes;

        void invalid(BatchItem item) {
            invalidIds.add(item.targetId());
            invalidIndexes.add(item.index());
        }

        /** The items that carry an image; the others are reported invalid. */
        List<BatchItem> withImage(List<BatchItem> items) {
            List<BatchItem> usable = new ArrayList<>();
            for (BatchItem item : items) {
                if (item.image().isEmpty()) {
                    invalid(item);
                } else {
                    usable.add(item);
                }
            }
            return usable;
        }

        /** Reports the engine's outcome of each item, in order. */
        void outcomes(List<BatchItem> items, List<EnrolOutcome> outcomes) {
            for (int i = 0; i < outcomes.size(); i++) {
                outcome(items.get(i), outcomes.get(i));
            }
        }

        private void outcome(BatchItem item, EnrolOutcome outcome) {
            switch (outcome) {
                case EnrolOutcome.Enrolled enrolled -> successes++;
                case EnrolOutcome.Rejected rejected -> {
                    if (rejected.reason() instanceof FaceException.QuotaExceeded) {
                        quotaExceeded.add(item.targetId());
                    } else if (rejected.reason() instanceof FaceException.BackendUnavailable unavailable) {
                        throw unavailable;
                    } else {
                        invalid(item);
                    }
                }
            }
        }

        ObjectNode render(DmaiErrorCode code, String status, boolean withTargetInvalid) {
            ObjectNode body = Json.object();
            body.put("err_code", code.code());
            ObjectNode invalid = body.putObject("invalid");
            invalid.put("invalid_num", invalidIndexes.size());
            ObjectNode message = invalid.putObject("message");
            invalidIds.forEach(message.putArray("invalid_id")::add);
            invalidIndexes.forEach(message.putArray("invalid_index")::add);
            quotaExceeded.forEach(body.putArray("quota_exceeded_target_id")::add);
            body.put("status", status);
            body.put("success_num", successes);
            if (withTargetInvalid) {
                targetInvalid.forEach(body.putArray("target_invalid")::add);
            }
            return body;
        }
    }

    /** An insert's or update's collection, engine and items, read and checked in the order DM-AI does. */
    private record Batch(CollectionRef ref, FaceEngine engine, List<BatchItem> items) {
    }

    private Batch readBatch(DialectRequest request) {
        DmaiBody body = DmaiBody.parse(request.body());
        CollectionRef ref = collection(body.collectionName());
        List<BatchItem> items = batch(body);
        return new Batch(ref, engineWithCollection(ref), items);
    }

    private DialectResponse insert(DialectRequest request) {
        Batch batch = readBatch(request);
        BatchReport report = new BatchReport();
        List<BatchItem> usable = report.withImage(batch.items());
        List<NewFace> faces = usable.stream().map(BatchItem::newFace).toList();
        report.outcomes(usable, faces.isEmpty() ? List.of() : batch.engine().addFaces(batch.ref(), faces));
        sortInvalid(report);
        boolean overQuota = !report.quotaExceeded.isEmpty();
        return respond(report.render(
                overQuota ? DmaiErrorCode.TARGET_ID_QUOTA_EXCEEDED : DmaiErrorCode.OK,
                overQuota ? DmaiErrorCode.TARGET_ID_QUOTA_EXCEEDED.message() : "Add vectors successfully!",
                false));
    }

    private DialectResponse update(DialectRequest request) {
        Batch batch = readBatch(request);
        BatchReport report = new BatchReport();
        Map<String, List<BatchItem>> byTarget = new LinkedHashMap<>();
        for (BatchItem item : report.withImage(batch.items())) {
            byTarget.computeIfAbsent(item.targetId(), t -> new ArrayList<>()).add(item);
        }
        for (Map.Entry<String, List<BatchItem>> target : byTarget.entrySet()) {
            List<BatchItem> targetItems = target.getValue();
            List<NewFace> faces = targetItems.stream().map(BatchItem::newFace).toList();
            List<EnrolOutcome> outcomes;
            try {
                outcomes = batch.engine().replaceFaces(batch.ref(), target.getKey(), faces);
            } catch (FaceException.NotFound unknownTarget) {
                if (unknownTarget.resource() == FaceException.Resource.COLLECTION) {
                    throw unknownTarget;
                }
                report.targetInvalid.add(target.getKey());
                continue;
            }
            report.outcomes(targetItems, outcomes);
        }
        sortInvalid(report);
        DmaiErrorCode code;
        String status;
        if (!report.quotaExceeded.isEmpty()) {
            code = DmaiErrorCode.TARGET_ID_QUOTA_EXCEEDED;
            status = code.message();
        } else if (report.successes == 0) {
            code = DmaiErrorCode.UPDATE_FAILED;
            status = code.message();
        } else {
            code = DmaiErrorCode.OK;
            status = "Update vectors successfully!";
        }
        return respond(report.render(code, status, true));
    }

    /** Invalid items are reported in request order, whichever stage found them. */
    private static void sortInvalid(BatchReport report) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < report.invalidIndexes.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Integer.compare(report.invalidIndexes.get(a), report.invalidIndexes.get(b)));
        List<String> ids = order.stream().map(report.invalidIds::get).toList();
        List<Integer> indexes = order.stream().map(report.invalidIndexes::get).toList();
        report.invalidIds.clear();
        report.invalidIds.addAll(ids);
        report.invalidIndexes.clear();
        report.invalidIndexes.addAll(indexes);
    }

    private DialectResponse deleteTarget(DialectRequest request) {
        DmaiBody body = DmaiBody.parse(request.body());
        CollectionRef ref = collection(body.collectionName());
        String targetId = DmaiLimits.targetId("target_id", body.string("target_id"));
        FaceEngine engine = engineWithCollection(ref);
        // Deleting a target that has no features is not an error: the target is gone either way.
        engine.deleteFacesByTag(ref, targetId);
        return status("Delete target_id successfully!");
    }

    // ---- search and compare ---------------------------------------------------------------

    private DialectResponse search(DialectRequest request) {
        DmaiBody body = DmaiBody.parse(request.body());
        CollectionRef ref = collection(body.collectionName());
        byte[] image = DmaiImages.decode("face_image", body.string("face_image"));
        int topK = body.integer("top_k", 1, MAX_TOP_K);
        SearchQuery query = new SearchQuery(List.of(ref), new Probe.ImageProbe(image), topK, -1.0, true);
        List<SearchHit> hits = engine(ref).search(query).hits();
        ObjectNode response = ok();
        ArrayNode status = response.putArray("status");
        for (SearchHit hit : hits) {
            ObjectNode item = status.addObject();
            item.put("result", hit.face().tag());
            item.put("score", score.fromCosine(hit.score()));
        }
        return respond(response);
    }

    private DialectResponse compare(DialectRequest request) {
        DmaiBody body = DmaiBody.parse(request.body());
        byte[] first = DmaiImages.decode("face_image1", body.string("face_image1"));
        byte[] second = DmaiImages.decode("face_image2", body.string("face_image2"));
        FaceEngine engine = context.engines().engineFor(id(), context.defaultTenant(), Optional.empty());
        ObjectNode response = ok();
        response.put("score", score.fromCosine(engine.compare(first, second).score()));
        return respond(response);
    }

    // ---- errors ---------------------------------------------------------------------------

    @Override
    public DialectResponse renderError(FaceException failure, Operation operation) {
        DmaiErrorCode code = DmaiErrors.code(failure, operation.name());
        ObjectNode body = Json.object();
        body.put("err_code", code.code());
        body.put("status", code == DmaiErrorCode.SERVER_ERROR ? DmaiErrors.detail(failure) : code.message());
        return respond(body);
    }

    @Override
    public DialectResponse renderUnknownPath(DialectRequest request) {
        ObjectNode body = Json.object();
        body.put("err_code", DmaiErrorCode.SERVER_ERROR.code());
        body.put("status", "Not found: " + request.method() + " " + ClientText.echo(request.path()));
        try {
            return DialectResponse.json(404, Json.PLAIN.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    private CollectionRef collection(String name) {
        return new CollectionRef(context.defaultTenant(), name);
    }

    private FaceEngine engine(CollectionRef ref) {
        return context.engines().engineFor(id(), ref.tenant(), Optional.of(ref.name()));
    }

    /**
     * The engine of a collection that must exist: checked before any image is analysed, so that a
     * batch for a missing collection fails fast with 1006 rather than item by item.
     */
    private FaceEngine engineWithCollection(CollectionRef ref) {
        FaceEngine engine = engine(ref);
        if (engine.collection(ref).isEmpty()) {
            throw new FaceException.NotFound(FaceException.Resource.COLLECTION, ref.name());
        }
        return engine;
    }

    private static ObjectNode ok() {
        ObjectNode body = Json.object();
        body.put("err_code", 0);
        return body;
    }

    private static DialectResponse status(String message) {
        ObjectNode body = ok();
        body.put("status", message);
        return respond(body);
    }

    private static DialectResponse respond(ObjectNode body) {
        try {
            return DialectResponse.json(200, Json.PLAIN.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }
}
