package io.polyface.plugin.sensetime;

import io.polyface.toolkit.settings.Setting;
import java.util.Optional;

/**
 * {@code dialects.sensetime}: the SenseTime dialect's settings, as {@code dialect-sensetime.yaml}
 * declares them; the accounts and the default quota are {@link SensetimeAccounts}' and {@link
 * SensetimeQuota}'s.
 *
 * @param defaultRateLimit the limit of accounts that name none
 * @param anonymousRateLimit the limit shared by calls without a valid api_id/api_secret
 * @param detectionMaxFaces the most faces one detection enrols and answers
 * @param asyncMinFaces the size of work that becomes a task
 * @param asyncThreads threads running tasks
 * @param asyncQueue tasks waiting at most
 * @param score the map of raw cosine onto confidence; the calibrated one when absent
 */
record SensetimeDialectSettings(
        @Setting(key = "default-rate-limit", defaultValue = "100q/10s", form = RATE_LIMIT)
        SensetimeRateLimit defaultRateLimit,
        @Setting(key = "anonymous-rate-limit", defaultValue = "100q/10s", form = RATE_LIMIT)
        SensetimeRateLimit anonymousRateLimit,
        @Setting(key = "detection.max-faces", defaultValue = "100") int detectionMaxFaces,
        @Setting(key = "async.min-faces", defaultValue = "1000") int asyncMinFaces,
        @Setting(key = "async.threads", defaultValue = "2") int asyncThreads,
        @Setting(key = "async.queue", defaultValue = "256") int asyncQueue,
        @Setting(key = "score.anchors", form = ANCHORS) Optional<SensetimeScore> score) {
    static final String RATE_LIMIT = "calls per window such as 50q/10s (units s, m, h, d)";
    static final String ANCHORS = "alternating raw and confidence values, comma-separated";
}
