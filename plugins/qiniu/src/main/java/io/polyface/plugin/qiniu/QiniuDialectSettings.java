package io.polyface.plugin.qiniu;

import io.polyface.toolkit.settings.Setting;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * {@code dialects.qiniu}: the Qiniu dialect's settings, as {@code dialect-qiniu.yaml} declares them;
 * the keys and the rules of signing are {@link QiniuAuth}'s.
 *
 * @param maxImageBytes the largest image a data URI may carry
 * @param fetchTimeout how long downloading an image named by URL may take
 * @param zone the zone of the feature-upgrade timestamps
 */
record QiniuDialectSettings(
        @Setting(key = "max-image-bytes", defaultValue = "16777216") long maxImageBytes,
        @Setting(key = "fetch-timeout", defaultValue = "10", plainNumbers = ChronoUnit.SECONDS) Duration fetchTimeout,
        @Setting(key = "time-zone", defaultValue = "UTC") ZoneId zone) {
}
