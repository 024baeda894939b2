package io.polyface.plugin.facepass;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.toolkit.json.Json;
import io.polyface.toolkit.settings.Settings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Megvii FacePass server API (document {@code facepass-server.md}): faces, images, groups,
 * recognition, compare, device sync, thresholds and version.
 *
 * <p>Every answer is the envelope of {@link FacepassEnvelope}; failures carry the document's code,
 * message and HTTP status ({@link FacepassErrorCode}). SPI failures become codes in {@link
 * FacepassErrors}, the one place for them; what only the dialect can know is a {@link FacepassFailure}.
 */
final class FacepassDialect implements Dialect {
    private static final Set<String> GET = Set.of("GET");
    private static final Set<String> POST = Set.of("POST");
    private static final Set<String> GET_OR_POST = Set.of("GET", "POST");

    private final FacepassRuntime runtime;
    private final String version;
    private final List<Operation> operations;

    FacepassDialect(DialectContext context) {
        requireNonNull(context, "context is null");
        String tenant = context.defaultTenant();
        FacepassDialectSettings settings = Settings.bind(context.settings(), FacepassDialectSettings.class);
        int keptChanges = settings.keptChanges();
        FacepassGroups groups = new FacepassGroups(
                () -> context.engines().engineFor(FacepassDialectProvider.ID, tenant, Optional.empty()), tenant, keptChanges);
        this.runtime = new FacepassRuntime(
                () -> context.engines().engineFor(FacepassDialectProvider.ID, tenant, Optional.empty()),
                tenant, context.clock(), groups);
        this.version = settings.version();
        FacepassFaces faces = new FacepassFaces(runtime);
        FacepassService service = new FacepassService(runtime);
        FacepassSync sync = new FacepassSync(runtime, settings.clientAddressHeader());
        this.operations = List.of(
                operation("face.add", POST, "/api/face/v1/add", faces::add),
                operation("face.delete", POST, "/api/face/v1/delete", faces::delete),
                operation("face.query", POST, "/api/face/v1/query", faces::query),
                operation("image.query", GET, "/api/image/v1/query", faces::image),
                operation("group.create", POST, "/api/group/v1/create", this::createGroup),
                operation("group.delete", POST, "/api/group/v1/delete", this::deleteGroup),
                operation("group.query", POST, "/api/group/v1/query", this::queryGroup),
                operation("group.list", GET, "/api/group/v1/list", this::listGroups),
                operation("group.bind", POST, "/api/group/v1/bind", this::bind),
                operation("group.unbind", POST, "/api/group/v1/unbind", this::unbind),
                operation("recognize", POST, "/api/service/recognize/v1", service::recognize),
                operation("compare", POST, "/api/service/compare/v1", service::compare),
                operation("sync.status", GET, "/api/service/sync/v1/status", sync::status),
                operation("sync", GET_OR_POST, "/api/service/sync/v1", sync::sync),
                operation("config", POST, "/api/service/config/v1", this::config),
                operation("version", GET, "/api/version/v1", this::version));
    }

    /**
     * An operation whose failures are rendered with the instant its request arrived (the
     * envelope's timestamp and timecost).
     */
    private Operation operation(String name, Set<String> methods, String path, FacepassRuntime.Handler handler) {
        return new Operation(name, methods, path, request -> {
            Instant received = runtime.clock().instant();
            try {
                return handler.handle(request, received);
            } catch (FacepassFailure failure) {
                return render(failure, received);
            } catch (FaceException failure) {
                return render(FacepassErrors.of(failure, name), received);
            }
        });
    }

    @Override
    public String id() {
        return FacepassDialectProvider.ID;
    }

    @Override
    public List<Operation> operations() {
        return operations;
    }

    // ---- groups ---------------------------------------------------------------------------

    private DialectResponse createGroup(DialectRequest request, Instant received) {
        runtime.groups().create(FacepassJson.parse(request.body()).groupName("group_name"));
        return empty(received);
    }

    private DialectResponse deleteGroup(DialectRequest request, Instant received) {
        runtime.groups().delete(FacepassJson.parse(request.body()).groupName("group_name"));
        return empty(received);
    }

    /**
     * {@code faces} before {@code group_name}: the document's template lists them the other way,
     * but clients written against the real server (a desktop client's group clean-up reads the
     * tokens between the two keys) expect the server's order.
     */
    private DialectResponse queryGroup(DialectRequest request, Instant received) {
        String name = FacepassJson.parse(request.body()).groupName("group_name");
        runtime.groups().existing(name);
        ObjectNode data = Json.object();
        ArrayNode faces = data.putArray("faces");
        runtime.groups().tokens(name).forEach(faces::add);
        data.put("group_name", name);
        return FacepassEnvelope.ok(received, runtime.clock(), data);
    }

