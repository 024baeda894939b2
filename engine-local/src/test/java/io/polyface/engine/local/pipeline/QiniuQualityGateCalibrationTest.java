package io.polyface.engine.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.polyface.spi.QualityCheck;
import io.polyface.spi.engine.DetectedFace;
import io.polyface.spi.engine.FaceFeature;
import io.polyface.spi.engine.FacePose;
import io.polyface.spi.engine.FaceQuality;
import io.polyface.spi.engine.VendorQualityPolicies;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Qiniu's {@code reject_bad_face} gate ({@link VendorQualityPolicies#QINIU}) on the labelled photos: the
 * photos of the people's folders (ordinary, sharp photos) must pass, and copies of the same photos
 * blurred with a Gaussian of sigma 2% and 3% of the face's shorter side (5 and 7.5 px on a 250 px
 * face) must be refused as blurred. The distributions of the blur measure are printed, so that the
 * threshold can be checked against them rather than against any one photo.
 */
@ExtendWith(SharedPipeline.class)
class QiniuQualityGateCalibrationTest {
    private static final Set<FaceFeature> QUALITY = EnumSet.of(FaceFeature.QUALITY);
    private static final double[] SIGMA_OF_FACE = {0.02, 0.03};

    private static OnnxFacePipeline pipeline;

    @BeforeAll
    static void open(OnnxFacePipeline shared) {
        pipeline = shared;
    }

    /** One photo's main face as the gate sees it. */
    private record Judged(String file, double size, double blur, List<QualityCheck> failed) {
    }

    private static List<DetectedFace> faces(byte[] image) {
        return pipeline.analyze(image, QUALITY);
    }

    private static Judged judge(String file, DetectedFace face) {
        FacePose pose = face.details().pose().orElseThrow();
        FaceQuality quality = face.details().quality().orElseThrow();
        return new Judged(file, quality.size(), quality.blur(), VendorQualityPolicies.QINIU.evaluate(pose, quality));
    }

    @Test
    void sharpPhotosPassAndBlurredCopiesAreRefusedAsBlurred() {
        List<Judged> sharp = new ArrayList<>();
        List<List<Judged>> blurred = new ArrayList<>();
        int[] lost = new int[SIGMA_OF_FACE.length];
        for (int i = 0; i < SIGMA_OF_FACE.length; i++) {
            blurred.add(new ArrayList<>());
        }
        for (TestFaces.Entry entry : TestFaces.manifest("identity")) {
            byte[] image = TestFaces.read(entry.file());
            List<DetectedFace> found = faces(image);
            assertThat(found).as(entry.file() + " has a face").isNotEmpty();
            Judged original = judge(entry.file(), found.getFirst());
            sharp.add(original);
            for (int i = 0; i < SIGMA_OF_FACE.length; i++) {
                List<DetectedFace> soft = faces(EditedImages.blurred(image, SIGMA_OF_FACE[i] * original.size()));
                if (soft.isEmpty()) {
                    lost[i]++; // blurred past what the detector finds: nothing left to gate
                } else {
                    blurred.get(i).add(judge(entry.file(), soft.getFirst()));
                }
            }
        }
        double limit = VendorQualityPolicies.QINIU.maxBlur().orElseThrow();
        List<Judged> refused = sharp.stream().filter(j -> !j.failed().isEmpty()).toList();
        System.err.printf(Locale.ROOT, "[qiniu gate] threshold blur <= %.2f; sharp photos: %s; refused %d of %d (%.1f%%): %s%n",
                limit, distribution(sharp), refused.size(), sharp.size(), 100.0 * refused.size() / sharp.size(),
                refused.stream().map(j -> String.format(Locale.ROOT, "%s (%.0f px, blur %.3f, %s)", j.file(), j.size(), j.blur(), j.failed()))
                        .toList());
        assertThat(sharp).hasSizeGreaterThan(80);
        long sharpAsBlurred = refused.stream().filter(j -> j.failed().contains(QualityCheck.BLUR)).count();
        assertThat((double) sharpAsBlurred / sharp.size()).as("sharp photos refused as blurred").isLessThanOrEqualTo(0.02);
        // Faces of 50 px or less are "small" to Qiniu's detector, and its add leaves them out anyway.
        List<Judged> addable = sharp.stream().filter(j -> j.size() > VendorQualityPolicies.QINIU.minFaceSize().orElseThrow()).toList();
        long refusedAddable = addable.stream().filter(j -> !j.failed().isEmpty()).count();
        assertThat((double) refusedAddable / addable.size()).as("sharp photos with a face over 50 px refused").isLessThanOrEqualTo(0.02);

        for (int i = 0; i < SIGMA_OF_FACE.length; i++) {
            List<Judged> copies = blurred.get(i);
            long asBlurred = copies.stream().filter(j -> j.failed().contains(QualityCheck.BLUR)).count();
            System.err.printf(Locale.ROOT, "[qiniu gate] blurred copies, sigma %.0f%% of the face: %s; refused as blurred %d of %d (%.1f%%);"
                            + " %d copies without a face left%n", 100 * SIGMA_OF_FACE[i], distribution(copies), asBlurred, copies.size(),
                    100.0 * asBlurred / copies.size(), lost[i]);
            assertThat(copies).hasSizeGreaterThan(60);
            assertThat((double) asBlurred / copies.size()).as("blurred copies refused, sigma " + SIGMA_OF_FACE[i]).isGreaterThanOrEqualTo(0.9);
        }
    }

    private static String distribution(List<Judged> judged) {
        double[] blur = judged.stream().mapToDouble(Judged::blur).sorted().toArray();
        return String.format(Locale.ROOT, "blur min %.3f, 5%% %.3f, median %.3f, 95%% %.3f, max %.3f (n %d)", blur[0],
                quantile(blur, 0.05), quantile(blur, 0.5), quantile(blur, 0.95), blur[blur.length - 1], blur.length);
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }
}
