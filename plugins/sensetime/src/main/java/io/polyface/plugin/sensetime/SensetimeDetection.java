package io.polyface.plugin.sensetime;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.ImageFetcher;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.EnrolOutcome;
import io.polyface.spi.engine.FaceAttributes;
import io.polyface.spi.engine.FaceEngine;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.Gender;
import io.polyface.spi.engine.NewFace;
import io.polyface.spi.engine.Point;
import io.polyface.spi.engine.StoredFace;
import io.polyface.toolkit.json.Json;
import java.awt.image.BufferedImage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code /face/detection}, {@code /info/image} and {@code /info/face}.
 *
 * <p>Detection analyses the image (21 landmarks always; 106 landmarks and attributes on request),
 * keeps a record of the image and enrols each face found into the account's pool of detected
 * faces, where later calls find it by {@code face_id}. Both ids expire after five days.
 */
final class SensetimeDetection {
    static final Duration DOWNLOAD_LIMIT = Duration.ofSeconds(5);
    /** Faces a crop did not give back are enrolled from the whole image only up to this many. */
    private static final int WHOLE_IMAGE_RETRIES = 3;

    private final SensetimeStore store;
    private final ImageFetcher images;
    private final SensetimeHousekeeping sweeps = new SensetimeHousekeeping(Duration.ofHours(1));
    private final int maxFaces;
    private final java.util.concurrent.ExecutorService sweeper = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "sensetime-sweep");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param maxFaces the most faces one detection enrols and answers, largest first: enrolling
     *     costs an analysis per face, and crowd photos hold hundreds
     */
    SensetimeDetection(SensetimeStore store, ImageFetcher images, int maxFaces) {
        this.store = requireNonNull(store, "store is null");
        this.images = requireNonNull(images, "images is null");
        if (maxFaces < 1) {
            throw new IllegalArgumentException("detection.max-faces must be positive: " + maxFaces);
        }
        this.maxFaces = maxFaces;
    }

    // ---- /face/detection ------------------------------------------------------------------

    /** The image the engine analyses, after any turning, and what was done to get it. */
    private record Prepared(byte[] bytes, int width, int height, Optional<String> rotate, List<DetectedFace> faces) {
    }

    SensetimeCall.Reply detect(SensetimeCall call) {
        SensetimeParams params = call.params();
        Optional<byte[]> file = params.file("file");
        Optional<String> url = params.text("url");
        if (file.isPresent() && url.isPresent()) {
            throw SensetimeFailure.invalidArgument("specify either 'file' or 'url' argument, not both");
        }
        if (file.isEmpty() && url.isEmpty()) {
            throw SensetimeFailure.invalidArgument("must specify 'file' or 'url' argument");
        }
        boolean landmarks106 = params.flag("landmarks106");
        boolean attributes = params.flag("attributes");
        boolean autoRotate = params.flag("auto_rotate");
        Optional<String> userData = params.text("user_data");
        byte[] bytes = file.isPresent() ? file.get() : download(url.get());
        if (bytes.length == 0) {
            throw new SensetimeFailure(SensetimeStatus.CORRUPT_IMAGE, "the file is empty");
        }
        SensetimeImages.Inspected inspected = SensetimeImages.inspect(bytes);

        String tenant = call.tenant();
        FaceEngine engine = store.engine(tenant);
        sweepNowAndThen(tenant);
        Set<FaceFeature> features = EnumSet.of(FaceFeature.LANDMARKS);
        if (attributes) {
            features.add(FaceFeature.ATTRIBUTES);
        }
        Prepared prepared = autoRotate
                ? autoRotate(engine, bytes, inspected, features)
                : new Prepared(forEngine(bytes, inspected), inspected.width(), inspected.height(), Optional.empty(), List.of());
        List<DetectedFace> found = autoRotate ? prepared.faces() : engine.analyze(prepared.bytes(), features);
        // The engine lists the main (largest) face first and the rest by size.
        List<DetectedFace> faces = found.size() > maxFaces ? found.subList(0, maxFaces) : found;

        store.ensurePool(tenant);
        String imageId = SensetimeStore.newId();
        ObjectNode image = Json.object();
        image.put("width", prepared.width());
        image.put("height", prepared.height());
        userData.ifPresent(u -> image.put("user_data", u));
        image.put("created", store.now().toEpochMilli());
        store.putImage(tenant, imageId, image);

        List<ObjectNode> details = new ArrayList<>();
        for (DetectedFace face : faces) {
            details.add(faceJson(face, prepared.width(), prepared.height(), landmarks106, attributes));
        }
        OptionalInt orientation = prepared.rotate().isEmpty() && inspected.format() == SensetimeImages.Format.JPEG
                ? inspected.exifOrientation()
                : OptionalInt.empty();
        List<EnrolOutcome> outcomes = enrol(engine, tenant, imageId, prepared.bytes(), orientation, faces, details);

        ObjectNode body = SensetimeCall.okBody();
        body.put("image_id", imageId);
        inspected.exifOrientation().ifPresent(o -> body.put("exif_orientation", o));
        prepared.rotate().ifPresent(r -> body.put("rotate", r));
        body.put("width", prepared.width());
        body.put("height", prepared.height());
        ArrayNode list = body.putArray("faces");
        for (int i = 0; i < outcomes.size(); i++) {
            // A face the engine cannot enrol again from its box (rare: a tiny face found only by
            // the detail pass) has no id to give, so it is left out.
            if (outcomes.get(i) instanceof EnrolOutcome.Enrolled enrolled) {
                ObjectNode item = list.addObject();
                item.put("face_id", enrolled.face().faceId());
                item.setAll(details.get(i));
            } else if (outcomes.get(i) instanceof EnrolOutcome.Rejected rejected
                    && rejected.reason() instanceof FaceException.BackendUnavailable unavailable) {
                throw unavailable;
            }
        }
        return SensetimeCall.Reply.ok(body);
    }

    /**
     * Enrols the faces found into the pool. One face: from the image, by its box. Several: each
     * from a crop around its box (half the box's larger side added on every side, enlarged when
     * small), so that the engine analyses a small picture per face instead of the whole photo again
     * per face (minutes on a crowd photo, seconds this way).
     */
    private static List<EnrolOutcome> enrol(FaceEngine engine, String tenant, String imageId, byte[] image, OptionalInt orientation,
            List<DetectedFace> faces, List<ObjectNode> details) {
        if (faces.isEmpty()) {
            return List.of();
        }
        List<String> ids = faces.stream().map(f -> SensetimeStore.newId()).toList();
        List<NewFace> whole = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            whole.add(newFace(image, imageId, ids.get(i), faces.get(i).box(), details.get(i)));
        }
        Optional<BufferedImage> pixels = faces.size() > 1 ? SensetimeImages.decodeUpright(image, orientation) : Optional.empty();
        if (pixels.isEmpty()) {
            return engine.addFaces(SensetimeStore.pool(tenant), whole);
        }
        List<NewFace> crops = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            SensetimeImages.Crop crop = SensetimeImages.cropAround(pixels.get(), faces.get(i).box(), 0.5);
            crops.add(newFace(crop.png(), imageId, ids.get(i), crop.region(), details.get(i)));
        }
        List<EnrolOutcome> outcomes = new ArrayList<>(engine.addFaces(SensetimeStore.pool(tenant), crops));
        List<Integer> missed = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof EnrolOutcome.Rejected rejected && rejected.reason() instanceof FaceException.NoFace) {
                missed.add(i);
            }
        }
        // A face its crop does not give back is enrolled from the whole image, which costs a full
        // analysis each: for a few faces only. The others are left out of the answer.
        if (!missed.isEmpty() && missed.size() <= WHOLE_IMAGE_RETRIES) {
            List<EnrolOutcome> retried = engine.addFaces(SensetimeStore.pool(tenant), missed.stream().map(whole::get).toList());
            for (int k = 0; k < missed.size(); k++) {
                outcomes.set(missed.get(k), retried.get(k));
            }
        }
        return outcomes;
    }

    private static NewFace newFace(byte[] image, String imageId, String faceId, BoundingBox region, ObjectNode details) {
        return new NewFace(image, imageId, Optional.empty(), Optional.of(SensetimeJson.text(details)))
                .withFaceId(faceId)
                .withRegion(region);
    }

    private byte[] download(String url) {
        if (url.isBlank()) {
            throw SensetimeFailure.invalidArgument("argument 'url': must not be empty");
        }
        try {
            return images.fetch(url.strip(), DOWNLOAD_LIMIT);
        } catch (FaceException.ImageTooLarge tooLarge) {
            throw new SensetimeFailure(SensetimeStatus.IMAGE_FILE_SIZE_TOO_BIG,
                    "the image at url is larger than " + SensetimeImages.MAX_BYTES + " bytes (5 MB)");
        }
    }

    /** GIF and TIFF are re-encoded for the engine, which decodes JPEG, PNG and BMP itself. */
    private static byte[] forEngine(byte[] bytes, SensetimeImages.Inspected inspected) {
        if (inspected.format() != SensetimeImages.Format.GIF && inspected.format() != SensetimeImages.Format.TIFF) {
            return bytes;
        }
        BufferedImage pixels = SensetimeImages.decodeUpright(bytes, OptionalInt.empty())
                .orElseThrow(() -> new SensetimeFailure(SensetimeStatus.CORRUPT_IMAGE, "the file is not an image or it is damaged"));
        return SensetimeImages.encodeJpeg(pixels);
    }

    /**
     * auto_rotate: the image is tried as it is and turned clockwise by 90, 180 and 270 degrees, and
     * the turn whose main face the detector is surest of wins (ties keep the smaller turn, so an
     * upright image stays as it is). The engine's landmarks and pose are measured in an upright frame
     * and call every face upright; the detector's confidence is what falls when a face lies on its
     * side or stands on its head (measured on the labelled photos: highest for the upright turn in
     * all but EXIF-turned files). Costs four detections and one analysis.
     */
    private static Prepared autoRotate(FaceEngine engine, byte[] bytes, SensetimeImages.Inspected inspected, Set<FaceFeature> features) {
        byte[] original = forEngine(bytes, inspected);
        Prepared best = new Prepared(original, inspected.width(), inspected.height(), Optional.empty(), List.of());
        double bestConfidence = mainConfidence(engine.detect(original));
        Optional<BufferedImage> pixels = SensetimeImages.decodeUpright(bytes, inspected.exifOrientation());
        if (pixels.isPresent()) {
            for (int turns = 1; turns <= 3; turns++) {
                BufferedImage turned = SensetimeImages.rotateClockwise(pixels.get(), turns);
                byte[] encoded = SensetimeImages.encodeJpeg(turned);
                double confidence = mainConfidence(engine.detect(encoded));
                if (confidence > bestConfidence) {
                    bestConfidence = confidence;
                    best = new Prepared(encoded, turned.getWidth(), turned.getHeight(), Optional.of("cw" + (90 * turns)), List.of());
                }
            }
        }
        return new Prepared(best.bytes(), best.width(), best.height(), best.rotate(), engine.analyze(best.bytes(), features));
    }

    private static double mainConfidence(List<DetectedFace> faces) {
        return faces.isEmpty() ? -1 : faces.getFirst().confidence();
    }

    /** Removes expired images of a tenant now and then (at most hourly per node), in the background. */
    private void sweepNowAndThen(String tenant) {
        if (!sweeps.due(tenant, store.now())) {
            return;
        }
        sweeper.execute(() -> {
            try {
                store.purgeExpired(tenant);
            } catch (RuntimeException e) {
                // the next sweep tries again; expired ids are refused meanwhile all the same
                System.getLogger(SensetimeDetection.class.getName()).log(System.Logger.Level.WARNING,
                        "Removing expired SenseTime images failed: " + e.getMessage());
            }
        });
    }

    // ---- face JSON ------------------------------------------------------------------------

    /** A face as detection answers it, without its id: rect, eye_dist, landmarks, attributes. */
    static ObjectNode faceJson(DetectedFace face, int width, int height, boolean landmarks106, boolean attributes) {
        ObjectNode json = Json.object();
        BoundingBox box = face.box();
        ObjectNode rect = json.putObject("rect");
        rect.put("left", clamp(box.x(), width));
        rect.put("top", clamp(box.y(), height));
        rect.put("right", clamp(box.x() + box.width(), width));
        rect.put("bottom", clamp(box.y() + box.height(), height));
        if (face.landmarks().size() >= 2) {
            Point left = face.landmarks().get(0);
            Point right = face.landmarks().get(1);
            json.put("eye_dist", (int) Math.round(Math.hypot(right.x() - left.x(), right.y() - left.y())));
        }
        face.details().landmarks().ifPresent(sets -> {
            points(json.putArray("landmarks21"), sets.points21());
            if (landmarks106) {
                points(json.putArray("landmarks106"), sets.points106());
            }
        });
        if (attributes) {
            face.details().attributes().ifPresent(a -> attributes(json.putObject("attributes"), a));
        }
        return json;
    }

    private static int clamp(double value, int limit) {
        return (int) Math.max(0, Math.min(limit, Math.round(value)));
    }

    private static void points(ArrayNode array, List<Point> points) {
        for (Point p : points) {
            ArrayNode pair = array.addArray();
            pair.add(round(p.x()));
            pair.add(round(p.y()));
        }
    }

    private static double round(double value) {
        return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN).doubleValue();
    }

    /**
     * The attributes the engine estimates, on SenseTime's scales. {@code attractive}, {@code
     * eyeglass} and {@code sunglass} have no model in the engine and are left out rather than made up.
     */
    private static void attributes(ObjectNode json, FaceAttributes a) {
        json.put("age", (int) Math.round(a.age()));
        double certainty = a.gender().confidence();
        json.put("gender", a.gender().value() == Gender.MALE
                ? (int) Math.max(50, Math.min(100, Math.round(100 * certainty)))
                : (int) Math.max(0, Math.min(49, Math.round(100 * (1 - certainty)))));
        json.put("smile", (int) Math.max(1, Math.min(100, Math.round(100 * a.smile()))));
    }

    // ---- /info/image and /info/face -------------------------------------------------------

    SensetimeCall.Reply infoImage(SensetimeCall call) {
        String imageId = call.params().required("image_id");
        boolean withFaces = call.params().flag("with_faces");
        ObjectNode image = store.image(call.tenant(), imageId)
                .orElseThrow(() -> new SensetimeFailure(SensetimeStatus.INVALID_IMAGE, "image_id is invalid or expired"));
        ObjectNode body = SensetimeCall.okBody();
        body.put("image_id", imageId);
        body.put("width", image.path("width").asInt());
        body.put("height", image.path("height").asInt());
        body.put("user_data", image.path("user_data").asText(""));
        if (withFaces) {
            ArrayNode faces = body.putArray("faces");
            for (StoredFace face : store.facesOfImage(call.tenant(), imageId)) {
                ObjectNode item = faces.addObject();
                item.put("face_id", face.faceId());
                face.userData().map(SensetimeJson::read).ifPresent(item::setAll);
            }
        }
        return SensetimeCall.Reply.ok(body);
    }

    SensetimeCall.Reply infoFace(SensetimeCall call) {
        String faceId = call.params().required("face_id");
        boolean withImage = call.params().flag("with_image");
        SensetimeStore.LiveFace face = store.liveFace(call.tenant(), faceId)
                .orElseThrow(() -> new SensetimeFailure(SensetimeStatus.INVALID_FACE, "face_id is invalid or expired"));
        ObjectNode body = SensetimeCall.okBody();
        body.put("face_id", faceId);
        body.setAll(face.details());
        if (withImage) {
            ObjectNode image = body.putObject("image");
            image.put("image_id", face.imageId());
            image.put("width", face.image().path("width").asInt());
            image.put("height", face.image().path("height").asInt());
            JsonNode userData = face.image().path("user_data");
            image.put("user_data", userData.asText(""));
        }
        return SensetimeCall.Reply.ok(body);
    }
}
