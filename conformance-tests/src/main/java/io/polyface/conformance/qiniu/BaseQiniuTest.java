package io.polyface.conformance.qiniu;

import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every Qiniu conformance test class extends: the one {@link QiniuEnvironment} of the dialect's
 * suite (endpoint, clean-up, explained failures), registered for each class that runs.
 */
abstract class BaseQiniuTest {
    @RegisterExtension
    static final QiniuEnvironment env = new QiniuEnvironment();
}
