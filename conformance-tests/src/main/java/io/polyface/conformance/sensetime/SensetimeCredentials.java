package io.polyface.conformance.sensetime;

import static java.util.Objects.requireNonNull;

/** An {@code api_id} and {@code api_secret} pair. */
public record SensetimeCredentials(String apiId, String apiSecret) {
    public SensetimeCredentials {
        requireNonNull(apiId, "apiId is null");
        requireNonNull(apiSecret, "apiSecret is null");
    }

    @Override
    public String toString() {
        return "SensetimeCredentials[" + apiId + "]";
    }
}
