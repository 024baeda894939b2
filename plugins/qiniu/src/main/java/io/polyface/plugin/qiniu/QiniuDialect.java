package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.Dialect;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.dialect.Operation;
import io.polyface.toolkit.json.Json;
import io.polyface.toolkit.settings.Settings;
import io.polyface.toolkit.text.ClientText;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Qiniu's AI search API (documents {@code qiniu-face-image-search.md} and {@code
 * qiniu-feature-upgrade.md}): image groups (1.1-1.10), face groups (2.1-2.15) and the
 * feature-version admin API, behind Qiniu's request signing ({@link QiniuAuth}).
 *
 * <p>Errors are {@code {"error": "..."}} with an HTTP status: a route's own answer in the words of
 * Qiniu's server ({@link QiniuError}), else an SPI failure mapped by {@link #status} and {@link
 * #message}; the admin API answers in its own {@code {"code", "message"}} envelope with the same
 * statuses.
 */
final class QiniuDialect implements Dialect {
    private static final System.Logger LOG = System.getLogger(QiniuDialect.class.getName());
    private static final String FEATURE_PREFIX = "feature.";

    /** A handler that is told which tenant the verified request acts for. */
    @FunctionalInterface
    interface TenantHandler {
        DialectResponse handle(DialectRequest request, String tenant);
    }

    private final QiniuAuth auth;
    private final List<Operation> operations;

