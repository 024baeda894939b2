package io.polyface.conformance.dmai;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every DM-AI conformance test class extends: the one {@link DmaiEnvironment} of the dialect's
 * suite (endpoint, clean-up, explained failures), registered for each class that runs.
 */
abstract class BaseDmaiTest {
    @RegisterExtension
    static final DmaiEnvironment env = new DmaiEnvironment();
}
