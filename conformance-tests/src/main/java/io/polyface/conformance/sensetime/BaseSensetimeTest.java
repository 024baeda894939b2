package io.polyface.conformance.sensetime;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every SenseTime conformance test class extends: the one {@link SensetimeEnvironment} of the dialect's
 * suite (endpoint, clean-up, explained failures), registered for each class that runs.
 */
abstract class BaseSensetimeTest {
    @RegisterExtension
    static final SensetimeEnvironment env = new SensetimeEnvironment();
}
