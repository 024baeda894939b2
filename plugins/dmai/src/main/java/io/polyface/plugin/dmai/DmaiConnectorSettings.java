package io.polyface.plugin.dmai;

import io.polyface.toolkit.settings.Setting;
import java.time.ZoneId;

/**
 * An engine with {@code connector: dmai}: its settings, as {@code connector-dmai.yaml} declares them.
 *
 * @param apiPath the path of the API below base-url
 * @param tenant the tenant the backend's collections are shown under
 * @param zone the zone of the backend's timestamps
 * @param scoreCenter the backend's raw similarity that scores 0.5
 * @param scoreSteepness how fast the backend's score rises around the center
 */
record DmaiConnectorSettings(
        @Setting(key = "api-path", defaultValue = DmaiDialect.BASE) String apiPath,
        @Setting(key = "tenant", defaultValue = DmaiDialectProvider.ID) String tenant,
        @Setting(key = "time-zone", defaultValue = "UTC") ZoneId zone,
        @Setting(key = "score.center", defaultValue = "0.512") double scoreCenter,
        @Setting(key = "score.steepness", defaultValue = "10.0") double scoreSteepness) {

    DmaiScore score() {
        return new DmaiScore(scoreCenter, scoreSteepness);
    }
}
