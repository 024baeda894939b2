package io.polyface.plugin.facepass;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.FaceException;
import io.polyface.spi.dialect.DialectRequest;
import io.polyface.spi.dialect.DialectResponse;
import io.polyface.spi.engine.BoundingBox;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.Probe;
import io.polyface.spi.engine.SearchHit;
import io.polyface.spi.engine.SearchQuery;
import io.polyface.spi.engine.SearchResult;
import io.polyface.toolkit.form.MultipartForm;
import io.polyface.toolkit.json.Json;
import io.polyface.toolkit.text.ClientText;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** /service/recognize (1:N against a group) and /service/compare (1:1). */
final class FacepassService {
    static final long MIN_COMPARE_AREA = 50L * 50;
    static final long MAX_COMPARE_AREA = 2560L * 2560;

    /**
     * What the device SDK sends as face_data (feedFrame's serialised Message, in the document's
     * recognize section): an opaque base64 text like the recognize answer's example. Only Megvii's
     * key reads it.
     */
    private static final Pattern SDK_FACE_DATA = Pattern.compile("[A-Za-z0-9+/_=-]{16,}");
    static final String ENCRYPTED_FACE_DATA = "face_data (encrypted face_data is not supported; send the image instead:"
            + " face_data {\"faces\":[{\"track_id\":1}]} and image_1)";

    private final FacepassRuntime runtime;

    FacepassService(FacepassRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    // ---- /service/recognize ---------------------------------------------------------------

    /** One face of a frame as {@code face_data} describes it. */
    record Track(long trackId, Optional<BoundingBox> region) {
    }

    /**
     * Polyface's {@code face_data} (Megvii's is produced by its client SDK and not documented):
     * {@code {"faces": [{"track_id": 7, "rect": {"left":..,"top":..,"right":..,"bottom":..}}]}}, the
     * rect optional (without it, the image's main face is taken). Each track needs at least one
     * {@code image_<track_id>} part; several parts of one track are several frames, merged into
     * that track's best result. The SDK's own face_data is refused with a message that says so.
     */
    static List<Track> tracks(String faceData) {
        if (SDK_FACE_DATA.matcher(faceData.strip()).matches()) {
            throw new FacepassFailure(FacepassErrorCode.ILLEGAL_ARGUMENT, ENCRYPTED_FACE_DATA);
        }
        JsonNode root;
        try {
            root = Json.PLAIN.readTree(faceData);
        } catch (IOException e) {
            throw FacepassFailure.illegal("face_data");
        }
        if (root == null || !root.isObject() || !root.path("faces").isArray() || root.path("faces").isEmpty()) {
            throw FacepassFailure.illegal("face_data");
        }
        Map<Long, Track> tracks = new LinkedHashMap<>();
        for (JsonNode face : root.path("faces")) {
            JsonNode id = face.path("track_id");
            if (!face.isObject() || !id.isIntegralNumber() || !id.canConvertToLong() || id.longValue() < 0) {
                throw FacepassFailure.illegal("face_data");
            }
            Optional<BoundingBox> region = Optional.empty();
            JsonNode rect = face.get("rect");
            if (rect != null && !rect.isNull()) {
                region = Optional.of(region(rect));
            }
            if (tracks.put(id.longValue(), new Track(id.longValue(), region)) != null) {
                throw FacepassFailure.illegal("face_data");
            }
        }
        return List.copyOf(tracks.values());
    }

    private static BoundingBox region(JsonNode rect) {
        int[] values = new int[4];
        String[] names = {"left", "top", "right", "bottom"};
        for (int i = 0; i < 4; i++) {
            JsonNode value = rect.path(names[i]);
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw FacepassFailure.illegal("face_data");
            }
            values[i] = value.intValue();
        }
        if (values[2] <= values[0] || values[3] <= values[1]) {
            throw FacepassFailure.illegal("face_data");
        }
        return new BoundingBox(values[0], values[1], values[2] - values[0], values[3] - values[1]);
    }

