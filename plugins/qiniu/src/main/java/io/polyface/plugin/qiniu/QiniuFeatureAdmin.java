package io.polyface.plugin.qiniu;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectContext;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.engine.CollectionInfo;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FeatureJob;
import io.polyface.spi.engine.FeatureVersion;
import io.polyface.spi.engine.ImageCheck;
import io.polyface.toolkit.json.Json;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The feature-version admin API ({@code qiniu-feature-upgrade.md}) over the engine's feature
 * versions and jobs, for face groups.
 *
 * <p>Qiniu's version names are {@code v1}, {@code v2}, ...: {@code vN} is the N-th of the engine's
 * {@link FaceEngine#featureVersions()} in the order the engine lists them (the local engine:
 * {@code v1} = {@code fr-feature-v1}). An upgrade request may also name the engine's own version.
 * Job statuses: the engine's RUNNING is {@code UPGRADING}; FINISHED and FAILED keep their names.
 * Timestamps are RFC 3339 with nanoseconds and the zone's offset, as the document's examples.
 */
final class QiniuFeatureAdmin {
    private static final DateTimeFormatter RFC3339_NANO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final DialectContext context;
    private final ZoneId zone;
    private final QiniuFaceGroups faces;

    QiniuFeatureAdmin(DialectContext context, ZoneId zone, QiniuFaceGroups faces) {
        this.context = requireNonNull(context, "context is null");
        this.zone = requireNonNull(zone, "zone is null");
        this.faces = requireNonNull(faces, "faces is null");
    }

    DialectResponse versions(DialectRequest request, String tenant) {
        FaceEngine engine = engine(tenant, Optional.empty());
        ArrayNode result = Json.object().arrayNode();
        for (CollectionInfo info : engine.collections(tenant)) {
            if (QiniuFaceGroups.FACE_KIND.equals(info.spec().attributes().get(QiniuFaceGroups.KIND))) {
                result.add(groupVersion(engine, info));
            }
        }
        return ok("", result);
    }

    DialectResponse version(DialectRequest request, String tenant) {
        QiniuFaceGroups.Group group = group(tenant, request);
        return ok("", groupVersion(group.engine(), group.info()));
    }

    DialectResponse upgrades(DialectRequest request, String tenant) {
        Optional<String> status = request.queryParameter("status").filter(s -> !s.isEmpty()).map(s -> s.toUpperCase(Locale.ROOT));
        if (status.isPresent() && !List.of("UPGRADING", "FINISHED", "FAILED").contains(status.get())) {
            throw new FaceException.InvalidArgument("status", "status must be UPGRADING, FINISHED or FAILED");
        }
        FaceEngine engine = engine(tenant, Optional.empty());
        ArrayNode result = Json.object().arrayNode();
        for (FeatureJob job : engine.featureJobs(tenant)) {
            if (isFaceGroup(engine, job.collection()) && (status.isEmpty() || status.get().equals(statusName(job.status())))) {
                result.add(job(engine, job));
            }
        }
        return ok("", result);
    }

    DialectResponse groupUpgrades(DialectRequest request, String tenant) {
        QiniuFaceGroups.Group group = group(tenant, request);
        ArrayNode result = Json.object().arrayNode();
        for (FeatureJob job : group.engine().featureJobs(tenant)) {
            if (job.collection().equals(group.ref())) {
                result.add(job(group.engine(), job));
            }
        }
        return ok("", result);
    }

    DialectResponse upgrade(DialectRequest request, String tenant) {
        QiniuFaceGroups.Group group = group(tenant, request);
        String asked = request.pathParameters().get("version");
        String target = engineVersion(group.engine(), asked)
                .orElseThrow(() -> new FaceException.InvalidArgument("version", "unknown feature version " + asked
                        + "; this server has " + String.join(", ", qiniuNames(group.engine()))));
        if (target.equals(group.info().featureVersion())) {
            throw new FaceException.InvalidArgument("version", "the group is already at feature version " + asked
                    + "; use /feature/rerun to extract it again");
        }
        group.engine().startFeatureJob(group.ref(), target);
        return QiniuReply.ok(started("Upgrade on the way"));
    }

