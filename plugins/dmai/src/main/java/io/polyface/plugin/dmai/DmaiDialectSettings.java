package io.polyface.plugin.dmai;

import io.polyface.toolkit.settings.Setting;
import java.time.ZoneId;

/**
 * {@code dialects.dmai}: the DM-AI dialect's settings, as {@code dialect-dmai.yaml} declares them.
 *
 * @param maxCollections the most collections a tenant may create
 * @param maxFeaturesPerTarget the most features one target_id may hold
 * @param version what the version API answers
 * @param zone the zone of the timestamps in answers
 * @param scoreCenter the raw similarity that scores 0.5
 * @param scoreSteepness how fast the score rises around the center
 */
record DmaiDialectSettings(
        @Setting(key = "max-collections", defaultValue = "30") int maxCollections,
        @Setting(key = "max-features-per-target", defaultValue = "5") int maxFeaturesPerTarget,
        @Setting(key = "version", defaultValue = "V1.0.0") String version,
        @Setting(key = "time-zone", defaultValue = "UTC") ZoneId zone,
        @Setting(key = "score.center", defaultValue = "0.512") double scoreCenter,
        @Setting(key = "score.steepness", defaultValue = "10.0") double scoreSteepness) {

    DmaiScore score() {
        return new DmaiScore(scoreCenter, scoreSteepness);
    }
}