    DialectResponse recognize(DialectRequest request, Instant received) {
        FacepassForm form = FacepassForm.of(request);
        List<String> missing = new ArrayList<>();
        if (form.part("group_name").isEmpty()) {
            missing.add("group_name");
        }
        if (form.part("face_data").isEmpty()) {
            missing.add("face_data");
        }
        if (!missing.isEmpty()) {
            throw FacepassFailure.missing(missing.toArray(String[]::new));
        }
        String group = form.text("group_name").orElseThrow();
        if (!FacepassJson.GROUP_NAME.matcher(group).matches()) {
            throw FacepassFailure.illegal("group_name");
        }
        String faceData = FacepassLimits.check("face_data", form.text("face_data").orElseThrow(), FacepassLimits.FACE_DATA_CHARS);
        List<Track> tracks = tracks(faceData);
        Set<String> expected = new LinkedHashSet<>();
        for (Track track : tracks) {
            String name = "image_" + track.trackId();
            expected.add(name);
            if (form.all(name).isEmpty()) {
                throw FacepassFailure.missing(name);
            }
        }
        List<String> stray = form.names().stream()
                .filter(n -> n.startsWith("image_") && !expected.contains(n)).toList();
        if (!stray.isEmpty()) {
            // Part names are the client's: quoted short.
            throw FacepassFailure.illegal(stray.stream().map(ClientText::echo).toArray(String[]::new));
        }
        runtime.groups().existing(group);
        FacepassThresholds thresholds = runtime.thresholds();

        ObjectNode data = Json.object();
        data.put("group_name", group);
        data.put("recognize_threshold", thresholds.recognize());
        ArrayNode results = data.putArray("results");
        for (Track track : tracks) {
            results.add(recognizeTrack(group, track, form.all("image_" + track.trackId()), thresholds));
        }
        return FacepassEnvelope.ok(received, runtime.clock(), data);
    }

    private ObjectNode recognizeTrack(String group, Track track, List<MultipartForm.Part> images, FacepassThresholds thresholds) {
        boolean found = false;
        Optional<SearchHit> best = Optional.empty();
        for (MultipartForm.Part image : images) {
            if (image.content().length == 0) {
                throw new FacepassFailure(FacepassErrorCode.UNSUPPORTED_IMAGE_FORMAT, "");
            }
            SearchResult result;
            try {
                result = runtime.engine().search(new SearchQuery(List.of(runtime.groups().groupRef(group)),
                        new Probe.ImageProbe(image.content(), track.region()), 1, -1.0, false));
            } catch (FaceException.NoFace noFace) {
                continue;
            }
            found = true;
            for (SearchHit hit : result.hits()) {
                if (best.isEmpty() || hit.score() > best.get().score()) {
                    best = Optional.of(hit);
                }
            }
        }
        double score = best.map(h -> FacepassScore.rounded(FacepassScore.SIMILARITY.toScore(h.score()))).orElse(0.0);
        ObjectNode item = Json.object();
        item.put("track_id", track.trackId());
        item.put("face_found", found);
        item.put("face_token", best.map(h -> h.face().faceId()).orElse(""));
        item.put("score", score);
        item.put("recognized", best.isPresent() && score >= thresholds.recognize());
        return item;
    }

    // ---- /service/compare -----------------------------------------------------------------