    private DialectResponse listGroups(DialectRequest request, Instant received) {
        ObjectNode data = Json.object();
        ArrayNode groups = data.putArray("groups");
        runtime.groups().names().forEach(groups::add);
        return FacepassEnvelope.ok(received, runtime.clock(), data);
    }

    private DialectResponse bind(DialectRequest request, Instant received) {
        FacepassJson body = FacepassJson.parse(request.body());
        missingOf(body, "group_name", "face_token");
        runtime.groups().bind(body.groupName("group_name"), body.id("face_token", FacepassIds.FACE_TOKEN));
        return empty(received);
    }

    private DialectResponse unbind(DialectRequest request, Instant received) {
        FacepassJson body = FacepassJson.parse(request.body());
        missingOf(body, "group_name", "face_token");
        runtime.groups().unbind(body.groupName("group_name"), body.id("face_token", FacepassIds.FACE_TOKEN));
        return empty(received);
    }

    /** MISSING_ARGUMENT naming every absent field at once, as the document's comma-separated list. */
    private static void missingOf(FacepassJson body, String... names) {
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (body.field(name).isEmpty()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw FacepassFailure.missing(missing.toArray(String[]::new));
        }
    }

    // ---- config and version ---------------------------------------------------------------

    /**
     * Sets the thresholds given: a value in (0, 100) sets one, -1 restores the recommended one, an
     * empty or absent field leaves it; any other value rejects the whole request, naming every
     * field at fault.
     */
    private DialectResponse config(DialectRequest request, Instant received) {
        FacepassForm form = FacepassForm.of(request);
        FacepassThresholds current = runtime.thresholds();
        double[] values = {current.recognize(), current.compare(), current.liveness()};
        double[] defaults = {FacepassThresholds.DEFAULTS.recognize(), FacepassThresholds.DEFAULTS.compare(),
                FacepassThresholds.DEFAULTS.liveness()};
        String[] names = {"recognize_threshold", "compare_threshold", "liveness_threshold"};
        List<String> illegal = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < names.length; i++) {
            Optional<String> text = form.text(names[i]).map(String::trim).filter(s -> !s.isEmpty());
            if (text.isEmpty()) {
                continue;
            }
            double value;
            try {
                value = Double.parseDouble(text.get());
            } catch (NumberFormatException e) {
                illegal.add(names[i]);
                continue;
            }
            if (value == -1) {
                values[i] = defaults[i];
                changed = true;
            } else if (value > 0 && value < 100) {
                values[i] = value;
                changed = true;
            } else {
                illegal.add(names[i]);
            }
        }
        if (!illegal.isEmpty()) {
            throw FacepassFailure.illegal(illegal.toArray(String[]::new));
        }
        FacepassThresholds updated = new FacepassThresholds(values[0], values[1], values[2]);
        if (changed) {
            runtime.engine().putRecord(runtime.tenant(), FacepassThresholds.RECORD_KIND, FacepassThresholds.RECORD_KEY,
                    updated.toJson());
        }
        ObjectNode data = Json.object();
        data.put("compare_threshold", updated.compare());
        data.put("liveness_threshold", updated.liveness());
        data.put("recognize_threshold", updated.recognize());
        return FacepassEnvelope.ok(received, runtime.clock(), data);
    }

    private DialectResponse version(DialectRequest request, Instant received) {
        FaceEngine engine = runtime.engine();
        ObjectNode data = Json.object();
        data.put("version", version);
        ObjectNode detail = data.putObject("detail");
        detail.put("engine", engine.name());
        detail.put("feature", runtime.groups().featureVersion());
        return FacepassEnvelope.ok(received, runtime.clock(), data);
    }

    // ---- errors ---------------------------------------------------------------------------

    @Override
    public DialectResponse renderError(FaceException failure, Operation operation) {
        return render(FacepassErrors.of(failure, operation.name()), runtime.clock().instant());
    }

    private DialectResponse render(FacepassFailure failure, Instant received) {
        return FacepassEnvelope.render(failure.code(), failure.code().message(failure.detail()), received, runtime.clock(),
                failure.data().orElseGet(Json::object));
    }

    @Override
    public DialectResponse renderUnknownPath(DialectRequest request) {
        return FacepassEnvelope.render(FacepassErrorCode.NOT_FOUND, FacepassErrorCode.NOT_FOUND.message(), runtime.clock().instant(),
                runtime.clock(), Json.object());
    }

    private DialectResponse empty(Instant received) {
        return FacepassEnvelope.ok(received, runtime.clock(), Json.object());
    }
}
