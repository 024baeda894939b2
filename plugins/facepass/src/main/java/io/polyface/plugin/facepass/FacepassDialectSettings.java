package io.polyface.plugin.facepass;

import io.polyface.toolkit.settings.Setting;
import java.util.Optional;

/**
 * {@code dialects.facepass}: the FacePass dialect's settings, as {@code dialect-facepass.yaml} declares them.
 *
 * @param version what /api/version/v1 answers
 * @param keptChanges how many versions of change history each group keeps
 * @param clientAddressHeader the header naming a device's address behind a proxy; empty: the request's own
 */
record FacepassDialectSettings(
        @Setting(key = "version", defaultValue = "v1.0.0") String version,
        @Setting(key = "sync.kept-changes", defaultValue = "10000") int keptChanges,
        @Setting(key = "sync.client-address-header", defaultValue = "") Optional<String> clientAddressHeader) {
}