    DialectResponse compare(DialectRequest request, Instant received) {
        FacepassForm form = FacepassForm.of(request);
        List<String> missing = new ArrayList<>();
        for (String name : List.of("image_1", "image_2", "enable_liveness")) {
            if (form.part(name).isEmpty()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw FacepassFailure.missing(missing.toArray(String[]::new));
        }
        boolean liveness = switch (form.text("enable_liveness").orElseThrow().trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw FacepassFailure.illegal("enable_liveness");
        };
        byte[] first = form.part("image_1").orElseThrow().content();
        byte[] second = form.part("image_2").orElseThrow().content();
        FacepassImages.Info info1 = checkedCompareImage(first);
        FacepassImages.Info info2 = checkedCompareImage(second);
        Set<FaceFeature> features = liveness
                ? EnumSet.of(FaceFeature.POSE, FaceFeature.QUALITY, FaceFeature.LIVENESS)
                : EnumSet.of(FaceFeature.POSE, FaceFeature.QUALITY);
        Optional<DetectedFace> face1 = runtime.engine().analyze(first, features).stream().findFirst();
        Optional<DetectedFace> face2 = runtime.engine().analyze(second, features).stream().findFirst();
        FacepassThresholds thresholds = runtime.thresholds();

        double score = 0;
        double live1 = 0;
        double live2 = 0;
        FacepassErrorCode outcome = FacepassErrorCode.OK;
        if (face1.isEmpty() || face2.isEmpty()) {
            outcome = FacepassErrorCode.FACE_NOT_FOUND;
        } else {
            if (liveness) {
                live1 = livenessScore(face1.get());
                live2 = livenessScore(face2.get());
            }
            if (liveness && (live1 < thresholds.liveness() || live2 < thresholds.liveness())) {
                outcome = FacepassErrorCode.COMPARE_LIVENESS_FAILED;
            } else {
                double raw = face1.get().embedding().cosine(face2.get().embedding());
                score = FacepassScore.rounded(FacepassScore.SIMILARITY.toScore(raw));
            }
        }
        ObjectNode data = Json.object();
        data.put("compare_threshold", thresholds.compare());
        data.put("score", score);
        data.set("detection_result_1", detection(face1, info1));
        data.set("detection_result_2", detection(face2, info2));
        data.put("liveness_threshold", thresholds.liveness());
        data.put("liveness_score_1", live1);
        data.put("liveness_score_2", live2);
        if (outcome != FacepassErrorCode.OK) {
            throw new FacepassFailure(outcome, "", Optional.of(data));
        }
        return FacepassEnvelope.ok(received, runtime.clock(), data);
    }

    /** jpg, png or bmp, 50x50 to 2560x2560 in area; an empty or broken file fails validation. */
    private static FacepassImages.Info checkedCompareImage(byte[] image) {
        if (image.length == 0) {
            throw new FacepassFailure(FacepassErrorCode.IMAGE_VALIDATE_FAILED, "");
        }
        FacepassImages.Format format = FacepassImages.format(image);
        if (format != FacepassImages.Format.JPEG && format != FacepassImages.Format.PNG && format != FacepassImages.Format.BMP) {
            throw new FacepassFailure(FacepassErrorCode.UNSUPPORTED_IMAGE_FORMAT, "");
        }
        FacepassImages.Info info = FacepassImages.inspect(image)
                .orElseThrow(() -> new FacepassFailure(FacepassErrorCode.IMAGE_VALIDATE_FAILED, ""));
        if (info.area() < MIN_COMPARE_AREA || info.area() > MAX_COMPARE_AREA) {
            throw new FacepassFailure(FacepassErrorCode.INVALID_IMAGE_RESOLUTION, "");
        }
        return info;
    }

    private static double livenessScore(DetectedFace face) {
        return FacepassScore.rounded(FacepassScore.LIVENESS.toScore(face.details().liveness().orElse(0)));
    }

    /**
     * rect, pose and blur, in the captured example's key order; when no face was found the document sets
     * rect to null, and pose and blur are null with it.
     */
    private static ObjectNode detection(Optional<DetectedFace> face, FacepassImages.Info info) {
        ObjectNode node = Json.object();
        if (face.isEmpty()) {
            node.putNull("rect");
            node.putNull("pose");
            node.putNull("blur");
            return node;
        }
        BoundingBox box = face.get().box();
        FacepassImages.Rect r = FacepassImages.rect(box.x(), box.y(), box.width(), box.height(), info.width(), info.height());
        r.putInto(node.putObject("rect"));
        ObjectNode pose = node.putObject("pose");
        face.get().details().pose().ifPresentOrElse(p -> {
            pose.put("yaw", p.yaw());
            pose.put("pitch", p.pitch());
            pose.put("roll", p.roll());
        }, () -> {
            pose.put("yaw", 0.0);
            pose.put("pitch", 0.0);
            pose.put("roll", 0.0);
        });
        node.put("blur", face.get().details().quality().map(q -> q.blur()).orElse(0.0));
        return node;
    }
}
