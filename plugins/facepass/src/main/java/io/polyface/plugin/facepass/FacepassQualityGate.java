package io.polyface.plugin.facepass;

import io.polyface.spi.engine.QualityPolicy;
import java.util.OptionalDouble;

/** FacePass's enrolment gate, which the dialect asks of any engine and the connector leaves to the server. */
final class FacepassQualityGate {
    /**
     * The gate as FacePass's server document states it: |yaw|, |pitch|, |roll| &lt;= 20 degrees,
     * blur &lt;= 0.2, brightness 75..210, brightness deviation &lt;= 80, face &gt;= 100 px.
     */
    static final QualityPolicy POLICY = new QualityPolicy(
            OptionalDouble.of(20), OptionalDouble.of(20), OptionalDouble.of(20), OptionalDouble.of(0.2),
            OptionalDouble.of(75), OptionalDouble.of(210), OptionalDouble.of(80), OptionalDouble.of(100), false);

    private FacepassQualityGate() {
    }
}