    QiniuDialect(DialectContext context) {
        requireNonNull(context, "context is null");
        this.auth = QiniuAuth.fromSettings(context.settings(), context.clock(), context.defaultTenant());
        QiniuDialectSettings settings = Settings.bind(context.settings(), QiniuDialectSettings.class);
        QiniuUris uris = new QiniuUris(context.images(), settings.fetchTimeout(), settings.maxImageBytes());
        ZoneId zone = settings.zone();
        QiniuFaceGroups faces = new QiniuFaceGroups(context, uris, QiniuScore.DEFAULT);
        QiniuImageGroups images = new QiniuImageGroups(context, uris, PerceptualImageDescriptor.withDefaults());
        QiniuFeatureAdmin admin = new QiniuFeatureAdmin(context, zone, faces);

        List<Operation> all = new ArrayList<>();
        // Image groups, section 1.
        all.add(op("image.group.list", "GET", "/v1/image/groups", images::listGroups));
        all.add(op("image.group.create", "POST", "/v1/image/groups/{group}", images::createGroup));
        all.add(op("image.group.info", "GET", "/v1/image/groups/{group}", images::groupInfo));
        all.add(op("image.group.remove", "POST", "/v1/image/groups/{group}/remove", images::removeGroup));
        all.add(op("image.add", "POST", "/v1/image/groups/{group}/add", images::add));
        all.add(op("image.search", "POST", "/v1/image/groups/{group}/search", images::search));
        all.add(op("image.delete", "POST", "/v1/image/groups/{group}/delete", images::delete));
        all.add(op("image.update", "POST", "/v1/image/groups/{group}/update", images::update));
        all.add(op("image.list", "GET", "/v1/image/groups/{group}/images", images::list));
        all.add(op("image.tags", "GET", "/v1/image/groups/{group}/tags", images::tags));
        // Face groups, section 2. The multi-group paths come first: "multi" would match {group}.
        QiniuFaceSearch search = faces.search();
        all.add(op("face.multi_search", "POST", "/v1/face/groups/multi/search", search::multiSearch));
        all.add(op("face.multi_pts_search", "POST", "/v1/face/groups/multi/pts/search", search::multiPtsSearch));
        all.add(op("face.group.list", "GET", "/v1/face/groups", faces::listGroups));
        all.add(op("face.group.create", "POST", "/v1/face/groups/{group}", faces::createGroup));
        all.add(op("face.group.info", "GET", "/v1/face/groups/{group}", faces::groupInfo));
        all.add(op("face.group.remove", "POST", "/v1/face/groups/{group}/remove", faces::removeGroup));
        all.add(op("face.add", "POST", "/v1/face/groups/{group}/add", faces::add));
        all.add(op("face.search", "POST", "/v1/face/groups/{group}/search", search::search));
        all.add(op("face.delete", "POST", "/v1/face/groups/{group}/delete", faces::delete));
        all.add(op("face.update", "POST", "/v1/face/groups/{group}/update", faces::update));
        all.add(op("face.list", "GET", "/v1/face/groups/{group}/images", faces::list));
        all.add(op("face.tags", "GET", "/v1/face/groups/{group}/tags", faces::tags));
        all.add(op("face.cluster", "POST", "/v1/face/groups/{group}/cluster", search::cluster));
        all.add(op("face.compare", "POST", "/v1/face/groups/{group}/compare", search::compare));
        all.add(op("face.pts_search", "POST", "/v1/face/groups/{group}/pts/search", search::ptsSearch));
        // The private service's raw-feature API, not in the document (observed:
        // argus/feature_group_private/service/base_service.go); features are deleted through face.delete.
        QiniuRawFeatures raw = new QiniuRawFeatures(faces);
        all.add(op("face.feature.add", "POST", "/v1/face/groups/{group}/feature/add", raw::add));
        all.add(op("face.feature.update", "POST", "/v1/face/groups/{group}/feature/update", raw::update));
        all.add(op("face.feature.search", "POST", "/v1/face/groups/{group}/feature/search", raw::search));
        // Feature versions (qiniu-feature-upgrade.md). Fixed paths before templated ones.
        all.add(op("feature.versions", "GET", "/v1/face/group/feature", admin::versions));
        all.add(op("feature.upgrades", "GET", "/v1/face/group/feature/upgrade", admin::upgrades));
        all.add(op("feature.version", "GET", "/v1/face/group/{group}/feature", admin::version));
        all.add(op("feature.group_upgrades", "GET", "/v1/face/group/{group}/feature/upgrade", admin::groupUpgrades));
        all.add(op("feature.upgrade", "POST", "/v1/face/group/{group}/feature/upgrade/{version}", admin::upgrade));
        all.add(op("feature.rerun", "POST", "/v1/face/group/{group}/feature/rerun", admin::rerun));
        // The document's example writes "rurun"; clients copied from it keep working.
        all.add(op("feature.rerun", "POST", "/v1/face/group/{group}/feature/rurun", admin::rerun));
        all.add(op("feature.check", "POST", "/v1/face/group/{group}/feature/check", admin::check));
        // Qiniu's older API generation (argus/feature_group: faceg, imageg) on the same groups; see
        // QiniuLegacyFaceGroups. After the admin routes, so GET /v1/face/group/feature stays theirs.
        QiniuLegacyFaceGroups oldFaces = new QiniuLegacyFaceGroups(faces, uris, QiniuScore.DEFAULT);
        QiniuLegacyImageGroups oldImages = new QiniuLegacyImageGroups(images, uris, PerceptualImageDescriptor.withDefaults(), context.clock());
        // Multi-group searches go first of all: "search" would match the current generation's {group}.
        all.addAll(0, List.of(
                op("legacy.face.groups_search", "POST", "/v1/face/groups/search", QiniuLegacyErrors.guard(oldFaces::multiSearch)),
                op("legacy.image.groups_search", "POST", "/v1/image/groups/search", QiniuLegacyErrors.guard(oldImages::multiSearch))));
        all.add(op("legacy.face.group.list", "GET", "/v1/face/group", QiniuLegacyErrors.guard(oldFaces::listGroups)));
        all.add(op("legacy.face.group.faces", "GET", "/v1/face/group/{group}", QiniuLegacyErrors.guard(oldFaces::listFaces)));
        all.add(op("legacy.face.group.new", "POST", "/v1/face/group/{group}/new", QiniuLegacyErrors.guard(oldFaces::create)));
        all.add(op("legacy.face.group.remove", "POST", "/v1/face/group/{group}/remove", QiniuLegacyErrors.guard(oldFaces::remove)));
        all.add(op("legacy.face.add", "POST", "/v1/face/group/{group}/add", QiniuLegacyErrors.guard(oldFaces::add)));
        all.add(op("legacy.face.delete", "POST", "/v1/face/group/{group}/delete", QiniuLegacyErrors.guard(oldFaces::delete)));
        all.add(op("legacy.face.search", "POST", "/v1/face/group/{group}/search", QiniuLegacyErrors.guard(oldFaces::search)));
        all.add(op("legacy.image.group.list", "GET", "/v1/image/group", QiniuLegacyErrors.guard(oldImages::listGroups)));
        all.add(op("legacy.image.group.images", "GET", "/v1/image/group/{group}", QiniuLegacyErrors.guard(oldImages::listImages)));
        all.add(op("legacy.image.group.new", "POST", "/v1/image/group/{group}/new", QiniuLegacyErrors.guard(oldImages::create)));
        all.add(op("legacy.image.group.remove", "POST", "/v1/image/group/{group}/remove", QiniuLegacyErrors.guard(oldImages::remove)));
        all.add(op("legacy.image.add", "POST", "/v1/image/group/{group}/add", QiniuLegacyErrors.guard(oldImages::add)));
        all.add(op("legacy.image.delete", "POST", "/v1/image/group/{group}/delete", QiniuLegacyErrors.guard(oldImages::delete)));
        all.add(op("legacy.image.search", "POST", "/v1/image/group/{group}/search", QiniuLegacyErrors.guard(oldImages::search)));
        this.operations = List.copyOf(all);

        if (auth.open()) {
            LOG.log(System.Logger.Level.WARNING, "qiniu: no access keys configured (dialects.qiniu.keys): the API is open,"
                    + " every request is accepted unsigned and acts for tenant '" + context.defaultTenant() + "'");
        } else {
            LOG.log(System.Logger.Level.INFO, "qiniu: requests must be signed with one of " + auth.accessKeys().size()
                    + " configured access keys" + (auth.trustsStub() ? "; QiniuStub authorization is trusted" : ""));
        }
    }

