package io.polyface.plugin.qiniu;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.polyface.spi.QualityCheck;
import io.polyface.spi.QualityClass;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.FacePose;
import io.polyface.spi.engine.FaceQuality;
import io.polyface.spi.engine.QualityPolicy;
import io.polyface.toolkit.json.Json;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Qiniu's {@code face_quality}: a quality class ({@code clear}, {@code blur}, {@code small}, {@code
 * cover}, {@code pose}) and an orientation ({@code up}, {@code up_left}, ...), judged by {@link
 * #REJECT_BAD_FACE}. "Clear and up" is what {@code reject_bad_face} and {@code use_quality} let
 * through.
 */
final class QiniuQuality {
    /**
     * Qiniu's {@code reject_bad_face}: quality "clear" and orientation "up". Qiniu's detector judges
     * "clear" with a classifier, not a number, and calls faces under 50 px "small"; here: blur at most
     * 0.5 (where the local engine's measure puts a face's edges at half its contrast; set from the
     * labelled photos and blurred copies of them, see the README), not a large pose (|yaw| or |pitch|
     * over 45 degrees), a face of at least 50 px. Roll is left to the orientation check.
     */
    static final QualityPolicy REJECT_BAD_FACE = new QualityPolicy(
            OptionalDouble.of(45), OptionalDouble.of(45), OptionalDouble.empty(), OptionalDouble.of(0.5),
            OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(50), true);

    private QiniuQuality() {
    }

    static Optional<ObjectNode> report(DetectedFace face) {
        Optional<FacePose> pose = face.details().pose();
        Optional<FaceQuality> quality = face.details().quality();
        if (pose.isEmpty() || quality.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode node = Json.object();
        node.put("quality", name(REJECT_BAD_FACE.classify(pose.get(), quality.get())));
        node.put("orientation", quality.get().orientation().name().toLowerCase(Locale.ROOT));
        return Optional.of(node);
    }

    /** Whether a face is clear and upright; a face whose quality was not computed is not. */
    static boolean clearAndUp(DetectedFace face) {
        return face.details().pose().isPresent() && face.details().quality().isPresent()
                && REJECT_BAD_FACE.accepts(face.details().pose().get(), face.details().quality().get());
    }

    /**
     * What Qiniu's server answers when {@code reject_bad_face} refuses a face: its quality class
     * first (the class {@link #report} would show), then its orientation, as {@code face_group.go}
     * checks them.
     */
    static QiniuError rejection(List<QualityCheck> failed) {
        List<QiniuError> order = List.of(QiniuError.SMALL_FACE, QiniuError.POSE_FACE, QiniuError.BLUR_FACE,
                QiniuError.ORIENTATION_NOT_UP);
        int worst = order.size();
        for (QualityCheck check : failed) {
            QiniuError error = switch (check) {
                case TOO_SMALL -> QiniuError.SMALL_FACE;
                case YAW, PITCH, ROLL -> QiniuError.POSE_FACE;
                // Qiniu has no lighting class: a badly lit face reads as an unclear one (see name).
                case BLUR, TOO_DARK, TOO_BRIGHT, UNEVEN_LIGHT -> QiniuError.BLUR_FACE;
                case NOT_UPRIGHT -> QiniuError.ORIENTATION_NOT_UP;
            };
            worst = Math.min(worst, order.indexOf(error));
        }
        return worst < order.size() ? order.get(worst) : QiniuError.BLUR_FACE;
    }

    private static String name(QualityClass c) {
        return switch (c) {
            case CLEAR -> "clear";
            case BLUR -> "blur";
            case SMALL -> "small";
            case COVER -> "cover";
            case POSE -> "pose";
            // Qiniu has no lighting class, and its policy checks no lighting; were one to fail, it
            // would read as an unclear face.
            case ILLUMINATION -> "blur";
        };
    }
}
