package io.polyface.conformance;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * Runs the SenseTime suite (which lives in src/main so the CLI can run it) under Surefire, against
 * an in-process gateway with its own accounts unless {@code polyface.conformance.base-url} is set.
 */
@Suite
@SelectPackages("io.polyface.conformance.sensetime")
@ConfigurationParameter(key = "junit.jupiter.execution.parallel.enabled", value = "false")
class SensetimeConformanceSuiteTest {
}