    private Operation op(String name, String method, String path, TenantHandler handler) {
        return new Operation(name, Set.of(method), path, request -> {
            try {
                return handler.handle(request, auth.tenant(request));
            } catch (QiniuError.Failure failure) {
                return render(failure.error().status(), failure.error().text(), name.startsWith(FEATURE_PREFIX));
            }
        });
    }

    @Override
    public String id() {
        return QiniuDialectProvider.ID;
    }

    @Override
    public List<Operation> operations() {
        return operations;
    }

    // ---- errors ---------------------------------------------------------------------------

    /**
     * A failure as the operation answers it. The current API's routes look their group up first, so
     * a group the engine no longer has was removed by another request meanwhile: they answer what
     * Qiniu's server answers for a group that is not there, {@code group not exist}.
     */
    @Override
    public DialectResponse renderError(FaceException failure, Operation operation) {
        boolean admin = operation.name().startsWith(FEATURE_PREFIX);
        if (!admin && failure instanceof FaceException.NotFound gone && gone.resource() == FaceException.Resource.COLLECTION) {
            return render(QiniuError.GROUP_NOT_EXIST.status(), QiniuError.GROUP_NOT_EXIST.text(), false);
        }
        return render(status(failure), message(failure), admin);
    }

    /** Each access key is a tenant. */
    @Override
    public Set<String> credentialTenants() {
        return Set.copyOf(auth.accessKeys());
    }

    /**
     * The admin API's paths answer in its envelope; any other path (or a known path with another
     * method) is answered as Qiniu's server answers it: its router falls through to Go's empty
     * {@code http.ServeMux}, whose {@code NotFound} writes this plain text.
     */
    @Override
    public DialectResponse renderUnknownPath(DialectRequest request) {
        String path = request.path();
        if (path.startsWith("/v1/face/group/") && !QiniuLegacyErrors.isLegacyPath(path)) {
            return render(404, "no such API: " + request.method() + " " + path, true);
        }
        return QiniuLegacyErrors.notFound();
    }

