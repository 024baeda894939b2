package io.polyface.spi.engine;

import java.util.OptionalDouble;

/**
 * The quality gates the FacePass and Qiniu dialects ask of an engine, as their plugins define them
 * ({@code FacepassQualityGate.POLICY}, {@code QiniuQuality.REJECT_BAD_FACE}), so that policies and
 * engines' quality measures are tested against the thresholds the dialects use. Engines' tests
 * read them from this module's test-jar.
 */
public final class VendorQualityPolicies {
    public static final QualityPolicy FACEPASS = new QualityPolicy(
            OptionalDouble.of(20), OptionalDouble.of(20), OptionalDouble.of(20), OptionalDouble.of(0.2),
            OptionalDouble.of(75), OptionalDouble.of(210), OptionalDouble.of(80), OptionalDouble.of(100), false);
    public static final QualityPolicy QINIU = new QualityPolicy(
            OptionalDouble.of(45), OptionalDouble.of(45), OptionalDouble.empty(), OptionalDouble.of(0.5),
            OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(50), true);

    private VendorQualityPolicies() {
    }
}
