package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import io.polyface.toolkit.settings.Settings;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The SenseTime v1 HTTP API (document {@code sensetime-v1.md}).
 *
 * <p>Every call runs the same gate before its operation: parameters are read (query string, JSON,
 * form or multipart), the {@code api_id}/{@code api_secret} pair is checked (401 UNAUTHORIZED or
 * KEY_EXPIRED), the call is counted against the account's rate limit (403 RATE_LIMIT_EXCEEDED; calls
 * without a valid pair count against one shared anonymous limit, which also slows down guessing),
 * and the account's permissions are checked (403 NO_PERMISSION). Every answer, errors included,
 * carries the {@code X-RateLimit-*} headers. Counters are per node.
 */
final class SensetimeDialect implements Dialect {
    private static final System.Logger LOG = System.getLogger(SensetimeDialect.class.getName());
    private static final Set<String> GET = Set.of("GET");
    private static final Set<String> POST = Set.of("POST");
    private static final String ANONYMOUS = "";

    private final DialectContext context;
    private final SensetimeAccounts accounts;
    private final SensetimeRateLimit anonymousLimit;
    private final SensetimeRateLimiter limiter = new SensetimeRateLimiter();
    private final SensetimeStore store;
    private final SensetimeTasks tasks;
    private final List<Operation> operations;

