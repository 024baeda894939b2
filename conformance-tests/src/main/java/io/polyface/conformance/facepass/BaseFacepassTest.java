package io.polyface.conformance.facepass;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every FacePass conformance test class extends: the one {@link FacepassEnvironment} of the dialect's
 * suite (endpoint, clean-up, explained failures), registered for each class that runs.
 */
abstract class BaseFacepassTest {
    @RegisterExtension
    static final FacepassEnvironment env = new FacepassEnvironment();
}
