package io.polyface.plugin.facepass;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.QualityCheck;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.CollectionRef;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.form.MultipartForm;
import io.polyface.toolkit.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * /face/add, /face/delete, /face/query and /image/query.
 *
 * <p>Every upload that passes the format, size and resolution checks is stored on its own ({@link
 * io.polyface.spi.engine.FaceEngine#storeImage}), whatever becomes of the face, and gets an {@code
 * image_id} whose record ({@value #IMAGE_KIND}) names the engine's image and, once known, the face's
 * rect and token: the enrolment log the document keeps forever. The face itself goes into the pool
 * with the document's quality gate ({@link FacepassQualityGate#POLICY}); its user data is its image_id.
 */
final class FacepassFaces {
    static final String IMAGE_KIND = "facepass.image";
    static final int MAX_ADD_BYTES = 4 * 1024 * 1024;
    static final long MIN_ADD_AREA = 100L * 100;
    static final long MAX_ADD_AREA = 4096L * 4096;

    private final FacepassRuntime runtime;

    FacepassFaces(FacepassRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    // ---- /face/add ------------------------------------------------------------------------

    DialectResponse add(DialectRequest request, Instant received) {
        FacepassForm form = FacepassForm.of(request);
        MultipartForm.Part part = form.part("image").orElseThrow(() -> FacepassFailure.missing("image"));
        byte[] image = part.content();
        if (image.length > MAX_ADD_BYTES) {
            throw new FacepassFailure(FacepassErrorCode.INVALID_IMAGE_FILE_SIZE, "");
        }
        FacepassImages.Format format = FacepassImages.format(image);
        if (format != FacepassImages.Format.JPEG && format != FacepassImages.Format.PNG) {
            throw new FacepassFailure(FacepassErrorCode.UNSUPPORTED_IMAGE_FORMAT, "");
        }
        FacepassImages.Info info = FacepassImages.inspect(image)
                .orElseThrow(() -> new FacepassFailure(FacepassErrorCode.UNSUPPORTED_IMAGE_FORMAT, ""));
        if (info.area() < MIN_ADD_AREA || info.area() > MAX_ADD_AREA) {
            throw new FacepassFailure(FacepassErrorCode.INVALID_IMAGE_RESOLUTION, "");
        }

        String engineImageId = runtime.engine().storeImage(runtime.tenant(), image);
        String imageId = FacepassIds.IMAGE_ID.newId();
        ObjectNode log = Json.object();
        log.put("engine_image_id", engineImageId);
        log.put("format", format.name());
        log.put("added_at", received.toEpochMilli());

        CollectionRef pool = runtime.groups().ensurePool();
        String token = FacepassIds.FACE_TOKEN.newId();
        NewFace face = new NewFace(image, token, Optional.empty(), Optional.of(imageId))
                .withFaceId(token)
                .withQualityGate(FacepassQualityGate.POLICY);
        EnrolOutcome outcome = runtime.engine().addFaces(pool, List.of(face)).getFirst();
        switch (outcome) {
            case EnrolOutcome.Enrolled enrolled -> {
                FacepassImages.Rect rect = rect(enrolled.face().box(), info);
                log.put("face_token", token);
                rect.putInto(log.putObject("rect"));
                saveLog(imageId, log);
                ObjectNode data = Json.object();
                data.put("face_token", token);
                data.put("image_id", imageId);
                rect.putInto(data.putObject("rect"));
                return FacepassEnvelope.ok(received, runtime.clock(), data);
            }
            case EnrolOutcome.Rejected rejected -> {
                return rejectedAdd(rejected.reason(), rejected.detected(), image, info, imageId, log);
            }
        }
    }

    /** Cases B and C of the document, and an image the engine could not read after all. */
    private DialectResponse rejectedAdd(FaceException reason, Optional<DetectedFace> refused, byte[] image,
            FacepassImages.Info info, String imageId, ObjectNode log) {
        ObjectNode data = Json.object();
        data.put("image_id", imageId);
        switch (reason) {
            case FaceException.BadQuality badQuality -> {
                // Case B: the refused face's rect, and the failed checks in the document's words.
                // An engine that does not report the refused face gets it measured again.
                Optional<DetectedFace> main = refused.or(() -> runtime.engine()
                        .analyze(image, Set.of(FaceFeature.POSE, FaceFeature.QUALITY)).stream().findFirst());
                main.ifPresent(f -> {
                    FacepassImages.Rect rect = rect(f.box(), info);
                    rect.putInto(data.putObject("rect"));
                    rect.putInto(log.putObject("rect"));
                });
                String why = !badQuality.failedChecks().isEmpty()
                        ? FacepassErrors.words(badQuality.failedChecks())
                        : main.map(FacepassFaces::qualityReason).filter(r -> !r.isEmpty()).orElse(badQuality.getMessage());
                saveLog(imageId, log);
                throw new FacepassFailure(FacepassErrors.code(badQuality, "face.add"), why, Optional.of(data));
            }
            case FaceException.NoFace noFace -> {
                saveLog(imageId, log);
                throw FacepassErrors.of(noFace, "face.add").with(data);
            }
            case FaceException.UndecodableImage undecodable -> {
                saveLog(imageId, log);
                throw FacepassErrors.of(undecodable, "face.add").with(data);
            }
            case FaceException.NotFound other -> throw other;
            case FaceException.AlreadyExists other -> throw other;
            case FaceException.InvalidArgument other -> throw other;
            case FaceException.QuotaExceeded other -> throw other;
            case FaceException.ImageTooLarge other -> throw other;
            case FaceException.DownloadFailed other -> throw other;
            case FaceException.Unauthorized other -> throw other;
            case FaceException.RateLimited other -> throw other;
            case FaceException.BackendUnavailable other -> throw other;
            case FaceException.Unsupported other -> throw other;
            case FaceException.Internal other -> throw other;
        }
    }

    /**
     * The failed checks of {@link FacepassQualityGate#POLICY} in the words of the document's table:
     * Yaw, Pitch, Roll, Blurriness, Brightness, Std_Deviation, FaceMin (comma-separated).
     */
    static String qualityReason(DetectedFace face) {
        if (face.details().pose().isEmpty() || face.details().quality().isEmpty()) {
            return "";
        }
        return FacepassErrors.words(FacepassQualityGate.POLICY.evaluate(face.details().pose().get(), face.details().quality().get()));
    }

    // ---- /face/delete and /face/query -----------------------------------------------------

    /**
     * Deletes a face from the pool and every group. Its image and its line in the enrolment log
     * stay (the document keeps the history): /image/query?image_id= still answers, the token's crop
     * and /face/query do not.
     */
    DialectResponse delete(DialectRequest request, Instant received) {
        String token = FacepassJson.parse(request.body()).id("face_token", FacepassIds.FACE_TOKEN);
        if (!runtime.groups().deleteFace(token)) {
            throw new FacepassFailure(FacepassErrorCode.FACE_TOKEN_NOT_EXIST, "");
        }
        return FacepassEnvelope.ok(received, runtime.clock(), Json.object());
    }

    DialectResponse query(DialectRequest request, Instant received) {
        String token = FacepassJson.parse(request.body()).id("face_token", FacepassIds.FACE_TOKEN);
        StoredFace face = runtime.groups().poolFace(token)
                .orElseThrow(() -> new FacepassFailure(FacepassErrorCode.FACE_TOKEN_NOT_EXIST, ""));
        String imageId = face.userData().orElse("");
        ObjectNode data = Json.object();
        data.put("image_id", imageId);
        // The rect as added, from the enrolment log (read by name, whatever order it was written in).
        BoundingBox box = face.box();
        FacepassImages.Rect rect = log(imageId).map(l -> l.get("rect")).filter(JsonNode::isObject).map(FacepassImages.Rect::of)
                .orElseGet(() -> FacepassImages.rect(box.x(), box.y(), box.width(), box.height(), Integer.MAX_VALUE, Integer.MAX_VALUE));
        rect.putInto(data.putObject("rect"));
        return FacepassEnvelope.ok(received, runtime.clock(), data);
    }

    // ---- /image/query ---------------------------------------------------------------------

    /** The original by image_id, or the document's crop by face_token (which wins when both are given). */
    DialectResponse image(DialectRequest request, Instant received) {
        Optional<String> token = request.queryParameter("face_token").filter(s -> !s.isEmpty());
        Optional<String> imageId = request.queryParameter("image_id").filter(s -> !s.isEmpty());
        if (token.isPresent()) {
            return crop(token.get());
        }
        if (imageId.isEmpty()) {
            throw FacepassFailure.missing("image_id", "face_token");
        }
        if (!FacepassIds.IMAGE_ID.isWellFormed(imageId.get())) {
            throw FacepassFailure.illegal("image_id");
        }
        ObjectNode log = log(imageId.get()).orElseThrow(() -> FacepassFailure.illegal("image_id"));
        byte[] bytes = original(log).orElseThrow(() -> FacepassFailure.illegal("image_id"));
        return new DialectResponse(200, FacepassImages.mediaType(FacepassImages.format(bytes)), Map.of(), bytes);
    }

    private DialectResponse crop(String token) {
        if (!FacepassIds.FACE_TOKEN.isWellFormed(token)) {
            throw FacepassFailure.illegal("face_token");
        }
        String imageId = runtime.groups().poolFace(token)
                .flatMap(StoredFace::userData)
                .orElseThrow(() -> new FacepassFailure(FacepassErrorCode.FACE_TOKEN_NOT_EXIST, ""));
        ObjectNode log = log(imageId).orElseThrow(() -> new FacepassFailure(FacepassErrorCode.FACE_TOKEN_NOT_EXIST, ""));
        byte[] bytes = original(log).orElseThrow(() -> new FaceException.Internal("the image of a face is gone", null));
        try {
            FacepassImages.Encoded crop = FacepassImages.crop(bytes, FacepassImages.Rect.of(log.path("rect")));
            return new DialectResponse(200, crop.mediaType(), Map.of(), crop.bytes());
        } catch (IOException e) {
            throw new FaceException.Internal("cannot crop the stored image", e);
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    /** The logged image, else (a log migrated from another server names none here) the image of the face it logs. */
    private Optional<byte[]> original(JsonNode log) {
        Optional<byte[]> logged = runtime.engine().image(runtime.tenant(), log.path("engine_image_id").asText(""));
        String token = log.path("face_token").asText("");
        if (logged.isPresent() || token.isEmpty() || runtime.engine().collection(runtime.groups().pool()).isEmpty()) {
            return logged;
        }
        return runtime.engine().face(runtime.groups().pool(), token).flatMap(f -> runtime.engine().image(runtime.tenant(), f.imageId()));
    }

    private Optional<ObjectNode> log(String imageId) {
        return runtime.engine().record(runtime.tenant(), IMAGE_KIND, imageId).map(FacepassFaces::read)
                .filter(JsonNode::isObject).map(ObjectNode.class::cast);
    }

    private void saveLog(String imageId, ObjectNode log) {
        runtime.engine().putRecord(runtime.tenant(), IMAGE_KIND, imageId, log.toString());
    }

    private static FacepassImages.Rect rect(BoundingBox box, FacepassImages.Info info) {
        return FacepassImages.rect(box.x(), box.y(), box.width(), box.height(), info.width(), info.height());
    }

    private static JsonNode read(String json) {
        try {
            return Json.PLAIN.readTree(json);
        } catch (IOException e) {
            throw new FaceException.Internal("a FacePass record is not JSON", e);
        }
    }
}