    SensetimeDialect(DialectContext context) {
        this.context = requireNonNull(context, "context is null");
        Map<String, String> settings = context.settings();
        SensetimeDialectSettings bound = Settings.bind(settings, SensetimeDialectSettings.class);
        SensetimeQuota defaultQuota = SensetimeQuota.from(settings, "default-quota.", SensetimeQuota.DEFAULT);
        this.accounts = SensetimeAccounts.from(settings, bound.defaultRateLimit(), defaultQuota);
        this.anonymousLimit = bound.anonymousRateLimit();
        if (accounts.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "SenseTime dialect: no account is configured "
                    + "(dialects.sensetime.accounts), so every call is refused with 401 UNAUTHORIZED.");
        } else {
            LOG.log(System.Logger.Level.INFO, "SenseTime dialect: " + accounts.size() + " account(s) configured.");
        }
        SensetimeScore score = bound.score().orElse(SensetimeScore.DEFAULT);
        this.store = new SensetimeStore(context);
        this.tasks = new SensetimeTasks(store,
                bound.asyncThreads(),
                bound.asyncQueue(),
                this::errorBody);
        int asyncMinFaces = bound.asyncMinFaces();
        SensetimeDetection detection = new SensetimeDetection(store, context.images(),
                bound.detectionMaxFaces());
        SensetimeDirectory directory = new SensetimeDirectory(store);
        SensetimeMatching matching = new SensetimeMatching(store, tasks, score, asyncMinFaces);
        this.operations = List.of(
                operation("/info/api", GET, this::infoApi),
                operation("/info/task", GET, this::infoTask),
                operation("/info/image", GET, detection::infoImage),
                operation("/info/face", GET, detection::infoFace),
                operation("/info/list_persons", GET, directory.persons()::list),
                operation("/info/list_groups", GET, directory::listGroups),
                operation("/info/list_facesets", GET, directory.facesets()::list),
                operation("/info/person", GET, directory.persons()::info),
                operation("/info/group", GET, directory::infoGroup),
                operation("/info/faceset", GET, directory.facesets()::info),
                operation("/face/detection", POST, detection::detect),
                operation("/face/verification", POST, matching::verification),
                operation("/face/search", POST, matching::search),
                operation("/face/identification", POST, matching::identification),
                operation("/face/training", POST, matching::training),
                operation("/person/create", POST, directory.persons()::create),
                operation("/person/delete", POST, directory::deletePerson),
                operation("/person/add_face", POST, directory.persons()::addFaces),
                operation("/person/remove_face", POST, directory.persons()::removeFaces),
                operation("/person/change", POST, directory.persons()::change),
                operation("/group/create", POST, directory::createGroup),
                operation("/group/delete", POST, directory::deleteGroup),
                operation("/group/add_person", POST, directory::addPersonsToGroup),
                operation("/group/remove_person", POST, directory::removePersonsFromGroup),
                operation("/group/change", POST, directory::changeGroup),
                operation("/faceset/create", POST, directory.facesets()::create),
                operation("/faceset/delete", POST, directory::deleteFaceset),
                operation("/faceset/add_face", POST, directory.facesets()::addFaces),
                operation("/faceset/remove_face", POST, directory.facesets()::removeFaces),
                operation("/faceset/change", POST, directory.facesets()::change));
    }

    /**
     * Operations are named by their path ("/info/api" is {@code info.api}). The {@code /info/*}
     * APIs are GETs and the others POSTs, as documented; another method is 404 NOT_FOUND.
     */
    private Operation operation(String path, Set<String> methods, SensetimeCall.Handler handler) {
        return new Operation(path.substring(1).replace('/', '.'), methods, path, request -> serve(path, handler, request));
    }

    @Override
    public String id() {
        return SensetimeDialectProvider.ID;
    }

    @Override
    public List<Operation> operations() {
        return operations;
    }

    // ---- the gate every call passes -------------------------------------------------------

    DialectResponse serve(String apiPath, SensetimeCall.Handler handler, DialectRequest request) {
        Instant now = context.clock().instant();
        Optional<SensetimeFailure> unreadable = Optional.empty();
        SensetimeParams params;
        try {
            params = SensetimeParams.of(request);
        } catch (SensetimeFailure failure) {
            unreadable = Optional.of(failure);
            params = SensetimeParams.of(queryOnly(request));
        }
        Gate gate = gate(params, now);
        if (gate.refusal().isPresent()) {
            return respond(SensetimeErrors.reply(gate.refusal().get()), gate.headers());
        }
        SensetimeAccount account = gate.account().orElseThrow();
        if (!account.mayCall(apiPath)) {
            return respond(SensetimeErrors.reply(new SensetimeFailure(SensetimeStatus.NO_PERMISSION)), gate.headers());
        }
        if (unreadable.isPresent()) {
            return respond(SensetimeErrors.reply(unreadable.get()), gate.headers());
        }
        SensetimeCall.Reply reply;
        try {
            reply = handler.handle(new SensetimeCall(account, params));
        } catch (RuntimeException e) {
            reply = SensetimeErrors.reply(failureOf(e, apiPath));
        }
        return respond(reply, gate.headers());
    }

    /** Who is calling, the rate-limit headers of the call, and why it is refused, if it is. */
    private record Gate(Optional<SensetimeAccount> account, Map<String, String> headers, Optional<SensetimeFailure> refusal) {
    }

    private Gate gate(SensetimeParams params, Instant now) {
        SensetimeAccounts.Outcome outcome = accounts.authenticate(credential(params, "api_id"), credential(params, "api_secret"), now);
        return switch (outcome) {
            case SensetimeAccounts.Outcome.Authenticated authenticated -> {
                SensetimeRateLimiter.Decision decision = limiter.acquire(authenticated.account().apiId(),
                        authenticated.account().rateLimit(), now);
                yield new Gate(Optional.of(authenticated.account()), headers(decision),
                        decision.allowed() ? Optional.empty() : Optional.of(new SensetimeFailure(SensetimeStatus.RATE_LIMIT_EXCEEDED)));
            }
            case SensetimeAccounts.Outcome.Refused refused -> {
                SensetimeRateLimiter.Decision decision = limiter.acquire(ANONYMOUS, anonymousLimit, now);
                yield new Gate(Optional.empty(), headers(decision), Optional.of(decision.allowed()
                        ? refused.failure()
                        : new SensetimeFailure(SensetimeStatus.RATE_LIMIT_EXCEEDED)));
            }
        };
    }

    private static Optional<String> credential(SensetimeParams params, String name) {
        try {
            return params.text(name).filter(s -> !s.isEmpty());
        } catch (SensetimeFailure notAString) {
            return Optional.empty();
        }
    }

    private static Map<String, String> headers(SensetimeRateLimiter.Decision decision) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Limit", Integer.toString(decision.limit()));
        headers.put("X-RateLimit-Remaining", Integer.toString(decision.remaining()));
        headers.put("X-RateLimit-Reset", Long.toString(decision.resetSeconds()));
        return headers;
    }

    private static DialectRequest queryOnly(DialectRequest request) {
        return new DialectRequest(request.method(), request.path(), request.pathParameters(), request.query(), Map.of(), new byte[0]);
    }

    private SensetimeFailure failureOf(RuntimeException e, String apiPath) {
        return switch (e) {
            case SensetimeFailure failure -> failure;
            case FaceException failure -> SensetimeErrors.of(failure, apiPath);
            default -> {
                LOG.log(System.Logger.Level.ERROR, "Unexpected failure in sensetime " + apiPath, e);
                yield new SensetimeFailure(SensetimeStatus.INTERNAL_ERROR, "internal error");
            }
        };
    }

    /** The error envelope a failed task records as its result. */
    private ObjectNode errorBody(RuntimeException e) {
        return SensetimeErrors.reply(failureOf(e, "/info/task")).body();
    }

    private static DialectResponse respond(SensetimeCall.Reply reply, Map<String, String> headers) {
        return new DialectResponse(reply.httpStatus(), "application/json", headers, SensetimeJson.bytes(reply.body()));
    }

    // ---- /info/api and /info/task ---------------------------------------------------------

    private SensetimeCall.Reply infoApi(SensetimeCall call) {
        SensetimeAccount account = call.account();
        ObjectNode body = SensetimeCall.okBody();
        body.put("rate_limit", account.rateLimit().text());
        account.expiration().ifPresent(e -> body.put("expiration_date", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(e)));
        SensetimeQuota quota = account.quota();
        ObjectNode limits = body.putObject("quota");
        limits.put("groups", quota.groups());
        limits.put("persons", quota.persons());
        limits.put("facesets", quota.facesets());
        limits.put("persons_per_group", quota.personsPerGroup());
        limits.put("faces_per_person", quota.facesPerPerson());
        limits.put("faces_per_faceset", quota.facesPerFaceset());
        ObjectNode usage = body.putObject("usage");
        usage.put("groups", store.groups(call.tenant()).size());
        usage.put("persons", store.list(call.tenant(), "person").size());
        usage.put("facesets", store.list(call.tenant(), "faceset").size());
        return SensetimeCall.Reply.ok(body);
    }

    private SensetimeCall.Reply infoTask(SensetimeCall call) {
        String taskId = call.params().required("task_id");
        return SensetimeCall.Reply.ok(tasks.task(call.tenant(), taskId)
                .orElseThrow(() -> new SensetimeFailure(SensetimeStatus.INVALID_TASK, "task_id is invalid or expired")));
    }

    // ---- failures outside an operation ----------------------------------------------------

    /**
     * The gateway brings here what happens before an operation runs: a request body over {@code
     * server.max-body-bytes} (413, as the document's common errors say). Operations render their
     * own failures, with the rate-limit headers.
     */
    @Override
    public DialectResponse renderError(FaceException failure, Operation operation) {
        return respond(SensetimeErrors.reply(SensetimeErrors.of(failure, operation.pathTemplate())), Map.of());
    }

    /** The pool the store believes exists is gone, and the account's rate window starts afresh. */
    @Override
    public void tenantErased(String tenant) {
        store.forget(tenant);
        limiter.forget(tenant);
    }

    /** Each account's api_id is a tenant. */
    @Override
    public Set<String> credentialTenants() {
        return accounts.ids();
    }

    /** 404 NOT_FOUND, counted against the caller's limit like any call. */
    @Override
    public DialectResponse renderUnknownPath(DialectRequest request) {
        SensetimeParams params;
        try {
            params = SensetimeParams.of(request);
        } catch (SensetimeFailure unreadable) {
            params = SensetimeParams.of(queryOnly(request));
        }
        Gate gate = gate(params, context.clock().instant());
        SensetimeFailure notFound = new SensetimeFailure(SensetimeStatus.NOT_FOUND,
                "no API at " + request.method() + " " + request.path());
        return respond(SensetimeErrors.reply(notFound), gate.headers());
    }
}