    DialectResponse rerun(DialectRequest request, String tenant) {
        QiniuFaceGroups.Group group = group(tenant, request);
        group.engine().startFeatureJob(group.ref(), group.info().featureVersion());
        return QiniuReply.ok(started("Rerun on the way"));
    }

    DialectResponse check(DialectRequest request, String tenant) {
        QiniuFaceGroups.Group group = group(tenant, request);
        ImageCheck check = group.engine().checkImages(group.ref());
        ObjectNode result = Json.object();
        result.put("id", group.ref().name());
        result.put("feature_version", qiniuName(group.engine(), group.info().featureVersion()));
        result.put("available", check.available());
        result.put("unavailable", check.missing());
        return ok("", result);
    }

    // ---- helpers --------------------------------------------------------------------------

    private QiniuFaceGroups.Group group(String tenant, DialectRequest request) {
        String name = QiniuGroupName.check("id", request.pathParameters().get("group"));
        return faces.requireGroup(tenant, name);
    }

    private ObjectNode groupVersion(FaceEngine engine, CollectionInfo info) {
        ObjectNode item = Json.object();
        item.put("id", info.ref().name());
        item.put("feature_version", qiniuName(engine, info.featureVersion()));
        return item;
    }

    private ObjectNode job(FaceEngine engine, FeatureJob job) {
        ObjectNode item = Json.object();
        item.put("id", job.collection().name());
        item.put("from", qiniuName(engine, job.fromVersion()));
        item.put("to", qiniuName(engine, job.toVersion()));
        item.put("status", statusName(job.status()));
        item.put("created_at", timestamp(job.startedAt()));
        item.put("updated_at", timestamp(job.finishedAt().orElse(job.startedAt())));
        return item;
    }

    static String statusName(FeatureJob.Status status) {
        return switch (status) {
            case RUNNING -> "UPGRADING";
            case FINISHED -> "FINISHED";
            case FAILED -> "FAILED";
        };
    }

    private String timestamp(Instant instant) {
        return RFC3339_NANO.format(instant.atZone(zone).toOffsetDateTime());
    }

    /** {@code vN} for the engine's N-th version; a version the engine no longer lists keeps its own name. */
    static String qiniuName(FaceEngine engine, String engineVersion) {
        List<FeatureVersion> versions = engine.featureVersions();
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).name().equals(engineVersion)) {
                return "v" + (i + 1);
            }
        }
        return engineVersion;
    }

    static Optional<String> engineVersion(FaceEngine engine, String qiniuName) {
        List<FeatureVersion> versions = engine.featureVersions();
        if (qiniuName.matches("v[1-9][0-9]{0,3}")) {
            int index = Integer.parseInt(qiniuName.substring(1)) - 1;
            return index < versions.size() ? Optional.of(versions.get(index).name()) : Optional.empty();
        }
        return versions.stream().map(FeatureVersion::name).filter(qiniuName::equals).findFirst();
    }

    private static List<String> qiniuNames(FaceEngine engine) {
        return java.util.stream.IntStream.rangeClosed(1, engine.featureVersions().size()).mapToObj(i -> "v" + i).toList();
    }

    private static boolean isFaceGroup(FaceEngine engine, CollectionRef ref) {
        return engine.collection(ref)
                .map(info -> QiniuFaceGroups.FACE_KIND.equals(info.spec().attributes().get(QiniuFaceGroups.KIND)))
                .orElse(false);
    }

    private static DialectResponse ok(String message, JsonNode result) {
        ObjectNode body = started(message);
        body.set("result", result);
        return QiniuReply.ok(body);
    }

    /** The answer to a job started: code and message, no result (as the document's examples). */
    private static ObjectNode started(String message) {
        ObjectNode body = Json.object();
        body.put("code", 0);
        body.put("message", message);
        return body;
    }

    private FaceEngine engine(String tenant, Optional<String> group) {
        return context.engines().engineFor(QiniuDialectProvider.ID, tenant, group);
    }
}