    private static DialectResponse render(int status, String message, boolean adminEnvelope) {
        ObjectNode body = Json.object();
        if (adminEnvelope) {
            body.put("code", status);
            body.put("message", message);
        } else {
            body.put("error", message);
        }
        return QiniuReply.json(status, body);
    }

    /** The one place where SPI failures become Qiniu's HTTP statuses. */
    static int status(FaceException failure) {
        return switch (failure) {
            case FaceException.InvalidArgument invalid -> 400;
            case FaceException.NoFace noFace -> 400;
            case FaceException.BadQuality badQuality -> 400;
            case FaceException.UndecodableImage undecodable -> 400;
            case FaceException.DownloadFailed download -> 400;
            case FaceException.QuotaExceeded quota -> 400;
            case FaceException.Unauthorized unauthorized -> 401;
            case FaceException.NotFound notFound -> 404;
            case FaceException.AlreadyExists exists -> 409;
            case FaceException.ImageTooLarge tooLarge -> tooLarge.overPixelLimit() ? 400 : 413;
            case FaceException.RateLimited limited -> 429;
            case FaceException.Internal internal -> 500;
            case FaceException.Unsupported unsupported -> 501;
            case FaceException.BackendUnavailable unavailable -> 503;
        };
    }

    /** What the error says: the failure's own words, in Qiniu's terms where they differ. */
    static String message(FaceException failure) {
        return switch (failure) {
            case FaceException.NotFound notFound -> switch (notFound.resource()) {
                case COLLECTION -> "group not found: " + ClientText.echo(notFound.id());
                case FACE, IMAGE -> "image not found: " + ClientText.echo(notFound.id());
                case TAG, PERSON, TASK -> ClientText.echo(notFound.getMessage());
            };
            case FaceException.AlreadyExists exists -> switch (exists.resource()) {
                case COLLECTION -> "group already exists: " + ClientText.echo(exists.id());
                case FACE, IMAGE -> "image id already exists in the group: " + ClientText.echo(exists.id());
                case TASK -> "an upgrade or re-run is already running on this group";
                case TAG, PERSON -> ClientText.echo(exists.getMessage());
            };
            case FaceException.DownloadFailed download -> switch (download.reason()) {
                case BAD_URL -> "cannot fetch the uri: not a usable http(s) URL";
                case BLOCKED -> "cannot fetch the uri: its host is a private or local address, which this server does not fetch";
                case TIMEOUT -> "cannot fetch the uri: timed out";
                case HTTP_STATUS -> "cannot fetch the uri: " + download.getMessage();
                case NETWORK -> "cannot fetch the uri: the connection failed";
            };
            case FaceException.NoFace noFace -> "no face detected in the image";
            case FaceException.BadQuality bad -> "bad face: " + bad.getMessage();
            case FaceException.UndecodableImage undecodable -> "cannot decode the image: " + undecodable.getMessage();
            case FaceException.ImageTooLarge tooLarge -> tooLarge.overPixelLimit()
                    ? "cannot decode the image: it has more than " + tooLarge.limitPixels() + " pixels"
                    : "image or request larger than " + tooLarge.limitBytes() + " bytes";
            case FaceException.Internal internal -> "internal error";
            case FaceException.BackendUnavailable unavailable -> "service unavailable: the store cannot be reached, try again";
            case FaceException.InvalidArgument invalid -> invalid.getMessage();
            case FaceException.QuotaExceeded quota -> quota.getMessage();
            case FaceException.Unauthorized unauthorized -> unauthorized.getMessage();
            case FaceException.RateLimited limited -> limited.getMessage();
            case FaceException.Unsupported unsupported -> "not supported by the engine: " + unsupported.getMessage();
        };
    }
}
